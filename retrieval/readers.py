"""Reading PDF, DOCX, TXT, Markdown and HTML into normalised text, page by page."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from charset_normalizer import from_bytes

from retrieval.errors import UnreadableFile
from retrieval.text import normalize

SUPPORTED = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200


@dataclass(frozen=True)
class Page:
    """Text of one page (number is None for formats without pages)."""

    number: int | None
    text: str


@dataclass(frozen=True)
class ReadFile:
    """A file's detected type and its text, page by page."""

    file_type: str
    pages: list[Page]

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


def read_bytes(data: bytes, file_type: str, *, max_pages: int = 2000) -> ReadFile:
    """Parse bytes of a known type; every failure becomes an UnreadableFile."""
    if not data.strip():
        raise UnreadableFile("empty", "the file is empty")
    try:
        pages = _READERS[file_type](data, max_pages)
    except UnreadableFile:
        raise
    except Exception as exc:  # parsers raise many types on hostile input
        raise UnreadableFile("corrupt", f"{type(exc).__name__}: {exc}"[:300]) from exc
    pages = [Page(p.number, normalize(p.text).strip()) for p in pages]
    if not any(p.text for p in pages):
        code = "no_text_layer" if file_type == "pdf" else "empty"
        raise UnreadableFile(code, "no text could be extracted")
    return ReadFile(file_type, pages)


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


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise UnreadableFile("not_text", "the file is not text in a known encoding") from None
        return str(best)


def _read_text(data: bytes, _max_pages: int) -> list[Page]:
    if b"\x00" in data[:4096]:
        raise UnreadableFile("not_text", "the file holds binary data, not text")
    return [Page(None, _decode(data))]


def _read_html(data: bytes, _max_pages: int) -> list[Page]:
    soup = BeautifulSoup(_decode(data), "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return [Page(None, soup.get_text("\n"))]


def _read_pdf(data: bytes, max_pages: int) -> list[Page]:
    from pypdf import PdfReader  # noqa: PLC0415 - heavy import only when a PDF arrives

    reader = PdfReader(io.BytesIO(data))
    # An owner password alone (printing or copying restricted) still opens with "".
    if reader.is_encrypted and not reader.decrypt(""):
        raise UnreadableFile("encrypted", "the PDF is password-protected")
    if len(reader.pages) > max_pages:
        raise UnreadableFile("too_many_pages", f"{len(reader.pages)} pages, limit {max_pages}")
    return [Page(i, page.extract_text() or "") for i, page in enumerate(reader.pages, start=1)]


def check_zip(data: bytes) -> None:
    """Refuse zip containers that are encrypted, bombs or not zips at all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile("corrupt", "not a valid Office file (bad zip)") from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UnreadableFile("zip_bomb", f"{len(entries)} entries in the archive")
    total = sum(e.file_size for e in entries)
    packed = max(1, sum(e.compress_size for e in entries))
    if total > MAX_ZIP_UNCOMPRESSED or total / packed > MAX_ZIP_RATIO:
        raise UnreadableFile("zip_bomb", "the archive expands too much")
    if any(e.flag_bits & 0x1 for e in entries) or "EncryptedPackage" in archive.namelist():
        raise UnreadableFile("encrypted", "the file is password-protected")


def _read_docx(data: bytes, _max_pages: int) -> list[Page]:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile("encrypted", "password-protected or legacy .doc file")
    check_zip(data)
    import docx  # noqa: PLC0415 - heavy import only when a DOCX arrives

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return [Page(None, "\n".join(lines))]


_READERS = {
    "pdf": _read_pdf,
    "docx": _read_docx,
    "txt": _read_text,
    "md": _read_text,
    "html": _read_html,
}
