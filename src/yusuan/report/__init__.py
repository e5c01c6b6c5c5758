"""Review reports: JSON, Markdown, HTML (a folder of pages) and Excel, plus the terminal summary.

Every writer takes :class:`~yusuan.review.results.Reviewed` pairs: the table excerpts are cut from
the disclosure, so it travels with its review. The writers are registered in :data:`WRITERS`
(``yusuan review --format`` offers their names); a new report format is one module and one
:func:`register` call below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, NamedTuple

from yusuan.domain.registry import Registry
from yusuan.review.results import Reviewed

# The writers' modules are imported where they are used: openpyxl and Jinja2 cost a CLI start-up
# that only the xlsx and html formats need.

#: A report format's name (``json``, ``md``, ``html``, ``xlsx``, or a registered one).
Format = str
Items = Sequence[Reviewed]


class ReportWriter(NamedTuple):
    name: str
    #: Suffixes of a target that name this format.
    suffixes: tuple[str, ...]
    #: Writes the report to a target; returns the file written (for a folder: its index page).
    write: Callable[[Items, Path], Path]
    #: A text report that can also go to standard output.
    render: Callable[[Items], str] | None = None
    #: The target is a folder (chosen for an existing folder or a name without suffix).
    folder: bool = False

    @property
    def text(self) -> bool:
        return self.render is not None


#: The registered report writers, in the order ``--format`` lists them.
WRITERS: Final[Registry[ReportWriter]] = Registry("report format")


def register(writer: ReportWriter, *, replace: bool = False) -> ReportWriter:
    return WRITERS.register(writer, replace=replace)


def _text_writer(render: Callable[[Items], str]) -> Callable[[Items, Path], Path]:
    def write(items: Items, target: Path) -> Path:
        from yusuan.report.safe_write import write_text

        return write_text(target, render(items))

    return write


def _json(items: Items) -> str:
    from yusuan.report import json_report

    return json_report.render(items)


def _markdown(items: Items) -> str:
    from yusuan.report import markdown_report

    return markdown_report.render(items)


def _html(items: Items, target: Path) -> Path:
    from yusuan.report import html_report

    return html_report.write(items, target).index


def _xlsx(items: Items, target: Path) -> Path:
    from yusuan.report import xlsx_report

    return xlsx_report.write(items, target)


register(ReportWriter("json", (".json",), _text_writer(_json), render=_json))
register(ReportWriter("md", (".md", ".markdown"), _text_writer(_markdown), render=_markdown))
register(ReportWriter("html", (".html",), _html, folder=True))
register(ReportWriter("xlsx", (".xlsx",), _xlsx))


def _pdf(items: Items, target: Path) -> Path:
    """The annotated PDF; the original is looked for in the working folder (``yusuan review`` passes
    the paths it was given to :func:`yusuan.report.pdf_annotate.write_report` instead)."""
    from yusuan.report import pdf_annotate

    return pdf_annotate.write_report(items, target, [Path.cwd()])


register(ReportWriter("pdf", (".pdf",), _pdf))


def formats() -> tuple[Format, ...]:
    return WRITERS.names()


def folder_formats() -> tuple[Format, ...]:
    """Formats written as a folder."""
    return tuple(w.name for w in WRITERS if w.folder)


def text_formats() -> tuple[Format, ...]:
    """Formats that can go to standard output (the others need a target)."""
    return tuple(w.name for w in WRITERS if w.text)


#: The built-in formats, and those that can go to standard output.
FORMATS: Final[tuple[Format, ...]] = formats()
TEXT_FORMATS: Final[tuple[Format, ...]] = text_formats()


def guess_format(target: Path) -> Format | None:
    """The format a target's name implies: its suffix, or the folder format (html) for a folder
    (existing or suffix-less)."""
    folder = next((w.name for w in WRITERS if w.folder), None)
    if target.is_dir():
        return folder
    writer = WRITERS.by_suffix(target.suffix)
    if writer is None and not target.suffix:
        return folder
    return None if writer is None else writer.name


def render_text(fmt: Format, items: Items) -> str:
    render = WRITERS.get(fmt).render
    if render is None:
        raise ValueError(f"{fmt} is not a text format")
    return render(items)


def write(fmt: Format, items: Items, target: Path) -> Path:
    """Write the report; returns the file written (for html: the index page in the folder)."""
    return WRITERS.get(fmt).write(items, target)


__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "WRITERS",
    "Format",
    "ReportWriter",
    "folder_formats",
    "formats",
    "guess_format",
    "register",
    "render_text",
    "text_formats",
]
