"""The reading report of a real file: tables found, cells read, checks that pass, a confidence."""

from __future__ import annotations

from collections import Counter

from yusuan.model import ReadingReport, TableReading
from yusuan.read.infer.constraints import Index
from yusuan.read.infer.solver import Equation
from yusuan.read.tables.raw import RawTables


def reading_report(
    layout: str, pages: int | None, raw: RawTables, index: Index, equations: list[Equation], dropped: list[Equation]
) -> ReadingReport:
    checks: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    broken = {id(e) for e in dropped}
    for eq in equations:
        for table_id in {index.rows[term.var].table for term in eq.terms}:
            checks[table_id] += 1
            if id(eq) not in broken:
                passed[table_id] += 1
    readings: list[TableReading] = []
    for table_id, t in raw.tables.items():
        cells = sum(len(r.fixed or {}) for r in t.rows)
        unknown = [label for key, label in t.labels.items() if key.startswith("c") and key[1:].isdigit()]
        n_checks = checks[table_id]
        score = passed[table_id] / n_checks if n_checks else (0.9 if cells else 0.6)
        if t.columns:
            score *= 1 - 0.5 * len(unknown) / len(t.columns)
        readings.append(
            TableReading(
                table=table_id,
                title=t.title,
                pages=t.pages,
                rows=len(t.rows),
                cells=cells,
                columns=len(t.columns),
                unknown_columns=unknown,
                checks=n_checks,
                passed=passed[table_id],
                confidence=round(score, 3),
            )
        )
    for other in raw.others:
        readings.append(TableReading(table=other.id, title=other.title, pages=other.pages, read=False))
    read = [r for r in readings if r.read]
    notes: list[str] = []
    if not read:
        notes.append("未找到可读取的预算表格")
    notes.extend(f"{t.title}：{note}" for t in raw.tables.values() for note in t.notes)
    confidence = round(sum(r.confidence for r in read) / len(read), 3) if read else 0.0
    return ReadingReport(format=layout, pages=pages, tables=readings, confidence=confidence, notes=notes)
