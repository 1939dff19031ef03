"""One schema through the migrations: new databases, release 0.1's databases upgraded with every
row kept, old and newer schemas refused. Downgrades are not offered (restore a backup), so
none is tested."""

from __future__ import annotations

import threading
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

# Between them, every table's owner (the inbox with the edges, the rest with the wiring).
import bot.run
import bot.wiring  # noqa: F401
from bot.database import (
    RELEASE_TABLES,
    SchemaError,
    database_lock,
    head_revision,
    open_database,
    schema_state,
    upgrade_database,
)
from retrieval.access.control import AccessControl
from retrieval.records.audit import AuditLog
from retrieval.records.schema import Base, make_engine
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from scheduler.ledger import Ledger
from scheduler.schedule import Subscriptions
from tests.bot.release import (
    DROPPED,
    ddl,
    migrate_to,
    release_postgres,
    release_sqlite,
    snapshot,
    table_names,
)
from tests.databases import new_postgres_database

# Tables made by revisions after 0002 (report rounds, 0003).
LATER_TABLES = frozenset({"report_templates", "report_rounds", "report_files"})


def release_rows(engine: Engine) -> dict[str, list[dict[str, object]]]:
    """Every table's rows but those of later revisions' tables, which must be empty."""
    rows = snapshot(engine)
    assert all(not rows.pop(name) for name in LATER_TABLES), "later tables start empty"
    if "(id counters)" in rows:  # PostgreSQL's sequences of the later tables
        rows["(id counters)"] = [
            c
            for c in rows["(id counters)"]
            if str(c["name"]).removesuffix("_id_seq") not in LATER_TABLES
        ]
    return rows


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))


def test_the_metadata_holds_every_table() -> None:
    """The comparisons below see the whole schema, not part of it."""
    assert set(Base.metadata.tables) >= RELEASE_TABLES


def test_a_new_database_is_made_by_the_migrations(empty_database_url: str) -> None:
    """Empty -> newest revision; it matches the models exactly; the library starts new."""
    engine = open_database(empty_database_url, auto_upgrade=False)
    assert schema_state(engine).revision == head_revision()
    assert table_names(engine) == set(Base.metadata.tables) | {"alembic_version"}
    assert _differences(engine) == []
    library = Library(engine, Path("/nonexistent/index.npz"), SearchConfig(), None)
    assert library.is_new()
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def release_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database as release 0.1 left it: the SQLite file, or the dump loaded with psql."""
    if request.param == "sqlite":
        return release_sqlite(tmp_path)
    url = str(request.getfixturevalue("empty_postgres_url"))
    release_postgres(url)
    return url


def test_revision_0001_is_release_0_1_schema(release_url: str, tmp_path: Path) -> None:
    """0001 makes, statement for statement, the schema release 0.1's create_all made."""
    with ExitStack() as stack:
        if make_url(release_url).get_backend_name() == "sqlite":
            fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
        else:
            fresh = stack.enter_context(new_postgres_database(release_url))
        engine = make_engine(fresh)
        migrate_to(engine, "0001")
        engine.dispose()
        made = ddl(fresh)
        assert len(made) > len(RELEASE_TABLES)
        assert made == ddl(release_url)


def _near(moment: datetime, anchor: datetime, limit: timedelta) -> bool:
    return abs(moment - anchor) < limit


def test_release_database_upgraded_with_every_row(release_url: str, tmp_path: Path) -> None:
    """Every row of every table (and every id counter) the same before and after, moments
    compared as UTC; the job cache gone; the result matches the models; the app works on it."""
    engine = make_engine(release_url)
    before = snapshot(engine)
    assert schema_state(engine).describe() == "release 0.1 (no revision recorded)"
    assert table_names(engine) >= DROPPED
    assert all(before[name] for name in RELEASE_TABLES), "every release table has rows"

    upgraded, after = upgrade_database(engine)
    assert (upgraded.revision, after) == (None, head_revision())
    assert release_rows(engine) == before
    assert not DROPPED & table_names(engine)
    assert _differences(engine) == []

    # The two once-naive moments name the moment the release wrote (a few seconds before its
    # document events), not one shifted by the server's time zone.
    rows = snapshot(engine)
    anchor = min(e["at"] for e in rows["document_events"] if e["action"] == "added")
    for table, column in (("documents", "ingested_at"), ("people", "created_at")):
        for row in rows[table]:
            assert _near(row[column], anchor, timedelta(minutes=2)), (table, row)
    engine.dispose()

    engine = open_database(release_url, auto_upgrade=False)  # current now: no work, no error
    library = Library(engine, tmp_path / "index.npz", SearchConfig(), None)
    assert not library.is_new()
    assert "khai sinh" in library.search("giấy tờ đăng ký khai sinh", k=3)[0].title
    person = AccessControl(engine).person("slack:U0NGUYEN")
    assert person is not None and person.roles == {"staff"}
    assert "telegram:1002" in person.identities
    subscriptions = Subscriptions(engine)
    chat, office = subscriptions.all()
    assert (chat.channel, office.scope) == ("-1001234567", "office")
    assert [state for _, state, _ in Ledger(engine).deliveries(chat.id)] == ["sent", "skipped"]
    # Ids of removed subscriptions stay unused (their ledger rows must not be inherited).
    assert subscriptions.subscribe("telegram", "-100999", "08:00").id == 4
    ingested = AuditLog(engine).query(document="Nghị định")
    assert ingested and all(e.at is not None and e.at.tzinfo is not None for e in ingested)
    engine.dispose()


