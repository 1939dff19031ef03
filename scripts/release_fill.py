"""Fill a new database with release 0.1's own code (run by make_release_databases.py).

    PYTHONPATH=<release 0.1 tree> RELEASE_TREE=<same> python scripts/release_fill.py URL DATA_DIR

Every import below is release 0.1's module layout (`retrieval.store`, `scheduler.events`...),
found on PYTHONPATH before this checkout's; the first lines make sure of it.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sqlalchemy.engine import Engine

import retrieval

TREE = Path(os.environ["RELEASE_TREE"])
if not Path(retrieval.__file__).is_relative_to(TREE):
    sys.exit(f"not release 0.1's code: {retrieval.__file__}")

# Release 0.1's modules (this checkout has none of these paths).
from bot.inbox import Inbox  # noqa: E402
from retrieval.index import SearchConfig  # noqa: E402
from retrieval.library import Library  # noqa: E402
from retrieval.pending import PendingFiles  # noqa: E402
from retrieval.store import open_engine  # noqa: E402
from scheduler.audit import AuditLog, Entry  # noqa: E402
from scheduler.events import Asked, Changed, Deadline, EventLog, Summarized  # noqa: E402

from retrieval.access import AccessControl  # noqa: E402
from scheduler.runner import DigestRunner, DigestScheduler  # noqa: E402
from scheduler.schedule import Subscriptions  # noqa: E402

Vectors = npt.NDArray[np.float32]


class HashEmbedder:
    """Eight numbers per text from its words' hashes: small real vectors without a model."""

    name = "hash-8"
    dim = 8

    def embed_passages(self, texts: list[str]) -> Vectors:
        """One unit row per text."""
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                rows[i, hashlib.sha256(word.encode()).digest()[0] % self.dim] += 1.0
        norms = np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        return (rows / norms).astype(np.float32)

    def embed_query(self, text: str) -> Vectors:
        """The query's row."""
        return self.embed_passages([text])


def documents(engine: Engine, data_dir: Path) -> None:
    """Two collections: one embedded with small vectors, one BM25 only (NULL vectors)."""
    samples = TREE / "bot" / "samples"
    audit, events = AuditLog(engine), EventLog(engine)
    for library, collection, names in (
        (
            Library(engine, data_dir / "dense.npz", SearchConfig(), HashEmbedder()),
            "mau",
            ["nd-45-2024-dang-ky-khai-sinh.md", "huong-dan-dang-ky-ket-hon.txt"],
        ),
        (
            Library(engine, data_dir / "lexical.npz", SearchConfig(), None),
            "noi-bo",
            ["quy-che-cong-tac-van-thu.md", "staff-leave-regulation.txt"],
        ),
    ):
        results = library.ingest([samples / name for name in names], collection)
        assert all(r.status == "added" for r in results), results
        for doc in library.documents(collection):
            events.record_change(Changed("added", doc.title, collection, doc.number))
            audit.record(Entry("cli:vanthu", "ingest", documents=[doc.title], detail="added"))
    events.record_change(Changed("removed", "Quy định cũ về lưu trữ hồ sơ", "noi-bo", None))


def people(engine: Engine) -> None:
    """An admin, a staff member with two accounts, a leader; readers and labels."""
    access = AccessControl(engine)
    access.grant_role("telegram:1001", "admin")
    access.grant_role("telegram:1002", "staff")
    access.link("telegram:1002", "slack:U0NGUYEN")
    access.grant_role("slack:U0LEADER", "leader")
    access.grant_role("slack:U0LEADER", "staff")
    staff = access.resolve("telegram:1002")
    access.allow("noi-bo", "role", "staff")
    access.allow("noi-bo", "person", str(staff.id))
    access.allow("mau", "chat", "telegram:-1001234567")
    access.label("mau", "public")
    access.label("noi-bo", "confidential")
    AuditLog(engine).record(Entry("settings", "access", detail="grant telegram:1001 admin"))


