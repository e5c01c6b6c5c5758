"""The original page of a finding as an image: an adapter over the renderer
(:func:`yusuan.report.page_image.render_page`) and the store of original files.

The store's ``source_files`` table keeps a file's hash, name, format and size, not its bytes; the
upload store (:mod:`yusuan.store.uploads`, under the server's files folder) keeps the bytes of what
is uploaded through the workbench, addressed by hash (:func:`yusuan.store.uploads.original_files`).
Where no bytes (or no renderer) are available the document page says so and shows the table
excerpt instead. Nothing here takes a path from a request: documents are found by
id, files by the hash the store holds.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from yusuan.review.engine import DocumentReview

Box = tuple[float, float, float, float]
#: Resolution of the page images.
DPI = 110


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def original_pdf(engine: Engine, root: Path | None, disclosure_id: int, file: str | None = None) -> Path | None:
    """The kept original PDF of a disclosure (of a package: the file named ``file``, else its first
    PDF), or ``None`` where the store keeps no bytes for it (ingested by the command line, or the
    upload store not configured)."""
    if root is None:
        return None
    uploads = _module("yusuan.store.uploads")
    if uploads is None:
        return None
    try:
        kept = uploads.original_files(engine, uploads.BlobStore(root), disclosure_id)
    except Exception:  # not uploaded, or the bytes are gone: no image, the excerpt is shown
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


def renderer() -> Callable[..., bytes] | None:
    module = _module("yusuan.report.page_image")
    render: Callable[..., bytes] | None = getattr(module, "render_page", None) if module is not None else None
    return render


def boxes(review: DocumentReview, finding_index: int, page: int) -> list[Box]:
    """The boxes of a finding's evidence on ``page`` (from the renderer's helper; none without it)."""
    module = _module("yusuan.report.page_image")
    helper = getattr(module, "boxes_for", None) if module is not None else None
    if helper is None:
        return []
    try:
        found = helper(review, finding_index)
    except Exception:  # a helper that cannot place this finding: the page without boxes
        return []
    return list(found.get(page, [])) if isinstance(found, dict) else []


def page_png(pdf: Path, page: int, drawn: Sequence[Box], dpi: int = DPI) -> bytes | None:
    render = renderer()
    if render is None:
        return None
    return render(pdf, page, drawn, dpi)
