"""The corpus: the kinds of every family, the same bytes for the same seed, written to disk."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from tests.documents import DECREE_LINES
from tests.security.bad_files.common import FORMATS, BadFile, _bad, _Valid
from tests.security.bad_files.office_zips import (
    S_NS,
    _xml_entities,
    _zips,
    ole_file,
    replace_part,
    set_encrypted_flag,
    valid_docx,
    valid_xlsx,
)
from tests.security.bad_files.pdfs import _pdf_structure, encrypted_pdf, valid_pdf
from tests.security.bad_files.text_html import _nul_text, valid_html, valid_text


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
