"""Digests out through the real Telegram edge: HTML messages and the chart, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import text as sql

from bot.publish import EdgePublisher
from bot.settings import Settings
from bot.slack import SlackEdge
from bot.telegram import TelegramEdge
from handlers.services import Services
from retrieval.records.events import Asked
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from scheduler.runner import DigestRunner
from tests.bot.slack_api import SlackApi
from tests.bot.telegram_api import TelegramApi
from tests.databases import migrated_engine

SLACK_TOKEN = "xoxb-digest-test"


@pytest.mark.asyncio
async def test_a_digest_reaches_a_telegram_group_once_with_its_chart(
    api: TelegramApi,
    polling: TelegramEdge,
) -> None:
    """Subscribed group, two days of questions: the digest and a PNG chart, then nothing more."""
    engine = polling.inbox.engine
    runner = DigestRunner(engine, EdgePublisher(telegram=polling), "test")
    subscription = runner.subscriptions.subscribe("telegram", "-100777", "17:00", scope="office")
    now = datetime.now(UTC)
    for _ in range(3):
        runner.events.record_question(
            Asked("telegram", "-1", "u", "vi", "Lệ phí cấp hộ chiếu là bao nhiêu?", False, [])
        )
    # Spread the questions over two days, as if they had been asked then.
    with engine.begin() as connection:
        for index, hours in enumerate((30, 20, 2), start=1):
            connection.execute(
                sql("UPDATE question_events SET at = :at WHERE id = :id"),
                {"at": now - timedelta(hours=hours), "id": index},
            )
    first = await runner.send_now(subscription, now - timedelta(minutes=1))
    assert first.status == "sent"
    messages = api.sent("sendMessage")
    assert messages and all(int(m.params["chat_id"]) == -100777 for m in messages)
    assert "hộ chiếu" in " ".join(m.params["text"] for m in messages)
    (photo,) = api.sent("sendPhoto")
    assert bytes(photo.params["photo"]).startswith(b"\x89PNG")
    again = await runner.send_now(subscription, now - timedelta(minutes=1))
    assert again.status == "already"
    assert len(api.sent("sendMessage")) == len(messages)


@pytest.mark.asyncio
async def test_a_digest_reaches_a_slack_channel_as_rich_text(
    tmp_path: Path, sample_library: Library
) -> None:
    """The Slack edge posts the digest's messages to the subscribed channel, once."""
    async with SlackApi(SLACK_TOKEN) as slack_api:
        settings = Settings(
            data_dir=tmp_path,
            embedder="none",
            slack_bot_token=SecretStr(SLACK_TOKEN),
            slack_signing_secret=SecretStr("secret"),
            slack_mode="http",
            slack_api_url=slack_api.api_url,
            slack_files_url=slack_api.files_url,
        )
        engine = migrated_engine(f"sqlite:///{tmp_path / 'd.db'}")
        edge = SlackEdge(settings, Services(library=sample_library), Inbox(engine))
        runner = DigestRunner(engine, EdgePublisher(slack=edge), "test")
        subscription = runner.subscriptions.subscribe(
            "slack", "C0LEADERS", "08:00", language="en", scope="office"
        )
        runner.events.record_question(
            Asked("slack", "C1", "U1", "en", "Who signs travel orders?", False, [])
        )
        assert (await runner.send_now(subscription)).status == "sent"
        posted = slack_api.posted()
        assert posted and {call.params["channel"] for call in posted} == {"C0LEADERS"}
        assert posted[0].params["blocks"][0]["type"] == "rich_text"
