"""A stored disclosure as the document pages show it: read back from the store's model JSON and
reviewed again (the same review ``yusuan review`` prints), findings numbered in the order the page
lists them (by severity, then kind), the reading report, and every table of the model as a grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from yusuan.domain.kinds import CONTENT_NAMES, CONTENT_NOTES
from yusuan.domain.levels import level_name
from yusuan.errors import YusuanError, short_reason
from yusuan.model import Disclosure
from yusuan.model.jsonio import from_json
from yusuan.report.common import (
    UNCHECKED_TEXT,
    column_name,
    coverage_line,
    describe,
    finding_table,
    kind_counts,
    nothing_checked,
    place,
    skipped_rows,
    table_name,
    values_text,
)
from yusuan.report.excerpt import excerpts, other_locations, sentences, sides, table_layout
from yusuan.review.context import fmt
from yusuan.review.engine import review
from yusuan.review.finding import KIND_ZH, KINDS, SEVERITIES, SEVERITY_ZH, Finding
from yusuan.review.results import Reviewed
from yusuan.store.budget_of import stored_budget
from yusuan.store.decisions import Decision, document_findings, fingerprints
from yusuan.store.listing import FIGURE_NAMES, Detail, detail
from yusuan.web.state import WebState


class StoredModelError(YusuanError):
    """A stored model cannot be read back; the message is Chinese."""

    default_code = "web.stored_model"


@dataclass(frozen=True)
class Numbered:
    """A finding with its number on the document's pages (1-based, in the order they are listed)."""

    no: int
    finding: Finding
    #: Its fingerprint (:func:`yusuan.store.decisions.fingerprints`): what decisions are recorded on.
    fingerprint: str = ""


def load(state: WebState, disclosure_id: int) -> tuple[Detail, Reviewed] | None:
    """The stored record and its disclosure reviewed, or ``None`` when there is no such id."""
    record = detail(state.engine, disclosure_id)
    if record is None:
        return None

    def make() -> Reviewed:
        try:
            d: Disclosure = from_json(record.model_json)
        except ValueError as exc:  # a model the store kept that this version cannot read back
            raise StoredModelError(f"第 {disclosure_id} 号公开文件的结构化数据无法读取（{short_reason(exc)}）") from exc
        return Reviewed(d, review(d, budget=stored_budget(state.engine, d)))  # a 决算 beside its budget

    item = state.reviews.get((disclosure_id, record.reviewed_at), make)
    assert item is not None
    return record, item


def numbered(item: Reviewed) -> list[Numbered]:
    """The findings in the order the document page lists them — by severity, then kind, then as the
    review found them — numbered from 1 (previous/next follow the same order)."""
    severity = {s: i for i, s in enumerate(SEVERITIES)}
    kind = {k: i for i, k in enumerate(KINDS)}
    ranked = sorted(enumerate(item.review.findings), key=lambda p: (severity[p[1].severity], kind[p[1].kind], p[0]))
    prints = fingerprints((f.rule, f.locations, f.message) for f in item.review.findings)
    return [Numbered(n, f, prints[i]) for n, (i, f) in enumerate(ranked, start=1)]


def counts(item: Reviewed) -> list[dict[str, object]]:
    return [{"severity": s, "label": SEVERITY_ZH[s], "n": item.review.count(s)} for s in SEVERITIES]


def _reading(item: Reviewed) -> dict[str, object]:
    """What was read and what could not be checked."""
    d = item.disclosure
    reading = d.reading
    tables = []
    if reading is not None:
        for t in reading.tables:
            tables.append(
                {
                    "title": t.title,
                    "pages": "、".join(str(p) for p in t.pages),
                    "rows": t.rows,
                    "cells": t.cells,
                    "checks": f"{t.passed}/{t.checks}" if t.checks else "—",
                    "read": t.read,
                    "unknown": "、".join(t.unknown_columns),
                }
            )
    else:
        for table_id, table in d.tables.items():
            rows = sum(len(r) for _side, r in sides(table))
            cells = sum(len(row.values) for _side, r in sides(table) for row in r)
            tables.append(
                {"title": table_name(table_id, d), "pages": "", "rows": rows, "cells": cells, "checks": "—",
                 "read": True, "unknown": ""}
            )  # fmt: skip
    return {
        "format": reading.format if reading is not None else "文本",
        "pages": reading.pages if reading is not None else None,
        "confidence": f"{reading.confidence:.0%}" if reading is not None and reading.tables else "",
        "notes": list(reading.notes) if reading is not None else [],
        "tables": tables,
        "narrative": len(d.narrative.sections),
        "claims": len(d.narrative.claims),
        "performance": len(d.performance),
        "problems": [{"message": p.message, "where": _where(p.location.page, p.location.line)} for p in d.problems],
        "coverage": coverage_line(item) if item.review.coverage else "",
        "skipped": [{"rule": r, "title": t, "reason": why} for r, t, why in skipped_rows(item)],
        "unchecked": nothing_checked(item),
        "unchecked_text": UNCHECKED_TEXT,
        "content": CONTENT_NAMES[d.content],
        "content_note": CONTENT_NOTES.get(d.content, ""),
    }


