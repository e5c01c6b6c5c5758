"""Export the store as open data: every table but the whole-model JSON, streamed in batches.

Formats (registered in :data:`EXPORTERS`, written by :mod:`yusuan.store.export_formats`):

- ``csv``: a folder with one CSV per table (UTF-8 with BOM, so that Excel reads the Chinese; header
  row of the column names). Text a spreadsheet would take for a formula (``=…``, ``+…``, ``-…``,
  ``@…``) is written with an apostrophe before it.
- ``datapackage``: the same CSVs (plain UTF-8) and a ``datapackage.json`` following the Frictionless
  Tabular Data Package spec: one resource per table with a Table Schema (field types, English and
  Chinese descriptions, primary and foreign keys).
- ``parquet``: a folder with one Parquet file per table; amounts are ``decimal128(26, 6)``.
- ``xlsx``: one workbook, a ``说明`` sheet describing every field, then one sheet per table (a table
  longer than a sheet continues on ``cells_2`` …). Amounts are numbers (Excel keeps binary floats).

In CSV amounts are exact decimal strings (``618.63``), blanks are empty, booleans ``true``/``false``
and times ISO 8601 in UTC (``2024-03-01T08:00:00Z``). Rows are read in primary-key order, in
batches of :data:`BATCH`, and written as they come: memory stays flat whatever the store's size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from sqlalchemy import Boolean, Column, DateTime, Engine, Integer, Numeric, String, Text, select
from sqlalchemy import Table as SqlTable

from yusuan.domain.figures import FigureKey
from yusuan.domain.figures import name as figure_name
from yusuan.errors import YusuanError
from yusuan.report.safe_write import check_target
from yusuan.store.compare import scaled
from yusuan.store.exporters import EXPORTERS
from yusuan.store.schema import (
    MONEY_SCALE,
    Base,
    CellRecord,
    ClaimRecord,
    Department,
    DepartmentName,
    DisclosureRecord,
    Figures,
    FindingRecord,
    Money,
    ReviewRun,
    SourceFile,
    TargetRecord,
    tidy,
)

#: The built-in formats (the registered exporters: :data:`EXPORTERS`).
FORMATS: tuple[str, ...] = EXPORTERS.names()
#: An export format's name: ``csv``, ``xlsx``, ``parquet``, ``datapackage`` or a registered one.
Format = str
FieldType = Literal["integer", "number", "string", "boolean", "datetime"]
#: A value of an exported column as :func:`batches` reads it (amounts as integer millionths).
StoredValue = int | bool | str | datetime | None

#: Rows read and written at a time.
BATCH = 10_000
#: Rows per Excel sheet, header included (Excel's limit is 1,048,576).
SHEET_ROWS = 1_048_576
#: Columns left out of every export: the whole model JSON, which the other tables spell out.
OMITTED = {("disclosures", "model_json")}


class ExportError(YusuanError, ValueError):
    """An export that cannot be made; the message is Chinese."""

    default_code = "export.invalid"


@dataclass(frozen=True)
class ExportField:
    name: str
    type: FieldType
    en: str
    zh: str


@dataclass(frozen=True)
class ExportTable:
    name: str
    title_zh: str
    en: str
    table: SqlTable
    fields: tuple[ExportField, ...]
    primary_key: tuple[str, ...]
    #: (column, referenced table, referenced column) for every foreign key within the export.
    foreign_keys: tuple[tuple[str, str, str], ...]


def _wan(key: FigureKey, suffix: str = "") -> str:
    """A figure's column head in the export: its name and unit (``支出合计（万元）``)."""
    return f"{figure_name(key)}{suffix}（万元）"


