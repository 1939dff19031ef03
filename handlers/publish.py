"""Digests out through the chat edges: rendered once, posted by the edge of the channel's platform.

The publisher knows no platform: each edge is a `Sender` that turns a reply (and a chart, when
it can show pictures) into the messages it posts. A platform with no edge in this process is
not served here; the runner queues such digests for a process that serves it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from handlers.digest_reply import digest_chart, render_digest
from handlers.types import Reply
from scheduler.digest import Digest
from scheduler.schedule import Subscription

Post = Callable[[], Awaitable[None]]


class Sender(Protocol):
    """What every chat edge implements to post a reply to a channel unasked."""

    platform: str
    pictures: bool  # whether a chart can go with the reply

    def posts(self, channel: str, reply: Reply, chart: bytes | None = None) -> list[Post]:
        """One callable per message of the reply, in order; each posts exactly that message."""
        ...


class DigestPublisher:
    """Renders a digest in its channel's language and hands it to that platform's sender."""

    def __init__(self, senders: Iterable[Sender] = ()) -> None:
        self.senders = {sender.platform: sender for sender in senders}

    def serves(self, platform: str) -> bool:
        """Whether this process runs the platform's edge."""
        return platform in self.senders

    async def parts(self, subscription: Subscription, digest: Digest) -> list[Post]:
        """The messages of a digest for the subscription's channel (the chart last)."""
        sender = self.senders[subscription.platform]
        reply = render_digest(digest, subscription.language)
        chart = None
        if sender.pictures:
            chart = await asyncio.to_thread(digest_chart, digest, subscription.language)
        return sender.posts(subscription.channel, reply, chart)
