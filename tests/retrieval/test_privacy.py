"""Personal data masking: Vietnamese ID numbers, phone numbers and e-mail addresses."""

from __future__ import annotations

import logging

import pytest

from retrieval.answers.generated import build_messages
from retrieval.privacy import MaskingFilter, mask_personal_data

MASKED = [
    ("CCCD số 001203004567 cấp ngày 01/01/2021", "CCCD số [số định danh] cấp ngày 01/01/2021"),
    ("CMND 123456789 của ông A", "CMND [số định danh] của ông A"),
    ("Gọi 0912345678 nhé", "Gọi [số điện thoại] nhé"),
    ("SĐT: 0912 345 678.", "SĐT: [số điện thoại]."),
    ("số 0912.345.678 hoặc 091-234-5678", "số [số điện thoại] hoặc [số điện thoại]"),
    ("+84 912 345 678 (Zalo)", "[số điện thoại] (Zalo)"),
    ("84912345678", "[số điện thoại]"),
    ("máy bàn 024 3825 1234", "máy bàn [số điện thoại]"),
    ("(028) 3829 5555", "[số điện thoại]"),
    ("gửi về vanthu.ubnd@hanoi.gov.vn trước 17h", "gửi về [email] trước 17h"),
    ("Nguyen.Van-A+hs@gmail.com", "[email]"),
]
KEPT = [
    "Nghị định 30/2020/NĐ-CP ngày 05/03/2020",
    "Lệ phí 500.000 đồng; phạt từ 1.000.000 đến 3.000.000 đồng",
    "Điều 12 khoản 3 điểm a",
    "Hạn nộp 15.12.2026, mã hồ sơ H01.23-456",
    "năm 2026 có 365 ngày",
    "Số: 125/QĐ-UBND",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_masks(text: str, expected: str) -> None:
    """Each personal datum becomes a placeholder; the rest of the sentence stays."""
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_keeps_legal_numbers(text: str) -> None:
    """Document numbers, dates, amounts and article numbers are not personal data."""
    assert mask_personal_data(text) == text


def test_log_records_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    """The filter masks a record's rendered message, arguments included."""
    logger = logging.getLogger("vanthu.test.privacy")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="vanthu.test.privacy"):
        logger.info("question from %s: %s", "a@b.vn", "CCCD 001203004567")
    assert caplog.messages == ["question from [email]: CCCD [số định danh]"]


def test_llm_messages_are_masked() -> None:
    """What would go to an LLM endpoint carries no phone number or ID."""
    messages = build_messages("Tôi là 0912345678, CCCD 001203004567, hỏi về tạm trú", [], "vi")
    human = messages[-1][1]
    assert "0912345678" not in human and "001203004567" not in human
    assert "[số điện thoại]" in human and "[số định danh]" in human
