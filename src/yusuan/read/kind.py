"""What kind of document a file is, decided before it is reviewed.

The kind (部门预算 / 单位预算 / 部门决算 / 单位决算) comes from the title on the first page, else the
file's name, else the kind named most often in the text, else the table titles (决算 tables; tables
titled for a 预算单位), else
:data:`~yusuan.domain.kinds.DEFAULT_KIND`. The content (the whole package, the narrative only, the
tables only) comes from what was read: budget tables found (read or only recognised), and budget
narrative (a figure read from a sentence, or enough budget words). A file with neither is not a
budget disclosure: :func:`decide` raises ``read.not_budget`` naming the file and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from yusuan.domain.kinds import (
    BUDGET_WORD,
    DEFAULT_KIND,
    FINAL_WORD,
    KIND_RE,
    KINDS,
    NARRATIVE_MIN_TERMS,
    NARRATIVE_TERMS,
    NOT_A_KIND_RE,
    NOT_BUDGET_REASON,
    UNIT_TITLE_RE,
    Content,
    Kind,
)
from yusuan.model import AnyTable, Narrative, ReadingReport
from yusuan.read.errors import ReadError
from yusuan.read.source import Para, SourceText

__all__ = ["decide", "document_kind", "narrative_terms"]

#: Lines read for the title: the first lines of the first page.
_TITLE_LINES = 8
_SPACE_RE = re.compile(r"\s+")
#: A paragraph of prose, not a table title or a unit line: it has a comma or a full stop.
_SENTENCE_RE = re.compile("[，。；]")


def _kind(match: re.Match[str]) -> Kind:
    text = match.group(0)
    for kind in KINDS:
        if kind == text:
            return kind
    raise AssertionError(f"KIND_RE matched {text!r}, not a kind")


def _first(text: str) -> Kind | None:
    match = KIND_RE.search(_SPACE_RE.sub("", text))
    return None if match is None else _kind(match)


def document_kind(src: SourceText, source: str, titles: Iterable[str] = ()) -> Kind:
    """The kind of disclosure: title, file name, the text's most frequent kind, table titles, default."""
    first_page = [ln.text for ln in src.lines if ln.page in (None, 1)][:_TITLE_LINES]
    for found in (_first("".join(first_page)), _first(source)):
        if found is not None:
            return found
    counts = Counter(
        _kind(m) for ln in src.lines for m in KIND_RE.finditer(NOT_A_KIND_RE.sub("", _SPACE_RE.sub("", ln.text)))
    )
    if counts:
        return counts.most_common(1)[0][0]
    titles = list(titles)
    finals = sum(FINAL_WORD in t for t in titles)
    final = bool(finals and finals >= sum(BUDGET_WORD in t for t in titles))
    # tables titled for a unit (2026年预算单位支出预算总表, 单位预算收支总表): a unit's budget or accounts
    unit = sum(bool(UNIT_TITLE_RE.search(_SPACE_RE.sub("", t))) for t in titles) > len(titles) / 2
    if unit:
        return "单位决算" if final else "单位预算"
    return "部门决算" if final else DEFAULT_KIND


def narrative_terms(src: SourceText) -> set[str]:
    """The budget-narrative words (:data:`NARRATIVE_TERMS`) the text's prose names (table titles and
    cells left out: a 报表 names them too)."""
    text = _SPACE_RE.sub(
        "", "".join(b.text for b in src.blocks() if isinstance(b, Para) and _SENTENCE_RE.search(b.text))
    )
    return {t for t in NARRATIVE_TERMS if t in text}


def decide(
    src: SourceText,
    source: str,
    tables: Mapping[str, AnyTable],
    reading: ReadingReport | None,
    narrative: Narrative,
    *,
    other_tables: bool = False,
    name: str | None = None,
) -> tuple[Kind, Content]:
    """The kind and content of a document read; ``read.not_budget`` when it holds no budget table and
    no budget narrative. ``other_tables``: a table besides the standard ones was read (绩效目标表,
    政府采购, 资产); ``name`` the file as the message names it (default ``source``)."""
    recognised = [t.title for t in reading.tables] if reading is not None else []
    has_tables = bool(tables) or bool(recognised) or other_tables
    terms = narrative_terms(src)
    has_narrative = bool(narrative.claims) or len(terms) >= NARRATIVE_MIN_TERMS
    if not has_tables and not has_narrative:
        named = _first(" ".join(ln.text for ln in src.lines[: _TITLE_LINES * 4]))
        detail = f"（文中提到“{named}”，但没有预算表格，也没有预算数字）" if named else ""
        raise ReadError(
            f"{name or source}：{NOT_BUDGET_REASON}，不像是预算公开文件{detail}，未作审核",
            code="read.not_budget",
        )
    kind = document_kind(src, source, [t.title for t in tables.values()] + recognised)
    content: Content = "package" if has_tables and has_narrative else "tables_only" if has_tables else "narrative_only"
    return kind, content
