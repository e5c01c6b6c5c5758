"""The review: a catalogue of rules over the budget model, and findings with evidence."""
