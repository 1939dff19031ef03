"""A forwarded file as a reply: header fields, gist, key points, deadlines, sheets; stored for
the digests."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import PurePath

from handlers.messages import text
from handlers.services import Services
from handlers.types import IncomingMessage, Reply, Style
from retrieval.documents.readers import OcrReport
from retrieval.privacy import mask_personal_data
from retrieval.records.events import Deadline, Summarized
from retrieval.summaries.files import FileSummary
from retrieval.summaries.official import OfficialHeader
from retrieval.summaries.sheets import SheetSummary

ADD = {"/add", "/them"}
_COLLECTION = re.compile(r"[\w-]{1,60}")
MAX_RECIPIENTS = 6
MAX_COLUMNS = 8


def number(value: float, language: str) -> str:
    """A figure as an office writes it: 1.250.000 in Vietnamese, 1,250,000 in English."""
    whole = float(value).is_integer()
    shown = f"{value:,.0f}" if whole else f"{value:,.2f}"
    if language == "vi":
        shown = shown.replace(",", " ").replace(".", ",").replace(" ", ".")
    return shown


def day(value: date) -> str:
    """dd/mm/yyyy."""
    return f"{value:%d/%m/%Y}"


def _listed(items: tuple[str, ...]) -> str:
    """Addressees or recipients on one line, the first few of a long list."""
    return "; ".join(items[:MAX_RECIPIENTS]) + (" …" if len(items) > MAX_RECIPIENTS else "")


def _header_items(header: OfficialHeader, language: str) -> list[str]:
    issuer = " – ".join(x for x in (header.parent, header.issuer) if x)
    where = ", ".join(x for x in (header.place, day(header.date) if header.date else None) if x)
    signer = " ".join(x for x in (header.signer_title, header.signer) if x)
    addressees = _listed(header.addressees)
    recipients = _listed(header.recipients_resolved)
    fields = [
        ("field_type", header.doc_type),
        ("field_number", header.number),
        ("field_issuer", issuer),
        ("field_where", where),
        ("field_subject", header.subject),
        ("field_addressees", addressees),
        ("field_signer", signer),
        ("field_recipients", recipients),
    ]
    return [f"{text(key, language)}: {value}" for key, value in fields if value]


def _sheet_lines(sheet: SheetSummary, language: str) -> list[str]:
    lines = [text("sheet_size", language, name=sheet.name, rows=sheet.rows, cols=sheet.columns)]
    if sheet.header:
        names = ", ".join(sheet.header[:MAX_COLUMNS]) + (
            " …" if len(sheet.header) > MAX_COLUMNS else ""
        )
        lines.append(f"{text('sheet_columns', language)}: {names}")
    if sheet.totals:
        totals = "; ".join(f"{name} {number(v, language)}" for name, v in sheet.totals[:4])
        key = "sheet_totals_given" if sheet.totals_from_sheet else "sheet_totals"
        lines.append(f"{text(key, language)}: {totals}")
    if sheet.mismatched:
        lines.append(text("sheet_mismatch", language, columns=", ".join(sheet.mismatched)))
    if sheet.unchecked:
        lines.append(text("sheet_unchecked", language, columns=", ".join(sheet.unchecked)))
    for notable in sheet.notable:
        lines.append(
            text(
                f"sheet_{notable.kind}",
                language,
                column=sheet.main_column or "",
                label=notable.label,
                value=number(notable.value, language),
            )
        )
    return lines


def render_summary(
    found: FileSummary, language: str, reply: Reply, generated: str | None = None
) -> None:
    """Append a file's summary to a reply (with the model's summary first, when there is one)."""
    if found.title in {found.name, PurePath(found.name).stem}:
        reply.add(
            Style.TITLE, text("summary_title", language, name=found.name, title="").rstrip(": ")
        )
    else:
        reply.add(Style.TITLE, text("summary_title", language, name=found.name, title=found.title))
    if found.header.is_official:
        for item in _header_items(found.header, language):
            reply.add(Style.ITEM, item)
    elif found.header.number:
        reply.add(Style.ITEM, f"{text('field_number', language)}: {found.header.number}")
    for sheet in found.sheets:
        for index, line in enumerate(_sheet_lines(sheet, language)):
            reply.add(Style.PARAGRAPH if index == 0 else Style.ITEM, line)
    if generated:
        reply.add(Style.NOTE, text("summary_generated", language))
        reply.add(Style.PARAGRAPH, generated)
    elif found.summary.gist:
        reply.add(Style.PARAGRAPH, found.summary.gist)
    if found.summary.points:
        reply.add(Style.NOTE, text("summary_points", language))
        for point in found.summary.points:
            reply.add(Style.ITEM, point)
    if not found.sheets and not found.summary.gist:
        reply.add(Style.NOTE, text("summary_nothing", language))
    if found.deadlines:
        reply.add(Style.NOTE, text("summary_deadlines", language))
        for deadline in found.deadlines:
            when = day(deadline.date) if deadline.date else text("deadline_open", language)
            what = f"{deadline.task} ({deadline.text})" if deadline.task else deadline.text
            reply.add(Style.ITEM, f"{when}: {what}")
    if found.amounts:
        reply.add(Style.ITEM, f"{text('summary_amounts', language)}: {'; '.join(found.amounts)}")
    if not found.sheets:
        reply.add(Style.NOTE, text("summary_size", language, pages=found.pages, chars=found.chars))
    if found.ocr is not None:
        _ocr_notes(found.ocr, language, reply)
    if found.analysed_chars < found.chars:
        reply.add(Style.NOTE, text("summary_partial", language, chars=found.analysed_chars))


async def record_summary(found: FileSummary, message: IncomingMessage, services: Services) -> None:
    """Store the summary, header and deadlines for the digests, and the audit entry."""
    summarized = Summarized(
        platform=message.platform,
        chat_id=message.chat_id,
        user_id=message.user_id,
        title=mask_personal_data(found.title)[:500],
        number=found.header.number,
        issuer=found.header.issuer,
        deadlines=[Deadline(d.text, d.date) for d in found.deadlines],
        summary=mask_personal_data("\n".join([found.summary.gist, *found.summary.points]).strip()),
    )
    await asyncio.to_thread(services.events.record_summary, summarized)
    await services.log_audit(
        message, "summary", mask_personal_data(found.title)[:300], [found.name[:200]]
    )


def _ocr_notes(ocr: OcrReport, language: str, reply: Reply) -> None:
    """Say which pages were read by OCR and how confidently, and which could not be read."""
    if ocr.pages:
        confidence = f"{ocr.confidence:.0f}" if ocr.confidence is not None else "?"
        reply.add(
            Style.NOTE,
            text("summary_ocr", language, pages=page_list(ocr.pages), confidence=confidence),
        )
    if ocr.unread:
        reply.add(Style.NOTE, text("summary_ocr_unread", language, pages=page_list(ocr.unread)))
    if ocr.missing:
        reply.add(Style.NOTE, text("summary_ocr_missing", language, reason=ocr.missing))


def page_list(pages: tuple[int, ...]) -> str:
    """Page numbers as ranges: (1, 2, 3, 5) -> '1-3, 5'."""
    ranges: list[list[int]] = []
    for number in sorted(pages):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)
