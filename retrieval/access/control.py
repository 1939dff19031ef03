"""People, roles and who may read which collection: the rules search applies before ranking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import (
    Engine,
    ForeignKey,
    String,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from retrieval.errors import VanthuError
from retrieval.records.schema import Base, utcnow
from retrieval.search.store import Collection, Document

ROLES = ("admin", "staff", "leader")
SENSITIVITIES = ("public", "internal", "confidential")
PLATFORMS = ("telegram", "slack", "zalo", "console")
ReaderKind = Literal["role", "person", "chat"]
# A person's account: Telegram user ids are positive numbers (messages sent as a channel or by an
# anonymous group admin carry no person and never match); Slack ids are letters and digits;
# Zalo ids are opaque strings of letters and digits.
_ACCOUNT = {
    "telegram": re.compile(r"[1-9]\d{0,19}"),
    "slack": re.compile(r"[A-Z0-9]{2,30}"),
    "zalo": re.compile(r"[A-Za-z0-9_-]{1,64}"),
    "console": re.compile(r"[\w.-]{1,60}"),
}
UnknownPolicy = Literal["refuse", "public"]


class AccessError(VanthuError):
    """A grant that names nobody, no such collection or no such role."""


class Person(Base):
    """Someone the office knows; identities on each platform point here."""

    __tablename__ = "people"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 - ids are never reused
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Identity(Base):
    """A platform account ("telegram", "123") belonging to one person."""

    __tablename__ = "identities"
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class RoleGrant(Base):
    """One role of one person."""

    __tablename__ = "person_roles"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class Reader(Base):
    """A role, a person or a chat that may read a collection."""

    __tablename__ = "collection_readers"
    __table_args__ = (UniqueConstraint("collection_id", "kind", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(200))


@dataclass(frozen=True)
class PersonView:
    """A person, their platform accounts and roles."""

    id: int
    identities: tuple[str, ...]
    roles: frozenset[str]

    def describe(self) -> str:
        """`#3 telegram:123, slack:U1 (admin, staff)`."""
        roles = ", ".join(sorted(self.roles)) or "-"
        return f"#{self.id} {', '.join(self.identities)} ({roles})"


@dataclass(frozen=True)
class Clearance:
    """What one message may use: the asker, and the collections readable where it was asked."""

    person: PersonView | None
    collections: frozenset[str] | None  # None: everything (the operator at the terminal)

    @property
    def roles(self) -> frozenset[str]:
        """The asker's roles (none for an unknown person)."""
        return self.person.roles if self.person else frozenset()

    def has(self, *roles: str) -> bool:
        """True when the asker holds one of the roles."""
        return bool(self.roles & set(roles))


@dataclass(frozen=True)
class CollectionAccess:
    """A collection, its sensitivity label and its readers (`role:staff`, `#3`, `chat:...`)."""

    name: str
    sensitivity: str
    readers: tuple[str, ...]


def split_identity(identity: str) -> tuple[str, str]:
    """("telegram", "123") from "telegram:123"; AccessError for anything else."""
    platform, _, user_id = identity.partition(":")
    if platform not in PLATFORMS or not _ACCOUNT[platform].fullmatch(user_id):
        raise AccessError(f"not an account: {identity[:60]!r} (telegram:ID or slack:ID)")
    return platform, user_id


def reader_label(kind: str, subject: str) -> str:
    """How a reader is shown: role:staff, #3, chat:telegram:-100..."""
    return {"role": f"role:{subject}", "person": f"#{subject}"}.get(kind, f"chat:{subject}")


