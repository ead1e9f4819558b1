"""Plain data handed from the services to the screens, and table definitions for bulk work."""
