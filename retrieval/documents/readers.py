"""Reading PDF, DOCX, XLSX, TXT, Markdown, HTML and pictures of pages (JPEG, PNG, TIFF, HEIC: by
OCR, as are PDF pages without a text layer) into normalised text, page by page."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import itertools
import math
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from charset_normalizer import from_bytes
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from retrieval.documents.ocr import INSTALL_HINT, Ocr, OcrOptions, TesseractOcr, missing_reason
from retrieval.errors import UnreadableFile
from retrieval.text import normalize

if TYPE_CHECKING:
    from PIL.Image import Image
    from pypdf import PdfReader

SUPPORTED = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".tif": "image",
    ".tiff": "image",
    ".heic": "image",
    ".heif": "image",
}
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_SHEET_ROWS = 10_000
MAX_SHEET_COLUMNS = 100
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")
# HEIF (iPhone photos, .heic): an ISO box "ftyp" with one of these brands.
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
# A PDF page with less text than this has no usable text layer (a scan with a stray footer).
MIN_PAGE_CHARS = 20
# The most pixels one picture of a page may have (an A4 page at 600 dpi is 35 million):
# more is a decompression bomb or a poster, refused before it is decoded.
MAX_PAGE_PIXELS = 50_000_000
# The main part that tells a Word document from an Excel workbook inside the same zip format.
_OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

# Control characters other than tab and line ends: NULs and escapes have no place in a reply.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

Cell = str | int | float | bool | dt.date | None
PageProgress = Callable[[int, int], None]
"""Told (i, n) as OCR begins the i-th of the n pages it will read."""


@dataclass(frozen=True)
class Page:
    """Text of one page (number is None for formats without pages)."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name and rows of cell values, empty rows and trailing cells dropped."""

    name: str
    rows: tuple[tuple[Cell, ...], ...]
    # The formulas of a workbook read for its tables: (row, column) from 0 -> "=SUM(D8:D12)".
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class OcrReport:
    """Which pages were read by OCR and how confidently, which could not be read, and why OCR
    could not run at all (empty when it ran)."""

    pages: tuple[int, ...] = ()
    confidence: float | None = None  # mean word confidence over the pages read, 0-100
    unread: tuple[int, ...] = ()
    missing: str = ""


@dataclass(frozen=True)
class ReadFile:
    """A file's detected type, its text page by page, for workbooks its sheets, and for scans
    what OCR did."""

    file_type: str
    pages: list[Page]
    sheets: tuple[Sheet, ...] = ()
    ocr: OcrReport | None = None

    @property
    def text(self) -> str:
        """All pages joined by blank lines."""
        return "\n\n".join(page.text for page in self.pages)


def file_type_of(path: Path) -> str:
    """The reader name for a path, or UnreadableFile('unsupported')."""
    try:
        return SUPPORTED[path.suffix.lower()]
    except KeyError:
        raise UnreadableFile(
            "unsupported", f"unsupported file type {path.suffix or '(none)'}"
        ) from None


