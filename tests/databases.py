"""Databases for tests, at the newest schema, made through the real migrations (`bot.database`).

Migrating costs about 0.1 s on SQLite and 0.4 s on PostgreSQL; the suite opens some hundred
databases, so each kind is migrated once per test process and copied: a new SQLite file starts
as a copy of a migrated file, a new PostgreSQL database is created from a migrated template
(see `postgres_template`). The migration tests themselves start from empty databases.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from bot.database import open_database


@cache
def _sqlite_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="vanthu-template-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "template.db"
    open_database(f"sqlite:///{path}", auto_upgrade=False).dispose()
    return path


def migrated_engine(url: str) -> Engine:
    """An engine on a database at the newest schema (a new SQLite file is a migrated copy)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in {None, "", ":memory:"}:
        path = Path(str(parsed.database))
        if not path.exists():
            # Linked in whole or not at all: processes of one test may open the file together.
            partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
            shutil.copyfile(_sqlite_template(), partial)
            try:
                os.link(partial, path)
            except FileExistsError:
                pass
            finally:
                partial.unlink()
    return open_database(url, auto_upgrade=False)


def postgres_template(server_url: str) -> str:
    """The name of a PostgreSQL database migrated once, to create test databases from."""
    name = f"vanthu_template_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    # Disposed at once: CREATE DATABASE ... TEMPLATE wants nobody connected to the template.
    open_database(url, auto_upgrade=False).dispose()
    return name


@contextmanager
def new_postgres_database(server_url: str, template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database on the server of `server_url` (a copy of `template` when
    given), dropped afterwards; its URL."""
    name = f"vanthu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            copy = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
