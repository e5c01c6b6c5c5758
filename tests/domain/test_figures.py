"""The figure registry (yusuan.domain.figures): consistent, used everywhere, and written once."""

from __future__ import annotations

import ast
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from yusuan.domain import figures as F
from yusuan.read.sections.narrative_claims import section_default, subject_of
from yusuan.store.figures import key_figures
from yusuan.synth import samples

SRC = Path(__file__).resolve().parents[2] / "src" / "yusuan"

# -- the registry is consistent ---------------------------------------------------------------------


def test_keys_are_the_typed_ids_and_unique() -> None:
    keys = [f.key for f in F.FIGURES.values()]
    assert len(F.FIGURES) == len(F.FIGURE_KEYS) == len(set(F.FIGURE_KEYS))
    assert keys == list(F.FIGURE_KEYS)


def test_names_and_labels_are_unique() -> None:
    names = Counter(f.name for f in F.FIGURES.values())
    assert [n for n, c in names.items() if c > 1] == []
    labels = [f.label for f, _depth in F.HISTORY]
    assert len(labels) == len(set(labels))


def test_parts_and_subjects_refer_to_known_figures() -> None:
    for f in F.FIGURES.values():
        assert set(f.parts) <= set(F.FIGURE_KEYS), f.key
        assert f.key not in f.parts
        assert f.stated_as is None or f.stated_as in F.FIGURES
        # A figure shown beside its parts has them shown too.
        if f.history:
            assert all(F.FIGURES[p].history for p in f.parts), f.key


def test_every_stored_table_figure_has_a_reading() -> None:
    for f in F.STORED:
        assert (f.reading is not None) == (f.source == "table"), f.key
    assert {f.key for f in F.STORED if f.reading is None} == {"staff", "stated_prior", "stated_change"}
    assert all(f.stored and f.reading is not None for f in F.COMPARED)


def test_keywords_are_unique_and_name_claimed_subjects() -> None:
    words = [w for w, _subject in F.SUBJECT_KEYWORDS]
    assert len(words) == len(set(words))
    assert all(F.FIGURES[s].claimed for _w, s in F.SUBJECT_KEYWORDS)
    # Each subject's keywords are listed together (most specific first within the subject).
    order = [s for _w, s in F.SUBJECT_KEYWORDS]
    assert len({s for s in order}) == len([s for i, s in enumerate(order) if i == 0 or order[i - 1] != s])


def test_keyword_order_decides_nothing() -> None:
    """The closest-ending, then longest keyword wins; with unique keywords no two tie."""
    for word, subject in F.SUBJECT_KEYWORDS:
        assert subject_of(f"本年{word}") == subject, word
    assert subject_of("2023年“三公”经费预算安排") == "three_public"
    assert subject_of("其中：公务用车购置及运维费") == "vehicle"
    assert subject_of("和日常公用经费") == "public"
    assert subject_of("其中：一般公共预算收入") == "general_income"
    assert subject_of("其中：本年财政拨款收入") == "fiscal_income"
    assert section_default("三、机关运行经费安排情况") == "operating_cost"
    assert section_default("六、政府采购预算情况") == "procurement"


def test_history_tree() -> None:
    assert [(f.key, depth) for f, depth in F.HISTORY] == [
        ("total", 0),
        ("basic", 1),
        ("personnel", 2),
        ("public", 2),
        ("project", 1),
        ("operating_cost", 0),
        ("three_public", 0),
        ("abroad", 1),
        ("vehicle", 1),
        ("vehicle_purchase", 2),
        ("vehicle_operation", 2),
        ("reception", 1),
        ("staff", 0),
    ]
    assert F.parent("vehicle_operation") == "vehicle"
    assert F.parent("vehicle") == "three_public"
    assert F.parent("total") is None


def test_decompositions() -> None:
    assert F.decompositions("expenditure") == (("basic", "project"), ("personnel", "public", "project"))
    assert F.decompositions("three_public") == (
        ("abroad", "vehicle", "reception"),
        ("abroad", "vehicle_purchase", "vehicle_operation", "reception"),
    )
    assert F.decompositions("vehicle") == (("vehicle_purchase", "vehicle_operation"),)
    assert F.decompositions("reception") == ()


# -- key_figures reads the registry's cells -----------------------------------------------------------


