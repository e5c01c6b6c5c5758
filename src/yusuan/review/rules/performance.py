"""Rules: performance (to be written)."""
