"""Publishing: a disclosure rendered in one of the output formats, reviewed first.

:func:`render` returns the bytes of each file a format writes (``txt`` writes the two
text-extraction layouts, every other format one file); :func:`publish` reviews the disclosure,
refuses to write when the review finds an error (unless forced) and writes the files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from yusuan.model import Disclosure
from yusuan.publish.document import Document, build_document
from yusuan.review.engine import DocumentReview, review

Format = Literal["pdf", "docx", "xlsx", "html", "txt"]
FORMATS: tuple[Format, ...] = get_args(Format)
TEMPLATES = ("hebei-2023",)
#: The suffixes of the two text layouts ``txt`` writes, after the output's stem.
TXT_SUFFIXES = ("-docx.txt", "-pdf.txt")


def render_document(doc: Document, d: Disclosure, fmt: Format) -> dict[str, bytes]:
    """File suffix → content of the files ``fmt`` writes for ``doc``."""
    if fmt == "txt":
        from yusuan.publish.textout import to_docx_text, to_pdf_text

        return {
            TXT_SUFFIXES[0]: to_docx_text(doc).encode("utf-8"),
            TXT_SUFFIXES[1]: to_pdf_text(d, doc).encode("utf-8"),
        }
    if fmt == "html":
        from yusuan.publish.html_out import render_html

        return {".html": render_html(doc).encode("utf-8")}
    if fmt == "docx":
        from yusuan.publish.docx_out import render_docx

        return {".docx": render_docx(doc)}
    if fmt == "xlsx":
        from yusuan.publish.xlsx_out import render_xlsx

        return {".xlsx": render_xlsx(doc)}
    from yusuan.publish.pdf_out import render_pdf

    return {".pdf": render_pdf(doc)}


def render(d: Disclosure, fmt: Format, prose: Mapping[str, Sequence[str]] | None = None) -> dict[str, bytes]:
    return render_document(build_document(d, prose), d, fmt)


def targets(out: Path, fmt: Format) -> list[Path]:
    """The files ``fmt`` writes for the output path ``out``: ``out`` with the format's suffix; for
    ``txt`` the two layouts ``NAME-docx.txt`` and ``NAME-pdf.txt``."""
    if fmt == "txt":
        known = (".txt", ".pdf", ".docx", ".xlsx", ".html", ".htm")
        stem = out.with_suffix("") if out.suffix.lower() in known else out
        return [stem.with_name(stem.name + s) for s in TXT_SUFFIXES]
    return [out if out.suffix.lower() == f".{fmt}" else out.with_suffix(f".{fmt}")]


def guess_format(out: Path) -> Format | None:
    suffix = out.suffix.lower().lstrip(".")
    suffix = "html" if suffix == "htm" else suffix
    return next((f for f in FORMATS if f == suffix), None)


@dataclass
class Outcome:
    review: DocumentReview
    written: list[Path] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return not self.written and self.review.count("error") > 0


def publish(
    d: Disclosure,
    out: Path,
    fmt: Format,
    prose: Mapping[str, Sequence[str]] | None = None,
    *,
    force: bool = False,
) -> Outcome:
    """Review ``d``; write its files unless the review finds an error and ``force`` is not set."""
    result = Outcome(review(d))
    if result.review.count("error") and not force:
        return result
    files = render(d, fmt, prose)
    paths = targets(out, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    for path, content in zip(paths, files.values(), strict=True):
        path.write_bytes(content)
        result.written.append(path)
    return result
