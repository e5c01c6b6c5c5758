"""The annotated PDF: the original PDF with each finding's evidence boxed and its message attached.

For every finding (numbered 1, 2, … in the review's order) each box :mod:`yusuan.report.pdf_locate`
finds on the pages becomes a square annotation in the finding's colour — red for an error, orange
for a warning, blue for a notice — with a thicker border on the primary evidence, and the primary
box gets a note annotation (a popup; its icon in the right margin at the box's height) holding the
finding's number, severity, title, Chinese message and rule id. A summary page appended after the
last page lists every finding: its number, severity, rule, the pages it is boxed on — or that it
could not be placed on a page (a missing table, a blank cell, a document-wide check) — and its
message; a note on the first page gives the counts and points to it.
The original pages are left as they are (annotations only), so their page numbers stay the same.

Annotation and summary text is plain text (a note's contents, text drawn with a font): nothing of a
document's text is interpreted as markup; control and bidirectional characters are shown visibly.
The file is written through :mod:`yusuan.report.safe_write` (a temporary file renamed over the target).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yusuan.errors import YusuanError
from yusuan.read.formats.pdf_open import pymupdf_module
from yusuan.report.common import department_line
from yusuan.report.page_image import open_source
from yusuan.report.pdf_locate import Box, Locator
from yusuan.report.safe_write import write_bytes
from yusuan.report.sanitize import visible
from yusuan.review.finding import SEVERITY_ZH, Finding, Severity
from yusuan.review.results import Reviewed

__all__ = ["COLOURS", "Annotated", "PdfReportError", "annotate", "annotated_pdf", "write_report"]

#: Stroke colours (RGB 0–1) by severity.
COLOURS: dict[Severity, tuple[float, float, float]] = {
    "error": (0.86, 0.08, 0.08),
    "warning": (0.96, 0.55, 0.0),
    "info": (0.09, 0.36, 0.83),
}
#: Boxes stand this far (points) outside the printed words.
PAD = 1.5
#: The summary page: A4, margins, font size.
_PAGE = (595.0, 842.0)
_MARGIN = 50.0
_SIZE = 10.0
_LEADING = 1.45


class PdfReportError(YusuanError):
    """An annotated PDF that cannot be made (an input that is not a PDF, several documents)."""

    default_code = "report.pdf"


@dataclass
class Annotated:
    """What was written: the file (None: bytes only), and per finding number the pages it is boxed on
    (empty: none)."""

    path: Path | None
    pages: dict[int, list[int]] = field(default_factory=dict)
    #: The files joined (a package's): name, first and last page in the output.
    files: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def unplaced(self) -> list[int]:
        return [n for n, pages in self.pages.items() if not pages]


def note_text(number: int, f: Finding) -> str:
    """The text of a finding's note: plain text, control characters made visible."""
    return visible(f"{number}.【{SEVERITY_ZH[f.severity]}】{f.title}\n{f.message}\n规则：{f.rule}")


def annotate(pdf: Path | Sequence[Path], item: Reviewed, out: Path) -> Annotated:
    """Write ``out``: ``pdf`` (the file ``item`` was read from; for a package read from several PDFs,
    its files in order, joined into one) with ``item``'s findings annotated."""
    files = [pdf] if isinstance(pdf, Path) else list(pdf)
    data, result = annotated_pdf(item, files, [f.name for f in files])
    write_bytes(out, data)
    result.path = out
    return result


def annotated_pdf(
    item: Reviewed, sources: Sequence[Path | bytes], names: Sequence[str] | None = None
) -> tuple[bytes, Annotated]:
    """The annotated PDF as bytes (for a download), and where each finding was boxed. ``sources``:
    the PDF (a file or its bytes), or a package's PDFs in order with their file ``names`` (the names
    the package was read with: they tell each file's evidence apart)."""
    if not sources:
        raise PdfReportError(f"{item.review.source}：没有原 PDF 文件", code="report.pdf.no_source")
    given = list(names) if names is not None else [s.name if isinstance(s, Path) else None for s in sources]
    if len(given) != len(sources):
        raise ValueError("one name per source")
    pymupdf = pymupdf_module()
    result = Annotated(None)
    package = len(sources) > 1
    with contextlib.ExitStack() as stack:
        docs = [stack.enter_context(open_source(s, name)) for s, name in zip(sources, given, strict=True)]
        doc = stack.enter_context(_joined(pymupdf, docs)) if package else docs[0]
        offsets = list(itertools.accumulate([0] + [int(d.page_count) for d in docs[:-1]]))
        locators = [
            (Locator(item.disclosure, d, file=name, strict=package), offset)
            for name, d, offset in zip(given, docs, offsets, strict=True)
        ]
        result.files = [
            (name or "", offset + 1, offset + int(d.page_count))
            for name, d, offset in zip(given, docs, offsets, strict=True)
        ]
        notes: dict[int, list[tuple[float, float]]] = {}  # page → note icons placed (not on each other)
        for number, f in enumerate(item.review.findings, 1):
            boxes = _boxes(f, number, locators)
            result.pages[number] = sorted(boxes)
            for page_no in sorted(boxes):
                page = doc.load_page(page_no - 1)
                for box in boxes[page_no]:
                    _box(pymupdf, page, box, f, number)
            main = _main_box(boxes)
            if main is not None:
                page_no, box = main
                _note(pymupdf, doc.load_page(page_no - 1), box, f, number, notes.setdefault(page_no, []))
        _summary(pymupdf, doc, item, result)
        data: bytes = doc.tobytes(garbage=3, deflate=True)
    return data, result


