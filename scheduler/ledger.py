"""Exactly-once digests: a delivery ledger keyed by (subscription, period) and a leader lease.

A digest is claimed before it is built; each message of it is counted as it is posted, so a
process that dies mid-post is resumed by the next one from the first unsent message. A second
process that finds the claim fresh leaves it alone. Only the process holding the lease runs the
scheduler; when it dies its lease runs out and another takes over.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Integer, String, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from retrieval.records.schema import Base, insert_if_absent, utcnow


class DeliveryRow(Base):
    """One digest of one subscription for one period."""

    __tablename__ = "digest_deliveries"

    subscription_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_end: Mapped[datetime] = mapped_column(primary_key=True)
    period_start: Mapped[datetime] = mapped_column()
    # claimed, queued (for another process's platform), sent, skipped (a holiday), failed
    state: Mapped[str] = mapped_column(String(10), default="claimed")
    parts_sent: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # takeovers after a process died
    holder: Mapped[str] = mapped_column(String(120))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeaseRow(Base):
    """Who runs the scheduler, until when."""

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column()


@dataclass(frozen=True)
class Claim:
    """A claimed delivery: the period it covers and how many of its messages already went out."""

    subscription_id: int
    period_start: datetime
    period_end: datetime
    parts_sent: int
    owner: str = ""
    attempts: int = 0


class ClaimLost(Exception):
    """Another process took this delivery over (ours went quiet for too long): stop posting."""


class Ledger:
    """The delivery ledger (synchronous; call from a worker thread).

    Every claim gets its own owner token, so a process whose claim was taken over cannot go on
    counting (or finishing) a delivery that is no longer its own; it gets ClaimLost instead.
    """

    def __init__(
        self,
        engine: Engine,
        stale_after: timedelta = timedelta(minutes=15),
        max_attempts: int = 5,
    ) -> None:
        self.engine = engine
        self.stale_after = stale_after
        self.max_attempts = max_attempts

    def claim(
        self,
        subscription_id: int,
        period_start: datetime,
        period_end: datetime,
        holder: str,
        now: datetime | None = None,
    ) -> Claim | None:
        """Claim a period; None when it was closed, or is in someone's fresh hands."""
        now = (now or utcnow()).astimezone(UTC)
        start, end = period_start.astimezone(UTC), period_end.astimezone(UTC)
        owner = f"{holder}#{uuid.uuid4().hex[:8]}"
        row = DeliveryRow(
            subscription_id=subscription_id,
            period_end=end,
            period_start=start,
            holder=owner,
            claimed_at=now,
        )
        if insert_if_absent(self.engine, row):
            return Claim(subscription_id, start, end, 0, owner)
        stale = (DeliveryRow.state == "claimed") & (DeliveryRow.claimed_at < now - self.stale_after)
        return self._take(subscription_id, end, owner, now, stale, taken_over=True)

    def _take(
        self,
        subscription_id: int,
        period_end: datetime,
        owner: str,
        now: datetime,
        condition: ColumnElement[bool],
        *,
        taken_over: bool = False,
    ) -> Claim | None:
        """Make an existing delivery ours when it meets the condition (a takeover counts as an
        attempt); None when it does not, or another process was quicker."""
        values: dict[str, object] = {"state": "claimed", "holder": owner, "claimed_at": now}
        if taken_over:
            values["attempts"] = DeliveryRow.attempts + 1
        with Session(self.engine) as session, session.begin():
            taken = session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.subscription_id == subscription_id,
                    DeliveryRow.period_end == period_end,
                    condition,
                )
                .values(**values)
            )
            if not taken.rowcount:  # type: ignore[attr-defined]
                return None
            held = session.get(DeliveryRow, (subscription_id, period_end))
            assert held is not None
            return Claim(
                subscription_id,
                held.period_start,
                held.period_end,
                held.parts_sent,
                owner,
                held.attempts,
            )

    def _update_own(self, claim: Claim, **values: object) -> None:
        with Session(self.engine) as session, session.begin():
            result = session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.subscription_id == claim.subscription_id,
                    DeliveryRow.period_end == claim.period_end,
                    DeliveryRow.holder == claim.owner,
                    DeliveryRow.state == "claimed",
                )
                .values(**values)
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                raise ClaimLost(f"{claim.subscription_id} {claim.period_end:%Y-%m-%d %H:%M}")

    def advance(self, claim: Claim, parts_sent: int, now: datetime | None = None) -> None:
        """Record that the first `parts_sent` messages are out (and keep the claim fresh)."""
        self._update_own(claim, parts_sent=parts_sent, claimed_at=(now or utcnow()).astimezone(UTC))

    def queue(self, claim: Claim) -> None:
        """Hand a claimed delivery to a process whose edge serves its channel's platform."""
        self._update_own(claim, state="queued")

    def queued(self) -> list[tuple[int, datetime]]:
        """(subscription, period end) of the deliveries waiting for their platform's process."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(DeliveryRow.subscription_id, DeliveryRow.period_end)
                .where(DeliveryRow.state == "queued")
                .order_by(DeliveryRow.period_end)
            )
            return [(subscription_id, end) for subscription_id, end in rows]

    def claim_queued(
        self, subscription_id: int, period_end: datetime, holder: str, now: datetime | None = None
    ) -> Claim | None:
        """Take a queued delivery (None when another process took it first); it goes on from
        the messages already posted."""
        now = (now or utcnow()).astimezone(UTC)
        owner = f"{holder}#{uuid.uuid4().hex[:8]}"
        queued = DeliveryRow.state == "queued"
        return self._take(subscription_id, period_end.astimezone(UTC), owner, now, queued)

    def finish(self, claim: Claim, state: str = "sent") -> None:
        """Close a delivery as sent, skipped (a holiday) or failed: never claimed again."""
        self._update_own(claim, state=state)

    def stale_claims(self, now: datetime | None = None) -> list[tuple[int, datetime, datetime]]:
        """(subscription, period start, period end) of deliveries whose process went quiet."""
        now = (now or utcnow()).astimezone(UTC)
        with Session(self.engine) as session:
            rows = session.execute(
                select(DeliveryRow.subscription_id, DeliveryRow.period_start)
                .add_columns(DeliveryRow.period_end)
                .where(
                    DeliveryRow.state == "claimed",
                    DeliveryRow.claimed_at < now - self.stale_after,
                )
            )
            return [(sid, start, end) for sid, start, end in rows]

    def last_sent_end(self, subscription_id: int) -> datetime | None:
        """Where the last posted digest of a subscription ended."""
        with Session(self.engine) as session:
            end = session.scalar(
                select(func.max(DeliveryRow.period_end)).where(
                    DeliveryRow.subscription_id == subscription_id, DeliveryRow.state == "sent"
                )
            )
        return None if end is None else end

    def deliveries(self, subscription_id: int) -> list[tuple[datetime, str, int]]:
        """(period end, state, messages sent) of every delivery, oldest first."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(DeliveryRow.period_end, DeliveryRow.state, DeliveryRow.parts_sent)
                .where(DeliveryRow.subscription_id == subscription_id)
                .order_by(DeliveryRow.period_end)
            )
            return [(end, state, parts) for end, state, parts in rows]


class Lease:
    """A named lease row: whoever holds an unexpired lease is the one scheduler."""

    def __init__(self, engine: Engine, name: str = "digests") -> None:
        self.engine = engine
        self.name = name

    def acquire(self, holder: str, ttl: timedelta, now: datetime | None = None) -> bool:
        """Take or renew the lease; False while another holder's lease is unexpired."""
        now = (now or utcnow()).astimezone(UTC)
        if insert_if_absent(
            self.engine, LeaseRow(name=self.name, holder=holder, expires_at=now + ttl)
        ):
            return True
        with Session(self.engine) as session, session.begin():
            result = session.execute(
                update(LeaseRow)
                .where(
                    LeaseRow.name == self.name,
                    (LeaseRow.holder == holder) | (LeaseRow.expires_at < now),
                )
                .values(holder=holder, expires_at=now + ttl)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def release(self, holder: str) -> None:
        """Give the lease up at a clean shutdown, so another process need not wait."""
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(LeaseRow)
                .where(LeaseRow.name == self.name, LeaseRow.holder == holder)
                .values(expires_at=datetime(2000, 1, 1, tzinfo=UTC))
            )
