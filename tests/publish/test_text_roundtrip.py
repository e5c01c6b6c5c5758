"""Publish → read for the text layouts: exact in DOCX-text, every value right or listed as ambiguous in PDF-text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.strategies import Budget, budgets, build
from tests.test_roundtrip_property import assert_round_trip
from yusuan import read_text
from yusuan.model import Disclosure
from yusuan.publish.api import render
from yusuan.publish.document import Document, Grid, Paragraph, build_document
from yusuan.publish.narrative import Prior
from yusuan.publish.narrative_styles import STYLES, Style, compose
from yusuan.publish.textout import to_docx_text, to_pdf_text
from yusuan.review.engine import review
from yusuan.synth.disclosure import narrative_style


def plain(value: Any) -> Any:
    """A dumped model without locations (the generator has none)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "location"}
    return value


def assert_same_package(truth: Disclosure, read: Disclosure) -> None:
    """Everything a reader takes from a package: tables exactly, claims, sections and section tables."""
    assert_round_trip(truth, read, exact=True)
    assert (read.department, read.year, read.unit) == (truth.department, truth.year, truth.unit)
    claims = [
        (c.subject, c.kind, c.amount, c.unit, c.direction, c.year, c.section, c.sentence)
        for c in truth.narrative.claims
    ]
    assert [
        (c.subject, c.kind, c.amount, c.unit, c.direction, c.year, c.section, c.sentence) for c in read.narrative.claims
    ] == claims
    assert [(s.number, s.title) for s in read.narrative.sections] == [
        (s.number, s.title) for s in truth.narrative.sections
    ]
    for part in ("staffing", "glossary", "organisation", "performance", "procurement", "assets"):
        value, again = getattr(truth, part), getattr(read, part)
        assert plain(_dump(again)) == plain(_dump(value)), part


def _dump(value: Any) -> Any:
    if isinstance(value, list):
        return [x.model_dump() for x in value]
    return value.model_dump() if value is not None else None


def test_docx_text_reads_back_exactly(packages: list[tuple[Disclosure, Document]]) -> None:
    for d, doc in packages:
        assert_same_package(d, read_text(to_docx_text(doc), source=d.source))


def test_pdf_text_tables_and_claims(packages: list[tuple[Disclosure, Document]]) -> None:
    for d, doc in packages:
        read = read_text(to_pdf_text(d, doc), source=d.source)
        assert read.layout == "pdf-text"
        # the procurement table's blank cells vanish too: its rows may be ambiguous; only the tables are compared
        tables_only = read.model_copy(update={"ambiguities": [a for a in read.ambiguities if a.table in d.tables]})
        assert_round_trip(d, tables_only, exact=False)
        assert [(c.subject, c.kind, c.amount) for c in read.narrative.claims] == [
            (c.subject, c.kind, c.amount) for c in d.narrative.claims
        ]


def test_txt_writes_both_layouts(packages: list[tuple[Disclosure, Document]]) -> None:
    d, _ = packages[0]
    files = render(d, "txt")
    assert list(files) == ["-docx.txt", "-pdf.txt"]
    assert read_text(files["-docx.txt"].decode()).layout == "docx-text"
    assert read_text(files["-pdf.txt"].decode()).layout == "pdf-text"


def test_document_shape(packages: list[tuple[Disclosure, Document]]) -> None:
    """Each standard table: title paragraph, then a grid whose first row is the department line and whose
    head ends with the 栏次 row; an empty table has one blank row and its note after it."""
    d, doc = packages[0]
    blocks = list(doc.blocks)
    grids = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Grid) and b.table_id]
    assert [g.table_id for _, g in grids] == list(d.tables)
    for i, grid in grids:
        title = blocks[i - 1]
        assert isinstance(title, Paragraph) and title.role == "heading"
        assert [c.text for c in grid.rows[0]] == [
            f"{d.department.code}{d.department.name}",
            f"预算年度：{d.year}",
            "单位：万元",
        ]
        assert grid.rows[grid.head - 1][0].text == "栏次"
        assert all(sum(c.colspan for c in row) <= grid.columns for row in grid.rows)
    state_capital = next(g for _, g in grids if g.table_id == "state_capital")
    assert [c.text for c in state_capital.rows[state_capital.head]] == [""] * state_capital.columns
    after = blocks[blocks.index(state_capital) + 1]
    assert isinstance(after, Paragraph) and after.text == "注：无国有资本经营预算财政拨款预算，空表列示。"


def _with_narrative(budget: Budget) -> Disclosure:
    return compose(build(budget), Prior(Decimal("10.00"), Decimal("6.00"), Decimal("4.00"), Decimal("1.00")))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budget=budgets())
def test_random_budgets_through_docx_text(budget: Budget) -> None:
    truth = _with_narrative(budget)
    read = read_text(to_docx_text(build_document(truth)))
    assert_round_trip(truth, read, exact=True)
    assert [(c.subject, c.kind, c.amount, c.sentence) for c in read.narrative.claims] == [
        (c.subject, c.kind, c.amount, c.sentence) for c in truth.narrative.claims
    ]


def test_composed_narrative_agrees_with_tables(packages: list[tuple[Disclosure, Document]]) -> None:
    """The figures compose() writes come from the tables: the review finds nothing in them."""
    d, _ = packages[1]
    bare = d.model_copy(update={"narrative": d.narrative.model_copy(update={"claims": []})})
    composed = compose(bare, Prior(Decimal("100.00"), Decimal("70.00"), Decimal("30.00"), Decimal("5.00")))
    subjects = {(c.subject, c.kind) for c in composed.narrative.claims}
    assert {
        ("expenditure", "amount"),
        ("expenditure", "change"),
        ("three_public", "prior"),
        ("operating_cost", "amount"),
        ("procurement", "amount"),
        ("fixed_assets", "amount"),
    } <= subjects
    assert [f.rule for f in review(composed).findings if f.kind == "narrative"] == []
    # last year's figures taken from the stated ones, in the style the department writes
    style = narrative_style(d.department.name or "")
    assert compose(d, style=style).narrative.claims == d.narrative.claims, style


@pytest.mark.parametrize("style", STYLES)
def test_composed_narrative_in_every_style_agrees_with_tables(
    style: Style, packages: list[tuple[Disclosure, Document]]
) -> None:
    for d, _ in packages:
        composed = compose(d, style=style)
        assert [f.message for f in review(composed).findings if f.kind == "narrative"] == [], style
        again = read_text(to_docx_text(build_document(composed))).narrative.claims
        assert [(c.subject, c.kind, c.amount, c.sentence) for c in again] == [
            (c.subject, c.kind, c.amount, c.sentence) for c in composed.narrative.claims
        ]
