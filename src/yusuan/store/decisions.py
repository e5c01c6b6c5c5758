"""Reviewers' decisions on findings: confirmed, dismissed (with a reason) or reopened, and notes.

A decision is attached to a stored document (a disclosure version) and a finding's **fingerprint**
(:func:`fingerprint`): the rule and the stable parts of its evidence — table id, row code (or the
row's name where it has no code), column key, and for a narrative sentence the sentence with its
numbers masked — never the page, the line, the file name or an amount. So

* re-ingesting the same file keeps its decisions: the same content is the same stored document
  (:func:`yusuan.store.ingest.package_digest`), and a new review run of it gives the same fingerprints;
* a new version of the document (same department, year and kind, new content) inherits, for every
  finding that recurs in it, the newest decision made on an earlier version
  (:func:`decisions_for`); the decision then names the version it was carried from
  (``carried_from_id``, ``carried_from_version``) so that the workbench can say 沿用上一版本的决定.
  A finding that does not recur inherits nothing. A decision made on the new version itself wins.

Carrying over is read-time: nothing is copied when a version is stored, so documents stored by the
command line (``yusuan ingest``) inherit exactly as the uploaded ones do. Every decision and note is
kept (:func:`history`), with the reviewer's name and the time (UTC).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, get_args

from sqlalchemy import DateTime, Engine, ForeignKey, Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from yusuan.errors import YusuanError
from yusuan.review.finding import Evidence
from yusuan.store.db import check_id
from yusuan.store.schema import Base, DisclosureRecord, FindingRecord, ReviewRun

Verdict = Literal["confirmed", "dismissed", "open"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
#: The Chinese names of the verdicts (and of a note).
VERDICT_ZH: dict[str, str] = {"confirmed": "确认", "dismissed": "不采纳", "open": "待定", "note": "备注"}
#: The row kind of a note: kept beside the verdicts, never changes one.
NOTE = "note"
#: Longest reason or note kept (characters).
MAX_TEXT = 4000
#: Longest reviewer name kept.
MAX_USER = 100
#: Hex digits of a fingerprint.
FINGERPRINT_LENGTH = 32
#: A number as documents print it (digits with separators and decimals; full-width digits too).
_NUMBER = re.compile(r"[0-9０-９]+(?:[.,，．][0-9０-９]+)*")


class DecisionError(YusuanError):
    """A decision that cannot be recorded; the message is Chinese."""

    default_code = "decision.invalid"


class DecisionRecord(Base):
    """One decision or note on one finding of one stored document."""

    __tablename__ = "finding_decisions"
    __table_args__ = (Index("ix_finding_decisions_key", "disclosure_id", "fingerprint"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"))
    fingerprint: Mapped[str] = mapped_column(String(FINGERPRINT_LENGTH))
    rule: Mapped[str] = mapped_column(String(60))
    #: confirmed | dismissed | open | note
    verdict: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(MAX_USER))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- fingerprints ----------------------------------------------------------------------------------


def _masked(text: str) -> str:
    """Text without its numbers and white space (NFKC): 支出 618.63 万元 and 支出620万元 are alike."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return _NUMBER.sub("#", folded)


def _stable(ev: Evidence) -> tuple[str, str, str, str]:
    """The parts of one piece of evidence that survive a new version of the document."""
    row = ev.row or ev.name or ""
    return (ev.table or "", row, ev.column or "", _masked(ev.sentence) if ev.sentence else "")


