"""The domain vocabulary: tables, templates, levels and units are defined once and agree with each other.

- registry consistency: every table id, column key, title and short name of :mod:`yusuan.domain.tables`;
  every template of :mod:`yusuan.domain.templates`; the levels and the units;
- the Chinese names are written once: a standard table's title or short name, or a level's name, is a
  string literal only inside ``src/yusuan/domain/`` (a test that reads the code);
- every rule that declares its templates names existing ones;
- a document read from a Hebei seed records ``hebei-2023``; a corpus PDF records another template.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path
from typing import get_args

import pytest

import yusuan
from tests.conftest import ROOT, seed_path
from yusuan.domain import levels, lines, tables, templates, units
from yusuan.domain.headings import classify_title
from yusuan.domain.tables import SPECS, STANDARD_TABLES, match_title
from yusuan.domain.templates import HEBEI_2023, TEMPLATES, UNKNOWN, recognise, template_of
from yusuan.model import Disclosure, Level
from yusuan.review.engine import review
from yusuan.review.registry import RULES, rules_for  # the engine imports every rule

SRC = ROOT / "src" / "yusuan"
DOMAIN = SRC / "domain"
CORPUS = ROOT.parent / "shared" / "corpus"

# -- tables ------------------------------------------------------------------------------------------


def test_table_ids_are_the_registry() -> None:
    assert set(SPECS) == set(tables.STANDARD_TABLES) | set(tables.EXTRA_TABLE_IDS)
    assert set(tables.RECOGNISED_TITLES) == set(tables.RECOGNISED_TABLE_IDS)
    assert len(set(tables.TABLE_IDS)) == len(tables.TABLE_IDS)
    for table_id, spec in SPECS.items():
        assert spec.id == table_id
        assert spec.standard == (table_id in STANDARD_TABLES), table_id
        assert tables.is_table_id(table_id)
    assert not tables.is_table_id("c7")


def test_columns_are_canonical_keys_with_names() -> None:
    for spec in SPECS.values():
        for key in (*spec.columns, *spec.income_columns):
            assert key in tables.COLUMN_KEYS, (spec.id, key)
            assert key in tables.COLUMN_NAMES, (spec.id, key)
        assert len(spec.labels) == len(spec.columns), spec.id
        assert len(spec.income_labels) == len(spec.income_columns), spec.id
        assert bool(spec.income_columns) == (spec.row_kind == "two_sided"), spec.id
        for lhs, rhs in spec.equations:
            assert {lhs, *rhs} <= set(tables.COLUMN_KEYS), (spec.id, lhs, rhs)
    assert set(tables.COLUMN_NAMES) == set(tables.COLUMN_KEYS)
    for whole, parts in tables.COLUMN_PARTS.items():
        assert {whole, *parts} <= set(tables.COLUMN_KEYS)
    assert ("fiscal", *tables.NON_FISCAL_SOURCES) == tables.INCOME_SOURCES
    assert ("special_account", *tables.UNIT_FUNDS) == tables.NON_FISCAL_SOURCES
    keys = set(get_args(tables.ThreePublicKey))
    assert all({head, *parts} <= keys for head, parts in tables.THREE_PUBLIC_TREE)
    assert lines.three_public_key("三、公务接待费") == "reception"
    assert lines.three_public_key("其中：公务用车运行维护费") == "vehicle_operation"
    assert lines.three_public_key("“三公”经费") == "subtotal"  # the three's sum printed as a line
    assert lines.three_public_key("（二）公务用车购置及运行维护支出") == "vehicle"
    assert lines.three_public_other_line("行政经费") == "operating_costs"
    assert lines.three_public_other_line("公务接待费") is None
    assert lines.income_key("一、预算拨款", False) == "fiscal"
    assert lines.income_key("一般公共预算拨款", False) == "general"
    assert lines.income_key("财政专户拨款", False) == "special_account"


def test_titles_and_short_names_are_unique_and_recognised() -> None:
    titles = [s.title for s in SPECS.values()] + list(tables.RECOGNISED_TITLES.values())
    assert len(set(titles)) == len(titles)
    shorts = [SPECS[t].short for t in STANDARD_TABLES]
    assert all(shorts) and len(set(shorts)) == len(shorts)
    for table_id in STANDARD_TABLES:
        assert match_title(SPECS[table_id].title) == table_id
        assert classify_title(SPECS[table_id].title) == table_id
        assert tables.title_of(table_id) == SPECS[table_id].title
        assert tables.short_name(table_id) == SPECS[table_id].short
    for recognised_id, title in tables.RECOGNISED_TITLES.items():
        assert classify_title(title) == recognised_id
    assert tables.title_of("narrative") == "narrative"


# -- templates ---------------------------------------------------------------------------------------


def test_templates_are_registered_under_their_ids() -> None:
    assert tuple(TEMPLATES) == templates.TEMPLATE_IDS
    assert TEMPLATES["hebei-2023"] is HEBEI_2023 and list(TEMPLATES.values())[-1] is UNKNOWN
    assert [t.id for t in TEMPLATES.values() if t.publishable] == ["hebei-2023"]
    for template in TEMPLATES.values():
        assert template.name
        keys = {*template.tables, *template.titles, *template.patterns, *template.heads, *template.empty_notes}
        assert keys <= set(tables.TABLE_IDS), (template.id, keys - set(tables.TABLE_IDS))


def test_hebei_template_is_the_nine_tables() -> None:
    assert HEBEI_2023.tables == STANDARD_TABLES
    assert set(HEBEI_2023.empty_notes) == set(STANDARD_TABLES)
    assert HEBEI_2023.heads["income"] == SPECS["income"].labels
    assert HEBEI_2023.head_mark == "栏次"
    assert recognise({t: SPECS[t].title for t in STANDARD_TABLES}.items()) is HEBEI_2023


@pytest.mark.parametrize("template_id", [t for t in templates.TEMPLATE_IDS if t not in ("hebei-2023", "unknown")])
def test_each_family_is_recognised_by_the_titles_it_prints(template_id: str) -> None:
    template = TEMPLATES[template_id]  # type: ignore[index]
    printed = dict(template.titles)
    if template is templates.UNIVERSITY:  # its titles start with the university's name
        printed = {t: f"示例大学{title}" for t, title in printed.items()}
    assert recognise(printed) is template
    numbered = {t: f"表{n}：2026年{title}" for n, (t, title) in enumerate(printed.items(), start=1)}
    assert recognise(numbered) is template  # numbering and year are not part of the title


def test_unrecognised_titles_are_the_unknown_template() -> None:
    assert recognise({}) is UNKNOWN
    assert recognise({"summary": "甲表", "income": "乙表", "expenditure": "丙表"}) is UNKNOWN


def test_legacy_template_values() -> None:
    assert template_of(None) is HEBEI_2023
    assert template_of("other") is UNKNOWN
    assert template_of("no-such-template") is UNKNOWN
    assert template_of("jiangsu") is templates.JIANGSU
    assert Disclosure.model_validate({"source": "x", "layout": "pdf"}).template == "hebei-2023"
    assert Disclosure.model_validate({"source": "x", "layout": "pdf", "template": None}).template == "hebei-2023"
    assert Disclosure.model_validate({"source": "x", "layout": "pdf", "template": "other"}).template == "unknown"


def test_rules_declare_existing_templates() -> None:
    declared = [r for r in RULES.values() if r.templates is not None]
    assert declared, "no rule declares its templates: the Hebei-only rules should"
    for r in declared:
        assert r.templates and r.templates <= set(templates.TEMPLATE_IDS), (r.id, r.templates)
        assert r.template_bound and r.applies_to("hebei-2023") == ("hebei-2023" in r.templates)
    assert all(r.applies_to("unknown") for r in RULES.values() if r.templates is None)
    assert rules_for("hebei-2023") == declared and rules_for("unknown") == []


# -- levels and units --------------------------------------------------------------------------------


def test_levels() -> None:
    assert get_args(Level) == levels.LEVELS
    assert set(levels.LEVEL_NAMES) == set(levels.LEVELS)
    assert levels.parse_level("县级") == "县" and levels.parse_level(" 省 ") == "省"
    assert levels.parse_level("州") is None and levels.parse_level(None) is None
    assert levels.level_name("区") == "区级" and levels.level_name(None) == "" and levels.level_name("州") == "州"


def test_units() -> None:
    assert set(units.TO_WAN) == set(units.UNITS)
    assert units.EXPONENTS == {"元": -4, "千元": -1, "万元": 0, "亿元": 4}
    assert Decimal("156211123").scaleb(units.EXPONENTS["元"]) == Decimal("15621.1123")
    assert all(units.TO_WAN[u] == Decimal(1).scaleb(e) for u, e in units.EXPONENTS.items())
    found = [units.UNIT_RE.search(text) for text in ("单位：万元", "单位:元", "单位： 千元")]
    assert [m.group(1) if m else None for m in found] == ["万元", "元", "千元"]


# -- names written once ------------------------------------------------------------------------------

#: Literals allowed outside the domain package, each with its reason (path relative to src/yusuan).
ALLOWED: dict[tuple[str, str], str] = {}


def _names() -> set[str]:
    names = {SPECS[t].title for t in STANDARD_TABLES} | {SPECS[t].short for t in STANDARD_TABLES}
    # a level's name where it differs from the level (省级 …; 中央 is both and names the central government)
    names |= {name for level, name in levels.LEVEL_NAMES.items() if name != level}
    return names


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module, leaving out docstrings and the fixed parts of f-strings (pieces of a
    message, not a name's definition)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip |= {id(v) for v in node.values}
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
    ]


def test_table_and_level_names_are_written_only_in_the_domain_package() -> None:
    names = _names()
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if DOMAIN in path.parents:
            continue
        rel = str(path.relative_to(SRC))
        for line, value in _literals(path):
            if value in names and (rel, value) not in ALLOWED:
                found.append(f"{rel}:{line} {value}")
    assert not found, "Chinese names of the domain vocabulary written outside src/yusuan/domain: " + ", ".join(found)


# -- the template a read document records ------------------------------------------------------------


@pytest.mark.parametrize("key", ["000", "002"])
def test_a_hebei_seed_records_the_hebei_template(key: str) -> None:
    d = yusuan.read(seed_path(key))
    assert d.template == "hebei-2023"
    # every rule written for a budget runs (the final accounts' own rules skip a budget)
    assert sorted(review(d).skipped) == sorted(r.id for r in RULES.values() if d.kind not in r.documents)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent: the PDFs are not bundled")
@pytest.mark.parametrize(
    ("name", "template_id"),
    [("jiangsu-2018-省人民检察院.pdf", "jiangsu"), ("shenzhen-2026-司法局.pdf", "shenzhen")],
)
def test_a_corpus_pdf_records_its_template(name: str, template_id: str) -> None:
    d = yusuan.read(CORPUS / name)
    assert d.template == template_id
    hebei_only = sorted(r.id for r in RULES.values() if r.templates is not None and template_id not in r.templates)
    result = review(d)
    reasons = {run.rule: run.reason or "" for run in result.coverage if run.status == "skipped"
               and d.kind in RULES[run.rule].documents}  # fmt: skip
    assert hebei_only and all(reasons[r].startswith("仅适用于") for r in hebei_only)
    # the other rules skipped lack an input the file does not print (or the reader did not read)
    assert all(reason.startswith("缺少") for rule_id, reason in reasons.items() if rule_id not in hebei_only)
