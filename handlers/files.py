"""Files sent or forwarded to the bot: downloaded within limits, read in a child process,
summarized, recorded for the digests."""

from __future__ import annotations

import asyncio
import logging
from pathlib import PurePath

from handlers.messages import has_text, text
from handlers.progress import PageStatus
from handlers.services import Services
from handlers.summarize import record_summary, render_summary
from handlers.types import Attachment, IncomingMessage, Reply, Style
from retrieval.access.control import Clearance
from retrieval.documents.readers import SUPPORTED, OcrReport, Page, PageProgress, ReadFile
from retrieval.documents.sandbox import read_isolated
from retrieval.errors import UnreadableFile
from retrieval.summaries.files import summarize_file

log = logging.getLogger(__name__)
MAX_FILES_PER_MESSAGE = 5
MAX_ALBUM_PAGES = 10  # a Telegram album holds ten photos
LLM_CHARS = 48_000  # what a model summary may read of a file: about 8 parts of 6,000


async def download(attachment: Attachment, services: Services) -> tuple[bytes, str]:
    """The file's bytes and reader name, after the type and size checks."""
    suffix = PurePath(attachment.name).suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableFile("unsupported", suffix or "(none)")
    limit = services.files.max_bytes
    if attachment.size is not None and attachment.size > limit:
        raise UnreadableFile("too_large", f"{attachment.size} > {limit}")
    try:
        data = await attachment.fetch()
    except UnreadableFile:
        raise
    except Exception as exc:  # the platform refused or the connection broke
        log.warning("download of %r failed: %s", attachment.name, type(exc).__name__)
        raise UnreadableFile("download_failed", type(exc).__name__) from exc
    if len(data) > limit:
        raise UnreadableFile("too_large", f"{len(data)} > {limit}")
    return data, SUPPORTED[suffix]


async def read_data(
    data: bytes,
    file_type: str,
    services: Services,
    *,
    tables: bool = False,
    progress: PageProgress | None = None,
) -> ReadFile:
    """Parse in a limited child process (keeping tables' cells and labels when `tables`,
    telling `progress` of the pages read by OCR); every failure is an UnreadableFile."""
    limits = services.files
    return await services.run_cpu(
        read_isolated,
        data,
        file_type,
        max_pages=limits.max_pages,
        timeout_s=limits.parse_timeout_s,
        memory_mb=limits.parse_memory_mb,
        ocr=limits.ocr,
        tables=tables,
        progress=progress,
    )


async def read_attachment(attachment: Attachment, services: Services) -> ReadFile:
    """Check type and size, download, parse in a limited child process; failures: UnreadableFile."""
    return await read_data(*await download(attachment, services), services)


def unreadable_reason(error: UnreadableFile, language: str) -> str:
    """Why a file could not be read, in the asker's language (the code when there are no
    words for it)."""
    key = f"file_{error.code}"
    return text(key, language) if has_text(key) else error.code


async def handle_files(
    message: IncomingMessage, services: Services, language: str, clearance: Clearance
) -> Reply:
    """Summarize each file, or say why it could not be read; admins are offered `/add`. The
    photos of an album are the pages of one document: read together, summarized once. A scan
    of several pages shows its reading page by page in the chat meanwhile."""
    reply = Reply(language)
    await services.log_audit(message, "file", ", ".join(a.name[:120] for a in message.attachments))
    if message.album and len(message.attachments) > 1:
        return await _handle_album(message, services, reply)
    async with PageStatus(
        message.status, language, interval_s=services.status_interval_s
    ) as status:
        for attachment in message.attachments[:MAX_FILES_PER_MESSAGE]:
            await _handle_file(attachment, message, services, clearance, reply, status)
    if len(message.attachments) > MAX_FILES_PER_MESSAGE:
        reply.add(Style.NOTE, text("too_many_files", language, limit=MAX_FILES_PER_MESSAGE))
    return reply


async def _handle_file(
    attachment: Attachment,
    message: IncomingMessage,
    services: Services,
    clearance: Clearance,
    reply: Reply,
    status: PageStatus,
) -> None:
    """One file summarized into the reply, or why it could not be read."""
    language = reply.language
    name = attachment.name[:120]
    try:
        data, file_type = await download(attachment, services)
        document = await read_data(data, file_type, services, progress=status.page)
    except UnreadableFile as exc:
        reason = unreadable_reason(exc, language)
        reply.add(Style.PARAGRAPH, text("file_unreadable", language, name=name, reason=reason))
        return
    await _summarize(document, name, message, services, reply)
    if clearance.has("admin"):
        code = await asyncio.to_thread(services.offered.keep, name, file_type, data)
        reply.add(Style.NOTE, text("add_offer", language, code=code))


async def _summarize(
    document: ReadFile, name: str, message: IncomingMessage, services: Services, reply: Reply
) -> None:
    """One document summarized into the reply and recorded for the digests."""
    language = reply.language
    found = await services.run_cpu(summarize_file, document, name)
    generated = None
    if not found.sheets:
        # Network-bound: a worker thread, not one of the CPU slots.
        # The beginning only: a few model calls, not thousands, for a huge file.
        generated = await asyncio.to_thread(
            services.summarizer.summarize, document.text[:LLM_CHARS], language=language
        )
    render_summary(found, language, reply, generated)
    await record_summary(found, message, services)


async def _handle_album(message: IncomingMessage, services: Services, reply: Reply) -> Reply:
    """The album's photos read in order as the pages of one document, then one summary; a
    photo that cannot be read is named as an unread page."""
    language = reply.language
    photos = message.attachments[:MAX_ALBUM_PAGES]
    pages: list[Page] = []
    unread: list[int] = []
    confidences: list[tuple[float, int]] = []
    missing = ""
    for number, attachment in enumerate(photos, start=1):
        try:
            document = await read_attachment(attachment, services)
        except UnreadableFile as exc:
            unread.append(number)
            missing = missing or (exc.detail if exc.code == "ocr_missing" else "")
            continue
        text_of_photo = document.text.strip()
        pages.append(Page(number, text_of_photo))
        if not text_of_photo:
            unread.append(number)
        report = document.ocr
        if report is not None and report.confidence is not None:
            confidences.append((report.confidence, len(report.pages)))
    name = text("album_name", language, count=len(photos))
    if not any(page.text for page in pages):
        error = UnreadableFile("ocr_missing" if missing else "ocr_unreadable", missing)
        reason = unreadable_reason(error, language)
        reply.add(Style.PARAGRAPH, text("file_unreadable", language, name=name, reason=reason))
        return reply
    weight = sum(count for _, count in confidences)
    mean = round(sum(c * n for c, n in confidences) / weight, 1) if weight else None
    read = [page.number for page in pages if page.text and page.number is not None]
    ocr = OcrReport(tuple(read), mean, tuple(unread), missing)
    await _summarize(ReadFile("image", pages, (), ocr), name, message, services, reply)
    if len(message.attachments) > MAX_ALBUM_PAGES:
        reply.add(Style.NOTE, text("too_many_files", language, limit=MAX_ALBUM_PAGES))
    return reply
