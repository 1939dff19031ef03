"""Files sent or forwarded to the bot: downloaded within limits, read safely, acknowledged."""

from __future__ import annotations

import asyncio
import logging
from pathlib import PurePath

from handlers.messages import has_text, text
from handlers.services import Services
from handlers.types import Attachment, IncomingMessage, Reply, Style
from retrieval.errors import UnreadableFile
from retrieval.readers import SUPPORTED, ReadFile, read_bytes
from retrieval.structure import find_number, find_title
from scheduler.audit import Entry

log = logging.getLogger(__name__)
MAX_FILES_PER_MESSAGE = 5


async def read_attachment(attachment: Attachment, services: Services) -> ReadFile:
    """Check the type and size, download, and parse; every failure is an UnreadableFile."""
    suffix = PurePath(attachment.name).suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableFile("unsupported", suffix or "(none)")
    limit = services.max_file_bytes
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
    return await services.run_cpu(read_bytes, data, SUPPORTED[suffix], max_pages=services.max_pages)


async def handle_files(message: IncomingMessage, services: Services, language: str) -> Reply:
    """Acknowledge each file with what could be read from it, or why it could not."""
    reply = Reply(language)
    if services.audit is not None:
        entry = Entry(
            actor=f"{message.platform}:{message.user_id}",
            action="file",
            chat=f"{message.platform}:{message.chat_id}",
            detail=", ".join(a.name[:120] for a in message.attachments),
        )
        await asyncio.to_thread(services.audit.record, entry)
    for attachment in message.attachments[:MAX_FILES_PER_MESSAGE]:
        name = attachment.name[:120]
        try:
            document = await read_attachment(attachment, services)
        except UnreadableFile as exc:
            key = f"file_{exc.code}"
            reason = text(key, language) if has_text(key) else exc.code
            reply.add(Style.PARAGRAPH, text("file_unreadable", language, name=name, reason=reason))
            continue
        lines = document.text.splitlines()
        reply.add(Style.TITLE, text("file_received", language, name=name))
        reply.add(Style.ITEM, f"{find_title(lines, name)}")
        number = find_number(lines)
        if number:
            reply.add(Style.ITEM, text("file_number", language, number=number))
        pages = sum(page.number is not None for page in document.pages)
        reply.add(
            Style.ITEM,
            text("file_size", language, pages=pages or 1, chars=len(document.text)),
        )
        reply.add(Style.NOTE, text("summary_pending", language))
    if len(message.attachments) > MAX_FILES_PER_MESSAGE:
        reply.add(Style.NOTE, text("too_many_files", language, limit=MAX_FILES_PER_MESSAGE))
    return reply