def chats(engine: Engine) -> None:
    """Questions with feedback, summaries with deadlines, inbox keys, an offered file."""
    events, audit = EventLog(engine), AuditLog(engine)
    asked = [
        Asked(
            "telegram",
            "-1001234567",
            "1002",
            "vi",
            "Thủ tục đăng ký khai sinh cần những giấy tờ gì?",
            True,
            ["Nghị định 45/2024/NĐ-CP"],
            ["khai sinh", "giấy tờ"],
        ),
        Asked(
            "telegram",
            "1001",
            "1001",
            "vi",
            "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ là bao nhiêu?",
            False,
            [],
            ["lệ phí", "giấy phép", "xây dựng"],
        ),
        Asked("slack", "C0LEAD", "U0LEADER", "en", "How many days of annual leave?", True, [], []),
    ]
    ids = [events.record_question(question) for question in asked]
    events.record_feedback(ids[0], "1002", useful=True)
    events.record_feedback(ids[0], "1001", useful=False)
    events.record_feedback(ids[2], "U0LEADER", useful=True)
    audit.record(
        Entry(
            "telegram:1002",
            "question",
            chat="telegram:-1001234567",
            documents=["Nghị định 45/2024/NĐ-CP"],
            detail="Thủ tục đăng ký khai sinh cần những giấy tờ gì?",
        )
    )
    events.record_summary(
        Summarized(
            "telegram",
            "-1001234567",
            "1002",
            "Công văn về việc báo cáo kết quả cải cách hành chính quý IV năm 2026",
            "125/UBND-VP",
            "Ủy ban nhân dân tỉnh Bình Định",
            [Deadline("trước ngày 15/12/2026", date(2026, 12, 15)), Deadline("khi có yêu cầu")],
            "Yêu cầu các sở, ngành báo cáo kết quả cải cách hành chính quý IV.",
        )
    )
    events.record_summary(Summarized("slack", "C0LEAD", "U0LEADER", "Meeting notes"))
    audit.record(Entry("telegram:1002", "summary", chat="telegram:-1001234567", detail="125"))
    inbox = Inbox(engine)
    inbox.claim("telegram", "update:9001")
    inbox.done("telegram", "update:9001")
    inbox.claim("slack", "Ev0123ABCD")
    PendingFiles(engine).keep("công văn 125.txt", "txt", "Kính gửi: các sở, ngành.\n".encode())


def digests(engine: Engine) -> None:
    """Subscriptions (one removed), deliveries sent, skipped and stalled, the lease, jobs."""
    subscriptions = Subscriptions(engine)
    chat = subscriptions.subscribe(
        "telegram", "-1001234567", "17:00", weekdays_only=True, created_by="telegram:1001"
    )
    office = subscriptions.subscribe(
        "slack",
        "C0LEAD",
        "0 16 * * fri",
        language="en",
        scope="office",
        created_by="slack:U0LEADER",
    )
    # The newest removed: the AUTOINCREMENT counter stays ahead of the highest id left.
    subscriptions.subscribe("slack", "C0GONE", "08:00", created_by="slack:U0LEADER")
    subscriptions.unsubscribe("slack", "C0GONE")
    runner = DigestRunner(engine, object(), "release-host:4242:abcd1234")
    end = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    sent = runner.ledger.claim(chat.id, end - timedelta(days=1), end, runner.holder)
    assert sent is not None
    runner.ledger.advance(sent, 2)
    runner.ledger.finish(sent, "sent")
    skipped = runner.ledger.claim(chat.id, end, end + timedelta(days=1), runner.holder)
    assert skipped is not None
    runner.ledger.finish(skipped, "skipped")
    stalled = runner.ledger.claim(office.id, end - timedelta(days=7), end, runner.holder)
    assert stalled is not None
    runner.ledger.advance(stalled, 1)
    runner.audit.record(
        Entry("scheduler", "digest_sent", chat="telegram:-1001234567", detail="2 parts")
    )

    async def lead() -> None:
        # The one scheduler takes the lease and fills APScheduler's job table, then stops.
        scheduler = DigestScheduler(runner)
        await scheduler.tick()
        assert scheduler.leading
        scheduler.stop_scheduler()

    asyncio.run(lead())


def main(url: str, data_dir: str) -> None:
    """Make the schema as release 0.1 did and put rows in every table."""
    engine = open_engine(url)
    documents(engine, Path(data_dir))
    people(engine)
    chats(engine)
    digests(engine)
    engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:])
