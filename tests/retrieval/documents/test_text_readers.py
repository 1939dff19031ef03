"""Reading TXT, Markdown and HTML bytes: encodings, markup, binary data and entities."""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from retrieval.documents.readers import Page, read_bytes
from tests.retrieval.documents.read_errors import error_code
from tests.security.bad_files import billion_laughs, external_entity, quadratic_blowup

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps the tone marks as combining characters after the base letter."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


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


NOTICE = (
    "Ủy ban nhân dân xã Tân Hiệp đề nghị các phòng gửi báo cáo về Văn phòng trước ngày "
    "15/12/2026.\nThủ tục đăng ký tạm trú cần giấy tờ gì?"
)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("file_type", ["txt", "md", "html"])
def test_text_with_a_byte_order_mark_is_read_in_its_encoding(codec: str, file_type: str) -> None:
    """What Windows Notepad saves as "Unicode" (UTF-16 with a byte-order mark) is text."""
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    data = bom + NOTICE.encode(codec)
    assert read_bytes(data, file_type).text.split() == NOTICE.split()


# The same notice typed with the legacy fonts (.VnTime: TCVN3; VNI-Times: VNI), saved as bytes.
TCVN3 = (
    "Uû ban nh©n d©n x· T©n HiÖp ®Ò nghÞ c¸c phßng göi b¸o c¸o vÒ V¨n phßng tr\u00adíc ngµy "
    "15/12/2026.\nThñ tôc ®¨ng ký t¹m tró cÇn giÊy tê g×?"
)
VNI = (
    "UÛy ban nhaân daân xaõ Taân Hieäp ñeà nghò caùc phoøng göûi baùo caùo veà Vaên phoøng "
    "tröôùc ngaøy 15/12/2026.\nThuû tuïc ñaêng kyù taïm truù caàn giaáy tôø gì?"
)


@pytest.mark.parametrize("legacy", [TCVN3, VNI], ids=["tcvn3", "vni"])
def test_legacy_font_encodings_are_converted_to_unicode(legacy: str) -> None:
    text = read_bytes(legacy.encode("cp1252"), "txt").text
    assert text.replace("Uỷ", "Ủy") == NOTICE


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
