"""A page of a PDF as a PNG image with a finding's evidence boxed in red.

:func:`boxes_for` finds the boxes of one finding on the pages of the disclosure's PDF
(:mod:`yusuan.report.pdf_locate`); :func:`render_page` draws a page with boxes around them — the
primary evidence with a thicker line, each box with its label (the finding's number) in a red tag
when it has one. The boxes are drawn on the rendered pixels, so the PDF is never changed.

Bounds: the resolution is kept between :data:`MIN_DPI` and :data:`MAX_DPI`, and a page is rendered
at a lower resolution when it would exceed :data:`MAX_PIXELS` (a page of a few metres must not
allocate gigabytes). A page out of range or a file that is not a PDF is a :class:`PageImageError`
with a Chinese message.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from yusuan.errors import YusuanError
from yusuan.read.formats.pdf_open import MAX_PDF_BYTES, close, open_pdf, pymupdf_module
from yusuan.report.pdf_locate import Box, Locator, PageBoxes
from yusuan.review.results import Reviewed

__all__ = ["MAX_DPI", "MAX_PIXELS", "MIN_DPI", "Box", "PageImageError", "boxes_for", "open_source", "render_page"]

MIN_DPI = 36
MAX_DPI = 300
#: The most pixels a rendered page may have (about 48 MB as RGB); larger pages are rendered smaller.
MAX_PIXELS = 16_000_000
#: The boxes' colour (RGB).
RED = (220, 20, 20)
WHITE = (255, 255, 255)

#: Digits 3 × 5, row by row (1 = ink), for the boxes' labels.
_DIGITS = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "010", "010", "010"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
}


#: Bytes given without a file name, in error messages.
_GIVEN = "所给的 PDF 文件"


class PageImageError(YusuanError):
    """A page that cannot be rendered: not a PDF, no such page."""

    default_code = "page_image.refused"


@contextmanager
def open_source(source: Path | bytes, name: str | None = None) -> Iterator[Any]:
    """The PDF ``source`` (a file, or its bytes) open with PyMuPDF, closed after the block. A file
    that is not a readable PDF is refused with the reader's Chinese message."""
    if isinstance(source, Path):
        doc, _, _ = open_pdf(source)  # ReadError (a YusuanError) for anything but a readable PDF
    else:
        doc = _open_bytes(source, name or _GIVEN)
    try:
        yield doc
    finally:
        close(doc)


def _open_bytes(data: bytes, name: str) -> Any:
    if not data:
        raise PageImageError(f"{name}：文件是空的", code="page_image.not_pdf")
    if len(data) > MAX_PDF_BYTES:
        raise PageImageError(f"{name}：文件过大，拒绝处理", code="page_image.too_large")
    if b"%PDF-" not in data[:1024]:
        raise PageImageError(f"{name}：不是 PDF 文件，无法显示页面图像", code="page_image.not_pdf")
    pymupdf = pymupdf_module()
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF's own error types
        raise PageImageError(f"{name}：文件已损坏，无法打开", code="page_image.corrupt") from exc
    if doc.needs_pass:
        close(doc)
        raise PageImageError(f"{name}：文件已加密，无法显示页面图像", code="page_image.encrypted")
    return doc


def boxes_for(item: Reviewed, finding_index: int, source: Path | bytes, *, label: str | None = None) -> PageBoxes:
    """The boxes of finding ``finding_index`` of ``item`` on the pages of its PDF ``source``, by page
    (1-based). Evidence that cannot be found on a page (a missing table, a blank cell) has no box."""
    findings = item.review.findings
    if not 0 <= finding_index < len(findings):
        raise PageImageError(
            f"{item.review.source}：没有第 {finding_index + 1} 条审核意见", code="page_image.no_finding"
        )
    with open_source(source, item.review.source) as doc:
        return Locator(item.disclosure, doc).boxes(findings[finding_index], label=label)


