"""Consolidation end to end over real workbooks and Word tables read as the child reads them."""

from __future__ import annotations

import io

import openpyxl
import pytest

from retrieval.reports.analysis import analyse
from retrieval.reports.consolidate import TemplateError, consolidate, tables_of, unit_of
from retrieval.reports.export import previous_values, to_json, write_workbook
from retrieval.reports.model import Consolidation
from tests.retrieval.reports.forms import Form, submission

AN_PHU = {"Hộ tịch": (10, 2, 8, 2), "Chứng thực": (5, 5, 5, 0), "Đất đai": (20, 1, 15, 5)}
BINH_MINH = {"Hộ tịch": (1, 0, 1, 0), "Chứng thực": (2, 2, 2, 0), "Đất đai": (30, 3, 20, 10)}
UNITS = ["UBND xã An Phú", "UBND xã Bình Minh", "UBND xã Cát Lái"]


def _total(result: Consolidation, row: str, column: str) -> float | None:
    template = result.template
    return result.totals.get((template.rows.index(row), template.columns.index(column)))


def _kinds(result: Consolidation, unit: str) -> list[str]:
    return [f.kind for f in result.findings if f.unit == unit]


def test_inputs_are_summed_and_totals_and_rates_recomputed_not_summed() -> None:
    template = submission("mau.xlsx", Form().xlsx())
    units = [
        submission("an_phu.xlsx", Form("UBND XÃ AN PHÚ", AN_PHU).xlsx()),
        submission("binh_minh.xlsx", Form("UBND XÃ BÌNH MINH", BINH_MINH).xlsx()),
    ]
    result = consolidate(template, units, expected_units=UNITS)
    assert [u.unit for u in result.units] == UNITS[:2]
    assert {u.unit_source for u in result.units} == {"header"}
    assert _total(result, "Đất đai", "Số hồ sơ nhận / Tổng số") == 50
    assert _total(result, "Tổng cộng", "Số hồ sơ nhận / Tổng số") == 68
    assert _total(result, "Tổng cộng", "Kết quả giải quyết / Tổng số") == 68
    # 51 on time of 68 settled: the rate of the sums, not the sum of the rates.
    assert _total(result, "Tổng cộng", "Tỷ lệ đúng hạn (%)") == pytest.approx(51 / 68 * 100)
    assert result.missing_units == ["UBND xã Cát Lái"]
    assert result.findings == [] and result.matches == []


def test_labels_matched_by_meaning_are_listed_for_a_person_to_confirm() -> None:
    renamed = Form(
        "UBND XÃ BÌNH MINH",
        BINH_MINH,
        labels={"Hộ tịch": "Lĩnh vực Ho tich", "Đất đai": "1. Đất Đai"},
        order=("Đất đai", "Hộ tịch", "Chứng thực"),
    )
    result = consolidate(
        None,
        [
            submission("a.xlsx", Form("UBND XÃ AN PHÚ", AN_PHU).xlsx()),
            submission("b.xlsx", renamed.xlsx()),
        ],
    )
    assert _total(result, "Hộ tịch", "Số hồ sơ nhận / Tổng số") == 11
    assert _total(result, "Đất đai", "Kết quả giải quyết / Quá hạn") == 15
    found = {(m.found, m.template) for m in result.matches}
    assert found == {("Lĩnh vực Ho tich", "Hộ tịch")}  # "1. Đất Đai" is the same words
    # The first file was the template, and it holds figures, not formulas: the rate column
    # is neither summed nor recomputed, and that is said once.
    assert [(f.kind, f.where) for f in result.findings] == [("unchecked", "Tỷ lệ đúng hạn (%)")]
    assert ("Hộ tịch", "Tỷ lệ đúng hạn (%)") not in {
        (result.template.rows[r], result.template.columns[c]) for r, c in result.totals
    }


def test_a_wrong_total_is_named_with_its_unit_cell_and_values_and_the_sum_uses_the_parts() -> None:
    wrong = Form("UBND XÃ AN PHÚ", AN_PHU, wrong={("Hộ tịch", 4): 12})  # 8 + 2 written as 12
    result = consolidate(
        submission("mau.xlsx", Form().xlsx()), [submission("a.xlsx", wrong.xlsx())]
    )
    sums = [f for f in result.findings if f.kind == "sum"]
    assert sums and sums[0].unit == "UBND XÃ AN PHÚ"
    assert sums[0].where == "Hộ tịch / Kết quả giải quyết / Tổng số (E8)"
    assert sums[0].values == (12.0, 10.0)
    assert _total(result, "Hộ tịch", "Kết quả giải quyết / Tổng số") == 10