#: Table name → (English description, Chinese title, {column: (English, Chinese)}).
_DESCRIPTIONS: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "source_files": (
        "Files read into the store, one per distinct content.",
        "来源文件",
        {
            "id": ("Source file id.", "来源文件编号"),
            "sha256": ("SHA-256 of the file's bytes.", "文件内容的 SHA-256"),
            "name": ("File name as ingested.", "入库时的文件名"),
            "format": ("File format (suffix).", "文件格式（扩展名）"),
            "size": ("Size in bytes.", "文件大小（字节）"),
            "first_seen": ("When the file was first ingested (UTC).", "首次入库时间（UTC）"),
        },
    ),
    "departments": (
        "Departments, one per department across years and renames.",
        "部门",
        {
            "id": ("Department id.", "部门编号"),
            "name": ("Newest published name.", "最新的部门名称"),
            "region": ("Region named in the department name, e.g. 乐亭县.", "部门名称中的地区，如 乐亭县"),
            "level": ("Government level: 中央, 省, 市, 县, 区 or 乡.", "级次：中央、省、市、县、区或乡"),
            "code": ("Department code as published.", "部门编码"),
            "merged_into_id": ("Department this one was merged into.", "并入的部门编号"),
        },
    ),
    "department_names": (
        "Names (and codes) a department was published under.",
        "部门曾用名",
        {
            "id": ("Name id.", "名称编号"),
            "department_id": ("Department.", "部门编号"),
            "name": ("Name as published.", "公开时使用的名称"),
            "normalized": ("Name normalised for matching.", "用于匹配的规范化名称"),
            "region": ("Region named in the name.", "名称中的地区"),
            "code": ("Department code published with the name.", "同时公开的部门编码"),
        },
    ),
    "disclosures": (
        "Stored disclosures: one version of one department's package for one year.",
        "公开文件",
        {
            "id": ("Disclosure id.", "公开文件编号"),
            "department_id": ("Department.", "部门编号"),
            "year": ("Budget year.", "预算年度"),
            "kind": ("Kind of disclosure, e.g. 部门预算.", "公开类型，如 部门预算"),
            "version": ("Version for the department, year and kind (1 = first stored).", "版本号（1 为最先入库）"),
            "current": ("Whether this is the current version.", "是否为当前版本"),
            "source_file_id": ("Source file.", "来源文件编号"),
            "layout": ("Input layout: pdf-text or docx-text.", "版式：pdf-text 或 docx-text"),
            "unit": ("Amount unit stated by the tables.", "表格金额单位"),
            "printed_name": ("Department name as printed in this disclosure.", "本文件中印出的部门名称"),
            "printed_code": ("Department code as printed in this disclosure.", "本文件中印出的部门编码"),
            "level": ("Government level stated by this disclosure.", "本文件所示级次"),
            "region": ("Region stated by this disclosure.", "本文件所示地区"),
            "created_at": ("When the disclosure was stored (UTC).", "入库时间（UTC）"),
        },
    ),
    "figures": (
        "Key figures per disclosure, in 万元 (10,000 yuan).",
        "主要数字",
        {
            "disclosure_id": ("Disclosure.", "公开文件编号"),
            "total": ("Total expenditure (expenditure table, 合计).", _wan("total")),
            "basic": ("Basic expenditure.", _wan("basic")),
            "project": ("Project expenditure.", _wan("project")),
            "personnel": ("Personnel costs (basic expenditure table).", _wan("personnel")),
            "public": ("Public (office) costs.", _wan("public")),
            "operating_cost": ("Organ operating costs (= public costs).", _wan("operating_cost")),
            "three_public": ("The 三公 total: travel abroad, vehicles, reception.", _wan("three_public", "合计")),
            "abroad": ("Official travel abroad.", _wan("abroad")),
            "vehicle_purchase": ("Official vehicle purchase.", _wan("vehicle_purchase")),
            "vehicle_operation": ("Official vehicle operation and maintenance.", _wan("vehicle_operation")),
            "reception": ("Official reception.", _wan("reception")),
            "staff": ("Staff stated by the narrative.", "说明中的人数"),
            "stated_prior": ("Prior-year total stated by the narrative.", "说明中的上年支出（万元）"),
            "stated_change": ("Year-on-year change stated by the narrative.", "说明中的增减额（万元）"),
        },
    ),
    "cells": (
        "Every amount of every standard table: the cell at (table, side, row, column), in 万元.",
        "表格金额",
        {
            "id": ("Cell id.", "单元格编号"),
            "disclosure_id": ("Disclosure.", "公开文件编号"),
            "table_id": ("Standard table id, e.g. expenditure.", "标准表格编号，如 expenditure"),
            "side": ("main, or income/expenditure in two-sided tables.", "main，或收支总表的 income/expenditure"),
            "row_no": ("Row number within the table side (from 1).", "行号（从 1 起）"),
            "code": ("Classification code of the row.", "行的分类科目编码"),
            "row_key": ("Key of a totals or summary row.", "合计行或汇总项的键"),
            "row_name": ("Row name as printed.", "印出的行名称"),
            "column_key": ("Column key, e.g. total, basic, project.", "栏目键，如 total、basic、project"),
            "amount": ("Amount in 万元.", "金额（万元）"),
            "page": ("Page in the source.", "来源页码"),
            "line": ("Line in the source text.", "来源文本行号"),
        },
    ),
    "claims": (
        "Numbers stated in the narrative (情况说明).",
        "说明中的数字",
        {
            "id": ("Claim id.", "编号"),
            "disclosure_id": ("Disclosure.", "公开文件编号"),
            "subject": ("What the number is about, e.g. expenditure.", "所指事项，如 expenditure"),
            "kind": ("current, prior or change.", "本年数、上年数或增减额"),
            "amount": ("Amount as stated.", "所述金额"),
            "unit": ("Unit as stated.", "所述单位"),
            "direction": ("increase or decrease, for changes.", "增减方向"),
            "year": ("Year the number refers to.", "所指年度"),
            "label": ("Label in the sentence.", "句中的名称"),
            "section": ("Narrative section.", "说明的部分"),
            "sentence": ("The sentence.", "原句"),
            "page": ("Page in the source.", "来源页码"),
            "line": ("Line in the source text.", "来源文本行号"),
        },
    ),
    "performance_targets": (
        "Performance indicators of each project (绩效目标).",
        "绩效目标",
        {
            "id": ("Indicator id.", "编号"),
            "disclosure_id": ("Disclosure.", "公开文件编号"),
            "project": ("Project name.", "项目名称"),
            "project_code": ("Project code.", "项目编码"),
            "budget": ("Project budget in 万元.", "项目预算（万元）"),
            "level1": ("First-level indicator (产出, 效益, 满意度).", "一级指标"),
            "level2": ("Second-level indicator.", "二级指标"),
            "name": ("Third-level indicator name.", "三级指标名称"),
            "value": ("Target value as published, e.g. ≥90%.", "指标值（原文）"),
            "operator": ("Comparison operator of the value.", "指标值的比较符号"),
            "number": ("Number of the value.", "指标值中的数字"),
            "unit": ("Unit of the value.", "指标值的单位"),
            "basis": ("Basis of the value (指标值确定依据).", "指标值确定依据"),
            "line": ("Line in the source text.", "来源文本行号"),
        },
    ),
    "review_runs": (
        "Reviews of the stored disclosures, with counts by severity.",
        "审核记录",
        {
            "id": ("Review run id.", "审核编号"),
            "disclosure_id": ("Disclosure.", "公开文件编号"),
            "started_at": ("When the review ran (UTC).", "审核时间（UTC）"),
            "yusuan_version": ("yusuan version that reviewed.", "审核所用 yusuan 版本"),
            "rules": ("Number of rules applied.", "审核规则数"),
            "errors": ("Findings of severity error.", "错误数"),
            "warnings": ("Findings of severity warning.", "警告数"),
            "infos": ("Findings of severity info.", "提示数"),
        },
    ),
    "findings": (
        "Review findings: each problem found, with its rule, reason, values and places.",
        "审核发现",
        {
            "id": ("Finding id.", "编号"),
            "review_run_id": ("Review run.", "审核编号"),
            "disclosure_id": ("Disclosure.", "公开文件编号"),
            "rule": ("Rule id.", "规则编号"),
            "kind": ("Kind of finding, e.g. arithmetic.", "发现类别"),
            "severity": ("error, warning or info.", "级别：error 错误、warning 警告、info 提示"),
            "title": ("Title.", "标题"),
            "message": ("Message in Chinese.", "说明"),
            "values_json": ("Values involved, as JSON (decimal strings).", "涉及的数值（JSON）"),
            "locations_json": ("Places in the source, as JSON.", "出处（JSON）"),
        },
    ),
}

