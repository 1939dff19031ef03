"""`vanthu digest ...`: subscriptions, their history and previews."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from bot.cli.app import (
    digest_app,
    open_library,
    setup_guard,
    state,
)
from bot.console import render_plain
from bot.wiring import make_services
from handlers.digest_reply import render_digest
from scheduler.runner import DigestRunner
from scheduler.schedule import DEFAULT_TIMEZONE, ScheduleError


def _digests() -> DigestRunner:
    settings = state.get()
    services = setup_guard(lambda: make_services(settings, open_library(settings, dense=False)))
    return services.digests


@digest_app.command("subscribe")
def digest_subscribe(
    platform: Annotated[str, typer.Argument(help="telegram or slack")],
    channel: Annotated[str, typer.Argument(help="chat id (Telegram) or channel id (Slack)")],
    schedule: Annotated[str, typer.Argument(help='"17:00" or a crontab line "0 16 * * fri"')],
    weekdays: Annotated[bool, typer.Option("--weekdays", help="Monday to Friday only")] = False,
    office: Annotated[
        bool, typer.Option("--office", help="every chat's questions and files, not the channel's")
    ] = False,
    language: Annotated[str, typer.Option("--language", "-l")] = "vi",
    timezone: Annotated[str, typer.Option("--timezone")] = DEFAULT_TIMEZONE,
) -> None:
    """Post digests to a channel on a schedule (replaces the channel's earlier one)."""
    if platform not in {"telegram", "slack", "zalo"} or language not in {"vi", "en"}:
        typer.echo("platform must be telegram, slack or zalo, language vi or en", err=True)
        raise typer.Exit(2)
    try:
        subscription = _digests().subscriptions.subscribe(
            platform,
            channel,
            schedule,
            timezone=timezone,
            weekdays_only=weekdays,
            language=language,
            created_by="cli",
            scope="office" if office else "chat",
        )
    except ScheduleError as exc:
        typer.echo(f"Bad schedule: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"subscribed {subscription.describe()}")


@digest_app.command("list")
def digest_list() -> None:
    """The subscriptions and their last deliveries."""
    runner = _digests()
    subscriptions = runner.subscriptions.all()
    for subscription in subscriptions:
        history = runner.ledger.deliveries(subscription.id)
        last = f"  last: {history[-1][0]:%Y-%m-%d %H:%M} UTC {history[-1][1]}" if history else ""
        typer.echo(f"{subscription.describe()}{last}")
    typer.echo(f"{len(subscriptions)} subscription(s)")


@digest_app.command("unsubscribe")
def digest_unsubscribe(
    platform: Annotated[str, typer.Argument()], channel: Annotated[str, typer.Argument()]
) -> None:
    """Stop a channel's digests."""
    if not _digests().subscriptions.unsubscribe(platform, channel):
        typer.echo(f"no subscription for {platform}:{channel}", err=True)
        raise typer.Exit(1)
    typer.echo(f"unsubscribed {platform}:{channel}")


@digest_app.command("preview")
def digest_preview(
    days: Annotated[int, typer.Option(min=1, max=31)] = 1,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            help="a subscribed channel, PLATFORM:ID (telegram:-100123): what it would be sent",
        ),
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="vi or en (default: the channel's)")
    ] = None,
    timezone: Annotated[str, typer.Option("--timezone")] = DEFAULT_TIMEZONE,
) -> None:
    """Print the digest of the last DAYS days: the whole office's, or with --channel what
    that channel would get (its scope, clearance, time zone and language)."""
    runner = _digests()
    end = datetime.now(UTC)
    start = end - timedelta(days=days)
    if channel is None:
        typer.echo(
            render_plain(render_digest(runner.build(start, end, timezone), language or "vi"))
        )
        return
    platform, _, chat = channel.partition(":")
    subscription = runner.subscriptions.find(platform, chat)
    if subscription is None:
        typer.echo(f"no subscription for {channel} (see vanthu digest list)", err=True)
        raise typer.Exit(1)
    digest = runner.build_for(subscription, start, end)
    typer.echo(render_plain(render_digest(digest, language or subscription.language)))
