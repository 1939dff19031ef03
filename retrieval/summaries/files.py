"""A forwarded file understood as a clerk would: its header, gist, key points, deadlines, money
amounts, and for spreadsheets each sheet as a table. Pure: text in, findings out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from retrieval.documents.readers import OcrReport, Page, ReadFile
from retrieval.documents.structure import find_title, parse_document
from retrieval.summaries.deadlines import Deadline, find_amounts, find_deadlines
from retrieval.summaries.extractive import Summary, summarize
from retrieval.summaries.official import OfficialHeader, parse_header
from retrieval.summaries.sheets import SheetSummary, summarize_sheets

MIN_SECTIONS = 3  # fewer articles than this: summarize the text as one piece
# Read for the summary, header and deadlines: about 500 pages; the rest of a longer text is
# left out (and the reply says so), so one huge file cannot hold a core for minutes.
MAX_ANALYSED_CHARS = 1_000_000
MAX_DEADLINES = 10
MAX_AMOUNTS = 10
# Where the body of an official document starts and where its closing block starts.
_OPENING = re.compile(
    r"^(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Theo\s|Xét\s|Hôm\s+nay|Vào\s+hồi|Điều\s+1\b|"
    r"Chương\s+I\b|Phần\s+I\b|I\.\s|1\.\s|Để\s|Nhằm\s)",
)
_CLOSING = re.compile(r"^(?:Nơi\s+nhận|NƠI\s+NHẬN)", re.IGNORECASE)
_ADDRESSEES = re.compile(r"^Kính\s+gửi", re.IGNORECASE)
_LISTED = re.compile(r"^[-–+•]\s*")


@dataclass(frozen=True)
class FileSummary:
    """What a file is and says, ready to be shown or stored."""

    name: str
    title: str
    file_type: str
    pages: int
    chars: int
    header: OfficialHeader
    summary: Summary
    deadlines: list[Deadline] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    sheets: list[SheetSummary] = field(default_factory=list)
    analysed_chars: int = 0  # fewer than `chars` when only the beginning was read
    ocr: OcrReport | None = None  # what OCR read, for scans and photos

    def as_json(self) -> dict[str, Any]:
        """One JSON-ready object: header fields, gist, key points, deadlines, amounts, sheets."""
        header = self.header
        return {
            "name": self.name,
            "title": self.title,
            "file_type": self.file_type,
            "pages": self.pages,
            "chars": self.chars,
            "analysed_chars": self.analysed_chars,
            "ocr": None
            if self.ocr is None
            else {
                "pages": list(self.ocr.pages),
                "confidence": self.ocr.confidence,
                "unread": list(self.ocr.unread),
                "missing": self.ocr.missing,
            },
            "official": header.is_official,
            "header": {
                "issuer": header.issuer,
                "parent": header.parent,
                "number": header.number,
                "place": header.place,
                "date": header.date.isoformat() if header.date else None,
                "doc_type": header.doc_type,
                "subject": header.subject,
                "addressees": list(header.addressees),
                "recipients": list(header.recipients),
                "recipients_resolved": list(header.recipients_resolved),
                "signer": header.signer,
                "signer_title": header.signer_title,
            },
            "gist": self.summary.gist,
            "key_points": self.summary.points,
            "deadlines": [
                {
                    "text": d.text,
                    "date": d.date.isoformat() if d.date else None,
                    "context": d.context,
                    "task": d.task,
                }
                for d in self.deadlines
            ],
            "amounts": self.amounts,
            "sheets": [
                {
                    "name": s.name,
                    "rows": s.rows,
                    "columns": s.columns,
                    "header": s.header,
                    "main_column": s.main_column,
                    "totals": [[name, value] for name, value in s.totals],
                    "totals_from_sheet": s.totals_from_sheet,
                    "mismatched": s.mismatched,
                    "unchecked": s.unchecked,
                    "notable": [
                        {"kind": n.kind, "label": n.label, "value": n.value} for n in s.notable
                    ],
                }
                for s in self.sheets
            ],
        }


def body_of(text: str, header: OfficialHeader) -> str:
    """An official document's body: after its header block, before "Nơi nhận" and the signer;
    other texts whole."""
    if not header.is_official:
        return text
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines[:60]) if _OPENING.match(line.strip())), 0)
    end = next(
        (i for i, line in enumerate(lines) if i > start and _CLOSING.match(line.strip())),
        len(lines),
    )
    if start < end and _ADDRESSEES.match(lines[start].strip()):
        # "Kính gửi: ..." and the addressees listed under it say who, not what.
        start += 1
        while start < end and _LISTED.match(lines[start].strip()):
            start += 1
    return "\n".join(lines[start:end])


def summarize_file(document: ReadFile, name: str, *, budget_chars: int = 900) -> FileSummary:
    """Header, summary (section by section for documents with articles), deadlines, amounts,
    and the sheets of a workbook."""
    text = document.text[:MAX_ANALYSED_CHARS]
    header = parse_header(text)
    # A workbook's title is in its cells, not in the names of its sheets.
    shown = [page.text.split("\n", 1)[-1] for page in document.pages] if document.sheets else [text]
    lines = [line.strip() for part in shown for line in part.splitlines() if line.strip()]
    title = _title(header, lines, name)
    pages = sum(page.number is not None for page in document.pages) or 1
    sheets = summarize_sheets(document.sheets) if document.sheets else []
    if sheets:
        summary = Summary("")
    else:
        body = body_of(text, header)
        parsed = parse_document([Page(None, body)], name)
        sections = [(c.heading, c.text) for c in parsed.chunks if c.article]
        summary = summarize(
            body,
            budget_chars=budget_chars,
            sections=sections if len(sections) >= MIN_SECTIONS else None,
            title=title,
        )
    return FileSummary(
        name=name,
        title=title,
        file_type=document.file_type,
        pages=pages,
        chars=len(document.text),
        analysed_chars=len(text),
        header=header,
        summary=summary,
        deadlines=find_deadlines(text, header.date)[:MAX_DEADLINES],
        amounts=find_amounts(text)[:MAX_AMOUNTS] if not sheets else [],
        sheets=sheets,
        ocr=document.ocr,
    )


def _title(header: OfficialHeader, lines: list[str], name: str) -> str:
    """The document type and subject of an official document, else its first title line."""
    if header.doc_type and header.subject:
        subject = header.subject
        if subject.lower().startswith(("v/v", "về việc")):
            return f"{header.doc_type} {subject}"
        return f"{header.doc_type} {subject[:1].lower()}{subject[1:]}"
    if header.doc_type and header.number:
        return f"{header.doc_type} số {header.number}"
    return find_title(lines, name)