def is_heif(data: bytes) -> bool:
    """A HEIF/HEIC picture, by its first box."""
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def sniff(data: bytes) -> str | None:
    """The container a file's first bytes announce: 'pdf', 'zip', 'ole' or None for other data."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if b"%PDF-" in data[:1024]:  # the PDF header may follow up to 1 KB of junk
        return "pdf"
    return None


def read_bytes(
    data: bytes,
    file_type: str,
    *,
    max_pages: int = 2000,
    ocr: OcrOptions | None = None,
    tables: bool = False,
    before_ocr: Callable[[], None] | None = None,
    progress: PageProgress | None = None,
) -> ReadFile:
    """Parse bytes of a known type; every failure becomes an UnreadableFile. With `ocr`,
    pictures and PDF pages without a text layer are read by OCR (in the sandboxed child);
    without it a scanned PDF is "no_text_layer" and a picture "ocr_missing". With `tables`,
    the tables of a DOCX or PDF come back as sheets too, and a workbook's sheets keep their
    empty rows, so that row n of a sheet is row n of the file. `before_ocr` is called once
    the file is parsed, when its pages go to OCR; `progress(i, n)` as OCR begins the i-th of
    the n pages it will read."""
    if not data or data.isspace():
        raise UnreadableFile("empty", "the file is empty")
    _check_content_matches(data, file_type)
    sheets: tuple[Sheet, ...] = ()
    report = None
    try:
        if file_type == "xlsx":
            sheets = _read_xlsx(data, max_pages, keep_empty=tables)
            pages = [Page(None, sheet_text(sheet)) for sheet in sheets]
        elif file_type == "image":
            found: list[Sheet] | None = [] if tables else None
            pages, report = _read_image(data, max_pages, ocr, before_ocr, found, progress)
            sheets = tuple(found or ())
        else:
            pages = _READERS[file_type](data, max_pages)
            if file_type == "pdf" and ocr is not None and scanned_pages(pages):
                if before_ocr is not None:
                    before_ocr()
                scanned: list[Sheet] | None = [] if tables else None
                pages, report = _ocr_pdf(data, pages, ocr, scanned, progress)
                sheets = tuple(scanned or ())
            if tables and file_type in _TABLE_READERS:
                sheets = _TABLE_READERS[file_type](data, max_pages) + sheets
    except UnreadableFile:
        raise
    except (MemoryError, RecursionError) as exc:
        raise UnreadableFile("too_complex", type(exc).__name__) from None
    except Exception as exc:  # parsers raise many types on hostile input
        raise UnreadableFile("corrupt", f"{type(exc).__name__}: {exc}"[:300]) from exc
    pages = [Page(p.number, _CONTROL.sub("", normalize(p.text)).strip()) for p in pages]
    if not any(p.text for p in pages):
        if report is not None and report.missing:
            raise UnreadableFile("ocr_missing", report.missing)
        if report is not None:
            raise UnreadableFile("ocr_unreadable", "OCR found no text on any page")
        code = "no_text_layer" if file_type == "pdf" else "empty"
        raise UnreadableFile(code, "no text could be extracted")
    return ReadFile(file_type, pages, sheets, report)


def scanned_pages(pages: list[Page]) -> list[int]:
    """The numbers of the PDF pages with no usable text layer."""
    return [
        p.number for p in pages if p.number is not None and len(p.text.strip()) < MIN_PAGE_CHARS
    ]


def needs_ocr(document: ReadFile) -> bool:
    """Whether a file read without OCR has pages that OCR could read."""
    return document.file_type == "pdf" and bool(scanned_pages(document.pages))


def _ocr_pdf(
    data: bytes,
    pages: list[Page],
    options: OcrOptions,
    tables: list[Sheet] | None = None,
    progress: PageProgress | None = None,
) -> tuple[list[Page], OcrReport]:
    """The PDF's pages with those lacking a text layer rendered (pypdfium2) and read by OCR."""
    scanned = scanned_pages(pages)
    missing = missing_reason(options)
    if missing is not None:
        return pages, OcrReport(unread=tuple(scanned), missing=missing)
    import pypdfium2  # noqa: PLC0415 - only for scanned PDFs

    document = pypdfium2.PdfDocument(data)
    try:

        def render(number: int) -> Image:
            page = document[number - 1]
            width, height = page.get_size()  # in points, 72 to the inch
            scale = min(options.dpi / 72, math.sqrt(MAX_PAGE_PIXELS / max(1.0, width * height)))
            picture: Image = page.render(scale=scale, grayscale=True).to_pil()
            return picture

        texts, report = _ocr_pages(
            scanned, render, TesseractOcr(options), options, tables, progress
        )
    finally:
        document.close()
    return [Page(p.number, texts.get(p.number or 0, p.text)) for p in pages], report


def _read_image(
    data: bytes,
    max_pages: int,
    options: OcrOptions | None,
    before_ocr: Callable[[], None] | None = None,
    tables: list[Sheet] | None = None,
    progress: PageProgress | None = None,
) -> tuple[list[Page], OcrReport]:
    """A photo or scan (JPEG, PNG, TIFF with one or more pages, HEIC), read by OCR."""
    from PIL import Image as PILImage  # noqa: PLC0415 - only when a picture arrives
    from PIL import ImageSequence  # noqa: PLC0415

    PILImage.MAX_IMAGE_PIXELS = MAX_PAGE_PIXELS  # Pillow refuses twice this outright
    formats = ["JPEG", "PNG", "TIFF", "MPO"]
    if is_heif(data):
        import pillow_heif  # noqa: PLC0415 - libheif, only when an iPhone photo arrives

        pillow_heif.register_heif_opener()  # opens lazily: the size is checked before decoding
        formats = ["HEIF"]
    try:
        picture = PILImage.open(io.BytesIO(data), formats=formats)
    except PILImage.DecompressionBombError as exc:
        raise UnreadableFile("too_large", str(exc)[:300]) from None
    count = getattr(picture, "n_frames", 1)
    if count > max_pages:
        raise UnreadableFile("too_many_pages", f"{count} pages, limit {max_pages}")
    width, height = picture.size
    if width * height > MAX_PAGE_PIXELS:
        raise UnreadableFile("too_large", f"{width} x {height} pixels")
    numbers = list(range(1, count + 1))
    missing = "" if options is None else missing_reason(options)
    if options is None or missing is not None:
        reason = missing or f"the file is a picture and needs OCR: {INSTALL_HINT}"
        return [Page(n, "") for n in numbers], OcrReport(unread=tuple(numbers), missing=reason)
    frames = ImageSequence.Iterator(picture)
    if before_ocr is not None:
        before_ocr()

    def render(number: int) -> Image:
        frame = frames[number - 1]
        if frame.width * frame.height > MAX_PAGE_PIXELS:
            raise UnreadableFile("too_large", f"page {number}: {frame.width} x {frame.height}")
        frame.load()  # a truncated file fails here, on this page
        return frame.copy()

    texts, report = _ocr_pages(numbers, render, TesseractOcr(options), options, tables, progress)
    return [Page(n, texts.get(n, "")) for n in numbers], report


