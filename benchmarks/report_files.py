"""A report sheet as an office writes it, rendered as XLSX (merged multi-level headers, values,
text or formulas), as a DOCX table or as a PDF table with a text layer.

A `Sheet` is format-free: the lines above the table (issuer and national motto, title, "Đơn vị
báo cáo: ..."), the header levels of each data column, and the body rows with what is written in
each cell: a number, text ("1.234", "-", "93,33"), nothing, or `FORMULA` (the template's formula
for that cell, written without a cached value as openpyxl saves it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from fpdf import FPDF
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from benchmarks.report_templates import Column
from tests.documents import FONT


class Mark(Enum):
    """A cell holding the template's formula instead of a value."""

    FORMULA = "formula"


FORMULA = Mark.FORMULA
Written = int | float | str | Mark | None
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FIRST = 3  # data columns start at C: A is STT, B the label


@dataclass(frozen=True)
class BodyRow:
    """One row of the table: its numbering, its label and its cells in column order."""

    number: str
    label: str
    cells: tuple[Written, ...]
    note: str = ""
    template_row: str = ""  # the template's row it is (for checking the generator)


@dataclass(frozen=True)
class Sheet:
    """A report table and the lines around it."""

    issuer: tuple[str, ...]  # top left, above the number; empty: none
    number: str  # "Số: 15/BC-UBND"
    place_date: str
    title: str
    period: str
    unit_line: str | None  # "Đơn vị báo cáo: ..."
    recipient: str
    measure: str
    label_header: str
    columns: tuple[Column, ...]  # the template's columns, in file order
    paths: tuple[tuple[str, ...], ...]  # each data column's header levels as written here
    body: tuple[BodyRow, ...]  # the total row last
    notes: bool = False  # a "Ghi chú" column after the data
    signer: str = "CHỦ TỊCH"
    sheet_name: str = "Biểu"
    guide_sheet: bool = False  # a first sheet of instructions before the table
    total_merged: bool = False  # the total row's label in STT and label cells merged
    percent_format: bool = False  # rates as fractions (0.9886) in a percent format (98.86%)

    @property
    def depth(self) -> int:
        """Header rows."""
        return max(len(path) for path in self.paths)

    def width(self) -> int:
        """Columns of the table: STT, label, data, notes."""
        return 2 + len(self.paths) + self.notes


def header_spans(paths: tuple[tuple[str, ...], ...]) -> list[tuple[int, int, int, int, str]]:
    """The merged header cells over the data columns: (row, col, last row, last col, text),
    from 0; a level spans the columns that share it, a leaf reaches down to the last row."""
    depth = max(len(path) for path in paths)
    spans = []
    for level in range(depth):
        column = 0
        while column < len(paths):
            path = paths[column]
            if len(path) <= level:
                column += 1
                continue
            end = column
            while end + 1 < len(paths) and paths[end + 1][: level + 1] == path[: level + 1]:
                end += 1
            last_row = depth - 1 if len(path) == level + 1 else level
            spans.append((level, column, last_row, end, path[level]))
            column = end + 1
    return spans


def vietnamese_number(value: float, *, decimals: int = 0) -> str:
    """A number as Vietnamese offices type it: "1.234", "93,33"."""
    if decimals == 0:
        return f"{round(value):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.{decimals}f}".partition(".")
    fraction = fraction.rstrip("0")
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def cell_text(value: Written, column: Column) -> str:
    """What a DOCX or PDF table shows for a cell."""
    if value is None or isinstance(value, Mark):
        return ""
    if isinstance(value, str):
        return value
    return vietnamese_number(value, decimals=2 if column.kind == "rate" else 0)


def formula(column: Column, row: int) -> str:
    """The template's formula of a derived cell of a field's row (`row`: 1-based), or of a
    rate in any row."""

    def ref(index: int) -> str:
        return f"{get_column_letter(FIRST + index)}{row}"

    if column.kind == "rate":
        den = ref(column.denominator)
        parts = "+".join(ref(p) for p in column.parts)
        parts = f"({parts})" if len(column.parts) > 1 else parts
        return f"=IF({den}=0,0,{parts}/{den}*100)"
    if column.sum_style == "range":
        return f"=SUM({ref(column.parts[0])}:{ref(column.parts[-1])})"
    return "=" + "+".join(ref(p) for p in column.parts)