@contextlib.contextmanager
def _joined(pymupdf: Any, docs: Sequence[Any]) -> Iterator[Any]:
    """The PDFs of a package as one document, in order."""
    joined = pymupdf.open()
    try:
        for d in docs:
            joined.insert_pdf(d)
        yield joined
    finally:
        joined.close()


def _boxes(f: Finding, number: int, locators: Sequence[tuple[Locator, int]]) -> dict[int, list[Box]]:
    """A finding's boxes by page of the output (a package's files one after the other); one primary
    box: in the file of the finding's first evidence that names one."""
    out: dict[int, list[Box]] = {}
    first_file = next((ev.file for ev in f.locations if ev.file), None)
    found = [(loc, offset, loc.boxes(f, label=str(number))) for loc, offset in locators]
    main = next(
        (loc.file for loc, _, bs in found if loc.file == first_file and any(b.primary for v in bs.values() for b in v)),
        None,
    )
    main = main or next((loc.file for loc, _, bs in found if any(b.primary for v in bs.values() for b in v)), None)
    for loc, offset, boxes in found:
        for page, bs in boxes.items():
            out[page + offset] = [b if loc.file == main else b._replace(primary=False) for b in bs]
    return out


def _box(pymupdf: Any, page: Any, box: Box, f: Finding, number: int) -> None:
    rect = pymupdf.Rect(box.x0 - PAD, box.y0 - PAD, box.x1 + PAD, box.y1 + PAD)
    annot = page.add_rect_annot(rect)
    annot.set_colors(stroke=COLOURS[f.severity])
    annot.set_border(width=2.0 if box.primary else 1.0)
    annot.set_info(title=f"yusuan 审核意见 {number}", subject=f.rule, content=note_text(number, f))
    annot.update()


def _main_box(boxes: dict[int, list[Box]]) -> tuple[int, Box] | None:
    """The page and box of the primary evidence (else the first box)."""
    every = [(page, box) for page in sorted(boxes) for box in boxes[page]]
    return next((pb for pb in every if pb[1].primary), every[0] if every else None)


