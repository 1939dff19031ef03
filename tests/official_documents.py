"""Invented official documents (tests/data/official/*.yaml) rendered to real DOCX and PDF files
in the layouts that offices use: the Decree 30 two-column header as a Word table or as plain
paragraphs, and PDFs with one column, two blocks side by side, line-by-line columns or a table.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF
from fpdf.enums import TableBordersLayout

from tests.documents import FONT

DATA = Path(__file__).resolve().parent / "data" / "official"
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
LAYOUTS = ("docx-table", "docx-plain", "pdf-single", "pdf-columns", "pdf-rows", "pdf-table")
LEFT_MM, RIGHT_MM = 72.0, 108.0


@dataclass(frozen=True)
class OfficialDocument:
    """One invented document: its blocks, the layouts it is rendered in and the expected fields."""

    name: str
    layouts: tuple[str, ...]
    issuer: list[str]
    number: str
    place_date: str
    title: list[str]
    vv: list[str]
    body: list[str]
    recipients: list[str]
    signer: list[str]
    expected: dict[str, Any]
    left_signer: list[str] = field(default_factory=list)
    motto: list[str] = field(default_factory=lambda: list(MOTTO))

    @property
    def left_head(self) -> list[str]:
        """Issuer lines, a rule, the number and the V/v subject (left column)."""
        return [*self.issuer, "———", self.number, *self.vv]

    @property
    def right_head(self) -> list[str]:
        """Motto, a rule, place and date (right column)."""
        return [*self.motto, "———————", self.place_date]

    @property
    def left_foot(self) -> list[str]:
        """Nơi nhận and its items, or a second signer (a minute's secretary) on the left."""
        return ["Nơi nhận:", *self.recipients] if self.recipients else self.left_signer


def load(path: Path) -> OfficialDocument:
    """One document source."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    layouts = raw["layouts"]
    return OfficialDocument(
        name=path.stem,
        layouts=tuple(layouts),
        issuer=raw["issuer"],
        number=raw["number"],
        place_date=raw["place_date"],
        title=raw.get("title", []),
        vv=raw.get("vv", []),
        body=[p.strip() for p in raw["body"]],
        recipients=raw.get("recipients", []),
        signer=[str(line or "") for line in raw["signer"]],
        expected=raw["expected"],
        left_signer=[str(line or "") for line in raw.get("left_signer", [])],
        motto=raw.get("motto", list(MOTTO)),
    )


def corpus() -> list[OfficialDocument]:
    """All document sources, by name."""
    return [load(path) for path in sorted(DATA.glob("*.yaml"))]


def renderings() -> list[tuple[OfficialDocument, str]]:
    """Every (document, layout) pair to read."""
    return [(doc, layout) for doc in corpus() for layout in doc.layouts]


def render(doc: OfficialDocument, layout: str) -> tuple[bytes, str]:
    """The document's bytes in a layout and the reader name for them."""
    if layout.startswith("docx"):
        return _docx(doc, table=layout == "docx-table"), "docx"
    return _PDF_LAYOUTS[layout](doc), "pdf"


def expected_date(value: object) -> date | None:
    """A YAML date (or null) as a date."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# --- DOCX --------------------------------------------------------------------------------------


def _paragraphs(
    container: Any, lines: list[str], align: WD_ALIGN_PARAGRAPH, *, first: bool = False
) -> None:
    for index, line in enumerate(lines):
        if first and index == 0:
            paragraph = container.paragraphs[0]
            paragraph.text = line
        else:
            paragraph = container.add_paragraph(line)
        paragraph.alignment = align


def _docx(doc: OfficialDocument, *, table: bool) -> bytes:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    if table:
        head = document.add_table(rows=2, cols=2)
        _paragraphs(head.cell(0, 0), [*doc.issuer, "———"], center, first=True)
        _paragraphs(head.cell(0, 1), [*doc.motto, "———————"], center, first=True)
        _paragraphs(head.cell(1, 0), [doc.number, *doc.vv], center, first=True)
        _paragraphs(head.cell(1, 1), [doc.place_date], right, first=True)
    else:
        _paragraphs(document, [*doc.issuer, doc.number, *doc.vv], WD_ALIGN_PARAGRAPH.LEFT)
        _paragraphs(document, [*doc.motto, doc.place_date], right)
    _paragraphs(document, doc.title, center)
    _paragraphs(document, doc.body, WD_ALIGN_PARAGRAPH.JUSTIFY)
    if table:
        foot = document.add_table(rows=1, cols=2)
        if doc.left_foot:
            _paragraphs(foot.cell(0, 0), doc.left_foot, WD_ALIGN_PARAGRAPH.LEFT, first=True)
        _paragraphs(foot.cell(0, 1), doc.signer, center, first=True)
    else:
        # Typed without a table: the signer first, flush right, then the recipients.
        _paragraphs(document, doc.signer, right)
        _paragraphs(document, doc.left_foot, WD_ALIGN_PARAGRAPH.LEFT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 15, 15)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(FONT.with_name("DejaVuSans-Bold.ttf")))
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    return pdf


def _block(pdf: FPDF, x: float, y: float, width: float, lines: list[str]) -> float:
    """Lines centred in a column from (x, y); the y where the block ends."""
    pdf.set_xy(x, y)
    for line in lines:
        pdf.set_x(x)
        pdf.multi_cell(width, 5.5, line or " ", align="C", new_x="LMARGIN", new_y="NEXT")
    return pdf.get_y()


def _middle(pdf: FPDF, doc: OfficialDocument) -> None:
    pdf.ln(4)
    pdf.set_font("DejaVu", style="B", size=11)
    for line in doc.title:
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=10)
    pdf.ln(2)
    for paragraph in doc.body:
        pdf.multi_cell(0, 5.5, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _side_by_side(pdf: FPDF, left: list[str], right: list[str], *, right_first: bool) -> None:
    y = pdf.get_y()
    x_right = pdf.l_margin + LEFT_MM
    if right_first:
        end = _block(pdf, x_right, y, RIGHT_MM, right)
        end = max(end, _block(pdf, pdf.l_margin, y, LEFT_MM, left))
    else:
        end = _block(pdf, pdf.l_margin, y, LEFT_MM, left)
        end = max(end, _block(pdf, x_right, y, RIGHT_MM, right))
    pdf.set_xy(pdf.l_margin, end)


def _pdf_single(doc: OfficialDocument) -> bytes:
    pdf = _pdf()
    for line in [*doc.issuer, doc.number, *doc.vv, *doc.motto]:
        pdf.multi_cell(0, 5.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5.5, doc.place_date, align="R", new_x="LMARGIN", new_y="NEXT")
    _middle(pdf, doc)
    for line in doc.left_foot:
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for line in doc.signer:
        pdf.multi_cell(0, 5.5, line or " ", align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _pdf_columns(doc: OfficialDocument) -> bytes:
    pdf = _pdf()
    _side_by_side(pdf, doc.left_head, doc.right_head, right_first=True)
    _middle(pdf, doc)
    _side_by_side(pdf, doc.left_foot, doc.signer, right_first=False)
    return bytes(pdf.output())


def _wrapped(pdf: FPDF, width: float, lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        lines_out = pdf.multi_cell(width, 5.5, line, dry_run=True, output="LINES")
        out.extend(lines_out if isinstance(lines_out, list) and lines_out else [""])
    return out


def _rows(pdf: FPDF, left: list[str], right: list[str]) -> None:
    """Both columns written line by line, so each visual line holds a left and a right part."""
    left, right = _wrapped(pdf, LEFT_MM, left), _wrapped(pdf, RIGHT_MM, right)
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else ""
        b = right[index] if index < len(right) else ""
        pdf.set_x(pdf.l_margin)
        pdf.cell(LEFT_MM, 5.5, a, align="L")
        pdf.cell(RIGHT_MM, 5.5, b, align="C", new_x="LMARGIN", new_y="NEXT")


def _pdf_rows(doc: OfficialDocument) -> bytes:
    pdf = _pdf()
    pdf.set_font("DejaVu", size=9)
    _rows(pdf, doc.left_head, doc.right_head)
    _middle(pdf, doc)
    pdf.set_font("DejaVu", size=9)
    _rows(pdf, doc.left_foot, doc.signer)
    return bytes(pdf.output())


def _table(pdf: FPDF, left: list[str], right: list[str]) -> None:
    widths = (LEFT_MM, RIGHT_MM)
    layout = TableBordersLayout.NONE
    with pdf.table(col_widths=widths, first_row_as_headings=False, borders_layout=layout) as t:
        row = t.row()
        row.cell("\n".join(left) or " ", align="C")
        row.cell("\n".join(line or " " for line in right), align="C")


def _pdf_table(doc: OfficialDocument) -> bytes:
    pdf = _pdf()
    _table(pdf, doc.left_head, doc.right_head)
    _middle(pdf, doc)
    _table(pdf, doc.left_foot, doc.signer)
    return bytes(pdf.output())


_PDF_LAYOUTS = {
    "pdf-single": _pdf_single,
    "pdf-columns": _pdf_columns,
    "pdf-rows": _pdf_rows,
    "pdf-table": _pdf_table,
}


# --- scoring -----------------------------------------------------------------------------------

FIELDS = (
    "issuer",
    "parent",
    "number",
    "place",
    "date",
    "doc_type",
    "subject",
    "recipients",
    "signer",
    "signer_title",
    "addressees",
)


def comparable(value: object) -> object:
    """A field value compared without case, spacing, line breaks or closing punctuation."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, list | tuple):
        return tuple(comparable(item) for item in value)
    text = " ".join(str(value).replace(" / ", " ").split())
    return text.rstrip(".;,").casefold() or None


_LISTS = {"recipients", "addressees"}  # none expected: an empty list


def _exact_titles(value: object) -> object:
    """A signer's title compared with its " / " between lines: a wrap must not add one."""
    return " / ".join(" ".join(part.split()).casefold() for part in str(value).split(" / "))


def field_hits(doc: OfficialDocument, found: Mapping[str, object]) -> dict[str, bool]:
    """For each header field, whether the parsed value equals the expected one."""
    hits = {}
    for name in FIELDS:
        want = doc.expected.get(name, [] if name in _LISTS else None)
        want = expected_date(want) if name == "date" else want
        if name == "signer_title" and want is not None and found[name] is not None:
            hits[name] = _exact_titles(want) == _exact_titles(found[name])
        else:
            hits[name] = comparable(want) == comparable(found[name])
    return hits


def same_deadline(want: Mapping[str, object], text: str, when: date | None) -> bool:
    """A found deadline matches when one text holds the other and the dates agree."""
    a, b = comparable(want["text"]), comparable(text)
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return (a in b or b in a) and expected_date(want["date"]) == when
