"""A digest publisher for the tests: it records what it was asked to post, one message each."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.digest import Digest
from scheduler.runner import Part
from scheduler.schedule import Subscription


@dataclass
class Posted:
    """Every digest posted, with the channel it went to."""

    digests: list[tuple[str, Digest]] = field(default_factory=list)

    @property
    def channels(self) -> list[str]:
        """The channels posted to, in order."""
        return [channel for channel, _ in self.digests]

    def serves(self, platform: str) -> bool:
        """Every platform: the posts are recorded here."""
        return True

    async def parts(self, subscription: Subscription, digest: Digest) -> list[Part]:
        """One message per digest."""

        async def send() -> None:
            self.digests.append((subscription.channel, digest))

        return [send]
