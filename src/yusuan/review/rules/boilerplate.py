"""Rules: boilerplate (to be written)."""
