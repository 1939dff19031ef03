"""The database every process opens: its schema checked, and made or upgraded under a lock.

The schema moves only through the Alembic revisions in `bot/migrations`. A process looks at the
recorded revision first (one cheap query when it is the newest, as it nearly always is); only
when something is to be done does it take the database lock (PostgreSQL: an advisory lock;
a SQLite file: a lock file beside it), look again, and act:

- an empty database is made through the migrations, whatever the settings say;
- a database made by release 0.1 (its tables, no `alembic_version`) and one at an older
  revision are upgraded by `vanthu db upgrade`, or at start-up when `database_auto_upgrade`
  is set; otherwise the process refuses to start and names the command;
- a database at a revision this code does not know (made by a newer vanthu) is refused.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy import Connection, event, func, inspect, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from retrieval.records.schema import make_engine

MIGRATIONS = Path(__file__).with_name("migrations")
UPGRADE_COMMAND = "vanthu db upgrade"
# The tables release 0.1 made: one of them without `alembic_version` means that release's work.
RELEASE_TABLES = frozenset(
    {
        "audit_log",
        "chunks",
        "collection_readers",
        "collections",
        "deadline_events",
        "digest_deliveries",
        "digest_subscriptions",
        "document_events",
        "documents",
        "feedback_events",
        "identities",
        "inbox",
        "library_state",
        "pending_files",
        "people",
        "person_roles",
        "question_events",
        "scheduler_lease",
        "summary_events",
    }
)
# What release 0.1's README told offices to run by hand after upgrading from older versions:
# (table, column or index, statement), applied where missing when such a database is adopted.
RELEASE_README_STATEMENTS = (
    ("summary_events", "summary", "ALTER TABLE summary_events ADD COLUMN summary TEXT"),
    (
        "digest_subscriptions",
        "scope",
        "ALTER TABLE digest_subscriptions ADD COLUMN scope VARCHAR(10) DEFAULT 'chat'",
    ),
    (
        "question_events",
        "question_events_chat",
        "CREATE INDEX question_events_chat ON question_events (platform, chat_id, at)",
    ),
    (
        "summary_events",
        "summary_events_chat",
        "CREATE INDEX summary_events_chat ON summary_events (platform, chat_id, at)",
    ),
)
LOCK_KEY = 0x76616E746875  # "vanthu": the PostgreSQL advisory lock of schema changes
LOCK_TIMEOUT_S = 600.0  # an upgrade of a large library may take minutes; waiting is right


class SchemaError(Exception):
    """A database whose schema this vanthu cannot use as it stands."""


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands against this code's newest revision."""

    revision: str | None  # as recorded in alembic_version; None when nothing is recorded
    head: str
    release_tables: bool  # tables of release 0.1 without a recorded revision
    known: bool  # the recorded revision is one of this code's

    @property
    def current(self) -> bool:
        """True when nothing is to be done."""
        return self.revision == self.head

    @property
    def empty(self) -> bool:
        """True for a database with none of vanthu's tables."""
        return self.revision is None and not self.release_tables

    def describe(self) -> str:
        """`0002`, `release 0.1 (no revision recorded)` or `empty`."""
        if self.revision is not None:
            return self.revision
        return "release 0.1 (no revision recorded)" if self.release_tables else "empty"


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this code knows."""
    head = _scripts().get_current_head()
    assert head is not None, "bot/migrations/versions holds no revision"
    return head


def schema_state(engine: Engine) -> SchemaState:
    """Read the recorded revision (and, only when there is none, the table names)."""
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        tables = set() if revision else set(inspect(connection).get_table_names())
    known = revision is None or revision in {s.revision for s in _scripts().walk_revisions()}
    return SchemaState(revision, head_revision(), bool(tables & RELEASE_TABLES), known)


def _refusal(found: SchemaState, *, allow_upgrade: bool) -> SchemaError | None:
    if not found.known:
        return SchemaError(
            f"the database schema is at revision {found.revision}, newer than this vanthu "
            f"knows (up to {found.head}): run the vanthu release that upgraded it"
        )
    if found.current or found.empty or allow_upgrade:
        return None
    return SchemaError(
        f"the database schema is {found.describe()}, this vanthu needs {found.head}: back the "
        f"database up, then run `{UPGRADE_COMMAND}` (or set database_auto_upgrade = true)"
    )


SUPPORTED_BACKENDS = ("sqlite", "postgresql")
_WHAT_TO_DO = (
    "set database_url to postgresql+psycopg://USER@HOST/DATABASE, or leave it unset for the "
    "SQLite file in data_dir"
)


def _engine(url: str) -> Engine:
    """An engine for a URL this vanthu can use; anything else is one SchemaError line."""
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise SchemaError(f"database_url is not a database URL: {_WHAT_TO_DO}") from None
    if backend not in SUPPORTED_BACKENDS:
        raise SchemaError(
            f"database_url names {backend}, which vanthu does not support: {_WHAT_TO_DO}"
        )
    try:
        return make_engine(url)
    except ImportError as exc:
        raise SchemaError(
            f"database_url needs the driver {exc.name}, which is not installed: {_WHAT_TO_DO}"
        ) from None


def open_database(url: str, *, auto_upgrade: bool) -> Engine:
    """An engine on a database at the newest revision (made if new, upgraded only if allowed)."""
    engine = _engine(url)
    try:
        if not _first_look(engine).current:
            # Judged again under the lock, never on this first look: the revision and the
            # tables are read one after the other, and a process that makes the schema
            # meanwhile shows its tables without its revision (taken for release 0.1's).
            with database_lock(engine):
                _upgrade_locked(engine, allow_upgrade=auto_upgrade)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _first_look(engine: Engine) -> SchemaState:
    """The schema state; a SQLite file that cannot be opened or made is named, with the fix."""
    try:
        return schema_state(engine)
    except OperationalError as exc:
        file = _sqlite_file(engine)
        if file is None:
            raise
        raise SchemaError(
            f"cannot open or create the database file {file} ({exc.orig}): set data_dir "
            "(VANTHU_DATA_DIR) to a folder this user may write to"
        ) from None


def upgrade_database(engine: Engine) -> tuple[SchemaState, str]:
    """Upgrade to the newest revision under the lock: (the state before, the revision after)."""
    with database_lock(engine):
        return _upgrade_locked(engine, allow_upgrade=True)


def _upgrade_locked(engine: Engine, *, allow_upgrade: bool) -> tuple[SchemaState, str]:
    # Looked at again under the lock: another process may have done the work meanwhile.
    found = schema_state(engine)
    refusal = _refusal(found, allow_upgrade=allow_upgrade)
    if refusal is not None:
        raise refusal
    if not found.current:
        _migrate(engine, adopt=found.release_tables and found.revision is None)
    return found, head_revision()


def _migrate(engine: Engine, *, adopt: bool) -> None:
    """Run the revisions up to the newest in one transaction (on SQLite too)."""
    target = _migration_engine(engine)
    try:
        with target.begin() as connection:
            if adopt:
                _apply_release_readme(connection)
            command.upgrade(_config(connection), "head")
            if connection.dialect.name == "sqlite":
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:  # rolled back: the database stays as it was
                    raise SchemaError(f"the upgrade would break foreign keys: {broken[:5]}")
    finally:
        if target is not engine:
            target.dispose()


def _apply_release_readme(connection: Connection) -> None:
    """The statements release 0.1's README asked for, where a database still lacks them."""
    found = inspect(connection)
    tables = set(found.get_table_names())
    for table, name, statement in RELEASE_README_STATEMENTS:
        if table not in tables:
            continue  # made complete by revision 0001
        have = {c["name"] for c in found.get_columns(table)}
        have |= {i["name"] for i in found.get_indexes(table) if i["name"]}
        if name not in have:
            connection.exec_driver_sql(statement)


