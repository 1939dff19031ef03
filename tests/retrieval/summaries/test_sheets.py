"""Spreadsheets summarized: size, columns, totals (the sheet's own or computed), notable rows."""

from __future__ import annotations

import pytest

from retrieval.documents.readers import read_bytes
from retrieval.summaries.files import summarize_file
from retrieval.summaries.sheets import parse_number, summarize_sheets
from tests.documents import workbook_bytes

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
    read = read_bytes(workbook_bytes(("Kinh phí", BUDGET_ROWS), ("Trống", [])), "xlsx")
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
    [summary] = summarize_sheets(read_bytes(workbook_bytes(("KP", rows)), "xlsx").sheets)
    assert summary.mismatched == ["Số hồ sơ"]
    assert ("Số hồ sơ", 250.0) in summary.totals


def test_large_sheet_without_totals_or_header() -> None:
    """500 rows of numbers: totals computed, columns named by letter, two notable rows."""
    rows: list[list[object]] = [[f"Hồ sơ {i}", i * 10, 7] for i in range(1, 501)]
    [summary] = summarize_sheets(read_bytes(workbook_bytes(("Data", rows)), "xlsx").sheets)
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


def test_a_total_row_of_formulas_without_saved_values_is_computed_or_named() -> None:
    """A workbook written by a tool that keeps no cached values: "=SUM(C4:C6)" over the column
    is computed; a formula that is not a plain sum is reported as not checked."""
    rows: list[list[object]] = [
        *BUDGET_ROWS[:-1],
        ["Tổng cộng", None, "=SUM(C4:C6)", 1, "=E4+E5+E6*1.1"],
    ]
    [summary] = summarize_sheets(read_bytes(workbook_bytes(("Kinh phí", rows)), "xlsx").sheets)
    assert summary.totals == [("Số hồ sơ", 245.0), ("Kinh phí (đồng)", 4650000.0)]
    assert summary.unchecked == ["Kinh phí (đồng)"]
    assert summary.mismatched == [] and not summary.totals_from_sheet


def test_a_workbook_without_an_official_header_names_no_issuer() -> None:
    rows: list[list[object]] = [["STT", "A", "B"], [1, "Hồ sơ nhận", 120], [2, "Hồ sơ trễ", 7]]
    found = summarize_file(read_bytes(workbook_bytes(("Sheet1", rows)), "xlsx"), "so-lieu.xlsx")
    assert found.header.issuer is None and not found.header.is_official
