"""The rectification list (整改清单) of one department: what its current documents must correct.

Which findings are listed: every finding of the newest review of the department's **current**
documents (of the year and kind asked, or all) that

* a reviewer **confirmed** (any severity), or
* nobody decided yet (or that was reopened) and is an **error or a warning** — a list sent before the
  review is finished still names every likely problem, marked 待审定;

a **dismissed** finding is never listed, nor an undecided 提示 (info). A decision carried over from an
earlier version (:func:`yusuan.store.decisions.decisions_for`) counts as made, and the list says so.

Each row: 序号, 文件, 位置 (table, row, column and page of the finding's first evidence), 问题, 规则依据
(the rule's basis), 严重程度, 审核意见/备注 (the reviewer's reason and notes), 决定人/时间 (UTC) and
the 审定 status. :func:`yusuan.store.rectification.rectification` gathers it from the store (this
stage does not read the store: the findings and decisions come in through :func:`add_document`);
:mod:`yusuan.report.rectification_out` writes it as Excel or Word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from yusuan.errors import YusuanError
from yusuan.review.finding import SEVERITY_ZH, Evidence
from yusuan.review.registry import RULES

#: The columns of the list, in order.
HEADS = ("序号", "文件", "位置", "问题", "规则依据", "严重程度", "审核意见/备注", "决定人/时间", "审定情况")
#: Severities listed without a decision.
UNDECIDED_LISTED = frozenset({"error", "warning"})
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_SEVERITY_NAMES: dict[str, str] = dict(SEVERITY_ZH)


class RectificationError(YusuanError):
    default_code = "rectify.invalid"


class FindingLike(Protocol):
    """A stored finding with its fingerprint (:class:`yusuan.store.decisions.StoredFinding`)."""

    @property
    def fingerprint(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def locations(self) -> list[Evidence]: ...


class NoteLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def user(self) -> str: ...


class DecisionLike(Protocol):
    """A standing decision (:class:`yusuan.store.decisions.Decision`)."""

    @property
    def verdict(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def user(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def notes(self) -> Sequence[NoteLike]: ...
    @property
    def label(self) -> str: ...


@dataclass(frozen=True)
class Row:
    number: int
    file: str
    location: str
    problem: str
    basis: str
    severity: str
    opinion: str
    decided: str
    status: str
    #: What the row is about, for programs (the web links rows to findings).
    document_id: int = 0
    fingerprint: str = ""

    def cells(self) -> tuple[str, ...]:
        return (
            str(self.number),
            self.file,
            self.location,
            self.problem,
            self.basis,
            self.severity,
            self.opinion,
            self.decided,
            self.status,
        )


@dataclass(frozen=True)
class Document:
    id: int
    file: str
    year: int | None
    kind: str
    version: int


@dataclass
class Rectification:
    department: str
    region: str | None
    year: int | None
    kind: str | None
    documents: list[Document] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    made_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def title(self) -> str:
        year = f"{self.year} 年" if self.year else ""
        return f"{self.department}{year}{self.kind or '预决算公开'}整改清单"

    @property
    def scope(self) -> str:
        """One line: the documents the list covers and when it was made."""
        docs = "；".join(f"{d.file}（第 {d.id} 号，第 {d.version} 版）" for d in self.documents) or "无"
        return f"所列文件：{docs}。生成时间：{_when(self.made_at)}。"


def _when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _location(locations: list[Evidence]) -> str:
    from yusuan.report.common import describe

    if not locations:
        return "全文"
    first = describe(locations[0].model_copy(update={"value": None}), short=True)
    more = f"（等 {len(locations)} 处）" if len(locations) > 1 else ""
    return (first or "全文") + more


def _basis(rule: str) -> str:
    found = RULES.get(rule)
    return found.basis if found is not None else rule


def _opinion(decision: DecisionLike | None) -> str:
    if decision is None:
        return ""
    parts = [decision.reason] if decision.reason else []
    parts += [f"{n.text}（{n.user}）" for n in decision.notes]
    return "；".join(parts)


def _decided(decision: DecisionLike | None) -> str:
    if decision is None or decision.verdict == "open":
        return ""
    return f"{decision.user} {_when(decision.at)}"


def _status(decision: DecisionLike | None) -> str:
    if decision is None or decision.verdict == "open":
        return "待审定"
    return decision.label


def listed(severity: str, verdict: str | None) -> bool:
    """Whether a finding of ``severity`` with the standing ``verdict`` (None: no decision) belongs on
    the list (see the module docstring)."""
    if verdict == "dismissed":
        return False
    return verdict == "confirmed" or severity in UNDECIDED_LISTED


def add_document(
    listing: Rectification,
    document: Document,
    findings: Iterable[FindingLike],
    decisions: Mapping[str, DecisionLike],
) -> None:
    """Add a document and the rows of its listed findings (errors first) to ``listing``."""
    chosen = [(f, decisions.get(f.fingerprint)) for f in findings]
    chosen = [(f, d) for f, d in chosen if listed(f.severity, d.verdict if d is not None else None)]
    chosen.sort(key=lambda fd: _SEVERITY_RANK.get(fd[0].severity, 3))
    listing.documents.append(document)
    label = (
        document.file if listing.year and listing.kind else f"{document.file}（{document.year or ''}{document.kind}）"
    )
    for finding, decision in chosen:
        listing.rows.append(
            Row(
                len(listing.rows) + 1,
                label,
                _location(finding.locations),
                f"{finding.title}：{finding.message}",
                _basis(finding.rule),
                _SEVERITY_NAMES.get(finding.severity, finding.severity),
                _opinion(decision),
                _decided(decision),
                _status(decision),
                document.id,
                finding.fingerprint,
            )
        )
