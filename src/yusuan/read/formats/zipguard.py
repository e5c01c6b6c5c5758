"""Checks made before an Office library opens a file: what its first bytes say it is, and, for the
zip container of DOCX/XLSX, what its members declare (zip bombs).

Limits (a budget package is a few MB; the largest real DOCX/XLSX parts are a few MB of XML):

* the file itself: at most :data:`MAX_FILE_BYTES` (64 MiB) on disk;
* at most :data:`MAX_MEMBERS` (10,000) members;
* each member at most :data:`MAX_MEMBER_BYTES` (128 MiB) uncompressed, all together at most
  :data:`MAX_TOTAL_BYTES` (256 MiB);
* a member of more than :data:`RATIO_FLOOR_BYTES` (16 MiB) uncompressed may not be compressed more
  than :data:`MAX_RATIO` (100) times — XML compresses 5–30 times; a zip bomb thousands of times.

The declared sizes can lie: Python's :mod:`zipfile` never returns more than the declared size of
a member, but ``ZipFile.read`` (which python-docx uses) inflates the whole compressed stream in one
call before cutting it, so a member declaring 1 KB that inflates to 2 GB would take 2 GB of
memory. :func:`check_zip` therefore inflates every deflated member itself, a chunk at a time,
and refuses one whose data runs past its declared size.

For a workbook (XLSX), the same pass counts what openpyxl would otherwise build in memory before
the sheet readers' row and cell bounds are reached, in every XML member (whatever its name), and
refuses the workbook before openpyxl opens it:

* more than :data:`MAX_MERGED_RANGES` (50,000) merged ranges (``<mergeCell>``) — openpyxl keeps
  each as an object (2 million took 1.1 GB);
* more than :data:`MAX_SHARED_STRINGS` (400,000, twice the cell bound) shared strings (``<si>``) — loaded
  whole before any sheet (3.5 million took 747 MB);
* more than :data:`MAX_CELL_ELEMENTS` (2,000,000) cell elements (``<c>``, blank styled ones
  included) or :data:`MAX_ROW_ELEMENTS` (1,048,576, Excel's own row limit) row elements (``<row>``)
  — parsed one by one even when blank;
* more than :data:`MAX_SHEETS` (1,000) sheets (``<sheet>`` in the workbook part) — each opened and
  parsed on its own;
* a text or attribute longer than :data:`MAX_XML_TEXT_RUN` (1 MiB) between two tags — Excel itself
  holds at most 32,767 characters in a cell.

An old binary workbook (XLS) is held to the same counts, read from the records of its workbook
stream before xlrd opens it (:func:`check_xls`): xlrd loads every shared string at once and each
sheet whole (1 million strings took 661 MB before the cell bound was reached).
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from typing import BinaryIO, Literal

from yusuan.read.errors import ReadError, read_checked
from yusuan.read.text import looks_like_text

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
RATIO_FLOOR_BYTES = 16 * 1024 * 1024
MAX_RATIO = 100
#: Workbook bounds, counted while the members are inflated (see the module docstring).
MAX_MERGED_RANGES = 50_000
MAX_SHARED_STRINGS = 400_000
MAX_CELL_ELEMENTS = 2_000_000
MAX_ROW_ELEMENTS = 1_048_576
MAX_SHEETS = 1_000
MAX_XML_TEXT_RUN = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"

Kind = Literal["DOCX", "XLSX", "XLS"]
Container = Literal["zip", "ole"]

#: Stream names of an OLE compound file (UTF-16LE in its directory) that tell what it holds.
_ENCRYPTED_OOXML = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))

_MB = 1024 * 1024


def read_head(path: Path, size: int = 8) -> bytes:
    """The first bytes of ``path`` after checking it is a readable, non-empty file of sane size."""
    return read_checked(path, MAX_FILE_BYTES, size=size)


def check_container(path: Path, kind: Kind) -> Container:
    """Which container ``path`` is (zip for DOCX/XLSX, OLE for XLS), or a :class:`ReadError` that
    says what the file really is: encrypted, a PDF, text, an old binary Office file…"""
    head = read_head(path, 1024)
    if head.startswith(OLE_MAGIC):
        _check_ole(path, kind)
        return "ole"
    if head.startswith((ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return "zip"  # for XLS: an XLSX saved as .xls, which the caller reads as XLSX
    expected = {"DOCX": "DOCX（Word）文档", "XLSX": "XLSX（Excel）工作簿", "XLS": "XLS（Excel）工作簿"}[kind]
    if b"%PDF-" in head[:1024]:
        raise ReadError(
            f"{path}：这其实是 PDF 文件，不是{expected}；请把扩展名改为 .pdf 再读取",
            code="read.wrong_format",
        )
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low[:512]:
        raise ReadError(
            f"{path}：这其实是 HTML/XML 网页文件，不是{expected}；请把扩展名改为 .html 再读取",
            code="read.wrong_format",
        )
    if b"{\\rtf" in head[:8]:
        raise ReadError(
            f"{path}：这其实是 RTF 文件，不是{expected}；请在 Word 中另存为 .docx",
            code="read.wrong_format",
        )
    if looks_like_text(head):
        raise ReadError(
            f"{path}：这是纯文本文件，不是{expected}；提取出的文本请用 .txt 扩展名",
            code="read.wrong_format",
        )
    raise ReadError(f"{path}：不是{expected}（无法识别的文件格式）", code="read.unsupported")



def _check_ole(path: Path, kind: Kind) -> None:
    """An OLE compound file: encrypted Office files (any format) and old binary Word/Excel files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）", code="read.os_error") from exc
    if all(name in data for name in _ENCRYPTED_OOXML):
        raise ReadError(
            f"{path}：文件已加密（设有打开密码），无法读取；请在 Office 中去掉密码后另存再读取",
            code="read.encrypted",
        )
    if kind == "XLS" and any(name in data for name in _EXCEL_STREAMS):
        return
    if _WORD_STREAM in data:
        raise ReadError(
            f"{path}：这是旧版 Word 97-2003（.doc）文件，暂不能直接读取；请在 Word 中另存为 .docx",
            code="read.unsupported",
        )
    if any(name in data for name in _EXCEL_STREAMS):
        if kind == "DOCX":
            raise ReadError(
                f"{path}：这是 Excel 97-2003（.xls）工作簿，不是 DOCX 文档；请把扩展名改为 .xls",
                code="read.wrong_format",
            )
        return  # XLSX that is really XLS: the caller reads it as XLS
    raise ReadError(f"{path}：这是 OLE 复合文档，但其中既没有 Word 文档也没有 Excel 工作簿", code="read.unsupported")


