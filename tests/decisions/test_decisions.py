"""Reviewers' decisions: recorded with user and time, kept when the same file is ingested again,
carried over to a new version where the finding recurs (and only there), refused without a reason
when dismissing; fingerprints ignore pages, lines, files and amounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from yusuan.review.finding import Evidence
from yusuan.store.decisions import (
    DecisionError,
    StoredFinding,
    add_note,
    decide,
    decisions_for,
    document_findings,
    findings_with_decisions,
    fingerprint,
    fingerprints,
    history,
    tally,
)
from yusuan.store.ingest import ingest_file


def _stored(engine: Engine, path: Path) -> int:
    result = ingest_file(engine, path)
    assert result.status in ("stored", "new_version", "unchanged"), result.message
    assert result.disclosure_id is not None
    return result.disclosure_id


def _one(findings: list[StoredFinding], rule: str) -> StoredFinding:
    (found,) = [f for f in findings if f.rule == rule]
    return found


# --- fingerprints ---------------------------------------------------------------------------------


def test_a_fingerprint_ignores_pages_lines_files_amounts_and_order() -> None:
    a = Evidence(table="general_budget", row="20101", name="人大事务", column="total", value=Decimal("485.91"), page=11)
    b = Evidence(table="general_budget", row="2010101", name="行政运行", column="total", value=Decimal("320.91"))
    moved = [
        b.model_copy(update={"page": 3, "line": 9, "file": "新.pdf", "value": Decimal("1")}),
        a.model_copy(update={"page": 12, "value": Decimal("500.00"), "name": "人大事务（改名）"}),
    ]
    assert fingerprint("hierarchy-sum", [a, b]) == fingerprint("hierarchy-sum", moved)
    assert fingerprint("hierarchy-sum", [a, b]) != fingerprint("general-budget-vs-expenditure", [a, b])
    assert fingerprint("hierarchy-sum", [a, b]) != fingerprint("hierarchy-sum", [a])
    other_column = b.model_copy(update={"column": "basic"})
    assert fingerprint("hierarchy-sum", [a, b]) != fingerprint("hierarchy-sum", [a, other_column])


def test_a_sentence_is_compared_without_its_numbers() -> None:
    said = Evidence(table="narrative", sentence="2023年支出预算593.58万元，其中基本支出 430.58 万元。", page=2)
    changed = Evidence(table="narrative", sentence="2023年支出预算 600.00万元，其中基本支出430.58万元。", page=3)
    other = Evidence(table="narrative", sentence="2023年收入预算593.58万元。")
    assert fingerprint("narrative-amount-mismatch", [said]) == fingerprint("narrative-amount-mismatch", [changed])
    assert fingerprint("narrative-amount-mismatch", [said]) != fingerprint("narrative-amount-mismatch", [other])
    # a finding without evidence: its message, numbers masked
    assert fingerprint("missing-table", [], "缺少 3 张表") == fingerprint("missing-table", [], "缺少 4 张表")


def test_two_findings_alike_get_distinct_fingerprints() -> None:
    ev = [Evidence(table="performance", row="综合业务经费", column="basis")]
    prints = fingerprints([("r", ev, "甲"), ("r", ev, "乙"), ("s", ev, "丙")])
    assert len(set(prints)) == 3
    assert prints[1].startswith(prints[0][:28]) and prints[1].endswith("#002")


# --- decisions in the store ----------------------------------------------------------------------


def test_a_decision_is_kept_with_user_and_time(engine: Engine, sample: Path) -> None:
    doc = _stored(engine, sample)
    finding = _one(document_findings(engine, doc), "hierarchy-sum")
    before = datetime.now(UTC)
    made = decide(engine, doc, finding.fingerprint, "confirmed", "  请部门核对“人大事务”合计  ", "张审核")
    assert made.verdict == "confirmed" and made.verdict_zh == "确认" and not made.carried
    assert made.reason == "请部门核对“人大事务”合计"  # trimmed
    standing = decisions_for(engine, doc)
    assert set(standing) == {finding.fingerprint}
    got = standing[finding.fingerprint]
    assert (got.user, got.rule, got.document_id, got.version) == ("张审核", "hierarchy-sum", doc, 1)
    assert got.at.tzinfo is not None and before - timedelta(seconds=5) <= got.at <= datetime.now(UTC)


def test_dismissing_needs_a_reason(engine: Engine, sample: Path) -> None:
    doc = _stored(engine, sample)
    fp = _one(document_findings(engine, doc), "glossary-wrong-level").fingerprint
    for reason in (None, "", "   "):
        with pytest.raises(DecisionError, match="必须说明理由") as caught:
            decide(engine, doc, fp, "dismissed", reason, "张审核")
        assert caught.value.code == "decision.reason_required"
    assert decisions_for(engine, doc) == {}
    decide(engine, doc, fp, "dismissed", "本县名词解释沿用省级模板，已另行说明", "张审核")
    assert decisions_for(engine, doc)[fp].verdict == "dismissed"


def test_bad_decisions_are_refused_with_a_reason(engine: Engine, sample: Path) -> None:
    doc = _stored(engine, sample)
    fp = document_findings(engine, doc)[0].fingerprint
    with pytest.raises(DecisionError, match="未知的决定"):
        decide(engine, doc, fp, "maybe", "x", "张审核")
    with pytest.raises(DecisionError, match="没有审核人"):
        decide(engine, doc, fp, "confirmed", "", "  ")
    with pytest.raises(DecisionError, match="没有这条审核发现"):
        decide(engine, doc, "0" * 32, "confirmed", "", "张审核")
    with pytest.raises(DecisionError, match="没有编号为 999 的公开文件"):
        decide(engine, 999, fp, "confirmed", "", "张审核")
    with pytest.raises(DecisionError, match="过长"):
        decide(engine, doc, fp, "confirmed", "长" * 5000, "张审核")
    assert decisions_for(engine, doc) == {}


def test_a_note_leaves_the_verdict(engine: Engine, sample: Path) -> None:
    doc = _stored(engine, sample)
    fp = _one(document_findings(engine, doc), "hierarchy-sum").fingerprint
    decide(engine, doc, fp, "confirmed", "", "张审核")
    add_note(engine, doc, fp, "已电话通知部门", "李复核")
    got = decisions_for(engine, doc)[fp]
    assert got.verdict == "confirmed" and got.user == "张审核"
    assert [(n.text, n.user) for n in got.notes] == [("已电话通知部门", "李复核")]
    with pytest.raises(DecisionError, match="备注是空的"):
        add_note(engine, doc, fp, " ", "李复核")
    decide(engine, doc, fp, "open", "重新核对", "李复核")
    assert decisions_for(engine, doc)[fp].verdict == "open"
    assert [h.verdict for h in history(engine, doc, fp)] == ["open", "note", "confirmed"]


def test_decisions_survive_ingesting_the_same_file_again(engine: Engine, sample: Path, tmp_path: Path) -> None:
    doc = _stored(engine, sample)
    fp = _one(document_findings(engine, doc), "hierarchy-sum").fingerprint
    decide(engine, doc, fp, "confirmed", "", "张审核")
    copy = tmp_path / "copy" / "改了名字的同一文件.txt"
    copy.parent.mkdir()
    copy.write_bytes(sample.read_bytes())
    again = ingest_file(engine, copy)
    assert (again.status, again.disclosure_id) == ("unchanged", doc)
    assert decisions_for(engine, doc)[fp].verdict == "confirmed"


def test_a_decision_is_carried_to_a_new_version_where_the_finding_recurs(
    engine: Engine, sample: Path, fixed_glossary: Path
) -> None:
    v1 = _stored(engine, sample)
    findings = document_findings(engine, v1)
    recurring = _one(findings, "hierarchy-sum").fingerprint
    gone = _one(findings, "glossary-wrong-level").fingerprint
    decide(engine, v1, recurring, "confirmed", "合计与明细不符", "张审核")
    decide(engine, v1, gone, "dismissed", "模板用语，不影响数字", "张审核")

    result = ingest_file(engine, fixed_glossary)
    assert result.status == "new_version" and result.version == 2, result.message
    assert result.disclosure_id is not None
    v2 = result.disclosure_id
    prints = {f.fingerprint for f in document_findings(engine, v2)}
    assert recurring in prints and gone not in prints

    standing = decisions_for(engine, v2)
    assert set(standing) == {recurring}  # the dismissed finding does not recur: nothing carried for it
    carried = standing[recurring]
    assert carried.carried and (carried.carried_from_id, carried.carried_from_version) == (v1, 1)
    assert (carried.verdict, carried.reason, carried.user) == ("confirmed", "合计与明细不符", "张审核")
    assert carried.label == "确认（沿用第 1 版的决定）"
    # the earlier version keeps its own decisions
    assert {fp: d.verdict for fp, d in decisions_for(engine, v1).items()} == {recurring: "confirmed", gone: "dismissed"}

    # a decision on the new version wins over the carried one; history shows both, newest first
    decide(engine, v2, recurring, "dismissed", "新版本已说明原因", "李复核")
    own = decisions_for(engine, v2)[recurring]
    assert (own.verdict, own.carried, own.document_id) == ("dismissed", False, v2)
    paired = dict((f.fingerprint, d) for f, d in findings_with_decisions(engine, v2))
    assert paired[recurring] == own and all(d is None for fp, d in paired.items() if fp != recurring)
    counts = tally(engine, v2)
    assert counts["dismissed"] == 1 and counts["confirmed"] == 0
    assert counts["open"] == len(document_findings(engine, v2)) - 1
    entries = history(engine, v2, recurring)
    assert [(h.verdict, h.document_id, h.carried_from_version) for h in entries] == [
        ("dismissed", v2, None),
        ("confirmed", v1, 1),
    ]


def test_a_reopened_finding_carries_nothing(engine: Engine, sample: Path, fixed_glossary: Path) -> None:
    v1 = _stored(engine, sample)
    fp = _one(document_findings(engine, v1), "hierarchy-sum").fingerprint
    decide(engine, v1, fp, "confirmed", "", "张审核")
    decide(engine, v1, fp, "open", "需要再看", "张审核")
    v2 = _stored(engine, fixed_glossary)
    assert fp not in decisions_for(engine, v2)
