"""The top-level Python API beside :func:`yusuan.read`: :func:`review`, :func:`ingest` and
:func:`publish` (``yusuan.review(...)`` and so on). The commands of the same names call these.

Errors are :class:`~yusuan.errors.YusuanError`: an unusable argument (no such template, an input
that cannot be published, a store that cannot be opened) is raised; a file of a batch that cannot
be read is not — it is that file's failure in the batch result, and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.pipeline.batch import Package, review_examples, review_paths
from yusuan.publish.api import Published
from yusuan.review.engine import DocumentReview
from yusuan.review.engine import review as review_disclosure
from yusuan.review.results import Batch

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from yusuan.pipeline.ingest import BatchResult
    from yusuan.store.ingest import IngestResult

__all__ = ["Published", "ingest", "publish", "review"]

PathLike = str | Path


def _paths(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    return [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]


@overload
def review(source: Disclosure) -> DocumentReview: ...
@overload
def review(
    source: PathLike | Iterable[PathLike] | None = None, *, as_one: bool = False, separate: bool = False
) -> Batch: ...
def review(
    source: Disclosure | PathLike | Iterable[PathLike] | None = None, *, as_one: bool = False, separate: bool = False
) -> DocumentReview | Batch:
    """Review a disclosure already read (→ its :class:`DocumentReview`), or read and review files
    and folders (→ a :class:`Batch`: each package read once with its review, and the failures).

    Files of one package (情况说明 + 报表 …) are read as one disclosure unless ``separate``;
    ``as_one`` reads all the files as one. Without ``source``, the bundled samples are reviewed."""
    if isinstance(source, Disclosure):
        return review_disclosure(source)
    if source is None:
        return review_examples()
    return review_paths(_paths(source), as_one=as_one, separate=separate)


def ingest(
    paths: PathLike | Iterable[PathLike],
    db: str | Engine | None = None,
    *,
    as_one: bool = False,
    separate: bool = False,
    force: bool = False,
    start: Callable[[int], None] | None = None,
    before: Callable[[Package], None] | None = None,
    after: Callable[[IngestResult], None] | None = None,
    keep: PathLike | None = None,
) -> BatchResult:
    """Read, review and store files and folders; each package (情况说明 + 报表 …) is one document.

    ``db`` is a SQLAlchemy URL or engine (default: ``YUSUAN_DB``, else a SQLite file in the user's
    data directory); a store that cannot be opened raises :class:`~yusuan.store.db.StoreError`.
    Content already stored is ``unchanged``; a corrected file becomes a new version. A failing
    package is a ``failed`` result and the batch goes on; Ctrl-C ends the batch with
    ``interrupted`` set, every document stored either fully or not at all. ``start`` (told the
    number of packages), ``before`` and ``after`` (each package, each result) follow the batch. A document
    with nothing read is not stored; one that reads worse than the current version is kept aside (not
    current) unless ``force``. ``keep``: a folder where the original files are kept by content, as the workbench
    keeps uploads (``yusuan serve --files``), so that it shows their pages."""
    from sqlalchemy import Engine

    from yusuan.pipeline.ingest import ingest_paths
    from yusuan.store.db import open_store, upgrade

    if isinstance(db, Engine):
        engine, own = db, False
        upgrade(engine)
    else:
        engine, own = open_store(db), True
    try:
        from yusuan.store.uploads import BlobStore

        return ingest_paths(
            engine, _paths(paths), as_one=as_one, separate=separate, force=force, start=start, before=before,
            after=after, keep=BlobStore(Path(keep)) if keep is not None else None,
        )
    finally:
        if own:
            engine.dispose()


def publish(
    source: PathLike | Disclosure,
    output: PathLike,
    format: str | None = None,
    *,
    template: str = "hebei-2023",
    prose: Mapping[str, Sequence[str]] | None = None,
    force: bool = False,
) -> Published:
    """Write a complete disclosure file from budget data: ``source`` is a JSON, YAML or filled-in
    Excel input (see ``yusuan template``) or a :class:`Disclosure`. The format is ``format``, else
    the output's suffix, else PDF (``txt`` writes the two text layouts ``NAME-docx.txt`` and
    ``NAME-pdf.txt``). The disclosure is reviewed first; when the review finds an error nothing is
    written (``Published.blocked``) unless ``force``.

    Raises :class:`~yusuan.errors.YusuanError`: ``publish.template``, ``publish.format``,
    ``publish.input`` (the input cannot be read), ``publish.write`` (the output cannot be written)."""
    from yusuan.publish.api import TEMPLATES, WRITERS, guess_format
    from yusuan.publish.api import publish as write
    from yusuan.publish.inputs import InputError, load_input
    from yusuan.publish.narrative_styles import compose

    out = Path(output)
    if template not in TEMPLATES:
        raise InputError(f"不支持的模板“{template}”；可用的模板：{'、'.join(TEMPLATES)}", code="publish.template")
    if format and format not in WRITERS:
        raise InputError(f"不支持的格式“{format}”；可用的格式：{'、'.join(WRITERS.names())}", code="publish.format")
    chosen = format or guess_format(out)
    if isinstance(source, Disclosure):
        d = compose(source)
    else:
        given = load_input(Path(source))
        d = compose(given.disclosure, given.prior, given.planned_assets)
        prose = given.prose if prose is None else prose
    try:
        return write(d, out, chosen or "pdf", prose, force=force)
    except OSError as exc:
        raise YusuanError(f"无法写入 {out}：{exc.strerror or exc}", code="publish.write") from exc
