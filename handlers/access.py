"""`/grant`, `/revoke`, `/whois`, `/link`, `/label`: people, roles and collection readers."""

from __future__ import annotations

import asyncio

from handlers.messages import text
from handlers.services import Services
from handlers.types import IncomingMessage, Reply, Request, Style
from retrieval.access.control import (
    ROLES,
    AccessControl,
    AccessError,
    PersonView,
    ReaderKind,
)

CHATS = frozenset({"telegram", "slack", "zalo"})
"""Platforms whose chats can be granted a reading (`here`, `chat:zalo:ID`)."""


def _reader(
    who: str, message: IncomingMessage, access: AccessControl, *, granting: bool
) -> tuple[ReaderKind, str]:
    """What a grant of a collection names: `role:staff`, `#3`, an account, `here` or
    `chat:telegram:-100…`; a person given a reading must hold a role (revoking needs none)."""
    if who.startswith("role:"):
        role = who[5:]
        if role not in ROLES:
            raise AccessError(f"no role {role!r} (roles: {', '.join(ROLES)})")
        return "role", role
    if who == "here":
        if message.platform not in CHATS:
            raise AccessError("'here' names a Telegram, Slack or Zalo chat; use chat:telegram:ID")
        return "chat", f"{message.platform}:{message.chat_id}"
    if who.startswith("chat:"):
        chat = who[5:]
        if chat.partition(":")[0] not in CHATS or not chat.partition(":")[2]:
            raise AccessError(f"not a chat: {who[:60]!r} (chat:telegram:ID or chat:slack:ID)")
        return "chat", chat
    person = access.resolve(who) if who.startswith("#") else access.person(who)
    if person is None and not granting:
        raise AccessError(f"nobody is known as {who[:60]}")
    if person is None or (granting and not person.roles):
        raise AccessError(f"{who[:60]} has no role yet: give one first (staff, leader, admin)")
    return "person", str(person.id)


def change(
    access: AccessControl, message: IncomingMessage, command: str, words: list[str]
) -> tuple[str, str]:
    """Apply a grant, revocation, link or label (`command` is the command's English name);
    (message key, audit detail). Synchronous."""
    if len(words) != 2:
        raise AccessError("two words expected, see /grant help")
    who, what = words
    if command == "label":
        changed = access.label(who, what)
        return ("access_changed" if changed else "access_unchanged"), f"label {who} {what}"
    if command == "link":
        person = access.link(who, what)
        return "access_changed", f"link {person.describe()}"
    granting = command == "grant"
    verb = "grant" if granting else "revoke"
    if what in ROLES:
        applied = access.grant_role(who, what) if granting else access.revoke_role(who, what)
        return ("access_changed" if applied else "access_unchanged"), f"{verb} {who} role {what}"
    if not access.is_collection(what):
        raise AccessError(f"{what[:60]!r} is neither a role ({', '.join(ROLES)}) nor a collection")
    kind, subject = _reader(who, message, access, granting=granting)
    applied = (access.allow if granting else access.disallow)(what, kind, subject)
    return ("access_changed" if applied else "access_unchanged"), f"{verb} {what} {kind}:{subject}"


def whois(access: AccessControl, request: Request) -> Reply:
    """Who someone is and what they may read; anyone may ask about themselves. Synchronous."""
    message, clearance, language = request.message, request.clearance, request.language
    words = request.args.split()
    reply = Reply(language)
    me = f"{message.platform}:{message.user_id}"
    if message.platform in {"console", "cli"} and not words:
        return reply.add(Style.PARAGRAPH, text("whois_operator", language))
    if words and words[0] == "here" and clearance.roles:
        cleared = sorted(access.chat_collections(message.platform, message.chat_id))
        names = ", ".join(cleared) or text("nothing", language)
        return reply.add(Style.PARAGRAPH, text("whois_chat", language, names=names))
    if words and not clearance.has("admin"):
        return reply.add(Style.PARAGRAPH, text("admin_only", language))
    if words and not message.is_private:
        # Everyone's accounts, roles and readers are not for a group's eyes, whatever it may read.
        return reply.add(Style.PARAGRAPH, text("whois_private_only", language))
    if words and words[0] in {"all", "tatca"}:
        reply.add(Style.TITLE, text("whois_people", language))
        for someone in access.people():
            reply.add(Style.ITEM, someone.describe())
        reply.add(Style.TITLE, text("whois_collections", language))
        for collection in access.collections():
            readers = ", ".join(collection.readers) or "-"
            label = text(f"label_{collection.sensitivity}", language)
            reply.add(Style.ITEM, f"{collection.name} · {label}: {readers}")
        return reply
    person: PersonView | None = access.resolve(words[0]) if words else clearance.person
    if person is None:
        return reply.add(Style.PARAGRAPH, text("whois_unknown", language, me=me))
    roles = ", ".join(sorted(person.roles)) or text("nothing", language)
    reply.add(Style.PARAGRAPH, text("whois_person", language, who=person.describe(), roles=roles))
    if not words:
        names = ", ".join(sorted(clearance.collections or ())) or text("nothing", language)
        reply.add(Style.ITEM, text("whois_readable_here", language, names=names))
    return reply


async def change_access(request: Request, services: Services) -> Reply:
    """`/grant`, `/revoke`, `/link`, `/label` (administrators): apply and audit the change."""
    words, language = request.args.split(), request.language
    reply = Reply(language)
    if not words or words[0] in {"help", "huongdan"}:
        return reply.add(Style.PARAGRAPH, text("access_help", language))
    key, detail = await asyncio.to_thread(
        change, services.access, request.message, request.command, words
    )
    if key == "access_changed":
        await services.log_audit(request.message, "access", detail)
    return reply.add(Style.PARAGRAPH, text(key, language, detail=detail))
