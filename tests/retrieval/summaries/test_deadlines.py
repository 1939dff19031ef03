"""Deadlines, working days and money amounts in the text of official documents."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.summaries.deadlines import (
    add_working_days,
    find_amounts,
    find_deadlines,
    vn_working_day,
)

ISSUED = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("sentence", "text", "when"),
    [
        ("Báo cáo trước ngày 15/12/2026.", "trước ngày 15/12/2026", date(2026, 12, 15)),
        (
            "Gửi về Sở chậm nhất ngày 20 tháng 12 năm 2026.",
            "chậm nhất ngày 20 tháng 12 năm 2026",
            date(2026, 12, 20),
        ),
        (
            "Hạn chót nộp hồ sơ là ngày 30/11/2026.",
            "Hạn chót nộp hồ sơ là ngày 30/11/2026",
            date(2026, 11, 30),
        ),
        (
            "Đăng ký trước 17 giờ 00 ngày 10/12/2026.",
            "trước 17 giờ 00 ngày 10/12/2026",
            date(2026, 12, 10),
        ),
        ("Gửi danh sách trước ngày 05/01.", "trước ngày 05/01", date(2027, 1, 5)),  # next year
        ("Hoàn thành trong tháng 12/2026.", "Hoàn thành trong tháng 12/2026", date(2026, 12, 31)),
        ("Hoàn thành trong quý IV/2026.", "Hoàn thành trong quý IV/2026", date(2026, 12, 31)),
        (
            "Nộp trong vòng 10 ngày kể từ ngày ký.",
            "trong vòng 10 ngày kể từ ngày ký",
            date(2026, 11, 30),
        ),
        (
            "Trả lời trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản.",
            "trong thời hạn 05 ngày làm việc kể từ ngày nhận được",
            None,
        ),
        (
            "Thực hiện trong thời hạn 02 tháng kể từ ngày ban hành.",
            "trong thời hạn 02 tháng kể từ ngày ban hành",
            date(2027, 1, 20),
        ),
    ],
)
def test_deadline_forms(sentence: str, text: str, when: date | None) -> None:
    found = find_deadlines(f"Nội dung chung. {sentence} Trân trọng.", ISSUED)
    assert [(d.text, d.date, d.context) for d in found] == [(text, when, sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Căn cứ Luật Đầu tư công ngày 29 tháng 11 năm 2024;",
        "Thời gian: 08 giờ 00, ngày 09/12/2026 (thứ Tư).",
        "Cơ quan nghỉ Tết từ ngày 04/02/2027 đến hết ngày 10/02/2027.",
        "Báo cáo trước 15 giờ hằng ngày.",
        # A quarter or month over before the document was issued reports what happened.
        "Trong quý III năm 2026, các bộ, ngành đã công bố 1.200 thủ tục hành chính.",
        "Trong tháng 10/2026, Sở đã tiếp nhận 410 hồ sơ.",
    ],
)
def test_not_deadlines(sentence: str) -> None:
    assert find_deadlines(sentence, ISSUED) == []


def test_working_days_skip_tet_and_weekends() -> None:
    # Friday 29/01/2027: Mon 1, Tue 2, Wed 3 Feb, then Tết 4-10 Feb, then Thu 11, Fri 12 Feb.
    text = "Bổ sung hồ sơ trong thời hạn 05 ngày làm việc kể từ ngày ký Thông báo này."
    [deadline] = find_deadlines(text, date(2027, 1, 29))
    assert deadline.date == date(2027, 2, 12)
    # Wednesday 30/12/2026: Thu 31 Dec, New Year's Day off, a weekend, then Mon 4 and Tue 5 Jan.
    assert add_working_days(date(2026, 12, 30), 3, vn_working_day) == date(2027, 1, 5)
    assert not vn_working_day(date(2027, 2, 8)) and vn_working_day(date(2027, 2, 11))


def test_a_custom_calendar_is_used() -> None:
    text = "Trả lời trong thời hạn 03 ngày làm việc kể từ ngày ký."
    every_day = find_deadlines(text, date(2026, 11, 20), is_working_day=lambda _: True)
    office = find_deadlines(text, date(2026, 11, 20))
    assert every_day[0].date == date(2026, 11, 23)
    # Mon 23, then Tue 24 is Vietnam Culture Day (a day off from 2026), Wed 25, Thu 26.
    assert office[0].date == date(2026, 11, 26)


def test_relative_deadline_without_issue_date_keeps_the_text() -> None:
    [deadline] = find_deadlines("Nộp trong vòng 10 ngày kể từ ngày ký.", None)
    assert (deadline.text, deadline.date) == ("trong vòng 10 ngày kể từ ngày ký", None)


def test_deadline_wrapped_over_lines() -> None:
    text = "các đơn vị gửi báo cáo chậm nhất\nngày 30 tháng 10\nnăm 2026 để tổng hợp."
    [deadline] = find_deadlines(text, None)
    assert (deadline.text, deadline.date) == (
        "chậm nhất ngày 30 tháng 10 năm 2026",
        date(2026, 10, 30),
    )


# --- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("Tổng kinh phí 1.250.000.000 đồng.", ["1.250.000.000 đồng"]),
        ("Hỗ trợ 15 triệu đồng và 2,5 tỷ đồng.", ["15 triệu đồng", "2,5 tỷ đồng"]),
        ("Doanh thu khoảng 42 nghìn tỷ đồng.", ["42 nghìn tỷ đồng"]),
        ("Đã chi 1 tỷ 250 triệu đồng.", ["1 tỷ 250 triệu đồng"]),
        ("Mức thu 480.000đ/tín chỉ; 50 USD.", ["480.000đ", "50 USD"]),
        ("Có 612.350 lao động, tăng 3,1% trong 15 ngày.", []),
        ("Số: 125/QĐ-UBND ngày 05/3/2026.", []),
    ],
)
def test_amounts(text: str, amounts: list[str]) -> None:
    assert find_amounts(text) == amounts


def test_a_bare_period_in_a_table_cell_is_a_deadline() -> None:
    text = (
        "STT | Nhiệm vụ | Đơn vị chủ trì | Thời hạn\n"
        "1 | Số hóa hồ sơ lưu trữ | Văn phòng | Quý I/2027\n"
        "2 | Rà soát thủ tục hành chính | Phòng Tư pháp | Tháng 12/2026\n"
    )
    found = find_deadlines(text, ISSUED)
    assert [(d.text, d.date) for d in found] == [
        ("Quý I/2027", date(2027, 3, 31)),
        ("Tháng 12/2026", date(2026, 12, 31)),
    ]
    assert found[0].task == "Số hóa hồ sơ lưu trữ — Văn phòng"


def test_a_deadline_keeps_to_its_own_item_and_says_what_is_due_and_by_whom() -> None:
    text = (
        "1. Các phòng gửi báo cáo về Văn phòng trước ngày 15/12/2026.\n"
        "2. Văn phòng tổng hợp, trình Chủ tịch trong vòng 05 ngày làm việc kể từ ngày ký."
    )
    found = find_deadlines(text, ISSUED)
    assert [d.context for d in found] == [
        "Các phòng gửi báo cáo về Văn phòng trước ngày 15/12/2026.",
        "Văn phòng tổng hợp, trình Chủ tịch trong vòng 05 ngày làm việc kể từ ngày ký.",
    ]
    assert [d.task for d in found] == [
        "Các phòng gửi báo cáo về Văn phòng",
        "Văn phòng tổng hợp, trình Chủ tịch",
    ]


def test_a_sentence_written_twice_states_its_deadline_once() -> None:
    sentence = "Các phòng gửi báo cáo về Văn phòng trước ngày 15/12/2026."
    found = find_deadlines(f"{sentence}\nNội dung khác.\n{sentence}", ISSUED)
    assert [(d.text, d.date) for d in found] == [("trước ngày 15/12/2026", date(2026, 12, 15))]
