"""Real PDF, DOCX and XLSX files written for the tests (fonts from matplotlib's package data)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import matplotlib
import openpyxl
from fpdf import FPDF

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF with one page per list of lines, Vietnamese text included."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def workbook_bytes(*sheets: tuple[str, list[list[object]]]) -> bytes:
    """An XLSX workbook with these sheets (name, rows), in this order."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_docx(path: Path, lines: list[str]) -> Path:
    """A DOCX with one paragraph per line."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


DECREE_LINES = [
    "CHÍNH PHỦ",
    "Số: 30/2020/NĐ-CP",
    "NGHỊ ĐỊNH",
    "Về công tác văn thư",
    "Chương I",
    "QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Nghị định này quy định về công tác văn thư và quản lý nhà nước về công tác văn thư.",
    "Điều 2. Đối tượng áp dụng",
    "1. Nghị định này áp dụng đối với cơ quan, tổ chức nhà nước và doanh nghiệp nhà nước.",
    "2. Tổ chức chính trị, tổ chức xã hội căn cứ quy định của Nghị định này để áp dụng.",
]
SEAL_LINES = [
    "Chương II",
    "QUẢN LÝ CON DẤU",
    "Điều 32. Quản lý con dấu, thiết bị lưu khóa bí mật",
    "1. Người đứng đầu cơ quan giao cho Văn thư cơ quan quản lý con dấu.",
    "2. Văn thư cơ quan không được giao con dấu cho người khác khi chưa được phép bằng văn bản.",
    "3. Con dấu phải được bảo quản tại trụ sở cơ quan trong tủ có khóa chắc chắn.",
]
