"""Document and user text made harmless for the place it is shown in (terminal, JSON, Markdown, HTML).

Department names, file names, table titles and sentences come from files off the internet and from
the shared store: they may hold Rich markup (``[bold]``, ``[/]``), terminal escape sequences
(``ESC ] 0 ; … BEL``, ``ESC [ 2 J``), other C0/C1 control characters or bidirectional overrides
(U+202E) that make text read differently from what it is. What each output does:

- terminal: every console yusuan prints on is a :func:`console` — markup and emoji codes are never
  interpreted (styles come from :class:`rich.text.Text` objects), and every segment it writes has
  its control characters replaced by visible stand-ins (:func:`visible`: ESC → ␛, BEL → ␇,
  U+202E → �) — a render hook, so no command can forget it;
- JSON: exact, every control and bidi character written as a ``\\uXXXX`` escape (:func:`json_safe`:
  lossless, and inert when the JSON is printed);
- Markdown and HTML: control and bidi characters visible (:func:`visible`); HTML escapes by Jinja's
  autoescape, Markdown by :func:`yusuan.report.markdown_report.md_text`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderResult
    from rich.measure import Measurement
    from rich.text import Text

#: Characters never shown as themselves: C0 controls but tab and newline, DEL, C1 controls, and the
#: bidirectional embeddings, overrides, isolates and marks (Trojan-source reordering).
UNSAFE = "\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE_RE = re.compile(f"[{UNSAFE}]")
#: The stand-in of a C1 or bidi character (one character: a span of styled text keeps its length).
REPLACEMENT = "\ufffd"


def _stand_in(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟ (ESC → ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def visible(text: str) -> str:
    """``text`` with every control and bidi character replaced by one visible character (same length)."""
    return _UNSAFE_RE.sub(_stand_in, text) if _UNSAFE_RE.search(text) else text


def has_unsafe(text: str) -> bool:
    return _UNSAFE_RE.search(text) is not None


def json_safe(text: str) -> str:
    """A JSON document with every control and bidi character inside its strings written as a
    ``\\uXXXX`` escape (JSON encoders leave DEL, C1 and bidi characters raw). Lossless: these
    characters can only occur inside strings."""
    return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _UNSAFE_RE.search(text) else text


class _Visible:
    """A renderable shown with :func:`visible` applied to every text segment it renders."""

    def __init__(self, inner: ConsoleRenderable) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        for segment in console.render(self.inner, options):
            text = segment.text
            if segment.control or not _UNSAFE_RE.search(text):
                yield segment
            else:
                yield Segment(visible(text), segment.style, segment.control)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.inner)


def console(*, stderr: bool = False, file: TextIO | None = None, width: int | None = None) -> Console:
    """A Rich console that shows text as it is: no markup, no emoji codes, no highlighting, and
    control and bidi characters visible. Styles are given as :class:`rich.text.Text` objects."""
    from rich.console import Console, RenderHook

    class VisibleHook(RenderHook):
        def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
            return [r if isinstance(r, _Visible) else _Visible(r) for r in renderables]

    class VisibleConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Text:
            # Never markup or emoji codes, whatever a caller asks; visible before layout (widths stay right).
            kwargs.update(markup=False, emoji=False)
            return super().render_str(visible(text), **kwargs)

    made = VisibleConsole(
        stderr=stderr, file=file, width=width, soft_wrap=True, markup=False, emoji=False, highlight=False
    )
    made.push_render_hook(VisibleHook())
    return made


__all__ = ["REPLACEMENT", "UNSAFE", "console", "has_unsafe", "json_safe", "visible"]
