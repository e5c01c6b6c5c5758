"""Rules: procurement (to be written)."""
