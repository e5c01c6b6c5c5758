"""Stage 6 — the batch driver: expand paths, group the files of one package, read each package once,
review it, and hand the result to a sink (JSON files, a report, the store). One bad file never stops
a batch.
"""
