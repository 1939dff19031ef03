"""Digest subscriptions per channel, their triggers, and the office's public holidays."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Boolean, Integer, String, UniqueConstraint, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from retrieval.records.schema import Base, utcnow

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
HOLIDAYS_FILE = Path(__file__).with_name("holidays_vn.toml")


class ScheduleError(ValueError):
    """A schedule that cannot be understood (shown to the admin who typed it)."""


class SubscriptionRow(Base):
    """A channel that receives digests on a schedule."""

    __tablename__ = "digest_subscriptions"
    # AUTOINCREMENT on SQLite: a new channel never reuses a removed one's id (and its ledger).
    __table_args__ = (UniqueConstraint("platform", "channel"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(100))
    schedule: Mapped[str] = mapped_column(String(100))  # "17:00" or a crontab line
    timezone: Mapped[str] = mapped_column(String(60), default=DEFAULT_TIMEZONE)
    weekdays_only: Mapped[bool] = mapped_column(Boolean, default=False)
    skip_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(5), default="vi")
    # "chat": the channel's own questions and files; "office": every chat's (leaders' channels).
    scope: Mapped[str] = mapped_column(String(10), default="chat")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Subscription:
    """A subscription as the rest of the system sees it."""

    id: int
    platform: str
    channel: str
    schedule: str
    timezone: str = DEFAULT_TIMEZONE
    weekdays_only: bool = False
    skip_holidays: bool = True
    language: str = "vi"
    scope: str = "chat"

    @property
    def chat(self) -> tuple[str, str] | None:
        """The chat whose activity the digest reports, or None for the whole office."""
        return None if self.scope == "office" else (self.platform, self.channel)

    def trigger(self) -> CronTrigger:
        """The APScheduler trigger of this subscription."""
        return make_trigger(self.schedule, self.timezone, weekdays_only=self.weekdays_only)

    def describe(self) -> str:
        """One line for `/digest list`."""
        days = " (T2-T6)" if self.weekdays_only else ""
        office = " office" if self.scope == "office" else ""
        channel = f"{self.platform}:{self.channel}"
        return f"#{self.id} {channel} {self.schedule}{days} {self.timezone}{office}"


def make_trigger(schedule: str, timezone: str, *, weekdays_only: bool = False) -> CronTrigger:
    """ "HH:MM" daily (Monday to Friday with weekdays_only) or a five-field crontab line."""
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError) as exc:
        raise ScheduleError(f"unknown time zone {timezone!r}") from exc
    text = schedule.strip()
    if ":" in text and len(text) <= 5:
        hour, _, minute = text.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
            raise ScheduleError(f"not a time of day: {schedule!r} (use HH:MM, e.g. 17:00)")
        days = "mon-fri" if weekdays_only else "*"
        return CronTrigger(hour=int(hour), minute=int(minute), day_of_week=days, timezone=zone)
    if len(text.split()) != 5:
        raise ScheduleError(f"not HH:MM nor a crontab line: {schedule!r}")
    if weekdays_only:
        raise ScheduleError("weekdays goes with HH:MM; in a crontab line, name the days")
    try:
        return CronTrigger.from_crontab(text, timezone=zone)
    except ValueError as exc:
        raise ScheduleError(f"bad crontab line {schedule!r}: {exc}") from exc


def latest_slot(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The last fire time at or before `now` (looking back up to 32 days)."""
    for days in (1, 8, 32):
        slot: datetime | None = None
        moment: datetime | None = trigger.get_next_fire_time(None, now - timedelta(days=days))
        while moment is not None and moment <= now:
            slot = moment
            moment = trigger.get_next_fire_time(moment, moment + timedelta(microseconds=1))
        if slot is not None:
            return slot
    return None


def previous_slot(trigger: CronTrigger, slot: datetime) -> datetime | None:
    """The fire time before a given one."""
    return latest_slot(trigger, slot - timedelta(microseconds=1))


class Holidays:
    """Public holidays from a TOML table of "YYYY-MM-DD" = "name" (the shipped one by default)."""

    def __init__(self, days: dict[date, str]) -> None:
        self.days = days

    @classmethod
    def load(cls, path: Path | None = None) -> Holidays:
        """Read a holidays file; a malformed date names the line instead of failing silently."""
        data = tomllib.loads((path or HOLIDAYS_FILE).read_text(encoding="utf-8"))
        days: dict[date, str] = {}
        for key, name in data.get("holidays", {}).items():
            try:
                days[date.fromisoformat(key)] = str(name)
            except ValueError as exc:
                raise ScheduleError(f"holidays file: bad date {key!r}") from exc
        return cls(days)

    def name(self, day: date) -> str | None:
        """The holiday's name, or None on a working day."""
        return self.days.get(day)


class Subscriptions:
    """The subscriptions table (synchronous; call from a worker thread)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def subscribe(
        self,
        platform: str,
        channel: str,
        schedule: str,
        *,
        timezone: str = DEFAULT_TIMEZONE,
        weekdays_only: bool = False,
        language: str = "vi",
        created_by: str = "",
        scope: str = "chat",
    ) -> Subscription:
        """Create or replace the channel's subscription; the schedule is checked first."""
        make_trigger(schedule, timezone, weekdays_only=weekdays_only)
        with Session(self.engine) as session, session.begin():
            row = session.scalar(
                select(SubscriptionRow).where(
                    SubscriptionRow.platform == platform, SubscriptionRow.channel == channel
                )
            )
            if row is None:
                row = SubscriptionRow(platform=platform, channel=channel)
                session.add(row)
            row.schedule, row.timezone, row.weekdays_only = schedule, timezone, weekdays_only
            row.language, row.created_by, row.scope = language, created_by, scope
            session.flush()
            return _public(row)

    def unsubscribe(self, platform: str, channel: str) -> bool:
        """Remove a channel's subscription; False when it had none."""
        with Session(self.engine) as session, session.begin():
            row = session.scalar(
                select(SubscriptionRow).where(
                    SubscriptionRow.platform == platform, SubscriptionRow.channel == channel
                )
            )
            if row is None:
                return False
            session.delete(row)
            return True

    def get(self, subscription_id: int) -> Subscription | None:
        """One subscription by id."""
        with Session(self.engine) as session:
            row = session.get(SubscriptionRow, subscription_id)
            return None if row is None else _public(row)

    def find(self, platform: str, channel: str) -> Subscription | None:
        """The channel's subscription, if any."""
        with Session(self.engine) as session:
            row = session.scalar(
                select(SubscriptionRow).where(
                    SubscriptionRow.platform == platform, SubscriptionRow.channel == channel
                )
            )
            return None if row is None else _public(row)

    def all(self) -> list[Subscription]:
        """Every subscription, oldest first."""
        with Session(self.engine) as session:
            rows = session.scalars(select(SubscriptionRow).order_by(SubscriptionRow.id))
            return [_public(row) for row in rows]


def _public(row: SubscriptionRow) -> Subscription:
    return Subscription(
        row.id,
        row.platform,
        row.channel,
        row.schedule,
        row.timezone,
        row.weekdays_only,
        row.skip_holidays,
        row.language,
        row.scope or "chat",
    )
