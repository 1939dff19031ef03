"""What the platform stand-ins share: the calls they received, and waiting for them."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Call:
    """One API request as a stand-in received it."""

    at: float
    method: str
    params: dict[str, Any]


class RecordedCalls:
    """Looks through a stand-in's recorded calls (its `calls` list)."""

    calls: list[Call]

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