def fingerprint(rule: str, locations: Iterable[Evidence], message: str = "") -> str:
    """A finding's identity across review runs and versions: the rule and the stable parts of its
    evidence (order does not matter); a finding without evidence, by its message with numbers masked."""
    parts = sorted({_stable(ev) for ev in locations})
    basis: object = parts if parts else _masked(message)
    text = json.dumps([rule, basis], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def fingerprints(findings: Iterable[tuple[str, Sequence[Evidence], str]]) -> list[str]:
    """The fingerprints of one document's findings (rule, evidence, message), in order; a repeated
    one gets an ordinal (``…#2``) so that no two findings of a document share a decision."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for rule, locations, message in findings:
        fp = fingerprint(rule, locations, message)
        seen[fp] = seen.get(fp, 0) + 1
        out.append(fp if seen[fp] == 1 else f"{fp[: FINGERPRINT_LENGTH - 4]}#{seen[fp]:03d}")
    return out


@dataclass(frozen=True)
class StoredFinding:
    """A finding of a stored document's newest review run, with its fingerprint."""

    id: int
    fingerprint: str
    rule: str
    kind: str
    severity: str
    title: str
    message: str
    values: dict[str, str]
    locations: list[Evidence]


def _evidence(text: str) -> list[Evidence]:
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return []
    out: list[Evidence] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            try:
                out.append(Evidence.model_validate(item))
            except ValueError:
                continue
    return out


def _values(text: str) -> dict[str, str]:
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def _findings(session: Session, document_id: int) -> list[StoredFinding]:
    run = session.scalar(select(func.max(ReviewRun.id)).where(ReviewRun.disclosure_id == document_id))
    if run is None:
        return []
    records = list(
        session.scalars(select(FindingRecord).where(FindingRecord.review_run_id == run).order_by(FindingRecord.id))
    )
    evidence = [_evidence(r.locations_json) for r in records]
    prints = fingerprints((r.rule, ev, r.message) for r, ev in zip(records, evidence, strict=True))
    return [
        StoredFinding(r.id, fp, r.rule, r.kind, r.severity, r.title, r.message, _values(r.values_json), ev)
        for r, ev, fp in zip(records, evidence, prints, strict=True)
    ]


def document_findings(engine: Engine, document_id: int) -> list[StoredFinding]:
    """The findings of a stored document's newest review run, each with its fingerprint."""
    check_id(document_id, "公开文件编号")
    with Session(engine) as session:
        return _findings(session, document_id)


# --- decisions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    text: str
    user: str
    at: datetime


@dataclass(frozen=True)
class Decision:
    """The standing decision on one finding of one document (or one entry of its history)."""

    fingerprint: str
    rule: str
    verdict: str
    reason: str
    user: str
    at: datetime
    #: The document (version) the decision was made on.
    document_id: int
    version: int
    #: Set when the decision was made on an earlier version and carried over to this one.
    carried_from_id: int | None = None
    carried_from_version: int | None = None
    #: Notes added on this document, oldest first.
    notes: tuple[Note, ...] = field(default_factory=tuple)

    @property
    def carried(self) -> bool:
        return self.carried_from_id is not None

    @property
    def verdict_zh(self) -> str:
        return VERDICT_ZH.get(self.verdict, self.verdict)

    @property
    def label(self) -> str:
        """The verdict in Chinese, with 沿用第 N 版的决定 when it was carried over."""
        carried = f"（沿用第 {self.carried_from_version} 版的决定）" if self.carried else ""
        return self.verdict_zh + carried


def _utc(at: datetime) -> datetime:
    """SQLite hands a stored time back without its zone: it was stored in UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _record(session: Session, document_id: int) -> DisclosureRecord:
    record = session.get(DisclosureRecord, check_id(document_id, "公开文件编号"))
    if record is None:
        raise DecisionError(f"数据库中没有编号为 {document_id} 的公开文件", code="decision.not_found")
    return record


#: Control characters a reason or a name never keeps (PostgreSQL refuses NUL in text; SQLite would keep
#: it): C0 controls but tab and line breaks, and DEL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(text: str | None, what: str) -> str:
    value = _CONTROLS.sub("", text or "").strip()
    if len(value) > MAX_TEXT:
        raise DecisionError(f"{what}过长（{len(value)} 个字符，上限 {MAX_TEXT}）", code="decision.too_long")
    return value


def _clean_user(user: str) -> str:
    name = _CONTROLS.sub("", user or "").strip()
    if not name:
        raise DecisionError("没有审核人：记录决定需要审核人的用户名", code="decision.no_user")
    return name[:MAX_USER]


def _finding_rule(session: Session, document_id: int, fp: str) -> str:
    for finding in _findings(session, document_id):
        if finding.fingerprint == fp:
            return finding.rule
    raise DecisionError(
        f"第 {document_id} 号公开文件没有这条审核发现（{fp[:12]}…），可能已重新审核；请刷新后再试",
        code="decision.no_finding",
    )


def _add(session: Session, document_id: int, fp: str, verdict: str, reason: str, user: str) -> DecisionRecord:
    rule = _finding_rule(session, document_id, fp)
    row = DecisionRecord(
        disclosure_id=document_id,
        fingerprint=fp,
        rule=rule,
        verdict=verdict,
        reason=reason,
        decided_by=user,
        decided_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


def decide(engine: Engine, document_id: int, fingerprint: str, verdict: str, reason: str | None, user: str) -> Decision:
    """Record a reviewer's verdict on one finding of a stored document: ``confirmed``, ``dismissed``
    (a reason is required) or ``open`` (undecided again). ``reason`` is the reviewer's opinion or
    note. A :class:`DecisionError` for an unknown document or finding, an unknown verdict, a
    dismissal without a reason or no reviewer."""
    if verdict not in VERDICTS:
        names = "、".join(f"{v}（{VERDICT_ZH[v]}）" for v in VERDICTS)
        raise DecisionError(f"未知的决定“{verdict}”：应是 {names}", code="decision.bad_verdict")
    text = _clean_text(reason, "理由")
    if verdict == "dismissed" and not text:
        raise DecisionError("不采纳一条审核发现时必须说明理由", code="decision.reason_required")
    name = _clean_user(user)
    with Session(engine) as session, session.begin():
        record = _record(session, document_id)
        row = _add(session, document_id, fingerprint, verdict, text, name)
        return Decision(fingerprint, row.rule, verdict, text, name, _utc(row.decided_at), document_id, record.version)


def add_note(engine: Engine, document_id: int, fingerprint: str, text: str, user: str) -> Note:
    """Add a note to one finding of a stored document; the verdict stays what it was."""
    body = _clean_text(text, "备注")
    if not body:
        raise DecisionError("备注是空的", code="decision.empty_note")
    name = _clean_user(user)
    with Session(engine) as session, session.begin():
        _record(session, document_id)
        row = _add(session, document_id, fingerprint, NOTE, body, name)
        return Note(body, name, _utc(row.decided_at))


def _earlier_versions(session: Session, record: DisclosureRecord) -> list[tuple[int, int]]:
    """(id, version) of the other versions of the document's department, year and kind stored before
    it (a lower version number), newest first."""
    year = DisclosureRecord.year == record.year if record.year is not None else DisclosureRecord.year.is_(None)
    rows = session.execute(
        select(DisclosureRecord.id, DisclosureRecord.version)
        .where(
            DisclosureRecord.department_id == record.department_id,
            year,
            DisclosureRecord.kind == record.kind,
            DisclosureRecord.version < record.version,
        )
        .order_by(DisclosureRecord.version.desc())
    )
    return [(int(i), int(v)) for i, v in rows]


def _rows(session: Session, document_ids: Sequence[int]) -> list[DecisionRecord]:
    if not document_ids:
        return []
    return list(
        session.scalars(
            select(DecisionRecord).where(DecisionRecord.disclosure_id.in_(document_ids)).order_by(DecisionRecord.id)
        )
    )


def _standing(rows: Iterable[DecisionRecord]) -> dict[str, DecisionRecord]:
    """The newest verdict (not note) per fingerprint among ``rows`` (oldest first)."""
    out: dict[str, DecisionRecord] = {}
    for row in rows:
        if row.verdict != NOTE:
            out[row.fingerprint] = row
    return out


def _decision(row: DecisionRecord, version: int, carried: tuple[int, int] | None, notes: tuple[Note, ...]) -> Decision:
    return Decision(
        row.fingerprint,
        row.rule,
        row.verdict,
        row.reason,
        row.decided_by,
        _utc(row.decided_at),
        row.disclosure_id,
        version,
        carried[0] if carried else None,
        carried[1] if carried else None,
        notes,
    )


def decisions_for(engine: Engine, document_id: int) -> dict[str, Decision]:
    """The standing decision on each finding of a stored document, by fingerprint: the newest one
    made on it; else, for a finding of its newest review that recurs from an earlier version, the
    newest one made on the nearest earlier version that has one (carried over, and saying so). A
    finding that was reopened (``open``) on a version carries nothing further."""
    with Session(engine) as session:
        record = _record(session, document_id)
        own = _rows(session, [document_id])
        notes: dict[str, list[Note]] = {}
        for row in own:
            if row.verdict == NOTE:
                notes.setdefault(row.fingerprint, []).append(Note(row.reason, row.decided_by, _utc(row.decided_at)))
        out = {fp: _decision(row, record.version, None, tuple(notes.get(fp, ()))) for fp, row in _standing(own).items()}
        wanted = {f.fingerprint for f in _findings(session, document_id)} - set(out)
        for earlier_id, earlier_version in _earlier_versions(session, record):
            if not wanted:
                break
            for fp, row in _standing(_rows(session, [earlier_id])).items():
                if fp in wanted:
                    wanted.discard(fp)
                    if row.verdict != "open":
                        carried = (earlier_id, earlier_version)
                        out[fp] = _decision(row, earlier_version, carried, tuple(notes.get(fp, ())))
        return out


def history(engine: Engine, document_id: int, fingerprint: str) -> list[Decision]:
    """Every decision and note on one finding, on this document and on its earlier versions, newest
    first; an entry made on an earlier version names it (``carried_from_*``)."""
    with Session(engine) as session:
        record = _record(session, document_id)
        versions = {record.id: record.version, **dict(_earlier_versions(session, record))}
        rows = [r for r in _rows(session, list(versions)) if r.fingerprint == fingerprint]
    out: list[Decision] = []
    for row in reversed(rows):
        version = versions[row.disclosure_id]
        carried = None if row.disclosure_id == document_id else (row.disclosure_id, version)
        out.append(_decision(row, version, carried, ()))
    return out


def tally(engine: Engine, document_id: int) -> dict[str, int]:
    """How many findings of a stored document's newest review are ``confirmed``, ``dismissed`` and
    undecided (``open``: no decision, or reopened) — carried decisions counted as made."""
    standing = decisions_for(engine, document_id)
    counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
    for finding in document_findings(engine, document_id):
        decision = standing.get(finding.fingerprint)
        counts[decision.verdict if decision is not None else "open"] += 1
    return counts


def findings_with_decisions(engine: Engine, document_id: int) -> list[tuple[StoredFinding, Decision | None]]:
    """Each finding of a stored document's newest review with its standing decision (None: none yet),
    in the review's order — what a document page lists."""
    standing = decisions_for(engine, document_id)
    return [(f, standing.get(f.fingerprint)) for f in document_findings(engine, document_id)]