def write_xlsx(path: Path, sheet: Sheet) -> Path:
    """The sheet as an XLSX workbook."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    if sheet.guide_sheet:
        ws.title = "Hướng dẫn"
        for line in (
            "Hướng dẫn điền biểu mẫu",
            "1. Số liệu tính theo kỳ báo cáo; ô không phát sinh ghi 0 hoặc để trống.",
            "2. Các cột tổng số và tỷ lệ được tính tự động, không nhập tay.",
        ):
            ws.append([line])
        ws = workbook.create_sheet(sheet.sheet_name)
    else:
        ws.title = sheet.sheet_name
    _xlsx_table(ws, sheet)
    workbook.save(path)
    return path


def _merged(ws: Worksheet, row: int, first: int, last: int, text: str, **style: object) -> None:
    ws.cell(row, first, text)
    ws.cell(row, first).alignment = Alignment(horizontal="center", wrap_text=True)
    if style:
        ws.cell(row, first).font = Font(**style)  # type: ignore[arg-type]
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _xlsx_table(ws: Worksheet, sheet: Sheet) -> None:
    width = sheet.width()
    split = 5  # the issuer's block on the left, the motto's on the right
    for i, line in enumerate(sheet.issuer):
        _merged(ws, 1 + i, 1, split - 1, line, bold=i == len(sheet.issuer) - 1)
    _merged(ws, 1, split, width, MOTTO[0], bold=True)
    _merged(ws, 2, split, width, MOTTO[1], bold=True)
    if sheet.number:
        _merged(ws, 1 + max(len(sheet.issuer), 1), 1, split - 1, sheet.number)
    _merged(ws, 4, split, width, sheet.place_date, italic=True)
    _merged(ws, 6, 1, width, sheet.title, bold=True)
    _merged(ws, 7, 1, width, sheet.period, italic=True)
    if sheet.unit_line is not None:
        ws.cell(8, 1, sheet.unit_line)
    ws.cell(8, split + 3, f"Đơn vị nhận báo cáo: {sheet.recipient}")
    ws.cell(9, width - 2, sheet.measure)
    top = 11
    depth = sheet.depth
    _xlsx_header(ws, sheet, top)
    numbering = top + depth
    ws.cell(numbering, 1, "A")
    ws.cell(numbering, 2, "B")
    for i in range(len(sheet.paths)):
        ws.cell(numbering, FIRST + i, f"({i + 1})")
    first_body = numbering + 1
    last_field = first_body + len(sheet.body) - 2
    for offset, body_row in enumerate(sheet.body):
        row = first_body + offset
        total = offset == len(sheet.body) - 1
        if total and sheet.total_merged:
            ws.cell(row, 1, body_row.label.upper())
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        else:
            number = body_row.number
            ws.cell(row, 1, int(number) if number.isdigit() else number)
            ws.cell(row, 2, body_row.label)
        for i, value in enumerate(body_row.cells):
            column = sheet.columns[i]
            cell = ws.cell(row, FIRST + i)
            if value is FORMULA:
                if total and column.kind != "rate":
                    letter = get_column_letter(FIRST + i)
                    cell.value = f"=SUM({letter}{first_body}:{letter}{last_field})"
                else:
                    cell.value = formula(column, row)
            elif sheet.percent_format and column.kind == "rate" and isinstance(value, float):
                cell.value = value / 100
            else:
                cell.value = value
            cell.number_format = "0.00" if column.kind == "rate" else "#,##0"
            if sheet.percent_format and column.kind == "rate":
                cell.number_format = "0.00%"
        if sheet.notes and body_row.note:
            ws.cell(row, width, body_row.note)
    _signatures(ws, sheet, first_body + len(sheet.body) + 1, split)


def _signatures(ws: Worksheet, sheet: Sheet, row: int, split: int) -> None:
    _merged(ws, row, 1, 4, "NGƯỜI LẬP BIỂU", bold=True)
    _merged(ws, row, split + 3, sheet.width(), sheet.signer, bold=True)
    ws.column_dimensions["B"].width = 34


def _xlsx_header(ws: Worksheet, sheet: Sheet, top: int) -> None:
    """STT, the label column and the data columns' levels, merged as the form merges them."""
    depth, width = sheet.depth, sheet.width()
    for column, text in ((1, "STT"), (2, sheet.label_header)):
        ws.cell(top, column, text)
        ws.merge_cells(
            start_row=top, start_column=column, end_row=top + depth - 1, end_column=column
        )
    for row, column, last_row, last_column, text in header_spans(sheet.paths):
        ws.cell(top + row, FIRST + column, text)
        ws.cell(top + row, FIRST + column).alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
        if (last_row, last_column) != (row, column):
            ws.merge_cells(
                start_row=top + row,
                start_column=FIRST + column,
                end_row=top + last_row,
                end_column=FIRST + last_column,
            )
    if sheet.notes:
        ws.cell(top, width, "Ghi chú")
        ws.merge_cells(start_row=top, start_column=width, end_row=top + depth - 1, end_column=width)


