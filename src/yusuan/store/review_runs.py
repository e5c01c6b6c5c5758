"""A review run of a stored disclosure and its findings (table ``review_runs``, ``findings``): written by ``ingest``
and again when a 决算's budget arrives after it (:func:`yusuan.store.budget_of.rereview_finals`). The newest run of
a disclosure is the one shown."""

from __future__ import annotations

import json

from sqlalchemy import insert
from sqlalchemy.orm import Session

from yusuan import __version__
from yusuan.review.engine import DocumentReview
from yusuan.review.registry import RULES
from yusuan.store.schema import FindingRecord, ReviewRun, fitted


def store_review(session: Session, disclosure_id: int, result: DocumentReview) -> None:
    """A review run of a stored disclosure and its findings (the newest run is the one shown)."""
    run = ReviewRun(
        disclosure_id=disclosure_id,
        yusuan_version=__version__,
        rules=len(RULES),
        errors=result.count("error"),
        warnings=result.count("warning"),
        infos=result.count("info"),
    )
    session.add(run)
    session.flush()
    findings = [
        {
            "review_run_id": run.id,
            "disclosure_id": disclosure_id,
            "rule": f.rule,
            "kind": f.kind,
            "severity": f.severity,
            "title": f.title,
            "message": f.message,
            "values_json": json.dumps({k: format(v, "f") for k, v in f.values.items()}, ensure_ascii=False),
            "locations_json": json.dumps(
                [e.model_dump(mode="json", exclude_none=True) for e in f.locations], ensure_ascii=False
            ),
        }
        for f in result.findings
    ]
    if findings:
        session.execute(insert(FindingRecord), [fitted(FindingRecord, f) for f in findings])
