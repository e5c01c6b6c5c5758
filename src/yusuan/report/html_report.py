"""The HTML report: one self-contained page per document (inline CSS, no script, no external
resource) and an index page. Templates live in ``yusuan/data/templates``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from yusuan import __version__
from yusuan.domain.figures import name as figure_name
from yusuan.domain.kinds import CONTENT_NAMES, CONTENT_NOTES
from yusuan.domain.levels import level_name
from yusuan.model import Disclosure
from yusuan.report.common import (
    UNCHECKED,
    UNCHECKED_TEXT,
    by_severity,
    coverage_line,
    describe,
    kind_counts,
    nothing_checked,
    place,
    skipped_rows,
    values_text,
)
from yusuan.report.excerpt import excerpts, other_locations, sentences
from yusuan.review.engine import DocumentReview
from yusuan.review.finding import KIND_ZH, SEVERITIES, SEVERITY_CSS, SEVERITY_ZH, Finding
from yusuan.review.results import Reviewed

INDEX = "index.html"


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("yusuan", "data/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True, enabled_extensions=("html", "j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["severity_css"] = SEVERITY_CSS  # the severity colours of review.finding
    return env


def _counts(r: DocumentReview) -> list[dict[str, object]]:
    return [{"severity": s, "label": SEVERITY_ZH[s], "n": r.count(s)} for s in SEVERITIES]


def _contents(d: Disclosure) -> str:
    parts = [f"标准表格 {len(d.tables)} 张"]
    parts.append(f"情况说明 {len(d.narrative.sections)} 部分")
    parts.append(f"绩效项目 {len(d.performance)} 个")
    if d.procurement.present:
        parts.append(figure_name("procurement"))
    if d.assets.present:
        parts.append("固定资产占用情况")
    return "、".join(parts)


def _finding(no: int, f: Finding, d: Disclosure) -> dict[str, object]:
    return {
        "no": no,
        "severity": f.severity,
        "severity_label": SEVERITY_ZH[f.severity],
        "kind_label": KIND_ZH[f.kind],
        "rule": f.rule,
        "title": f.title,
        "message": f.message,
        "amounts": values_text(f.values),
        "locations": [describe(ev, d) for ev in other_locations(d, f)],
        "sentences": [{"text": ev.sentence, "where": place(ev)} for ev in sentences(f)],
        "excerpts": excerpts(d, f),
    }


def _document(item: Reviewed) -> dict[str, object]:
    r, d = item.review, item.disclosure
    dept = r.department
    groups = []
    no = 0
    for severity, label, findings in by_severity(r.findings):
        views = []
        for f in findings:
            no += 1
            views.append(_finding(no, f, d))
        groups.append({"severity": severity, "label": label, "findings": views})
    name = dept.name or "（未识别部门）"
    return {
        "name": name,
        "heading": f"{name} {r.year or ''}",
        "code": dept.code or "（未识别）",
        "level": level_name(dept.level) if dept.level else "（未识别）",
        "year": str(r.year) if r.year else "（未识别）",
        "year_text": f"{r.year} 年度" if r.year else "年度未识别",
        "unit": d.unit or "万元",
        "source": r.source,
        "contents": _contents(d),
        "counts": _counts(r),
        "kinds": [{"label": zh, "n": n} for _, zh, n in kind_counts(r.findings)],
        "groups": groups,
        "kind": d.kind,
        "content": CONTENT_NAMES[d.content],
        "content_note": CONTENT_NOTES.get(d.content, ""),
        "unchecked": nothing_checked(item),
        "unchecked_label": UNCHECKED,
        "unchecked_text": UNCHECKED_TEXT.partition("：")[2],
        "coverage": coverage_line(item) if r.coverage else "",
        "skipped": [{"rule": rule, "title": title, "reason": reason} for rule, title, reason in skipped_rows(item)],
    }


def render_document(item: Reviewed, index_href: str | None = None) -> str:
    """One document's report page."""
    template = _env().get_template("report.html.j2")
    return template.render(doc=_document(item), index_href=index_href, version=__version__)


def render_index(items: Sequence[Reviewed], hrefs: Sequence[str]) -> str:
    docs = []
    for item, href in zip(items, hrefs, strict=True):
        r = item.review
        docs.append(
            {
                "href": href,
                "name": r.department.name or "（未识别部门）",
                "code": r.department.code or "",
                "level": level_name(r.department.level),
                "year": r.year or "",
                "source": r.source,
                "counts": _counts(r),
                "unchecked": UNCHECKED if nothing_checked(item) else "",
            }
        )
    totals = [{"severity": s, "label": SEVERITY_ZH[s], "n": sum(i.review.count(s) for i in items)} for s in SEVERITIES]
    return _env().get_template("index.html.j2").render(docs=docs, totals=totals, version=__version__)


@dataclass(frozen=True)
class Written:
    index: Path
    pages: list[Path]


def page_names(items: Sequence[Reviewed]) -> list[str]:
    """A distinct, file-system-safe page name per document, from its source file name."""
    names: list[str] = []
    for item in items:
        stem = Path(item.review.source).stem or "document"
        stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", stem).strip(". ") or "document"
        if stem.lower() == "index":
            stem = "index-document"
        name, n = f"{stem}.html", 2
        while name in names:
            name, n = f"{stem}-{n}.html", n + 1
        names.append(name)
    return names


def write(items: Sequence[Reviewed], folder: Path) -> Written:
    """Write one page per document and ``index.html`` into ``folder`` (created when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = page_names(items)
    pages = []
    for item, name in zip(items, names, strict=True):
        target = folder / name
        target.write_text(render_document(item, index_href=INDEX), encoding="utf-8")
        pages.append(target)
    index = folder / INDEX
    index.write_text(render_index(items, names), encoding="utf-8")
    return Written(index, pages)
