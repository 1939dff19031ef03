"""From an incoming message to the handler that answers it."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from handlers.access import ADMIN_COMMANDS, WHOIS, handle_admin
from handlers.ask import handle_ask
from handlers.digest_commands import handle_digest
from handlers.files import handle_files
from handlers.messages import text
from handlers.services import Services
from handlers.summarize import ADD, handle_add
from handlers.types import IncomingMessage, Reply, Style
from retrieval.access.control import ROLES, Clearance, PersonView
from retrieval.errors import VanthuError
from retrieval.text import detect_language

log = logging.getLogger(__name__)
HELP = {"/help", "/start", "/trogiup"}
ASK = {"/ask", "/hoi"}
DOCS = {"/docs", "/tailieu"}
DIGEST = {"/digest", "/bantin"}
COMMANDS = frozenset(HELP | ASK | DOCS | DIGEST | WHOIS | ADMIN_COMMANDS | ADD)
# The person at the terminal (the console chat, the command line) runs the installation and
# holds its database: every role, every collection. Chat edges never produce such messages.
OPERATOR_PLATFORMS = frozenset({"console", "cli"})
OPERATOR = Clearance(PersonView(0, ("console:operator",), frozenset(ROLES)), None)


async def clearance_of(message: IncomingMessage, services: Services) -> Clearance:
    """Who is asking and what this message may draw on, read fresh for every message."""
    if services.access is None or message.platform in OPERATOR_PLATFORMS:
        return OPERATOR
    return await asyncio.to_thread(
        services.access.clearance,
        message.platform,
        message.user_id,
        message.chat_id,
        private=message.is_private,
    )


def scoped(message: IncomingMessage, clearance: Clearance) -> IncomingMessage:
    """The message limited to the collections its clearance allows (and any it asked for)."""
    if clearance.collections is None:
        return message
    allowed = clearance.collections
    if message.collections is not None:
        allowed = allowed & set(message.collections)
    return dataclasses.replace(message, collections=tuple(sorted(allowed)))


def help_reply(language: str, clearance: Clearance = OPERATOR) -> Reply:
    """The commands this person may use, in the asker's language."""
    reply = Reply(language).add(Style.TITLE, text("help_title", language))
    reply.add(Style.PARAGRAPH, text("help_body", language))
    keys = ["help_ask", "help_docs"]
    if clearance.has("admin", "leader"):
        keys.append("help_digest")
    if clearance.has("admin"):
        keys.append("help_access")
    for key in [*keys, "help_whois", "help_help"]:
        reply.add(Style.ITEM, text(key, language))
    return reply


async def docs_reply(
    services: Services, language: str, collections: tuple[str, ...] | None = None
) -> Reply:
    """The documents of the library the asker may read, one line each."""
    documents = await asyncio.to_thread(services.library.documents)
    if collections is not None and documents:
        documents = [d for d in documents if d.collection in collections]
        if not documents:
            return Reply(language).add(Style.PARAGRAPH, text("docs_none_readable", language))
    if not documents:
        return Reply(language).add(Style.PARAGRAPH, text("library_empty", language))
    reply = Reply(language).add(Style.TITLE, text("docs_title", language, count=len(documents)))
    for doc in documents:
        number = f" ({doc.number})" if doc.number else ""
        label = text(f"label_{doc.sensitivity}", language)
        reply.add(Style.ITEM, f"{doc.title}{number} [{doc.collection} · {label}]")
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
        command, _, rest = body.partition(" ") if body.startswith("/") else ("", "", body)
        command = command.split("@", 1)[0].lower()
        clearance = await clearance_of(message, services)
        if command in HELP:
            return help_reply(detect_language(rest) if rest else language, clearance)
        if command in WHOIS:
            return await handle_admin(command, rest, message, clearance, services, language)
        refusal = _refusal(command, message, clearance, services, language)
        if refusal is not None:
            return refusal
        message = scoped(message, clearance)
        if message.attachments:
            return await handle_files(message, services, language, clearance)
        if not command or command in ASK:
            reply = await handle_ask(rest, message, services, language)
            if not message.is_private and reply.answer is not None and not reply.answer.covered:
                await _hint_private(reply, message, clearance, services, language)
            return reply
        if command in DOCS:
            return await docs_reply(services, language, message.collections)
        if command in DIGEST:
            return await handle_digest(rest, message, clearance, services, language)
        if command in ADD:
            return await handle_add(rest, message, clearance, services, language)
        if command in ADMIN_COMMANDS:
            return await handle_admin(command, rest, message, clearance, services, language)
        return Reply(language).add(
            Style.PARAGRAPH, text("unknown_command", language, command=command[:40])
        )
    except VanthuError as exc:
        log.info("expected problem: %s", exc)
        reply = Reply(language, problem=True)
        return reply.add(Style.PARAGRAPH, text("problem", language, detail=exc.detail))
    except Exception:
        log.exception("failed to handle a message")
        return Reply(language).add(Style.PARAGRAPH, text("internal_error", language))


def _refusal(
    command: str,
    message: IncomingMessage,
    clearance: Clearance,
    services: Services,
    language: str,
) -> Reply | None:
    """The reply for someone who may not do this, or None when they may."""
    if clearance.roles:
        return None
    if services.access is not None and services.access.unknown == "public":
        if message.attachments:
            return Reply(language).add(Style.PARAGRAPH, text("files_need_role", language))
        if not command or command in ASK | DOCS:
            return None
        if command not in COMMANDS:
            return None  # the unknown command gets its own message
    me = f"{message.platform}:{message.user_id}"
    return Reply(language).add(Style.PARAGRAPH, text("not_allowed", language, me=me))


async def _hint_private(
    reply: Reply,
    message: IncomingMessage,
    clearance: Clearance,
    services: Services,
    language: str,
) -> None:
    """In a group, say when the asker may read more in a private chat (never what)."""
    if services.access is None or clearance.collections is None:
        return
    private = await asyncio.to_thread(
        services.access.clearance, message.platform, message.user_id, "", private=True
    )
    if private.collections and private.collections - clearance.collections:
        reply.add(Style.NOTE, text("ask_privately", language))


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