def check_zip(path: Path, kind: Kind) -> None:
    """Refuse a damaged zip, one that is not a ``kind`` package, or one whose declared sizes exceed
    the limits of this module (zip bombs)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ReadError(
            f"{path}：文件已损坏或不完整（不是有效的 zip 压缩包，可能下载中断）",
            code="read.corrupt",
        ) from exc
    except (OSError, ValueError, EOFError) as exc:
        raise ReadError(f"{path}：文件已损坏或不完整（zip 目录无法读取）", code="read.corrupt") from exc
    if len(infos) > MAX_MEMBERS:
        raise ReadError(
            f"{path}：压缩包内有 {len(infos)} 个文件，超过上限 {MAX_MEMBERS}，拒绝读取",
            code="read.too_large",
        )
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES:
            raise ReadError(
                f"{path}：压缩包内的 {info.filename} 解压后有 {size // _MB} MB，"
                f"超过单个部件上限 {MAX_MEMBER_BYTES // _MB} MB（疑似“压缩炸弹”），拒绝读取",
                code="read.zip_bomb",
            )
        if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise ReadError(
                f"{path}：压缩包内的 {info.filename} 压缩比为 {ratio}:1，超过上限 {MAX_RATIO}:1"
                "（疑似“压缩炸弹”），拒绝读取",
                code="read.zip_bomb",
            )
    if total > MAX_TOTAL_BYTES:
        limit = MAX_TOTAL_BYTES // _MB
        raise ReadError(
            f"{path}：压缩包解压后共 {total // _MB} MB，超过上限 {limit} MB（疑似“压缩炸弹”），拒绝读取",
            code="read.zip_bomb",
        )
    _check_streams(path, infos, _workbook_tally(path) if kind in ("XLSX", "XLS") else None)
    names = {info.filename for info in infos}
    if kind == "DOCX" and "word/document.xml" not in names:
        if any(n.startswith("xl/") for n in names):
            raise ReadError(
                f"{path}：这是 Excel 工作簿（XLSX），不是 DOCX 文档；请把扩展名改为 .xlsx",
                code="read.wrong_format",
            )
        raise ReadError(f"{path}：不是 DOCX 文档（压缩包内没有 word/document.xml）", code="read.wrong_format")
    if kind in ("XLSX", "XLS") and not any(n.startswith("xl/") for n in names):
        if "word/document.xml" in names:
            raise ReadError(
                f"{path}：这是 Word 文档（DOCX），不是 Excel 工作簿；请把扩展名改为 .docx",
                code="read.wrong_format",
            )
        raise ReadError(f"{path}：不是 XLSX 工作簿（压缩包内没有 xl/ 部件）", code="read.wrong_format")


_CHUNK = 1024 * 1024


class _Tally:
    """Counts elements in the XML members of a package as they are inflated, and the longest run of
    text between two tags; raises as soon as a bound is passed."""

    def __init__(self, path: Path, bounds: dict[str, tuple[int, str]], longest: tuple[int, str]) -> None:
        self.path = path
        self.bounds = bounds  # element name → (bound, what it is, in Chinese)
        names = b"|".join(re.escape(name.encode()) for name in bounds)
        # a start tag of one of the names, with any namespace prefix, then the end of the name
        self.pattern = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(" + names + rb")[\s/>]")
        self.counts = dict.fromkeys(bounds, 0)
        self.longest_bound, self.longest_what = longest
        self.member = ""
        self.xml = False
        self.carry = b""
        self.run = 0
        self.first = True

    def start(self, member: str) -> None:
        self.member, self.xml, self.carry, self.run = member, False, b"", 0
        self.first = True
        self.head = b""
        self.decoder: codecs.IncrementalDecoder | None = None

    def feed(self, data: bytes) -> None:
        if not data:
            return
        if self.first:  # an XML member: whatever its name, its first bytes say so
            self.head += data
            encoding = _xml_encoding(self.head)
            if encoding == "pending" and len(self.head) <= self.longest_bound:
                return  # too few bytes yet, or only white space so far
            data, self.head, self.first = self.head, b"", False
            if encoding == "pending":
                encoding = "utf-8"  # a run of white space longer than the bound: the run check refuses it
            self.xml = encoding is not None
            if encoding not in (None, "utf-8"):
                self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        if not self.xml:
            return
        if self.decoder is not None:  # counted in UTF-8
            data = self.decoder.decode(data).encode("utf-8")
        first = data.find(b"<")
        if first < 0:
            self.run += len(data)
        else:
            self._run(self.run + first)
            self.run = len(data) - data.rfind(b"<") - 1
        self._run(self.run)  # runs inside one chunk are shorter than a chunk, the bound
        buf = self.carry + data
        cut = buf.rfind(b"<")
        if cut < 0 or len(buf) - cut > 64:
            cut = len(buf)
        head, self.carry = buf[:cut], buf[cut:]
        for tag, n in Counter(self.pattern.findall(head)).items():
            self._count(tag.decode(), n)

    def _count(self, name: str, n: int) -> None:
        self.counts[name] += n
        bound, what = self.bounds[name]
        if self.counts[name] > bound:
            raise _too_many(self.path, what, bound, self.counts[name])

    def _run(self, length: int) -> None:
        if length > self.longest_bound:
            raise ReadError(
                f"{self.path}：压缩包内的 {self.member} 中有一段超过 {self.longest_bound // _MB} MB 的"
                f"{self.longest_what}，不像是预算公开文件，拒绝读取",
                code="read.too_large",
            )


#: The first bytes of an XML document in each encoding an XML parser detects (XML 1.0, appendix F).
_XML_STARTS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


def _xml_encoding(head: bytes) -> str | None:
    """The encoding of a member whose first bytes start an XML document; None when they do not;
    ``pending`` while there are fewer than 4 bytes or only white space."""
    if len(head) < 4:
        return "pending"
    for start, encoding in _XML_STARTS:
        if head.startswith(start):
            return encoding
    rest = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not rest:
        return "pending"
    return "utf-8" if rest.startswith(b"<") else None


def _too_many(path: Path, what: str, bound: int, count: int) -> ReadError:
    return ReadError(
        f"{path}：工作簿中的{what}超过上限 {bound} 个（已数到 {count} 个），不像是预算公开文件，拒绝读取",
        code="read.too_large",
    )


#: BIFF8 records of one cell each; MULRK and MULBLANK hold several.
_BIFF_CELLS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
_MULRK, _MULBLANK, _ROW, _MERGEDCELLS, _SST, _BOUNDSHEET = 0x00BD, 0x00BE, 0x0208, 0x00E5, 0x00FC, 0x0085
_RECORD = struct.Struct("<HH")


def check_xls(path: Path) -> None:
    """Refuse an XLS workbook whose records declare more shared strings, merged ranges, cells, rows or
    sheets than the workbook bounds, before xlrd loads them. A file whose container cannot be read
    is left to xlrd, which says what is wrong with it."""
    from xlrd.compdoc import CompDoc  # type: ignore[import-untyped]

    data = read_checked(path, MAX_FILE_BYTES)
    try:
        doc = CompDoc(data, logfile=io.StringIO())
        mem, pos, length = doc.locate_named_stream("Workbook")
    except Exception:  # damaged: xlrd reports it when it opens the file
        return
    if mem is None:
        return
    counts = {"si": 0, "mergeCell": 0, "c": 0, "row": 0, "sheet": 0}
    unpack = _RECORD.unpack_from
    end = pos + length
    while pos + 4 <= end:
        kind, size = unpack(mem, pos)
        if kind in _BIFF_CELLS:
            counts["c"] += 1
        elif kind == _MULRK:
            counts["c"] += max(size - 6, 0) // 6
        elif kind == _MULBLANK:
            counts["c"] += max(size - 6, 0) // 2
        elif kind == _ROW:
            counts["row"] += 1
        elif kind == _MERGEDCELLS and size >= 2:
            counts["mergeCell"] += struct.unpack_from("<H", mem, pos + 4)[0]
        elif kind == _SST and size >= 8:
            counts["si"] = max(counts["si"], struct.unpack_from("<I", mem, pos + 8)[0])
        elif kind == _BOUNDSHEET:
            counts["sheet"] += 1
        pos += 4 + size
    tally = _workbook_tally(path)
    for name, n in counts.items():
        tally._count(name, n)


def _workbook_tally(path: Path) -> _Tally:
    bounds = {
        "mergeCell": (MAX_MERGED_RANGES, "合并单元格"),
        "si": (MAX_SHARED_STRINGS, "共享字符串"),
        "c": (MAX_CELL_ELEMENTS, "单元格（含空白单元格）"),
        "row": (MAX_ROW_ELEMENTS, "行（含空行）"),
        "sheet": (MAX_SHEETS, "工作表"),
    }
    return _Tally(path, bounds, (MAX_XML_TEXT_RUN, "连续文字（Excel 单元格最多 32767 个字符）"))


def _check_streams(path: Path, infos: list[zipfile.ZipInfo], tally: _Tally | None = None) -> None:
    """Inflate each deflated member (and, with a ``tally``, read each stored one), at most a chunk of
    output at a time; refuse one whose data inflates beyond its declared size or is not a valid
    deflate stream, and feed the output to the ``tally``."""
    try:
        with path.open("rb") as fh:
            for info in infos:
                stored = info.compress_type == zipfile.ZIP_STORED
                if info.compress_type != zipfile.ZIP_DEFLATED and not (stored and tally is not None):
                    continue
                fh.seek(info.header_offset)
                header = fh.read(30)
                if len(header) < 30 or header[:4] != ZIP_MAGIC:
                    raise ReadError(f"{path}：文件已损坏（{info.filename} 的数据头有误）", code="read.corrupt")
                name_length, extra_length = struct.unpack("<HH", header[26:30])
                fh.seek(info.header_offset + 30 + name_length + extra_length)
                if tally is not None:
                    tally.start(info.filename)
                if stored:
                    _read_stored(path, info, fh, tally)
                else:
                    _inflate_within(path, info, fh, tally)
    except (OSError, EOFError) as exc:
        raise ReadError(f"{path}：文件已损坏或不完整（读取 zip 数据时出错）", code="read.corrupt") from exc


def _read_stored(path: Path, info: zipfile.ZipInfo, fh: BinaryIO, tally: _Tally | None) -> None:
    left = info.compress_size
    while left > 0:
        data = fh.read(min(_CHUNK, left))
        if not data:
            raise ReadError(f"{path}：文件已损坏或不完整（{info.filename} 的数据被截断）", code="read.corrupt")
        left -= len(data)
        if tally is not None:
            tally.feed(data)


def _inflate_within(path: Path, info: zipfile.ZipInfo, fh: BinaryIO, tally: _Tally | None = None) -> None:
    inflater = zlib.decompressobj(-15)
    left_in, out = info.compress_size, 0
    read = fh.read
    try:
        while left_in > 0 and not inflater.eof:
            data = read(min(_CHUNK, left_in))
            if not data:
                raise ReadError(f"{path}：文件已损坏或不完整（{info.filename} 的数据被截断）", code="read.corrupt")
            left_in -= len(data)
            while data and not inflater.eof:
                chunk = inflater.decompress(data, _CHUNK)
                out += len(chunk)
                if tally is not None:
                    tally.feed(chunk)
                data = inflater.unconsumed_tail
                if out > info.file_size:
                    raise ReadError(
                        f"{path}：压缩包内的 {info.filename} 解压后超过其声明的大小 {info.file_size} 字节"
                        "（疑似“压缩炸弹”），拒绝读取",
                        code="read.zip_bomb",
                    )
    except zlib.error as exc:
        raise ReadError(f"{path}：文件已损坏，{info.filename} 的压缩数据无法解压", code="read.corrupt") from exc


def damage_reason(exc: BaseException) -> str:
    """A short Chinese reason for a library's exception on a damaged file."""
    name = type(exc).__name__
    text = str(exc)
    if isinstance(exc, MemoryError):
        return "内存不足"
    if isinstance(exc, zipfile.BadZipFile) or "CRC" in text:
        return "压缩数据校验失败或不完整"
    if name in ("XMLSyntaxError", "ParseError", "ExpatError"):
        return "内部 XML 格式错误"
    if isinstance(exc, KeyError):
        return "缺少必需的部件"
    if name == "error" and "zlib" in type(exc).__module__:
        return "压缩数据损坏"
    if isinstance(exc, (EOFError, OSError)):
        return "数据不完整"
    return f"{name}"
