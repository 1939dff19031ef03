"""People, roles and collection readers on SQLite and PostgreSQL: the rule search applies."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from retrieval.access.control import AccessControl, AccessError
from retrieval.search.store import get_or_create_collection
from tests.databases import migrated_engine


@pytest.fixture
def access(database_url: str) -> AccessControl:
    """Four collections, nothing granted yet."""
    engine = migrated_engine(database_url)
    with Session(engine) as session:
        for name in ("cong-khai", "noi-bo", "mat", "lanh-dao"):
            get_or_create_collection(session, name)
        session.commit()
    control = AccessControl(engine)
    control.label("cong-khai", "public")
    control.label("mat", "confidential")
    return control


def readable(access: AccessControl, user: str, chat: str = "", *, private: bool = True) -> set[str]:
    """The collections a Telegram user may draw on in a chat."""
    found = access.clearance("telegram", user, chat or user, private=private).collections
    assert found is not None
    return set(found)


def test_nothing_configured_is_denied(access: AccessControl) -> None:
    """An unknown person, and a known person without a role, read nothing (refuse policy)."""
    assert readable(access, "1") == set()
    access.link("telegram:2", "slack:U2")  # known, but no role
    assert readable(access, "2") == set()
    assert access.clearance("telegram", "1", "1", private=True).person is None


def test_public_policy_gives_unknown_people_the_public_collections(access: AccessControl) -> None:
    """With unknown users in public-only mode, strangers read the public collections only."""
    access.unknown = "public"
    assert readable(access, "1") == {"cong-khai"}
    assert readable(access, "1", "-100", private=False) == {"cong-khai"}


def test_roles_people_and_chats(access: AccessControl) -> None:
    """Role and person readers add up in private; a group adds only what the chat is cleared for."""
    access.grant_role("telegram:10", "staff")
    access.grant_role("telegram:20", "leader")
    access.allow("noi-bo", "role", "staff")
    access.allow("noi-bo", "role", "leader")
    access.allow("lanh-dao", "role", "leader")
    leader = access.person("telegram:20")
    assert leader is not None
    access.allow("mat", "person", str(leader.id))
    access.allow("noi-bo", "chat", "telegram:-100")
    access.allow("lanh-dao", "chat", "telegram:-200")

    assert readable(access, "10") == {"cong-khai", "noi-bo"}
    assert readable(access, "20") == {"cong-khai", "noi-bo", "lanh-dao", "mat"}
    # In a group: what the asker may read and the group is cleared for, plus public.
    assert readable(access, "20", "-100", private=False) == {"cong-khai", "noi-bo"}
    assert readable(access, "10", "-200", private=False) == {"cong-khai"}
    assert readable(access, "20", "-300", private=False) == {"cong-khai"}
    assert access.chat_collections("telegram", "-200") == frozenset({"lanh-dao"})


def test_revoking_takes_effect_on_the_next_clearance(access: AccessControl) -> None:
    """Nothing is cached: a revocation shows in the next clearance read."""
    access.grant_role("telegram:10", "staff")
    access.allow("noi-bo", "role", "staff")
    assert "noi-bo" in readable(access, "10")
    assert access.disallow("noi-bo", "role", "staff")
    assert "noi-bo" not in readable(access, "10")
    assert not access.disallow("noi-bo", "role", "staff")
    access.allow("noi-bo", "role", "staff")
    assert access.revoke_role("telegram:10", "staff")
    assert readable(access, "10") == set()


def test_link_merges_two_people(access: AccessControl) -> None:
    """Linking moves the second account's roles and readings to the first person."""
    access.grant_role("telegram:1", "staff")
    access.grant_role("slack:U1", "leader")
    slack = access.person("slack:U1")
    assert slack is not None
    access.allow("mat", "person", str(slack.id))
    person = access.link("telegram:1", "slack:U1")
    assert person.identities == ("slack:U1", "telegram:1")
    assert person.roles == {"staff", "leader"}
    assert access.clearance("slack", "U1", "D1", private=True).collections == frozenset(
        {"cong-khai", "mat"}
    )
    assert access.person("slack:U1") == access.person("telegram:1")
    assert len(access.people()) == 1
    readers = {c.name: c.readers for c in access.collections()}
    assert readers["mat"] == (f"#{person.id}",)  # the reading moved to the survivor


def test_bootstrap_is_idempotent(access: AccessControl) -> None:
    """The first admins are made once; a second start changes nothing."""
    assert access.bootstrap_admins(["telegram:1", "slack:U9"]) == ["telegram:1", "slack:U9"]
    assert access.bootstrap_admins(["telegram:1", "slack:U9"]) == []
    found = access.person("slack:U9")
    assert found is not None and found.roles == {"admin"}
    access.revoke_role("slack:U9", "admin")  # a revocation sticks across restarts
    assert access.bootstrap_admins(["telegram:1", "slack:U9"]) == []
    assert access.resolve("slack:U9").roles == frozenset()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda a: a.grant_role("telegram:1", "king"), "no role"),
        (lambda a: a.grant_role("whatsapp:1", "staff"), "not an account"),
        (lambda a: a.grant_role("telegram:", "staff"), "not an account"),
        (lambda a: a.grant_role("telegram:chat-1001", "staff"), "not an account"),
        (lambda a: a.grant_role("slack:unknown", "staff"), "not an account"),
        (lambda a: a.revoke_role("telegram:77", "staff"), "nobody is known"),
        (lambda a: a.resolve("#999"), "no person"),
        (lambda a: a.allow("khong-co", "role", "staff"), "no collection"),
        (lambda a: a.label("mat", "top-secret"), "no label"),
    ],
)
def test_bad_requests_are_clear_errors(access: AccessControl, call: object, message: str) -> None:
    """Every malformed request is an AccessError naming the problem."""
    with pytest.raises(AccessError, match=message):
        call(access)  # type: ignore[operator]