@pytest.mark.parametrize(
    ("cell", "kind"),
    [(("Chứng thực", 2), "negative"), (("Chứng thực", 7), "percent"), (("Đất đai", 3), "text")],
)
def test_impossible_values_are_found(cell: tuple[str, int], kind: str) -> None:
    value = {"negative": -3, "percent": 250, "text": "không rõ"}[kind]
    form = Form("UBND XÃ AN PHÚ", AN_PHU, wrong={cell: value})
    result = consolidate(submission("mau.xlsx", Form().xlsx()), [submission("a.xlsx", form.xlsx())])
    assert kind in _kinds(result, "UBND XÃ AN PHÚ")


def test_text_numbers_dashes_and_formulas_without_saved_values_are_read() -> None:
    form = Form(
        "UBND XÃ AN PHÚ",
        AN_PHU,
        totals_as_formulas=True,
        wrong={("Hộ tịch", 2): "1.010", ("Chứng thực", 6): "-"},
    )
    result = consolidate(submission("mau.xlsx", Form().xlsx()), [submission("a.xlsx", form.xlsx())])
    assert _total(result, "Hộ tịch", "Số hồ sơ nhận / Tổng số") == 1010
    assert _total(result, "Tổng cộng", "Kết quả giải quyết / Tổng số") == 35
    assert result.findings == []


def test_a_missing_row_counts_zero_and_is_said_an_extra_row_is_not_summed() -> None:
    form = Form(
        "UBND XÃ AN PHÚ",
        {"Hộ tịch": (1, 1, 1, 0), "Xây dựng": (9, 9, 9, 0)},
        order=("Hộ tịch", "Xây dựng"),
    )
    result = consolidate(submission("mau.xlsx", Form().xlsx()), [submission("a.xlsx", form.xlsx())])
    kinds = _kinds(result, "UBND XÃ AN PHÚ")
    assert kinds.count("missing_row") == 2 and kinds.count("extra_row") == 1
    assert _total(result, "Tổng cộng", "Số hồ sơ nhận / Tổng số") == 1


def test_duplicates_keep_the_later_file_and_units_are_named_from_what_the_file_says() -> None:
    first = Form("UBND XÃ AN PHÚ", BINH_MINH)
    later = Form("UBND XÃ AN PHÚ", AN_PHU, header_cell=False)
    files = [
        submission("1.xlsx", first.xlsx()),
        submission("2.docx", later.docx(), "docx"),
        submission("cat_lai.xlsx", Form("", AN_PHU, header_cell=False).xlsx()),
    ]
    result = consolidate(submission("mau.xlsx", Form().xlsx()), files, expected_units=UNITS)
    assert result.duplicates == ["UBND xã An Phú"]
    assert _total(result, "Tổng cộng", "Số hồ sơ nhận / Tổng số") == 70  # 35 (later) + 35
    by_unit = {u.unit: u for u in result.units}
    assert by_unit["UBND xã An Phú"].file == "2.docx"
    assert (by_unit["UBND xã An Phú"].unit_source, by_unit["cat lai"].unit_source) == (
        "cell",
        "file",
    )
    assert result.unexpected_units == ["cat lai"]
    given = submission("x.xlsx", first.xlsx(), unit="UBND xã Cát Lái")
    assert unit_of(tables_of(given)[0], given) == ("UBND xã Cát Lái", "given")


def test_a_change_far_from_the_previous_period_is_found() -> None:
    template = submission("mau.xlsx", Form().xlsx())
    before = consolidate(template, [submission("a.xlsx", Form("UBND XÃ AN PHÚ", AN_PHU).xlsx())])
    jumped = dict(AN_PHU, **{"Đất đai": (200, 1, 150, 50)})
    now = consolidate(
        template,
        [submission("a.xlsx", Form("UBND XÃ AN PHÚ", jumped).xlsx())],
        previous=previous_values(to_json(before)),
    )
    changes = [f for f in now.findings if f.kind == "change"]
    assert {f.where.split(" (")[0] for f in changes} == {
        "Đất đai / Số hồ sơ nhận / Tổng số",
        "Đất đai / Kết quả giải quyết / Đúng hạn",
        "Đất đai / Kết quả giải quyết / Quá hạn",
    }
    assert "Thay đổi lớn" in analyse(now, "vi")


