"""The one digest scheduler: APScheduler in the process that holds the lease, and in every
process the posting of digests queued for its platforms.

Jobs live in memory and follow the subscriptions table, which is the truth; a process that
takes the lease first catches up the slots missed while no scheduler ran (within the runner's
grace), so nothing is lost across restarts and no job store needs a table of its own.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.ledger import Lease
from scheduler.runner import DigestRunner

log = logging.getLogger(__name__)


class DigestScheduler:
    """APScheduler in the one process that holds the lease; jobs follow the subscriptions."""

    def __init__(self, runner: DigestRunner, lease_ttl: timedelta = timedelta(seconds=30)) -> None:
        self.runner = runner
        self.lease = Lease(runner.engine)
        self.lease_ttl = lease_ttl
        self.scheduler: AsyncIOScheduler | None = None
        self.background: asyncio.Task[None] | None = None  # the posts of the last tick
        self._catch_up = False  # set on taking the lease, done by the next background pass

    @property
    def leading(self) -> bool:
        """Whether this process runs the scheduler now."""
        return self.scheduler is not None

    async def tick(self, now: datetime | None = None) -> None:
        """Renew or take the lease; start, resync or stop the scheduler to match; post what
        other processes queued for this one's platforms."""
        now = now or datetime.now(UTC)
        mine = await asyncio.to_thread(self.lease.acquire, self.runner.holder, self.lease_ttl, now)
        if mine and self.scheduler is None:
            self.scheduler = AsyncIOScheduler(
                job_defaults={
                    "coalesce": True,
                    "max_instances": 1,
                    "misfire_grace_time": int(self.runner.grace.total_seconds()),
                },
                timezone=UTC,
            )
            self.scheduler.start()
            self._catch_up = True
            log.warning("digest scheduler started in %s", self.runner.holder)
        elif not mine and self.scheduler is not None:
            self.stop_scheduler()
            log.warning("digest scheduler lease lost by %s", self.runner.holder)
        if self.scheduler is not None:
            await asyncio.to_thread(self.sync_jobs)
        # Slow posts run beside the ticks, so they never hold up the lease renewal.
        if self.background is None or self.background.done():
            self.background = asyncio.create_task(self._post(now))

    async def _post(self, now: datetime) -> None:
        """Catch up missed slots (on taking the lease), resume digests whose process died,
        post the digests queued for this process's platforms."""
        if self._catch_up and self.leading:
            self._catch_up = False
            for subscription in await asyncio.to_thread(self.runner.subscriptions.all):
                outcome = await self.runner.run_due(subscription.id, now)
                if outcome.status in {"sent", "queued"}:
                    log.warning("digest %d caught up: %s", subscription.id, outcome)
        if self.leading:
            for outcome in await self.runner.resume_stale(now):
                log.warning("digest after a crash: %s", outcome)
        for outcome in await self.runner.send_queued(now):
            log.info("queued digest: %s", outcome)

    async def _run_job(self, subscription_id: int) -> None:
        """An APScheduler job: the runner decides whether the slot is due and not yet sent."""
        outcome = await self.runner.run_due(subscription_id)
        log.info("digest %d: %s", subscription_id, outcome)

    def sync_jobs(self) -> None:
        """One job per subscription, with its trigger; a job whose trigger is unchanged keeps
        its next run time."""
        assert self.scheduler is not None
        wanted = {f"digest-{s.id}": s for s in self.runner.subscriptions.all()}
        for job in self.scheduler.get_jobs():
            if job.id not in wanted:
                job.remove()
        for job_id, subscription in wanted.items():
            trigger = subscription.trigger()
            job = self.scheduler.get_job(job_id)
            if job is not None and repr(job.trigger) == repr(trigger):
                continue
            self.scheduler.add_job(
                self._run_job,
                trigger,
                id=job_id,
                args=[subscription.id],
                replace_existing=True,
            )

    def stop_scheduler(self) -> None:
        """Stop running jobs here (the lease is lost or the process stops)."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None

    async def run(self) -> None:
        """Tick until cancelled; give the lease up on the way out."""
        try:
            while True:
                try:
                    await self.tick()
                except Exception:
                    log.exception("digest scheduler tick failed; retrying")
                await asyncio.sleep(self.lease_ttl.total_seconds() / 3)
        finally:
            self.stop_scheduler()
            if self.background is not None:
                self.background.cancel()
            await asyncio.to_thread(self.lease.release, self.runner.holder)
