"""A document's number and title from its header lines; articles and numbers named in a
question."""

from __future__ import annotations

import pytest

from retrieval.documents.structure import (
    Reference,
    find_number,
    find_references,
    find_title,
    same_number,
)

# --- find_number ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["CHÍNH PHỦ", "Số: 30/2020/NĐ-CP", "Hà Nội, ngày 05 tháng 3 năm 2020"], "30/2020/NĐ-CP"),
        (["ỦY BAN NHÂN DÂN TỈNH", "Số: 125/QĐ-UBND"], "125/QĐ-UBND"),
        (["Số 45/KH-UBND"], "45/KH-UBND"),
        (["Số:30/2020/NĐ-CP"], "30/2020/NĐ-CP"),
        (["**Số: 12/2023/TT-BNV.**"], "12/2023/TT-BNV"),
        (["OFFICE OF THE PEOPLE'S COMMITTEE", "No.: 04/QT-VP"], "04/QT-VP"),
        (["No. 7/2024/QĐ-VP"], "7/2024/QĐ-VP"),
        (["Number: 7/2024/QĐ-VP"], "7/2024/QĐ-VP"),
        # Numbers in running text.
        (["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020;"], "30/2020/NĐ-CP"),
        (["Thực hiện Công văn 125/UBND-VP của Ủy ban"], "125/UBND-VP"),
        # "Số:" wins over an earlier number in running text.
        (["Căn cứ Luật số 80/2015/QH13;", "Số: 2/2024/QĐ-UBND"], "2/2024/QĐ-UBND"),
        # Not numbers.
        (["Số lượng hồ sơ: 5"], None),
        (["Họp ngày 05/3/2020"], None),
        (["ghi chú 12/2023/tt-bnv"], None),
        ([], None),
    ],
)
def test_find_number(lines: list[str], expected: str | None) -> None:
    assert find_number(lines) == expected


def test_find_number_looks_only_at_the_header() -> None:
    assert find_number(["x"] * 40 + ["Số: 9/2024/QĐ-VP"]) is None
    assert find_number(["x"] * 39 + ["Số: 9/2024/QĐ-VP"]) == "9/2024/QĐ-VP"


# --- find_title -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "ỦY BAN NHÂN DÂN",
                "Số: 125/QĐ-UBND",
                "QUYẾT ĐỊNH",
                "Về việc ban hành Quy chế công tác văn thư",
                "Điều 1. Ban hành",
            ],
            "Quyết định Về việc ban hành Quy chế công tác văn thư",
        ),
        (["**NGHỊ ĐỊNH**", "**Về công tác văn thư**"], "Nghị định Về công tác văn thư"),
        (["THÔNG BÁO", "", "Lịch họp giao ban tuần 12"], "Thông báo Lịch họp giao ban tuần 12"),
        (
            ["KẾ HOẠCH", "Tổ chức hội nghị tổng kết năm 2024"],
            "Kế hoạch Tổ chức hội nghị tổng kết năm 2024",
        ),
        # No subject: the document type alone.
        (["QUY CHẾ", "Điều 1. Phạm vi"], "Quy chế"),
        (["QUYẾT ĐỊNH", "Chương I"], "Quyết định"),
        (["QUY CHẾ"], "Quy chế"),
        # Markdown heading wins.
        (["# Quy trình tiếp nhận hồ sơ", "Nội dung"], "Quy trình tiếp nhận hồ sơ"),
        (["NGHỊ ĐỊNH", "Về văn thư", "# Tiêu đề Markdown"], "Tiêu đề Markdown"),
        # No document type: the first heading line (any Markdown level, or a short line that
        # is not a sentence), not the file name.
        (["## Mục con", "Nội dung"], "Mục con"),
        (
            ["", "Quy chế làm việc của tổ một cửa", "1. Tổ một cửa tiếp nhận hồ sơ."],
            ("Quy chế làm việc của tổ một cửa"),
        ),
        (["Kế hoạch", "năm 2024"], "Kế hoạch"),  # not upper case: not a type line
        (["Ghi chú: họp lúc 8 giờ.", "## Lịch họp tuần"], "Lịch họp tuần"),
        (
            [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Số: 12/UBND",
                "V/v tổ chức họp giao ban",
            ],
            "V/v tổ chức họp giao ban",
        ),
        # Fallback: nothing reads as a heading.
        (["QUYẾT ĐỊNH:", "Điều 1."], "fallback.docx"),  # the enacting line of a decision
        (["Các phòng gửi báo cáo về Văn phòng trước ngày 15/12/2026."], "fallback.docx"),
        ([], "fallback.docx"),
    ],
)
def test_find_title(lines: list[str], expected: str) -> None:
    assert find_title(lines, "fallback.docx") == expected


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (
            [
                "PHU LOI WARD PEOPLE'S COMMITTEE",
                "No.: 02/2025/CS-UBND",
                "POLICY",
                "Data Protection",
            ],
            "Policy: Data Protection",
        ),
        (
            ["UBND XÃ TÂN HIỆP", "Số: 03/HD-UBND", "HƯỚNG DẪN", "Thủ tục đăng ký tạm trú"],
            "Hướng dẫn Thủ tục đăng ký tạm trú",
        ),
        (["LONG PHUOC WARD POLICE", "GUIDE", "Article 1. Scope"], "Guide"),
    ],
)
def test_title_of_english_and_vietnamese_headers(lines: list[str], title: str) -> None:
    """English document types join their subject with a colon, Vietnamese ones with a space."""
    assert find_title(lines, "fallback") == title


# --- references in questions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Điều 5 quy định gì?", [Reference("Điều 5")]),
        ("dieu 7 nghi dinh 30/2020/nd-cp", [Reference("Điều 7", "30/2020/nd-cp")]),
        ("ĐIỀU 2 và Điều 2a", [Reference("Điều 2"), Reference("Điều 2a")]),
        ("What does Article 4 say?", [Reference("Article 4")]),
        ("Điều kiện đăng ký tạm trú là gì?", []),
    ],
)
def test_find_references(question: str, expected: list[Reference]) -> None:
    """Articles named in questions, typed with or without diacritics."""
    assert find_references(question) == expected


def test_same_number_ignores_case_and_diacritics() -> None:
    """A number typed in lower case without diacritics still names the document."""
    assert same_number("30/2020/nd-cp", "30/2020/NĐ-CP")
    assert not same_number("30/2020/nd-cp", "31/2020/NĐ-CP")
    assert not same_number("30/2020/nd-cp", None)
