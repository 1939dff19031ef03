"""Roles and document access through the router: refusals, grants in chat, groups, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handlers.router import record_feedback, route
from handlers.services import Services
from handlers.types import Attachment, IncomingMessage, Reply
from retrieval.records.events import Changed
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from tests.databases import migrated_engine
from tests.digests import Posted
from tests.services import make_services

ADMIN, STAFF, LEADER, STRANGER = "1", "2", "3", "9"
GROUP = "-100"
DOCUMENTS = {
    "cong-khai": "Điều 1. Giờ tiếp công dân\nBộ phận một cửa tiếp công dân từ 7 giờ 30 sáng.",
    "noi-bo": "Điều 2. Lịch trực cơ quan\nCán bộ trực cơ quan theo lịch phân công hằng tuần.",
    "mat": "Điều 3. Kế hoạch thanh tra đột xuất\nĐoàn thanh tra làm việc tại phường Tân Định.",
}


@pytest.fixture
def services(tmp_path: Path) -> Services:
    """A small BM25 library in three collections; one admin from the settings, nothing else."""
    engine = migrated_engine(f"sqlite:///{tmp_path / 'vanthu.db'}")
    library = Library(engine, tmp_path / "index.npz", SearchConfig(), None)
    for collection, body in DOCUMENTS.items():
        path = tmp_path / f"{collection}.txt"
        path.write_text(f"QUY ĐỊNH {collection.upper()}\n{body}\n", encoding="utf-8")
        assert library.ingest_file(path, collection).status == "added"
    return make_services(library, admins=[f"telegram:{ADMIN}"])


async def say(
    services: Services,
    words: str,
    user: str,
    *,
    chat: str | None = None,
    files: int = 0,
    data: bytes = b"hello",
) -> str:
    """Send a Telegram message (private unless a group chat is named); the reply's text."""
    attachments = tuple(
        Attachment(f"f{i}.txt", len(data), lambda: _bytes(data)) for i in range(files)
    )
    message = IncomingMessage(
        text=words,
        user_id=user,
        chat_id=chat or user,
        platform="telegram",
        is_private=chat is None,
        attachments=attachments,
    )
    return said(await route(message, services))


async def _bytes(data: bytes) -> bytes:
    return data


def said(reply: Reply) -> str:
    """All the text of a reply."""
    return "\n".join(block.text for block in reply.blocks)


@pytest.mark.asyncio
async def test_strangers_are_refused_with_their_code(services: Services) -> None:
    """Nothing configured is denied; the refusal says what code to send to IT."""
    refusal = await say(services, "Giờ tiếp công dân?", STRANGER)
    assert "telegram:9" in refusal and "Điều" not in refusal
    assert "telegram:9" in await say(services, "/whois", STRANGER)
    assert "/ask" in await say(services, "/help", STRANGER)
    assert "telegram:9" in await say(services, "/docs", STRANGER)
    assert "telegram:9" in await say(services, "/grant telegram:9 admin", STRANGER)
    assert "telegram:9" in await say(services, "hello", STRANGER, files=1)


@pytest.mark.asyncio
async def test_public_only_mode_lets_strangers_read_public_collections(
    services: Services,
) -> None:
    """In public-only mode a stranger reads public collections and nothing else."""
    services.access.unknown = "public"
    services.access.label("cong-khai", "public")
    answer = await say(services, "Giờ tiếp công dân?", STRANGER)
    assert "Điều 1" in answer and "Công khai" in answer
    assert "Điều 2" not in await say(services, "Lịch trực cơ quan?", STRANGER)
    assert "Điều 3" not in await say(services, "/docs", STRANGER) + await say(
        services, "/ask thanh tra đột xuất", STRANGER
    )
    assert "cấp quyền" in await say(services, "", STRANGER, files=1)  # files need a role
    assert "telegram:9" in await say(services, "/digest list", STRANGER)


