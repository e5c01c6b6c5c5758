"""The writers of :mod:`yusuan.store.export`: CSV, Frictionless data package, Parquet and Excel.

Each takes the engine and the target and streams every table of :data:`~yusuan.store.export.TABLES`
in batches. Text a spreadsheet could take for a formula is kept as text: in the Excel workbook as a
string cell with the quote prefix (exact text), in the CSVs — the Excel CSV folder and the data
package, which people open in Excel too — with an apostrophe before it
(:func:`~yusuan.report.xlsx_style.safe_text`; the data package's description says so); Parquet, a
typed format no spreadsheet runs, keeps every text exact. Amounts stay numbers everywhere. Every
file is written to a temporary file and renamed into place (:mod:`yusuan.report.safe_write`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sqlalchemy import Engine

from yusuan import __version__
from yusuan.report.safe_write import atomic_open, child, write_text
from yusuan.report.sanitize import json_safe
from yusuan.report.xlsx_style import clean, looks_like_formula, safe_text, text_value, write_only_header
from yusuan.store import export
from yusuan.store.export import (
    TABLES,
    ExportResult,
    ExportTable,
    FieldType,
    StoredValue,
    amount_text,
    batches,
)
from yusuan.store.schema import MONEY_PRECISION, MONEY_SCALE

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def _utc(value: datetime) -> datetime:
    """Stored times are UTC; SQLite gives them back naive."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _time_text(value: datetime | None) -> str:
    return "" if value is None else _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bool_text(value: bool | None) -> str:
    return "" if value is None else "true" if value else "false"


#: A value as a format writes it: as stored, or converted (text, a float for Excel, an exact Decimal).
ExportValue = StoredValue | float | Decimal
#: The conversion of each field type a format converts; each converter takes the values of its type.
Converters = dict[FieldType, Callable[..., ExportValue]]
_CSV: Converters = {"number": amount_text, "boolean": _bool_text, "datetime": _time_text}


def _converted(
    t: ExportTable, batch: Sequence[Sequence[StoredValue]], converters: Converters
) -> Iterator[Sequence[ExportValue]]:
    """The batch's rows with the columns of the converters' types converted, the others as they are."""
    todo = [(i, converters[f.type]) for i, f in enumerate(t.fields) if f.type in converters]
    if not todo:
        yield from batch
        return
    for row in batch:
        values: list[ExportValue] = list(row)
        for i, convert in todo:
            values[i] = convert(values[i])
        yield values


def _csv_text(value: str | None) -> str | None:
    return None if value is None else safe_text(value)


_EXCEL_CSV: Converters = {**_CSV, "string": _csv_text}
#: How the data package writes its CSVs: exact, but formula-like text quoted as in the Excel CSVs.
_DATA_CSV: Converters = _EXCEL_CSV
#: What the data package's description says about formula-like text.
FORMULA_NOTE = (
    " Text fields beginning with = + - @, a tab or a carriage return (other than plain numbers) carry a leading"
    " apostrophe (') so that spreadsheets do not run them as formulas; remove it to recover the exact text"
    " (the Parquet export keeps it exact)."
    " 以 = + - @、制表符或回车开头的文字前加了撇号（'），以免电子表格把它当作公式执行。"
)


def export_csv(engine: Engine, path: Path) -> ExportResult:
    """A folder of CSVs for Excel: UTF-8 with BOM, text that looks like a formula quoted."""
    return _csv_folder(engine, path, ExportResult("csv", path, {}, []), "utf-8-sig", _EXCEL_CSV)


def export_datapackage(engine: Engine, path: Path) -> ExportResult:
    """Plain UTF-8 CSVs with every value exact, and their ``datapackage.json``."""
    result = _csv_folder(engine, path, ExportResult("datapackage", path, {}, []), "utf-8", _DATA_CSV)
    descriptor = write_text(
        child(path, "datapackage.json"),
        json_safe(json.dumps(datapackage(result.counts), ensure_ascii=False, indent=2)) + "\n",
        replace_link=True,
    )
    result.files.append(descriptor)
    return result


def _csv_folder(
    engine: Engine, path: Path, result: ExportResult, encoding: str, converters: Converters
) -> ExportResult:
    for t in TABLES:
        target = child(path, f"{t.name}.csv")
        with atomic_open(target, "w", encoding=encoding, newline="", replace_link=True) as stream:
            result.counts[t.name] = write_csv(engine, t, stream, converters)
        result.files.append(target)
    return result


