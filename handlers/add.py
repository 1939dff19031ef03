"""`/add CODE collection`: an administrator puts a file summarized in a chat into the library
(parsed again in the sandboxed child; the new collection is readable by nobody until granted)."""

from __future__ import annotations

import asyncio
import functools
import re

from handlers.messages import text
from handlers.services import Services
from handlers.types import Reply, Request, Style
from retrieval.access.control import ROLES
from retrieval.documents.sandbox import read_isolated
from retrieval.records.events import Changed

_COLLECTION = re.compile(r"[\w-]{1,60}")


async def handle_add(request: Request, services: Services) -> Reply:
    """`/add CODE collection`: an admin puts a summarized file into the library."""
    message, language = request.message, request.language
    reply = Reply(language)
    words = request.args.split()
    if len(words) != 2:
        return reply.add(Style.PARAGRAPH, text("add_usage", language))
    code, collection = words
    if collection in ROLES or not _COLLECTION.fullmatch(collection):
        return reply.add(
            Style.PARAGRAPH, text("add_bad_collection", language, name=collection[:40])
        )
    kept = await asyncio.to_thread(services.offered.get, code)
    if kept is None:
        return reply.add(Style.PARAGRAPH, text("add_unknown", language, code=code[:20]))
    source = f"{message.platform}:{kept.sha256[:16]}/{kept.name}"
    limits = services.files
    parse = functools.partial(
        read_isolated,
        max_pages=limits.max_pages,
        timeout_s=limits.parse_timeout_s,
        memory_mb=limits.parse_memory_mb,
        ocr=limits.ocr,
    )
    result = await services.run_cpu(
        services.library.ingest_data,
        kept.data,
        kept.file_type,
        source,
        kept.name,
        collection,
        parse,
    )
    if result.status == "failed":
        reply.problem = True
        return reply.add(
            Style.PARAGRAPH, text("add_failed", language, reason=result.reason or result.code)
        )
    await asyncio.to_thread(services.offered.drop, kept.code)
    if result.status in {"added", "updated"}:
        action = "added" if result.status == "added" else "changed"
        changed = Changed(action, kept.name, collection)
        await asyncio.to_thread(services.events.record_change, changed)
    await services.log_audit(
        message, "ingest", f"{result.status} into {collection}", [source[:200]]
    )
    return reply.add(
        Style.PARAGRAPH,
        text("add_done", language, name=kept.name, collection=collection, status=result.status),
    )
