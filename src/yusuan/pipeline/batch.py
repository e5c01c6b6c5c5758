"""The one batch driver of ``parse``, ``review`` and ``ingest``.

1. **expand** the paths: a file as given; a folder's readable files (every format the reader
   understands), recursively, sorted; each file once. A folder without any is a failure. A file
   whose bytes equal an earlier file's (SHA-256) is not read again: it is reported as a
   :class:`~yusuan.review.results.Duplicate` ("与 X 内容相同，已跳过").
2. **group** the files into packages (:func:`yusuan.read.packages.group_files`: 情况说明 + 报表 …
   read as one disclosure; then by content, :func:`~yusuan.read.packages.group_by_content`: a narrative
   file and a tables file whose first pages name the same department and year); ``as_one`` makes all
   the files one package, ``separate`` each file its own.
3. **read** each package once (and review it, for ``review`` and ``ingest``) in a *step*;
4. hand each outcome to the caller — a :class:`~yusuan.review.results.Reviewed` pair, a stored
   document, or a failure naming the files and the reason.

One bad package never stops the batch: a :class:`~yusuan.errors.YusuanError` (unreadable input) and
even an unexpected error (a reader bug) become that package's failure. Ctrl-C stops an
``interruptible`` batch after the package in hand (the result says so); otherwise it propagates.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Generic, TypeVar

from yusuan.errors import YusuanError, short_reason
from yusuan.model import Disclosure
from yusuan.read.api import READABLE_SUFFIXES, read, read_package, readable_suffixes
from yusuan.read.packages import covers, group_by_content, group_files
from yusuan.review.engine import review
from yusuan.review.results import Batch, Duplicate, Failure, Reviewed

#: File suffixes a folder is searched for (the built-in formats; a registered one is searched for too).
SUFFIXES = READABLE_SUFFIXES
#: Where the bundled sample disclosures live inside the package.
EXAMPLES = ("data", "examples")

T = TypeVar("T")


@dataclass(frozen=True)
class Package:
    """The files read as one disclosure: one file, or the files of a package (情况说明 + 报表 …)."""

    files: tuple[Path, ...]

    @property
    def name(self) -> str:
        """The files as given, joined by `` + ``."""
        return " + ".join(str(f) for f in self.files)


@dataclass
class Run(Generic[T]):
    """The outcome of every input of a batch, in order; ``interrupted`` after Ctrl-C."""

    results: list[T] = field(default_factory=list)
    interrupted: bool = False


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """Files to read: a file as given; a folder's readable files, recursively, sorted; each file once.

    A folder without any such file is reported as a failure rather than silently skipped."""
    files: list[Path] = []
    failures: list[Failure] = []
    seen: set[Path] = set()
    for p in paths:
        if p.is_dir():
            suffixes = readable_suffixes()
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes)
            if not found:
                failures.append(Failure(str(p), f"{p}：文件夹中没有可读取的文件（PDF、DOCX、XLSX、XLS、HTML 或 .txt）"))
        else:
            found = [p]
        for f in found:
            try:
                key = f.resolve() if f.exists() else f
            except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
                key = f
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, failures


def _regular_size(path: Path) -> int | None:
    """The size of a regular file; None for anything else (a FIFO is never opened: the reader refuses it)."""
    try:
        st = path.stat()
    except (OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read (the reader will say why)."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def distinct(files: Sequence[Path]) -> tuple[list[Path], list[Duplicate]]:
    """The files whose bytes differ, in order, and the later copies of an earlier file's bytes.

    Only files of equal size are hashed (SHA-256), so a batch of distinct files costs a stat each."""
    sizes: dict[int, int] = {}
    for f in files:
        size = _regular_size(f)
        if size is not None:
            sizes[size] = sizes.get(size, 0) + 1
    kept: list[Path] = []
    duplicates: list[Duplicate] = []
    first: dict[str, Path] = {}
    for f in files:
        size = _regular_size(f)
        shared = size is not None and sizes.get(size, 0) > 1
        digest = _digest(f) if shared else None
        if digest is not None and digest in first:
            duplicates.append(Duplicate(str(f), str(first[digest])))
            continue
        if digest is not None:
            first[digest] = f
        kept.append(f)
    return kept, duplicates


def packages(files: Sequence[Path], *, as_one: bool = False, separate: bool = False) -> list[Package]:
    """The files grouped into packages: by name (see :mod:`yusuan.read.packages`), all as one
    (``as_one``) or each on its own (``separate``)."""
    if as_one and files:
        groups = [list(files)]
    elif separate:
        groups = [[f] for f in files]
    else:
        groups = group_files(list(files))
        singles = [g[0] for g in groups if len(g) == 1]
        if len(singles) > 1:  # by content: a narrative file and a tables file of one department and year
            groups = group_by_content(groups, covers(singles))
    return [Package(tuple(g)) for g in groups]


def collect(
    paths: Iterable[Path], *, as_one: bool = False, separate: bool = False
) -> tuple[list[Package], list[Failure], list[Duplicate]]:
    """:func:`expand`, :func:`distinct` then :func:`packages`: the packages to read, the inputs that
    failed already and the files skipped as copies of another."""
    files, failures = expand(paths)
    files, duplicates = distinct(files)
    return packages(files, as_one=as_one, separate=separate), failures, duplicates


def read_files(files: Sequence[Path]) -> Disclosure:
    """Read one package: a single file with :func:`~yusuan.read.api.read`, several with
    :func:`~yusuan.read.api.read_package`; raises :class:`~yusuan.errors.YusuanError`."""
    return read(files[0]) if len(files) == 1 else read_package(list(files))


def read_and_review(package: Package) -> Reviewed:
    """The review step: read the package once and review it."""
    d = read_files(package.files)
    return Reviewed(d, review(d))


def failure(package: Package, exc: BaseException) -> Failure:
    """The failure of a package: a :class:`YusuanError`'s message (it names the file), or for any
    other error the files and the reason."""
    if isinstance(exc, YusuanError):
        return Failure(package.name, str(exc))
    return Failure(package.name, f"{package.name}：处理时出错（{short_reason(exc)}）")


def drive(
    items: Sequence[Package],
    step: Callable[[Package], T],
    failed: Callable[[Package, BaseException], T],
    *,
    before: Callable[[Package], None] | None = None,
    after: Callable[[T], None] | None = None,
    interruptible: bool = False,
) -> Run[T]:
    """Run ``step`` on each package in order; an exception becomes ``failed(package, exc)``.

    ``before``/``after`` are called around each package (progress, output as it goes). With
    ``interruptible``, Ctrl-C ends the batch (``Run.interrupted``) instead of propagating."""
    run: Run[T] = Run()
    try:
        for package in items:
            if before is not None:
                before(package)
            try:
                result = step(package)
            except Exception as exc:  # one bad package never stops the batch
                result = failed(package, exc)
            run.results.append(result)
            if after is not None:
                after(result)
    except KeyboardInterrupt:
        if not interruptible:
            raise
        run.interrupted = True
    return run


def read_paths(
    paths: Iterable[Path],
    *,
    as_one: bool = False,
    separate: bool = False,
    after: Callable[[Package, Disclosure | Failure], None] | None = None,
    skipped: Callable[[Duplicate], None] | None = None,
) -> tuple[list[Disclosure], list[Failure]]:
    """Read (not review) every package the paths name: the disclosures and the failures, in order.
    ``after`` sees each package's outcome as it comes (for ``parse``: write and print as it goes);
    the folders without readable files are reported first, then (to ``skipped``) the copies of
    another file, which are not read."""
    items, failures, duplicates = collect(paths, as_one=as_one, separate=separate)
    docs: list[Disclosure] = []
    for dup in duplicates:
        if skipped is not None:
            skipped(dup)
    for f in failures:
        if after is not None:
            after(Package((Path(f.path),)), f)

    def step(package: Package) -> tuple[Package, Disclosure | Failure]:
        return package, read_files(package.files)

    def failed(package: Package, exc: BaseException) -> tuple[Package, Disclosure | Failure]:
        return package, failure(package, exc)

    def each(outcome: tuple[Package, Disclosure | Failure]) -> None:
        package, value = outcome
        if isinstance(value, Failure):
            failures.append(value)
        else:
            docs.append(value)
        if after is not None:
            after(package, value)

    drive(items, step, failed, after=each)
    return docs, failures


def review_paths(paths: Iterable[Path], *, as_one: bool = False, separate: bool = False) -> Batch:
    """Review every package the paths name; unreadable inputs become failures, the rest go on."""
    items, failures, duplicates = collect(paths, as_one=as_one, separate=separate)
    batch = _batch(drive(items, _reviewed, failure).results, failures)
    batch.duplicates = duplicates
    return batch


#: The exit status of ``yusuan review`` when some document could not be checked at all.
UNCHECKED_EXIT = 3


def exit_status(batch: Batch) -> int:
    """The exit status of a reviewed batch: 2 when an input could not be read, else 3 when some document
    could not be checked (nothing that checks numbers could run: :func:`~yusuan.report.common.nothing_checked`),
    else 1 when some finding is an error, else 0 (every document checked, and clean)."""
    from yusuan.report.common import nothing_checked

    if batch.failures:
        return 2
    if any(nothing_checked(item) for item in batch.items):
        return UNCHECKED_EXIT
    return 1 if batch.errors else 0


def _reviewed(package: Package) -> Reviewed | Failure:
    return read_and_review(package)


def _batch(results: Iterable[Reviewed | Failure], failures: list[Failure]) -> Batch:
    batch = Batch(failures=list(failures))
    for r in results:
        if isinstance(r, Failure):
            batch.failures.append(r)
        else:
            batch.items.append(r)
    return batch


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


def review_examples() -> Batch:
    """Review the bundled samples. An empty sample folder gives an empty batch (the caller says so)."""
    with ExitStack() as stack:
        entries = example_files()
        files = [stack.enter_context(resources.as_file(e)) for e in entries]
        names = {f: e.name for f, e in zip(files, entries, strict=True)}

        def failed(package: Package, exc: BaseException) -> Reviewed | Failure:
            name = names[package.files[0]]
            if isinstance(exc, YusuanError):
                return Failure(name, str(exc))
            return Failure(name, f"{name}：处理时出错（{short_reason(exc)}）")

        run = drive([Package((f,)) for f in files], _reviewed, failed)
    return _batch(run.results, [])
