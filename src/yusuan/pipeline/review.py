"""Review a batch of files: expand folders, read each file, review it, and keep what failed.

Reports need the disclosure beside its review (the table excerpts are cut from the disclosure),
so a batch keeps the two together as :class:`Reviewed` pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from yusuan.read.api import READABLE_SUFFIXES, ReadError, read, read_package, readable_suffixes
from yusuan.read.packages import group_files
from yusuan.review.engine import review
from yusuan.review.results import Batch, Failure, Reviewed

#: File suffixes a folder is searched for (the built-in formats; a registered one is searched for too).
SUFFIXES = READABLE_SUFFIXES
#: Where the bundled sample disclosures live inside the package.
EXAMPLES = ("data", "examples")


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """Files to read: a file as given; a folder's ``.txt`` files, recursively, sorted.

    A folder without any such file is reported as a failure rather than silently skipped."""
    files: list[Path] = []
    failures: list[Failure] = []
    for p in paths:
        if p.is_dir():
            suffixes = readable_suffixes()
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes)
            if not found:
                failures.append(Failure(str(p), f"{p}：文件夹中没有可读取的文件（PDF、DOCX、XLSX、XLS、HTML 或 .txt）"))
            files += found
        else:
            files.append(p)
    return files, failures


def _walk(node: Traversable) -> Iterator[Traversable]:
    for child in node.iterdir():
        if child.is_dir():
            yield from _walk(child)
        elif child.is_file() and Path(child.name).suffix.lower() in SUFFIXES:
            yield child


def example_files() -> list[Traversable]:
    """The bundled sample disclosures (``yusuan/data/examples/**/*.txt``), sorted by name."""
    root = resources.files("yusuan").joinpath(*EXAMPLES)
    if not root.is_dir():
        return []
    return sorted(_walk(root), key=lambda t: str(t))


def review_file(path: Path) -> Reviewed:
    """Read and review one file; raises :class:`~yusuan.read.api.ReadError`."""
    d = read(path)
    return Reviewed(d, review(d))


def review_paths(paths: Iterable[Path], *, as_one: bool = False, separate: bool = False) -> Batch:
    """Review every file the paths name; unreadable inputs become failures, the rest go on.

    Files of one package (情况说明 + 报表, see :mod:`yusuan.read.packages`) are read as one disclosure
    unless ``separate``; ``as_one`` reads all the files as one disclosure."""
    files, failures = expand(paths)
    batch = Batch(failures=failures)
    groups = [files] if as_one and files else [[f] for f in files] if separate else group_files(files)
    for group in groups:
        try:
            d = read(group[0]) if len(group) == 1 else read_package(group)
            batch.items.append(Reviewed(d, review(d)))
        except ReadError as exc:
            batch.failures.append(Failure(" + ".join(str(f) for f in group), str(exc)))
    return batch


def review_examples() -> Batch:
    """Review the bundled samples. An empty sample folder gives an empty batch (the caller says so)."""
    batch = Batch()
    with ExitStack() as stack:
        for entry in example_files():
            path = stack.enter_context(resources.as_file(entry))
            try:
                batch.items.append(review_file(path))
            except ReadError as exc:
                batch.failures.append(Failure(entry.name, str(exc)))
    return batch
