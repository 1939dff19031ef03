"""Small report forms written for the tests: a template with formulas and units' copies."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import docx
import openpyxl
import pypdfium2
from fpdf import FPDF
from fpdf.fonts import FontFace

from retrieval.documents.ocr import OcrOptions
from retrieval.documents.readers import read_bytes
from retrieval.reports.model import Submission
from tests.documents import FONT

FIELDS = ("Hộ tịch", "Chứng thực", "Đất đai")
# Each field: received, received online, on time, late (settled = on time + late).
Figures = tuple[int, int, int, int]


@dataclass
class Form:
    """One unit's copy of the form (or the template when `figures` is empty)."""

    unit: str = "ĐƠN VỊ BÁO CÁO"
    figures: dict[str, Figures] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field -> the label this unit writes
    order: Sequence[str] = FIELDS
    totals_as_formulas: bool = False  # derived cells left as formulas with no saved value
    wrong: dict[tuple[str, int], object] = field(default_factory=dict)  # (field, column) -> cell
    header_cell: bool = True  # the unit's name in the header block

    def rows(self) -> list[list[object]]:
        top = [self.unit if self.header_cell else None, None, None, None]
        rows: list[list[object]] = [
            [*top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            [None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
            ["KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUÝ IV/2026"],
            [f"Đơn vị báo cáo: {self.unit}"],
            [
                "STT",
                "Lĩnh vực",
                "Số hồ sơ nhận",
                None,
                "Kết quả giải quyết",
                None,
                None,
                "Tỷ lệ đúng hạn (%)",
            ],
            [None, None, "Tổng số", "Trực tuyến", "Tổng số", "Đúng hạn", "Quá hạn", None],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        ]
        first = len(rows) + 1
        template = not self.figures
        for number, name in enumerate(self.order, start=1):
            r = len(rows) + 1
            label = self.labels.get(name, name)
            if template or self.totals_as_formulas:
                settled: object = f"=F{r}+G{r}"
                rate: object = f"=IF(E{r}=0,0,F{r}/E{r}*100)"
            else:
                got, online, on_time, late = self.figures.get(name, (0, 0, 0, 0))
                settled = on_time + late
                rate = round(on_time / settled * 100, 1) if settled else 0
            got, online, on_time, late = self.figures.get(name, (None, None, None, None))  # type: ignore[assignment]
            row: list[object] = [str(number), label, got, online, settled, on_time, late, rate]
            for (wrong_field, column), value in self.wrong.items():
                if wrong_field == name:
                    row[column] = value
            rows.append(row)
        last = len(rows)
        total = len(rows) + 1
        if template or self.totals_as_formulas:
            rows.append(
                [
                    None,
                    "Tổng cộng",
                    f"=SUM(C{first}:C{last})",
                    f"=SUM(D{first}:D{last})",
                    f"=F{total}+G{total}",
                    f"=SUM(F{first}:F{last})",
                    f"=SUM(G{first}:G{last})",
                    f"=IF(E{total}=0,0,F{total}/E{total}*100)",
                ]
            )
        else:
            sums = [sum(f[i] for f in self.figures.values()) for i in range(4)]
            settled = sums[2] + sums[3]
            rows.append(
                [
                    None,
                    "Tổng cộng",
                    sums[0],
                    sums[1],
                    settled,
                    sums[2],
                    sums[3],
                    round(sums[2] / settled * 100, 1) if settled else 0,
                ]
            )
        rows += [[], [None, "Người lập biểu", None, None, None, "Chủ tịch"]]
        return rows

    def xlsx(self) -> bytes:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Biểu 01"
        for row in self.rows():
            sheet.append(row)
        sheet.merge_cells("C5:D5")
        sheet.merge_cells("E5:G5")
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def docx(self) -> bytes:
        """The form as a Word document: the header as paragraphs, the figures as a table."""
        document = docx.Document()
        rows = self.rows()
        for row in rows[:4]:
            document.add_paragraph("    ".join(str(c) for c in row if c))
        body = [r for r in rows[4:] if r and r[1] != "Người lập biểu"]
        table = document.add_table(rows=len(body), cols=8)
        for r, row in enumerate(body):
            for c in range(8):
                value = row[c] if c < len(row) else None
                table.cell(r, c).text = "" if value is None else str(value)
        table.cell(0, 2).merge(table.cell(0, 3))
        table.cell(0, 4).merge(table.cell(0, 6))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def scan(self) -> bytes:
        """The form printed with a ruled table (fpdf2) and scanned at 300 dpi, as a PNG."""
        pdf = FPDF(orientation="L")
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=9)
        pdf.add_page()
        rows = self.rows()
        for row in rows[:4]:
            pdf.cell(0, 6, "      ".join(str(c) for c in row if c), new_x="LMARGIN", new_y="NEXT")
        with pdf.table(headings_style=FontFace(), line_height=7) as table:
            for row in rows[4:-2]:
                cells = table.row()
                for c in range(8):
                    value = row[c] if c < len(row) else None
                    cells.cell("" if value is None else str(value))
        document = pypdfium2.PdfDocument(bytes(pdf.output()))
        try:
            picture = document[0].render(scale=300 / 72, grayscale=True).to_pil()
        finally:
            document.close()
        buffer = io.BytesIO()
        picture.save(buffer, "PNG", dpi=(300, 300))
        return buffer.getvalue()


def submission(name: str, data: bytes, file_type: str = "xlsx", **kwargs: object) -> Submission:
    """A file read as the sandboxed child reads it (in this process, for speed); pictures by
    OCR."""
    ocr = OcrOptions() if file_type == "image" else None
    document = read_bytes(data, file_type, tables=True, ocr=ocr)
    return Submission(name, document, **kwargs)  # type: ignore[arg-type]
