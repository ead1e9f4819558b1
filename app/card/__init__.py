"""Smart cards: APDU transport (PC/SC), PIV session, software PIV card, card monitor. No Qt."""
