"""Stage 1 — reading: file bytes → located lines and cells (``formats``) → the tables by meaning
(``tables``, with the column inference in ``infer``) and the narrative sections (``sections``) →
one :class:`yusuan.model.Disclosure` with its reading report (``api``, ``report``).
"""