def test_release_readme_statements_applied_where_missing(release_url: str) -> None:
    """A database from before release 0.1 whose README steps were never run, and which lacks a
    later table: the column, index and table are added on adoption, the rows kept, and it ends
    like any other."""
    engine = make_engine(release_url)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX question_events_chat"))
        connection.execute(text("ALTER TABLE summary_events DROP COLUMN summary"))
        connection.execute(text("DROP TABLE pending_files"))
    before = snapshot(engine)
    upgrade_database(engine)
    after = release_rows(engine)
    assert after["pending_files"] == []
    assert [{k: v for k, v in r.items() if k != "summary"} for r in after["summary_events"]] == (
        before["summary_events"]
    )
    assert all(r["summary"] is None for r in after["summary_events"])
    assert {k: v for k, v in after.items() if k not in {"summary_events", "pending_files"}} == {
        k: v for k, v in before.items() if k != "summary_events"
    }
    assert _differences(engine) == []
    engine.dispose()


def test_hand_added_scope_becomes_as_declared(release_url: str) -> None:
    """`scope` as release 0.1's README had it added (nullable, a default) ends NOT NULL without
    a default, as the model declares, its values kept."""
    engine = make_engine(release_url)
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text("ALTER TABLE digest_subscriptions DROP COLUMN scope"))
            connection.execute(
                text("ALTER TABLE digest_subscriptions ADD COLUMN scope VARCHAR(10) DEFAULT 'chat'")
            )
            connection.execute(
                text("UPDATE digest_subscriptions SET scope = 'office' WHERE channel = 'C0LEAD'")
            )
        else:
            connection.execute(
                text(
                    "ALTER TABLE digest_subscriptions ALTER COLUMN scope DROP NOT NULL, "
                    "ALTER COLUMN scope SET DEFAULT 'chat'"
                )
            )
    before = snapshot(engine)
    upgrade_database(engine)
    assert release_rows(engine) == before
    assert _differences(engine) == []
    engine.dispose()


def test_old_schema_refused_unless_auto_upgrade(tmp_path: Path, empty_database_url: str) -> None:
    """Release 0.1's database and one at revision 0001: refused with the command to run, left
    untouched; the setting upgrades them instead."""
    url = release_sqlite(tmp_path / "release")
    untouched = (tmp_path / "release" / "vanthu.db").read_bytes()
    with pytest.raises(SchemaError, match="vanthu db upgrade"):
        open_database(url, auto_upgrade=False)
    assert (tmp_path / "release" / "vanthu.db").read_bytes() == untouched

    engine = make_engine(empty_database_url)
    migrate_to(engine, "0001")
    with pytest.raises(SchemaError, match=r"is 0001, this vanthu needs .*`vanthu db upgrade`"):
        open_database(empty_database_url, auto_upgrade=False)
    assert schema_state(engine).revision == "0001"
    for old in (url, empty_database_url):
        upgraded = open_database(old, auto_upgrade=True)
        assert schema_state(upgraded).current and _differences(upgraded) == []
        upgraded.dispose()
    engine.dispose()


def test_newer_schema_refused(database_url: str) -> None:
    """A revision this code does not know (a newer vanthu's) is refused, even with the setting."""
    open_database(database_url, auto_upgrade=False).dispose()
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    for auto_upgrade in (False, True):
        with pytest.raises(SchemaError, match="newer than this vanthu knows"):
            open_database(database_url, auto_upgrade=auto_upgrade)
    with pytest.raises(SchemaError, match="newer"):
        upgrade_database(engine)
    engine.dispose()


def test_a_new_schema_waits_for_the_lock(empty_database_url: str) -> None:
    """While another process holds the lock, a starting one waits, then finds the work done."""
    holder = make_engine(empty_database_url)
    opened = threading.Event()

    def start() -> None:
        open_database(empty_database_url, auto_upgrade=False).dispose()
        opened.set()

    starting = threading.Thread(target=start)
    with database_lock(holder):
        starting.start()
        assert not opened.wait(1.5)
        assert schema_state(holder).empty
    starting.join(timeout=120)
    assert opened.is_set() and schema_state(holder).current
    holder.dispose()


def test_current_schema_costs_one_look(database_url: str) -> None:
    """At the newest revision, opening takes no lock and runs no DDL: a handful of reads."""
    open_database(database_url, auto_upgrade=False).dispose()
    engine = make_engine(database_url)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    from sqlalchemy import event  # noqa: PLC0415 - only this test listens

    event.listen(Engine, "before_cursor_execute", count)
    try:
        opened = open_database(database_url, auto_upgrade=False)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert not any(
        word in s.upper() for s in statements for word in ("CREATE", "ALTER", "ADVISORY")
    )
    assert len(statements) <= 4, statements
    opened.dispose()
    engine.dispose()
