"""Small report files for the consolidation tests: one template of administrative-procedure
results by field, filled in by communes as XLSX (with a formula total row) or as a DOCX table."""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
import openpyxl

from retrieval.records.rounds import ReportStore, RoundFile

FIELDS = ("Hộ tịch", "Chứng thực", "Đất đai")
HEADER = (
    ("STT", "Lĩnh vực", "Số hồ sơ", None, None),
    (None, None, "Tiếp nhận", "Đúng hạn", "Quá hạn"),
)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
Figures = Sequence[tuple[float, float, float]]  # received, on time, late; one per field
FIGURES: Figures = ((10.0, 8.0, 2.0), (5.0, 5.0, 0.0), (3.0, 2.0, 1.0))  # total 18, 15, 3


def report_xlsx(unit: str, figures: Figures, *, total: Sequence[object] | None = None) -> bytes:
    """A unit's report as a workbook: its name above the motto, a two-row header, one row per
    field and a "Tổng cộng" row of SUM formulas (or of the given figures)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Báo cáo"
    for line in (unit.upper(), *MOTTO, "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", None):
        sheet.append([line])
    for row in HEADER:
        sheet.append(list(row))
    first = sheet.max_row + 1
    for number, (field, values) in enumerate(zip(FIELDS, figures, strict=True), 1):
        sheet.append([str(number), field, *values])
    last = sheet.max_row
    sums = total or [f"=SUM({c}{first}:{c}{last})" for c in "CDE"]
    sheet.append([None, "Tổng cộng", *sums])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_docx(unit: str, figures: Figures) -> bytes:
    """A unit's report as a Word table under its official header, with a stated total row."""
    document = docx.Document()
    for line in (unit.upper(), *MOTTO, "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=5)
    rows: tuple[Sequence[str | None], ...] = (("STT", "Lĩnh vực", *["Số hồ sơ"] * 3), HEADER[1])
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value or ""
    for number, (field, values) in enumerate(zip(FIELDS, figures, strict=True), 1):
        row = (str(number), field, *(f"{v:g}" for v in values))
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    totals = [f"{sum(v[i] for v in figures):g}" for i in range(3)]
    for cell, value in zip(table.add_row().cells, ("", "Tổng cộng", *totals), strict=True):
        cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_rows(workbook: bytes) -> dict[str, tuple[object, ...]]:
    """The "Tổng hợp" sheet of a consolidated workbook: each row's figures by its label."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["Tổng hợp"]
    return {
        str(row[1]): tuple(row[2:])
        for row in sheet.iter_rows(values_only=True)
        if row[1] is not None and row[1] != "Lĩnh vực"
    }


def keep_report(
    store: ReportStore, round_id: int, unit: str, sender: str, data: bytes
) -> RoundFile:
    """A file of a round stored as the chat handler stores it (an XLSX named by its bytes)."""
    return store.add_file(
        round_id,
        unit=unit,
        unit_given=False,
        sender=sender,
        file_name=f"{data.decode(errors='replace').lower()}.xlsx",
        file_type="xlsx",
        data=data,
    )
