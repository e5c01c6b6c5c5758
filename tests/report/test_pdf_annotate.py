"""The annotated PDF (yusuan.report.pdf_annotate, ``yusuan review FILE.pdf -f pdf -o OUT.pdf``): each
finding's cells boxed on the right page in its severity's colour with its message in a note, a summary
page, plain text only; checked by opening the output with PyMuPDF and by rendering it with poppler
(pdftoppm), on a synthetic PDF with a known defect and on a real package of ../shared/corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest
from typer.testing import CliRunner

from tests.report.pdfs import CORPUS, PDFTOPPM, DefectPdf, covers, defect_pdf, pdftoppm, pixels, printed, red_points
from yusuan import read
from yusuan.cli import app
from yusuan.report.pdf_annotate import COLOURS, PdfReportError, annotate, annotated_pdf, write_report
from yusuan.report.safe_write import OutputError
from yusuan.report.sanitize import visible
from yusuan.review.engine import review
from yusuan.review.results import Reviewed

runner = CliRunner()
needs_poppler = pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")


@pytest.fixture(scope="module")
def row_sum(tmp_path_factory: pytest.TempPathFactory) -> DefectPdf:
    return defect_pdf(tmp_path_factory.mktemp("row-sum"), "row-sum")


@pytest.fixture(scope="module")
def annotated(row_sum: DefectPdf, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "审核.pdf"
    annotate(row_sum.path, row_sum.item, out)
    return out


def _annots(path: Path, page: int) -> list[Any]:
    with pymupdf.open(path) as doc:
        return [
            {"type": a.type[1], "rect": tuple(a.rect), "colors": a.colors, "info": dict(a.info)}
            for a in doc[page - 1].annots()
        ]


def test_the_wrong_cell_is_boxed_in_red_on_its_page(row_sum: DefectPdf, annotated: Path) -> None:
    index, finding = row_sum.finding()
    page = finding.locations[0].page
    assert page is not None
    squares = [a for a in _annots(annotated, page) if a["type"] == "Square" and a["info"]["subject"] == "row-sum"]
    wrong = printed(row_sum.path, page, row_sum.defect.after or "")
    assert squares and wrong
    assert any(covers(a["rect"], r) and a["rect"][2] - a["rect"][0] < r.width + 8 for a in squares for r in wrong)
    for a in squares:
        assert tuple(round(c, 2) for c in a["colors"]["stroke"]) == COLOURS["error"]
        assert a["info"]["content"].startswith(f"{index + 1}.【错误】")
        assert finding.message in a["info"]["content"] and "规则：row-sum" in a["info"]["content"]
    notes = [a for a in _annots(annotated, page) if a["type"] == "Text" and a["info"]["subject"] == "row-sum"]
    assert len(notes) == 1 and finding.message in notes[0]["info"]["content"]


def test_the_original_pages_stay_and_a_summary_page_is_appended(row_sum: DefectPdf, annotated: Path) -> None:
    with pymupdf.open(row_sum.path) as original, pymupdf.open(annotated) as doc:
        count = original.page_count
        assert doc.page_count == count + 1
        for n in range(count):
            assert doc[n].get_text() == original[n].get_text()
        summary = "".join(doc[count].get_text().split())
        first_note = [a.info["content"] for a in doc[0].annots() if a.type[1] == "Text"]
    assert "yusuan审核意见汇总" in summary
    for n, f in enumerate(row_sum.item.review.findings, 1):
        assert f"{n}.【错误】" in summary and f"({f.rule};" in summary.replace("（", "(").replace("；", ";")
    assert first_note and f"汇总见第 {count + 1} 页起" in first_note[0]


@needs_poppler
def test_poppler_shows_red_inside_the_box_and_nowhere_else(row_sum: DefectPdf, annotated: Path, tmp_path: Path) -> None:
    _, finding = row_sum.finding()
    page = finding.locations[0].page
    assert page is not None
    dpi = 80
    assert red_points(pixels(pdftoppm(row_sum.path, page, tmp_path, dpi))) == []  # no red before
    points = red_points(pixels(pdftoppm(annotated, page, tmp_path, dpi)))
    z = dpi / 72
    boxes = [a["rect"] for a in _annots(annotated, page)]  # squares and note icons (red: errors only)
    assert points
    assert all(
        any(r[0] * z - 3 <= x <= r[2] * z + 3 and r[1] * z - 3 <= y <= r[3] * z + 3 for r in boxes) for x, y in points
    )
    wrong = printed(row_sum.path, page, row_sum.defect.after or "")[0]
    frame = [(x, y) for x, y in points if abs(y - (wrong.y0 + wrong.y1) / 2 * z) < wrong.height * z]
    assert any(x < wrong.x0 * z for x, _ in frame) and any(x > wrong.x1 * z for x, _ in frame)


def test_a_finding_without_boxes_is_listed_as_not_placed(tmp_path: Path) -> None:
    doc = defect_pdf(tmp_path, "drop-table")
    _, finding = doc.finding()
    out = annotate(doc.path, doc.item, tmp_path / "out.pdf")
    number = doc.item.review.findings.index(finding) + 1
    assert out.pages[number] == [] and number in out.unplaced
    with pymupdf.open(out.path) as pdf:
        summary = "".join(pdf[pdf.page_count - 1].get_text().split())
    assert f"{number}.【" in summary and "未在页面上标出" in summary


def test_document_text_stays_plain_text(row_sum: DefectPdf, tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script> [bold]粗[/bold] \x1b[2J \u202e反转'
    index, finding = row_sum.finding()
    findings = list(row_sum.item.review.findings)
    findings[index] = finding.model_copy(update={"message": hostile})
    item = Reviewed(row_sum.item.disclosure, row_sum.item.review.model_copy(update={"findings": findings}))
    out = annotate(row_sum.path, item, tmp_path / "out.pdf").path
    page = finding.locations[0].page
    assert page is not None
    contents = [a["info"]["content"] for a in _annots(out, page) if a["info"]["subject"] == "row-sum"]
    assert contents and all(visible(hostile) in c and "\x1b" not in c and "\u202e" not in c for c in contents)
    with pymupdf.open(out) as pdf:
        summary = pdf[pdf.page_count - 1].get_text()
        assert "<script>" in summary  # drawn as the characters it is
        for p in pdf:
            for a in p.annots():
                assert "RC" not in pdf.xref_get_keys(a.xref)  # no rich-text (XHTML) contents


def test_cli_writes_the_annotated_pdf(row_sum: DefectPdf, tmp_path: Path) -> None:
    out = tmp_path / "审核结果.pdf"
    result = runner.invoke(app, ["review", str(row_sum.path), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 1, result.output  # errors found
    assert f"已写入 {out}" in result.output
    with pymupdf.open(out) as doc:
        assert doc.page_count == (row_sum.item.disclosure.reading.pages or 0) + 1  # type: ignore[union-attr]
    again = runner.invoke(app, ["review", str(row_sum.path), "-o", str(out)])  # the suffix says pdf
    assert again.exit_code == 1 and "替换了原有的报告" in again.output


def test_cli_refuses_what_cannot_be_annotated(row_sum: DefectPdf, tmp_path: Path) -> None:
    docx = defect_pdf(tmp_path, "row-sum", via="docx").path
    result = runner.invoke(app, ["review", str(docx), "-f", "pdf", "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 2
    assert f"{docx.name}：不是 PDF 文件，无法生成标注 PDF" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.pdf").exists()
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(row_sum.path.read_bytes() + b"\n%another file\n")  # not a duplicate of the first
    two = runner.invoke(
        app, ["review", str(row_sum.path), str(copy), "--separate", "-f", "pdf", "-o", str(tmp_path / "o.pdf")]
    )
    assert two.exit_code == 2 and "一次只能生成一份" in two.output and not (tmp_path / "o.pdf").exists()
    same = runner.invoke(app, ["review", str(copy), "-f", "pdf", "-o", str(copy)])
    assert same.exit_code == 2 and "不能覆盖原 PDF 文件" in same.output
    assert copy.read_bytes().startswith(row_sum.path.read_bytes())


def test_several_documents_and_a_link_are_refused(row_sum: DefectPdf, tmp_path: Path) -> None:
    with pytest.raises(PdfReportError, match="一次只能生成一份"):
        write_report([row_sum.item, row_sum.item], tmp_path / "o.pdf", [row_sum.path])
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "elsewhere.pdf")
    with pytest.raises(OutputError, match="符号链接"):
        annotate(row_sum.path, row_sum.item, link)
    assert not (tmp_path / "elsewhere.pdf").exists()


# -- a real package ----------------------------------------------------------------------------------

SWU = CORPUS / "university-2023-西南大学.pdf"


@pytest.mark.skipif(not SWU.is_file(), reason="../shared/corpus is absent: real packages are not bundled")
def test_corpus_row_sum_is_boxed_on_page_8(tmp_path: Path) -> None:
    # tests/readers/test_corpus_review.py: 收入预算表 (p8) 2050202 小学教育 收入合计 9,645.51 ≠ Σ its columns
    d = read(SWU)
    item = Reviewed(d, review(d))
    index = next(i for i, f in enumerate(item.review.findings) if f.rule == "row-sum")
    out = annotate(SWU, item, tmp_path / "swu.pdf")
    assert out.pages[index + 1] == [8]
    squares = [a for a in _annots(out.path, 8) if a["type"] == "Square" and a["info"]["subject"] == "row-sum"]
    (printed_total,) = printed(SWU, 8, "9,645.51")
    assert any(
        covers(a["rect"], printed_total) and a["rect"][2] - a["rect"][0] < printed_total.width + 8 for a in squares
    )
    fiscal = printed(SWU, 8, "8,201.15")
    assert any(covers(a["rect"], r) for a in squares for r in fiscal)  # the columns it adds up, too
    if PDFTOPPM is not None:
        points = red_points(pixels(pdftoppm(out.path, 8, tmp_path, 80)))
        z = 80 / 72
        inside = [
            (x, y)
            for x, y in points
            if printed_total.x0 * z - 6 <= x <= printed_total.x1 * z + 6
            and printed_total.y0 * z - 6 <= y <= printed_total.y1 * z + 6
        ]
        assert inside


def test_annotated_bytes_for_a_download(row_sum: DefectPdf, annotated: Path) -> None:
    data, result = annotated_pdf(row_sum.item, [row_sum.path.read_bytes()])
    assert result.path is None and data.startswith(b"%PDF-")
    index, finding = row_sum.finding()
    assert result.pages[index + 1] == [finding.locations[0].page]
    with pymupdf.open(stream=data, filetype="pdf") as mine, pymupdf.open(annotated) as written:
        assert mine.page_count == written.page_count
        for a, b in zip(mine, written, strict=True):
            assert [(x.type, tuple(x.rect)) for x in a.annots()] == [(x.type, tuple(x.rect)) for x in b.annots()]
