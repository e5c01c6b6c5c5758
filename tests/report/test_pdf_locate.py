"""Finding the printed cell of a piece of evidence (yusuan.report.pdf_locate) on a page printed sideways:
the reader gives the row's box in the turned page's coordinates; the box found is the amount's, in the
page's own coordinates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pymupdf
import pytest

from yusuan.model import Disclosure
from yusuan.read.formats.pdf import _turn
from yusuan.read.formats.pdf_grid import Word, turn_words
from yusuan.report.pdf_locate import Locator, _unturn
from yusuan.report.pdf_locate import _turn as turn_rect
from yusuan.review.finding import Evidence

ROWS = ("2010106  RenDa  25.71  24.03", "2010107  Other  37.12  37.12", "2010108  Third  24.03  25.71")


@pytest.mark.parametrize("turn", [90, 270])
def test_turn_and_back(turn: int) -> None:
    r = (10.0, 20.0, 30.0, 45.0)
    assert _unturn(turn_rect(r, turn, 595, 842), turn, 595, 842) == pytest.approx(r)


@pytest.mark.parametrize("angle", [90, 270])
def test_a_sideways_row_is_found_where_it_is_printed(tmp_path: Path, angle: int) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for n, row in enumerate(ROWS):
        x, y = (100 + 20 * n, 700) if angle == 90 else (480 - 20 * n, 150)
        page.insert_text((x, y), row, fontsize=10, rotate=angle)
    words = [Word(*w[:7]) for w in page.get_text("words")]
    turn = _turn(words, 0)
    assert turn in (90, 270)  # the reader reads the page turned
    turned = {w.text: w for w in turn_words(words, turn, 595, 842)}
    code = turned["2010108"]  # the row's first cell, as the reader keeps it
    locator = Locator(Disclosure(source="x.pdf", layout="pdf"), doc)
    for column, value, printed in (("total", "24.03", 2), ("project", "25.71", 3)):
        ev = Evidence(table="expenditure", row="2010108", column=column, value=Decimal(value))
        rect = locator._cell(1, (code.x0, code.y0, code.x1, code.y1), ev, 0, ["total", "project"], ["2010108"])
        assert rect is not None
        # the third row's words, as PyMuPDF gives them on the unturned page
        third = sorted(
            (w for w in page.get_text("words") if w[4] in ("2010108", "Third", "24.03", "25.71")),
            key=lambda w: w[1] if turn == 270 else -w[3],
        )
        third = [w for w in third if abs(((w[0] + w[2]) / 2) - ((third[0][0] + third[0][2]) / 2)) < 3]
        assert [w[4] for w in third] == ["2010108", "Third", "24.03", "25.71"]
        assert rect == pytest.approx(tuple(third[printed][:4]), abs=0.01)
