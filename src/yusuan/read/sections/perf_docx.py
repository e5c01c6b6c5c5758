"""项目绩效目标表 in the DOCX-text layout, where every table row arrives as a row of cells.

Two templates occur:

* 2023 (002, 003): a ``N、…绩效目标表`` title, a ``绩效目标`` row (its text may go on in paragraphs
  after the row), a header row 一级指标 … 指标值确定依据, then one row per indicator; a blank
  一级/二级指标 cell repeats the one above (merged cells).
* 2020 (004): a 部门职责及工作活动绩效目标指标 table, one row per activity (职责活动, 年度预算数,
  内容描述, 绩效目标, 绩效指标, then 评价标准 优/良/中/差), and under 九、项目绩效申报情况 one
  table per project starting with a 项目名称 row, with 年度资金总额, 县级资金, 年度目标 and the
  indicators under a 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from yusuan.model import Location, PerformanceProject
from yusuan.read.sections.perf_common import is_heading, make_indicator, project_title
from yusuan.read.source import Block, Para, SourceText
from yusuan.read.text import is_amount, parse_amount

Kind = Literal["project", "activity"]

_ACTIVITY_TABLE = "部门职责及工作活动绩效目标"
_FISCAL_LABELS = ("县级资金", "财政资金", "其中：财政资金")


def read_docx_projects(src: SourceText) -> list[PerformanceProject]:
    reader = _Reader()
    for block in src.blocks():
        reader.feed(block)
    return reader.projects


def _column_map(texts: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, text in enumerate(texts):
        columns.setdefault(text, index)
    return columns


def _cell(texts: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return texts[index].strip() if index is not None and index < len(texts) else ""


def _first_amount(texts: list[str]) -> str | None:
    return next((t for t in texts if is_amount(t)), None)


@dataclass
class _Reader:
    projects: list[PerformanceProject] = field(default_factory=list)
    current: PerformanceProject | None = None
    mode: str = ""
    columns: dict[str, int] = field(default_factory=dict)
    level1: str | None = None
    level2: str | None = None
    in_section: bool = False  # inside a performance chapter (its heading mentions 绩效)

    def feed(self, block: Block) -> None:
        if isinstance(block, Para):
            self._para(block)
        elif block.cells:
            self._row(block.texts, block.location)

    def _start(self, name: str, location: Location, kind: Kind = "project") -> PerformanceProject:
        self.current = PerformanceProject(name=name, kind=kind, location=location)
        self.projects.append(self.current)
        return self.current

    def _start_project(self, name: str, location: Location) -> None:
        self._start(name, location)
        self.mode, self.columns = "", {}

    def _para(self, para: Para) -> None:
        name = project_title(para.text)
        if name is not None:
            self.in_section = True
            self._start_project(name, para.location)
        elif _ACTIVITY_TABLE in para.text:
            self.current, self.mode, self.columns = None, "activities", {}
        elif is_heading(para.text):
            self.current, self.mode = None, ""
            self.in_section = "绩效" in para.text
        elif self.mode == "goal" and self.current is not None:
            self.current.goal = "\n".join(filter(None, [self.current.goal, para.text]))

    def _row(self, texts: list[str], location: Location) -> None:
        first = texts[0]
        if first == "项目名称" and len(texts) > 1 and self.in_section:
            self._start_project(texts[1], location)
        elif self.mode == "activities":
            self._activity_row(texts, location)
        elif self.current is None:
            return
        elif first == "绩效目标":
            self.current.goal = "\n".join(t for t in texts[1:] if t) or None
            self.mode = "goal"
        elif "一级指标" in texts and "指标值" in texts:
            self.columns, self.mode = _column_map(texts), "indicators"
            self.level1 = self.level2 = None
        elif first == "项目概况及总体目标":
            self.columns, self.mode = _column_map(texts), "overview"
        elif self.mode == "overview":
            self.current.goal = _cell(texts, self.columns, "年度目标") or None
            self.mode = ""
        elif self.mode == "indicators":
            self._indicator_row(texts, location)
        else:
            self._funding_row(texts)

    def _funding_row(self, texts: list[str]) -> None:
        assert self.current is not None
        for index, text in enumerate(texts):
            amount = _first_amount(texts[index + 1 :])
            if amount is None:
                continue
            if text.startswith("年度资金总额"):
                self.current.budget = parse_amount(amount)
            elif text in _FISCAL_LABELS:
                self.current.fiscal = parse_amount(amount)

    def _indicator_row(self, texts: list[str], location: Location) -> None:
        assert self.current is not None
        name = _cell(texts, self.columns, "三级指标")
        if not name:
            return
        level1 = _cell(texts, self.columns, "一级指标")
        level2 = _cell(texts, self.columns, "二级指标")
        if level1:
            self.level1, self.level2 = level1, level2 or None
        elif level2:
            self.level2 = level2
        self.current.indicators.append(
            make_indicator(
                name,
                _cell(texts, self.columns, "指标值"),
                location,
                level1=self.level1,
                level2=self.level2,
                description=_cell(texts, self.columns, "绩效指标描述"),
                basis=_cell(texts, self.columns, "指标值确定依据"),
            )
        )

    def _activity_row(self, texts: list[str], location: Location) -> None:
        if "职责活动" in texts:
            self.columns = _column_map(texts)
            return
        if "优" in texts:
            self.columns["优"] = texts.index("优")
            return
        name = _cell(texts, self.columns, "职责活动")
        if not name or "职责活动" not in self.columns:
            return
        activity = self._start(name, location, kind="activity")
        budget = _cell(texts, self.columns, "年度预算数")
        activity.budget = parse_amount(budget) if is_amount(budget) else None
        activity.goal = _cell(texts, self.columns, "绩效目标") or None
        activity.description = _cell(texts, self.columns, "内容描述") or None
        indicator = _cell(texts, self.columns, "绩效指标")
        if indicator:
            activity.indicators.append(make_indicator(indicator, _cell(texts, self.columns, "优"), location))
