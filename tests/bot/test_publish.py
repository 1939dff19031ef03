"""Digests out through the real edges: HTML messages and the chart on Telegram, rich text on
Slack, each once; a digest for a platform whose edge runs in another process waits in the
database until a process with that edge posts it, once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy import text as sql
from sqlalchemy.engine import Engine

from bot.settings import Settings
from bot.slack import SlackSender, slack_client
from bot.telegram import TelegramEdge, TelegramSender
from handlers.publish import DigestPublisher
from retrieval.records.events import Asked, EventLog
from scheduler.runner import DigestRunner, Outcome
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
    publisher = DigestPublisher([TelegramSender(polling.application)])
    runner = DigestRunner(engine, publisher, "test")
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
                {"at": (now - timedelta(hours=hours)).replace(tzinfo=None), "id": index},
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


@pytest_asyncio.fixture
async def slack() -> AsyncIterator[SlackApi]:
    """The Slack Web API stand-in."""
    async with SlackApi(SLACK_TOKEN) as stand_in:
        yield stand_in


def slack_sender(slack: SlackApi, tmp_path: Path) -> SlackSender:
    """The Slack edge's sender, pointed at the stand-in."""
    settings = Settings(
        data_dir=tmp_path,
        embedder="none",
        slack_bot_token=SecretStr(SLACK_TOKEN),
        slack_signing_secret=SecretStr("secret"),
        slack_mode="http",
        slack_api_url=slack.api_url,
        slack_files_url=slack.files_url,
    )
    return SlackSender(slack_client(settings))


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """The database the processes of a test share."""
    return migrated_engine(f"sqlite:///{tmp_path / 'shared.db'}")


@pytest.mark.asyncio
async def test_a_digest_reaches_a_slack_channel_as_rich_text(
    slack: SlackApi, engine: Engine, tmp_path: Path
) -> None:
    """The Slack sender posts the digest's messages to the subscribed channel, once."""
    runner = DigestRunner(engine, DigestPublisher([slack_sender(slack, tmp_path)]), "test")
    subscription = runner.subscriptions.subscribe(
        "slack", "C0LEADERS", "08:00", language="en", scope="office"
    )
    runner.events.record_question(
        Asked("slack", "C1", "U1", "en", "Who signs travel orders?", False, [])
    )
    assert (await runner.send_now(subscription)).status == "sent"
    posted = slack.posted()
    assert posted and {call.params["channel"] for call in posted} == {"C0LEADERS"}
    assert posted[0].params["blocks"][0]["type"] == "rich_text"


@pytest.mark.asyncio
async def test_a_digest_due_for_another_process_s_platform_is_queued_and_posted_once(
    slack: SlackApi, engine: Engine, tmp_path: Path
) -> None:
    """The scheduler runs in a Telegram-only process; a Slack channel's digest falls due: it is
    queued in the database, the Telegram process never posts it, and of two Slack processes
    polling at once exactly one posts it, once."""
    telegram_only = DigestRunner(engine, DigestPublisher(), "telegram-process")
    EventLog(engine).record_question(
        Asked("slack", "C1", "U1", "en", "Who signs travel orders?", False, [])
    )
    due = datetime.now(UTC) + timedelta(minutes=2)  # the question came before the slot
    slot = f"{due - timedelta(minutes=1):%H:%M}"
    subscription = telegram_only.subscriptions.subscribe(
        "slack", "C0LEADERS", slot, language="en", scope="office", timezone="UTC"
    )
    outcome = await telegram_only.run_due(subscription.id, due)
    assert outcome.status == "queued"
    assert await telegram_only.send_queued(due) == []  # not its platform
    assert slack.posted() == []

    senders = [slack_sender(slack, tmp_path) for _ in range(2)]
    slack_processes = [
        DigestRunner(migrated_engine(str(engine.url)), DigestPublisher([sender]), f"slack-{n}")
        for n, sender in enumerate(senders)
    ]
    later = due + timedelta(seconds=20)
    results = await asyncio.gather(*(p.send_queued(later) for p in slack_processes))
    assert sorted(o.status for outcomes in results for o in outcomes) == ["sent"]
    posted = slack.posted()
    assert posted and {call.params["channel"] for call in posted} == {"C0LEADERS"}
    assert "travel orders" in str(posted[0].params["blocks"])
    assert [await p.send_queued(later) for p in slack_processes] == [[], []]
    assert len(slack.posted()) == len(posted)
    history = telegram_only.ledger.deliveries(subscription.id)
    assert [state for _, state, _ in history] == ["sent"]
    assert await telegram_only.run_due(subscription.id, later) == Outcome(
        "already", outcome.period_end
    )
