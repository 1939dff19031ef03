"""Downloading a file a chat platform points the bot to, reading no more than the limit."""

from __future__ import annotations

from collections.abc import Mapping

import aiohttp

DOWNLOAD_TIMEOUT_S = 120.0


async def fetch_limited(
    url: str,
    limit: int,
    *,
    headers: Mapping[str, str] | None = None,
    allow_redirects: bool = False,
) -> bytes:
    """The body of a GET, cut one chunk past `limit` bytes (the file handler then reports it
    as too large); a status other than 200 raises."""
    timeout = aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT_S)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(url, headers=headers, allow_redirects=allow_redirects) as response,
    ):
        response.raise_for_status()
        if response.status != 200:  # a redirect's body is not the file
            raise ValueError(f"file download answered {response.status}")
        data = bytearray()
        async for chunk in response.content.iter_chunked(64 * 1024):
            data += chunk
            if len(data) > limit:
                break
        return bytes(data)
