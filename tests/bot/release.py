"""Databases made by release 0.1 (tests/data/release-0.1, by scripts/make_release_databases.py)
and a table-by-table reading of any database, to compare before and after an upgrade."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import Connection, Engine, make_url

from bot.database import MIGRATIONS

RELEASE = Path(__file__).resolve().parents[1] / "data" / "release-0.1"
# The PostgreSQL dump comes from a server set to Vietnamese time, as one installed in Vietnam.
SERVER_TIMEZONE = "Asia/Ho_Chi_Minh"
# Derived, dropped by revision 0002; every other table keeps every row.
DROPPED = frozenset({"apscheduler_jobs"})

Snapshot = dict[str, list[dict[str, Any]]]


def release_sqlite(folder: Path) -> str:
    """A copy of the SQLite file release 0.1 made; its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "vanthu.db"
    shutil.copyfile(RELEASE / "vanthu.db", path)
    return f"sqlite:///{path}"


def _client(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        if os.environ.get("VANTHU_TEST_POSTGRES_REQUIRED") == "1":
            pytest.fail(f"{program} (PostgreSQL's client) is needed here and is not installed")
        pytest.skip(f"{program} (PostgreSQL's client) is not installed")
    return found


def release_postgres(empty_url: str) -> None:
    """Load release 0.1's dump into an empty database (psql -f), on a Vietnamese-time server."""
    psql = _client("psql")
    url = make_url(empty_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text(f"ALTER DATABASE \"{url.database}\" SET timezone TO '{SERVER_TIMEZONE}'")
        )
    admin.dispose()
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(RELEASE / "postgres.sql"), libpq],
        check=True,
        capture_output=True,
    )


def _moment(value: Any, zone: tzinfo) -> Any:
    """Moments as aware UTC; a naive one is wall time of the database's zone."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return aware.astimezone(UTC)
    return value


def _zone(connection: Connection) -> tzinfo:
    if connection.dialect.name != "postgresql":
        return UTC  # SQLite keeps the UTC text the code wrote
    return ZoneInfo(str(connection.exec_driver_sql("SHOW TimeZone").scalar()))


def snapshot(engine: Engine) -> Snapshot:
    """Every row of every table (and every id counter), by primary key, column by column."""
    found: Snapshot = {}
    with engine.connect() as connection:
        zone = _zone(connection)
        meta = MetaData()
        meta.reflect(connection)
        for table in meta.sorted_tables:
            if table.name in DROPPED | {"alembic_version"}:
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            found[table.name] = [
                {key: _moment(value, zone) for key, value in row._mapping.items()}
                for row in connection.execute(select(table).order_by(*order))
            ]
        if connection.dialect.name == "sqlite":
            counters = "SELECT name, seq FROM sqlite_sequence ORDER BY name"
        else:
            counters = (
                "SELECT sequencename AS name, last_value AS seq FROM pg_sequences "
                "ORDER BY sequencename"
            )
        found["(id counters)"] = [dict(row._mapping) for row in connection.execute(text(counters))]
    return found


def table_names(engine: Engine) -> set[str]:
    """The tables a database has."""
    meta = MetaData()
    meta.reflect(engine)
    return set(meta.tables)


def migrate_to(engine: Engine, revision: str) -> None:
    """Run the migrations up to one revision only (the application always goes to the newest)."""
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def ddl(url: str) -> set[str]:
    """The schema's statements as the database itself reports them (SQLite's own CREATE text,
    PostgreSQL's `pg_dump --schema-only`), blanks folded; Alembic's and APScheduler's tables
    left out."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(str(parsed.database)) as connection:
            rows = connection.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                "AND tbl_name NOT IN ('alembic_version', 'apscheduler_jobs')"
            ).fetchall()
        return {re.sub(r"\s+", " ", sql) for (sql,) in rows}
    libpq = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    dump = subprocess.run(
        [_client("pg_dump"), "--schema-only", "--no-owner", "--no-privileges", libpq],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = "\n".join(line for line in dump.splitlines() if not line.startswith(("--", "\\")))
    statements = {re.sub(r"\s+", " ", s).strip() for s in lines.split(";\n")}
    return {
        s for s in statements if s and "alembic_version" not in s and "apscheduler_jobs" not in s
    }
