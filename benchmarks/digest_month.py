"""Simulate a month of scheduled digests: 3 channels, 2 processes, 1 crash, 1 two-hour outage.

Two `DigestRunner`s (each with its own connections, as two bot processes would have) share one
database. At every scheduled slot both try to post, as both schedulers would if the lease
failed; one of them dies after the first message of one digest (the other resumes it from the
ledger once the claim is stale); both are down for two hours around another slot and catch it
up when they return. Figures: expected posts, posted, duplicates, misses, and holidays skipped.

    .venv/bin/python -m benchmarks.digest_month [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from benchmarks.digest_build import database
from benchmarks.report import Figures, add_json_argument, exit_with
from bot.database import open_database
from retrieval.records.events import Asked, EventLog
from scheduler.digest import Digest
from scheduler.runner import DigestRunner, Part
from scheduler.schedule import Holidays, Subscription, Subscriptions

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MESSAGES_PER_DIGEST = 3


class Crash(Exception):
    """A process dies in the middle of posting."""


@dataclass
class Channels:
    """Every message posted: (subscription, period end, message index, period start)."""

    posts: list[tuple[int, datetime, int, datetime]] = field(default_factory=list)


@dataclass
class Publisher:
    """Three messages per digest; dies before message `crash_before` once when told to."""

    channels: Channels
    crash_before: int | None = None

    def serves(self, platform: str) -> bool:
        """Every platform: the posts are recorded here."""
        return True

    async def parts(self, subscription: Subscription, digest: Digest) -> list[Part]:
        """Senders that append to the shared record."""

        def part(index: int) -> Part:
            async def send() -> None:
                if self.crash_before == index:
                    self.crash_before = None
                    raise Crash
                self.channels.posts.append((subscription.id, digest.end, index, digest.start))

            return send

        return [part(i) for i in range(MESSAGES_PER_DIGEST)]


def fire_times(subscription: Subscription, start: datetime, end: datetime) -> list[datetime]:
    """Every fire time of a subscription in [start, end)."""
    trigger = subscription.trigger()
    found = []
    moment = trigger.get_next_fire_time(None, start)
    while moment is not None and moment < end:
        found.append(moment)
        moment = trigger.get_next_fire_time(moment, moment + timedelta(microseconds=1))
    return found


def simulate(url: str, start: datetime = datetime(2026, 12, 15, tzinfo=VN)) -> dict[str, int]:
    """Run 30 days (New Year's Day inside) and count what was posted against what should be."""
    store = Subscriptions(open_database(url, auto_upgrade=False))
    subscriptions = [
        store.subscribe("telegram", "-100", "17:00"),
        store.subscribe("slack", "C1", "08:30", weekdays_only=True),
        store.subscribe("telegram", "-200", "0 16 * * fri", language="en"),
    ]
    holidays = Holidays.load()
    events = EventLog(open_database(url, auto_upgrade=False))
    channels = Channels()
    dying = Publisher(channels)
    runners = [
        DigestRunner(open_database(url, auto_upgrade=False), dying, "process-a", holidays),
        DigestRunner(
            open_database(url, auto_upgrade=False), Publisher(channels), "process-b", holidays
        ),
    ]
    end = start + timedelta(days=30)
    slots = sorted((t, s.id) for s in subscriptions for t in fire_times(s, start, end))
    expected = {(sid, t) for t, sid in slots if holidays.name(t.astimezone(VN).date()) is None}
    crash_at, outage_at = slots[len(slots) // 3], slots[2 * len(slots) // 3]

    async def month() -> None:
        for slot, sid in slots:
            dying.crash_before = 1 if (slot, sid) == crash_at else None
            # Back from a two-hour outage one hour after the slot: the scheduler catches up.
            moment = slot + timedelta(hours=1) if (slot, sid) == outage_at else slot
            events.record_question(Asked("telegram", "-1", "u", "vi", "tạm trú", True, []))
            for runner in runners:
                with contextlib.suppress(Crash):
                    await runner.run_due(sid, moment)
            for runner in runners:  # the leader's sweep, a few minutes later
                await runner.resume_stale(moment + timedelta(minutes=16))

    asyncio.run(month())
    per_digest = Counter((sid, end) for sid, end, _index, _start in channels.posts)
    wanted = {(sid, t.astimezone(VN)) for sid, t in expected}
    posted = {(sid, end.astimezone(VN)) for sid, end in per_digest}
    return {
        "days": 30,
        "channels": len(subscriptions),
        "processes": len(runners),
        "slots": len(slots),
        "holidays_skipped": len(slots) - len(expected),
        "expected_digests": len(expected),
        "posted_digests": len(posted & wanted),
        "missed_digests": len(wanted - posted),
        "unexpected_digests": len(posted - wanted),
        "incomplete_digests": sum(n != MESSAGES_PER_DIGEST for n in per_digest.values()),
        "messages": len(channels.posts),
        "duplicate_messages": len(channels.posts) - len(set(channels.posts)),
    }


def main() -> None:
    """Print the table; exit 1 unless every digest was posted exactly once."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    add_json_argument(parser)
    args = parser.parse_args()
    with database(args.database_url) as url:  # a throwaway database on the given server
        counts = simulate(url)
    figures = Figures("digest_month")
    figures.report(
        "scheduled slots (holidays skipped)", f"{counts['slots']} ({counts['holidays_skipped']})"
    )
    figures.equal("digests posted", counts["posted_digests"], counts["expected_digests"])
    for key in ("missed_digests", "unexpected_digests", "incomplete_digests", "duplicate_messages"):
        figures.equal(key.replace("_", " "), counts[key], 0)
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
