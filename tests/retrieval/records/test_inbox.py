"""The inbox ledger on SQLite and PostgreSQL: once per key, across restarts and crashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from retrieval.records.inbox import Inbox
from tests.databases import migrated_engine


def test_claim_once_then_done(database_url: str) -> None:
    """A key is claimed once; a second ledger on the same database (a restart) agrees."""
    inbox = Inbox(migrated_engine(database_url))
    assert inbox.claim("slack", "Ev1")
    assert not inbox.claim("slack", "Ev1")
    assert inbox.claim("telegram", "Ev1"), "keys are per platform"
    inbox.done("slack", "Ev1")
    restarted = Inbox(migrated_engine(database_url), lease=timedelta(0))
    assert not restarted.claim("slack", "Ev1"), "a finished delivery is never handled again"


def test_unfinished_claim_is_taken_over_after_the_lease(database_url: str) -> None:
    """A claim whose process died is handled again once its lease is over, by one taker."""
    engine = migrated_engine(database_url)
    assert Inbox(engine).claim("slack", "Ev2")
    assert not Inbox(engine).claim("slack", "Ev2"), "still within the lease"
    expired = Inbox(engine, lease=timedelta(0))
    assert expired.claim("slack", "Ev2")
    assert Inbox(engine).claim("slack", "Ev2") is False


def test_forget_old_keys(database_url: str) -> None:
    """Old keys can be dropped; recent ones stay."""
    inbox = Inbox(migrated_engine(database_url))
    inbox.claim("slack", "old")
    assert inbox.forget_before(datetime.now(UTC) - timedelta(hours=1)) == 0
    assert inbox.forget_before(datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert inbox.claim("slack", "old")
