"""Extractive summaries and sheet summaries over real files (samples, PDF, XLSX)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from retrieval.documents.readers import Page, read_bytes, read_path
from retrieval.documents.structure import find_title, parse_document
from retrieval.summaries.extractive import LONG_CHARS, split_sentences, summarize
from retrieval.summaries.sheets import parse_number, summarize_sheets
from retrieval.text import fold
from tests.conftest import SAMPLES
from tests.documents import write_pdf


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Ông A sống tại TP. Hồ Chí Minh. Ông làm việc ở Q. 1 từ năm 2020.",
            ["Ông A sống tại TP. Hồ Chí Minh.", "Ông làm việc ở Q. 1 từ năm 2020."],
            id="place-abbreviations",
        ),
        pytest.param(
            "Báo cáo của TS. Lê Văn B và ThS. Trần C. Phó Chủ tịch ký thay (KT. Chủ tịch).",
            ["Báo cáo của TS. Lê Văn B và ThS. Trần C. Phó Chủ tịch ký thay (KT. Chủ tịch)."],
            id="titles-and-initials",
        ),
        pytest.param(
            "Văn bản do PGS.TS. Nguyễn Văn A ký. Văn bản có hiệu lực.",
            ["Văn bản do PGS.TS. Nguyễn Văn A ký.", "Văn bản có hiệu lực."],
            id="compound-degree",
        ),
        pytest.param(
            "Lệ phí là 1.250.000 đồng. Hạn nộp là 15/12/2026. Có nộp trực tuyến không?",
            ["Lệ phí là 1.250.000 đồng.", "Hạn nộp là 15/12/2026.", "Có nộp trực tuyến không?"],
            id="numbers-and-dates",
        ),
        pytest.param(
            "Điều 5. Phạm vi điều chỉnh\n1. Nghị định này quy định thủ tục.\n"
            "2. Các trường hợp:\na) Công dân Việt Nam;\nb) Người nước ngoài.",
            [
                "Điều 5. Phạm vi điều chỉnh",
                "1. Nghị định này quy định thủ tục.",
                "2. Các trường hợp:",
                "a) Công dân Việt Nam;",
                "b) Người nước ngoài.",
            ],
            id="articles-and-list-items",
        ),
        pytest.param(
            'Ông nói: "Không bao che ai cả." Sau đó ông chờ... rồi đi... Mọi người im lặng.',
            [
                'Ông nói: "Không bao che ai cả."',
                "Sau đó ông chờ... rồi đi...",
                "Mọi người im lặng.",
            ],
            id="quotes-and-ellipsis",
        ),
        pytest.param(
            "“Dân chủ muôn năm”… Bên cạnh đó, “cuộc biểu tình phi bạo lực” - CNRP tuyên bố.",
            ["“Dân chủ muôn năm”…", "Bên cạnh đó, “cuộc biểu tình phi bạo lực” - CNRP tuyên bố."],
            id="curly-quotes",
        ),
        pytest.param(
            "Hồ sơ nộp tại Bộ phận một cửa của Ủy ban nhân dân\nxã Tân Hiệp. Lệ phí 15.000 đồng.",
            [
                "Hồ sơ nộp tại Bộ phận một cửa của Ủy ban nhân dân xã Tân Hiệp.",
                "Lệ phí 15.000 đồng.",
            ],
            id="line-wrapped-by-a-pdf",
        ),
        pytest.param(
            "The fee is 15,000 VND per application. Applications may be made online.",
            ["The fee is 15,000 VND per application.", "Applications may be made online."],
            id="english",
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    """Sentence ends are found; abbreviations, numbers, headings and list items stay whole."""
    assert split_sentences(text) == expected


def _sample(name: str) -> tuple[str, str]:
    text = read_path(SAMPLES / name).text
    return text, find_title(text.splitlines(), name)


def _in_document(point: str, text: str) -> int:
    """Where a point (list marker dropped, perhaps cut with an ellipsis) starts in the text."""
    return text.find(point.removesuffix("…"))


@pytest.mark.parametrize(
    "name",
    [
        "huong-dan-dang-ky-tam-tru.txt",
        "chung-thuc-ban-sao.html",
        "data-protection-policy.md",
        "qd-125-cap-giay-phep-xay-dung.txt",
    ],
)
def test_summary_fits_a_chat_message_in_document_order(name: str) -> None:
    """A gist and 3-7 points, all sentences of the file, in order, within the budget."""
    text, title = _sample(name)
    summary = summarize(text, title=title, budget_chars=900)
    assert summary.gist
    assert 3 <= len(summary.points) <= 7
    assert summary.chars <= 900
    places = [_in_document(point, text) for point in [summary.gist, *summary.points]]
    assert all(place >= 0 for place in places), summary
    assert places[1:] == sorted(places[1:])
    assert summary.gist not in summary.points
    # Titles and letterheads are shown elsewhere; they are not key sentences.
    assert all(point.upper() != point for point in summary.points)
    assert fold(title).lower() != fold(summary.gist).lower()


def test_summary_keeps_the_topic_and_drops_repeats() -> None:
    """The central sentence leads; a sentence said twice is kept once."""
    repeated = "Lệ phí đăng ký tạm trú khi nộp hồ sơ trực tuyến là 7.000 đồng mỗi lần đăng ký."
    text = "\n".join(
        [
            "Ủy ban nhân dân xã Tân Hiệp hướng dẫn thủ tục đăng ký tạm trú cho công dân.",
            repeated,
            "Hồ sơ đăng ký tạm trú gồm tờ khai thay đổi thông tin cư trú và giấy tờ về chỗ ở.",
            repeated,
            "Thời hạn giải quyết hồ sơ đăng ký tạm trú là 03 ngày làm việc kể từ khi nhận đủ.",
            "Trời hôm nay nắng đẹp, nhiều người đi dạo quanh hồ vào buổi chiều muộn.",
        ]
    )
    summary = summarize(text, max_points=3, min_points=2)
    everything = [summary.gist, *summary.points]
    assert everything.count(repeated) <= 1
    assert "tạm trú" in summary.gist
    assert not any("Trời hôm nay" in point for point in everything)


def test_small_budget_cuts_long_sentences() -> None:
    """With 300 characters, long sentences end in an ellipsis and the total still fits."""
    text, title = _sample("qd-12-2025-tiep-cong-dan.md")
    summary = summarize(text, title=title, budget_chars=300, min_points=3)
    assert summary.chars <= 300
    assert len(summary.points) >= 3
    assert all(len(point) <= 300 // 4 for point in [summary.gist, *summary.points])
    assert any(point.endswith("…") for point in summary.points)


def test_long_document_is_summarized_section_by_section(tmp_path: Path) -> None:
    """Three documents in one PDF: points come from each of them, not only the first."""
    names = ["huong-dan-dang-ky-tam-tru.txt", "qd-125-cap-giay-phep-xay-dung.txt"]
    names.append("quy-che-cong-tac-van-thu.md")
    texts = [_sample(name)[0] for name in names]
    pages = [[line for line in text.splitlines() if line.strip()] for text in texts]
    whole = read_path(write_pdf(tmp_path / "ba-van-ban.pdf", pages)).text
    assert len(whole) > LONG_CHARS
    summary = summarize(whole, budget_chars=1200, max_points=7)
    sources = {
        i
        for point in [summary.gist, *summary.points]
        for i, text in enumerate(texts)
        if _in_document(point[:40], " ".join(text.split())) >= 0
    }
    assert sources == {0, 1, 2}


def test_sections_from_the_structure_parser() -> None:
    """Articles given as sections: every point still comes from the document."""
    text, title = _sample("nd-45-2024-dang-ky-khai-sinh.md")

    parsed = parse_document([Page(None, text)], title)
    sections = [(chunk.heading, chunk.text) for chunk in parsed.chunks]
    summary = summarize(text, sections=sections, title=title)
    assert 3 <= len(summary.points) <= 7
    assert all(_in_document(point, text) >= 0 for point in summary.points)


@pytest.mark.parametrize("text", ["", "   \n", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập"])
def test_nothing_to_summarize(text: str) -> None:
    """Empty text or only headings: an empty summary, not an error."""
    summary = summarize(text)
    assert summary.gist == "" and summary.points == []


# --- spreadsheets ------------------------------------------------------------------------------


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BUDGET_ROWS: list[list[object]] = [
    ["BÁO CÁO KINH PHÍ CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
    [],
    ["STT", "Đơn vị", "Số hồ sơ", "Tỷ lệ %", "Kinh phí (đồng)"],
    [1, "Phường An Khánh", 120, 0.49, "1.250.000"],
    [2, "Xã Tân Hiệp", 80, 0.33, 2500000],
    [3, "Xã Bình Minh", 45, 0.18, 900000],
    ["Tổng cộng", None, 245, 1, 4650000],
]


def test_sheet_with_a_total_row() -> None:
    """Size, columns, the sheet's own totals, and the largest and smallest rows."""
    read = read_bytes(_workbook({"Kinh phí": BUDGET_ROWS, "Trống": []}), "xlsx")
    [summary] = summarize_sheets(read.sheets)
    assert (summary.name, summary.rows, summary.columns) == ("Kinh phí", 3, 5)
    assert summary.header == ["STT", "Đơn vị", "Số hồ sơ", "Tỷ lệ %", "Kinh phí (đồng)"]
    # Row numbers and percentages are not summed; the totals are the sheet's own.
    assert summary.totals == [("Số hồ sơ", 245.0), ("Kinh phí (đồng)", 4650000.0)]
    assert summary.totals_from_sheet and summary.mismatched == []
    assert summary.main_column == "Kinh phí (đồng)"
    assert [(n.kind, n.label, n.value) for n in summary.notable] == [
        ("max", "Xã Tân Hiệp", 2500000.0),
        ("min", "Xã Bình Minh", 900000.0),
    ]


