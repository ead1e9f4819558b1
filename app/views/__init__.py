"""Qt screens. Everything that waits (database, card, printer) runs through `worker.Worker`."""
