"""Hostile Office files built in the test, small on disk: zip bombs, an encrypted OLE package, a
million-row sheet. Nothing here is committed as a binary."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

# -- CRC-32 of long runs of zeros without computing over gigabytes (zlib's crc32_combine) --------


def _gf2_times(mat: list[int], vec: int) -> int:
    total, i = 0, 0
    while vec:
        if vec & 1:
            total ^= mat[i]
        vec >>= 1
        i += 1
    return total


def _gf2_square(mat: list[int]) -> list[int]:
    return [_gf2_times(mat, mat[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of A + B from crc(A), crc(B) and len(B) (zlib's algorithm)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four zero bits
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


CHUNK = 16 * 1024 * 1024


@dataclass
class Member:
    name: str
    data: bytes  # raw deflate stream
    crc: int
    size: int  # uncompressed size, as declared


def deflated(name: str, content: bytes) -> Member:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, c.compress(content) + c.flush(), zlib.crc32(content), len(content))


def zero_bomb(name: str, chunks: int) -> Member:
    """A member that truly inflates to ``chunks`` × 16 MiB of zeros, from a few KB per chunk:
    the deflate blocks of one chunk after a full flush (which resets the window) repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    unit = c.compress(bytes(CHUNK)) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush(zlib.Z_FINISH)
    crc_chunk = zlib.crc32(bytes(CHUNK))
    crc, length = crc_chunk, CHUNK
    for _ in range(chunks - 1):
        crc = crc32_combine(crc, crc_chunk, CHUNK)
        length += CHUNK
    return Member(name, unit * chunks + tail, crc, length)


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip of deflated members with the sizes and CRCs given (no ZIP64: sizes below 4 GiB)."""
    out = bytearray()
    central = bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(out)
        fields = (20, 0, 8, 0, 0, m.crc & 0xFFFFFFFF, len(m.data), m.size, len(name), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + m.data
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
        central += struct.pack("<HHHII", 0, 0, 0, 0, offset) + name
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    path.write_bytes(bytes(out))
    return path


def members_of(path: Path) -> list[Member]:
    """The members of an existing zip, re-deflated (to rebuild it with a hostile member added)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        return [deflated(i.filename, z.read(i)) for i in z.infolist()]


def million_rows_xlsx(path: Path, rows: int = 1_000_000) -> Path:
    """A minimal valid XLSX whose one sheet has ``rows`` rows of two cells, written directly."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
            "</Relationships>"
        ),
    }
    members = [deflated(name, text.encode()) for name, text in parts.items()]
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    data, crc, size = bytearray(c.compress(head)), zlib.crc32(head), len(head)
    step = 10_000
    for start in range(1, rows + 1, step):
        block = "".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目{r}</t></is></c><c r="B{r}"><v>{r}.5</v></c></row>'
            for r in range(start, min(start + step, rows + 1))
        ).encode()
        data += c.compress(block)
        crc, size = zlib.crc32(block, crc), size + len(block)
    tail = b"</sheetData></worksheet>"
    data += c.compress(tail) + c.flush()
    crc, size = zlib.crc32(tail, crc), size + len(tail)
    members.append(Member("xl/worksheets/sheet1.xml", bytes(data), crc, size))
    return write_zip(path, members)


# -- an OLE compound file (what Office writes for a password-protected DOCX/XLSX) ---------------

_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _dir_entry(name: str, kind: int, start: int, size: int, child: int = -1, right: int = -1) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<iii", -1, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<IQ", start & 0xFFFFFFFF, size)
    )


def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A version-3 compound file (512-byte sectors) holding ``streams`` in regular sectors
    (each padded to at least 4096 bytes so that no mini stream is needed)."""
    sectors: list[bytes] = []
    chains: list[tuple[str, int, int]] = []
    for name, content in streams.items():
        content = content.ljust(4096, b"\0")
        start = len(sectors) + 2  # sector 0: FAT, sector 1: directory
        for i in range(0, len(content), 512):
            sectors.append(content[i : i + 512].ljust(512, b"\0"))
        chains.append((name, start, len(content)))
    fat = [_FAT_SECTOR, _END]
    for _, start, size in chains:
        n = (size + 511) // 512
        fat += [start + i + 1 for i in range(n - 1)] + [_END]
    assert len(fat) <= 128, "one FAT sector only"
    fat += [_FREE] * (128 - len(fat))
    entries = [_dir_entry("Root Entry", 5, _END, 0, child=1)]
    for i, (name, start, size) in enumerate(chains, start=1):
        entries.append(_dir_entry(name, 2, start, size, right=i + 1 if i < len(chains) else -1))
    directory = b"".join(entries).ljust(512, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([_FREE] * 108))
    )
    assert len(header) == 512
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + b"".join(sectors))
    return path