def test_sheet_total_row_that_does_not_add_up() -> None:
    """A 'Tổng' row that differs from the sum of the rows is reported."""
    rows: list[list[object]] = [*BUDGET_ROWS[:-1], ["Tổng cộng", None, 250, 1, 4650000]]
    [summary] = summarize_sheets(read_bytes(_workbook({"KP": rows}), "xlsx").sheets)
    assert summary.mismatched == ["Số hồ sơ"]
    assert ("Số hồ sơ", 250.0) in summary.totals


def test_large_sheet_without_totals_or_header() -> None:
    """500 rows of numbers: totals computed, columns named by letter, two notable rows."""
    rows: list[list[object]] = [[f"Hồ sơ {i}", i * 10, 7] for i in range(1, 501)]
    [summary] = summarize_sheets(read_bytes(_workbook({"Data": rows}), "xlsx").sheets)
    assert (summary.rows, summary.columns) == (500, 3)
    assert summary.header == ["A", "B", "C"]
    assert summary.totals == [("B", 1252500.0), ("C", 3500.0)]
    assert not summary.totals_from_sheet
    assert summary.main_column == "B"
    assert [(n.kind, n.label) for n in summary.notable] == [
        ("max", "Hồ sơ 500"),
        ("min", "Hồ sơ 1"),
    ]


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        (1250000, 1250000.0),
        ("1.250.000", 1250000.0),
        ("1,250,000.5", 1250000.5),
        ("1.250.000,5", 1250000.5),
        ("12,5", 12.5),
        ("0.75", 0.75),
        ("-3", -3.0),
        ("15/12/2026", None),
        ("Tổng", None),
        (True, None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_parse_number(cell: str | int | float | bool | None, number: float | None) -> None:
    """Vietnamese and English digit grouping; text, booleans and dates are not numbers."""
    assert parse_number(cell) == number
