"""Schedules, slots and holidays: pure functions over a controllable clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduler.schedule import (
    Holidays,
    ScheduleError,
    Subscriptions,
    latest_slot,
    make_trigger,
    previous_slot,
)
from tests.databases import migrated_engine

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """A moment in Vietnam in December 2026 (1 Dec 2026 is a Tuesday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


def test_daily_slot_is_in_vietnam_time() -> None:
    """17:00 means 17:00 in Hanoi (10:00 UTC), the latest one at or before now."""
    trigger = make_trigger("17:00", "Asia/Ho_Chi_Minh")
    assert latest_slot(trigger, at(2, 16, 59)) == at(1, 17)
    assert latest_slot(trigger, at(2, 17)) == at(2, 17)
    assert latest_slot(trigger, at(2, 17)).astimezone(UTC).hour == 10  # type: ignore[union-attr]
    assert previous_slot(trigger, at(2, 17)) == at(1, 17)


def test_weekdays_only_skip_the_weekend() -> None:
    """Saturday and Sunday have no slot; Monday's previous slot is Friday."""
    trigger = make_trigger("08:30", "Asia/Ho_Chi_Minh", weekdays_only=True)
    assert latest_slot(trigger, at(6, 12)) == at(4, 8, 30)  # Sunday noon -> Friday
    assert previous_slot(trigger, at(7, 8, 30)) == at(4, 8, 30)


def test_crontab_lines_and_bad_schedules() -> None:
    """A weekly crontab works; nonsense is a clear error."""
    weekly = make_trigger("0 16 * * fri", "Asia/Ho_Chi_Minh")
    assert latest_slot(weekly, at(10, 9)) == at(4, 16)
    for bad in ("25:00", "17h", "* * *", "0 99 * * *"):
        with pytest.raises(ScheduleError):
            make_trigger(bad, "Asia/Ho_Chi_Minh")
    with pytest.raises(ScheduleError, match="time zone"):
        make_trigger("17:00", "Mars/Olympus")


def test_shipped_holidays_include_tet_and_national_day() -> None:
    """The default file knows the lunar and the fixed holidays; a bad date is named."""
    holidays = Holidays.load()
    assert holidays.name(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert holidays.name(date(2026, 9, 2)) == "Quốc khánh"
    assert holidays.name(date(2026, 12, 1)) is None


def test_bad_holidays_file(tmp_path: Path) -> None:
    """An admin's typo is reported with the offending key."""
    path = tmp_path / "h.toml"
    path.write_text('[holidays]\n"2026-13-01" = "x"\n', encoding="utf-8")
    with pytest.raises(ScheduleError, match="2026-13-01"):
        Holidays.load(path)


def test_subscriptions_store(database_url: str) -> None:
    """One subscription per channel: subscribing again replaces it; bad schedules are refused."""
    store = Subscriptions(migrated_engine(database_url))
    first = store.subscribe("telegram", "-100", "17:00")
    again = store.subscribe("telegram", "-100", "0 16 * * fri", language="en")
    assert first.id == again.id and store.get(first.id) == again
    with pytest.raises(ScheduleError):
        store.subscribe("slack", "C1", "tomorrow")
    assert [s.channel for s in store.all()] == ["-100"]
    assert store.unsubscribe("telegram", "-100") and not store.unsubscribe("telegram", "-100")
    assert store.find("telegram", "-100") is None


def test_slot_search_is_bounded() -> None:
    """A trigger that never fired in 32 days has no slot (no endless search)."""
    yearly = make_trigger("0 9 1 1 *", "Asia/Ho_Chi_Minh")
    assert latest_slot(yearly, at(15, 9, month=6)) is None
    assert latest_slot(yearly, datetime(2027, 1, 1, 9, tzinfo=VN) + timedelta(hours=1)) is not None
