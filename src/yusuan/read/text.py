"""Text decoding and normalisation shared by every reader."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

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
    """The bytes are not UTF-8 (with or without BOM) nor GB18030."""

    default_code = "read.undecodable"


def decode(data: bytes) -> str:
    """Decode UTF-8, UTF-8 with BOM, or GB18030 bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DecodeError(f"第 {line} 行附近的字节既不是 UTF-8 也不是 GB18030 编码") from exc


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
