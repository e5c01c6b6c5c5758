"""The JSON report: ``{"documents": [{source, department, year, findings, summary, skipped, coverage}]}``.

Amounts are decimal strings exactly as the model holds them, never floats. Text is exact; control
and bidi characters are written as ``\\uXXXX`` escapes (:func:`yusuan.report.sanitize.json_safe`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from yusuan.report.sanitize import json_safe
from yusuan.review.engine import ReviewReport
from yusuan.review.results import Reviewed


def render(items: Sequence[Reviewed]) -> str:
    report = ReviewReport(documents=[r.review for r in items])
    return json_safe(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)) + "\n"
