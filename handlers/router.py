"""From an incoming message to the handler that answers it."""

from __future__ import annotations

import asyncio
import logging

from handlers.ask import handle_ask
from handlers.digest_commands import handle_digest
from handlers.files import handle_files
from handlers.messages import text
from handlers.services import Services
from handlers.types import IncomingMessage, Reply, Style
from retrieval.errors import VanthuError
from retrieval.text import detect_language

log = logging.getLogger(__name__)
HELP = {"/help", "/start", "/trogiup"}
ASK = {"/ask", "/hoi"}
DOCS = {"/docs", "/tailieu"}
DIGEST = {"/digest", "/bantin"}
COMMANDS = frozenset(HELP | ASK | DOCS | DIGEST)


def help_reply(language: str) -> Reply:
    """The list of commands in the asker's language."""
    reply = Reply(language).add(Style.TITLE, text("help_title", language))
    reply.add(Style.PARAGRAPH, text("help_body", language))
    for key in ("help_ask", "help_docs", "help_digest", "help_help"):
        reply.add(Style.ITEM, text(key, language))
    return reply


async def docs_reply(services: Services, language: str) -> Reply:
    """The documents of the library, one line each."""
    documents = await asyncio.to_thread(services.library.documents)
    if not documents:
        return Reply(language).add(Style.PARAGRAPH, text("library_empty", language))
    reply = Reply(language).add(Style.TITLE, text("docs_title", language, count=len(documents)))
    for doc in documents:
        number = f" ({doc.number})" if doc.number else ""
        reply.add(Style.ITEM, f"{doc.title}{number} [{doc.collection}]")
    return reply


async def route(message: IncomingMessage, services: Services) -> Reply:
    """Dispatch a message; every path, failures included, ends in a reply."""
    body = message.text.strip()
    language = detect_language(body)
    try:
        limit = services.user_limit
        if limit is not None and not await limit.allow(message.platform, message.user_id):
            if await limit.first_refusal(message.platform, message.user_id):
                return Reply(language).add(Style.PARAGRAPH, text("rate_limited", language))
            return Reply(language)  # already told in this window: nothing to send
        if message.attachments:
            return await handle_files(message, services, language)
        if not body.startswith("/"):
            return await handle_ask(body, message, services, language)
        command, _, rest = body.partition(" ")
        command = command.split("@", 1)[0].lower()
        if command in HELP:
            return help_reply(detect_language(rest) if rest else language)
        if command in ASK:
            return await handle_ask(rest, message, services, language)
        if command in DOCS:
            return await docs_reply(services, language)
        if command in DIGEST:
            return await handle_digest(rest, message, services, language)
        return Reply(language).add(
            Style.PARAGRAPH, text("unknown_command", language, command=command[:40])
        )
    except VanthuError as exc:
        log.info("expected problem: %s", exc)
        return Reply(language).add(Style.PARAGRAPH, text("problem", language, detail=exc.detail))
    except Exception:
        log.exception("failed to handle a message")
        return Reply(language).add(Style.PARAGRAPH, text("internal_error", language))


async def record_feedback(
    question_id: int, user_id: str, *, useful: bool, services: Services, language: str
) -> str:
    """Store a verdict on an answer and say thanks (or that the answer is unknown)."""
    if services.events is None:
        return text("feedback_unknown", language)
    try:
        known = await asyncio.to_thread(
            services.events.record_feedback, question_id, user_id, useful=useful
        )
    except Exception:
        log.exception("failed to store feedback")
        return text("internal_error", language)
    return text("feedback_thanks" if known else "feedback_unknown", language)
