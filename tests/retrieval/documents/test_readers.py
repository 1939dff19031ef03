"""Reading TXT, Markdown, HTML, DOCX and PDF bytes; every failure has a stable code."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import matplotlib
import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from docx.oxml.parser import parse_xml
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from retrieval.documents.readers import (
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_ZIP_ENTRIES,
    Page,
    ReadFile,
    Sheet,
    check_zip,
    file_type_of,
    read_bytes,
    read_path,
)
from retrieval.errors import UnreadableFile
from tests.security.bad_files import (
    DOCX_ROOTS,
    XLSX_ROOTS,
    billion_laughs,
    encrypted_pdf,
    external_entity,
    ole_file,
    quadratic_blowup,
    raw_pdf,
    replace_part,
    scanned_pdf,
    set_encrypted_flag,
    valid_docx,
    valid_pdf,
    valid_xlsx,
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


@pytest.mark.parametrize("file_type", ["txt", "md", "html", "pdf", "docx", "xlsx"])
@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_file(data: bytes, file_type: str) -> None:
    assert error_code(data, file_type) == "empty"


def test_html_without_text_is_empty() -> None:
    assert error_code(b"<html><script>var a = 1;</script></html>", "html") == "empty"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02binary", bytes(range(256)) * 4, b"abc" * 2000 + b"\x00" * 100],
)
def test_binary_data_as_text_is_not_text(data: bytes) -> None:
    assert error_code(data, "txt") == "not_text"
    assert error_code(data, "html") == "not_text"


def test_a_stray_nul_late_in_text_is_dropped() -> None:
    data = "Thông báo. ".encode() * 500 + b"\x00\x1b" + "Hết.".encode()
    text = read_bytes(data, "txt").text
    assert text.endswith("Thông báo. Hết.") and "\x00" not in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("quyet-dinh.pdf", "pdf"),
        ("QUY-CHE.PDF", "pdf"),
        ("bao-cao.docx", "docx"),
        ("bang-luong.XLSX", "xlsx"),
        ("ghi-chu.txt", "txt"),
        ("README.md", "md"),
        ("notes.markdown", "md"),
        ("trang.htm", "html"),
        ("trang.html", "html"),
    ],
)
def test_file_type_of(name: str, expected: str) -> None:
    assert file_type_of(Path(name)) == expected


@pytest.mark.parametrize("name", ["bang-luong.xls", "van-ban.doc", "anh.png", "README"])
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


@pytest.mark.parametrize("file_type", ["docx", "xlsx"])
@pytest.mark.parametrize(
    "data",
    [
        ole_file("EncryptionInfo", "EncryptedPackage"),  # how Office stores a protected file
        zip_bytes({"EncryptedPackage": b"secret bytes", "EncryptionInfo": b"info"}),
        set_encrypted_flag(zip_bytes({"word/document.xml": b"<w/>", "xl/workbook.xml": b"<w/>"})),
    ],
)
def test_encrypted_office_files(data: bytes, file_type: str) -> None:
    assert error_code(data, file_type) == "encrypted"


@pytest.mark.parametrize("file_type", ["docx", "xlsx"])
def test_legacy_office_file_is_told_apart(file_type: str) -> None:
    assert error_code(ole_file("WordDocument", "Workbook"), file_type) == "legacy_office"


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf(algorithm: str) -> None:
    locked = encrypted_pdf(vietnamese_pdf(PAGE_ONE), "mat-khau", "chu", algorithm)
    assert error_code(locked, "pdf") == "encrypted"
    opened = encrypted_pdf(vietnamese_pdf(PAGE_ONE), "", "chu", algorithm)
    assert read_bytes(opened, "pdf").text == PAGE_ONE


def test_scanned_pdf_without_a_text_layer() -> None:
    scan = scanned_pdf(pages=2)
    assert len(PdfReader(io.BytesIO(scan)).pages[0].images) == 1, "a real page image"
    assert error_code(scan, "pdf") == "no_text_layer"


def test_pdf_declaring_more_pages_than_the_limit() -> None:
    assert error_code(raw_pdf(count=100_000), "pdf") == "too_many_pages"
    assert error_code(raw_pdf(count=1), "pdf") == "no_text_layer"


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
        read_path(tmp_path / "khong-ton-tai.xls")
    assert caught.value.code == "unsupported"


def test_read_path_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_path(tmp_path / "khong-ton-tai.txt")
    assert caught.value.code == "missing"


# --- XLSX ------------------------------------------------------------------------------------


def workbook_bytes(*sheets: tuple[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_real_xlsx_with_types_dates_and_gaps() -> None:
    data = workbook_bytes(
        (
            "Lịch họp",
            [
                ["Ngày", "Nội dung", "Số người", "Có mặt", "Giờ"],
                [dt.date(2026, 3, 2), "Họp  giao ban", 12, True, dt.datetime(2026, 3, 2, 8, 30)],
                [],
                [None, "Tổng kết quý", 7.5, False, None, None],
            ],
        ),
        ("Trống", []),
        ("Ghi chú", [["=1+1", "Không có công thức"]]),
    )
    result = read_bytes(data, "xlsx")
    assert result.file_type == "xlsx"
    schedule, empty, notes = result.sheets
    assert schedule == Sheet(
        "Lịch họp",
        (
            ("Ngày", "Nội dung", "Số người", "Có mặt", "Giờ"),
            (dt.datetime(2026, 3, 2), "Họp giao ban", 12, True, dt.datetime(2026, 3, 2, 8, 30)),
            (None, "Tổng kết quý", 7.5, False),
        ),
    )
    assert empty == Sheet("Trống", ())
    assert notes.rows == ((None, "Không có công thức"),), "formulas without a cached value"
    assert result.pages == [
        Page(
            None,
            "Lịch họp\nNgày | Nội dung | Số người | Có mặt | Giờ\n"
            "2026-03-02 | Họp giao ban | 12 | True | 2026-03-02 08:30:00\n"
            " | Tổng kết quý | 7.5 | False",
        ),
        Page(None, ""),
        Page(None, "Ghi chú\n | Không có công thức"),
    ]


def test_xlsx_rows_and_columns_are_capped() -> None:
    wide: list[object] = list(range(MAX_SHEET_COLUMNS + 20))
    data = workbook_bytes(("Lớn", [wide] + [[f"dòng {i}"] for i in range(MAX_SHEET_ROWS + 50)]))
    (sheet,) = read_bytes(data, "xlsx").sheets
    assert len(sheet.rows) == MAX_SHEET_ROWS
    assert sheet.rows[0] == tuple(range(MAX_SHEET_COLUMNS))
    assert sheet.rows[-1] == (f"dòng {MAX_SHEET_ROWS - 2}",)


def test_xlsx_without_values_is_empty() -> None:
    assert (
        error_code(workbook_bytes(("Trống", []), ("Cũng trống", [[None, None]])), "xlsx") == "empty"
    )


def test_xlsx_zip_bomb_and_corrupt() -> None:
    bomb = replace_part(valid_xlsx(), "xl/worksheets/sheet1.xml", b"<a>" + bytes(4 << 20) + b"</a>")
    assert error_code(bomb, "xlsx") == "zip_bomb"
    assert error_code(valid_xlsx()[:-100], "xlsx") == "corrupt"
    assert error_code(zip_bytes({"a.txt": b"xin chao"}), "xlsx") == "corrupt"


# --- XML entities ------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [billion_laughs, external_entity, quadratic_blowup])
@pytest.mark.parametrize(
    ("file_type", "part", "root"),
    [("docx", part, root) for part, root in DOCX_ROOTS.items()]
    + [("xlsx", part, root) for part, root in XLSX_ROOTS.items()],
)
def test_office_xml_with_a_dtd_is_refused(
    build: Callable[[str], bytes], file_type: str, part: str, root: str
) -> None:
    source = valid_docx() if file_type == "docx" else valid_xlsx()
    assert error_code(replace_part(source, part, build(root)), file_type) == "unsafe_xml"


def test_python_docx_parser_neither_expands_nor_fetches_entities(tmp_path: Path) -> None:
    """Behind our DTD check, python-docx's lxml parser has its own guards (verified here)."""
    root = DOCX_ROOTS["word/document.xml"]
    with pytest.raises(SyntaxError, match="amplification"):  # lxml's XMLSyntaxError
        parse_xml(billion_laughs(root))
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")
    element = parse_xml(external_entity(root, secret.as_uri()))
    assert "MAT-KHAU" not in "".join(element.itertext())


