"""Reading DOCX and XLSX bytes: text, tables and typed cells, and what guards their zip
containers and XML (bombs, encryption, legacy formats, DTDs)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from docx.oxml.parser import parse_xml

from retrieval.documents.readers import (
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_ZIP_ENTRIES,
    Page,
    Sheet,
    check_zip,
    read_bytes,
)
from retrieval.errors import UnreadableFile
from tests.documents import workbook_bytes
from tests.retrieval.documents.read_errors import error_code
from tests.security.bad_files import (
    DOCX_ROOTS,
    XLSX_ROOTS,
    billion_laughs,
    external_entity,
    ole_file,
    quadratic_blowup,
    replace_part,
    set_encrypted_flag,
    valid_docx,
    valid_xlsx,
    zip_bytes,
)


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


# --- XLSX ------------------------------------------------------------------------------------


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
    # A formula with no saved value (nothing computed it) is kept as written, not dropped.
    assert notes.rows == (("=1+1", "Không có công thức"),)
    assert result.pages == [
        Page(
            None,
            "Lịch họp\nNgày | Nội dung | Số người | Có mặt | Giờ\n"
            "2026-03-02 | Họp giao ban | 12 | True | 2026-03-02 08:30:00\n"
            " | Tổng kết quý | 7.5 | False",
        ),
        Page(None, ""),
        Page(None, "Ghi chú\n=1+1 | Không có công thức"),
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
