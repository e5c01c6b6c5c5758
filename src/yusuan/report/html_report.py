"""The HTML report: one self-contained page per document (inline CSS, no script, no external
resource) and an index page. Templates live in ``yusuan/data/templates``.

Document text is escaped by Jinja's autoescape and shown with its control and bidi characters
visible (:func:`yusuan.report.sanitize.visible`, the environment's ``finalize``). The report folder
holds only the current report: pages are written by :mod:`yusuan.report.safe_write` (never through a
link), the pages of an earlier report there (those its index links to) are removed, and a folder
holding anything but a yusuan report is refused (:func:`write`)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

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
    finding_table,
    kind_counts,
    nothing_checked,
    place,
    skipped_rows,
    values_text,
)
from yusuan.report.excerpt import excerpts, other_locations, sentences
from yusuan.report.safe_write import OutputError, check_target, child, write_text
from yusuan.report.sanitize import visible
from yusuan.review.engine import DocumentReview
from yusuan.review.finding import KIND_ZH, SEVERITIES, SEVERITY_CSS, SEVERITY_ZH, Finding
from yusuan.review.results import Reviewed

INDEX = "index.html"
#: The index page of a yusuan report names its maker; its links name the report's pages.
_GENERATOR = re.compile(r'<meta name="generator" content="yusuan[ "]')
_PAGE_LINK = re.compile(r'<a href="([^"/\\]+\.html)"')


def _finalize(value: object) -> object:
    """Every ``{{ }}`` value with its control and bidi characters visible (escaped HTML stays escaped)."""
    if isinstance(value, Markup):
        return Markup(visible(str(value)))  # only control characters change: still safe HTML
    return visible(value) if isinstance(value, str) else value


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("yusuan", "data/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True, enabled_extensions=("html", "j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
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
        "amounts": values_text(f.values, finding_table(f)),
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


def _href(name: str) -> str:
    """A page's file name as a link: the characters a URL reads otherwise escaped (%, #, space)."""
    return name.replace("%", "%25").replace("#", "%23").replace(" ", "%20")


def earlier_pages(folder: Path) -> set[str]:
    """The pages of the yusuan report already in ``folder``: its ``index.html`` (made by yusuan)
    and the pages that index links to. None for a new or empty folder; an :class:`OutputError` for
    a folder holding files that are not a yusuan report (nothing of the user's is ever removed)."""
    if not folder.is_dir():
        return set()
    entries = {p.name for p in folder.iterdir()}
    if not entries:
        return set()
    index = folder / INDEX
    text = index.read_text(encoding="utf-8", errors="replace") if index.is_file() and not index.is_symlink() else ""
    if not _GENERATOR.search(text):
        raise OutputError(
            f"文件夹 {folder} 中已有其他文件，不是 yusuan 的审核报告文件夹；请指定新的或空的文件夹",
            code="output.not_report_folder",
        )
    linked = {unquote(html.unescape(href)) for href in _PAGE_LINK.findall(text)}
    return {INDEX} | {name for name in linked if name in entries}


def write(items: Sequence[Reviewed], folder: Path) -> Written:
    """Write one page per document and ``index.html`` into ``folder`` (created when missing), and
    remove the pages an earlier report left there. A folder that is a symbolic link, or that holds
    files other than a yusuan report, is refused (:class:`OutputError`)."""
    check_target(folder, folder=True)
    earlier = earlier_pages(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = page_names(items)
    pages = []
    for item, name in zip(items, names, strict=True):
        page = render_document(item, index_href=INDEX)
        pages.append(write_text(child(folder, name), page, replace_link=True))
    index = write_text(child(folder, INDEX), render_index(items, [_href(name) for name in names]), replace_link=True)
    for name in sorted(earlier - {*names, INDEX}):
        stale = folder / name
        if stale.is_symlink() or stale.is_file():
            stale.unlink()  # a link itself, never what it points at
    return Written(index, pages)
