"""Office files gone bad: DOCX and XLSX zip containers, OLE "encrypted Office", hostile XML."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Iterator

import docx
import openpyxl

from tests.documents import DECREE_LINES
from tests.security.bad_files.common import BadFile, _bad, _Valid

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def docx_bytes(*paragraphs: str) -> bytes:
    """A real DOCX with these paragraphs."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def valid_docx() -> bytes:
    """A real DOCX with Vietnamese paragraphs."""
    return docx_bytes(*DECREE_LINES)


def valid_xlsx() -> bytes:
    """A real XLSX with a header row and Vietnamese values."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append(["Số", "Trích yếu", "Đơn vị"])
    for number, line in enumerate(DECREE_LINES, start=1):
        sheet.append([number, line, "Văn phòng"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- containers ---------------------------------------------------------------------------


def zip_bytes(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of the given entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def office_parts(data: bytes) -> dict[str, bytes]:
    """The parts of a DOCX or XLSX, to change one and zip them again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def replace_part(data: bytes, name: str, content: bytes) -> bytes:
    """An Office file with one part replaced (or added)."""
    return zip_bytes({**office_parts(data), name: content})


def patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    """A zip whose central directory declares another uncompressed size for one entry."""
    out = bytearray(data)
    start = 0
    encoded = name.encode()
    while (at := out.find(b"PK\x01\x02", start)) >= 0:
        name_length = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + name_length]) == encoded:
            struct.pack_into("<I", out, at + 24, size)
        start = at + 4
    return bytes(out)


def set_encrypted_flag(data: bytes) -> bytes:
    """A zip whose entries all claim to be encrypted (general purpose bit 0)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", out, at + offset)[0]
            struct.pack_into("<H", out, at + offset, flags | 1)
            start = at + 4
    return bytes(out)


def ole_file(*stream_names: str, size: int = 4096) -> bytes:
    """An OLE/CFB container header with directory entries named like Office streams."""
    body = bytearray(size)
    at = 512
    for stream in stream_names:
        encoded = stream.encode("utf-16-le") + b"\x00\x00"
        body[at : at + len(encoded)] = encoded
        at += 128
    return OLE_MAGIC + bytes(body)


# --- hostile XML --------------------------------------------------------------------------


def billion_laughs(root: str, levels: int = 10) -> bytes:
    """XML whose root element holds an entity expanding to 10**levels copies of "lol"."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    tag = root.split(maxsplit=1)[0]
    return (
        f'<?xml version="1.0"?><!DOCTYPE {tag} [{"".join(entities)}]>'
        f"<{root}>&lol{levels - 1};</{tag}>"
    ).encode()


def external_entity(root: str, target: str = "file:///etc/passwd") -> bytes:
    """XML that asks the parser to fetch a file into the document (XXE)."""
    tag = root.split(maxsplit=1)[0]
    return (
        f'<?xml version="1.0"?><!DOCTYPE {tag} [<!ENTITY xxe SYSTEM "{target}">]>'
        f"<{root}>&xxe;</{tag}>"
    ).encode()


def quadratic_blowup(root: str, size: int = 100_000, uses: int = 10_000) -> bytes:
    """One large entity referenced many times: no nesting, still gigabytes when expanded."""
    tag = root.split(maxsplit=1)[0]
    return (
        f'<?xml version="1.0"?><!DOCTYPE {tag} [<!ENTITY big "{"x" * size}">]>'
        f"<{root}>{'&big;' * uses}</{tag}>"
    ).encode()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
DOCX_ROOTS = {
    "word/document.xml": f"w:document {W_NS}",
    "word/styles.xml": f"w:styles {W_NS}",
    "[Content_Types].xml": 'Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"',
    "_rels/.rels": 'Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"',
    "docProps/core.xml": "cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"',
}
XLSX_ROOTS = {
    "xl/worksheets/sheet1.xml": f"worksheet {S_NS}",
    "xl/workbook.xml": f"workbook {S_NS}",
    "xl/styles.xml": f"styleSheet {S_NS}",
    "xl/sharedStrings.xml": f"sst {S_NS}",
    "[Content_Types].xml": 'Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"',
}


def _zips(_rng: random.Random, valid: _Valid) -> Iterator[BadFile]:
    bomb = zip_bytes({"bom.bin": bytes(50 << 20)})
    for ext, data, main in valid.office():
        for size in (300 << 20, 1 << 30, 0xFFFFFFFF):
            huge = patch_declared_size(data, main, size)
            yield _bad("zip_declared", f"khai-lon-{size}.{ext}", huge, "zip_bomb")
        for size in (0, 10, 100):
            small = patch_declared_size(data, main, size)
            yield _bad("zip_declared", f"khai-nho-{size}.{ext}", small, "corrupt", "zip_bomb")
        every = data
        for name in office_parts(data):
            every = patch_declared_size(every, name, 60 << 20)
        yield _bad("zip_declared", f"khai-tat-ca.{ext}", every, "zip_bomb")
        for count in (2001, 3000, 6000):
            parts = office_parts(data) | {f"x/{i}.xml": b"<a/>" for i in range(count)}
            yield _bad("zip_many", f"nhieu-{count}.{ext}", zip_bytes(parts), "zip_bomb")
        for mib in (16, 64, 150):
            padded = replace_part(data, main, b"<a>" + b" " * (mib << 20) + b"</a>")
            yield _bad("zip_ratio", f"nen-{mib}mb.{ext}", padded, "zip_bomb")
        yield _bad("zip_nested", f"long-zip.{ext}", zip_bytes({"in.zip": bomb}), "corrupt")
        inner = zip_bytes({"in.zip": bomb}, zipfile.ZIP_STORED)
        yield _bad("zip_nested", f"long-zip-2.{ext}", zip_bytes({"a.zip": inner}), "corrupt")
        # A zip bomb carried inside a document is never opened: the document reads.
        embedded = replace_part(data, f"{ext[0]}/embeddings/bom.zip", bomb)
        yield _bad("zip_nested", f"nhung-zip.{ext}", embedded, "read")
        stored = zip_bytes(office_parts(data) | {"bom.zip": bomb}, zipfile.ZIP_STORED)
        yield _bad("zip_nested", f"nhung-zip-2.{ext}", stored, "read")


def _xml_entities(_rng: random.Random, valid: _Valid) -> Iterator[BadFile]:
    attacks = (("laughs", billion_laughs), ("xxe", external_entity), ("quad", quadratic_blowup))
    for ext, data, roots in (("docx", valid.docx, DOCX_ROOTS), ("xlsx", valid.xlsx, XLSX_ROOTS)):
        for part, root in roots.items():
            stem = part.replace("/", "-").strip("[]_-.")
            for attack, build in attacks:
                hostile = replace_part(data, part, build(root))
                yield _bad("xml_entities", f"{attack}-{stem}.{ext}", hostile, "unsafe_xml")
    pages = (billion_laughs("html"), external_entity("html"), quadratic_blowup("html", 10_000))
    for i, page in enumerate(pages):
        yield _bad("xml_entities", f"laughs-{i}.html", page, "read")
        yield _bad("xml_entities", f"laughs-{i}.md", page, "read")
