"""Stage 5 — synthetic disclosures: a consistent sample, generated departments and years, defects
injected with the rule that should report them, and whole corpora written in every format.
"""
