"""项目绩效目标表: one :class:`PerformanceProject` per project (or, in the 2020 template, per 职责活动).

The 部门整体绩效目标 prose is not a project and is left to the narrative reader; a 部门整体支出绩效目标表
is one entry of kind ``department``. The layouts are read by :mod:`yusuan.read.sections.perf_pdf`,
:mod:`yusuan.read.sections.perf_docx` and, for the ruled grids of real files,
:mod:`yusuan.read.sections.perf_grid`; the value parser is shared (:func:`parse_value`).
"""

from __future__ import annotations

from yusuan.model import PerformanceProject
from yusuan.read.sections.grid_regions import regions
from yusuan.read.sections.perf_common import ParsedValue, parse_value
from yusuan.read.sections.perf_docx import read_docx_projects
from yusuan.read.sections.perf_grid import read_grid_projects
from yusuan.read.sections.perf_pdf import read_pdf_projects
from yusuan.read.source import SourceText

__all__ = ["ParsedValue", "extract_performance", "parse_value"]

_PERFORMANCE = frozenset({"performance_table"})


def extract_performance(src: SourceText) -> list[PerformanceProject]:
    """Every project 绩效目标表 of the source, in document order."""
    if not src.positional:
        return read_pdf_projects(src)
    if not src.extracted:  # the grids of PDF, DOCX, XLSX, HTML tables: cells keep their columns
        grid = read_grid_projects(src)
        if grid or (src.layout == "pdf" and not any(regions(src, _PERFORMANCE))):
            return grid  # a PDF titling no 绩效目标表 has none for the Hebei reader either
    return read_docx_projects(src)  # the Hebei template's N、…绩效目标表 (its own titles and rows)
