"""`vanthu db upgrade` and `vanthu db current`: the database schema's revision and its upgrades."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.app import app, state
from bot.database import SchemaError, SchemaState, schema_state, upgrade_database
from retrieval.records.schema import make_engine

T = TypeVar("T")

db_app = typer.Typer(help="The database schema: its revision and upgrades.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _one_line(exc: Exception) -> str:
    """The driver's own words without SQLAlchemy's SQL and link lines."""
    cause = getattr(exc, "orig", None) or exc
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0]


def _on_database(work: Callable[[Engine], T]) -> T:
    settings = state.get()
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)  # where the default SQLite file goes
        engine = make_engine(settings.database)
        try:
            return work(engine)
        finally:
            engine.dispose()
    except (SQLAlchemyError, OSError, SchemaError) as exc:
        typer.echo(f"Database error: {_one_line(exc)}", err=True)
        raise typer.Exit(2) from exc


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the schema to the newest revision (back the database up first); a new one is made."""
    before, after = _on_database(upgrade_database)
    if before.current:
        typer.echo(f"The database schema is at {after}, the newest: nothing to do.")
    elif before.empty:
        typer.echo(f"The database was empty: schema made at {after}.")
    else:
        typer.echo(f"The database schema was upgraded from {before.describe()} to {after}.")


@db_app.command("current")
def db_current() -> None:
    """Print the schema's revision; exit code 1 when it is not the newest."""
    found: SchemaState = _on_database(schema_state)
    if not found.known:
        typer.echo(
            f"Database error: the schema is at revision {found.revision}, newer than this "
            f"vanthu knows (up to {found.head})",
            err=True,
        )
        raise typer.Exit(2)
    if found.current:
        typer.echo(f"{found.head} (the newest)")
        return
    typer.echo(f"{found.describe()}: the newest is {found.head}; run `vanthu db upgrade`")
    raise typer.Exit(1)
