"""Slack events and threads: questions in DMs and mentions, answered in their thread."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.bot.slack.harness import (
    ACK_BUDGET_S,
    QUESTION,
    TOKEN,
    Bot,
    feedback_buttons,
    leaves,
    shown,
)
from tests.bot.slack_requests import BOT_USER, dm_event


def mention(
    text: str, *, channel: str = "C0OFFICE", thread_ts: str | None = None
) -> dict[str, Any]:
    """An app_mention event in a channel."""
    ts = f"{time.time():.6f}"
    event = {
        "type": "app_mention",
        "user": "U0ASKER",
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


@pytest.mark.asyncio
async def test_dm_question_gets_a_cited_answer_in_its_thread_with_feedback_buttons(
    bot: Bot,
) -> None:
    event = dm_event(QUESTION, ts="1700000100.000200")
    sent = await bot.send.event(event)
    assert sent.status == 200
    assert sent.seconds < ACK_BUDGET_S

    [post] = await bot.api.wait_for("chat.postMessage")
    await bot.edge.drain()
    assert len(bot.api.posted()) == 1
    assert post.headers["Authorization"] == f"Bearer {TOKEN}"
    assert post.params["channel"] == "D0ASKER"
    assert post.params["thread_ts"] == "1700000100.000200"
    assert post.params["unfurl_links"] is False
    body = shown(post)
    assert "Theo tài liệu" in body
    assert "Điều" in body
    assert "↳ " in body  # a source line under the quote
    assert all(leaf["type"] == "text" for leaf in leaves(post.params["blocks"]))
    assert post.params["text"]  # the notification fallback

    buttons = feedback_buttons(post)
    assert [b["action_id"] for b in buttons] == ["feedback_useful", "feedback_not_useful"]
    assert buttons[0]["value"] == buttons[1]["value"]
    [question] = bot.services.events.questions()
    assert buttons[0]["value"] == f"{question.id}:vi"
    assert question.platform == "slack" and question.user_id == "U0ASKER"

    # The working signal: added to the question, then removed once the answer is out.
    [added] = bot.api.of("reactions.add")
    [removed] = bot.api.of("reactions.remove")
    assert added.params["timestamp"] == removed.params["timestamp"] == "1700000100.000200"
    assert added.at < post.at < removed.at


@pytest.mark.asyncio
async def test_a_channel_message_without_a_mention_gets_nothing(bot: Bot) -> None:
    event = dm_event(QUESTION, channel="C0OFFICE")
    event["channel_type"] = "channel"
    sent = await bot.send.event(event)
    assert sent.status == 200
    await bot.edge.drain()
    assert [c.method for c in bot.api.calls if c.method != "auth.test"] == []


@pytest.mark.asyncio
async def test_the_bots_own_messages_and_edits_in_a_dm_get_nothing(bot: Bot) -> None:
    own = dm_event(QUESTION, user=BOT_USER)
    own["bot_id"] = "BBOT"
    edited = dm_event(QUESTION)
    edited["subtype"] = "message_changed"
    for event in (own, edited):
        assert (await bot.send.event(event)).status == 200
    await bot.edge.drain()
    assert bot.api.posted() == []


@pytest.mark.parametrize("thread_ts", [None, "1699999999.000300"])
@pytest.mark.asyncio
async def test_a_mention_is_answered_in_its_thread(bot: Bot, thread_ts: str | None) -> None:
    event = mention(QUESTION, thread_ts=thread_ts)
    # Slack also delivers the same channel message as a plain `message` event.
    echo = dm_event(event["text"], channel="C0OFFICE", ts=event["ts"])
    echo["channel_type"] = "channel"
    assert (await bot.send.event(event)).status == 200
    assert (await bot.send.event(echo)).status == 200

    await bot.api.wait_for("chat.postMessage")
    await bot.edge.drain()
    [post] = bot.api.posted()
    assert post.params["channel"] == "C0OFFICE"
    assert post.params["thread_ts"] == (thread_ts or event["ts"])
    assert "Điều" in shown(post)
    assert f"<@{BOT_USER}>" not in shown(post)
    assert feedback_buttons(post)
