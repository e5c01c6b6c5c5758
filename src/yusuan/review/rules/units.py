"""Rules: units (to be written)."""
