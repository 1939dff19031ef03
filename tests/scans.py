"""Pictures of pages for the OCR tests: a Vietnamese official document drawn with a font that
has Vietnamese glyphs (DejaVu Sans from matplotlib's package data), as PNG, TIFF or an
image-only PDF at 300 dpi; and the marker for tests that need Tesseract."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.documents import FONT

DPI = 300
A4_PIXELS = (2480, 3508)
NUMBER = "45/2024/QĐ-UBND"
DECISION = [
    "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
    f"Số: {NUMBER}",
    "QUYẾT ĐỊNH",
    "Về việc thành lập tổ công tác cải cách hành chính",
    "Điều 1. Thành lập tổ công tác cải cách hành chính của xã gồm năm thành viên.",
    "Điều 2. Tổ công tác rà soát thủ tục đăng ký khai sinh và chứng thực bản sao.",
    "Điều 3. Tổ công tác báo cáo kết quả trước ngày 30 tháng 6 năm 2024.",
]
SEALS = [
    "Điều 4. Văn thư cơ quan quản lý con dấu trong tủ có khóa chắc chắn.",
    "Điều 5. Quyết định này có hiệu lực kể từ ngày ký.",
]


def _tesseract_missing() -> str | None:
    command = shutil.which("tesseract")
    if command is None:
        return "Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
    listed = subprocess.run([command, "--list-langs"], capture_output=True, check=False)
    if "vie" not in listed.stdout.decode().split():
        return "Tesseract has no Vietnamese model (apt-get install tesseract-ocr-vie)"
    return None


_MISSING = _tesseract_missing()
if _MISSING and os.environ.get("VANTHU_TEST_OCR_REQUIRED") == "1":
    raise RuntimeError(f"VANTHU_TEST_OCR_REQUIRED=1 but {_MISSING}")
# Tests that run the real Tesseract; .ci/run sets VANTHU_TEST_OCR_REQUIRED so they never skip.
needs_tesseract = pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")


def page_image(lines: list[str], *, size: int = 40) -> Image.Image:
    """An A4 page at 300 dpi with these lines in black on white, about 10 points high."""
    page = Image.new("L", A4_PIXELS, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), size)
    y = 250
    for line in lines:
        draw.text((200, y), line, font=font, fill=0)
        y += int(size * 2.2)
    return page


def scanned_pdf(*pages: list[str]) -> bytes:
    """An image-only PDF (no text layer) with one scanned page per list of lines."""
    images = [page_image(lines) for lines in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def picture_bytes(*pages: list[str], kind: str = "PNG") -> bytes:
    """The pages as a PNG or JPEG (one page) or a TIFF (several)."""
    images = [page_image(lines) for lines in pages]
    buffer = io.BytesIO()
    if kind == "TIFF":
        images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:], dpi=(DPI, DPI))
    else:
        images[0].save(buffer, kind, dpi=(DPI, DPI))
    return buffer.getvalue()


def official_page() -> Image.Image:
    """A decision with the two-column official header: issuer and number on the left, the
    national motto, place and date on the right."""
    page = page_image(["", "", "", "", "", *DECISION[2:]])
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 40)
    left = ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", f"Số: {NUMBER}"]
    right = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "An Bình, ngày 12 tháng 3 năm 2024",
    ]
    for row, (issuer, motto) in enumerate(zip(left, right, strict=True)):
        draw.text((200, 250 + row * 90), issuer, font=font, fill=0)
        draw.text((1100, 250 + row * 90), motto, font=font, fill=0)
    return page
