"""From an incoming message to the handler that answers it, through the command table."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import datetime, timedelta

from handlers.commands import Command, find
from handlers.files import handle_files
from handlers.messages import text
from handlers.reports import handle_round_files, unit_in_caption
from handlers.services import Services
from handlers.types import IncomingMessage, Reply, Request, Style
from retrieval.access.control import ROLES, Clearance, PersonView
from retrieval.errors import VanthuError
from retrieval.text import detect_language

log = logging.getLogger(__name__)
# The person at the terminal (the console chat, the command line) runs the installation and
# holds its database: every role, every collection. Chat edges never produce such messages.
OPERATOR_PLATFORMS = frozenset({"console", "cli"})
OPERATOR = Clearance(PersonView(0, ("console:operator",), frozenset(ROLES)), None)
VERDICTS = {"1": True, "0": False}
VERDICT_WINDOW = timedelta(days=1)


async def clearance_of(message: IncomingMessage, services: Services) -> Clearance:
    """Who is asking and what this message may draw on, read fresh for every message."""
    if message.platform in OPERATOR_PLATFORMS:
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


def parse(body: str, platform: str) -> tuple[Command | None, str, str]:
    """(the command, its English name, the words after it) of a message's text: a plain
    question is `ask`; an unknown `/word` has no command and keeps its word as the name."""
    if not body.startswith("/"):
        return find("ask", platform), "ask", body
    word, _, rest = body.partition(" ")
    command = find(word, platform)
    return command, command.name if command else word.split("@", 1)[0], rest.strip()


async def _over_limit(message: IncomingMessage, services: Services, language: str) -> Reply | None:
    """The reply for a person over their message limit (empty after the first), or None."""
    if message.platform in OPERATOR_PLATFORMS:
        return None
    limit = services.user_limit
    if await limit.allow(message.platform, message.user_id):
        return None
    if await limit.first_refusal(message.platform, message.user_id):
        return Reply(language).add(Style.PARAGRAPH, text("rate_limited", language))
    return Reply(language)  # already told in this window: nothing to send


async def route(message: IncomingMessage, services: Services) -> Reply:
    """Dispatch a message; every path, failures included, ends in a reply."""
    body = message.text.strip()
    language = detect_language(body)
    try:
        limited = await _over_limit(message, services, language)
        if limited is not None:
            return limited
        command, name, args = parse(body, message.platform)
        if name == "help" and args:  # "/help in English"
            language = detect_language(args)
        clearance = await clearance_of(message, services)
        refusal = _refusal(command, name, message, clearance, services, language)
        if refusal is not None:
            return refusal
        message = scoped(message, clearance)
        if message.attachments:
            given = unit_in_caption(name, args)
            submitted = await handle_round_files(message, services, language, given)
            if submitted is not None:  # a round is open in this chat: the files are reports
                return submitted
            return await handle_files(message, services, language, clearance)
        if command is None:
            return Reply(language).add(
                Style.PARAGRAPH, text("unknown_command", language, command=name[:40])
            )
        request = Request(message, command.name, args, clearance, language)
        return await command.handler(request, services)
    except VanthuError as exc:
        log.info("expected problem: %s", exc)
        reply = Reply(language, problem=True)
        return reply.add(Style.PARAGRAPH, text("problem", language, detail=exc.detail))
    except Exception:
        log.exception("failed to handle a message")
        return Reply(language).add(Style.PARAGRAPH, text("internal_error", language))


def _refusal(
    command: Command | None,
    name: str,
    message: IncomingMessage,
    clearance: Clearance,
    services: Services,
    language: str,
) -> Reply | None:
    """The reply for someone who may not do this, or None when they may."""
    if command is not None and not command.roles:
        return None  # anyone: help, whois
    if clearance.roles:
        if command is None or message.attachments or command.allows(clearance):
            return None
        return Reply(language).add(Style.PARAGRAPH, text("admin_only", language))
    if services.access.unknown == "public":
        if message.attachments:
            return Reply(language).add(Style.PARAGRAPH, text("files_need_role", language))
        if command is None or command.public:
            return None  # a public question, or an unknown command with its own message
    me = f"{message.platform}:{message.user_id}"
    return Reply(language).add(Style.PARAGRAPH, text("not_allowed", language, me=me))


async def text_verdict(
    message: IncomingMessage, services: Services, language: str, now: datetime
) -> str | None:
    """Where there are no buttons: a message "1" or "0" is a verdict on the sender's last
    answer in that chat (asked within VERDICT_WINDOW, not yet judged), stored like a click;
    the thanks, or None when the message is not such a verdict."""
    useful = VERDICTS.get(message.text.strip())
    if useful is None or message.attachments:
        return None
    question_id = await asyncio.to_thread(
        services.events.awaiting_verdict,
        message.platform,
        message.chat_id,
        message.user_id,
        now - VERDICT_WINDOW,
    )
    if question_id is None:
        return None
    return await record_feedback(
        question_id, message, useful=useful, services=services, language=language
    )


async def record_feedback(
    question_id: int,
    clicker: IncomingMessage,
    *,
    useful: bool,
    services: Services,
    language: str,
) -> str:
    """Store a verdict on an answer and say thanks; a click from someone who neither asked
    nor may read the cited documents in the asking chat is told it was not counted."""
    try:
        counted = await asyncio.to_thread(_count_feedback, question_id, clicker, useful, services)
    except Exception:
        log.exception("failed to store feedback")
        return text("internal_error", language)
    key = {None: "feedback_unknown", True: "feedback_thanks", False: "feedback_not_counted"}
    return text(key[counted], language)


def _count_feedback(
    question_id: int, clicker: IncomingMessage, useful: bool, services: Services
) -> bool | None:
    """Whether the click counts (None: no such answer); synchronous."""
    asked = services.events.asked(question_id)
    if asked is None:
        return None
    if clicker.platform != asked.platform:
        return False
    if clicker.user_id != asked.user_id:
        # A member of the asking chat who may read every document the answer quoted.
        if clicker.chat_id != asked.chat_id:
            return False
        clearance = services.access.clearance(
            clicker.platform, clicker.user_id, clicker.chat_id, private=clicker.is_private
        )
        cited = services.library.collections_of(asked.documents)
        if not clearance.roles or not cited <= (clearance.collections or frozenset()):
            return False
    services.events.record_feedback(question_id, clicker.user_id, useful=useful)
    return True
