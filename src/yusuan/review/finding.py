"""Findings: what the review reports, each with its evidence."""

from __future__ import annotations

from typing import Literal, TypedDict, get_args

from pydantic import BaseModel, ConfigDict, Field

from yusuan.model import Amount, Location

Severity = Literal["error", "warning", "info"]
Kind = Literal[
    "missing",
    "arithmetic",
    "cross_table",
    "narrative",
    "unit",
    "classification",
    "performance",
    "procurement",
    "boilerplate",
    "parse",
]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
KINDS: tuple[Kind, ...] = get_args(Kind)
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
#: Severity colours, in one place: a Rich colour for the terminal (reports, tables, messages), an RGB
#: fill for spreadsheet cells (the xlsx report) and the HTML report's CSS colours (text, background).
SEVERITY_STYLE: dict[Severity, str] = {"error": "red", "warning": "yellow", "info": "cyan"}
SEVERITY_FILL: dict[Severity, str] = {"error": "F8C9C4", "warning": "FCE4A8", "info": "CFE3FA"}
SEVERITY_CSS: dict[Severity, tuple[str, str]] = {
    "error": ("#b42318", "#fef3f2"),
    "warning": ("#b54708", "#fffaeb"),
    "info": ("#175cd3", "#eff8ff"),
}
KIND_ZH = {
    "missing": "缺失",
    "arithmetic": "表内勾稽",
    "cross_table": "表间勾稽",
    "narrative": "说明与表格",
    "unit": "计量单位",
    "classification": "科目分类",
    "performance": "绩效目标",
    "procurement": "政府采购与资产",
    "boilerplate": "格式文字",
    "parse": "读取",
}


class Evidence(BaseModel):
    """One place a finding points at: a table cell, a row, a section or a narrative sentence."""

    model_config = ConfigDict(extra="forbid")

    table: str | None = Field(default=None, description="Canonical table id, or a section id")
    row: str | None = Field(default=None, description="Row code or key")
    name: str | None = Field(default=None, description="Row name or item as printed")
    column: str | None = Field(default=None, description="Canonical column key")
    value: Amount | None = None
    page: int | None = None
    line: int | None = None
    sentence: str | None = Field(default=None, description="The narrative sentence, quoted")
    file: str | None = Field(
        default=None, description="The file of the package it is printed in (a package read from several files)"
    )


class _Place(TypedDict):
    page: int | None
    line: int | None
    file: str | None


def at(location: Location) -> _Place:
    """Where a thing was read, as evidence fields: page (or line) and the file of the package."""
    return {"page": location.page, "line": location.line, "file": location.file}


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    kind: Kind
    severity: Severity
    title: str
    message: str
    values: dict[str, Amount] = Field(default_factory=dict)
    locations: list[Evidence] = Field(default_factory=list)