def write_docx(path: Path, sheet: Sheet) -> Path:
    """The sheet as a Word document: the issuer and motto in a borderless two-cell table, as
    official documents lay them out, then the title lines and the report table."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(12)
    head = document.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "\n".join([*sheet.issuer, sheet.number])
    head.cell(0, 1).text = "\n".join(MOTTO)
    for line in (sheet.place_date, sheet.title, sheet.period):
        document.add_paragraph(line)
    if sheet.unit_line is not None:
        document.add_paragraph(sheet.unit_line)
    document.add_paragraph(f"Đơn vị nhận báo cáo: {sheet.recipient}")
    document.add_paragraph(sheet.measure)
    depth = sheet.depth
    table = document.add_table(rows=depth + 1 + len(sheet.body), cols=sheet.width())
    table.style = "Table Grid"
    for column, text in ((0, "STT"), (1, sheet.label_header)):
        table.cell(0, column).merge(table.cell(depth - 1, column)).text = text
    for row, column, last_row, last_column, text in header_spans(sheet.paths):
        merged = table.cell(row, 2 + column).merge(table.cell(last_row, 2 + last_column))
        merged.text = text
    numbering = table.rows[depth].cells
    numbering[0].text, numbering[1].text = "A", "B"
    for i in range(len(sheet.paths)):
        numbering[2 + i].text = f"({i + 1})"
    for offset, body_row in enumerate(sheet.body):
        cells = table.rows[depth + 1 + offset].cells
        cells[0].text, cells[1].text = body_row.number, body_row.label
        for i, value in enumerate(body_row.cells):
            cells[2 + i].text = cell_text(value, sheet.columns[i])
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    document.add_paragraph(f"NGƯỜI LẬP BIỂU\t\t\t\t{sheet.signer}")
    document.save(str(path))
    return path


def write_pdf(path: Path, sheet: Sheet) -> Path:
    """The sheet as a landscape PDF with a text layer, the table drawn with borders."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_margins(8, 8, 8)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    half = (pdf.w - 16) / 2
    lefts = [*sheet.issuer, sheet.number]
    for i in range(max(len(lefts), len(MOTTO))):
        pdf.cell(half, 5, lefts[i] if i < len(lefts) else "", align="C")
        pdf.cell(
            half, 5, MOTTO[i] if i < len(MOTTO) else "", align="C", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.cell(0, 5, sheet.place_date, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for line in (sheet.title, sheet.period):
        pdf.cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    if sheet.unit_line is not None:
        pdf.cell(0, 5, sheet.unit_line, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, f"Đơn vị nhận báo cáo: {sheet.recipient}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, sheet.measure, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=6.5)
    data = len(sheet.paths)
    label = 44.0
    widths = [8.0, label, *[(pdf.w - 16 - 8 - label) / data] * data]
    depth = sheet.depth
    spans = {(r, c): (lr, lc, text) for r, c, lr, lc, text in header_spans(sheet.paths)}
    with pdf.table(col_widths=widths, text_align="CENTER", first_row_as_headings=False) as table:
        for level in range(depth):
            row = table.row()
            if level == 0:
                row.cell("STT", rowspan=depth)
                row.cell(sheet.label_header, rowspan=depth)
            for column in range(data):
                if (level, column) in spans:
                    last_row, last_column, text = spans[level, column]
                    row.cell(text, rowspan=last_row - level + 1, colspan=last_column - column + 1)
        numbering = table.row()
        for text in ["A", "B", *[f"({i + 1})" for i in range(data)]]:
            numbering.cell(text)
        for body_row in sheet.body:
            row = table.row()
            row.cell(body_row.number)
            row.cell(body_row.label, align="LEFT")
            for i, value in enumerate(body_row.cells):
                row.cell(cell_text(value, sheet.columns[i]), align="RIGHT")
    pdf.ln(4)
    pdf.set_font("DejaVu", size=9)
    pdf.cell(half, 5, "NGƯỜI LẬP BIỂU", align="C")
    pdf.cell(half, 5, sheet.signer, align="C")
    pdf.output(str(path))
    return path
