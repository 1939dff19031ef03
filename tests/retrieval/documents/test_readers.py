"""Reading a file: its type from its name and from its content, its size, and what every
reader does with an empty file."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.documents.readers import file_type_of, read_bytes, read_path
from retrieval.errors import UnreadableFile
from tests.retrieval.documents.read_errors import error_code
from tests.security.bad_files import valid_docx, valid_pdf, valid_xlsx


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


@pytest.mark.parametrize("name", ["bang-luong.xls", "van-ban.doc", "anh.gif", "README"])
def test_unsupported_file_type(name: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        file_type_of(Path(name))
    assert caught.value.code == "unsupported"


@pytest.mark.parametrize("file_type", ["txt", "md", "html", "pdf", "docx", "xlsx"])
@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_file(data: bytes, file_type: str) -> None:
    assert error_code(data, file_type) == "empty"


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
