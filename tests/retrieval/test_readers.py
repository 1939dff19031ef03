"""Reading TXT, Markdown, HTML, DOCX and PDF bytes; every failure has a stable code."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import matplotlib
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from retrieval.errors import UnreadableFile
from retrieval.readers import (
    MAX_ZIP_ENTRIES,
    Page,
    ReadFile,
    check_zip,
    file_type_of,
    read_bytes,
    read_path,
)

FONT = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"
PAGE_ONE = "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về công tác văn thư."
PAGE_TWO = "Điều 2. Đối tượng áp dụng của Ủy ban nhân dân"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def error_code(data: bytes, file_type: str, **kwargs: int) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_bytes(data, file_type, **kwargs)
    return caught.value.code


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps the tone marks as combining characters after the base letter."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


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


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- text formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Thủ tục hành chính".encode(), "Thủ tục hành chính"),
        (b"\xef\xbb\xbf" + "Thủ tục hành chính".encode(), "Thủ tục hành chính"),  # BOM dropped
        (unicodedata.normalize("NFD", "Đăng ký kết hôn").encode(), "Đăng ký kết hôn"),  # NFC
        ("  Hồ\u00a0sơ   gồm\n\ttờ khai  \n".encode(), "Hồ sơ gồm\n tờ khai"),
    ],
)
def test_read_utf8_text(data: bytes, expected: str) -> None:
    result = read_bytes(data, "txt")
    assert result.file_type == "txt"
    assert result.pages == [Page(None, expected)]
    assert result.text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thủ tục hành chính công dân đăng ký kết hôn tại Ủy ban nhân dân xã. "
        "Hồ sơ gồm tờ khai và giấy xác nhận tình trạng hôn nhân.",
        "Công văn số 12 về việc tổ chức họp giao ban hằng tuần của văn phòng ủy ban nhân dân tỉnh",
    ],
)
def test_read_windows_1258_text_falls_back_to_detection(text: str) -> None:
    data = to_cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_bytes(data, "txt").text == text


def test_read_markdown_keeps_markup() -> None:
    result = read_bytes("# Quy trình\n\nNộp hồ sơ  **trực tiếp**.".encode(), "md")
    assert result.file_type == "md"
    assert result.text == "# Quy trình\n\nNộp hồ sơ **trực tiếp**."


def test_read_html_drops_script_style_and_keeps_text() -> None:
    html = (
        "<html><head><title>Thông báo</title><style>body{color:red}</style>"
        "<script>alert('xin chào')</script></head><body><h1>Lịch họp</h1>"
        "<p>Họp giao ban lúc 8&nbsp;giờ</p><noscript>Bật JavaScript</noscript>"
        "<template><p>mẫu ẩn</p></template></body></html>"
    )
    text = read_bytes(html.encode(), "html").text
    assert "Lịch họp" in text
    assert "Họp giao ban lúc 8 giờ" in text  # &nbsp; decoded and normalised
    assert "color" not in text
    assert "alert" not in text
    assert "xin chào" not in text
    assert "JavaScript" not in text
    assert "mẫu ẩn" not in text


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("file_type", ["txt", "md", "html", "pdf", "docx"])
@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_file(data: bytes, file_type: str) -> None:
    assert error_code(data, file_type) == "empty"


def test_html_without_text_is_empty() -> None:
    assert error_code(b"<html><script>var a = 1;</script></html>", "html") == "empty"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02binary", bytes(range(256)) * 4, b"PK\x03\x04\x14\x00\x00\x00\x08\x00"],
)
def test_binary_data_as_text_is_not_text(data: bytes) -> None:
    assert error_code(data, "txt") == "not_text"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("quyet-dinh.pdf", "pdf"),
        ("QUY-CHE.PDF", "pdf"),
        ("bao-cao.docx", "docx"),
        ("ghi-chu.txt", "txt"),
        ("README.md", "md"),
        ("notes.markdown", "md"),
        ("trang.htm", "html"),
        ("trang.html", "html"),
    ],
)
def test_file_type_of(name: str, expected: str) -> None:
    assert file_type_of(Path(name)) == expected


@pytest.mark.parametrize("name", ["bang-luong.xlsx", "van-ban.doc", "anh.png", "README"])
def test_unsupported_file_type(name: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        file_type_of(Path(name))
    assert caught.value.code == "unsupported"


@pytest.mark.parametrize("data", [b"%PDF-1.4 garbage garbage", b"not a pdf at all"])
def test_corrupt_pdf(data: bytes) -> None:
    assert error_code(data, "pdf") == "corrupt"


@pytest.mark.parametrize("data", [b"PK\x03\x04garbage", b"just some text"])
def test_corrupt_docx(data: bytes) -> None:
    assert error_code(data, "docx") == "corrupt"


def test_zip_that_is_not_a_word_document_is_corrupt() -> None:
    assert error_code(zip_bytes({"hello.txt": b"xin chao"}), "docx") == "corrupt"


def test_zip_bomb_docx() -> None:
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(2 << 20)})
    assert len(bomb) < 20_000  # 2 MiB of zeros packs to a few kilobytes
    assert error_code(bomb, "docx") == "zip_bomb"


def test_zip_with_too_many_entries_is_a_bomb() -> None:
    many = zip_bytes({f"f{i}.xml": b"<x/>" for i in range(MAX_ZIP_ENTRIES + 1)})
    with pytest.raises(UnreadableFile) as caught:
        check_zip(many)
    assert caught.value.code == "zip_bomb"


def test_ordinary_zip_passes_check() -> None:
    check_zip(zip_bytes({"word/document.xml": "<w:t>Văn bản</w:t>".encode()}))


@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),  # OLE container: encrypted or .doc
        zip_bytes({"EncryptedPackage": b"secret bytes", "EncryptionInfo": b"info"}),
    ],
)
def test_encrypted_docx(data: bytes) -> None:
    assert error_code(data, "docx") == "encrypted"


def test_encrypted_pdf() -> None:
    assert error_code(blank_pdf(password="mat-khau"), "pdf") == "encrypted"


def test_pdf_page_without_text_has_no_text_layer() -> None:
    assert error_code(blank_pdf(), "pdf") == "no_text_layer"


def test_pdf_over_the_page_limit() -> None:
    assert error_code(blank_pdf(pages=3), "pdf", max_pages=2) == "too_many_pages"


def test_pdf_with_only_an_owner_password_is_read() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(vietnamese_pdf(PAGE_ONE))))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert read_bytes(buffer.getvalue(), "pdf").pages == [Page(1, PAGE_ONE)]


# --- real DOCX and PDF -------------------------------------------------------------------------


def test_real_docx_with_vietnamese_text_and_table() -> None:
    document = docx.Document()
    document.add_heading("Quy chế công tác văn thư", level=1)
    document.add_paragraph("Điều 1. Phạm vi điều chỉnh")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Họ tên"
    table.cell(0, 1).text = "Chức vụ"
    table.cell(1, 0).text = "Nguyễn Văn Đức"
    table.cell(1, 1).text = "Văn thư"
    buffer = io.BytesIO()
    document.save(buffer)

    result = read_bytes(buffer.getvalue(), "docx")
    assert result.file_type == "docx"
    assert result.pages == [
        Page(
            None,
            "Quy chế công tác văn thư\nĐiều 1. Phạm vi điều chỉnh\n"
            "Họ tên | Chức vụ\nNguyễn Văn Đức | Văn thư",
        )
    ]


def test_real_pdf_with_vietnamese_text_on_two_pages() -> None:
    result = read_bytes(vietnamese_pdf(PAGE_ONE, PAGE_TWO), "pdf")
    assert isinstance(result, ReadFile)
    assert result.file_type == "pdf"
    assert [page.number for page in result.pages] == [1, 2]
    assert [page.text for page in result.pages] == [PAGE_ONE, PAGE_TWO]
    assert all(unicodedata.is_normalized("NFC", page.text) for page in result.pages)
    assert result.text == f"{PAGE_ONE}\n\n{PAGE_TWO}"


# --- read_path ---------------------------------------------------------------------------------


def test_read_path_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "thong-bao.txt"
    path.write_text("Thông báo lịch họp", encoding="utf-8")
    assert read_path(path).text == "Thông báo lịch họp"


def test_read_path_too_large(tmp_path: Path) -> None:
    path = tmp_path / "lon.txt"
    path.write_text("Văn bản dài hơn giới hạn", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        read_path(path, max_bytes=10)
    assert caught.value.code == "too_large"
    assert read_path(path, max_bytes=1000).text == "Văn bản dài hơn giới hạn"


def test_read_path_unsupported_before_reading(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_path(tmp_path / "khong-ton-tai.xlsx")
    assert caught.value.code == "unsupported"


def test_read_path_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_path(tmp_path / "khong-ton-tai.txt")
    assert caught.value.code == "missing"
