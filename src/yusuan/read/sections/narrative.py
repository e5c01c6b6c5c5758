"""The 情况说明 narrative: its top-level sections, the numbers it states, and its staff numbers.

The narrative starts at the title that contains 情况说明 (or, failing that, at a heading
``一、部门职责…`` / ``一、部门概况``); everything before it (the nine tables) is ignored. Its
sections are the headings ``一、`` ``二、`` … in sequence, so the numbered items inside the
performance goals (``一、坚持思想政治引领，…``) never count as sections. Table rows (DOCX cells)
are skipped; in the PDF-text layout, wrapped lines are joined into paragraphs and the spaces the
extraction inserts are removed. Claims are read from every section except the performance
(绩效) sections and the glossary (名词解释); see :mod:`yusuan.read.sections.narrative_claims`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from yusuan.domain.subjects import LEVEL_MARKERS, gives_reason
from yusuan.model import Claim, Location, Narrative, Section, Staffing
from yusuan.read.sections.narrative_claims import Context, sentence_claims, subject_of
from yusuan.read.sections.narrative_subjects import code_subject, marked_subject
from yusuan.read.source import CellRow, Para, SourceText
from yusuan.read.text import is_cjk, squash_spaces

_NUMERALS = "一二三四五六七八九"
_HEADING_RE = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
_FIRST_TITLES = ("部门职责", "部门概况", "基本概况", "部门基本情况", "单位概况", "主要职能")
_NO_CLAIMS = ("名词解释",)
_MAX_TITLE = 40
#: A PDF line that opens a paragraph: an enumerated item such as 1、 （一） or 第一部分.
_PARA_START_RE = re.compile(r"^(?:\d+[、．.](?!\d)|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十]+部分)")
#: A sentence ends at 。！？ — not one closing a bracket or a quote (…比上年减少1万元。）比上年减少…).
_SENTENCE_RE = re.compile(r"(?:[^。！？]|[。！？](?=[）)”」]))*(?:[。！？][）)”」]*|$)")
_SHORT_LINE = 20
#: A space the text layer puts inside a number (1 4,770.62, 14,770 .62).
_DIGIT_GAP_RE = re.compile(r"(?<=\d) (?=\d)|(?<=\d) (?=[.,]\d)|(?<=\d[.,]) (?=\d)")


@dataclass
class Paragraph:
    """Joined text of one paragraph, with the location each piece of it starts at."""

    section: Section | None
    text: str = ""
    anchors: list[tuple[int, Location]] = field(default_factory=list)

    def add(self, piece: str, location: Location) -> None:
        tail, head = self.text[-1:], piece[:1]
        split_number = (tail.isdigit() and head in ".,") or (tail in ".," and head.isdigit())
        if self.text and piece and not (is_cjk(self.text[-1]) or is_cjk(piece[0]) or split_number):
            self.text += " "
        self.anchors.append((len(self.text), location))
        self.text += piece

    def location_at(self, offset: int) -> Location:
        found = self.anchors[0][1] if self.anchors else Location()
        for start, location in self.anchors:
            if start > offset:
                break
            found = location
        return found

    def sentences(self) -> Iterator[tuple[str, Location]]:
        """Each sentence (ending with 。 or at the paragraph end) and where it starts."""
        for match in _SENTENCE_RE.finditer(self.text):
            raw = match.group(0)
            sentence = raw.strip()
            if sentence:
                offset = match.start() + len(raw) - len(raw.lstrip())
                yield sentence, self.location_at(offset)


@dataclass
class _Reader:
    """Walks the blocks once and cuts the narrative into sections and paragraphs."""

    pdf: bool
    started: bool = False
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    open: Paragraph | None = None

    @property
    def section(self) -> Section | None:
        return self.sections[-1] if self.sections else None

    def read(self, src: SourceText) -> None:
        blocks = list(src.blocks())
        running = _running_lines(blocks)
        for block in blocks:
            if isinstance(block, CellRow):
                self.close()
            elif squash_spaces(block.text) not in running:
                self.para(block)
        self.close()

    def para(self, block: Para) -> None:
        text = _DIGIT_GAP_RE.sub("", squash_spaces(block.text))
        if not self.started:
            self.started = _is_start(text)
            if self.started and "情况说明" in text:
                return
        if not self.started or self.heading(text, block.location):
            return
        if not self.pdf or self.breaks_before(text):
            self.close()
        if self.open is None:
            self.open = Paragraph(self.section)
        self.open.add(text, block.location)
        if not self.pdf:
            self.close()

    def heading(self, text: str, location: Location) -> bool:
        match = _HEADING_RE.match(text)
        if match and match.group(1) == "一" and self.sections and _same_title(match.group(2), self.sections[0].title):
            # the first heading again: what came before was a table of contents (目录), not the text
            self.close()
            self.paragraphs = [p for p in self.paragraphs if p.section is None]
            self.sections = []
        expected = _numeral(len(self.sections) + 1)
        if not match or match.group(1) != expected:
            return False
        title, _, rest = match.group(2).partition("：")
        if "，" in title or len(title) > _MAX_TITLE:
            return False
        self.close()
        self.sections.append(Section(number=expected, title=title.strip(), location=location))
        if rest.strip():
            self.open = Paragraph(self.section)
            self.open.add(rest.strip(), location)
        return True

    def breaks_before(self, text: str) -> bool:
        """PDF: whether the line starts a new paragraph rather than continuing a wrapped one."""
        if self.open is None or not self.open.text or _PARA_START_RE.match(text):
            return True
        last = self.open.text
        return last.endswith(("。", "！", "？")) or (last.endswith("：") and len(last) < _SHORT_LINE)

    def close(self) -> None:
        if self.open is not None and self.open.text:
            self.paragraphs.append(self.open)
        self.open = None


_RUNNING_PAGES = 3
_RUNNING_MAX = 40


def _running_lines(blocks: list[CellRow | Para]) -> set[str]:
    """Running heads and feet: a short line printed the same on three pages or more
    (苏州市数据局2026年度部门预算公开), which the text layer puts between the lines of a sentence."""
    pages: dict[str, set[int]] = {}
    for block in blocks:
        if isinstance(block, Para) and block.location.page is not None:
            text = squash_spaces(block.text)
            if text and len(text) <= _RUNNING_MAX and not text.isdigit():
                pages.setdefault(text, set()).add(block.location.page)
    return {text for text, on in pages.items() if len(on) >= _RUNNING_PAGES}


def _same_title(text: str, title: str) -> bool:
    """Whether a heading's text repeats a title (a contents line may end in dots and a page number)."""
    bare = re.sub(r"[.…·\s\d]+$", "", text.partition("：")[0]).strip()
    return bool(bare) and bare == re.sub(r"[.…·\s\d]+$", "", title).strip()