def test_openpyxl_parses_worksheets_with_defusedxml() -> None:
    """Behind our DTD check, openpyxl refuses entity declarations in worksheet XML."""
    hostile = replace_part(
        valid_xlsx(), "xl/worksheets/sheet1.xml", billion_laughs(XLSX_ROOTS["xl/workbook.xml"])
    )
    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(ValueError, match="invalid XML") as caught:
        openpyxl.load_workbook(io.BytesIO(hostile), read_only=True)
    assert isinstance(caught.value.__cause__, EntitiesForbidden)


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")  # the <?xml?> prolog
@pytest.mark.parametrize("build", [billion_laughs, quadratic_blowup])
def test_html_entities_are_not_expanded(build: Callable[[str], bytes]) -> None:
    text = read_bytes(build("html") + "<p>Thông báo</p>".encode(), "html").text
    assert "Thông báo" in text
    assert len(text) < 200_000 and "lollol" not in text


def test_html_external_entity_is_not_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")
    page = external_entity("html", secret.as_uri()) + "<p>Thông báo</p>".encode()
    assert "MAT-KHAU" not in read_bytes(page, "html").text


# --- wrong extension -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("real", "named"),
    [
        ("pdf", "docx"),
        ("pdf", "xlsx"),
        ("pdf", "txt"),
        ("pdf", "html"),
        ("docx", "pdf"),
        ("docx", "xlsx"),
        ("docx", "md"),
        ("xlsx", "docx"),
        ("xlsx", "pdf"),
        ("xlsx", "txt"),
    ],
)
def test_content_that_contradicts_the_extension(real: str, named: str) -> None:
    data = {"pdf": valid_pdf, "docx": valid_docx, "xlsx": valid_xlsx}[real]()
    assert error_code(data, named) == "wrong_type"
    assert read_bytes(data, real).text
