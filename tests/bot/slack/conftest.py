"""Fixtures of the Slack edge tests: the Web API stand-in and a bot running over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy.engine import Engine

from bot.settings import Settings
from handlers.services import Services
from retrieval.records.inbox import Inbox
from tests.bot.slack.harness import TOKEN, Bot, http_settings, running
from tests.bot.slack_api import SlackApi


@pytest_asyncio.fixture
async def api() -> AsyncIterator[SlackApi]:
    async with SlackApi(TOKEN) as server:
        yield server


@pytest.fixture
def settings(api: SlackApi, tmp_path: Path) -> Settings:
    return http_settings(api, tmp_path)


@pytest_asyncio.fixture
async def bot(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> AsyncIterator[Bot]:
    async with running(api, settings, services, Inbox(engine)) as running_bot:
        yield running_bot
        await running_bot.edge.drain()  # listeners still at work finish before the loop closes