def _sqlite_file(engine: Engine) -> str | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in {None, "", ":memory:"}:
        return None
    return database


def _migration_engine(engine: Engine) -> Engine:
    """For a SQLite file, an engine whose transactions really hold the DDL; else the same.

    pysqlite commits each DDL statement on its own and foreign keys are on for every connection
    of the application's engine; rebuilding a table needs them off (dropping a parent would
    otherwise cascade into its children) and set before the transaction begins.
    """
    if _sqlite_file(engine) is None:
        return engine  # PostgreSQL's DDL is transactional; an in-memory database is new
    migrating = make_engine(engine.url)

    @event.listens_for(migrating, "connect")
    def _own_transactions(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(migrating, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return migrating


@contextmanager
def database_lock(engine: Engine, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the database's schema lock; one process at a time makes or upgrades the schema."""
    path = _sqlite_file(engine)
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, timeout_s):
            yield
    elif path is not None:
        # filelock raises its Timeout (an OSError) when another process holds it too long.
        with FileLock(f"{path}.lock", timeout=timeout_s):
            yield
    else:
        yield  # an in-memory database belongs to this process alone


@contextmanager
def _advisory_lock(engine: Engine, timeout_s: float) -> Iterator[None]:
    # A connection of its own holds the session lock while others do the work.
    with engine.connect() as connection:
        deadline = time.monotonic() + timeout_s
        while not connection.scalar(select(func.pg_try_advisory_lock(LOCK_KEY))):
            connection.rollback()
            if time.monotonic() > deadline:
                raise SchemaError(
                    f"another process has held the schema lock for over {timeout_s:.0f} s"
                )
            time.sleep(0.1)
        connection.commit()
        try:
            yield
        finally:
            # Unlocked before the connection goes back to the pool, which would keep it held.
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            connection.commit()
