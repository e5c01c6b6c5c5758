"""Read the nine tables of a disclosure into the model, placing every number by arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yusuan.domain.classification import function_children, name_matches, summary_item_class
from yusuan.domain.tables import SPECS, row_equations
from yusuan.model import Ambiguity, AnyTable, Problem, ReadingReport, Row, Table, TwoSidedTable
from yusuan.read.infer.constraints import WITHIN, Index, build_equations, class_code_of
from yusuan.read.infer.solver import ZERO, Candidate, Equation, Term, placements, solve
from yusuan.read.report import reading_report
from yusuan.read.source import SourceText
from yusuan.read.tables.grid_tables import read_grid_tables
from yusuan.read.tables.pdftext import read_pdf_tables
from yusuan.read.tables.positional import hebei_grid, read_docx_tables
from yusuan.read.tables.raw import RawRow, RawTables


@dataclass
class TablesResult:
    tables: dict[str, AnyTable] = field(default_factory=dict)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Equations the document's own numbers break: set aside while placing numbers.
    broken: list[str] = field(default_factory=list)
    #: Real files: what was found and how well it adds up.
    report: ReadingReport | None = None


#: Fewer standard tables than this read by the Hebei template's positions: the file is tried by meaning too.
_FEW_TABLES = 5


def read_tables(src: SourceText) -> TablesResult:
    if src.layout == "pdf-text":
        raw = read_pdf_tables(src)
    elif src.layout == "docx-text":
        raw = read_docx_tables(src)
    elif hebei_grid(src):
        raw = read_docx_tables(src)  # the Hebei template: heads down to the 栏次 row, cells by position
        if len(raw.tables) < _FEW_TABLES:  # other templates print 栏次 rows too (决算 …): read by meaning
            by_meaning = read_grid_tables(src)
            if len(by_meaning.tables) > len(raw.tables):
                raw = by_meaning
    else:
        raw = read_grid_tables(src)
    index = Index.build(raw)
    _name_summary_classes(index)
    index = Index.build(raw)
    domains = [_candidates(r) for r in index.rows]
    equations = _row_equations(index, raw) + build_equations(raw, index)
    outcome = solve(domains, equations)
    result = TablesResult(problems=list(raw.problems), broken=[e.label for e in outcome.dropped])
    values: list[dict[str, Decimal]] = []
    for row, domain in zip(index.rows, outcome.domains, strict=True):
        values.append(_common(domain))
        if len(domain) > 1:
            result.ambiguities.append(
                Ambiguity(
                    table=row.table,
                    code=row.code,
                    key=row.key,
                    name=row.name,
                    numbers=row.numbers,
                    candidates=domain,
                    location=row.location,
                )
            )
    result.tables = _assemble(raw, index, values)
    if not src.extracted:
        result.report = reading_report(src.layout, src.pages, raw, index, equations, outcome.dropped)
    return result


def _name_summary_classes(index: Index) -> None:
    """Give the summaries' expenditure items their codes: a 类 by its name; a line printed below a 类
    (款 and 项 listed under it, as some templates do) by the name the document's own code tables give a
    code under the 类 or 款 above it — so the side's 合计 is the sum of its 类 only."""
    for table in ("summary", "fiscal_summary"):
        parents: list[str] = []
        for i in index.by_table.get((table, "expenditure"), []):
            row = index.rows[i]
            if row.key is not None or row.code is not None:
                parents = [row.code] if row.code and len(row.code) == 3 else []
                continue
            sub = _code_below(index, parents, row.name) if parents else None
            code = None if sub else class_code_of(index, row.name) or summary_item_class(row.name)
            row.code = code or sub
            if code:
                parents = [code]
            elif sub:
                parents = [*(p for p in parents if len(p) < len(sub)), sub]


def _code_below(index: Index, parents: list[str], name: str) -> str | None:
    """The code, under the nearest of ``parents``, whose row in a code table is named ``name`` — or, where
    the tables print names without codes, whose entry in the 支出功能分类 is named so."""
    bare = re.sub(r"\s+", "", name)
    for parent in reversed(parents):
        for table in ("expenditure", "general_budget"):
            for i in index.by_table.get((table, "main"), []):
                row = index.rows[i]
                code = row.code or ""
                if len(code) == len(parent) + 2 and code.startswith(parent) and row.name == bare:
                    return code
        for entry in function_children(parent):
            if name_matches(entry.name, bare):
                return entry.code
    return None


def _candidates(row: RawRow) -> list[Candidate]:
    if row.fixed is not None:
        return [row.fixed]
    return placements(row.numbers, row.columns)


def _row_equations(index: Index, raw: RawTables) -> list[Equation]:
    eqs: list[Equation] = []
    for i, row in enumerate(index.rows):
        if row.side == "income":
            continue
        residuals = raw.tables[row.table].residuals if row.table in raw.tables else {}
        for lhs, rhs in _equations(row):
            rhs = (*rhs, *(k for k, whole in residuals.items() if whole == lhs and k in row.columns))
            terms = (Term(i, lhs, 1), *(Term(i, c, -1) for c in rhs))
            eqs.append(Equation(terms, f"{row.table}:{row.code or row.key or row.name}:{lhs}", ZERO, WITHIN))
    return eqs


def _equations(row: RawRow) -> list[tuple[str, tuple[str, ...]]]:
    """The row equations of the row's table, over the columns a real file's table prints."""
    if row.fixed is None or not row.columns:
        return list(SPECS[row.table].equations)
    return row_equations(row.table, set(row.columns))


def _common(domain: list[Candidate]) -> dict[str, Decimal]:
    """The cells every remaining candidate agrees on."""
    first = domain[0]
    return {k: v for k, v in first.items() if all(c.get(k) == v for c in domain[1:])}


def _assemble(raw: RawTables, index: Index, values: list[dict[str, Decimal]]) -> dict[str, AnyTable]:
    out: dict[str, AnyTable] = {}
    position = {id(r): i for i, r in enumerate(index.rows)}

    def model_row(r: RawRow) -> Row:
        vals = values[position[id(r)]]
        ordered = {c: vals[c] for c in r.columns if c in vals}
        return Row(code=r.code, key=r.key, name=r.name, values=ordered, location=r.location)

    for table_id, t in raw.tables.items():
        common: dict[str, Any] = {"title": t.title, "note": t.note, "unit": t.unit, "location": t.location}
        if t.columns:  # read from a real file
            source_unit = t.source_unit if t.source_unit != t.unit else None
            common.update(source_unit=source_unit, columns=t.labels or None, pages=t.pages or None)
        if SPECS[table_id].row_kind == "two_sided":
            out[table_id] = TwoSidedTable(
                **common,
                income=[model_row(r) for r in t.rows if r.side == "income"],
                expenditure=[model_row(r) for r in t.rows if r.side == "expenditure"],
            )
        else:
            out[table_id] = Table(**common, rows=[model_row(r) for r in t.rows])
    return out