def _note(pymupdf: Any, page: Any, box: Box, f: Finding, number: int, taken: list[tuple[float, float]]) -> None:
    """A note icon in the right margin at the height of the box (below any icon already there, so
    that none hides another or the page's text), opening the finding's text."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    x, y = width - 20, max(0.0, box.y0 - PAD)
    while any(abs(x - tx) < 16 and abs(y - ty) < 16 for tx, ty in taken) and y < height - 20:
        y += 17
    taken.append((x, y))
    annot = page.add_text_annot(pymupdf.Point(x, y), note_text(number, f), icon="Note")
    annot.set_colors(stroke=COLOURS[f.severity])
    annot.set_info(title=f"yusuan 审核意见 {number}", subject=f.rule)
    annot.update()


def _summary(pymupdf: Any, doc: Any, item: Reviewed, result: Annotated) -> None:
    """The summary pages at the end, and a note on the first page pointing to them."""
    r = item.review
    findings = r.findings
    counts = "、".join(f"{SEVERITY_ZH[s]} {r.count(s)} 条" for s in COLOURS)
    first_summary = doc.page_count + 1
    head = [
        f"yusuan 审核意见汇总：{r.source}",
        department_line(r.department, r.year),
        f"共 {len(findings)} 条意见（{counts}）。红框为错误，橙框为警告，蓝框为提示；"
        "框旁的便笺图标含意见全文。未能在页面上标出的意见注明“未在页面上标出”。",
        "",
    ]
    if len(result.files) > 1:
        head[-1:-1] = [
            "本文件由以下文件依次合并：" + "；".join(f"{name} 第 {a}–{b} 页" for name, a, b in result.files) + "。"
        ]
        head[-1:-1] = ["下文页码为本文件的页码。"]
    lines: list[tuple[str, Severity | None]] = [(visible(t), None) for t in head]
    for number, f in enumerate(findings, 1):
        pages = result.pages.get(number, [])
        where = "第 " + "、".join(str(p) for p in pages) + " 页" if pages else "未在页面上标出"
        lines.append((visible(f"{number}.【{SEVERITY_ZH[f.severity]}】{f.title}（{f.rule}；{where}）"), f.severity))
        lines.append((visible(f.message), None))
        lines.append(("", None))
    if not findings:
        lines.append(("没有审核意见。", None))
    # Written in a document of their own and appended: subsetting the summary's font must not touch
    # the original's fonts.
    pages = pymupdf.open()
    try:
        _write_lines(pymupdf, pages, lines)
        pages.subset_fonts()
        doc.insert_pdf(pages)
    finally:
        pages.close()
    if doc.page_count >= 1 and first_summary > 1:
        text = f"yusuan 审核：{len(findings)} 条意见（{counts}），汇总见第 {first_summary} 页起。"
        annot = doc.load_page(0).add_text_annot(pymupdf.Point(8, 8), visible(text), icon="Comment")
        annot.set_info(title="yusuan 审核意见汇总")
        annot.update()


def _write_lines(pymupdf: Any, doc: Any, lines: Sequence[tuple[str, Severity | None]]) -> None:
    """Plain text on new A4 pages, wrapped by character width (Chinese has no spaces to break at);
    a line with a severity is written in its colour."""
    font = pymupdf.Font("cjk")
    width = _PAGE[0] - 2 * _MARGIN
    step = _SIZE * _LEADING
    page: Any = None
    writers: dict[tuple[float, float, float], Any] = {}
    y = 0.0

    def flush() -> None:
        for colour, writer in writers.items():
            writer.write_text(page, color=colour)
        writers.clear()

    for text, severity in lines:
        colour = COLOURS[severity] if severity is not None else (0.0, 0.0, 0.0)
        for piece in _wrap(font, text, width) or [""]:
            if page is None or y + step > _PAGE[1] - _MARGIN:
                flush()
                page = doc.new_page(width=_PAGE[0], height=_PAGE[1])
                y = _MARGIN + _SIZE
            if piece:
                if colour not in writers:
                    writers[colour] = pymupdf.TextWriter(page.rect, color=colour)
                writers[colour].append((_MARGIN, y), piece, font=font, fontsize=_SIZE)
            y += step
    flush()


def _wrap(font: Any, text: str, width: float) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0.0
        for ch in para:
            w = float(font.text_length(ch, fontsize=_SIZE))
            if used + w > width and line:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        lines.append(line)
    return lines


# -- the report writer (yusuan review -f pdf) ------------------------------------------------------


def _source_files(item: Reviewed, inputs: Sequence[Path]) -> list[Path]:
    """The PDFs ``item`` was read from (a package: its files, in order), among the paths given on
    the command line (files, or files directly in given folders)."""
    name = item.disclosure.source
    if item.disclosure.reading is None or item.disclosure.reading.format != "pdf":
        raise PdfReportError(
            f"{name}：不是 PDF 文件，无法生成标注 PDF（pdf 格式只用于 PDF 原件）；请改用 html、xlsx、md 或 json 格式",
            code="report.pdf.not_pdf",
        )
    candidates: dict[str, Path] = {}
    for path in inputs:
        if path.is_file():
            candidates.setdefault(path.name, path)
        elif path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file():
                    candidates.setdefault(child.name, child)
    if name in candidates:
        return [candidates[name]]
    parts = name.split(" + ")
    if len(parts) > 1 and all(p in candidates for p in parts):
        found = [candidates[p] for p in parts]
        if all(p.suffix.lower() == ".pdf" for p in found):
            return found
        raise PdfReportError(
            f"{name}：这份公开文件不全是 PDF 文件，无法生成标注 PDF；请改用 html、xlsx、md 或 json 格式",
            code="report.pdf.not_pdf",
        )
    raise PdfReportError(f"{name}：找不到原 PDF 文件，无法生成标注 PDF", code="report.pdf.no_source")


def write_report(items: Sequence[Reviewed], target: Path, inputs: Sequence[Path]) -> Path:
    """``yusuan review FILE.pdf -f pdf -o OUT.pdf``: the one reviewed PDF annotated into ``target``."""
    if len(items) != 1:
        raise PdfReportError(
            f"标注 PDF 一次只能生成一份（这次审核了 {len(items)} 份文件）；请逐个文件审核，例如："
            "yusuan review 文件.pdf -f pdf -o 文件-审核.pdf",
            code="report.pdf.several",
        )
    sources = _source_files(items[0], inputs)
    if any(source.resolve() == target.resolve() for source in sources):
        raise PdfReportError(f"{target}：不能覆盖原 PDF 文件，请另指定输出文件名", code="report.pdf.same_file")
    annotate(sources, items[0], target)
    return target
