"""Completeness rules (DOMAIN.md §1): the nine tables, empty tables' notes, the required sections."""

from __future__ import annotations

import copy
import os

from yusuan.model import Disclosure, Narrative, Table
from yusuan.review.engine import review
from yusuan.review.finding import Finding
from yusuan.synth.samples import consistent

os.environ["YUSUAN_DEBUG"] = "1"  # a crashing rule fails the test instead of becoming a finding


def base() -> Disclosure:
    return copy.deepcopy(consistent())


def only(d: Disclosure, rule_id: str) -> list[Finding]:
    return [f for f in review(d, only=[rule_id]).findings]


def test_table_missing_fires() -> None:
    d = base()
    del d.tables["three_public"]
    found = only(d, "table-missing")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error" and "three_public" in f.message and "三公" in f.message
    assert [ev.table for ev in f.locations] == ["three_public"]


def test_table_missing_fires_once_when_all_tables_are_missing() -> None:
    d = base()
    d.tables = {}
    found = only(d, "table-missing")
    assert len(found) == 1 and "全部九张" in found[0].message and len(found[0].locations) == 9


def test_table_missing_quiet() -> None:
    assert only(base(), "table-missing") == []
    fragment = base()
    fragment.tables, fragment.narrative = {}, Narrative()
    assert only(fragment, "table-missing") == []  # a fragment is reported once, by section-missing


def test_empty_table_without_note_fires() -> None:
    d = base()
    t = d.tables["gov_fund"]
    assert isinstance(t, Table)
    t.note = None
    found = only(d, "empty-table-without-note")
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].locations[0].table == "gov_fund" and t.title in found[0].message


def test_empty_table_without_note_quiet() -> None:
    assert only(base(), "empty-table-without-note") == []


def test_section_missing_fires() -> None:
    d = base()
    d.narrative.sections = [s for s in d.narrative.sections if "机关运行" not in s.title]
    found = only(d, "section-missing")
    assert [f.message for f in found] == ["情况说明中未找到“机关运行经费”部分。"]
    assert found[0].severity == "error"


def test_section_missing_fires_once_on_a_fragment() -> None:
    d = base()
    d.tables, d.narrative = {}, Narrative()
    found = only(d, "section-missing")
    assert len(found) == 1 and found[0].severity == "warning"


def test_section_missing_quiet() -> None:
    assert only(base(), "section-missing") == []
    d = base()
    # Organisation, performance, procurement, assets and glossary count when read, whatever the titles.
    d.narrative.sections = [s for s in d.narrative.sections if s.number not in ("五", "六", "七", "八")]
    assert only(d, "section-missing") == []
