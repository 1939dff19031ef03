"""Fixtures of the Telegram edge tests: the Bot API stand-in and a polling bot over it."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.settings import Settings
from bot.telegram import TelegramEdge, telegram_application
from handlers.services import Services
from retrieval.records.inbox import Delivery, Inbox
from retrieval.search.library import Library
from tests.bot.telegram_api import TOKEN, TelegramApi
from tests.services import make_services, open_office

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


STAFF = ("telegram:501", "telegram:777", "slack:U0ASKER")
"""The people the edge tests speak as, given the staff role as README tells an IT officer."""


def office_services(library: Library, **options: Any) -> Services:
    """Services over a library with the test people granted and the samples public."""
    services = make_services(library, **options)
    open_office(services, STAFF)
    return services


def make_edge(
    api: TelegramApi, tmp_path: Path, library: Library, mode: Mode = "polling"
) -> TelegramEdge:
    """An edge over a copy of the sample library (its own people, records and inbox)."""
    settings = make_settings(api, tmp_path, mode)
    services = office_services(library)
    return TelegramEdge(settings, telegram_application(settings), services, Inbox(library.engine))


async def handled(edge: TelegramEdge, *updates: dict[str, Any], timeout: float = 30.0) -> None:
    """Wait until the edge has finished with each update: the inbox marks an update done once
    every handler ran, its replies sent (ignored chatter included)."""
    keys = {str(update["update_id"]) for update in updates}
    await delivered(edge.inbox.engine, "telegram", keys, timeout)


async def delivered(engine: Engine, platform: str, keys: set[str], timeout: float = 30.0) -> None:
    """Wait until the inbox marks every one of a platform's delivery keys done."""
    done = (
        select(Delivery.key)
        .where(Delivery.platform == platform, Delivery.state == "done")
        .where(Delivery.key.in_(keys))
    )
    deadline = time.monotonic() + timeout
    while True:
        with Session(engine) as session:
            if set(session.scalars(done)) == keys:
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"deliveries not handled within {timeout} s: {sorted(keys)}")
        await asyncio.sleep(0.02)


class CountingInbox(Inbox):
    """The inbox, counting the deliveries it was asked about (duplicates included)."""

    claims = 0

    def claim(self, platform: str, key: str) -> bool:
        """Count, then claim as usual."""
        self.claims += 1
        return super().claim(platform, key)


class Edge(Protocol):
    """What every chat edge does to run."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


E = TypeVar("E", bound=Edge)


@contextlib.asynccontextmanager
async def running(edge: E) -> AsyncIterator[E]:
    """An edge started for the block and stopped after it."""
    await edge.start()
    try:
        yield edge
    finally:
        await edge.stop()


@pytest_asyncio.fixture
async def polling(
    api: TelegramApi, tmp_path: Path, bm25_library: Library
) -> AsyncIterator[TelegramEdge]:
    """The bot running in long-polling mode."""
    async with running(make_edge(api, tmp_path, bm25_library)) as edge:
        yield edge


@pytest.fixture
def engine(bm25_library: Library) -> Engine:
    """The database of this test's library: its inbox, records and people."""
    return bm25_library.engine


@pytest.fixture
def services(bm25_library: Library) -> Services:
    """Services over this test's copy of the sample library, no rate limit."""
    return office_services(bm25_library)
