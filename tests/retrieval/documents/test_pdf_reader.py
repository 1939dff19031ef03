"""Reading PDF bytes: the text of each page, and every way a PDF can fail (corrupt,
encrypted, scanned, too many pages)."""

from __future__ import annotations

import io
import unicodedata

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from retrieval.documents.readers import Page, ReadFile, read_bytes
from tests.documents import FONT
from tests.retrieval.documents.read_errors import error_code
from tests.security.bad_files import encrypted_pdf, raw_pdf, scanned_pdf

PAGE_ONE = "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về công tác văn thư."
PAGE_TWO = "Điều 2. Đối tượng áp dụng của Ủy ban nhân dân"


def vietnamese_pdf(*pages: str) -> bytes:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def blank_pdf(pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    if password is not None:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_real_pdf_with_vietnamese_text_on_two_pages() -> None:
    result = read_bytes(vietnamese_pdf(PAGE_ONE, PAGE_TWO), "pdf")
    assert isinstance(result, ReadFile)
    assert result.file_type == "pdf"
    assert [page.number for page in result.pages] == [1, 2]
    assert [page.text for page in result.pages] == [PAGE_ONE, PAGE_TWO]
    assert all(unicodedata.is_normalized("NFC", page.text) for page in result.pages)
    assert result.text == f"{PAGE_ONE}\n\n{PAGE_TWO}"


@pytest.mark.parametrize("data", [b"%PDF-1.4 garbage garbage", b"not a pdf at all"])
def test_corrupt_pdf(data: bytes) -> None:
    assert error_code(data, "pdf") == "corrupt"


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf(algorithm: str) -> None:
    locked = encrypted_pdf(vietnamese_pdf(PAGE_ONE), "mat-khau", "chu", algorithm)
    assert error_code(locked, "pdf") == "encrypted"
    opened = encrypted_pdf(vietnamese_pdf(PAGE_ONE), "", "chu", algorithm)
    assert read_bytes(opened, "pdf").text == PAGE_ONE


def test_pdf_with_only_an_owner_password_is_read() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(vietnamese_pdf(PAGE_ONE))))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert read_bytes(buffer.getvalue(), "pdf").pages == [Page(1, PAGE_ONE)]


def test_scanned_pdf_without_a_text_layer() -> None:
    scan = scanned_pdf(pages=2)
    assert len(PdfReader(io.BytesIO(scan)).pages[0].images) == 1, "a real page image"
    assert error_code(scan, "pdf") == "no_text_layer"


def test_pdf_page_without_text_has_no_text_layer() -> None:
    assert error_code(blank_pdf(), "pdf") == "no_text_layer"


def test_pdf_declaring_more_pages_than_the_limit() -> None:
    assert error_code(raw_pdf(count=100_000), "pdf") == "too_many_pages"
    assert error_code(raw_pdf(count=1), "pdf") == "no_text_layer"


def test_pdf_over_the_page_limit() -> None:
    assert error_code(blank_pdf(pages=3), "pdf", max_pages=2) == "too_many_pages"
