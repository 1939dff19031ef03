"""`vanthu run telegram` and `vanthu run zalo` as real processes: answers over the stand-ins,
stops on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from bot.run import Edges
from bot.settings import Settings, load_settings
from bot.wiring import make_library
from retrieval.records.audit import Entry
from tests.bot.recorded import RecordedCalls
from tests.bot.telegram_api import TOKEN, TelegramApi, message_update
from tests.bot.zalo_api import TOKEN as ZALO_TOKEN
from tests.bot.zalo_api import ZaloApi, zalo_update

USER_ID = 501


@contextlib.asynccontextmanager
async def bot_process(
    platform: str, data_dir: Path, admin: str, env: dict[str, str]
) -> AsyncIterator[list[str]]:
    """`vanthu run PLATFORM` in a process of its own for the block, `admin` its first
    administrator, then SIGTERM: it must stop cleanly. The list it yields receives the
    process's log once it stopped."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        platform,
        env={
            **os.environ,
            "VANTHU_EMBEDDER": "none",
            "VANTHU_DATA_DIR": str(data_dir),
            "VANTHU_ADMINS": f'["{platform}:{admin}"]',
            **env,
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    log: list[str] = []
    try:
        yield log
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), 30)
        log.append(err.decode())
    assert process.returncode == 0, log[0]


async def refused_then_answered(
    api: RecordedCalls, push: Callable[[str, str], None], platform: str, unknown: str, admin: str
) -> None:
    """Someone unknown is told their code; the first admin (from the settings) is answered."""
    push("Ai đó?", unknown)
    (refused,) = await api.wait_for("sendMessage", 1, timeout=120)
    assert f"{platform}:{unknown}" in refused.params["text"]
    push("Lệ phí đăng ký tạm trú là bao nhiêu?", admin)
    (_, sent) = await api.wait_for("sendMessage", 2, timeout=120)
    assert "Điều" in sent.params["text"]


@pytest.mark.asyncio
async def test_run_telegram_process_answers_and_stops(tmp_path: Path) -> None:
    """The command wires settings, samples, the edge and the polling loop together."""
    async with TelegramApi() as api:
        env = {
            "VANTHU_TELEGRAM_TOKEN": TOKEN,
            "VANTHU_TELEGRAM_API_URL": f"{api.base}/bot",
            "VANTHU_TELEGRAM_FILE_URL": f"{api.base}/file/bot",
        }

        def push(words: str, user: str) -> None:
            api.push(message_update(words, user_id=int(user), chat_id=int(user)))

        async with bot_process("telegram", tmp_path, str(USER_ID), env) as log:
            await refused_then_answered(api, push, "telegram", str(USER_ID + 1), str(USER_ID))
        assert TOKEN not in log[0], "the bot token leaked into the log"
        assert "getUpdates" in api.calls[0].method or api.sent("getUpdates")


@pytest.mark.asyncio
async def test_run_zalo_process_answers_and_stops(tmp_path: Path) -> None:
    """`vanthu run zalo`: the unknown told their code, the first admin answered."""
    async with ZaloApi() as api:
        env = {"VANTHU_ZALO_TOKEN": ZALO_TOKEN, "VANTHU_ZALO_API_URL": api.base}
        env["VANTHU_ZALO_POLL_TIMEOUT_S"] = "1"  # the stand-in's long poll is short anyway

        def push(words: str, user: str) -> None:
            api.push(zalo_update(words, user_id=user, chat_id=f"c-{user}"))

        async with bot_process("zalo", tmp_path, "boss1", env) as log:
            await refused_then_answered(api, push, "zalo", "nobody2", "boss1")
        assert ZALO_TOKEN not in log[0], "the bot token leaked into the log"


def test_the_hourly_sweep_applies_every_retention(tmp_path: Path) -> None:
    """Old delivery keys, events, audit entries and never-added files go; recent ones stay."""
    settings = load_settings(
        data_dir=tmp_path, embedder="none", event_retention_days=30, audit_retention_days=90
    )
    edges = Edges(settings, make_library(settings), set())
    services = edges.services
    now = datetime.now(UTC)
    audit = services.audit
    for days in (10, 100):
        audit.record(Entry(actor="telegram:1", action="question", at=now - timedelta(days=days)))
    code = services.offered.keep("cv.txt", "txt", b"Cong van")
    counts = edges.sweep_once(now + timedelta(days=8))  # the file was kept 7 days ago and more
    assert counts["audit entries"] == 1 and counts["offered files"] == 1
    assert [e.at is not None and (now - e.at).days for e in audit.query()] == [10]
    assert services.offered.get(code) is None


@pytest.mark.asyncio
async def test_a_public_url_serves_zalo_charts_also_when_polling(tmp_path: Path) -> None:
    """With `zalo_public_url` the web server listens, in polling mode too, so that Zalo can
    fetch the digest charts; without it nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with ZaloApi() as api:
        settings = Settings(
            data_dir=tmp_path,
            embedder="none",
            zalo_token=SecretStr(ZALO_TOKEN),
            zalo_api_url=api.base,
            zalo_poll_timeout_s=1,
            http_port=port,
        )
        library = make_library(settings)
        assert not Edges(settings, library, {"zalo"}).needs_server
        public = settings.model_copy(update={"zalo_public_url": "https://bot.example.gov.vn/"})
        edges = Edges(public, library, {"zalo"})
        assert edges.charts is not None and edges.needs_server
        url = edges.charts.put(b"\x89PNG chart")
        assert url.startswith("https://bot.example.gov.vn/zalo/charts/")
        await edges.start()
        try:
            local = url.replace("https://bot.example.gov.vn", f"http://127.0.0.1:{port}")
            async with aiohttp.ClientSession() as session, session.get(local) as got:
                assert got.status == 200 and await got.read() == b"\x89PNG chart"
        finally:
            await edges.stop()