class AccessControl:
    """The people, roles and collection readers, stored beside the library."""

    def __init__(self, engine: Engine, *, unknown: UnknownPolicy = "refuse") -> None:
        self.engine = engine
        self.unknown = unknown

    # -- people ---------------------------------------------------------------------------

    def person(self, identity: str) -> PersonView | None:
        """The person behind an account, or None."""
        platform, user_id = split_identity(identity)
        with Session(self.engine) as session:
            person_id = session.scalar(
                select(Identity.person_id).where(
                    Identity.platform == platform, Identity.user_id == user_id
                )
            )
            return None if person_id is None else self._view(session, person_id)

    def person_by_id(self, person_id: int) -> PersonView | None:
        """The person with this number, or None."""
        with Session(self.engine) as session:
            if session.get(Person, person_id) is None:
                return None
            return self._view(session, person_id)

    def people(self) -> list[PersonView]:
        """Everyone, by number."""
        with Session(self.engine) as session:
            ids = session.scalars(select(Person.id).order_by(Person.id)).all()
            return [self._view(session, i) for i in ids]

    def resolve(self, who: str, *, create: bool = False) -> PersonView:
        """`#3` or an account; with create, an unknown account becomes a new person."""
        if who.startswith("#") and who[1:].isdigit():
            found = self.person_by_id(int(who[1:]))
            if found is None:
                raise AccessError(f"no person {who}")
            return found
        found = self.person(who)
        if found is None and create:
            self._ensure_person(*split_identity(who))
            found = self.person(who)
        if found is None:
            raise AccessError(f"nobody is known as {who[:60]}")
        return found

    def grant_role(self, who: str, role: str) -> bool:
        """Give a role; False when the person already had it."""
        if role not in ROLES:
            raise AccessError(f"no role {role!r} (roles: {', '.join(ROLES)})")
        person = self.resolve(who, create=True)
        if role in person.roles:
            return False
        with Session(self.engine) as session:
            session.add(RoleGrant(person_id=person.id, role=role))
            try:
                session.commit()
            except IntegrityError:  # granted by another process a moment ago
                return False
        return True

    def revoke_role(self, who: str, role: str) -> bool:
        """Take a role away; False when the person did not have it."""
        person = self.resolve(who)
        with Session(self.engine) as session:
            result = session.execute(
                delete(RoleGrant).where(RoleGrant.person_id == person.id, RoleGrant.role == role)
            )
            session.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def link(self, first: str, second: str) -> PersonView:
        """Make two accounts one person: the second's roles and readings move to the first."""
        keep = self.resolve(first, create=True)
        other = self.resolve(second, create=True)
        if other.id != keep.id:
            with Session(self.engine) as session:
                self._merge(session, keep, other)
                session.commit()
        return self.resolve(first)

    def bootstrap_admins(self, identities: list[str]) -> list[str]:
        """Make the accounts named in the settings admins while nobody is an admin yet (so a
        later revocation sticks); returns those newly made."""
        with Session(self.engine) as session:
            if session.scalar(select(RoleGrant.person_id).where(RoleGrant.role == "admin")):
                return []
        return [i for i in identities if self.grant_role(i, "admin")]

    # -- collections ----------------------------------------------------------------------

    def allow(self, collection: str, kind: ReaderKind, subject: str) -> bool:
        """Let a role, person or chat read a collection; False when it already could."""
        with Session(self.engine) as session:
            owner = self._collection(session, collection)
            exists = session.scalar(
                select(Reader.id).where(
                    Reader.collection_id == owner.id, Reader.kind == kind, Reader.subject == subject
                )
            )
            if exists is not None:
                return False
            session.add(Reader(collection_id=owner.id, kind=kind, subject=subject))
            try:
                session.commit()
            except IntegrityError:
                return False
        return True

    def disallow(self, collection: str, kind: ReaderKind, subject: str) -> bool:
        """Stop a role, person or chat reading a collection; False when it could not."""
        with Session(self.engine) as session:
            owner = self._collection(session, collection)
            result = session.execute(
                delete(Reader).where(
                    Reader.collection_id == owner.id, Reader.kind == kind, Reader.subject == subject
                )
            )
            session.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def label(self, collection: str, sensitivity: str) -> bool:
        """Set a collection's sensitivity label; False when it already had it."""
        if sensitivity not in SENSITIVITIES:
            raise AccessError(f"no label {sensitivity!r} ({', '.join(SENSITIVITIES)})")
        with Session(self.engine) as session:
            owner = self._collection(session, collection)
            if owner.sensitivity == sensitivity:
                return False
            owner.sensitivity = sensitivity
            session.commit()
        return True

    def collections(self) -> list[CollectionAccess]:
        """Every collection with its label and readers."""
        with Session(self.engine) as session:
            owners = session.scalars(select(Collection).order_by(Collection.name)).all()
            readers = session.execute(select(Reader.collection_id, Reader.kind, Reader.subject))
            by_collection: dict[int, list[str]] = {}
            for collection_id, kind, subject in readers:
                by_collection.setdefault(collection_id, []).append(reader_label(kind, subject))
            return [
                CollectionAccess(c.name, c.sensitivity, tuple(sorted(by_collection.get(c.id, []))))
                for c in owners
            ]

    def is_collection(self, name: str) -> bool:
        """True when a collection of this name exists."""
        with Session(self.engine) as session:
            return session.scalar(select(Collection.id).where(Collection.name == name)) is not None

    # -- the rule -------------------------------------------------------------------------

    def clearance(self, platform: str, user_id: str, chat_id: str, *, private: bool) -> Clearance:
        """The collections a message may draw on: what the asker may read and, in a group,
        only what the chat is also cleared for. Nothing configured means nothing readable."""
        try:
            person = self.person(f"{platform}:{user_id}")
        except AccessError:  # not a person's account (a channel, an anonymous admin): unknown
            person = None
        with Session(self.engine) as session:
            rows = session.execute(
                select(Collection.name, Collection.sensitivity, Reader.kind, Reader.subject).join(
                    Reader, Reader.collection_id == Collection.id, isouter=True
                )
            ).all()
        # Public means anyone who may use the bot, in any chat.
        public = {name for name, sensitivity, _, _ in rows if sensitivity == "public"}
        if person is None or not person.roles:
            return Clearance(person, frozenset(public if self.unknown == "public" else ()))
        mine: set[str] = set(public)
        chat: set[str] = set()
        here = f"{platform}:{chat_id}"
        for name, _, kind, subject in rows:
            if (kind == "role" and subject in person.roles) or (
                kind == "person" and subject == str(person.id)
            ):
                mine.add(name)
            elif kind == "chat" and subject == here:
                chat.add(name)
        return Clearance(person, frozenset(mine if private else (mine & chat) | public))

    def channel_readable(self, platform: str, chat_id: str) -> frozenset[str]:
        """What may be posted to a channel unasked (digests): its clearance and public."""
        with Session(self.engine) as session:
            public = session.scalars(
                select(Collection.name).where(Collection.sensitivity == "public")
            ).all()
        return self.chat_collections(platform, chat_id) | frozenset(public)

    def channel_sources(self, platform: str, chat_id: str) -> frozenset[str]:
        """The documents a channel may be shown (an office digest quotes only questions
        answered from these)."""
        readable = self.channel_readable(platform, chat_id)
        with Session(self.engine) as session:
            sources = session.scalars(
                select(Document.source).join(Collection).where(Collection.name.in_(readable))
            ).all()
        return frozenset(sources)

    def chat_collections(self, platform: str, chat_id: str) -> frozenset[str]:
        """The collections a chat is cleared for (what a group may be shown)."""
        with Session(self.engine) as session:
            names = session.scalars(
                select(Collection.name)
                .join(Reader, Reader.collection_id == Collection.id)
                .where(Reader.kind == "chat", Reader.subject == f"{platform}:{chat_id}")
            ).all()
        return frozenset(names)

    # -- internals ------------------------------------------------------------------------

    @staticmethod
    def _collection(session: Session, name: str) -> Collection:
        owner = session.scalars(select(Collection).where(Collection.name == name)).first()
        if owner is None:
            raise AccessError(f"no collection {name[:60]!r}")
        return owner

    def _ensure_person(self, platform: str, user_id: str) -> None:
        with Session(self.engine) as session:
            person = Person()
            session.add(person)
            session.flush()
            session.add(Identity(platform=platform, user_id=user_id, person_id=person.id))
            try:
                session.commit()
            except IntegrityError:  # another process created the account first
                session.rollback()

    @staticmethod
    def _view(session: Session, person_id: int) -> PersonView:
        accounts = session.execute(
            select(Identity.platform, Identity.user_id)
            .where(Identity.person_id == person_id)
            .order_by(Identity.platform, Identity.user_id)
        ).all()
        roles = session.scalars(select(RoleGrant.role).where(RoleGrant.person_id == person_id))
        return PersonView(person_id, tuple(f"{p}:{u}" for p, u in accounts), frozenset(roles.all()))

    @staticmethod
    def _merge(session: Session, keep: PersonView, other: PersonView) -> None:
        session.execute(
            update(Identity).where(Identity.person_id == other.id).values(person_id=keep.id)
        )
        for role in other.roles - keep.roles:
            session.add(RoleGrant(person_id=keep.id, role=role))
        moved = session.execute(
            select(Reader).where(Reader.kind == "person", Reader.subject == str(other.id))
        ).scalars()
        for reader in moved:
            duplicate = session.scalar(
                select(Reader.id).where(
                    Reader.collection_id == reader.collection_id,
                    Reader.kind == "person",
                    Reader.subject == str(keep.id),
                )
            )
            if duplicate is None:
                reader.subject = str(keep.id)
            else:
                session.delete(reader)
        session.flush()
        session.execute(delete(RoleGrant).where(RoleGrant.person_id == other.id))
        session.execute(delete(Person).where(Person.id == other.id))
