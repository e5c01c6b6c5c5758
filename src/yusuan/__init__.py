"""yusuan (预算): read Chinese department budget disclosures into one exact model.

The Python API:

* :func:`read`, :func:`read_text`, :func:`read_package` — one disclosure from a file, text or the
  files of a package;
* ``yusuan.review(disclosure_or_paths)`` — a disclosure's review, or a batch of files read and
  reviewed (:func:`yusuan.pipeline.api.review`);
* ``yusuan.ingest(paths, db=None)`` — read, review and store files (:func:`yusuan.pipeline.api.ingest`);
* ``yusuan.publish(input, output, format=None)`` — write a disclosure file from budget data
  (:func:`yusuan.pipeline.api.publish`).

Every error yusuan raises on purpose is a :class:`YusuanError` (``ReadError`` for a file that cannot
be read). The batch functions are imported on first use, so ``import yusuan`` stays cheap.

``yusuan.review`` and ``yusuan.publish`` are also the stage packages of the same names
(``yusuan.review.engine``, ``yusuan.publish.api`` …): calling the package calls the API function.
Type checkers see them as modules; typed code can import the functions from
:mod:`yusuan.pipeline.api`.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.read.api import ReadError, read, read_package, read_text

if TYPE_CHECKING:
    from yusuan.pipeline.api import ingest

__all__ = [
    "Disclosure",
    "ReadError",
    "YusuanError",
    "__version__",
    "ingest",
    "publish",
    "read",
    "read_package",
    "read_text",
    "review",
]
__version__ = "0.1.0"

#: The API functions of :mod:`yusuan.pipeline.api`, imported on first use.
_API = ("review", "ingest", "publish")


class _CallablePackage(types.ModuleType):
    """A stage package that, called, runs the API function of its name (``yusuan.review(...)``)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        api = importlib.import_module("yusuan.pipeline.api")
        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


def _callable(name: str) -> None:
    module = importlib.import_module(f"yusuan.{name}")  # a package __init__: cheap
    module.__class__ = _CallablePackage


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'yusuan' has no attribute {name!r}")
    if name in ("review", "publish"):
        _callable(name)
        return sys.modules[f"yusuan.{name}"]
    value = getattr(importlib.import_module("yusuan.pipeline.api"), name)
    globals()[name] = value
    return value


for _name in ("review", "publish"):
    _callable(_name)
