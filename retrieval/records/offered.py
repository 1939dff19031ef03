"""Files summarized in a chat, kept for a while so an admin can add them to the library."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, LargeBinary, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from retrieval.records.schema import Base, utcnow


class PendingFile(Base):
    """The bytes of a summarized file and the short code that names it in `/add`."""

    __tablename__ = "pending_files"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    file_type: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


@dataclass(frozen=True)
class Kept:
    """A pending file as `/add` needs it."""

    code: str
    name: str
    file_type: str
    sha256: str
    data: bytes


class PendingFiles:
    """Files waiting for an admin's decision; in the database, so any bot process can add them."""

    def __init__(self, engine: Engine, keep_for: timedelta = timedelta(days=7)) -> None:
        self.engine = engine
        self.keep_for = keep_for

    def keep(self, name: str, file_type: str, data: bytes) -> str:
        """Store a file (once per content) and return its code."""
        digest = hashlib.sha256(data).hexdigest()
        with Session(self.engine) as session:
            found = session.scalar(select(PendingFile).where(PendingFile.sha256 == digest))
            if found is not None:
                found.at = utcnow()  # offered again: kept for another period
                session.commit()
                return found.code
            code = secrets.token_hex(4)
            session.add(
                PendingFile(
                    code=code, name=name[:300], file_type=file_type, sha256=digest, data=data
                )
            )
            try:
                session.commit()
            except IntegrityError:  # the same file kept by another process (or a code clash)
                session.rollback()
                return self.keep(name, file_type, data)
            return code

    def get(self, code: str) -> Kept | None:
        """The file with this code, if it is still kept."""
        with Session(self.engine) as session:
            row = session.get(PendingFile, code.strip().lower()[:12])
            if row is None or row.at < utcnow() - self.keep_for:
                return None
            return Kept(row.code, row.name, row.file_type, row.sha256, row.data)

    def drop(self, code: str) -> None:
        """Forget a file (after it was added)."""
        with Session(self.engine) as session, session.begin():
            session.execute(delete(PendingFile).where(PendingFile.code == code))

    def purge(self, now: datetime | None = None) -> int:
        """Delete files kept longer than the keeping period; how many."""
        cutoff = (now or utcnow()) - self.keep_for
        with Session(self.engine) as session, session.begin():
            result = session.execute(delete(PendingFile).where(PendingFile.at < cutoff))
            return int(result.rowcount)  # type: ignore[attr-defined]
