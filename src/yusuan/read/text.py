"""Text decoding and normalisation shared by every reader."""

from __future__ import annotations

import codecs
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NoReturn

from yusuan.errors import YusuanError

#: Characters that PDF/DOCX extraction produces for the same meaning; mapped to one form.
_CHAR_MAP = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "％": "%",
        "\u00a0": " ",
        "\u3000": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)

_FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "，": "，"})


class DecodeError(YusuanError, ValueError):
    """The bytes are in no encoding the reader recognises (or decode only to gibberish)."""

    default_code = "read.undecodable"


#: Byte-order marks and the encodings they announce.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: Encodings tried, in order, for bytes that are not UTF-8 and carry no byte-order mark.
_CANDIDATES = ("gb18030", "big5", "utf-16-le", "utf-16-be")
_ENCODING_NAMES = {"gb18030": "GB18030", "big5": "Big5（繁体）", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}
#: Bytes sampled to judge an encoding.
_SAMPLE_BYTES = 64 * 1024
#: A decoding whose sample has fewer than this share of plausible characters is gibberish.
MIN_PLAUSIBLE = 0.8


def decode(data: bytes) -> str:
    """Decode extracted text: UTF-8 (with or without BOM), UTF-16 (with a BOM, or recognised without
    one), GB18030 or Big5.

    Bytes that are not UTF-8 are decoded in each candidate encoding and the one whose text is
    most plausible (common Chinese characters and punctuation, no control codes) is taken; when
    none is plausible — text in another encoding that GB18030 decodes into gibberish — a
    :class:`DecodeError` says so rather than returning mojibake."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                name = _ENCODING_NAMES.get(encoding, "UTF-8")
                raise DecodeError(f"文件开头标明为 {name} 编码，但其中有无效字节（第 {exc.start} 字节附近）") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _damaged_utf8(data, exc)
    scored: list[tuple[float, int, str]] = []
    for rank, encoding in enumerate(_CANDIDATES):
        sample = _sample(data, encoding)
        if sample is not None:
            scored.append((_plausible_share(sample), -rank, encoding))
    best, _, encoding = max(scored, default=(0.0, 0, ""))
    if best < MIN_PLAUSIBLE:
        share = next((score for score, _, enc in scored if enc == "gb18030"), None)
        if share is None:  # not GB18030 either: say where
            _gb_failure(data)
        raise DecodeError(
            f"文件编码无法识别：不是 UTF-8 或 UTF-16，按 GB18030 解码只有 {share:.0%} 的字符是常用汉字或标点"
            "（其余是乱码），也不像 Big5；请另存为 UTF-8 编码后再读取"
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:  # the sample decoded, a later byte does not
        if encoding == "gb18030":
            _gb_failure(data)
        name = _ENCODING_NAMES[encoding]
        raise DecodeError(f"文件像是 {name} 编码，但其中有无效字节；请另存为 UTF-8 编码后再读取") from None


def _damaged_utf8(data: bytes, exc: UnicodeDecodeError) -> None:
    """UTF-8 text with a few invalid bytes (a damaged file) is refused naming the line, rather than
    decoded as GB18030 gibberish: most of its multi-byte characters are valid UTF-8."""
    sample = data[:_SAMPLE_BYTES].decode("utf-8", errors="replace")
    invalid = sample.count("\ufffd")
    wide = sum(1 for ch in sample if ch >= "\x80")
    if wide >= 20 and invalid <= (wide - invalid) * 0.01:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DecodeError(f"文件是 UTF-8 编码，但第 {line} 行附近有无效字节（文件可能已损坏）；请检查或重新导出该文件")


def _gb_failure(data: bytes) -> NoReturn:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DecodeError(f"第 {line} 行附近的字节既不是 UTF-8 也不是 GB18030 编码") from exc
    raise DecodeError("文件编码无法识别；请另存为 UTF-8 编码后再读取")


def _sample(data: bytes, encoding: str) -> str | None:
    """The first :data:`_SAMPLE_BYTES` decoded (a character cut at the end is left out), or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        return decoder.decode(data[:_SAMPLE_BYTES], final=len(data) <= _SAMPLE_BYTES)
    except UnicodeDecodeError:
        return None


def _plausible_share(text: str) -> float:
    """The share of a decoded sample's telling characters (non-ASCII characters and control codes)
    that a Chinese document plausibly holds; 1.0 when there are none (ASCII text)."""
    telling = bad = 0
    for ch in text:
        if ch < "\x80":
            if ch < " " and ch not in "\t\n\r\f":
                telling += 1
                bad += 1
            continue
        telling += 1
        bad += not _plausible(ch)
    return 1 - bad / telling if telling else 1.0


@lru_cache(maxsize=32768)
def _plausible(ch: str) -> bool:
    """A character a Chinese budget document plausibly holds: a common simplified (GB2312) or
    traditional (Big5 level 1) ideograph, Chinese, full-width or general punctuation and symbols."""
    code = ord(ch)
    if 0xA0 <= code <= 0xFF or 0x2000 <= code <= 0x206F or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return True
    try:
        gb = ch.encode("gb2312")
        if gb[0] in _GB2312_ROWS:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(big5) == 2 and 0xA140 <= int.from_bytes(big5, "big") <= 0xC67E


#: GB2312 rows of symbols, punctuation, full-width forms, box drawing and the ideographs (not the
#: kana, Greek, Cyrillic and pinyin rows that text in another encoding decodes into).
_GB2312_ROWS = frozenset([0xA1, 0xA2, 0xA3, 0xA9, *range(0xB0, 0xF8)])


def normalize_line(text: str) -> str:
    """Map variant characters to one form; full-width digits become ASCII digits."""
    return text.translate(_CHAR_MAP).translate(_FULLWIDTH_DIGITS)


_AMOUNT_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def is_amount(token: str) -> bool:
    return bool(_AMOUNT_RE.match(token))


def parse_amount(token: str) -> Decimal:
    """Parse an amount as printed, dropping thousands separators; keeps the printed scale."""
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - guarded by is_amount
        raise ValueError(f"不是金额：{token!r}") from exc


def is_cjk(ch: str) -> bool:
    return "CJK" in unicodedata.name(ch, "") or ch in "（）“”、，：；《》【】"


def join_wrapped(parts: list[str]) -> str:
    """Join pieces of one cell that extraction wrapped over lines: no space between CJK pieces."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(part[0])):
            out += " "
        out += part
    return out


_CJK_BEFORE_RE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[\d\w])")
_CJK_AFTER_RE = re.compile(r"(?<=[\d.%])\s+(?=[^\x00-\x7f])")
_SPACES_RE = re.compile(r"\s+")
_ANY_SPACE_RE = re.compile(r"\s")


def squash_spaces(text: str) -> str:
    """Remove the spaces PDF extraction inserts between CJK characters and digits."""
    if not _ANY_SPACE_RE.search(text):
        return text  # most lines: nothing to squash
    text = _CJK_BEFORE_RE.sub("", text)
    text = _CJK_AFTER_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).strip()


def looks_like_text(head: bytes) -> bool:
    """Whether the first bytes of a file are text (UTF-8 or GB18030, a character cut at the end allowed)."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut at the end of the sample
                return True
    return False
