"""Slack's signatures and retries: unsigned requests refused, redeliveries answered once."""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.settings import Settings
from handlers.services import Services
from retrieval.records.inbox import Inbox
from tests.bot.slack.harness import QUESTION, SECRET, Bot, running, shown
from tests.bot.slack_api import SlackApi
from tests.bot.slack_requests import dm_event, envelope, signed_headers

# -- signatures ----------------------------------------------------------------------------


def _bad_headers(case: str, body: bytes) -> dict[str, str]:
    now = int(time.time())
    good = signed_headers(SECRET, body)
    if case == "wrong secret":
        return signed_headers("not-the-secret", body)
    if case == "other body":
        return signed_headers(SECRET, body + b" ")
    if case == "tampered signature":
        return {**good, "X-Slack-Signature": good["X-Slack-Signature"][:-4] + "0000"}
    if case == "no v0 prefix":
        return {**good, "X-Slack-Signature": good["X-Slack-Signature"].removeprefix("v0=")}
    if case == "stale timestamp":
        return signed_headers(SECRET, body, str(now - 6 * 60))
    if case == "future timestamp":
        return signed_headers(SECRET, body, str(now + 6 * 60))
    if case == "non-numeric timestamp":
        return signed_headers(SECRET, body, "17e8")
    if case == "unicode digits timestamp":
        return signed_headers(SECRET, body, "١٧٠٠٠٠٠٠٠٠")
    if case == "no signature":
        return {k: v for k, v in good.items() if k != "X-Slack-Signature"}
    if case == "no timestamp":
        return {k: v for k, v in good.items() if k != "X-Slack-Request-Timestamp"}
    assert case == "no headers"
    return {"Content-Type": "application/json"}


BAD_SIGNATURES = [
    "wrong secret",
    "other body",
    "tampered signature",
    "no v0 prefix",
    "stale timestamp",
    "future timestamp",
    "non-numeric timestamp",
    "unicode digits timestamp",
    "no signature",
    "no timestamp",
    "no headers",
]


@pytest.mark.parametrize("case", BAD_SIGNATURES)
@pytest.mark.asyncio
async def test_a_request_without_a_valid_signature_is_refused_and_ignored(
    bot: Bot, case: str
) -> None:
    body = envelope(dm_event(QUESTION))
    sent = await bot.send.raw(body, _bad_headers(case, body))
    assert sent.status == 401
    await bot.edge.drain()
    assert bot.api.calls == []  # not even Bolt's auth.test: nothing reached the app


@pytest.mark.asyncio
async def test_no_request_body_is_logged(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    for name in ("vanthu", "slack_bolt", "slack_sdk", "bot", "handlers", "aiohttp"):
        caplog.set_level(logging.DEBUG, logger=name)
    marker = f"MARKER-{uuid.uuid4().hex}"
    body = envelope(dm_event(f"{QUESTION} {marker}"))
    for case in ("wrong secret", "stale timestamp", "non-numeric timestamp", "no headers"):
        assert (await bot.send.raw(body, _bad_headers(case, body))).status == 401
    # Signed but left alone: an event nobody listens to (Bolt answers 404) and a channel message.
    unheard = await bot.send.event({"type": "reaction_added", "reaction": marker})
    assert unheard.status in {200, 404}
    channel = dm_event(marker, channel="C0OFFICE")
    channel["channel_type"] = "channel"
    assert (await bot.send.event(channel)).status == 200
    await bot.edge.drain()
    assert bot.api.posted() == []
    assert marker not in caplog.text
    assert all(marker not in str(record.args) for record in caplog.records)


@pytest.mark.asyncio
async def test_the_url_verification_challenge_is_answered(bot: Bot) -> None:
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2r", "type": "url_verification"})
    sent = await bot.send.signed(body.encode())
    assert sent.status == 200
    assert "3eZbrw1aBm2r" in sent.body


# -- duplicates and restarts ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_an_event_delivered_again_is_answered_once_even_after_a_restart(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> None:
    event = dm_event(QUESTION)
    event_id = "Ev0DUPLICATE01"
    async with running(api, settings, services, Inbox(engine)) as bot:
        first = await bot.send.event(event, event_id)
        again = await bot.send.event(event, event_id)
        retried = await bot.send.event(event, event_id, retry_num=1)
        assert [s.status for s in (first, again, retried)] == [200, 200, 200]
        await api.wait_for("chat.postMessage")
        await bot.edge.drain()
        assert len(api.posted()) == 1
        assert len(api.of("reactions.add")) == 1

    # A new process: a new edge and inbox over the same database.
    async with running(api, settings, services, Inbox(engine)) as restarted:
        for retry_num in (2, 3):
            sent = await restarted.send.event(event, event_id, retry_num=retry_num)
            assert sent.status == 200
        # A new event still gets through, so the edge is alive and only the duplicate dropped.
        await restarted.send.event(dm_event(QUESTION, channel="D0OTHER"))
        await api.wait_for("chat.postMessage", 2)
        await bot.edge.drain()
    assert [c.params["channel"] for c in api.posted()] == ["D0ASKER", "D0OTHER"]
    assert len(services.events.questions()) == 2


@pytest.mark.asyncio
async def test_a_redelivery_after_a_crash_mid_answer_is_answered(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> None:
    crashed = Inbox(engine, lease=timedelta(0))
    assert crashed.claim("slack", "Ev0CRASHED01")  # claimed, never finished
    async with running(api, settings, services, Inbox(engine, lease=timedelta(0))) as bot:
        sent = await bot.send.event(dm_event(QUESTION), "Ev0CRASHED01", retry_num=1)
        assert sent.status == 200
        await api.wait_for("chat.postMessage")
        await bot.edge.drain()
    assert len(api.posted()) == 1


# -- rate limits ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_429_on_post_message_delays_but_delivers_exactly_once(bot: Bot) -> None:
    bot.api.fail_next("chat.postMessage", 1, retry_after=1)
    assert (await bot.send.event(dm_event(QUESTION))).status == 200

    [post] = await bot.api.wait_for("chat.postMessage")
    await bot.edge.drain()
    attempts = bot.api.of("chat.postMessage", ok_only=False)
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # Retry-After was honoured
    assert attempts[0].params["blocks"] == post.params["blocks"]
    assert len(bot.api.posted()) == 1
    assert "Điều" in shown(post)
