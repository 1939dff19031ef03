"""The audit log on SQLite and PostgreSQL: append, filter, export, retention."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from retrieval.records.audit import AuditLog, Entry, to_csv
from tests.databases import migrated_engine

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_filters_and_csv(database_url: str) -> None:
    """By person, by document (substring of a shown document) and by time; CSV round-trips."""
    log = AuditLog(migrated_engine(database_url))
    law = "Luật Cư trú (68/2020/QH14) | /docs/cu-tru.pdf"
    log.record(Entry("telegram:1", "question", "telegram:-5", [law], "tạm trú?", T0))
    log.record(Entry("slack:U2", "question", "slack:D2", [], "giá vàng?", T0 + timedelta(hours=1)))
    log.record(Entry("cli:root", "remove", documents=[law], at=T0 + timedelta(days=2)))
    assert [e.action for e in log.query(person="telegram:1")] == ["question"]
    assert [e.actor for e in log.query(document="68/2020")] == ["telegram:1", "cli:root"]
    window = log.query(since=T0 + timedelta(minutes=30), until=T0 + timedelta(days=1))
    assert [e.actor for e in window] == ["slack:U2"]
    rows = list(csv.reader(io.StringIO(to_csv(log.query()))))
    assert rows[0] == ["time_utc", "actor", "chat", "action", "documents", "detail"]
    assert rows[1][1:] == ["telegram:1", "telegram:-5", "question", law, "tạm trú?"]
    assert datetime.fromisoformat(rows[1][0]) == T0


def test_retention_and_unknown_actions(database_url: str) -> None:
    """Old entries go in bulk; an action outside the list is refused, not stored."""
    log = AuditLog(migrated_engine(database_url))
    log.record(Entry("cli:root", "ingest", at=T0 - timedelta(days=2000)))
    log.record(Entry("cli:root", "ingest", at=T0))
    assert log.purge(T0 - timedelta(days=1825)) == 1
    assert len(log.query()) == 1
    with pytest.raises(ValueError, match="unknown audit action"):
        log.record(Entry("x", "delete_everything"))