def _ocr_pages(
    numbers: list[int],
    render: Callable[[int], Image],
    ocr: Ocr,
    options: OcrOptions,
    tables: list[Sheet] | None = None,
    progress: PageProgress | None = None,
) -> tuple[dict[int, str], OcrReport]:
    """Read these pages by OCR within the page count and total time of the options; a page
    that fails, times out or comes after the limits is named unread. With `tables`, each
    page's ruled table is read too and added to it as a sheet ("trang 2 (OCR)"). `progress`
    hears of each page as its reading begins."""
    deadline = time.monotonic() + options.total_timeout_s
    count = min(len(numbers), options.max_pages)
    texts: dict[int, str] = {}
    confidences: list[float] = []
    unread: list[int] = []
    for index, number in enumerate(numbers):
        if index >= options.max_pages or time.monotonic() > deadline:
            unread.extend(numbers[index:])
            break
        if progress is not None:
            progress(index + 1, count)
        try:
            picture = render(number)
            found = ocr.read(picture)
            if tables is not None and (rows := ocr.read_table(picture)):
                tables.append(Sheet(f"trang {number} (OCR)", tuple(map(_table_row, rows))))
        except MemoryError:
            raise
        except Exception:  # a broken page (renderer, decoder, Tesseract) costs that page only
            unread.append(number)
            continue
        if found.text:
            texts[number] = found.text
            confidences.append(found.confidence)
        else:
            unread.append(number)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return texts, OcrReport(tuple(sorted(texts)), mean, tuple(unread))


def sheet_text(sheet: Sheet) -> str:
    """A sheet as text: its name, then one line per row with cells joined by ' | '."""
    if not sheet.rows:
        return ""
    lines = [sheet.name]
    lines.extend(" | ".join(_cell_text(cell) for cell in row) for row in sheet.rows)
    return "\n".join(lines)


def load_path(path: Path, *, max_bytes: int = 50 * 1024 * 1024) -> tuple[str, bytes]:
    """The reader name and bytes of a file, refusing unknown types and oversize files first."""
    file_type = file_type_of(path)
    try:
        if not path.is_file():
            raise UnreadableFile("missing", "no such file")
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFile("too_large", f"{size} bytes is over the {max_bytes} byte limit")
        return file_type, path.read_bytes()
    except OSError as exc:
        raise UnreadableFile("io_error", str(exc)) from exc


def read_path(path: Path, *, max_bytes: int = 50 * 1024 * 1024, max_pages: int = 2000) -> ReadFile:
    """Read a file from disk after checking its type and size."""
    file_type, data = load_path(path, max_bytes=max_bytes)
    return read_bytes(data, file_type, max_pages=max_pages)


def _check_content_matches(data: bytes, file_type: str) -> None:
    """Refuse a file whose first bytes name another format than its extension does."""
    found = sniff(data)
    if file_type in _OFFICE_PARTS:
        if found == "ole":
            _refuse_ole(data)
        if found == "pdf":
            raise UnreadableFile("wrong_type", f"a PDF named .{file_type}")
    elif file_type == "pdf":
        if found in ("zip", "ole"):
            raise UnreadableFile("wrong_type", f"a {found} container named .pdf")
    elif file_type == "image":
        if not data.startswith(IMAGE_MAGIC) and not is_heif(data):
            raise UnreadableFile("wrong_type", "not a JPEG, PNG, TIFF or HEIC picture")
    elif found in ("zip", "ole") or data.startswith(b"%PDF-"):
        raise UnreadableFile("wrong_type", f"a binary document named .{file_type}")


