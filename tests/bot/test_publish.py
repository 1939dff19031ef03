"""Digests out through the real Telegram edge: HTML messages and the chart, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text as sql

from bot.publish import EdgePublisher
from bot.telegram import TelegramEdge
from scheduler.events import Asked
from scheduler.runner import DigestRunner
from tests.bot.telegram_api import TelegramApi


@pytest.mark.asyncio
async def test_a_digest_reaches_a_telegram_group_once_with_its_chart(
    api: TelegramApi,
    polling: TelegramEdge,
) -> None:
    """Subscribed group, two days of questions: the digest and a PNG chart, then nothing more."""
    engine = polling.inbox.engine
    runner = DigestRunner(engine, EdgePublisher(telegram=polling), "test")
    subscription = runner.subscriptions.subscribe("telegram", "-100777", "17:00")
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
