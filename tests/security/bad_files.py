"""Bad files: a deterministic corpus of broken and hostile documents in every supported format.

`bad_files(seed)` builds over 300 files in memory, each a `BadFile` with its kind, a file name
whose extension picks the reader, the bytes, and the outcomes it may have: reason codes of
UnreadableFile, or "read" when the file is damaged but still legible (a text file cut short).
Kinds: empty and whitespace-only files, random bytes, valid PDF/DOCX/XLSX/HTML/TXT/MD cut at
many offsets, zip containers with huge or understated declared sizes, too many entries, a high
compression ratio or nested zips, billion-laughs and external-entity XML in the parts of DOCX
and XLSX files and in HTML, encrypted PDFs (pypdf, RC4 and AES) and OLE "encrypted Office"
files, files with the wrong extension both ways, NUL-laden text, deeply nested PDF arrays and
dictionaries, PDFs claiming 100,000 pages, decompression bombs in PDF streams, scanned PDFs
without a text layer, HTML nested very deep and text on one huge line.

`write_bad_files(folder)` writes them to disk; nothing is committed to the repository.
`answer_all(files, services)` sends each file in a chat message through the router, as an edge
would, and tells what the bot answered and how long it took.
"""

from __future__ import annotations

import asyncio
import io
import random
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
from fpdf import FPDF
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from handlers.messages import text
from handlers.router import route
from handlers.services import Services
from handlers.types import Attachment, IncomingMessage, Reply
from tests.documents import DECREE_LINES, FONT

FORMATS = ("pdf", "docx", "xlsx", "txt", "html", "md")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Every reason a file can be refused for, each with its sentence in handlers/messages.py.
REASONS = (
    "unsupported",
    "too_large",
    "download_failed",
    "empty",
    "corrupt",
    "encrypted",
    "legacy_office",
    "zip_bomb",
    "unsafe_xml",
    "wrong_type",
    "no_text_layer",
    "not_text",
    "too_many_pages",
    "timeout",
    "too_complex",
)
FAILED = frozenset({"corrupt", "too_complex", "timeout", "empty", "no_text_layer", "not_text"})


@dataclass(frozen=True)
class BadFile:
    """One file of the corpus and the outcomes it may have ("read" or reason codes)."""

    kind: str
    name: str
    data: bytes
    expected: frozenset[str]


def _bad(kind: str, name: str, data: bytes, *expected: str) -> BadFile:
    return BadFile(kind, name, data, frozenset(expected))


# --- valid documents to break -------------------------------------------------------------


