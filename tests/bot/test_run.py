"""`vanthu run telegram` as a real process: answers over the stand-in, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.bot.telegram_api import TOKEN, TelegramApi, message_update


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
            api.push(message_update("Lệ phí đăng ký tạm trú là bao nhiêu?"))
            (sent,) = await api.wait_for("sendMessage", 1, timeout=120)
            assert "Điều" in sent.params["text"]
        finally:
            process.send_signal(signal.SIGTERM)
            _out, err = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, err.decode()
        assert TOKEN not in err.decode(), "the bot token leaked into the log"
        assert "getUpdates" in api.calls[0].method or api.sent("getUpdates")
