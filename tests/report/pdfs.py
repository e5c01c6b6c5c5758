"""Synthetic PDFs with one known defect for the page-image and annotated-PDF tests: a generated
disclosure with a defect injected (yusuan.synth.defects), published as a PDF (yusuan.publish), read
back and reviewed — as benchmarks/detect.py does with ``--via pdf``."""

from __future__ import annotations

import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from yusuan import read
from yusuan.publish.api import render_document
from yusuan.publish.document import build_document
from yusuan.review.engine import review
from yusuan.review.finding import Finding
from yusuan.review.results import Reviewed
from yusuan.synth.defects import Defect, inject
from yusuan.synth.generate import generate
from yusuan.synth.render import synth_prose

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PDFTOPPM = shutil.which("pdftoppm")


@dataclass
class DefectPdf:
    path: Path
    item: Reviewed
    defect: Defect

    def finding(self) -> tuple[int, Finding]:
        """The finding of the rule the defect names (index, finding)."""
        return next((i, f) for i, f in enumerate(self.item.review.findings) if f.rule == self.defect.rule)


def defect_pdf(folder: Path, defect: str, seed: int = 2026, via: str = "pdf") -> DefectPdf:
    """The generated disclosure with ``defect``, published as ``via`` (pdf, or docx …), read and reviewed."""
    d = next(iter(generate(1, seed)))
    bad, injected = inject(d, random.Random(1), only=defect)
    ((suffix, content),) = render_document(build_document(bad, synth_prose(bad)), bad, via).items()  # type: ignore[arg-type]
    path = folder / f"{defect}{suffix}"
    path.write_bytes(content)
    disclosure = read(path)
    return DefectPdf(path, Reviewed(disclosure, review(disclosure)), injected)


def printed(path: Path, page: int, text: str) -> list[Any]:
    """The rects where ``text`` is printed on ``page`` (1-based)."""
    with pymupdf.open(path) as doc:
        return list(doc[page - 1].search_for(text))


def covers(outer: tuple[float, float, float, float], inner: Any, slack: float = 0.5) -> bool:
    return (
        outer[0] <= inner.x0 + slack
        and outer[1] <= inner.y0 + slack
        and outer[2] >= inner.x1 - slack
        and outer[3] >= inner.y1 - slack
    )


def red(pixel: tuple[int, ...]) -> bool:
    r, g, b = pixel[:3]
    return r > 170 and g < 90 and b < 90


def pixels(png: Path | bytes) -> Any:
    return pymupdf.Pixmap(png) if isinstance(png, bytes) else pymupdf.Pixmap(str(png))


def red_points(pix: Any, step: int = 1) -> list[tuple[int, int]]:
    """Red pixels of an image (every ``step``-th row and column)."""
    data = pix.samples
    n, stride = pix.n, pix.stride
    out = []
    for y in range(0, pix.height, step):
        row = y * stride
        for x in range(0, pix.width, step):
            i = row + x * n
            if red((data[i], data[i + 1], data[i + 2])):
                out.append((x, y))
    return out


def pdftoppm(pdf: Path, page: int, folder: Path, dpi: int = 80) -> Path:
    """Page ``page`` rendered by poppler (not MuPDF, which wrote the annotations)."""
    assert PDFTOPPM is not None
    prefix = folder / f"{pdf.stem}-p{page}"
    subprocess.run(
        [PDFTOPPM, "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf), str(prefix)],
        check=True,
        timeout=120,
    )
    return prefix.with_suffix(".png")