def test_the_workbook_holds_totals_units_findings_and_a_chart() -> None:
    wrong = Form("UBND XÃ BÌNH MINH", BINH_MINH, wrong={("Hộ tịch", 4): 5})
    result = consolidate(
        submission("mau.xlsx", Form().xlsx()),
        [
            submission("a.xlsx", Form("UBND XÃ AN PHÚ", AN_PHU).xlsx()),
            submission("b.xlsx", wrong.xlsx()),
        ],
        expected_units=UNITS,
    )
    book = openpyxl.load_workbook(io.BytesIO(write_workbook(result)))
    assert book.sheetnames[:3] == ["Tổng hợp", "UBND xã An Phú", "UBND xã Bình Minh"]
    assert {"Phát hiện", "Cần xác nhận", "Tình hình nộp", "Biểu đồ"} <= set(book.sheetnames)
    summary = book["Tổng hợp"]
    total = next(row for row in summary.iter_rows(values_only=True) if row[1] == "Tổng cộng")
    assert total[2] == 68 and total[7] == pytest.approx(75.0)
    assert any(
        row[0] == "UBND xã Cát Lái" and row[1] == "chưa nộp"
        for row in book["Tình hình nộp"].iter_rows(values_only=True)
    )
    assert book["Phát hiện"].max_row == 2
    assert book["Biểu đồ"]._charts  # type: ignore[attr-defined]
    story = analyse(result, "en")
    assert "Consolidated 2 of 3 units" in story and "UBND xã Cát Lái" in story


def test_a_file_without_a_table_is_named_and_a_template_without_one_is_refused() -> None:
    with pytest.raises(TemplateError):
        consolidate(None, [])
    odd = submission("odd.xlsx", _workbook([["Ghi chú"], ["không có bảng"]]))
    with pytest.raises(TemplateError):
        consolidate(odd, [])
    result = consolidate(submission("mau.xlsx", Form().xlsx()), [odd])
    assert [(f.kind, f.unit) for f in result.findings] == [("unreadable", "odd")]


def _workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_person_confirms_or_refuses_a_label_matched_by_similarity() -> None:
    renamed = Form("UBND XÃ AN PHÚ", AN_PHU, labels={"Hộ tịch": "Ho tich (cu)", "Đất đai": "Đất"})
    files = [submission("a.xlsx", renamed.xlsx())]
    template = submission("mau.xlsx", Form().xlsx())
    guessed = consolidate(template, files)
    assert {(m.found, m.template) for m in guessed.matches} >= {("Đất", "Đất đai")}
    decided = consolidate(template, files, decided={"Đất": None, "ho tich (cu)": "Hộ tịch"})
    assert decided.matches == []
    assert _total(decided, "Hộ tịch", "Số hồ sơ nhận / Tổng số") == 10
    assert _total(decided, "Đất đai", "Số hồ sơ nhận / Tổng số") == 0
    assert ("extra_row", "Đất") in {(f.kind, f.where) for f in decided.findings}


def test_a_template_with_one_header_row_makes_a_workbook() -> None:
    """One row of column names (no groups): the workbook is written, headings in bold."""
    rows: list[list[object]] = [
        ["STT", "Lĩnh vực", "Tiếp nhận", "Đã giải quyết"],
        ["1", "Hộ tịch", 3, 2],
        ["2", "Đất đai", 5, 4],
        [None, "Tổng cộng", "=SUM(C2:C3)", "=SUM(D2:D3)"],
    ]
    template = submission("mau.xlsx", _workbook(rows))
    result = consolidate(template, [submission("a.xlsx", _workbook(rows))])
    book = openpyxl.load_workbook(io.BytesIO(write_workbook(result)))
    summary = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert ("STT", "Lĩnh vực", "Tiếp nhận", "Đã giải quyết") in summary
    assert (None, "Tổng cộng", 8, 6) in summary or ("", "Tổng cộng", 8, 6) in summary
