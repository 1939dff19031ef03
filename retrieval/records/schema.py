"""The one schema: every table of vanthu hangs on `Base.metadata`, each declared by its owner.

Owners: the library (`retrieval.search.store`), people and readers (`retrieval.access.control`),
the records the bot keeps (`retrieval.records`), digests (`scheduler.schedule`,
`scheduler.ledger`). The tables move only through migrations (`bot/migrations`).

Moments are stored in UTC and always come back aware, on SQLite (which keeps no zone) as on
PostgreSQL (`timestamp with time zone`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, Dialect, MetaData, create_engine, event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

# PostgreSQL's own default names, so a database made before names were given and one made by
# the migrations carry the same constraint names.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "fk": "%(table_name)s_%(column_0_N_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}


def utcnow() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware moment stored in UTC; naive values are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """UTC on the way in (without its zone on SQLite, which would keep it as text)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a moment without a time zone: {value!r}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Aware UTC on the way out."""
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of every table: one metadata, PostgreSQL's constraint names."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime}


def make_engine(url: str | URL) -> Engine:
    """An engine, no DDL; SQLite connections get foreign keys and WAL (readers beside a writer)."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    return engine


def insert_if_absent(engine: Engine, row: Base) -> bool:
    """Insert a row; False when its key is taken (by another process a moment ago)."""
    try:
        with Session(engine) as session, session.begin():
            session.add(row)
    except IntegrityError:
        return False
    return True
