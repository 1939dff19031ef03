"""The inbox ledger: each platform delivery (update, event) is handled once, across restarts.

A delivery is claimed by inserting its key; a second delivery of the same key is ignored while
the first is in hand or done. A claim that was never finished (the process died) expires after
the lease, so a redelivery after a crash is handled instead of lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from retrieval.records.schema import Base, insert_if_absent, utcnow


class Delivery(Base):
    """One delivery key and how far its handling got."""

    __tablename__ = "inbox"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str] = mapped_column(String(10), default="claimed")
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Inbox:
    """Claims and completes deliveries (synchronous; call it from a worker thread)."""

    def __init__(self, engine: Engine, lease: timedelta = timedelta(minutes=2)) -> None:
        self.engine = engine
        self.lease = lease

    def claim(self, platform: str, key: str) -> bool:
        """True when this caller should handle the delivery, False for a duplicate."""
        if insert_if_absent(self.engine, Delivery(platform=platform, key=key[:200])):
            return True
        # Taken before: take it over only if it was never finished and its lease ran out.
        with Session(self.engine) as session, session.begin():
            now = utcnow()
            result = session.execute(
                update(Delivery)
                .where(
                    Delivery.platform == platform,
                    Delivery.key == key[:200],
                    Delivery.state == "claimed",
                    Delivery.claimed_at < now - self.lease,
                )
                .values(claimed_at=now)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def done(self, platform: str, key: str) -> None:
        """Mark a delivery handled: it is never handled again."""
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(Delivery)
                .where(Delivery.platform == platform, Delivery.key == key[:200])
                .values(state="done")
            )

    def forget_before(self, moment: datetime) -> int:
        """Drop keys older than a moment (platforms stop redelivering after minutes)."""
        with Session(self.engine) as session, session.begin():
            result = session.execute(delete(Delivery).where(Delivery.claimed_at < moment))
            return int(result.rowcount)  # type: ignore[attr-defined]
