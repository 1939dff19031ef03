"""`vanthu run telegram` as a real process: answers over the stand-in, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.run import Edges
from bot.settings import load_settings
from bot.wiring import make_library
from retrieval.records.audit import Entry
from tests.bot.telegram_api import TOKEN, TelegramApi, message_update

USER_ID = 501


@pytest.mark.asyncio
async def test_run_telegram_process_answers_and_stops(tmp_path: Path) -> None:
    """The command wires settings, samples, the edge and the polling loop together."""
    async with TelegramApi() as api:
        env = {
            **os.environ,
            "VANTHU_DATA_DIR": str(tmp_path / "data"),
            "VANTHU_EMBEDDER": "none",
            "VANTHU_TELEGRAM_TOKEN": TOKEN,
            "VANTHU_TELEGRAM_API_URL": f"{api.base}/bot",
            "VANTHU_TELEGRAM_FILE_URL": f"{api.base}/file/bot",
            "VANTHU_ADMINS": f'["telegram:{USER_ID}"]',
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "telegram",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            api.push(message_update("Ai đó?", user_id=USER_ID + 1, chat_id=USER_ID + 1))
            (refused,) = await api.wait_for("sendMessage", 1, timeout=120)
            assert f"telegram:{USER_ID + 1}" in refused.params["text"]  # told their code
            api.push(
                message_update(
                    "Lệ phí đăng ký tạm trú là bao nhiêu?", user_id=USER_ID, chat_id=USER_ID
                )
            )
            (_, sent) = await api.wait_for("sendMessage", 2, timeout=120)
            assert "Điều" in sent.params["text"]  # the first admin, from the settings
        finally:
            process.send_signal(signal.SIGTERM)
            _out, err = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, err.decode()
        assert TOKEN not in err.decode(), "the bot token leaked into the log"
        assert "getUpdates" in api.calls[0].method or api.sent("getUpdates")


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
