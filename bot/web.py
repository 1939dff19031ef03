"""One HTTP server for the webhook modes: Telegram and Zalo updates, Slack events, each on
its path."""

from __future__ import annotations

from aiohttp import web

from bot.settings import Settings
from bot.slack import SlackEdge
from bot.telegram import TelegramEdge
from bot.zalo import CHARTS_PATH, ChartShelf, ZaloEdge

MAX_BODY_BYTES = 1024 * 1024


async def _health(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


def web_app(
    settings: Settings,
    telegram: TelegramEdge | None = None,
    slack: SlackEdge | None = None,
    zalo: ZaloEdge | None = None,
    charts: ChartShelf | None = None,
) -> web.Application:
    """The aiohttp application with a route per enabled webhook edge, the digest charts
    Zalo fetches, and /healthz."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_get("/healthz", _health)
    if telegram is not None:
        app.router.add_post(settings.telegram_webhook_path, telegram.webhook)
    if slack is not None:
        app.router.add_post(settings.slack_events_path, slack.events)
    if zalo is not None:
        app.router.add_post(settings.zalo_webhook_path, zalo.webhook)
    if charts is not None:
        app.router.add_get(CHARTS_PATH + "/{file}", charts.serve)
    return app


async def serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Start listening; the caller cleans the runner up."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
