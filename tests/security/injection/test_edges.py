"""End to end through the real edges: five hostile documents asked on Telegram and on Slack.

Their only calls are the answers to the asking chat and the working signals.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.render import SlackMessage
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from tests.bot.conftest import handled, make_edge
from tests.bot.slack.harness import TOKEN, assert_harmless, http_settings, running, shown
from tests.bot.slack_api import SlackApi
from tests.bot.slack_requests import dm_event
from tests.bot.telegram_api import TelegramApi, message_update
from tests.databases import migrated_engine
from tests.security.injection.effects import as_shown, slack_effects, telegram_effects
from tests.security.injection.runs import (
    ASKER,
    DOCUMENTS,
    EDGE_RESULTS,
    EDGE_SUBSET,
    SLACK_CHANNEL,
    Run,
)
from tests.services import make_services


@pytest.mark.asyncio
async def test_hostile_answers_through_the_telegram_edge(
    library: Library, plain: Run, tmp_path: Path
) -> None:
    documents = [DOCUMENTS[i] for i in EDGE_SUBSET]
    expected = sum(len(plain.asked[i].telegram) for i in EDGE_SUBSET)  # long answers split
    chat = int(ASKER)
    async with TelegramApi() as api:
        edge = make_edge(api, tmp_path, library)
        await edge.start()
        try:
            updates = [message_update(d.question, chat_id=chat, user_id=chat) for d in documents]
            api.push(*updates)
            await api.wait_for("sendMessage", expected)
            await handled(edge, *updates)  # all it did for them is done
        finally:
            await edge.stop()

    # setMyCommands: the menu from the command table, registered at start.
    allowed = {
        "getMe",
        "deleteWebhook",
        "setMyCommands",
        "getUpdates",
        "sendChatAction",
        "sendMessage",
    }
    assert {call.method for call in api.calls} <= allowed
    assert all(int(c.params["chat_id"]) == chat for c in api.calls if "chat_id" in c.params)
    sent = api.sent("sendMessage")
    assert len(sent) == expected  # the answers' messages, nothing more
    first = {
        c.params["reply_parameters"]["message_id"]: c
        for c in sent
        if "reply_parameters" in c.params
    }
    assert set(first) == {u["message"]["message_id"] for u in updates}
    assert all(c.params["parse_mode"] == "HTML" for c in sent)
    assert all(c.params["link_preview_options"] == {"is_disabled": True} for c in sent)
    bodies = [str(c.params["text"]) for c in sent]
    effects = len(telegram_effects(bodies))
    quoted = sum(any(d.marker in as_shown(body) for body in bodies) for d in documents)
    EDGE_RESULTS["Telegram"] = (len(documents), quoted, effects)
    assert (quoted, effects) == (len(documents), 0)


@pytest.mark.asyncio
async def test_hostile_answers_through_the_slack_edge(
    library: Library, plain: Run, tmp_path: Path
) -> None:
    documents = [DOCUMENTS[i] for i in EDGE_SUBSET]
    expected = sum(len(plain.asked[i].slack) for i in EDGE_SUBSET)
    engine = migrated_engine(f"sqlite:///{tmp_path / 'slack.db'}")
    async with SlackApi(TOKEN) as api:
        settings = http_settings(api, tmp_path)
        services = make_services(library, engine, people=library.engine)
        async with running(api, settings, services, Inbox(engine)) as bot:
            stamps = [f"{int(time.time())}.{n:06d}" for n in range(len(documents))]
            for document, ts in zip(documents, stamps, strict=True):
                event = dm_event(document.question, channel=SLACK_CHANNEL, ts=ts)
                assert (await bot.send.event(event)).status == 200
            await api.wait_for("chat.postMessage", expected, timeout=30)
            await bot.edge.drain()
    engine.dispose()

    allowed = {"auth.test", "chat.postMessage", "reactions.add", "reactions.remove"}
    assert {call.method for call in api.calls} <= allowed
    assert all(c.params["channel"] == SLACK_CHANNEL for c in api.calls if "channel" in c.params)
    posts = api.posted()
    assert len(posts) == expected  # the answers' messages, nothing more
    assert {post.params["thread_ts"] for post in posts} == set(stamps)  # each in its thread
    effects = quoted = 0
    for document, ts in zip(documents, stamps, strict=True):
        thread = [post for post in posts if post.params["thread_ts"] == ts]
        for post in thread:
            assert_harmless(post)
            assert post.params["unfurl_links"] is False and post.params["unfurl_media"] is False
            rich = [block for block in post.params["blocks"] if block["type"] == "rich_text"]
            effects += len(slack_effects([SlackMessage(post.params["text"], rich)]))
        quoted += any(document.marker in shown(post) for post in thread)
    EDGE_RESULTS["Slack"] = (len(documents), quoted, effects)
    assert (quoted, effects) == (len(documents), 0)