def write_csv(engine: Engine, t: ExportTable, stream: IO[str], converters: Converters | None = None) -> int:
    """The table as CSV (a header row of column names); returns the number of data rows."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([f.name for f in t.fields])
    n = 0
    for batch in batches(engine, t):
        # csv writes None as an empty field, ints and strings as they are.
        writer.writerows(_converted(t, batch, _CSV if converters is None else converters))
        n += len(batch)
    return n


def table_schema(t: ExportTable) -> dict[str, object]:
    """The Frictionless Table Schema of an exported table."""
    fields: list[dict[str, str]] = []
    for f in t.fields:
        spec: dict[str, str] = {"name": f.name, "type": f.type, "title": f.zh, "description": f"{f.en} {f.zh}。"}
        if f.type == "datetime":
            spec["format"] = "default"
        fields.append(spec)
    schema: dict[str, object] = {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(t.primary_key),
    }
    if t.foreign_keys:
        schema["foreignKeys"] = [
            # A self-reference names the resource as "" (Table Schema spec).
            {"fields": [column], "reference": {"resource": "" if target == t.name else target, "fields": [ref]}}
            for column, target, ref in t.foreign_keys
        ]
    return schema


def datapackage(counts: dict[str, int] | None = None) -> dict[str, object]:
    """The ``datapackage.json`` descriptor (Frictionless Tabular Data Package, v1)."""
    resources: list[dict[str, object]] = []
    for t in TABLES:
        resource: dict[str, object] = {
            "name": t.name,
            "path": f"{t.name}.csv",
            "profile": "tabular-data-resource",
            "title": t.title_zh,
            "description": f"{t.en} {t.title_zh}。",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "header": True},
            "schema": table_schema(t),
        }
        if counts is not None and t.name in counts:
            resource["rows"] = counts[t.name]
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "yusuan-department-budgets",
        "title": "部门预算公开数据（yusuan 导出）",
        "description": (
            "Chinese department budget disclosures (部门预算公开) read, reviewed and stored by yusuan: departments, "
            "disclosures, every table amount, narrative numbers, performance targets and review findings. "
            "Amounts are in 万元 (10,000 yuan). 由 yusuan 读取、审核并入库的部门预算公开数据，金额单位为万元。"
            + FORMULA_NOTE
        ),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": ["budget", "预算", "部门预算公开", "China"],
        "sources": [{"title": "部门预算公开文件（各部门发布）"}],
        "contributors": [{"title": f"yusuan {__version__}", "role": "author"}],
        "resources": resources,
    }


# --- parquet -----------------------------------------------------------------------------------


def arrow_schema(t: ExportTable) -> pa.Schema:
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

    types: dict[FieldType, pa.DataType] = {
        "integer": pa.int64(),
        "number": pa.decimal128(MONEY_PRECISION, MONEY_SCALE),
        "string": pa.string(),
        "boolean": pa.bool_(),
        "datetime": pa.timestamp("us", tz="UTC"),
    }
    return pa.schema(
        [
            pa.field(f.name, types[f.type], nullable=True, metadata={"description": f.en, "description_zh": f.zh})
            for f in t.fields
        ],
        metadata={"table": t.name, "description": t.en, "title_zh": t.title_zh},
    )


def export_parquet(engine: Engine, path: Path) -> ExportResult:
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    result = ExportResult("parquet", path, {}, [])
    for t in TABLES:
        schema = arrow_schema(t)
        target = child(path, f"{t.name}.parquet")
        n = 0
        with (
            atomic_open(target, "wb", replace_link=True) as stream,
            pq.ParquetWriter(stream, schema) as writer,
        ):
            for batch in batches(engine, t):
                columns = list(zip(*batch, strict=True)) if batch else [() for _ in t.fields]
                arrays = []
                for f, values, arrow_field in zip(t.fields, columns, schema, strict=True):
                    if f.type == "datetime":
                        values = tuple(None if v is None else _utc(v) for v in values)
                    elif f.type == "number":
                        values = tuple(None if v is None else Decimal(v).scaleb(-MONEY_SCALE) for v in values)
                    arrays.append(pa.array(values, type=arrow_field.type))
                writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
                n += len(batch)
            if n == 0:
                writer.write_table(schema.empty_table())
        result.counts[t.name] = n
        result.files.append(target)
    return result


# --- xlsx --------------------------------------------------------------------------------------


def _xlsx_text(value: str | None) -> str | None:
    return None if value is None else clean(value)[:32767]


def _xlsx_time(value: datetime | None) -> datetime | None:
    return None if value is None else _utc(value).replace(tzinfo=None)


def _xlsx_amount(value: int | None) -> float | None:
    """A number cell: Excel holds binary floats (the CSV and Parquet exports keep exact decimals)."""
    return None if value is None else value / 10**MONEY_SCALE


_XLSX: Converters = {"number": _xlsx_amount, "string": _xlsx_text, "datetime": _xlsx_time}


def export_xlsx(engine: Engine, path: Path) -> ExportResult:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    result = ExportResult("xlsx", path, {}, [path])
    about = wb.create_sheet("说明")
    write_only_header(about, ["表 table", "表名", "字段 field", "类型 type", "说明", "description"])
    for t in TABLES:
        about.append([t.name, t.title_zh, "", "", t.title_zh, t.en])
        for f in t.fields:
            about.append([t.name, t.title_zh, f.name, f.type, f.zh, f.en])
    for t in TABLES:
        heads = [f.name for f in t.fields]
        texts = [i for i, f in enumerate(t.fields) if f.type == "string"]
        part = 1
        sheet = wb.create_sheet(t.name)
        write_only_header(sheet, heads)
        used = 1
        n = 0
        for batch in batches(engine, t):
            for row in _converted(t, batch, _XLSX):
                if used >= export.SHEET_ROWS:  # read when used: a test makes sheets short
                    part += 1
                    sheet = wb.create_sheet(f"{t.name}_{part}")
                    write_only_header(sheet, heads)
                    used = 1
                sheet.append(_formula_safe(sheet, row, texts))
                used += 1
            n += len(batch)
        result.counts[t.name] = n
    with atomic_open(path, "wb") as stream:
        wb.save(stream)
    return result


def _formula_safe(
    sheet: WriteOnlyWorksheet, row: Sequence[ExportValue], texts: list[int]
) -> Sequence[ExportValue | Cell]:
    """The row with formula-like text as string cells with the quote prefix (:func:`text_value`)."""
    if not any(isinstance(text := row[i], str) and looks_like_formula(text) for i in texts):
        return row
    values: list[ExportValue | Cell] = list(row)
    for i in texts:
        text = row[i]
        values[i] = text_value(sheet, text if isinstance(text, str) else None)  # string columns: str or None
    return values
