"""The Slack edge in Socket Mode: the real Bolt handler and slack_sdk client, a loopback Slack.

`SlackEdge.start()` builds Bolt's `AsyncSocketModeHandler` (slack_sdk's aiohttp
`SocketModeClient`), which asks `apps.connections.open` for a WebSocket URL with the app-level
token through the app's own web client (so through `slack_api_url`), connects there and
acknowledges each envelope. `tests.bot.slack_api.SlackApi` plays Slack on both sides: the Web API
and the Socket Mode connection. Nothing of Bolt or slack_sdk is replaced.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from bot.settings import Settings
from bot.slack import SlackEdge, slack_client
from handlers.services import Services
from retrieval.records.inbox import Inbox
from tests.bot.slack.harness import ACK_BUDGET_S, QUESTION, TOKEN, feedback_buttons, shown
from tests.bot.slack_api import SlackApi
from tests.bot.slack_requests import dm_event

APP_TOKEN = "xapp-1-A0VANTHU-1-stand-in"
EVENT_ID = "Ev0SOCKETDM01"


@pytest_asyncio.fixture
async def api() -> AsyncIterator[SlackApi]:
    async with SlackApi(TOKEN, APP_TOKEN) as server:
        yield server


@pytest.fixture
def settings(api: SlackApi, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        slack_mode="socket",
        slack_bot_token=SecretStr(TOKEN),
        slack_app_token=SecretStr(APP_TOKEN),
        slack_api_url=api.api_url,
        slack_files_url=api.files_url,
    )


async def acked_in_time(api: SlackApi, envelope_id: str) -> None:
    """The envelope is acknowledged with its id alone, within Slack's 3 seconds."""
    start = time.monotonic()
    ack = await api.wait_for_ack(envelope_id, timeout=ACK_BUDGET_S * 2)
    assert time.monotonic() - start < ACK_BUDGET_S
    assert ack == {"envelope_id": envelope_id}


@pytest.mark.asyncio
async def test_a_dm_over_socket_mode_is_acked_and_answered_once_despite_redelivery(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> None:
    edge = SlackEdge(settings, slack_client(settings), services, Inbox(engine))
    await asyncio.wait_for(edge.start(), timeout=10)
    try:
        # The WebSocket URL came from the stand-in, asked with the app-level token.
        [opened] = api.of("apps.connections.open", ok_only=False)
        assert opened.ok
        assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
        await api.wait_for_sockets(1)

        event = dm_event(QUESTION, ts="1700000200.000300")
        await acked_in_time(api, await api.push_event(event, EVENT_ID))
        [post] = await api.wait_for("chat.postMessage")
        await edge.drain()
        assert len(api.posted()) == 1
        assert post.headers["Authorization"] == f"Bearer {TOKEN}"
        assert post.params["channel"] == "D0ASKER"
        assert post.params["thread_ts"] == "1700000200.000300"
        assert "Điều" in shown(post)
        assert feedback_buttons(post)

        # Slack redelivers the same event in a new envelope: acknowledged, not answered again.
        again = await api.push_event(event, EVENT_ID, retry_attempt=1)
        await acked_in_time(api, again)
        # A new question after it is still answered: only the duplicate was dropped.
        other = dm_event(QUESTION, channel="D0OTHER")
        await acked_in_time(api, await api.push_event(other, "Ev0SOCKETDM02"))
        await api.wait_for("chat.postMessage", 2)
        await edge.drain()  # the redelivery was dropped
        assert [c.params["channel"] for c in api.posted()] == ["D0ASKER", "D0OTHER"]
        assert len(api.of("reactions.add")) == 2
        assert len(services.events.questions()) == 2
    finally:
        await asyncio.wait_for(edge.stop(), timeout=10)

    # Stopped cleanly: the connection is closed and the client did not reconnect.
    await api.wait_for_sockets(0)
    assert api.connections == 1
    assert len(api.of("apps.connections.open", ok_only=False)) == 1
    assert [c.method for c in api.calls if not c.ok] == []
