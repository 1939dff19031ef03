"""The document library's metadata in SQL (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from retrieval.records.schema import Base, utcnow


class Collection(Base):
    """A named group of documents; access rules attach here."""

    __tablename__ = "collections"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sensitivity: Mapped[str] = mapped_column(String(20), default="internal")
    documents: Mapped[list[Document]] = relationship(back_populates="collection")


class Document(Base):
    """One ingested file, identified by its collection and source path."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("collection_id", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id"))
    source: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    file_type: Mapped[str] = mapped_column(String(10))
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)
    collection: Mapped[Collection] = relationship(back_populates="documents")
    chunks: Mapped[list[Chunk]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Chunk.ordinal"
    )


class Chunk(Base):
    """A citable passage: usually one article, or one clause of a long article."""

    __tablename__ = "chunks"
    # Ids are never reused, so a hit from an index a moment old cannot name another chunk.
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 - SQLAlchemy's own attribute
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(Text, default="")
    article: Mapped[str | None] = mapped_column(String(200))
    section: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedding_model: Mapped[str | None] = mapped_column(String(300))
    document: Mapped[Document] = relationship(back_populates="chunks")


class LibraryState(Base):
    """A single row whose revision grows with every change to the chunks (made with the schema,
    revision 0: a library never changed is new)."""

    __tablename__ = "library_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)


def current_revision(session: Session) -> int:
    """The library's revision (0 for an empty, never-changed library)."""
    state = session.get(LibraryState, 1)
    return state.revision if state else 0


def bump_revision(session: Session) -> int:
    """Advance the revision inside the caller's transaction."""
    state = session.get(LibraryState, 1, with_for_update=True)
    if state is None:
        state = LibraryState(id=1, revision=0)
        session.add(state)
    state.revision += 1
    return state.revision


def get_or_create_collection(session: Session, name: str) -> Collection:
    """The collection with this name, created on first use."""
    found = session.scalars(select(Collection).where(Collection.name == name)).first()
    if found is None:
        found = Collection(name=name)
        session.add(found)
        session.flush()
    return found
