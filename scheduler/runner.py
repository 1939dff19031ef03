"""Running digests: which period is due, building it, posting it once.

`DigestRunner.run_due` is the whole decision for one subscription at one moment, with the
clock passed in, so tests drive it through weeks of simulated time (`scheduler.jobs` calls it
on schedule). A digest for a platform whose edge runs in another process is queued in the
delivery ledger and posted by a process that runs that edge (`send_queued`), exactly once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy.engine import Engine

from retrieval.records.audit import AuditLog, Entry
from retrieval.records.events import EventLog
from retrieval.records.period import read_window
from scheduler.digest import Digest, build_digest
from scheduler.ledger import Claim, ClaimLost, Ledger
from scheduler.schedule import Holidays, Subscription, Subscriptions, latest_slot, previous_slot

log = logging.getLogger(__name__)
Part = Callable[[], Awaitable[None]]


class Publisher(Protocol):
    """Posts digests to the platforms whose edges run in this process."""

    def serves(self, platform: str) -> bool:
        """Whether this process can post to the platform (its edge runs here)."""
        ...

    async def parts(self, subscription: Subscription, digest: Digest) -> list[Part]:
        """One callable per message to post, in order; each posts exactly that message."""
        ...


def every_collection(_platform: str, _channel: str) -> frozenset[str] | None:
    """No access rules: a channel may be shown every collection (or every document)."""
    return None


@dataclass(frozen=True)
class Outcome:
    """What one run decided: sent, resumed, queued (for the process that runs the channel's
    platform), holiday, already, not_due, missed, unknown."""

    status: str
    period_end: datetime | None = None
    messages: int = 0


class DigestRunner:
    """Builds and posts digests through a publisher, once per (subscription, period)."""

    def __init__(
        self,
        engine: Engine,
        publisher: Publisher,
        holder: str,
        holidays: Holidays | None = None,
        grace: timedelta = timedelta(hours=6),
        longest_period: timedelta = timedelta(days=31),
        readable: Callable[[str, str], frozenset[str] | None] = every_collection,
        quotable: Callable[[str, str], frozenset[str] | None] = every_collection,
    ) -> None:
        self.engine = engine
        self.publisher = publisher
        self.holder = holder
        self.holidays = holidays or Holidays({})
        self.grace = grace
        self.longest_period = longest_period
        self.events = EventLog(engine)
        self.subscriptions = Subscriptions(engine)
        self.ledger = Ledger(engine)
        self.audit = AuditLog(engine)
        # The collections a channel may be shown (library changes in its digests), from the
        # access rules; None shows every collection.
        self.readable = readable
        # The documents a channel may be shown: an office digest quotes only the questions
        # of group chats answered from them (the others are counted); None quotes every one.
        self.quotable = quotable

    async def run_due(self, subscription_id: int, now: datetime | None = None) -> Outcome:
        """Post the digest of the latest scheduled slot if it is due and not yet posted."""
        now = now or datetime.now(UTC)
        subscription = await asyncio.to_thread(self.subscriptions.get, subscription_id)
        if subscription is None:
            return Outcome("unknown")
        trigger = subscription.trigger()
        slot = latest_slot(trigger, now)
        if slot is None:
            return Outcome("not_due")
        if now - slot > self.grace:
            return Outcome("missed", slot)
        start = await asyncio.to_thread(self.ledger.last_sent_end, subscription_id)
        if start is not None and start >= slot:
            return Outcome("already", slot)  # a `/digest now` after the slot covered it
        if start is None:
            start = previous_slot(trigger, slot) or slot - timedelta(days=1)
        start = max(start, slot - self.longest_period)
        claim = await asyncio.to_thread(
            self.ledger.claim, subscription_id, start, slot, self.holder, now
        )
        if claim is None:
            return Outcome("already", slot)
        local_day = slot.astimezone(trigger.timezone).date()
        if subscription.skip_holidays and self.holidays.name(local_day):
            await asyncio.to_thread(self.ledger.finish, claim, "skipped")
            return Outcome("holiday", slot)
        return await self.deliver(subscription, claim, now)

    async def send_now(self, subscription: Subscription, now: datetime | None = None) -> Outcome:
        """Post the digest since the last one right away (`/digest now`), recorded like any.

        The period ends at the current minute, so a double press is one digest."""
        now = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
        start = await asyncio.to_thread(self.ledger.last_sent_end, subscription.id)
        start = max(start or now - timedelta(days=1), now - self.longest_period)
        claim = await asyncio.to_thread(
            self.ledger.claim, subscription.id, start, now, self.holder, now
        )
        if claim is None:
            return Outcome("already", now)
        return await self.deliver(subscription, claim, now)

    async def resume_stale(self, now: datetime | None = None) -> list[Outcome]:
        """Finish digests whose process died mid-post, from the first message not sent; give up
        (state failed) on a channel that failed `max_attempts` times or is gone, so one broken
        channel neither blocks the others nor gets a months-old digest when it comes back."""
        now = now or datetime.now(UTC)
        outcomes = []
        for subscription_id, start, end in await asyncio.to_thread(self.ledger.stale_claims, now):
            subscription = await asyncio.to_thread(self.subscriptions.get, subscription_id)
            claim = await asyncio.to_thread(
                self.ledger.claim, subscription_id, start, end, self.holder, now
            )
            if claim is not None:
                worn = claim.attempts > self.ledger.max_attempts
                outcomes.append(await self._carry_on(subscription, claim, now, give_up=worn))
        return outcomes

    async def send_queued(self, now: datetime | None = None) -> list[Outcome]:
        """Post the digests queued for the platforms this process serves, each once."""
        now = now or datetime.now(UTC)
        outcomes = []
        for subscription_id, end in await asyncio.to_thread(self.ledger.queued):
            subscription = await asyncio.to_thread(self.subscriptions.get, subscription_id)
            if subscription is not None and not self.publisher.serves(subscription.platform):
                continue
            claim = await asyncio.to_thread(
                self.ledger.claim_queued, subscription_id, end, self.holder, now
            )
            if claim is not None:  # else another process took it
                outcomes.append(await self._carry_on(subscription, claim, now))
        return outcomes

    async def _carry_on(
        self, subscription: Subscription | None, claim: Claim, now: datetime, give_up: bool = False
    ) -> Outcome:
        """Deliver a delivery taken from elsewhere (a dead process, the queue), or close it as
        failed when its channel is gone, it failed too often or it is too old to matter."""
        end = claim.period_end
        if subscription is None or give_up or now - end > self.longest_period:
            await asyncio.to_thread(self.ledger.finish, claim, "failed")
            return Outcome("failed", end)
        try:
            return await self.deliver(subscription, claim, now)
        except Exception:  # the claim goes stale and is resumed later
            log.exception("digest %d failed; it will be resumed", subscription.id)
            return Outcome("error", end)

    def build(
        self,
        start: datetime,
        end: datetime,
        timezone: str,
        collections: frozenset[str] | None = None,
        chat: tuple[str, str] | None = None,
        quotable: frozenset[str] | None = None,
    ) -> Digest:
        """The digest of a period: questions and files of one chat (the office's when None),
        library changes of the given collections (all when None), questions quoted only when
        answered from the `quotable` documents in a group (all when None); synchronous."""
        window = read_window(
            self.engine,
            start,
            end,
            timezone=timezone,
            chat=chat,
            collections=collections,
            quotable=quotable,
        )
        return build_digest(window, timezone)

    def build_for(self, subscription: Subscription, start: datetime, end: datetime) -> Digest:
        """The digest of a period exactly as the subscribed channel gets it; synchronous."""
        platform, channel = subscription.platform, subscription.channel
        office = subscription.chat is None
        return self.build(
            start,
            end,
            subscription.timezone,
            self.readable(platform, channel),
            subscription.chat,
            self.quotable(platform, channel) if office else None,
        )

    async def deliver(self, subscription: Subscription, claim: Claim, now: datetime) -> Outcome:
        """Build the claimed period's digest and post the messages not yet posted.

        `now` is when the run started; each posted message refreshes the claim relative to it
        (plus the time spent), so a slow post is not mistaken for a dead process. A channel
        whose platform has no edge in this process is queued for the process that has one."""
        if not self.publisher.serves(subscription.platform):
            await asyncio.to_thread(self.ledger.queue, claim)
            return Outcome("queued", claim.period_end)
        started = datetime.now(UTC)
        digest = await asyncio.to_thread(
            self.build_for, subscription, claim.period_start, claim.period_end
        )
        parts = await self.publisher.parts(subscription, digest)
        try:
            for index in range(claim.parts_sent, len(parts)):
                # Checked before each message: a process that was taken over stops here.
                moment = now + (datetime.now(UTC) - started)
                await asyncio.to_thread(self.ledger.advance, claim, index, moment)
                await parts[index]()
                await asyncio.to_thread(self.ledger.advance, claim, index + 1, moment)
            await asyncio.to_thread(self.ledger.finish, claim, "sent")
            entry = Entry(
                actor=f"scheduler:{self.holder}",
                action="digest_sent",
                chat=f"{subscription.platform}:{subscription.channel}",
                detail=f"{claim.period_start:%Y-%m-%d %H:%M}/{claim.period_end:%Y-%m-%d %H:%M} UTC",
            )
            await asyncio.to_thread(self.audit.record, entry)
        except ClaimLost:
            log.warning("digest %d was taken over by another process", subscription.id)
            return Outcome("taken_over", claim.period_end)
        status = "resumed" if claim.parts_sent else "sent"
        return Outcome(status, claim.period_end, len(parts) - claim.parts_sent)
