"""A consolidation as JSON and as a workbook in the template's layout."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from retrieval.reports.consolidate import KEY_SEPARATOR, figure_key
from retrieval.reports.model import Consolidation, Position, Table
from retrieval.reports.tables import label_key

_RATE = re.compile(r"%|\bty le\b")
_BOLD = Font(bold=True)
_FLAG = PatternFill("solid", fgColor="FFF2CC")


def _figures(template: Table, values: Mapping[Position, float]) -> list[dict[str, Any]]:
    return [
        {"row": template.rows[r], "column": template.columns[c], "value": round(v, 6)}
        for (r, c), v in sorted(values.items())
    ]


def to_json(result: Consolidation) -> dict[str, Any]:
    """Everything a program needs: the template's labels, totals, each unit, the findings."""
    template = result.template
    return {
        "template": {
            "source": template.source,
            "rows": list(template.rows),
            "columns": list(template.columns),
        },
        "totals": _figures(template, result.totals),
        "units": [
            {
                "unit": unit.unit,
                "unit_source": unit.unit_source,
                "file": unit.file,
                "sender": unit.sender,
                "values": _figures(template, unit.values),
            }
            for unit in result.units
        ],
        "findings": [
            {
                "kind": f.kind,
                "unit": f.unit,
                "where": f.where,
                "message": f.message,
                "message_en": f.message_en,
                "values": list(f.values),
            }
            for f in result.findings
        ],
        "matches": [
            {
                "unit": m.unit,
                "axis": m.axis,
                "found": m.found,
                "template": m.template,
                "score": m.score,
            }
            for m in result.matches
        ],
        "missing_units": result.missing_units,
        "duplicates": result.duplicates,
        "unexpected_units": result.unexpected_units,
    }


def previous_values(data: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """Each unit's figures by row and column label, from an earlier `to_json`."""
    units: dict[str, dict[str, float]] = {}
    for unit in data.get("units", []):
        figures = units.setdefault(str(unit["unit"]), {})
        for item in unit.get("values", []):
            figures[f"{item['row']}{KEY_SEPARATOR}{item['column']}"] = float(item["value"])
    return units


def _sheet_title(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:28] or "Đơn vị"
    title, n = base, 2
    while title.lower() in taken:
        title, n = f"{base[:25]} ({n})", n + 1
    taken.add(title.lower())
    return title


def _layout(
    sheet: Worksheet, template: Table, values: Mapping[Position, float], heading: str
) -> int:
    """The template's header and labels with these figures; the row where figures start."""
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for level, row in enumerate(template.header):
        sheet.append(["STT" if level == 0 else "", *row])
        for cell in sheet[sheet.max_row]:
            cell.font = _BOLD
    first = sheet.max_row + 1
    for r, label in enumerate(template.rows):
        figures = [values.get((r, c)) for c in range(len(template.columns))]
        sheet.append(
            [template.numbers[r], label, *[None if v is None else round(v, 2) for v in figures]]
        )
    sheet.column_dimensions["B"].width = 42
    for cells in sheet.iter_rows(min_row=3, max_row=first - 1):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    return first


def write_workbook(result: Consolidation, *, title: str = "Tổng hợp báo cáo") -> bytes:
    """The consolidated workbook: totals in the template's layout, one sheet per unit, the
    findings, the labels to confirm, who reported, and a chart."""
    template = result.template
    book = openpyxl.Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Tổng hợp"
    received = f"{len(result.units)} đơn vị"
    _layout(summary, template, result.totals, f"{title} ({received})")
    taken = {"tổng hợp", "phát hiện", "cần xác nhận", "tình hình nộp", "biểu đồ"}
    flagged = {f.unit for f in result.findings}
    for unit in result.units:
        sheet = book.create_sheet(_sheet_title(unit.unit, taken))
        _layout(sheet, template, unit.values, f"{unit.unit} ({unit.file})")
        if unit.unit in flagged:
            sheet["A1"].fill = _FLAG
    findings = book.create_sheet("Phát hiện")
    findings.append(["Đơn vị", "Loại", "Ở đâu", "Nội dung"])
    for f in result.findings:
        findings.append([f.unit, f.kind, f.where, f.message])
    matches = book.create_sheet("Cần xác nhận")
    matches.append(
        ["Đơn vị", "Dòng/cột", "Nhãn trong báo cáo", "Khớp với nhãn mẫu", "Độ giống (%)"]
    )
    for m in result.matches:
        matches.append([m.unit, "dòng" if m.axis == "row" else "cột", m.found, m.template, m.score])
    status = book.create_sheet("Tình hình nộp")
    status.append(["Đơn vị", "Tình trạng", "Tệp", "Tên đơn vị lấy từ"])
    for unit in result.units:
        state = (
            "đã nộp (nhiều lần, lấy bản sau cùng)" if unit.unit in result.duplicates else "đã nộp"
        )
        status.append([unit.unit, state, unit.file, unit.unit_source])
    for name in result.missing_units:
        status.append([name, "chưa nộp", "", ""])
    for sheet in (findings, matches, status):
        for cell in sheet[1]:
            cell.font = _BOLD
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["C"].width = 40
        sheet.column_dimensions["D"].width = 60
    _chart(book, result)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def headline_column(template: Table) -> int | None:
    """The column a leader reads first: the on-time rate when there is one, else the first."""
    rates = [c for c, name in enumerate(template.columns) if _RATE.search(label_key(name))]
    if rates:
        return rates[-1]
    return 0 if template.columns else None


def total_row(template: Table) -> int | None:
    """The template's "Tổng cộng" row, if it has one."""
    for r, label in enumerate(template.rows):
        if re.match(r"^(?:tong cong|tong so|tong|cong)\b", label_key(label)):
            return r
    return None


def unit_figure(
    result: Consolidation, unit_values: Mapping[Position, float], column: int
) -> float | None:
    """A unit's figure in a column: on the total row, or summed over the rows without one."""
    row = total_row(result.template)
    if row is not None:
        return unit_values.get((row, column))
    found = [v for (r, c), v in unit_values.items() if c == column]
    return sum(found) if found else None


def _chart(book: openpyxl.Workbook, result: Consolidation) -> None:
    column = headline_column(result.template)
    if column is None or not result.units:
        return
    sheet = book.create_sheet("Biểu đồ")
    name = result.template.columns[column]
    sheet.append(["Đơn vị", name])
    for unit in result.units:
        value = unit_figure(result, unit.values, column)
        sheet.append([unit.unit, None if value is None else round(value, 2)])
    chart = BarChart()
    chart.type = "bar"
    chart.title = name
    chart.y_axis.title = name
    chart.x_axis.title = "Đơn vị"
    chart.height = max(8, 0.5 * len(result.units))
    chart.width = 22
    data = Reference(sheet, min_col=2, min_row=1, max_row=len(result.units) + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(result.units) + 1))
    chart.legend = None
    sheet.add_chart(chart, "D2")


__all__ = ["figure_key", "previous_values", "to_json", "write_workbook"]