def _where(page: int | None, line: int | None) -> str:
    return "".join(
        part for part in (f"第 {page} 页" if page is not None else "", f"第 {line} 行" if line is not None else "")
    )


def decision_view(d: Decision | None) -> dict[str, object] | None:
    if d is None:
        return None
    return {
        "verdict": d.verdict,
        "label": d.label,
        "reason": d.reason,
        "user": d.user,
        "at": d.at.strftime("%Y-%m-%d %H:%M"),
        "carried": d.carried,
        "notes": [{"text": n.text, "user": n.user, "at": n.at.strftime("%Y-%m-%d %H:%M")} for n in d.notes],
    }


def finding_summary(n: Numbered, decision: Decision | None = None) -> dict[str, object]:
    f = n.finding
    return {
        "decision": decision_view(decision),
        "no": n.no,
        "severity": f.severity,
        "severity_label": SEVERITY_ZH[f.severity],
        "kind": f.kind,
        "kind_label": KIND_ZH[f.kind],
        "rule": f.rule,
        "title": f.title,
        "message": f.message,
        "pages": sorted({ev.page for ev in f.locations if ev.page is not None}),
    }


def _groups(found: list[Numbered], decisions: dict[str, Decision]) -> list[dict[str, object]]:
    """Findings by severity (most severe first), and within a severity by kind."""
    groups = []
    for s in SEVERITIES:
        mine = [n for n in found if n.finding.severity == s]
        if not mine:
            continue
        kinds = []
        for k in KINDS:
            of_kind = [finding_summary(n, decisions.get(n.fingerprint)) for n in mine if n.finding.kind == k]
            if of_kind:
                kinds.append({"kind": k, "label": KIND_ZH[k], "findings": of_kind})
        groups.append({"severity": s, "label": SEVERITY_ZH[s], "n": len(mine), "kinds": kinds})
    return groups


def table_grids(d: Disclosure) -> list[dict[str, Any]]:
    """Every table of the model, each side a grid: heads, then rows of (text, numeric) cells."""
    out: list[dict[str, Any]] = []
    for table_id, t in d.tables.items():
        for side, rows in sides(t):
            label_heads, keys, with_code = table_layout(table_id, rows, side)
            heads = label_heads + [column_name(table_id, k, side) for k in keys]
            grid = [
                ([(r.code or "", False)] if with_code else [])
                + [(r.name, False)]
                + [(fmt(r.values[k]) if k in r.values else "", True) for k in keys]
                for r in rows
            ]
            caption = t.title + {"income": "（收入方）", "expenditure": "（支出方）"}.get(side, "")
            out.append({"id": f"{table_id}-{side}", "caption": caption, "unit": t.unit or d.unit or "", "heads": heads,
                        "rows": grid})  # fmt: skip
    return out


def document_view(record: Detail, item: Reviewed, decisions: dict[str, Decision]) -> dict[str, Any]:
    d, r = item.disclosure, item.review
    e = record.entry
    found = numbered(item)
    return {
        "id": e.id,
        "name": r.department.name or e.department or "（未识别部门）",
        "department_id": e.department_id,
        "code": r.department.code or "（未识别）",
        "level": level_name(r.department.level) if r.department.level else "（未识别）",
        "year": e.year,
        "kind": e.kind,
        "version": e.version,
        "current": e.current,
        "source": e.source_name,
        "source_format": record.source_format,
        "sha256": e.sha256,
        "unit": d.unit or "万元",
        "counts": counts(item),
        "kinds": [{"label": zh, "n": n} for _k, zh, n in kind_counts(r.findings)],
        "groups": _groups(found, decisions),
        "reading": _reading(item),
        "tables": table_grids(d),
        "figures": [
            {"name": FIGURE_NAMES[k], "value": fmt(v) if not isinstance(v, int) else str(v)}
            for k, v in record.figures.items()
            if v is not None
        ],
    }


def finding_view(item: Reviewed, n: Numbered, decision: Decision | None = None) -> dict[str, Any]:
    d, f = item.disclosure, n.finding
    view = finding_summary(n, decision)
    view.update(
        {
            "amounts": values_text(f.values, finding_table(f)),
            "locations": [describe(ev, d) for ev in other_locations(d, f)],
            "all_locations": [describe(ev, d) for ev in f.locations],
            "sentences": [{"text": ev.sentence, "where": place(ev)} for ev in sentences(f)],
            "excerpts": excerpts(d, f),
        }
    )
    return view


#: Said where the review by the current rules differs from the one stored at ingest.
REVIEW_CHANGED = (
    "本页按当前审核规则重新审核，结果与入库时保存的审核结果（yusuan {version}）不同；"
    "审核决定和整改清单依据入库时保存的结果。"
)


def stored_fingerprints(engine: Engine, disclosure_id: int) -> set[str]:
    """The fingerprints of the findings stored at ingest (the newest review run): decisions are
    recorded on these."""
    return {f.fingerprint for f in document_findings(engine, disclosure_id)}


def review_changed(record: Detail, found: list[Numbered], stored: set[str]) -> str:
    """A notice when the findings shown are not the ones stored, else ``""``."""
    if {n.fingerprint for n in found} == stored:
        return ""
    return REVIEW_CHANGED.format(version=record.review_version or "未知版本")