def render_page(
    source: Path | bytes,
    page: int,
    boxes: Sequence[Box | tuple[float, float, float, float]] = (),
    dpi: int = 110,
    *,
    name: str | None = None,
) -> bytes:
    """Page ``page`` (1-based) of the PDF ``source`` as a PNG, with ``boxes`` drawn in red (a plain
    ``(x0, y0, x1, y1)`` is a box without a label). ``name``: the file named in error messages (by
    default the path, or “所给的 PDF 文件” for bytes)."""
    name = name or (str(source) if isinstance(source, Path) else _GIVEN)
    with open_source(source, name) as doc:
        count = int(doc.page_count)
        if not 1 <= page <= count:
            raise PageImageError(f"{name}：没有第 {page} 页（共 {count} 页）", code="page_image.no_page")
        p = doc.load_page(page - 1)
        zoom = zoom_for(float(p.rect.width), float(p.rect.height), dpi)
        pymupdf = pymupdf_module()
        try:
            pix = p.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        except Exception as exc:
            raise PageImageError(f"{name}：第 {page} 页无法显示", code="page_image.render") from exc
        to_pixels = p.rotation_matrix * pymupdf.Matrix(zoom, zoom)
        drawn = [given if isinstance(given, Box) else Box(*given[:4]) for given in boxes]
        labelled: set[str] = set()
        for box in sorted(drawn, key=lambda b: not b.primary):  # a label once, at the primary box
            _draw(pix, pymupdf.Rect(box.rect) * to_pixels, zoom, box, box.label not in labelled)
            labelled.add(box.label or "")
        return bytes(pix.tobytes("png"))


def zoom_for(width: float, height: float, dpi: int) -> float:
    """The scale from points to pixels: ``dpi`` kept within bounds, lowered for a huge page."""
    zoom = max(MIN_DPI, min(MAX_DPI, int(dpi))) / 72
    pixels = max(width, 1.0) * max(height, 1.0) * zoom * zoom
    if pixels > MAX_PIXELS:
        zoom *= math.sqrt(MAX_PIXELS / pixels) * 0.999
    return zoom


def _fill(pix: Any, x0: float, y0: float, x1: float, y1: float, colour: tuple[int, int, int]) -> None:
    """Fill a rectangle of pixels (clipped to the image)."""
    x0, y0 = max(0, math.floor(x0)), max(0, math.floor(y0))
    x1, y1 = min(pix.width, math.ceil(x1)), min(pix.height, math.ceil(y1))
    if x1 > x0 and y1 > y0:
        pix.set_rect((x0, y0, x1, y1), colour)


def _draw(pix: Any, r: Any, zoom: float, box: Box, label: bool = True) -> None:
    """A red frame just outside ``r`` (pixels), thicker for the primary box, and its label."""
    line = max(3.0, zoom * 2.5) if box.primary else max(2.0, zoom)
    gap = max(1.0, zoom)
    x0, y0, x1, y1 = r.x0 - gap - line, r.y0 - gap - line, r.x1 + gap + line, r.y1 + gap + line
    _fill(pix, x0, y0, x1, y0 + line, RED)
    _fill(pix, x0, y1 - line, x1, y1, RED)
    _fill(pix, x0, y0, x0 + line, y1, RED)
    _fill(pix, x1 - line, y0, x1, y1, RED)
    if box.label and label:
        _label(pix, x0, y0, box.label, max(2, round(zoom * 1.5)))


def _label(pix: Any, x: float, y: float, text: str, dot: int) -> None:
    """``text`` (its digits) white on a red tag whose bottom-left corner is at (x, y) (above the box;
    below its top edge when there is no room above)."""
    digits = [c for c in text if c in _DIGITS][:4]
    if not digits:
        return
    pad = dot
    width = len(digits) * 4 * dot - dot + 2 * pad
    height = 5 * dot + 2 * pad
    top = y - height if y - height >= 0 else y
    _fill(pix, x, top, x + width, top + height, RED)
    for n, c in enumerate(digits):
        left = x + pad + n * 4 * dot
        for row, bits in enumerate(_DIGITS[c]):
            for col, bit in enumerate(bits):
                if bit == "1":
                    px, py = left + col * dot, top + pad + row * dot
                    _fill(pix, px, py, px + dot, py + dot, WHITE)
