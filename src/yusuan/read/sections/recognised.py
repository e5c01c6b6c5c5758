"""The reading report's entries for the tables the table reader recognises and leaves to the section
readers (绩效目标表, 政府采购预算表): once a section reader has read rows on a table's pages, the entry
says so (read, with the rows and amount cells read)."""

from __future__ import annotations

from yusuan.model import PerformanceProject, Procurement, ReadingReport


def mark_section_tables(
    report: ReadingReport | None, performance: list[PerformanceProject], procurement: Procurement
) -> None:
    if report is None:
        return
    pages: dict[str, dict[int, tuple[int, int]]] = {"performance_table": {}, "procurement_table": {}}
    for project in performance:
        for indicator in project.indicators:
            _count(pages["performance_table"], indicator.location.page, 1, int(indicator.number is not None))
        _count(pages["performance_table"], project.location.page, 0, int(project.budget is not None))
    for line in procurement.lines:
        _count(pages["procurement_table"], line.location.page, 1, len(line.values))
    for reading in report.tables:
        found = pages.get(reading.table)
        if reading.read or not found:
            continue
        counts = [found[p] for p in reading.pages if p in found]
        if counts:
            reading.read = True
            reading.rows = sum(c[0] for c in counts)
            reading.cells = sum(c[1] for c in counts)


def _count(pages: dict[int, tuple[int, int]], page: int | None, rows: int, cells: int) -> None:
    if page is not None:
        before = pages.get(page, (0, 0))
        pages[page] = (before[0] + rows, before[1] + cells)