@pytest.mark.asyncio
async def test_admin_grants_in_chat_and_every_change_is_audited(services: Services) -> None:
    """Roles and readers are given in chat by the admin, and show in the next question."""
    assert "Điều 2" not in await say(services, "Lịch trực cơ quan?", STAFF)
    for command in (
        f"/grant telegram:{STAFF} staff",
        f"/grant telegram:{LEADER} leader",
        "/grant role:staff noi-bo",
        "/grant role:leader noi-bo",
        f"/grant telegram:{LEADER} mat",
        "/label mat confidential",
    ):
        assert "Đã cập nhật" in await say(services, command, ADMIN), command
    assert "Không có gì thay đổi" in await say(services, "/grant role:staff noi-bo", ADMIN)

    staff_answer = await say(services, "Lịch trực cơ quan?", STAFF)
    assert "Điều 2" in staff_answer and "Nội bộ" in staff_answer
    assert "Điều 3" not in await say(services, "Kế hoạch thanh tra đột xuất?", STAFF)
    leader_answer = await say(services, "Kế hoạch thanh tra đột xuất?", LEADER)
    assert "Điều 3" in leader_answer and "Mật" in leader_answer
    listing = await say(services, "/docs", STAFF)
    assert "noi-bo" in listing and "mat" not in listing

    assert "quản trị viên" in await say(services, f"/grant telegram:{STAFF} admin", STAFF)
    assert "quản trị viên" in await say(services, "/whois all", STAFF)
    overview = await say(services, "/whois all", ADMIN)
    assert "role:staff" in overview and "telegram:3" in overview

    changes = [e for e in services.audit.query() if e.action == "access"]
    assert len(changes) == 6  # the unchanged grant and the refused ones are not changes
    assert all(e.actor == f"telegram:{ADMIN}" for e in changes)
    assert any("grant noi-bo role:staff" in e.detail for e in changes)


@pytest.mark.asyncio
async def test_whois_about_others_is_answered_only_in_private(services: Services) -> None:
    """In a group, `/whois all` or about someone would show every account, role and reader to
    everyone there, whatever the group is cleared for: the bot says to ask privately."""
    await say(services, f"/grant telegram:{STAFF} staff", ADMIN)
    await say(services, "/grant role:staff noi-bo", ADMIN)
    for words in ("/whois all", f"/whois telegram:{STAFF}"):
        in_group = await say(services, words, ADMIN, chat=GROUP)
        assert "telegram:2" not in in_group and "role:staff" not in in_group
        assert "tin nhắn riêng" in in_group
    assert "role:staff" in await say(services, "/whois all", ADMIN)
    assert "telegram:1" in await say(services, "/whois", ADMIN, chat=GROUP)  # about oneself


@pytest.mark.asyncio
async def test_feedback_counts_for_the_asker_and_cleared_members_of_the_chat(
    services: Services,
) -> None:
    """In a group cleared for noi-bo, a staff member who may read it rates the leader's answer;
    a person with no role in the same group is not counted."""
    await say(services, f"/grant telegram:{LEADER} leader", ADMIN)
    await say(services, f"/grant telegram:{STAFF} staff", ADMIN)
    await say(services, "/grant role:staff noi-bo", ADMIN)
    await say(services, "/grant role:leader noi-bo", ADMIN)
    await say(services, "/grant here noi-bo", ADMIN, chat=GROUP)
    asked = IncomingMessage("Lịch trực cơ quan?", LEADER, GROUP, "telegram", is_private=False)
    reply = await route(asked, services)
    assert reply.feedback_id is not None and "Điều 2" in said(reply)

    async def click(user: str) -> str:
        clicker = IncomingMessage("", user, GROUP, "telegram", is_private=False)
        return await record_feedback(
            reply.feedback_id or 0, clicker, useful=True, services=services, language="vi"
        )

    assert "Cảm ơn" in await click(STAFF)
    assert "không được tính" in await click(STRANGER)
    assert services.events.feedback(reply.feedback_id) == {STAFF: True}


