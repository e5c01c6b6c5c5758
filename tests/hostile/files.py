"""Good files of every format for the hostile-input tests, built from the consistent sample (no
binaries committed): a published PDF, DOCX, XLSX, HTML and extracted text. Built once per session."""

from __future__ import annotations

from functools import lru_cache

from tests.readers.office_files import package_items, write_docx, write_html, write_xlsx
from yusuan.synth import samples


@lru_cache(maxsize=1)
def good_files() -> dict[str, bytes]:
    """Suffix → the bytes of a good disclosure in that format."""
    import tempfile
    from pathlib import Path

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
