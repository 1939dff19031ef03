"""Fixtures of the Telegram edge tests: the Bot API stand-in and a polling bot over it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Literal

import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from bot.settings import Settings
from bot.telegram import TelegramEdge
from handlers.services import Services
from retrieval.records.events import EventLog
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from tests.bot.telegram_api import TOKEN, TelegramApi
from tests.databases import migrated_engine

SECRET = "s3cret-token_1"
Mode = Literal["polling", "webhook"]


@pytest_asyncio.fixture
async def api() -> AsyncIterator[TelegramApi]:
    """The Bot API stand-in on a free loopback port."""
    async with TelegramApi() as stand_in:
        yield stand_in


def make_settings(api: TelegramApi, tmp_path: Path, mode: Mode = "polling") -> Settings:
    """Settings pointing the bot at the stand-in."""
    return Settings(
        data_dir=tmp_path,
        embedder="none",
        telegram_token=SecretStr(TOKEN),
        telegram_api_url=f"{api.base}/bot",
        telegram_file_url=f"{api.base}/file/bot",
        telegram_mode=mode,
        telegram_webhook_secret=SecretStr(SECRET),
    )


def make_edge(
    api: TelegramApi, tmp_path: Path, library: Library, mode: Mode = "polling"
) -> TelegramEdge:
    """An edge over the sample library with its own event log and inbox."""
    engine = migrated_engine(f"sqlite:///{tmp_path / 'edge.db'}")
    services = Services(library=library, events=EventLog(engine))
    return TelegramEdge(make_settings(api, tmp_path, mode), services, Inbox(engine))


@pytest_asyncio.fixture
async def polling(
    api: TelegramApi, tmp_path: Path, sample_library: Library
) -> AsyncIterator[TelegramEdge]:
    """The bot running in long-polling mode."""
    edge = make_edge(api, tmp_path, sample_library)
    await edge.start()
    try:
        yield edge
    finally:
        await edge.stop()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh database for the inbox and the event log of one test."""
    engine = migrated_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def services(sample_library: Library, engine: Engine) -> Services:
    """Services over the sample library with this test's event log and no rate limit."""
    return Services(library=sample_library, events=EventLog(engine), user_limit=None)
