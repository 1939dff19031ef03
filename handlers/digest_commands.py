"""`/digest ...`: subscribe a channel to scheduled digests, list, preview, post now, unsubscribe."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.digest_reply import render_digest
from handlers.messages import text
from handlers.services import Services
from handlers.types import Reply, Request, Style
from scheduler.schedule import DEFAULT_TIMEZONE, ScheduleError

_WEEKDAY_WORDS = {"weekdays", "t2-t6", "ngay-lam-viec"}
_OFFICE_WORDS = {"office", "toanco", "toan-co"}  # every chat's questions and files, not just here
# Every subcommand but help: a preview shows what others asked, so it is for managers too.
_MANAGING = {
    "subscribe",
    "dangky",
    "unsubscribe",
    "huy",
    "now",
    "gui",
    "list",
    "ds",
    "preview",
    "xem",
}


def _is_zone(word: str) -> bool:
    try:
        ZoneInfo(word)
    except (ValueError, KeyError):
        return False
    return word[:1].isalpha()


def parse_subscription(words: list[str]) -> tuple[str, str, bool, str]:
    """(schedule, time zone, weekdays only, language) from `17:00 weekdays en Asia/Bangkok`
    or `cron */30 8-17 * * mon-fri UTC` (the five crontab fields come right after `cron`)."""
    cron = bool(words) and words[0].lower() == "cron"
    schedule_words, extras = (words[1:6], words[6:]) if cron else ([], words)
    weekdays = any(w.lower() in _WEEKDAY_WORDS for w in extras)
    language = "en" if any(w.lower() == "en" for w in extras) else "vi"
    zone = next((w for w in extras if _is_zone(w)), DEFAULT_TIMEZONE)
    if cron:
        return " ".join(schedule_words), zone, weekdays, language
    times = [w for w in extras if ":" in w]
    if not times:
        raise ScheduleError("no time given")
    return times[0], zone, weekdays, language


async def handle_digest(request: Request, services: Services) -> Reply:
    """Dispatch a `/digest` subcommand; every path ends in a reply."""
    message, clearance, language = request.message, request.clearance, request.language
    runner = services.digests
    reply = Reply(language)
    words = request.args.split()
    command = words[0].lower() if words else "help"
    if command in _MANAGING and not clearance.has("admin", "leader"):
        return reply.add(Style.PARAGRAPH, text("digest_not_allowed", language))
    office = bool(_OFFICE_WORDS & {w.lower() for w in words})
    if command in {"subscribe", "dangky"} and office and not clearance.has("admin"):
        # Every chat's questions, private ones included: an administrator decides where.
        return reply.add(Style.PARAGRAPH, text("admin_only", language))
    store = runner.subscriptions
    platform, channel = message.platform, message.chat_id
    if command in {"subscribe", "dangky"}:
        if platform not in {"telegram", "slack", "zalo"}:
            return reply.add(Style.PARAGRAPH, text("digest_chat_only", language))
        try:
            schedule, zone, weekdays, digest_language = parse_subscription(words[1:])
            subscription = await asyncio.to_thread(
                store.subscribe,
                platform,
                channel,
                schedule,
                timezone=zone,
                weekdays_only=weekdays,
                language=digest_language,
                created_by=message.user_id,
                scope="office" if office else "chat",
            )
        except ScheduleError as exc:
            return reply.add(Style.PARAGRAPH, text("digest_bad_schedule", language, detail=exc))
        await services.log_audit(
            message, "digest_subscription", f"subscribe {subscription.describe()}"
        )
        return reply.add(
            Style.PARAGRAPH, text("digest_subscribed", language, what=subscription.describe())
        )
    if command in {"unsubscribe", "huy"}:
        removed = await asyncio.to_thread(store.unsubscribe, platform, channel)
        if removed:
            await services.log_audit(
                message, "digest_subscription", f"unsubscribe {platform}:{channel}"
            )
        key = "digest_unsubscribed" if removed else "digest_none_here"
        return reply.add(Style.PARAGRAPH, text(key, language))
    if command in {"list", "ds"}:
        subscriptions = await asyncio.to_thread(store.all)
        if not subscriptions:
            return reply.add(Style.PARAGRAPH, text("digest_list_empty", language))
        reply.add(Style.TITLE, text("digest_list_title", language, count=len(subscriptions)))
        for subscription in subscriptions:
            reply.add(Style.ITEM, subscription.describe())
        return reply
    if command in {"now", "gui"}:
        here = await asyncio.to_thread(store.find, platform, channel)
        if here is None:
            return reply.add(Style.PARAGRAPH, text("digest_none_here", language))
        outcome = await runner.send_now(here)
        return reply.add(Style.NOTE, text(f"digest_now_{outcome.status}", language))
    if command in {"preview", "xem"}:
        here = await asyncio.to_thread(store.find, platform, channel)
        end = datetime.now(UTC)
        if here is not None:  # exactly what this chat will be sent, by the same scope rules
            start = await asyncio.to_thread(runner.ledger.last_sent_end, here.id)
            digest = await services.run_cpu(
                runner.build_for, here, start or end - timedelta(days=1), end
            )
            return render_digest(digest, language)
        # No subscription here: this chat's own activity (the operator sees the office's).
        chat = None if clearance.collections is None else (platform, channel)
        digest = await services.run_cpu(
            runner.build,
            end - timedelta(days=1),
            end,
            DEFAULT_TIMEZONE,
            clearance.collections,
            chat,
        )
        return render_digest(digest, language)
    return reply.add(Style.PARAGRAPH, text("digest_help", language))
