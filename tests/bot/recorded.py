"""What the platform stand-ins share: the calls they received, and waiting for them."""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web


@dataclass
class Call:
    """One API request as a stand-in received it."""

    at: float
    method: str
    params: dict[str, Any]


class RecordedCalls:
    """Looks through a stand-in's recorded calls (its `calls` list)."""

    calls: list[Call]

    async def calls_json(self, _request: web.Request) -> web.Response:
        """Every recorded call, for a benchmark that runs the stand-in in its own process."""
        return web.json_response([vars(call) for call in self.calls])

    def sent(self, method: str = "sendMessage") -> list[Call]:
        """The recorded calls of one method."""
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int, timeout: float = 30.0) -> list[Call]:
        """Wait until at least `count` calls of a method arrived."""
        deadline = time.monotonic() + timeout
        while len(self.sent(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.sent(method))} {method} calls, wanted {count}")
            await asyncio.sleep(0.02)
        return self.sent(method)


class StandIn(Protocol):
    """A platform stand-in: served on loopback while open, at `base`."""

    base: str

    async def __aenter__(self) -> Any: ...

    async def __aexit__(self, *_exc: object) -> None: ...


async def serve_until_input_ends(api: StandIn) -> None:
    """Run a stand-in alone (for benchmarks), announcing its base URL on stdout, until its
    standard input closes; then close its connections cleanly."""
    async with api:
        print(api.base, flush=True)
        await asyncio.to_thread(sys.stdin.read)
