"""A report that arrives as a scan: its ruled table read by OCR, consolidated like a workbook."""

from __future__ import annotations

from retrieval.reports.consolidate import consolidate
from tests.retrieval.reports.forms import Form, submission
from tests.scans import needs_tesseract

AN_PHU = {"Hộ tịch": (10, 2, 8, 2), "Chứng thực": (5, 5, 5, 0), "Đất đai": (20, 1, 15, 5)}


@needs_tesseract
def test_a_scanned_report_is_read_by_its_ruled_table_and_consolidated() -> None:
    """The printed rules give the grid, OCR the words; the unit comes from the header; the
    columns are taken in the template's order and listed for a person to confirm."""
    scan = submission("an_phu.png", Form("UBND XÃ AN PHÚ", AN_PHU).scan(), "image")
    assert [sheet.name for sheet in scan.document.sheets] == ["trang 1 (OCR)"]
    result = consolidate(submission("mau.xlsx", Form().xlsx()), [scan])
    (unit,) = result.units
    assert unit.unit == "UBND XÃ AN PHÚ"
    template = result.template
    got = {(template.rows[r], template.columns[c]): v for (r, c), v in unit.values.items() if c < 5}
    for field, (received, online, on_time, late) in AN_PHU.items():
        assert got[(field, "Số hồ sơ nhận / Tổng số")] == received
        assert got[(field, "Số hồ sơ nhận / Trực tuyến")] == online
        assert got[(field, "Kết quả giải quyết / Đúng hạn")] == on_time
        assert got[(field, "Kết quả giải quyết / Quá hạn")] == late
    # What OCR misreads is caught by the checks, not summed silently: here and there a rate
    # ("80.0" read "830.0") disagrees with its parts, and is named.
    wrong = [f for f in result.findings if f.kind in {"sum", "text", "negative"}]
    assert all("Tỷ lệ" in f.where for f in wrong)
    assert {m.axis for m in result.matches} == {"column"}