def test_key_figures_of_the_consistent_sample() -> None:
    """The values as the sample's tables print them (synth/samples.py), not as the code computes them."""
    assert key_figures(samples.consistent()) == {
        # 支出总表 合计 row: 593.58 = 430.58 basic + 163.00 project
        "total": Decimal("593.58"),
        "basic": Decimal("430.58"),
        "project": Decimal("163.00"),
        # 基本支出表 合计 row: 405.07 personnel, 25.51 public; 机关运行经费 is the 公用经费
        "personnel": Decimal("405.07"),
        "public": Decimal("25.51"),
        "operating_cost": Decimal("25.51"),
        # 三公 table: 8.30 in all, 因公出国 and 公务用车购置 printed blank (0), 运维 6.80, 接待 1.50
        "three_public": Decimal("8.30"),
        "abroad": Decimal(0),
        "vehicle_purchase": Decimal(0),
        "vehicle_operation": Decimal("6.80"),
        "reception": Decimal("1.50"),
        # no 人员构成; the narrative: 较2022年预算590.83万元增加2.75万元
        "staff": None,
        "stated_prior": Decimal("590.83"),
        "stated_change": Decimal("2.75"),
    }


def test_key_figures_of_an_empty_three_public_table_are_zero() -> None:
    d = samples.consistent()
    empty = d.tables["three_public"].model_copy(update={"rows": [], "note": "注：无财政拨款“三公”经费预算，空表列示。"})
    figures = key_figures(d.model_copy(update={"tables": {**d.tables, "three_public": empty}}))
    assert [figures[k] for k in ("three_public", "abroad", "vehicle_operation", "reception")] == [Decimal(0)] * 4
    assert figures["total"] == Decimal("593.58")
    without = {k: v for k, v in d.tables.items() if k != "three_public"}
    figures = key_figures(d.model_copy(update={"tables": without}))
    assert figures["three_public"] is None


# -- every figure's Chinese name is written once in src ----------------------------------------------

#: Allowed repetitions: (file, name) — every one says why.
ALLOWED: set[tuple[str, str]] = {
    # 项目 is also the printed head of the name column of every table (and of the project lists);
    # there it is table vocabulary, not the narrative subject ``project_item``.
    ("*", "项目"),
    # The income sources are also the printed heads of the income table's columns (table vocabulary
    # in the readers, the publisher and synth); as narrative subjects they are named from the registry.
    *(("*", name) for name in ("事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入")),
    *(("*", name) for name in ("一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入")),
}


def _docstrings(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _spells(text: str, name: str) -> bool:
    """Whether a string constant spells a figure's name: equal to it, or for a name of four or more
    characters containing it — but not as part of a table's name (基本支出表 is the table) nor of a
    cited document's title (《项目支出绩效评价管理办法》)."""
    if text == name:
        return True
    if len(name) < 4:
        return False
    text = re.sub(r"《[^》]*》", "", text)
    start = text.find(name)
    while start >= 0:
        if not text.startswith("表", start + len(name)):
            return True
        start = text.find(name, start + 1)
    return False


def duplicates() -> dict[str, list[str]]:
    """Every string constant outside ``domain/`` that spells a figure's name, by file (docstrings and
    comments are documentation and may mention figures)."""
    names = sorted({f.name for f in F.FIGURES.values()} | {f.label for f in F.FIGURES.values()})
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("domain/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docs:
                continue
            for name in names:
                if ("*", name) in ALLOWED or (rel, name) in ALLOWED:
                    continue
                if _spells(node.value, name):
                    found.setdefault(rel, []).append(f"{rel}:{node.lineno}: {name} in {node.value[:40]!r}")
    return found


def test_figure_names_are_written_once() -> None:
    hits = [hit for found in duplicates().values() for hit in found]
    assert hits == [], "figure names spelled outside the registry (use yusuan.domain.figures):\n" + "\n".join(hits)


def test_the_duplicate_search_finds_a_spelled_name() -> None:
    assert _spells("公务用车运行维护费", "公务用车运行维护费")
    assert _spells("说明中的政府采购预算与采购表不符", "政府采购预算")
    assert not _spells("“三公”经费表与基本支出表不一致", "基本支出")  # table names
    assert not _spells("《项目支出绩效评价管理办法》", "项目支出")  # a cited document
    assert not _spells("项目名称", "项目")  # short names only when equal


def test_three_public_rows_and_glossary() -> None:
    keys = [k for k, _label in F.THREE_PUBLIC_ROWS]
    read = {f.reading.row for f in F.FIGURES.values() if f.reading and f.reading.table == "three_public"}
    assert read <= set(keys)
    assert dict(F.THREE_PUBLIC_ROWS)["vehicle"] == "二、公务用车购置及运维费"
    terms = dict(F.glossary("县级"))
    assert list(terms) == ["基本支出", "项目支出", "机关运行经费", "“三公”经费"]
    assert terms["“三公”经费"].startswith("指县级部门用财政拨款安排的因公出国（境）费")


def test_economic_codes_of_the_three_public_items() -> None:
    """The basic-expenditure codes an empty 三公 table's items are read from."""
    assert F.economic_codes("three_public") == ("30212", "30217", "30231")
    assert F.economic_codes("vehicle") == ("30231",)
    assert F.economic_codes("vehicle_purchase") == ()
    assert F.economic_codes("reception") == ("30217",)
