"""Processes started together on a new database: two `vanthu ingest` of different folders, a
`vanthu ask` and a `vanthu run telegram`. One of them makes the schema under the lock, the
others wait for it; no traceback, every ingested document audited once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from retrieval.records.audit import AuditLog, document_label
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from tests.bot.telegram_api import TOKEN, TelegramApi, message_update
from tests.databases import migrated_engine

PER_FOLDER = 25
ADMIN = 777


def write_folder(folder: Path, office: str) -> None:
    """Small generated notices, each with its own title and number."""
    folder.mkdir(parents=True)
    for i in range(1, PER_FOLDER + 1):
        (folder / f"tb-{office}-{i:02d}.txt").write_text(
            f"THÔNG BÁO\nVề lịch tiếp công dân của {office} tuần {i}\n"
            f"Số: {i}/TB-{office}\n"
            f"Điều 1. {office} tiếp công dân vào sáng thứ Hai tuần {i}, tại phòng {i}.\n"
            f"Điều 2. Công dân mang theo căn cước và hồ sơ liên quan đến việc số {i}.\n",
            encoding="utf-8",
        )


async def _start(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def race(tmp_path: Path, database_url: str | None) -> tuple[list[int | None], list[str]]:
    """Start the four processes at once; (exit codes, standard errors)."""
    folders = [tmp_path / "ubnd", tmp_path / "vp"]
    for folder in folders:
        write_folder(folder, folder.name.upper())
    async with TelegramApi() as api:
        env = {
            **os.environ,
            "VANTHU_DATA_DIR": str(tmp_path / "data"),  # not there yet: a new installation
            "VANTHU_EMBEDDER": "none",
            "VANTHU_TELEGRAM_TOKEN": TOKEN,
            "VANTHU_TELEGRAM_API_URL": f"{api.base}/bot",
            "VANTHU_TELEGRAM_FILE_URL": f"{api.base}/file/bot",
            "VANTHU_ADMINS": f'["telegram:{ADMIN}"]',
        }
        if database_url is not None:
            env["VANTHU_DATABASE_URL"] = database_url
        processes = [
            await _start(env, "ingest", str(folders[0]), "-C", "ubnd"),
            await _start(env, "ingest", str(folders[1]), "-C", "vp"),
            await _start(env, "ask", "Lệ phí chứng thực bản sao là bao nhiêu?"),
            await _start(env, "run", "telegram"),
        ]
        *finite, bot = processes
        outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in finite)), 600)
        if bot.returncode is None:
            # The bot answers once it is up (the schema is there), then is told to stop.
            api.push(message_update("Xin chào", user_id=ADMIN, chat_id=ADMIN))
            await api.wait_for("sendMessage", 1, timeout=180)
            bot.send_signal(signal.SIGTERM)
        outputs.append(await asyncio.wait_for(bot.communicate(), 60))
    return [p.returncode for p in processes], [err.decode() for _, err in outputs]


def check(tmp_path: Path, url: str, codes: list[int | None], errors: list[str]) -> None:
    """All exit 0 without a traceback; one ingest entry in the audit log per document."""
    for code, err in zip(codes, errors, strict=True):
        assert code == 0 and "Traceback" not in err, err[-3000:]
    engine = migrated_engine(url)
    library = Library(engine, tmp_path / "check.npz", SearchConfig(), None)
    documents = library.documents("ubnd") + library.documents("vp")
    assert len(documents) == 2 * PER_FOLDER
    labels = sorted(document_label(d.title, d.number, d.source) for d in documents)
    audited = sorted(
        label
        for entry in AuditLog(engine).query()
        if entry.action == "ingest" and entry.detail == "added"
        for label in entry.documents
        if "/ubnd/" in label or "/vp/" in label
    )
    assert audited == labels
    engine.dispose()


@pytest.mark.asyncio
async def test_processes_start_together_on_a_new_sqlite_data_dir(tmp_path: Path) -> None:
    """The default SQLite file in a data folder none of them found."""
    codes, errors = await race(tmp_path, None)
    check(tmp_path, f"sqlite:///{tmp_path / 'data' / 'vanthu.db'}", codes, errors)


@pytest.mark.asyncio
async def test_processes_start_together_on_a_new_postgres_database(
    tmp_path: Path, empty_postgres_url: str
) -> None:
    """An empty PostgreSQL database."""
    codes, errors = await race(tmp_path, empty_postgres_url)
    check(tmp_path, empty_postgres_url, codes, errors)
