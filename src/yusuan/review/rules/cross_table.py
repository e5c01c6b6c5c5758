"""Rules: cross_table (to be written)."""