def valid_pdf(pages: int = 3) -> bytes:
    """A real PDF with Vietnamese text on each page."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    for number in range(pages):
        pdf.add_page()
        for line in DECREE_LINES:
            pdf.multi_cell(0, 6, f"{line} ({number + 1})", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def valid_docx() -> bytes:
    """A real DOCX with Vietnamese paragraphs."""
    document = docx.Document()
    for line in DECREE_LINES:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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


def valid_html() -> bytes:
    """A small HTML page in Vietnamese."""
    body = "".join(f"<p>{line}</p>" for line in DECREE_LINES)
    return f"<html><head><title>Nghị định</title></head><body>{body}</body></html>".encode()


def valid_text() -> bytes:
    """Vietnamese text, UTF-8."""
    return "\n".join(DECREE_LINES).encode()


def scanned_pdf(pages: int = 1) -> bytes:
    """A PDF of page images only: what a scanner produces, with no text layer."""
    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for row in range(20):
        draw.text((40, 40 + row * 36), f"CONG VAN SO {row}/UBND-VP", fill=0)
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(png.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


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


# --- PDF objects --------------------------------------------------------------------------


def raw_pdf(page_extra: bytes = b"", *, count: int = 1, more: tuple[bytes, ...] = ()) -> bytes:
    """A hand-written PDF: catalog, page tree declaring `count` pages, one page, extra objects."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + page_extra + b" >>",
        *more,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def flate_stream(size: int) -> bytes:
    """A content stream object that inflates to `size` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(packer.compress(chunk) for _ in range(size >> 20)) + packer.flush()
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + (b"\nendstream")
    )


def pdf_with_pages(pages: int) -> bytes:
    """A real PDF of many tiny blank pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(10, 10)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf(source: bytes, user: str, owner: str, algorithm: str) -> bytes:
    """A copy of a PDF encrypted by pypdf."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Valid:
    """The valid documents every kind starts from."""

    pdf: bytes
    docx: bytes
    xlsx: bytes

    def office(self) -> tuple[tuple[str, bytes, str], ...]:
        """(extension, bytes, main part) of the two Office formats."""
        return (
            ("docx", self.docx, "word/document.xml"),
            ("xlsx", self.xlsx, "xl/worksheets/sheet1.xml"),
        )


def _empty(_rng: random.Random, _valid: _Valid) -> Iterator[BadFile]:
    for ext in FORMATS:
        yield _bad("empty", f"rong.{ext}", b"", "empty")
        for i, blank in enumerate((b" ", b"\n\n\t\n", b"\r\n" * 500, b" \x0b\x0c " * 100)):
            yield _bad("whitespace", f"trang-{i}.{ext}", blank, "empty")


def _random(rng: random.Random, _valid: _Valid) -> Iterator[BadFile]:
    for ext in FORMATS:
        for i, size in enumerate((7, 64, 500, 4096, 30_000, 200_000, 1 << 20, 3 << 20)):
            data = rng.randbytes(size)
            if ext in ("txt", "md", "html"):
                yield _bad("random", f"ngau-nhien-{i}.{ext}", data, "not_text", "read")
            else:
                yield _bad("random", f"ngau-nhien-{i}.{ext}", data, "corrupt", "wrong_type")


def _truncated(rng: random.Random, valid: _Valid) -> Iterator[BadFile]:
    for ext, data in (("pdf", valid.pdf), ("docx", valid.docx), ("xlsx", valid.xlsx)):
        cuts = sorted({1, 4, 16, 100, 512, *(rng.randrange(len(data)) for _ in range(11))})
        cuts += [len(data) * k // 10 for k in range(1, 10)] + [len(data) - 1]
        # pypdf rebuilds a cross-reference table, so a PDF cut late may still be read.
        expected = ("corrupt", "read", "no_text_layer") if ext == "pdf" else ("corrupt",)
        for cut in cuts:
            yield _bad("truncated", f"cat-{cut}.{ext}", data[:cut], *expected)
    for ext, data in (("html", valid_html()), ("txt", valid_text()), ("md", valid_text())):
        for cut in (1, 3, 41, len(data) // 2 + 1, len(data) - 2):  # some cut inside a letter
            yield _bad("truncated", f"cat-{cut}.{ext}", data[:cut], "read", "not_text", "empty")


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


def _encrypted(_rng: random.Random, valid: _Valid) -> Iterator[BadFile]:
    for algorithm in ("RC4-40", "RC4-128", "AES-128", "AES-256-R5", "AES-256"):
        for user in ("mat-khau", "123456", "Mật khẩu"):
            locked = encrypted_pdf(valid.pdf, user, "chu-so-huu", algorithm)
            yield _bad("encrypted", f"khoa-{algorithm}-{len(user)}.pdf", locked, "encrypted")
        owner_only = encrypted_pdf(valid.pdf, "", "chu-so-huu", algorithm)
        yield _bad("encrypted", f"chi-chu-so-huu-{algorithm}.pdf", owner_only, "read")
    for ext, data, _main in valid.office():
        locked = ole_file("EncryptionInfo", "EncryptedPackage")
        yield _bad("encrypted", f"ole-khoa.{ext}", locked, "encrypted")
        big = ole_file("EncryptedPackage", size=1 << 20)
        yield _bad("encrypted", f"ole-khoa-lon.{ext}", big, "encrypted")
        yield _bad("encrypted", f"ole-cu.{ext}", ole_file("WordDocument"), "legacy_office")
        flagged = set_encrypted_flag(data)
        yield _bad("encrypted", f"zip-khoa.{ext}", flagged, "encrypted")


def _wrong_extension(_rng: random.Random, valid: _Valid) -> Iterator[BadFile]:
    real = {"pdf": valid.pdf, "docx": valid.docx, "xlsx": valid.xlsx}
    for actual, data in real.items():
        for ext in FORMATS:
            if ext != actual:
                yield _bad("wrong_extension", f"{actual}-that-is.{ext}", data, "wrong_type")
    png = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 0, 0)).save(png, format="PNG")
    for ext in ("pdf", "docx", "xlsx"):
        yield _bad("wrong_extension", f"html-that-is.{ext}", valid_html(), "corrupt")
        yield _bad("wrong_extension", f"txt-that-is.{ext}", valid_text(), "corrupt")
        yield _bad("wrong_extension", f"png-that-is.{ext}", png.getvalue(), "corrupt")
    for ext in ("txt", "md", "html"):
        yield _bad("wrong_extension", f"png-that-is.{ext}", png.getvalue(), "not_text")


def _nul_text(rng: random.Random, _valid: _Valid) -> Iterator[BadFile]:
    text = valid_text()
    for ext in ("txt", "md", "html"):
        yield _bad("nul_text", f"nul-dau.{ext}", b"\x00" + text, "not_text")
        middle = text[:50] + b"\x00" * 10 + text[50:]
        yield _bad("nul_text", f"nul-giua.{ext}", middle, "not_text")
        yield _bad("nul_text", f"utf16.{ext}", text.decode().encode("utf-16-le"), "not_text")
        late = text * 30 + b"\x00" + text  # one NUL past the first 4 KB: dropped on reading
        yield _bad("nul_text", f"nul-muon.{ext}", late, "read")
        spread = b"\x00".join(text * 20 for _ in range(100))
        yield _bad("nul_text", f"nul-rai.{ext}", b"x" * 5000 + spread, "read", "not_text")
        sprinkled = bytes(b for c in text * 200 for b in (c, 0) if b or rng.random() < 0.1)
        yield _bad("nul_text", f"nul-rac.{ext}", sprinkled, "not_text")


def _pdf_structure(_rng: random.Random, _valid: _Valid) -> Iterator[BadFile]:
    for depth in (100, 1000, 10_000, 100_000, 500_000):
        arrays = b"/Foo " + b"[" * depth + b"]" * depth
        dicts = b"/Foo " + b"<< /A " * depth + b">>" * depth
        yield _bad("nested_pdf", f"mang-{depth}.pdf", raw_pdf(arrays), *FAILED)
        yield _bad("nested_pdf", f"tu-dien-{depth}.pdf", raw_pdf(dicts), *FAILED)
        yield _bad("nested_pdf", f"mo-{depth}.pdf", raw_pdf(b"/Foo " + b"[" * depth), *FAILED)
    loop = raw_pdf(b"/Resources 3 0 R", more=(b"<< /Kids [2 0 R] >>",))
    yield _bad("nested_pdf", "vong-lap.pdf", loop, *FAILED)
    for count in (100_000, 10**9, 10**15):
        yield _bad("pdf_pages", f"trang-{count}.pdf", raw_pdf(count=count), "too_many_pages")
    yield _bad("pdf_pages", "trang-am.pdf", raw_pdf(count=-1), *FAILED)
    yield _bad("pdf_pages", "trang-2500.pdf", pdf_with_pages(2500), "too_many_pages")
    for mib in (16, 128, 400):
        bomb = raw_pdf(b"/Contents 4 0 R", more=(flate_stream(mib << 20),))
        yield _bad("pdf_stream_bomb", f"bom-{mib}mb.pdf", bomb, *FAILED)
    for pages in (1, 3, 5):
        yield _bad("scanned_pdf", f"ban-quet-{pages}.pdf", scanned_pdf(pages), "no_text_layer")


def _big_shapes(_rng: random.Random, valid: _Valid) -> Iterator[BadFile]:
    slow = ("read", "too_complex", "timeout")
    for depth in (10_000, 100_000):
        deep = b"<div>" * depth + "Nội dung".encode() + b"</div>" * depth
        yield _bad("html_deep", f"long-sau-{depth}.html", deep, *slow)
    yield _bad("html_deep", "nhieu-the.html", b"<p>a</p>" * 500_000, *slow)
    sheet = "xl/worksheets/sheet1.xml"
    corner = (
        f'<worksheet {S_NS}><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576">'
        '<c r="XFD1048576" t="inlineStr"><is><t>góc</t></is></c></row></sheetData></worksheet>'
    )
    yield _bad(
        "xlsx_shape", "o-cuoi.xlsx", replace_part(valid.xlsx, sheet, corner.encode()), "empty"
    )
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>dòng {r}</t></is></c></row>'
        for r in range(1, 30_001)
    )
    tall = f"<worksheet {S_NS}><sheetData>{rows}</sheetData></worksheet>".encode()
    yield _bad("xlsx_shape", "nhieu-dong.xlsx", replace_part(valid.xlsx, sheet, tall), "read")
    line = " ".join(DECREE_LINES).encode()
    for ext in ("txt", "md", "html"):
        for mib in (1, 6):
            long_line = (line + b" ") * ((mib << 20) // len(line))
            yield _bad("huge_line", f"dong-dai-{mib}mb.{ext}", long_line, "read")
    yield _bad("too_large", "qua-lon.txt", line * ((9 << 20) // len(line)), "too_large")


_KINDS = (
    _empty,
    _random,
    _truncated,
    _zips,
    _xml_entities,
    _encrypted,
    _wrong_extension,
    _nul_text,
    _pdf_structure,
    _big_shapes,
)


def bad_files(seed: int = 4) -> list[BadFile]:
    """The whole corpus, the same bytes for the same seed."""
    rng = random.Random(seed)
    valid = _Valid(valid_pdf(), valid_docx(), valid_xlsx())
    return [bad for kind in _KINDS for bad in kind(rng, valid)]


def write_bad_files(folder: Path, seed: int = 4) -> list[tuple[BadFile, Path]]:
    """Write the corpus to a folder, one file each (names are unique)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, bad in enumerate(bad_files(seed)):
        path = folder / f"{index:03d}-{bad.name}"
        path.write_bytes(bad.data)
        written.append((bad, path))
    return written