def _is_start(text: str) -> bool:
    if "情况说明" in text and not _HEADING_RE.match(text):
        return True
    match = _HEADING_RE.match(text)
    return match is not None and match.group(1) == "一" and any(t in match.group(2) for t in _FIRST_TITLES)


def _numeral(value: int) -> str:
    """一 … 九十九 for 1 … 99."""
    tens, units = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens - 1] + "十")
    return head + (_NUMERALS[units - 1] if units else "")


def _read(src: SourceText) -> _Reader:
    reader = _Reader(pdf=src.paged)  # lines of a page: wrapped sentences join
    reader.read(src)
    return reader


def read_narrative(src: SourceText) -> tuple[Narrative, Staffing | None]:
    """The narrative and the staffing sentence, from one walk over the blocks."""
    reader = _read(src)
    return _narrative(reader), _staffing_of(reader)


def extract_narrative(src: SourceText) -> Narrative:
    """The 情况说明 sections and every number they state as a claim."""
    return _narrative(_read(src))


def _narrative(reader: _Reader) -> Narrative:
    claims: list[Claim] = []
    heading: tuple[Section | None, str | None] = (None, None)
    last: list[tuple[str, str | None]] = []
    pending: list[Claim] = []  # the claims of the last sentence stating figures: what follows may give reasons
    for paragraph in reader.paragraphs:
        if heading[0] is not paragraph.section:
            heading, last, pending = (paragraph.section, None), [], []
        if _is_heading(paragraph.text):
            heading, last, pending = (paragraph.section, subject_of(paragraph.text)), [], []
            continue
        ctx = _context(paragraph, heading[1], last)
        found = _paragraph_claims(paragraph, ctx, pending)
        claims.extend(found)
        last = ctx.last
        if not found and _item_heading(paragraph.text) and ctx.heading is not None:
            heading = (paragraph.section, ctx.heading)  # 5、…（类）…（款）…（项）。 alone: the item of what follows
    return Narrative(sections=reader.sections, claims=claims)


_UNIT_NUMBER_RE = re.compile(r"\d\s*(?:万元|亿元|元|%|％|辆|台|个|家|人)")
_HEADING_MAX = 40


