"""`vanthu access ...` and `vanthu audit`: people, readers and who saw what."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated

import typer

from bot.cli.app import (
    access_app,
    app,
    open_library,
    operator,
    setup_guard,
    state,
)
from bot.console import render_plain
from bot.wiring import make_services
from handlers.router import route
from handlers.types import IncomingMessage
from retrieval.access.control import AccessControl
from retrieval.records.audit import AuditLog, to_csv


@app.command("audit")
def audit_command(
    person: Annotated[str | None, typer.Option(help='e.g. "telegram:123456"')] = None,
    document: Annotated[str | None, typer.Option(help="part of a title, number or path")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD (UTC)")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD (UTC), exclusive")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV on standard output")] = False,
) -> None:
    """Who asked what, which documents were shown, what changed and what was sent."""
    try:
        start = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else None
        end = datetime.fromisoformat(until).replace(tzinfo=UTC) if until else None
    except ValueError as exc:
        typer.echo(f"Bad date: {exc}", err=True)
        raise typer.Exit(2) from exc
    library = open_library(state.get(), dense=False)
    actors: list[str] | None = None
    if person:
        # "#3" stands for every account of person 3.
        found = (
            AccessControl(library.engine).person_by_id(int(person[1:]))
            if (person.startswith("#") and person[1:].isdigit())
            else None
        )
        actors = list(found.identities) if found else [person]
    entries = AuditLog(library.engine).query(
        person=actors, document=document, since=start, until=end
    )
    if as_csv:
        typer.echo(to_csv(entries), nl=False)
        return
    for entry in entries:
        at = f"{entry.at:%Y-%m-%d %H:%M:%S}" if entry.at else ""
        shown = f"  [{'; '.join(entry.documents)}]" if entry.documents else ""
        chat = entry.chat or "-"
        typer.echo(f"{at} {entry.actor} {chat} {entry.action}: {entry.detail}{shown}")
    typer.echo(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", err=True)


def _access_command(words: list[str]) -> None:
    """Run an access command as the operator, through the same handler as the chat."""
    settings = state.get()
    services = setup_guard(lambda: make_services(settings, open_library(settings, dense=False)))
    me = operator().partition(":")[2]
    message = IncomingMessage(" ".join(words), user_id=me, chat_id="-", platform="cli")
    reply = asyncio.run(route(message, services))
    typer.echo(render_plain(reply))
    if reply.problem:
        raise typer.Exit(1)


@access_app.command("grant")
def access_grant(
    who: Annotated[str, typer.Argument(help="telegram:ID, slack:ID, #N, role:R or chat:P:ID")],
    what: Annotated[str, typer.Argument(help="a role (admin, staff, leader) or a collection")],
) -> None:
    """Give a role to a person, or let a role, person or chat read a collection."""
    _access_command(["/grant", who, what])


@access_app.command("revoke")
def access_revoke(
    who: Annotated[str, typer.Argument(help="telegram:ID, slack:ID, #N, role:R or chat:P:ID")],
    what: Annotated[str, typer.Argument(help="a role or a collection")],
) -> None:
    """Take back a role or a reading; takes effect on the next question."""
    _access_command(["/revoke", who, what])


@access_app.command("link")
def access_link(
    first: Annotated[str, typer.Argument(help="telegram:ID, slack:ID or #N")],
    second: Annotated[str, typer.Argument(help="the other account of the same person")],
) -> None:
    """Make two platform accounts one person."""
    _access_command(["/link", first, second])


@access_app.command("label")
def access_label(
    collection: Annotated[str, typer.Argument()],
    sensitivity: Annotated[str, typer.Argument(help="public, internal or confidential")],
) -> None:
    """Set a collection's sensitivity label (shown in citations; public = anyone may read)."""
    _access_command(["/label", collection, sensitivity])


@access_app.command("list")
def access_list(
    who: Annotated[str | None, typer.Argument(help="an account or #N; all when omitted")] = None,
) -> None:
    """Everyone and every collection with its readers, or one person."""
    _access_command(["/whois", who or "all"])