@pytest.mark.asyncio
async def test_revoking_takes_effect_on_the_next_question(services: Services) -> None:
    """A revoked reading or role shows in the very next answer."""
    await say(services, f"/grant telegram:{STAFF} staff", ADMIN)
    await say(services, f"/grant telegram:{STAFF} noi-bo", ADMIN)
    assert "Điều 2" in await say(services, "Lịch trực cơ quan?", STAFF)
    assert "Đã cập nhật" in await say(services, f"/revoke telegram:{STAFF} noi-bo", ADMIN)
    assert "Điều 2" not in await say(services, "Lịch trực cơ quan?", STAFF)
    await say(services, f"/grant telegram:{STAFF} noi-bo", ADMIN)
    await say(services, f"/revoke telegram:{STAFF} staff", ADMIN)
    assert "telegram:2" in await say(services, "Lịch trực cơ quan?", STAFF)  # refused now
    # A reading can still be taken back from someone who no longer has a role.
    assert "Đã cập nhật" in await say(services, f"/revoke telegram:{STAFF} noi-bo", ADMIN)


@pytest.mark.asyncio
async def test_a_group_uses_only_what_it_is_cleared_for(services: Services) -> None:
    """In a group the asker's wider readings stay private; the bot says to ask privately."""
    await say(services, f"/grant telegram:{LEADER} leader", ADMIN)
    await say(services, "/grant role:leader noi-bo", ADMIN)
    await say(services, "/grant role:leader mat", ADMIN)
    in_group = await say(services, "Kế hoạch thanh tra đột xuất?", LEADER, chat=GROUP)
    assert "Điều 3" not in in_group and "tin nhắn riêng" in in_group
    assert "(không có)" in await say(services, "/whois here", LEADER, chat=GROUP)
    assert "Đã cập nhật" in await say(services, "/grant here noi-bo", ADMIN, chat=GROUP)
    assert "noi-bo" in await say(services, "/whois here", LEADER, chat=GROUP)
    assert "Điều 2" in await say(services, "Lịch trực cơ quan?", LEADER, chat=GROUP)
    assert "Điều 3" not in await say(services, "thanh tra đột xuất", LEADER, chat=GROUP)
    assert "Điều 3" in await say(services, "Kế hoạch thanh tra đột xuất?", LEADER)  # private
    # Someone cleared for nothing more than the group sees no hint.
    await say(services, f"/grant telegram:{STAFF} staff", ADMIN)
    assert "tin nhắn riêng" not in await say(services, "thanh tra đột xuất", STAFF, chat=GROUP)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/grant", "Cách dùng"),
        ("/grant telegram:2", "two words"),
        ("/grant telegram:2 king", "neither a role"),
        ("/grant whatsapp:2 staff", "not an account"),
        ("/grant chat:irc:1 noi-bo", "not a chat"),
        ("/grant role:king noi-bo", "no role"),
        ("/grant telegram:77 noi-bo", "no role yet"),
        ("/revoke #77 staff", "no person"),
        ("/label noi-bo secret", "no label"),
        ("/label khong-co public", "no collection"),
        ("/whois #77", "no person"),
    ],
)
async def test_malformed_access_commands_get_a_clear_message(
    services: Services, command: str, expected: str
) -> None:
    """Every malformed access command is answered with what is wrong, nothing changes."""
    assert expected in await say(services, command, ADMIN)
    assert [p.roles for p in services.access.people()] == [frozenset({"admin"})]


@pytest.mark.asyncio
async def test_link_makes_two_accounts_one_person(services: Services) -> None:
    """A Slack account linked to a Telegram one shares its roles and readings."""
    await say(services, f"/grant telegram:{STAFF} staff", ADMIN)
    await say(services, f"/grant telegram:{STAFF} noi-bo", ADMIN)
    assert "Đã cập nhật" in await say(services, f"/link telegram:{STAFF} slack:U2", ADMIN)
    message = IncomingMessage(
        "Lịch trực cơ quan?", user_id="U2", chat_id="D2", platform="slack", is_private=True
    )
    assert "Điều 2" in said(await route(message, services))
    whois = await say(services, "/whois slack:U2", ADMIN)
    assert "telegram:2" in whois and "staff" in whois