def _item_heading(text: str) -> bool:
    """A list item naming a function item with its level markers and nothing else (5、…（类）…（款）…（项）。)."""
    body = text.strip().removesuffix("。")
    return bool(_PARA_START_RE.match(body)) and body.endswith(LEVEL_MARKERS) and not _UNIT_NUMBER_RE.search(body)


def _is_heading(text: str) -> bool:
    """A short paragraph stating no number: a sub-heading (1.因公出国（境）费, （二）收入预算情况说明)."""
    return len(text) <= _HEADING_MAX and not _UNIT_NUMBER_RE.search(text) and not text.endswith("。")


def _context(paragraph: Paragraph, heading: str | None, last: list[tuple[str, str | None]]) -> Context:
    """A paragraph's context: its section, the heading above, and the subject of the figure before it
    (a paragraph stating only 与上年持平 speaks of it)."""
    section = paragraph.section
    listing = bool(_PARA_START_RE.match(paragraph.text))
    number, title = (section.number, section.title) if section else (None, "")
    return Context(section=number, section_title=title, heading=heading, listing=listing, last=list(last))


#: Sentences without figures kept after a claim's own (:attr:`Claim.after`), and where their reason word must be.
_AFTER_SENTENCES, _REASON_WITHIN = 3, 60


def _follow(pending: list[Claim], sentence: str) -> None:
    """Add a sentence stating no figure but a reason (决算数小于预算数的主要原因：…) to what follows the pending
    claims' sentence (at most three)."""
    if not gives_reason(sentence[:_REASON_WITHIN]):  # a reason says so early (…的主要原因：…), not in a table's note
        return
    for claim in pending:
        said = claim.after.count("。") if claim.after else 0
        if said < _AFTER_SENTENCES:
            claim.after = (claim.after or "") + sentence


def _paragraph_claims(
    paragraph: Paragraph, ctx: Context | None = None, pending: list[Claim] | None = None
) -> list[Claim]:
    section = paragraph.section
    if section is None or not _states_claims(section):
        return []
    ctx = ctx or _context(paragraph, None, [])
    pending = [] if pending is None else pending
    claims: list[Claim] = []
    for sentence, location in paragraph.sentences():
        if _is_heading(sentence.removesuffix("。")) and _PARA_START_RE.match(sentence):  # 1.因公出国（境）费用。
            ctx.heading = code_subject(sentence) or marked_subject(sentence) or subject_of(sentence) or ctx.heading
            pending.clear()
            continue
        found = sentence_claims(sentence, location, ctx)
        named = None if found else code_subject(sentence) or marked_subject(sentence)
        if found:
            pending[:] = found
        elif named is None:
            _follow(pending, sentence)  # 决算数小于预算数的主要原因：… after 支出决算为…
        else:
            pending.clear()
            ctx.heading = named  # 1、…（类）…（款）行政运行（项）。年初预算为…: the item of what follows
        if _staffing(sentence, location) is not None:  # 共有64人，其中：在职人员22人…: the Staffing record holds them
            found = [c for c in found if c.subject != "staff"]
        claims.extend(found)
    return claims


def _states_claims(section: Section | None) -> bool:
    """Whether the section's text is read for numbers: not the performance goals, not the glossary."""
    return section is not None and not any(word in section.title for word in _NO_CLAIMS)


_TOTAL_RE = re.compile(r"共有(\d+)人")
_ACTIVE_RE = re.compile(r"在职(?:人员)?(\d+)人")
_RETIRED_RE = re.compile(r"离退休(?:人员)?(\d+)人")


def extract_staffing(src: SourceText) -> Staffing | None:
    """Staff numbers where the narrative states them (共有64人，其中：在职人员22人，离退休人员42人)."""
    return _staffing_of(_read(src))


def _staffing_of(reader: _Reader) -> Staffing | None:
    for paragraph in reader.paragraphs:
        if not _states_claims(paragraph.section):
            continue
        for sentence, location in paragraph.sentences():
            staffing = _staffing(sentence, location)
            if staffing is not None:
                return staffing
    return None


def _staffing(sentence: str, location: Location) -> Staffing | None:
    numbers = [_first_int(pattern, sentence) for pattern in (_TOTAL_RE, _ACTIVE_RE, _RETIRED_RE)]
    if all(n is None for n in numbers):
        return None
    total, active, retired = numbers
    return Staffing(total=total, active=active, retired=retired, sentence=sentence, location=location)


def _first_int(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return int(match.group(1)) if match else None
