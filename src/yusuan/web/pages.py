"""The original page of a finding as an image: an adapter over the renderer
(:func:`yusuan.report.page_image.render_page`) and the store of original files.

The store's ``source_files`` table keeps a file's hash, name, format and size, not its bytes; the
upload store (``yusuan.store.uploads``) keeps the bytes of what is uploaded through the workbench,
addressed by hash. Where no bytes (or no renderer) are available the document page says so and
shows the table excerpt instead. Nothing here takes a path from a request: documents are found by
id, files by the hash the store holds.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from yusuan.review.engine import DocumentReview
from yusuan.store.schema import DisclosureRecord, SourceFile

Box = tuple[float, float, float, float]
#: Resolution of the page images.
DPI = 110


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def source_of(engine: Engine, disclosure_id: int) -> tuple[str, str] | None:
    """(sha256, format) of a disclosure's source file."""
    with Session(engine) as session:
        row = session.execute(
            select(SourceFile.sha256, SourceFile.format)
            .join(DisclosureRecord, DisclosureRecord.source_file_id == SourceFile.id)
            .where(DisclosureRecord.id == disclosure_id)
        ).first()
        return None if row is None else (row[0], row[1])


def original_bytes(engine: Engine, disclosure_id: int) -> bytes | None:
    """The bytes of a disclosure's original PDF where the store keeps them, else ``None``."""
    uploads = _module("yusuan.store.uploads")
    finder: Callable[..., bytes | None] | None = None
    for name in ("original_bytes", "source_bytes", "document_bytes"):
        finder = getattr(uploads, name, None) if uploads is not None else None
        if finder is not None:
            break
    if finder is None:
        return None
    try:
        data = finder(engine, disclosure_id)
    except Exception:  # a missing or unreadable stored file: no image, the excerpt is shown
        return None
    return data if isinstance(data, bytes | bytearray) and bytes(data[:5]) == b"%PDF-" else None


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


def page_png(pdf: bytes, page: int, drawn: Sequence[Box], dpi: int = DPI) -> bytes | None:
    render = renderer()
    if render is None:
        return None
    return render(pdf, page, drawn, dpi)
