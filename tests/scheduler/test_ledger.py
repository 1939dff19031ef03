"""The delivery ledger and the leader lease on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduler.ledger import ClaimLost, Lease, Ledger
from tests.databases import migrated_engine

T0 = datetime(2026, 12, 1, 10, tzinfo=UTC)
DAY = timedelta(days=1)


def test_a_period_is_claimed_once_and_resumed_after_a_crash(database_url: str) -> None:
    """Fresh claims are exclusive; a stale one is resumed from the first unsent message."""
    ledger = Ledger(migrated_engine(database_url))
    claim = ledger.claim(1, T0 - DAY, T0, "a", now=T0)
    assert claim is not None and claim.parts_sent == 0
    assert ledger.claim(1, T0 - DAY, T0, "b", now=T0 + timedelta(minutes=1)) is None
    ledger.advance(claim, 2, now=T0 + timedelta(minutes=1))
    # "a" stalled after two messages; "b" takes over once the claim went stale.
    resumed = ledger.claim(1, T0 - DAY, T0, "b", now=T0 + timedelta(minutes=20))
    assert resumed is not None and resumed.parts_sent == 2 and resumed.attempts == 1
    assert resumed.period_start == T0 - DAY
    # "a" wakes up: it may neither count another message nor close the delivery.
    with pytest.raises(ClaimLost):
        ledger.advance(claim, 3, now=T0 + timedelta(minutes=21))
    with pytest.raises(ClaimLost):
        ledger.finish(claim)
    ledger.finish(resumed)
    assert ledger.claim(1, T0 - DAY, T0, "c", now=T0 + DAY) is None
    assert ledger.last_sent_end(1) == T0
    assert ledger.deliveries(1) == [(T0, "sent", 2)]


def test_skipped_periods_do_not_count_as_sent(database_url: str) -> None:
    """A holiday is closed as skipped; the next digest still starts at the last one sent."""
    ledger = Ledger(migrated_engine(database_url))
    sent = ledger.claim(7, T0 - DAY, T0, "a", now=T0)
    assert sent is not None
    ledger.finish(sent)
    holiday = ledger.claim(7, T0, T0 + DAY, "a", now=T0 + DAY)
    assert holiday is not None
    ledger.finish(holiday, "skipped")
    assert ledger.last_sent_end(7) == T0
    assert ledger.claim(7, T0, T0 + DAY, "a", now=T0 + 2 * DAY) is None


def test_lease_has_one_holder_and_passes_on_expiry(database_url: str) -> None:
    """One holder at a time; renewal keeps it; expiry or release hands it over."""
    engine = migrated_engine(database_url)
    ttl = timedelta(seconds=30)
    first, second = Lease(engine), Lease(engine)
    assert first.acquire("p1", ttl, now=T0)
    assert not second.acquire("p2", ttl, now=T0 + timedelta(seconds=10))
    assert first.acquire("p1", ttl, now=T0 + timedelta(seconds=20))
    assert not second.acquire("p2", ttl, now=T0 + timedelta(seconds=40))
    assert second.acquire("p2", ttl, now=T0 + timedelta(seconds=51))
    assert not first.acquire("p1", ttl, now=T0 + timedelta(seconds=52))
    second.release("p2")
    assert first.acquire("p1", ttl, now=T0 + timedelta(seconds=53))
