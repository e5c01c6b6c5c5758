"""Publishing: a disclosure rendered in one of the output formats, reviewed first.

:func:`render` returns the bytes of each file a format writes (``txt`` writes the two
text-extraction layouts, every other format one file); :func:`publish` reviews the disclosure,
refuses to write when the review finds an error (unless forced) and writes the files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, NamedTuple

from yusuan.domain.registry import Registry
from yusuan.domain.templates import TEMPLATES as ALL_TEMPLATES
from yusuan.model import Disclosure
from yusuan.publish.document import Document, build_document
from yusuan.report.safe_write import check_target, replaces, write_bytes
from yusuan.review.engine import DocumentReview, review

#: The built-in output formats (more can be registered in :data:`WRITERS`).
Format = Literal["pdf", "docx", "xlsx", "html", "txt"]
#: The templates ``yusuan publish --template`` writes (domain.templates: those marked publishable).
TEMPLATES: tuple[str, ...] = tuple(t.id for t in ALL_TEMPLATES.values() if t.publishable)
#: The suffixes of the two text layouts ``txt`` writes, after the output's stem.
TXT_SUFFIXES = ("-docx.txt", "-pdf.txt")


class PublishWriter(NamedTuple):
    name: str
    #: Suffixes of an output name that choose this format (``-o 公开.htm`` → html).
    suffixes: tuple[str, ...]
    #: The document (and its disclosure, for layouts that print from it) → content of each file.
    render: Callable[[Document, Disclosure], list[bytes]]
    #: Suffix of each file written: one ``.pdf``; ``txt`` writes two, after the output's stem.
    outputs: tuple[str, ...]


#: The registered publish writers, in the order ``--format`` lists them.
WRITERS: Final[Registry[PublishWriter]] = Registry("publish format")


def register(writer: PublishWriter, *, replace: bool = False) -> PublishWriter:
    return WRITERS.register(writer, replace=replace)


def _pdf(doc: Document, d: Disclosure) -> list[bytes]:
    from yusuan.publish.pdf_out import render_pdf

    return [render_pdf(doc)]


def _docx(doc: Document, d: Disclosure) -> list[bytes]:
    from yusuan.publish.docx_out import render_docx

    return [render_docx(doc)]


def _xlsx(doc: Document, d: Disclosure) -> list[bytes]:
    from yusuan.publish.xlsx_out import render_xlsx

    return [render_xlsx(doc)]


def _html(doc: Document, d: Disclosure) -> list[bytes]:
    from yusuan.publish.html_out import render_html

    return [render_html(doc).encode("utf-8")]


def _txt(doc: Document, d: Disclosure) -> list[bytes]:
    from yusuan.publish.textout import to_docx_text, to_pdf_text

    return [to_docx_text(doc).encode("utf-8"), to_pdf_text(d, doc).encode("utf-8")]


register(PublishWriter("pdf", (".pdf",), _pdf, (".pdf",)))
register(PublishWriter("docx", (".docx",), _docx, (".docx",)))
register(PublishWriter("xlsx", (".xlsx",), _xlsx, (".xlsx",)))
register(PublishWriter("html", (".html", ".htm"), _html, (".html",)))
register(PublishWriter("txt", (".txt",), _txt, TXT_SUFFIXES))

#: The built-in formats.
FORMATS: Final[tuple[str, ...]] = WRITERS.names()


def render_document(doc: Document, d: Disclosure, fmt: str) -> dict[str, bytes]:
    """File suffix → content of the files ``fmt`` writes for ``doc``."""
    writer = WRITERS.get(fmt)
    return dict(zip(writer.outputs, writer.render(doc, d), strict=True))


def render(d: Disclosure, fmt: str, prose: Mapping[str, Sequence[str]] | None = None) -> dict[str, bytes]:
    return render_document(build_document(d, prose), d, fmt)


def targets(out: Path, fmt: str) -> list[Path]:
    """The files ``fmt`` writes for the output path ``out``: ``out`` with the format's suffix; for
    ``txt`` the two layouts ``NAME-docx.txt`` and ``NAME-pdf.txt``."""
    outputs = WRITERS.get(fmt).outputs
    if len(outputs) == 1 and outputs[0].startswith("."):
        return [out if out.suffix.lower() == outputs[0] else out.with_suffix(outputs[0])]
    stem = out.with_suffix("") if out.suffix.lower() in WRITERS.suffixes() else out
    return [stem.with_name(stem.name + s) for s in outputs]


def guess_format(out: Path) -> str | None:
    """The format an output name's suffix chooses."""
    writer = WRITERS.by_suffix(out.suffix)
    return None if writer is None else writer.name


@dataclass
class Published:
    """What publishing did: the disclosure as published, its review, and the files written — none
    when the review found an error (and publishing was not forced)."""

    disclosure: Disclosure
    review: DocumentReview
    written: list[Path] = field(default_factory=list)
    #: The files written that replaced an existing file.
    replaced: list[Path] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return not self.written and self.review.count("error") > 0


def publish(
    d: Disclosure,
    out: Path,
    fmt: str,
    prose: Mapping[str, Sequence[str]] | None = None,
    *,
    force: bool = False,
) -> Published:
    """Review ``d``; write its files unless the review finds an error and ``force`` is not set."""
    result = Published(d, review(d))
    if result.review.count("error") and not force:
        return result
    paths = targets(out, fmt)
    for path in paths:
        check_target(path)  # never through a symbolic link (OutputError), before any work
    files = render(d, fmt, prose)
    for path, content in zip(paths, files.values(), strict=True):
        if replaces(path):
            result.replaced.append(path)
        result.written.append(write_bytes(path, content))  # a temporary file renamed into place
    return result