_MODELS: tuple[type[Base], ...] = (
    SourceFile,
    Department,
    DepartmentName,
    DisclosureRecord,
    Figures,
    CellRecord,
    ClaimRecord,
    TargetRecord,
    ReviewRun,
    FindingRecord,
)


def _field_type(column: Column[object]) -> FieldType:
    t = column.type
    if isinstance(t, Money | Numeric):
        return "number"
    if isinstance(t, Boolean):
        return "boolean"
    if isinstance(t, DateTime):
        return "datetime"
    if isinstance(t, Integer):
        return "integer"
    if isinstance(t, String | Text):
        return "string"
    raise TypeError(f"no export type for {column}")


def _tables() -> tuple[ExportTable, ...]:
    names = {m.__tablename__ for m in _MODELS}
    out: list[ExportTable] = []
    for model in _MODELS:
        table = model.__table__
        assert isinstance(table, SqlTable)  # every model maps one table
        en, zh, described = _DESCRIPTIONS[table.name]
        fields: list[ExportField] = []
        fks: list[tuple[str, str, str]] = []
        for column in table.columns:
            if (table.name, column.name) in OMITTED:
                continue
            col_en, col_zh = described.get(column.name, (column.name, column.name))
            fields.append(ExportField(column.name, _field_type(column), col_en, col_zh))
            for fk in column.foreign_keys:
                if fk.column.table.name in names:
                    fks.append((column.name, fk.column.table.name, fk.column.name))
        pk = tuple(c.name for c in table.primary_key.columns)
        out.append(ExportTable(table.name, zh, en, table, tuple(fields), pk, tuple(fks)))
    return tuple(out)


