"""One scheduler process for the multi-process test: runs the given slots, logs its posts.

python -m tests.scheduler.digest_process URL HOLDER SUBSCRIPTION OUT START SLOT...
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scheduler.digest import Digest
from scheduler.runner import DigestRunner, Part
from scheduler.schedule import Subscription
from tests.databases import migrated_engine


@dataclass
class FilePublisher:
    """Appends one line per posted message (O_APPEND: lines from two processes never mix)."""

    out: Path
    holder: str

    def serves(self, platform: str) -> bool:
        """Every platform: the posts are recorded here."""
        return True

    async def parts(self, subscription: Subscription, digest: Digest) -> list[Part]:
        """Three messages per digest."""

        def part(index: int) -> Part:
            async def send() -> None:
                line = f"{subscription.id}|{digest.end.isoformat()}|{index}|{self.holder}\n"
                with self.out.open("a", encoding="utf-8") as handle:
                    handle.write(line)

            return send

        return [part(i) for i in range(3)]


async def main(argv: list[str]) -> None:
    """Wait for the common start, then run every slot as its scheduled moment."""
    url, holder, subscription, out, start, *slots = argv
    runner = DigestRunner(migrated_engine(url), FilePublisher(Path(out), holder), holder)
    time.sleep(max(0.0, float(start) - time.time()))
    for slot in slots:
        await runner.run_due(int(subscription), datetime.fromisoformat(slot))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
