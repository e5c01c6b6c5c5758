"""A synthetic corpus on disk: generated departments in every output format, some with a defect.

With ``finals``, each budget is followed by its department's 部门决算 of the same year
(:func:`yusuan.synth.final.final_of`, last year's 决算 given for the changes), written in the file
formats (a 决算 has no text layout: ``txt`` is left out for it), with its own defect at the same rate.

Documents are generated, rendered and written one at a time (memory stays flat however many are
asked for), and each gets a line in ``manifest.jsonl``: its files, department, year and the defect
injected into it, if any — what was changed, where, and the rule that should report it.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yusuan.model import Disclosure, jsonio
from yusuan.publish.api import Format, render_document
from yusuan.publish.document import build_document
from yusuan.synth.defects import Defect, inject
from yusuan.synth.final import final_layout, final_of
from yusuan.synth.generate import generate
from yusuan.synth.render import synth_prose

#: What ``yusuan synth --formats`` accepts: the publish formats and the model as JSON.
CORPUS_FORMATS: tuple[str, ...] = ("txt", "json", "pdf", "docx", "xlsx", "html")
MANIFEST = "manifest.jsonl"


@dataclass
class CorpusSummary:
    documents: int = 0
    defective: int = 0


def _stem(index: int, name: str, year: int | None) -> str:
    safe = re.sub(r"[\\/:*?\"<>|\s]+", "_", name)
    return f"{index:05d}-{safe}-{year or ''}"


def write_corpus(
    out: Path,
    count: int,
    seed: int,
    formats: Sequence[str],
    rate: float,
    *,
    progress: bool = False,
    finals: bool = False,
) -> CorpusSummary:
    """``count`` documents of ``seed`` into ``out``; a share ``rate`` of them with one defect each.

    Whether document *i* gets a defect, and which, depends only on ``seed`` and *i*: the same
    command gives the same corpus, and a smaller one is a prefix of a larger one.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    out.mkdir(parents=True, exist_ok=True)
    summary = CorpusSummary()
    columns = (
        TextColumn("生成合成文件"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
    )
    with (
        (out / MANIFEST).open("w", encoding="utf-8") as manifest,
        Progress(*columns, disable=not progress, transient=False) as bar,
    ):
        task = bar.add_task("synth", total=count)
        last: dict[str, Disclosure] = {}
        for index, clean in enumerate(generate(count, seed), start=1):
            rng = random.Random(f"defect:{seed}:{index}")
            d, defect = inject(clean, rng) if rng.random() < rate else (clean, None)
            stem = _stem(index, d.department.name or "", d.year)
            _entry(
                manifest, summary, index, d.model_copy(update={"source": stem}), defect, _write(out, stem, d, formats)
            )
            if finals:
                name = clean.department.name or ""
                prior = last.get(name)
                final = final_of(
                    clean, seed + index, prior=prior if prior and prior.year == (clean.year or 0) - 1 else None
                )
                last[name] = final
                rng = random.Random(f"defect-final:{seed}:{index}")
                f, defect = inject(final, rng) if rng.random() < rate else (final, None)
                stem = f"{stem}-决算"
                files = _write(out, stem, f, [x for x in formats if x != "txt"])
                _entry(manifest, summary, index, f.model_copy(update={"source": stem}), defect, files)
            bar.advance(task)
    return summary


def _entry(manifest: Any, summary: CorpusSummary, index: int, d: Disclosure, defect: Defect | None,
           files: list[str]) -> None:  # fmt: skip
    entry: dict[str, Any] = {
        "index": index,
        "files": files,
        "kind": d.kind,
        "department": d.department.name,
        "year": d.year,
        "defect": defect.to_json() if defect else None,
    }
    manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
    summary.documents += 1
    summary.defective += defect is not None


def _write(out: Path, stem: str, d: Disclosure, formats: Sequence[str]) -> list[str]:
    files: list[str] = []
    doc = build_document(d, synth_prose(d), final_layout(d))
    for fmt in formats:
        if fmt == "json":
            contents = {".json": (jsonio.to_json(d) + "\n").encode("utf-8")}
        else:
            publish_format: Format = fmt  # type: ignore[assignment]
            contents = render_document(doc, d, publish_format)
        for suffix, content in contents.items():
            (out / (stem + suffix)).write_bytes(content)
            files.append(stem + suffix)
    return files
