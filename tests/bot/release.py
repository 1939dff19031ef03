"""Databases made by release 0.1 (tests/data/release-0.1, by scripts/make_release_databases.py)
and a table-by-table reading of any database, to compare before and after an upgrade."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import Connection, Engine, make_url

RELEASE = Path(__file__).resolve().parents[1] / "data" / "release-0.1"
# The PostgreSQL dump comes from a server set to Vietnamese time, as one installed in Vietnam.
SERVER_TIMEZONE = "Asia/Ho_Chi_Minh"
# Derived, dropped by revision 0002; every other table keeps every row.
DROPPED = frozenset({"apscheduler_jobs"})

Snapshot = dict[str, list[dict[str, Any]]]


def release_sqlite(folder: Path) -> str:
    """A copy of the SQLite file release 0.1 made; its URL."""
    path = folder / "vanthu.db"
    shutil.copyfile(RELEASE / "vanthu.db", path)
    return f"sqlite:///{path}"


def release_postgres(empty_url: str) -> None:
    """Load release 0.1's dump into an empty database (psql -f), on a Vietnamese-time server."""
    psql = shutil.which("psql")
    if psql is None:
        if os.environ.get("VANTHU_TEST_POSTGRES_REQUIRED") == "1":
            pytest.fail("psql is needed to load the release dump and is not installed")
        pytest.skip("psql is not installed: the release dump cannot be loaded")
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
