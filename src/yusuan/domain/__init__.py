"""Stage 0 — the domain vocabulary, written once: the tables (ids, titles, column keys, Chinese names,
row equations), the headings of every province's template, the key figures, government levels,
units, the classification reference and the templates departments publish in.

Readers, rules, the store, reports, publishing and synth all take their names from here; nothing in
this package imports a later stage.
"""
