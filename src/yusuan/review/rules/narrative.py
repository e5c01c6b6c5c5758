"""Rules: narrative (to be written)."""
