"""The original page of a finding as an image: the renderer (:mod:`yusuan.report.page_image`) over
the store of original files.

The store's ``source_files`` table keeps a file's hash, name, format and size, not its bytes; the
upload store (:mod:`yusuan.store.uploads`, under the server's files folder) keeps the bytes of what
is uploaded through the workbench, addressed by hash (:func:`yusuan.store.uploads.original_files`).
Where no bytes are kept the document page says so and shows the table
excerpt instead. Nothing here takes a path from a request: documents are found by
id, files by the hash the store holds.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from yusuan.review.results import Reviewed
from yusuan.store.uploads import BlobStore, UploadError, original_files

#: Resolution of the page images.
DPI = 110


def original_pdfs(engine: Engine, root: Path | None, disclosure_id: int) -> list[tuple[str, Path]]:
    """The kept files of a disclosure, in order, with the names it was read with, when every one is a
    PDF (an annotated PDF can be made of them); else none."""
    if root is None:
        return []
    try:
        kept = original_files(engine, BlobStore(root), disclosure_id)
    except UploadError:
        return []
    if not kept or not all(_is_pdf(path) for _f, path in kept):
        return []
    return [(f.name, Path(path)) for f, path in kept]


def annotated(item: Reviewed, files: list[tuple[str, Path]]) -> bytes:
    """The original PDF(s) with every finding's evidence highlighted and its note
    (:func:`yusuan.report.pdf_annotate.annotated_pdf`)."""
    from yusuan.report.pdf_annotate import annotated_pdf

    data, _where = annotated_pdf(item, [path for _name, path in files], [name for name, _path in files])
    return data


def original_pdf(engine: Engine, root: Path | None, disclosure_id: int, file: str | None = None) -> Path | None:
    """The kept original PDF of a disclosure (of a package: the file named ``file``, else its first
    PDF), or ``None`` where the store keeps no bytes for it (ingested by the command line, or the
    upload store not configured)."""
    if root is None:
        return None
    try:
        kept = original_files(engine, BlobStore(root), disclosure_id)
    except UploadError:  # not uploaded, or the bytes are gone: no image, the excerpt is shown
        return None
    pdfs = [(f, path) for f, path in kept if _is_pdf(path)]
    for f, path in pdfs:
        if file is not None and f.name == file:
            return Path(path)
    return Path(pdfs[0][1]) if pdfs else None


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def page_png(item: Reviewed, pdf: Path, page: int, finding: tuple[int, int] | None = None, dpi: int = DPI) -> bytes:
    """Page ``page`` of ``pdf`` as a PNG; with ``finding`` (its index in the review, its number on the
    pages) the finding's evidence on that page boxed and labelled with the number. A page out of
    range is a :class:`~yusuan.report.page_image.PageImageError`."""
    from yusuan.report.page_image import Box, boxes_for, render_page

    drawn: list[Box] = []
    if finding is not None:
        index, no = finding
        drawn = boxes_for(item, index, pdf, label=str(no)).get(page, [])
    return render_page(pdf, page, drawn, dpi)