@pytest.mark.asyncio
async def test_the_console_is_the_operator(services: Services) -> None:
    """The terminal user holds the installation: every collection, every role."""
    message = IncomingMessage("Kế hoạch thanh tra đột xuất?")
    assert "Điều 3" in said(await route(message, services))
    assert "người vận hành" in said(await route(IncomingMessage("/whois"), services))


@pytest.mark.asyncio
async def test_digests_name_only_documents_the_channel_may_read(services: Services) -> None:
    """A library change in a collection the channel is not cleared for stays out of its digest,
    in scheduled posts and in previews."""
    posted = Posted()
    services = make_services(services.library, publisher=posted)
    runner = services.digests
    await say(services, f"/grant telegram:{LEADER} leader", ADMIN)
    await say(services, "/grant role:leader noi-bo", ADMIN)
    await say(services, "/grant role:leader mat", ADMIN)
    await say(services, "/grant here noi-bo", ADMIN, chat=GROUP)
    await say(services, "/label cong-khai public", ADMIN)
    for collection in DOCUMENTS:
        runner.events.record_change(Changed("added", f"Văn bản {collection}", collection))
    preview = await say(services, "/digest preview", LEADER, chat=GROUP)
    assert "Văn bản noi-bo" in preview and "Văn bản mat" not in preview
    assert "Văn bản mat" in await say(services, "/digest preview", LEADER)  # private chat
    subscription = runner.subscriptions.subscribe("telegram", GROUP, "17:00", created_by="1")
    later = datetime.now(UTC) + timedelta(minutes=1)  # the period ends at a whole minute
    assert (await runner.send_now(subscription, later)).status == "sent"
    ((channel, digest),) = posted.digests
    assert channel == GROUP
    assert sorted(d.collection for d in digest.documents) == ["cong-khai", "noi-bo"]
    assert digest.counts.documents == 2  # the confidential change is not even counted


@pytest.mark.asyncio
async def test_a_chat_digest_reports_only_that_chats_questions_and_files(
    services: Services,
) -> None:
    """Questions and files of a private chat stay out of a group's digest (scheduled or
    previewed); an `office` subscription, set by a leader, reports every chat's."""
    posted = Posted()
    services = make_services(services.library, publisher=posted)
    runner = services.digests
    await say(services, f"/grant telegram:{LEADER} leader", ADMIN)
    await say(services, f"/grant telegram:{STAFF} staff", ADMIN)
    await say(services, "Kỷ luật ông Trần Văn Bí thế nào?", STAFF)  # in private
    letter = "CÔNG VĂN\nSố: 77/UBND-TTr\nV/v xử lý kỷ luật\nBáo cáo trước ngày 20/12/2099."
    await say(services, "", STAFF, files=1, data=letter.encode())
    await say(services, "Lịch trực cơ quan?", LEADER, chat=GROUP)
    preview = await say(services, "/digest preview", LEADER, chat=GROUP)
    assert "Lịch trực" in preview
    assert "Trần Văn Bí" not in preview and "77/UBND-TTr" not in preview
    later = datetime.now(UTC) + timedelta(minutes=1)
    here = runner.subscriptions.subscribe("telegram", GROUP, "17:00", created_by=LEADER)
    assert (await runner.send_now(here, later)).status == "sent"
    refused = await say(services, "/digest subscribe 17:00 office", LEADER, chat="-200")
    assert "quản trị viên" in refused
    office = await say(services, "/digest subscribe 17:00 office", ADMIN, chat="-200")
    assert "office" in office
    wide = runner.subscriptions.find("telegram", "-200")
    assert wide is not None
    assert (await runner.send_now(wide, later)).status == "sent"
    (_, group_digest), (_, office_digest) = posted.digests
    assert (group_digest.counts.questions, group_digest.counts.summaries) == (1, 0)
    assert not group_digest.summaries
    assert (office_digest.counts.questions, office_digest.counts.summaries) == (2, 1)
    assert [s.number for s in office_digest.summaries] == ["77/UBND-TTr"]
