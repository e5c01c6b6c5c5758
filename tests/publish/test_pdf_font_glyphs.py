"""Regression: a published PDF draws the same glyphs in every viewer (the embedded Noto CJK subset's CIDs are
its glyph ids). Before, MuPDF — the renderer of the workbench's page images — drew other glyphs or none where
poppler drew the text, because the subset kept Noto's CIDs while its glyphs were renumbered."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageChops, ImageFilter

from yusuan.publish.api import render_document
from yusuan.publish.document import build_document
from yusuan.publish.pdf_out import NOTO_PATHS
from yusuan.synth.generate import generate
from yusuan.synth.render import synth_prose

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed"),
    pytest.mark.skipif(not any(Path(p).is_file() for p in NOTO_PATHS), reason="fonts-noto-cjk is not installed"),
]


def test_mupdf_and_poppler_draw_the_same_page(tmp_path: Path) -> None:
    d = next(iter(generate(1, 2026)))
    ((_, content),) = render_document(build_document(d, synth_prose(d)), d, "pdf").items()
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(content)
    mupdf = Image.open(BytesIO(pymupdf.open(pdf)[0].get_pixmap(dpi=60).tobytes("png"))).convert("L")
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")], check=True)
    poppler = Image.open(next(tmp_path.glob("p-*.png"))).convert("L").resize(mupdf.size)
    ink_mupdf, ink_poppler = (sum(1 for v in im.getdata() if v < 160) for im in (mupdf, poppler))
    assert ink_poppler > 5000  # the page has text and rules
    # the glyphs drawn: as much ink in both (the broken subset: MuPDF drew 46% of poppler's ink; fixed: 83%)
    assert 0.7 < ink_mupdf / ink_poppler < 1.3, (ink_mupdf, ink_poppler)
    blurred = (im.filter(ImageFilter.BoxBlur(3)) for im in (mupdf, poppler))
    diff = ImageChops.difference(*blurred)
    assert sum(diff.getdata()) / (diff.size[0] * diff.size[1]) < 9  # broken: 12.1; fixed: 6.8
