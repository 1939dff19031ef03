"""`/digest` in chat: who may manage, subscribing with schedules, preview, now, list."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.digest_commands import parse_subscription
from handlers.messages import has_text
from handlers.router import route
from handlers.services import Services
from handlers.types import IncomingMessage, Reply
from retrieval.search.library import Library
from scheduler.schedule import ScheduleError, make_trigger
from tests.databases import migrated_engine
from tests.digests import Posted
from tests.services import make_services


@pytest.fixture
def services(sample_library: Library, tmp_path: Path) -> tuple[Services, Posted]:
    """Services whose digest runner posts into a recorder; 42 is a leader, 7 is staff."""
    posted = Posted()
    engine = migrated_engine(f"sqlite:///{tmp_path / 'd.db'}")
    services = make_services(sample_library, engine, publisher=posted)
    services.access.grant_role("telegram:42", "leader")
    services.access.grant_role("telegram:7", "staff")
    return services, posted


def said(reply: Reply) -> str:
    """All the text of a reply."""
    return "\n".join(block.text for block in reply.blocks)


async def digest(services: Services, args: str, user: str = "42") -> str:
    """Send `/digest args` from a group chat."""
    message = IncomingMessage(
        text=f"/digest {args}", user_id=user, chat_id="-100", platform="telegram", is_private=False
    )
    return said(await route(message, services))


@pytest.mark.asyncio
async def test_only_managers_change_subscriptions(services: tuple[Services, Posted]) -> None:
    """Staff may neither subscribe nor preview others' questions; the refusal is polite."""
    service, _ = services
    refused = await digest(service, "subscribe 17:00", user="7")
    assert "không có quyền" in refused
    assert service.digests is not None and service.digests.subscriptions.all() == []
    assert "không có quyền" in await digest(service, "preview", user="7")
    assert "Bản tin" in await digest(service, "preview")
    assert "/digest subscribe" in await digest(service, "help", user="7")


@pytest.mark.asyncio
async def test_subscribe_list_now_unsubscribe(services: tuple[Services, Posted]) -> None:
    """A manager subscribes the chat, sees it listed, posts one now, and stops it."""
    service, posted = services
    assert "sai" in (await digest(service, "subscribe 25:99")).lower()
    done = await digest(service, "subscribe 17:30 weekdays en")
    assert "telegram:-100 17:30" in done
    (subscription,) = service.digests.subscriptions.all()
    assert subscription.weekdays_only and subscription.language == "en"
    assert "17:30" in await digest(service, "list")
    await digest(service, "now")
    assert [channel for channel, _ in posted.digests] == ["-100"]
    assert "0 16 * * fri" in (await digest(service, "subscribe cron 0 16 * * fri"))
    assert "0 16 * * fri" in await digest(service, "list")
    assert "hủy" in (await digest(service, "unsubscribe")).lower()
    assert service.digests.subscriptions.all() == []
    assert "/digest subscribe" in await digest(service, "")


def test_subscription_parsing() -> None:
    """Crontab steps are not time zones; a zone is a word ZoneInfo knows; weekdays is a flag."""
    assert parse_subscription("cron */30 8-17 * * mon-fri".split()) == (
        "*/30 8-17 * * mon-fri",
        "Asia/Ho_Chi_Minh",
        False,
        "vi",
    )
    assert parse_subscription("17:00 UTC en".split()) == ("17:00", "UTC", False, "en")
    assert parse_subscription("08:30 weekdays Asia/Bangkok".split())[1:3] == ("Asia/Bangkok", True)
    with pytest.raises(ScheduleError):
        make_trigger("0 16 * * fri", "UTC", weekdays_only=True)


def test_every_outcome_of_digest_now_has_a_sentence() -> None:
    """`/digest now` answers every way a delivery can end, including a queued one."""
    for status in ("sent", "resumed", "queued", "already", "taken_over"):
        assert has_text(f"digest_now_{status}")


@pytest.mark.asyncio
async def test_an_office_digest_in_an_uncleared_group_quotes_no_private_question(
    services: tuple[Services, Posted],
) -> None:
    """An admin subscribes an office digest in a group cleared for nothing: its preview counts
    a leader's private question on a confidential topic but never quotes it."""
    service, _ = services
    service.access.grant_role("telegram:1", "admin")
    private = IncomingMessage(
        "Kế hoạch thanh tra đột xuất phường Tân Định?", "42", "42", "telegram"
    )
    await route(private, service)
    assert "office" in await digest(service, "subscribe 17:00 office", user="1")
    preview = await digest(service, "preview", user="1")
    assert "thanh tra đột xuất" not in preview
    assert "Câu hỏi: 1" in preview