# --- through the chat path ----------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """What the bot answered for one bad file, and how long the whole message took."""

    bad: BadFile
    name: str
    outcome: str  # "read", a reason code, or "crash" when no known answer came
    reply: str
    seconds: float


def outcome_of(reply: Reply, name: str) -> str:
    """The reason code a reply gives for a file, "read" when it was read, else "crash"."""
    shown = "\n".join(block.text for block in reply.blocks)
    if name not in shown or text("internal_error", reply.language) in shown:
        return "crash"
    for code in REASONS:
        reason = text(f"file_{code}", reply.language)
        if text("file_unreadable", reply.language, name=name, reason=reason) in shown:
            return code
    summary = text("summary_title", reply.language, name=name, title="").rstrip(": ")
    return "read" if summary in shown else "crash"


async def answer_all(
    files: list[tuple[BadFile, Path]], services: Services, workers: int = 2
) -> list[Answered]:
    """Send each file in its own message through the router, `workers` messages at a time."""
    queue = list(reversed(files))
    answered: list[Answered] = []

    async def worker() -> None:
        while queue:
            bad, path = queue.pop()
            data = path.read_bytes()

            async def fetch(data: bytes = data) -> bytes:
                return data

            attachment = Attachment(name=path.name, size=len(data), fetch=fetch)
            started = time.monotonic()
            reply = await route(IncomingMessage(text="", attachments=(attachment,)), services)
            seconds = time.monotonic() - started
            shown = "\n".join(block.text for block in reply.blocks)
            answered.append(Answered(bad, path.name, outcome_of(reply, path.name), shown, seconds))

    await asyncio.gather(*(worker() for _ in range(workers)))
    return answered
