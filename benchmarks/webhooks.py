"""What the webhook loads share: a platform stand-in in a process of its own, and a burst of
signed POSTs."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from typing import Any

import aiohttp


@contextlib.asynccontextmanager
async def stand_in_process(module: str) -> AsyncIterator[str]:
    """The stand-in of `module` (tests.bot.*_api) in its own process, so its arrival times are
    not skewed by the bot's work in this one; its base URL. It stops when its input closes."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        yield (await process.stdout.readline()).decode().strip()
    finally:
        process.stdin.close()
        await process.wait()


async def post_all(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], bodies: list[Any]
) -> list[int]:
    """POST every body at once; their HTTP statuses, in order."""

    async def post(body: Any) -> int:
        async with session.post(url, json=body, headers=headers) as response:
            return response.status

    return list(await asyncio.gather(*(post(body) for body in bodies)))
