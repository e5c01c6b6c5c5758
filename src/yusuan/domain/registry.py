"""A registry of named things that are found by name or by file suffix: file formats, report
writers, publish writers, exporters.

Every format direction keeps one :class:`Registry`; a module adds its entry with
:meth:`Registry.register` and the commands take their ``--format`` choices from
:meth:`Registry.names`. A new format is one new module and one registration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Entry(Protocol):
    """What a registry holds: a name, and the file suffixes (``.pdf``, lower case) it claims."""

    @property
    def name(self) -> str: ...

    @property
    def suffixes(self) -> tuple[str, ...]: ...


T = TypeVar("T", bound=Entry)


class Registry(Generic[T]):
    """Entries in registration order, by name and by suffix (the first registered claim wins)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}

    def register(self, entry: T, *, replace: bool = False) -> T:
        """Add ``entry``; a second entry of the same name is an error unless ``replace``."""
        if entry.name in self._entries and not replace:
            raise ValueError(f"{self.kind} {entry.name!r} is already registered")
        for suffix in entry.suffixes:
            if suffix != suffix.lower() or not suffix.startswith("."):
                raise ValueError(f"{self.kind} {entry.name!r}: suffix {suffix!r} must be lower case, from its dot")
        self._entries[entry.name] = entry
        return entry

    def unregister(self, name: str) -> T:
        """Remove and return the entry called ``name`` (a test's temporary format)."""
        return self._entries.pop(name)

    def get(self, name: str) -> T:
        """The entry called ``name``; KeyError when there is none."""
        return self._entries[name]

    def find(self, name: str) -> T | None:
        return self._entries.get(name)

    def by_suffix(self, suffix: str) -> T | None:
        """The first entry claiming ``suffix`` (compared in lower case)."""
        wanted = suffix.lower()
        return next((e for e in self._entries.values() if wanted in e.suffixes), None)

    def names(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def suffixes(self) -> tuple[str, ...]:
        """Every suffix claimed, in registration order, each once."""
        return tuple(dict.fromkeys(s for e in self._entries.values() for s in e.suffixes))

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {list(self._entries)})"
