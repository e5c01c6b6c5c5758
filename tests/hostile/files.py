"""Good files of every format for the hostile-input tests, built from the consistent sample (no
binaries committed): a published PDF, DOCX, XLSX, HTML and extracted text. Built once per session."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tests.readers.office_files import package_items, write_docx, write_html, write_xlsx
from yusuan.synth import samples


@lru_cache(maxsize=1)
def good_files() -> dict[str, bytes]:
    """Suffix → the bytes of a good disclosure in that format."""
    import tempfile

    from yusuan.publish.api import render

    d = samples.consistent()
    out: dict[str, bytes] = {".pdf": render(d, "pdf")[".pdf"], ".txt": render(d, "txt")["-pdf.txt"]}
    items = package_items(d)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out[".docx"] = write_docx(items, folder / "x.docx").read_bytes()
        out[".xlsx"] = write_xlsx(items, folder / "x.xlsx").read_bytes()
        out[".html"] = write_html(items, folder / "x.html").read_bytes()
    return out


def words_pdf(path: Path, pages: int, words: int, seed: int = 2) -> Path:
    """A PDF of ``pages`` pages of ``words`` random Latin words each (tiny print, 100 words a line):
    the page of 100,000 words of issue 13 at ``words=100_000``."""
    import importlib
    import random
    from typing import Any

    pymupdf: Any = importlib.import_module("pymupdf")

    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=2000, height=2000)
        writer = pymupdf.TextWriter(page.rect)
        for n, start in enumerate(range(0, words, 100)):
            line = " ".join("".join(rng.choices(letters, k=rng.randint(2, 6))) for _ in range(min(100, words - start)))
            writer.append((2, 5 + n * 1.8), line, fontsize=1.5)
        writer.write_text(page)
    doc.save(path)
    return path