TABLES: tuple[ExportTable, ...] = _tables()
TITLES_ZH: dict[str, str] = {t.name: t.title_zh for t in TABLES}


@dataclass
class ExportResult:
    format: Format
    path: Path
    #: Rows written per table, in export order.
    counts: dict[str, int]
    files: list[Path]


def batches(engine: Engine, t: ExportTable) -> Iterator[Sequence[Sequence[StoredValue]]]:
    """The table's rows in primary-key order, :data:`BATCH` at a time (server-side cursor on PostgreSQL).

    Amounts come as integer counts of millionths (see :func:`~yusuan.store.compare.scaled`):
    each format turns them into its own exact form without going through ``Money``'s Decimals."""
    dialect = engine.dialect.name
    columns = [scaled(t.table.c[f.name], dialect) if f.type == "number" else t.table.c[f.name] for f in t.fields]
    stmt = select(*columns).order_by(*(t.table.c[k] for k in t.primary_key))
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(stmt)
        yield from result.partitions(BATCH)


def amount_text(value: int | None) -> str:
    """Millionths as a decimal string, two decimals or more where significant: 618630000 → ``618.63``."""
    if value is None:
        return ""
    return format(tidy(Decimal(value).scaleb(-MONEY_SCALE)), "f")


def export(engine: Engine, fmt: str, path: Path) -> ExportResult:
    """Write the whole store to ``path`` (a folder, or an ``.xlsx`` file) in format ``fmt``."""
    exporter = EXPORTERS.find(fmt)
    if exporter is None:
        raise ExportError(f"不支持的导出格式“{fmt}”，可用：{'、'.join(EXPORTERS.names())}")
    check_target(path, folder=exporter.folder)  # never through a symbolic link (OutputError)
    if exporter.folder:
        path.mkdir(parents=True, exist_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    return exporter.write(engine, path)
