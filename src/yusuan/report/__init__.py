"""Review reports: JSON, Markdown, HTML (a folder of pages) and Excel, plus the terminal summary.

Every writer takes :class:`~yusuan.pipeline.review.Reviewed` pairs: the table excerpts are cut from
the disclosure, so it travels with its review.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from yusuan.review.results import Reviewed

# The writers are imported where they are used: openpyxl and Jinja2 cost a CLI start-up that
# only the xlsx and html formats need.

Format = Literal["json", "md", "html", "xlsx"]
FORMATS: tuple[Format, ...] = ("json", "md", "html", "xlsx")
#: Formats that can go to standard output (the others need a target).
TEXT_FORMATS: tuple[Format, ...] = ("json", "md")
SUFFIXES: dict[str, Format] = {".json": "json", ".md": "md", ".markdown": "md", ".xlsx": "xlsx", ".html": "html"}


def guess_format(target: Path) -> Format | None:
    """The format a target's name implies: its suffix, or html for a folder (existing or suffix-less)."""
    if target.is_dir():
        return "html"
    fmt = SUFFIXES.get(target.suffix.lower())
    if fmt is None and not target.suffix:
        return "html"
    return fmt


def render_text(fmt: Format, items: Sequence[Reviewed]) -> str:
    if fmt == "json":
        from yusuan.report import json_report
        return json_report.render(items)
    if fmt == "md":
        from yusuan.report import markdown_report
        return markdown_report.render(items)
    raise ValueError(f"{fmt} is not a text format")


def write(fmt: Format, items: Sequence[Reviewed], target: Path) -> Path:
    """Write the report; returns the file written (for html: the index page in the folder)."""
    if fmt == "html":
        from yusuan.report import html_report
        return html_report.write(items, target).index
    if fmt == "xlsx":
        from yusuan.report import xlsx_report
        return xlsx_report.write(items, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_text(fmt, items), encoding="utf-8")
    return target


__all__ = ["FORMATS", "TEXT_FORMATS", "Format", "guess_format", "render_text", "write"]
