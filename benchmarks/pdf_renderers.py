"""PDF renderer comparison: how yusuan's package PDF is made, measured (docs/publish.md).

The same synthetic packages are rendered to PDF by each candidate; for each the script reports the
median time per document, the file size, whether the CJK font is embedded, whether the tables are
ruled and their heads repeated after a page break, and whether ``yusuan.read`` gives the package's
tables back exactly from the PDF (the fidelity that matters here: a reader rebuilds the grid from
the ruling lines and the words' positions).

Candidates (those not installed are reported as such):

* ``pymupdf-noto``: yusuan's own layout drawn with PyMuPDF, Noto Sans CJK SC subset with fontTools
  (the renderer ``yusuan publish`` uses);
* ``pymupdf-builtin``: the same layout with PyMuPDF's built-in Droid Sans Fallback (subset by MuPDF);
* ``weasyprint``: the HTML output (``--format html``) through WeasyPrint (``pip install weasyprint``);
* ``libreoffice``: the DOCX output converted by ``soffice --headless --convert-to pdf``
  (Debian ``libreoffice-writer-nogui``);
* ``reportlab`` is not measured: it embeds TrueType-outline fonts only, and the Noto CJK faces are
  CFF-based OpenType; its built-in CJK fonts (STSong-Light) are never embedded.

    .venv/bin/python benchmarks/pdf_renderers.py --count 5
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf

from yusuan import read
from yusuan.model import Disclosure, TwoSidedTable
from yusuan.publish.document import Document, build_document
from yusuan.publish.docx_out import render_docx
from yusuan.publish.html_out import render_html
from yusuan.publish.pdf_out import render_pdf
from yusuan.synth.generate import generate
from yusuan.synth.render import synth_prose

fitz: Any = pymupdf
Renderer = Callable[[Document, Path], bytes]


def _weasyprint(doc: Document, tmp: Path) -> bytes:
    import weasyprint  # type: ignore[import-not-found,unused-ignore]

    return bytes(weasyprint.HTML(string=render_html(doc)).write_pdf())


def _libreoffice(doc: Document, tmp: Path) -> bytes:
    source = tmp / "package.docx"
    source.write_bytes(render_docx(doc))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (tmp / "package.pdf").read_bytes()


CANDIDATES: dict[str, tuple[Renderer, str | None]] = {
    "pymupdf-noto": (lambda doc, tmp: render_pdf(doc), None),
    "pymupdf-builtin": (lambda doc, tmp: render_pdf(doc, noto=False), None),
    "weasyprint": (_weasyprint, "weasyprint" if importlib.util.find_spec("weasyprint") is None else None),
    "libreoffice": (_libreoffice, "soffice" if shutil.which("soffice") is None else None),
}


def _rows(t: Any) -> list[tuple[Any, ...]]:
    rows = t.income + t.expenditure if isinstance(t, TwoSidedTable) else t.rows
    return [(r.code, r.key, r.name, dict(r.values)) for r in rows]


def _check(pdf: bytes, d: Disclosure, tmp: Path) -> dict[str, Any]:
    document = fitz.open(stream=pdf, filetype="pdf")
    fonts = {xref: name for page in document for xref, _, _, name, *_ in page.get_fonts()}
    embedded = all(document.extract_font(xref)[3] for xref in fonts)
    cjk = sorted({name.split("+")[-1] for name in fonts.values() if "CJK" in name or "Droid" in name or "Sans" in name})
    rules = sum(1 for page in document for path in page.get_drawings() for _ in path["items"])
    path = tmp / "check.pdf"
    path.write_bytes(pdf)
    try:
        got = read(path)
        exact = all(tid in got.tables and _rows(got.tables[tid]) == _rows(t) for tid, t in d.tables.items())
        claims = [c.amount for c in got.narrative.claims] == [c.amount for c in d.narrative.claims]
    except Exception as exc:  # a reader failure is a fidelity result too
        exact, claims = False, False
        print(f"  read failed: {type(exc).__name__}: {exc}")
    return {
        "pages": len(document),
        "bytes": len(pdf),
        "embedded": embedded,
        "fonts": cjk,
        "drawings": rules,
        "tables exact": exact,
        "claims exact": claims,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    docs = [(d, build_document(d, synth_prose(d))) for d in generate(args.count, args.seed)]
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; {args.count} synthetic packages")
    for name, (render, missing) in CANDIDATES.items():
        if missing:
            print(f"{name:16} not installed ({missing})")
            continue
        times: list[float] = []
        checks: list[dict[str, Any]] = []
        with tempfile.TemporaryDirectory() as tmp:
            render(docs[0][1], Path(tmp))  # warm-up: imports, font loading, a started office
            for d, doc in docs:
                started = time.perf_counter()
                pdf = render(doc, Path(tmp))
                times.append(time.perf_counter() - started)
                checks.append(_check(pdf, d, Path(tmp)))
        first = checks[0]
        print(
            f"{name:16} median {statistics.median(times) * 1000:7.0f} ms/doc  max {max(times) * 1000:7.0f} ms  "
            f"{statistics.mean(c['bytes'] for c in checks) / 1024:6.0f} KiB  pages {first['pages']:3d}  "
            f"fonts embedded {all(c['embedded'] for c in checks)} {first['fonts']}  drawings {first['drawings']}  "
            f"tables read back exactly {sum(c['tables exact'] for c in checks)}/{len(checks)}  "
            f"narrative figures {sum(c['claims exact'] for c in checks)}/{len(checks)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