def _refuse_ole(data: bytes) -> None:
    """An OLE container is either an encrypted Office file or a legacy .doc/.xls."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise UnreadableFile("encrypted", "password-protected Office file")
    raise UnreadableFile("legacy_office", "a legacy .doc/.xls file")


# Byte-order marks, the four-byte ones first: a UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_text(data: bytes) -> str:
    """Text of a file that should be text: a byte-order mark names its encoding; otherwise
    UTF-8, then text typed with the legacy Vietnamese fonts (TCVN3, VNI: converted by
    viparse), then what charset-normalizer finds (Windows-1258 among others). NULs early on
    or in numbers, outside UTF-16/32, mean binary data."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise UnreadableFile("not_text", f"the file is not valid {codec}") from None
    if b"\x00" in data[:4096] or data.count(0) > len(data) // 100:
        raise UnreadableFile("not_text", "the file holds binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    legacy = _legacy_font_text(data)
    if legacy is not None:
        return legacy
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("not_text", "the file is not text in a known encoding") from None
    return str(best)


def _legacy_font_text(data: bytes) -> str | None:
    """Text typed with a legacy Vietnamese font (its bytes are the font's Windows-1252
    glyphs), converted to Unicode; None when the bytes do not read as such."""
    import viparse  # noqa: PLC0415 - only for 8-bit text files

    try:
        glyphs = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    encoding = viparse.detect_text_encoding(glyphs)
    return None if encoding is None else viparse.fix(glyphs, encoding=encoding)


def _read_text(data: bytes, _max_pages: int) -> list[Page]:
    return [Page(None, _decode_text(data))]


def _read_html(data: bytes, _max_pages: int) -> list[Page]:
    from bs4 import BeautifulSoup  # noqa: PLC0415 - import only when an HTML file arrives

    # lxml's HTML parser does not expand entities declared in a DOCTYPE (tested).
    soup = BeautifulSoup(_decode_text(data), "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return [Page(None, soup.get_text("\n"))]


def _read_pdf(data: bytes, max_pages: int) -> list[Page]:
    from pypdf import PdfReader  # noqa: PLC0415 - heavy import only when a PDF arrives
    from pypdf.generic import DictionaryObject  # noqa: PLC0415

    reader = PdfReader(io.BytesIO(data))
    # An owner password alone (printing or copying restricted) still opens with "".
    if reader.is_encrypted and not _opens_without_password(reader):
        raise UnreadableFile("encrypted", "the PDF is password-protected")
    # The page tree's declared count is checked before pypdf walks the tree to count pages.
    tree = reader.root_object["/Pages"].get_object()
    declared = tree.get("/Count") if isinstance(tree, DictionaryObject) else None
    if isinstance(declared, int) and declared > max_pages:
        raise UnreadableFile("too_many_pages", f"{declared} pages declared, limit {max_pages}")
    if len(reader.pages) > max_pages:
        raise UnreadableFile("too_many_pages", f"{len(reader.pages)} pages, limit {max_pages}")
    return [Page(i, page.extract_text() or "") for i, page in enumerate(reader.pages, start=1)]


def _opens_without_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unknown or broken encryption dictionary
        return False


def check_zip(data: bytes) -> None:
    """Refuse zip containers that are encrypted, bombs, not zips at all, or carry XML DTDs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile("corrupt", "not a valid Office file (bad zip)") from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UnreadableFile("zip_bomb", f"{len(entries)} entries in the archive")
    # Declared sizes are binding: zipfile stops at file_size and checks the CRC.
    total = sum(e.file_size for e in entries)
    packed = max(1, sum(e.compress_size for e in entries))
    if total > MAX_ZIP_UNCOMPRESSED or total / packed > MAX_ZIP_RATIO:
        raise UnreadableFile("zip_bomb", "the archive expands too much")
    if any(e.flag_bits & 0x1 for e in entries) or "EncryptedPackage" in archive.namelist():
        raise UnreadableFile("encrypted", "the file is password-protected")
    for entry in entries:
        if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            with archive.open(entry) as part:
                _refuse_dtd(part, entry.filename)


def _refuse_dtd(part: IO[bytes], name: str) -> None:
    """Office XML never declares a DTD; one is how entity bombs and external entities come in.

    A DTD can only precede the root element, so parsing stops at the first start tag.
    """
    try:
        for _event, _element in iterparse(part, events=("start",), forbid_dtd=True):
            return
    except DefusedXmlException as exc:
        raise UnreadableFile("unsafe_xml", f"{name}: {type(exc).__name__}") from None
    except ParseError:  # malformed before any DTD: left for the document parser to report
        return


def _check_office(data: bytes, file_type: str) -> None:
    """Zip checks, then the part that makes the zip a document of the declared kind."""
    check_zip(data)
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    if _OFFICE_PARTS[file_type] not in names:
        others = [kind for kind, part in _OFFICE_PARTS.items() if part in names]
        if others:
            raise UnreadableFile("wrong_type", f"a .{others[0]} file named .{file_type}")


def _read_docx(data: bytes, _max_pages: int) -> list[Page]:
    _check_office(data, "docx")
    import docx  # noqa: PLC0415 - heavy import only when a DOCX arrives

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    # Body order: the two-column header of an official letter is a table above the text.
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return [Page(None, "\n".join(lines))]


def _read_xlsx(data: bytes, max_pages: int, *, keep_empty: bool = False) -> tuple[Sheet, ...]:
    _check_office(data, "xlsx")
    import openpyxl  # noqa: PLC0415 - heavy import only when a workbook arrives

    # openpyxl parses worksheets with defusedxml when it is installed (it is a dependency).
    # The values as last computed, and the formulas: a file saved by a tool that computes
    # nothing has no value for a formula cell, and the formula ("=SUM(C2:C5)") stands in.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if len(workbook.worksheets) > max_pages:
            raise UnreadableFile("too_many_pages", f"{len(workbook.worksheets)} sheets")
        sheets = []
        for worksheet, written in zip(workbook.worksheets, formulas.worksheets, strict=True):
            rows = []
            kept: dict[tuple[int, int], str] = {}
            cells = zip(_values(worksheet), _values(written), strict=False)
            for at, (row, formula_row) in enumerate(cells):
                if keep_empty:
                    kept.update(
                        ((at, column), f)
                        for column, f in enumerate(formula_row)
                        if isinstance(f, str) and _is_formula(f)
                    )
                values = [
                    _cell(formula if value is None and _is_formula(formula) else value)
                    for value, formula in itertools.zip_longest(row, formula_row)
                ]
                while values and values[-1] is None:
                    values.pop()
                if values or keep_empty:
                    rows.append(tuple(values))
            sheets.append(Sheet(normalize(worksheet.title).strip(), tuple(rows), kept))
        return tuple(sheets)
    finally:
        workbook.close()
        formulas.close()


def _docx_tables(data: bytes, _max_pages: int) -> tuple[Sheet, ...]:
    """Each table of a DOCX as a sheet ("bảng 1", ...); a merged cell repeats its text."""
    import docx  # noqa: PLC0415 - heavy import only when a DOCX arrives

    document = docx.Document(io.BytesIO(data))
    return tuple(
        Sheet(f"bảng {number}", tuple(_table_row(c.text for c in row.cells) for row in table.rows))
        for number, table in enumerate(document.tables, start=1)
    )


def _pdf_tables(data: bytes, max_pages: int) -> tuple[Sheet, ...]:
    """Each ruled table on a PDF's text layer as a sheet ("trang 2, bảng 1", ...)."""
    import pdfplumber  # noqa: PLC0415 - heavy import only when a PDF report arrives

    sheets = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[:max_pages]:
            for number, table in enumerate(page.extract_tables(), start=1):
                rows = tuple(_table_row(row) for row in table[:MAX_SHEET_ROWS])
                sheets.append(Sheet(f"trang {page.page_number}, bảng {number}", rows))
    return tuple(sheets)


def _table_row(cells: Iterable[str | None]) -> tuple[Cell, ...]:
    values = [_cell(" ".join(c.split()) if c else None) for c in list(cells)[:MAX_SHEET_COLUMNS]]
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


_TABLE_READERS: dict[str, Callable[[bytes, int], tuple[Sheet, ...]]] = {
    "docx": _docx_tables,
    "pdf": _pdf_tables,
}


def _values(worksheet: Any) -> Iterator[tuple[object, ...]]:
    """A worksheet's rows of values, within the size limits."""
    return worksheet.iter_rows(  # type: ignore[no-any-return]
        max_row=MAX_SHEET_ROWS, max_col=MAX_SHEET_COLUMNS, values_only=True
    )


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _cell(value: object) -> Cell:
    """A cell value as one of the plain types; times and durations become text."""
    if isinstance(value, str):
        return normalize(value).strip() or None
    if value is None or isinstance(value, bool | int | float | dt.date):
        return value
    return str(value)


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


_READERS: dict[str, Callable[[bytes, int], list[Page]]] = {
    "pdf": _read_pdf,
    "docx": _read_docx,
    "txt": _read_text,
    "md": _read_text,
    "html": _read_html,
}
