"""Page images (yusuan.report.page_image): a finding's boxes found on the page of a synthetic PDF with a
known defect, drawn in red where the wrong amount is printed and nowhere else; bounds and Chinese errors."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from tests.report.pdfs import CORPUS, DefectPdf, covers, defect_pdf, pixels, printed, red_points
from yusuan import read
from yusuan.errors import YusuanError
from yusuan.report.page_image import MAX_DPI, MAX_PIXELS, Box, PageImageError, boxes_for, render_page, zoom_for
from yusuan.review.engine import review
from yusuan.review.results import Reviewed


@pytest.fixture(scope="module")
def row_sum(tmp_path_factory: pytest.TempPathFactory) -> DefectPdf:
    return defect_pdf(tmp_path_factory.mktemp("row-sum"), "row-sum")


@pytest.fixture(scope="module")
def narrative(tmp_path_factory: pytest.TempPathFactory) -> DefectPdf:
    return defect_pdf(tmp_path_factory.mktemp("narrative"), "narrative-amount-mismatch")


def _primary(boxes: dict[int, list[Box]]) -> tuple[int, Box]:
    ((page, box),) = [(p, b) for p, bs in boxes.items() for b in bs if b.primary]
    return page, box


def test_boxes_for_a_row_sum_box_the_wrong_total(row_sum: DefectPdf) -> None:
    index, finding = row_sum.finding()
    boxes = boxes_for(row_sum.item, index, row_sum.path, label="1")
    page, box = _primary(boxes)
    assert page == finding.locations[0].page
    wrong = row_sum.defect.after
    assert wrong is not None
    hits = printed(row_sum.path, page, wrong)
    assert hits, f"{wrong} is printed on page {page}"
    # the box is the printed wrong amount: it covers it and is not much larger
    assert any(covers(box.rect, r) and box.x1 - box.x0 < r.width + 4 for r in hits)
    assert box.label == "1"
    # the other boxes are the row's other filled cells (project 24.03 …), on the same line
    others = [b for b in boxes[page] if not b.primary]
    assert others and all(abs(b.y0 - box.y0) < 2 for b in others)


def test_boxes_accept_the_pdf_as_bytes(row_sum: DefectPdf) -> None:
    index, _ = row_sum.finding()
    assert boxes_for(row_sum.item, index, row_sum.path.read_bytes()) == boxes_for(row_sum.item, index, row_sum.path)


def test_narrative_sentence_is_boxed_line_by_line_with_the_figure_tighter(narrative: DefectPdf) -> None:
    index, finding = narrative.finding()
    boxes = boxes_for(narrative.item, index, narrative.path)
    page, box = _primary(boxes)
    sentence = next(ev for ev in finding.locations if ev.sentence)
    assert page == sentence.page
    wrong = narrative.defect.after
    assert wrong is not None
    hits = printed(narrative.path, page, wrong)
    assert any(covers(box.rect, r, slack=1) and box.x1 - box.x0 < r.width + 4 for r in hits)
    lines = [b for b in boxes[page] if not b.primary and b.x1 - b.x0 > 200]  # the sentence's printed lines
    assert len(lines) >= 2
    assert any(covers(line.rect, box, slack=1) for line in lines)  # the figure lies on one of them


def test_render_page_draws_red_around_the_box_only(row_sum: DefectPdf) -> None:
    index, _ = row_sum.finding()
    page, box = _primary(boxes_for(row_sum.item, index, row_sum.path))
    dpi = 100
    plain = red_points(pixels(render_page(row_sum.path, page, [], dpi=dpi)))
    assert plain == []  # the synthetic page has no red of its own
    pix = pixels(render_page(row_sum.path, page, [box], dpi=dpi))
    points = red_points(pix)
    z = dpi / 72
    x0, y0, x1, y1 = box.x0 * z, box.y0 * z, box.x1 * z, box.y1 * z
    assert points
    margin = 4 * z + 2  # the frame stands a little outside the box
    assert all(x0 - margin <= x <= x1 + margin and y0 - margin <= y <= y1 + margin for x, y in points)
    # all four sides are drawn
    assert any(x < x0 for x, _ in points) and any(x > x1 for x, _ in points)
    assert any(y < y0 for _, y in points) and any(y > y1 for _, y in points)


def test_render_page_label_and_plain_tuples(row_sum: DefectPdf) -> None:
    index, _ = row_sum.finding()
    page, box = _primary(boxes_for(row_sum.item, index, row_sum.path))
    framed = red_points(pixels(render_page(row_sum.path, page, [box.rect], dpi=100)))
    labelled = red_points(pixels(render_page(row_sum.path, page, [box._replace(label="12")], dpi=100)))
    assert framed and len(labelled) > len(framed)
    top = min(y for _, y in framed)
    assert min(y for _, y in labelled) < top  # the tag sits above the frame


def test_render_page_follows_the_page_rotation(row_sum: DefectPdf, tmp_path: Path) -> None:
    index, _ = row_sum.finding()
    page, box = _primary(boxes_for(row_sum.item, index, row_sum.path))
    with pymupdf.open(row_sum.path) as doc:
        doc[page - 1].set_rotation(90)
        doc.save(tmp_path / "turned.pdf")
        expected = pymupdf.Rect(box.rect) * doc[page - 1].rotation_matrix * pymupdf.Matrix(1, 1)
    points = red_points(pixels(render_page(tmp_path / "turned.pdf", page, [box], dpi=72)))
    assert points
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    assert expected.x0 - 3 <= cx <= expected.x1 + 3 and expected.y0 - 3 <= cy <= expected.y1 + 3


def test_resolution_and_size_are_bounded(tmp_path: Path) -> None:
    assert zoom_for(595, 842, 10_000) == MAX_DPI / 72
    assert zoom_for(595, 842, 1) == 36 / 72
    doc = pymupdf.open()
    doc.new_page(width=14_400, height=14_400)  # the largest page PDF allows: 5 m square
    doc.save(tmp_path / "huge.pdf")
    png = render_page(tmp_path / "huge.pdf", 1, [(10, 10, 100, 100)], dpi=300)
    pix = pixels(png)
    assert pix.width * pix.height <= MAX_PIXELS
    assert pix.width > 1000  # smaller, not empty


def test_page_out_of_range_and_not_a_pdf_are_chinese_errors(row_sum: DefectPdf, tmp_path: Path) -> None:
    count = row_sum.item.disclosure.reading.pages if row_sum.item.disclosure.reading else None
    with pytest.raises(PageImageError, match=f"没有第 {(count or 0) + 1} 页（共 {count} 页）"):
        render_page(row_sum.path, (count or 0) + 1)
    with pytest.raises(PageImageError, match="没有第 0 页"):
        render_page(row_sum.path.read_bytes(), 0)
    with pytest.raises(PageImageError, match="不是 PDF 文件"):
        render_page(b"<html>not a pdf</html>", 1)
    text = tmp_path / "说明.txt"
    text.write_text("2024年部门预算", encoding="utf-8")
    with pytest.raises(YusuanError, match=r"说明\.txt"):
        render_page(text, 1)
    with pytest.raises(PageImageError, match="没有第 999 条审核意见"):
        boxes_for(row_sum.item, 998, row_sum.path)


# -- real packages (tests/readers/test_corpus_review.py lists these findings as confirmed on the page) ------

CORPUS_CASES = [
    # 支出预算总表 p11, in 元: 2040601 行政运行 prints 合计 14,348,853.34 = 基本支出 14,348,853.34 (+ 项目支出)
    ("xlsx/shanghai-putuo-2026-unit-budget.pdf", "row-sum", 11, "14,348,853.34", 2),
    # p7: 「财政拨款收支总预算192207.76万元」 (the tables say otherwise)
    ("national/湖州-2026年湖州市交通运输局部门预算.pdf", "narrative-amount-mismatch", 7, "192207.76", 1),
]


@pytest.mark.parametrize(("name", "rule", "page", "wrong", "on_line"), CORPUS_CASES)
def test_corpus_findings_are_boxed_on_the_printed_amount(
    name: str, rule: str, page: int, wrong: str, on_line: int
) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("../shared/corpus is absent: real packages are not bundled")
    d = read(path)
    item = Reviewed(d, review(d))
    index = next(i for i, f in enumerate(item.review.findings) if f.rule == rule)
    boxes = boxes_for(item, index, path)
    found, box = _primary(boxes)
    assert found == page
    hits = [r for r in printed(path, page, wrong) if abs(r.y0 - box.y0) < 2]
    assert len(hits) == on_line  # the amount printed this many times on the finding's line
    leftmost = min(hits, key=lambda r: r.x0)
    assert covers(box.rect, leftmost) and box.x1 - box.x0 < leftmost.width + 4  # 合计 is the first column
    assert all(any(covers(b.rect, r) for b in boxes[page]) for r in hits)
    assert red_points(pixels(render_page(path, page, boxes[page], dpi=72)))


def test_encrypted_and_damaged_pdfs_are_chinese_errors(row_sum: DefectPdf) -> None:
    with pymupdf.open(row_sum.path) as doc:
        locked = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(PageImageError, match="已加密"):
        render_page(locked, 1)
    with pytest.raises(YusuanError, match="PDF 文件"):
        render_page(b"%PDF-1.7\n" + b"\x00garbage" * 100, 1)
    with pytest.raises(PageImageError, match="文件是空的"):
        render_page(b"", 1)
