"""Rules: arithmetic (to be written)."""
