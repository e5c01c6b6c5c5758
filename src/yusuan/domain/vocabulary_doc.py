"""docs/vocabulary.md, generated from the domain registries: tables and their columns, column keys,
key figures, templates, government levels and units.

The page is the documentation of the vocabulary *because* it is made from it: a table, column, figure
or template added to ``yusuan.domain`` appears here once ``scripts/make_docs.py`` runs, and
``tests/test_docs.py`` fails until it has.
"""

from __future__ import annotations

from collections.abc import Iterable

from yusuan.domain import subjects
from yusuan.domain.figures import FIGURES, Figure
from yusuan.domain.levels import LEVEL_NAMES
from yusuan.domain.tables import COLUMN_NAMES, RECOGNISED_TITLES, SPECS, TableSpec
from yusuan.domain.templates import TEMPLATES, Template
from yusuan.domain.units import TO_WAN

HEADER = """# 词汇表 Vocabulary

Generated from `yusuan.domain` by `scripts/make_docs.py`; a test fails when it is stale. The ids and
keys are the public contract of the JSON output and the store (DOMAIN.md §1); the Chinese names are
written once, in `src/yusuan/domain/`.
本页由 `yusuan.domain` 自动生成，请勿手工编辑。
"""

_ROW_KINDS = {
    "function": "支出功能分类科目（类/款/项）",
    "economic": "支出经济分类科目（类/款）",
    "keyed": "按项目名称（如“三公”经费各项）",
    "two_sided": "收入、支出两栏",
}


def _cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _table(heads: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    heads = list(heads)
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _columns(spec: TableSpec) -> str:
    text = "、".join(f"`{c}` {label}" for c, label in zip(spec.columns, spec.labels, strict=False))
    if spec.income_columns:
        income = "、".join(
            f"`{c}` {label}" for c, label in zip(spec.income_columns, spec.income_labels or spec.labels, strict=False)
        )
        text = f"收入 {income}；支出 {text}"
    return text


def _equations(spec: TableSpec) -> str:
    return "；".join(f"{lhs} = {' + '.join(rhs)}" for lhs, rhs in spec.equations)


def tables_section() -> str:
    rows = [
        (
            f"`{s.id}`",
            s.title,
            s.short,
            "是" if s.standard else "",
            _ROW_KINDS.get(s.row_kind, s.row_kind),
            _columns(s),
            _equations(s),
        )
        for s in SPECS.values()
    ]
    rows += [
        (f"`{tid}`", title, "", "", "（已识别标题，明细尚未读取）", "", "") for tid, title in RECOGNISED_TITLES.items()
    ]
    heads = ("id", "标题 title", "简称 short", "九张标准表", "行 rows", "栏 columns", "每行成立 row equations")
    return "## 表 Tables\n\n" + _table(heads, rows)


def columns_section() -> str:
    rows = [(f"`{key}`", name) for key, name in COLUMN_NAMES.items()]
    return "## 栏 Column keys\n\n" + _table(("key", "中文名"), rows)


def _reading(f: Figure) -> str:
    if f.reading is None:
        return {"staffing": "人员构成", "narrative": "情况说明所述"}.get(f.source, "")
    r = f.reading
    return f"`{r.table}` · 行 `{r.row}` · 栏 `{r.column}`" + ("（空表即 0）" if r.empty_is_zero else "")


def figures_section() -> str:
    rows = [
        (
            f"`{f.key}`",
            f.name,
            f.short_label if f.short_label != f.name else "",
            " + ".join(f"`{p}`" for p in f.parts),
            _reading(f),
            "、".join(f.keywords),
            "、".join(w for w, on in (("入库", f.stored), ("历年", f.history), ("比较", f.compared)) if on),
        )
        for f in FIGURES.values()
    ]
    heads = ("key", "中文名", "简称", "组成 parts", "取自 reading", "说明中的关键词 keywords", "用于 used by")
    return "## 主要数字 Key figures\n\n" + _table(heads, rows)


def _template(t: Template) -> str:
    lines = [f"### `{t.id}` {t.name}\n"]
    if t.region:
        lines.append(f"地区 region：{t.region}" + ("；可生成 publishable" if t.publishable else "") + "\n")
    if t.tables:
        lines.append(_table(("表 table", "印刷标题 printed title"), ((f"`{tid}`", t.title(tid)) for tid in t.tables)))
    if t.sections:
        lines.append("情况说明各部分 sections：" + "、".join(f"{n}、{title}" for n, title in t.sections) + "\n")
    return "\n".join(lines)


def narrative_section() -> str:
    return subjects.doc_section()


def templates_section() -> str:
    return "## 模板 Templates\n\n" + "\n".join(_template(t) for t in TEMPLATES.values())


def levels_units_section() -> str:
    levels = _table(("level", "级次名称"), ((f"`{k}`", v) for k, v in LEVEL_NAMES.items()))
    units = _table(("单位 unit", "折合万元 factor to 万元"), ((u, format(k, "f")) for u, k in TO_WAN.items()))
    return "## 级次 Levels\n\n" + levels + "\n## 金额单位 Units\n\n" + units


def markdown() -> str:
    parts = [
        HEADER,
        tables_section(),
        columns_section(),
        figures_section(),
        narrative_section(),
        templates_section(),
        levels_units_section(),
    ]
    return "\n".join(parts)
