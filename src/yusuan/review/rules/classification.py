"""Rules: classification (to be written)."""