def encrypted_package(path: Path) -> Path:
    """What Office writes for a DOCX/XLSX with an open password: an OLE file with EncryptionInfo
    and EncryptedPackage streams instead of a zip (the contents here are random-looking bytes)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"
    package = struct.pack("<Q", 8000) + bytes((i * 7919) % 251 for i in range(8000))
    return ole_file(path, {"EncryptionInfo": info, "EncryptedPackage": package})


# -- workbooks built to exhaust memory or time (bounds of zipguard and the readers) -------------


def streamed_member(name: str, pieces: Iterable[bytes], level: int = 1) -> Member:
    """A member deflated piece by piece (the whole content is never held in memory)."""
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    data, crc, size = bytearray(), 0, 0
    for piece in pieces:
        data += c.compress(piece)
        crc, size = zlib.crc32(piece, crc), size + len(piece)
    data += c.flush()
    return Member(name, bytes(data), crc, size)


_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook_xlsx(
    path: Path,
    sheet_data: Iterable[bytes],
    *,
    merges: Iterable[bytes] = (),
    strings: Iterable[bytes] | None = None,
    sheet: str = "明细",
    sheets: int = 1,
) -> Path:
    """A minimal valid XLSX written directly: one sheet whose ``<sheetData>`` holds the pieces given
    (``<row>`` elements), then its ``<mergeCell>`` pieces, and a shared-strings part holding the
    ``<si>`` pieces of ``strings`` when given; with ``sheets`` > 1, that many copies of the sheet."""
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{_SHEET_CT}.sheet.main+xml"/>'
    rels = ""
    entries = ""
    for n in range(1, sheets + 1):
        overrides += f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_CT}.worksheet+xml"/>'
        rels += f'<Relationship Id="rId{n}" Target="worksheets/sheet{n}.xml" Type="{_OFFICE_RELS}/worksheet"/>'
        entries += f'<sheet name="{sheet if n == 1 else f"{sheet}{n}"}" sheetId="{n}" r:id="rId{n}"/>'
    if strings is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHEET_CT}.sharedStrings+xml"/>'
        rels += f'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="{_OFFICE_RELS}/sharedStrings"/>'
    decl = '<?xml version="1.0" encoding="UTF-8"?>'
    parts = {
        "[Content_Types].xml": (
            f'{decl}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'{decl}<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{_OFFICE_RELS}/officeDocument"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{decl}<workbook xmlns="{_SPREADSHEET}" xmlns:r="{_OFFICE_RELS}"><sheets>{entries}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": f'{decl}<Relationships xmlns="{_PACKAGE_RELS}">{rels}</Relationships>',
    }
    members = [deflated(name, text.encode()) for name, text in parts.items()]

    def sheet_pieces() -> Iterator[bytes]:
        yield f'{decl}<worksheet xmlns="{_SPREADSHEET}"><sheetData>'.encode()
        yield from sheet_data
        yield b"</sheetData>"
        first = True
        for piece in merges:
            if first:
                yield b"<mergeCells>"
                first = False
            yield piece
        if not first:
            yield b"</mergeCells>"
        yield b"</worksheet>"

    first_sheet = streamed_member("xl/worksheets/sheet1.xml", _batched(sheet_pieces()))
    members += [
        Member(f"xl/worksheets/sheet{n}.xml", first_sheet.data, first_sheet.crc, first_sheet.size)
        for n in range(1, sheets + 1)
    ]
    if strings is not None:
        head = f'{decl}<sst xmlns="{_SPREADSHEET}">'.encode()
        members.append(streamed_member("xl/sharedStrings.xml", _batched(chain([head], strings, [b"</sst>"]))))
    return write_zip(path, members)


def _batched(pieces: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """Small pieces joined into pieces of about ``size`` bytes (deflating them one by one is slow)."""
    buf: list[bytes] = []
    length = 0
    for piece in pieces:
        buf.append(piece)
        length += len(piece)
        if length >= size:
            yield b"".join(buf)
            buf, length = [], 0
    if buf:
        yield b"".join(buf)


def cell_xml(ref: str, value: str | float | None = None, formula: str | None = None) -> str:
    """One ``<c>``: a text (inline string), a number, or a formula with its cached number or none."""
    f = f"<f>{formula}</f>" if formula is not None else ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr">{f}<is><t>{value}</t></is></c>'
    v = f"<v>{value}</v>" if value is not None else ""
    return f'<c r="{ref}">{f}{v}</c>'


def table_rows(rows: int = 3) -> Iterator[bytes]:
    """A few rows of a small table (a label and an amount): the workbook's real content."""
    yield f'<row r="1">{cell_xml("A1", "项目")}{cell_xml("B1", "金额")}</row>'.encode()
    for r in range(2, rows + 2):
        yield f'<row r="{r}">{cell_xml(f"A{r}", f"项目{r}")}{cell_xml(f"B{r}", r + 0.5)}</row>'.encode()


def merged_ranges(count: int, first_row: int = 1) -> Iterator[bytes]:
    """``count`` distinct two-cell merged ranges (A1:B1, A2:B2 …)."""
    for r in range(first_row, first_row + count):
        yield f'<mergeCell ref="A{r}:B{r}"/>'.encode()


def shared_strings(count: int) -> Iterator[bytes]:
    for i in range(count):
        yield f"<si><t>字符串{i}</t></si>".encode()


def blank_cells(count: int, per_row: int = 100) -> Iterator[bytes]:
    """``count`` styled blank cells (``<c r=.. s="1"/>``), ``per_row`` a row."""
    for start in range(0, count, per_row):
        r = start // per_row + 1
        cells = "".join(f'<c r="{column_name(c + 1)}{r}" s="1"/>' for c in range(min(per_row, count - start)))
        yield f'<row r="{r}">{cells}</row>'.encode()


def blank_rows(count: int) -> Iterator[bytes]:
    for r in range(1, count + 1):
        yield f'<row r="{r}"/>'.encode()


def column_name(col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def html_page(unit: str, count: int, head: str = "<html><body>", tail: str = "</body></html>") -> bytes:
    """A page of ``count`` copies of ``unit`` between ``head`` and ``tail``."""
    return (head + unit * count + tail).encode()


def rowspan_page(rows: int = 14_000) -> bytes:
    """The amplification page of issue 13 (~616 KB at 14,000 rows): one table whose every row is a
    single cell spanning 65,534 rows — a span the HTML standard allows."""
    cells = "".join(f'<tr><td rowspan="65534">预算{i}</td></tr>' for i in range(rows))
    return f"<html><body><table>{cells}</table></body></html>".encode()
