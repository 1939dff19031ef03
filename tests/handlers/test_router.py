"""Questions through the router over the sample library, with the real model."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from handlers.router import route
from handlers.services import Services
from handlers.types import IncomingMessage, Reply, Style
from retrieval.search.library import Library
from tests.databases import migrated_engine
from tests.services import make_services

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "sample_questions.md"


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in {"question", "---"} and not cells[0].startswith("-"):
            rows.append((cells[0], cells[1], cells[2]))
    return rows


ROWS = _rows()


def ask(services: Services, text: str) -> Reply:
    """Route one console message."""
    return asyncio.run(route(IncomingMessage(text=text), services))


@pytest.fixture(scope="module")
def services(sample_library: Library, tmp_path_factory: pytest.TempPathFactory) -> Services:
    """Default services over the sample library, with records of their own."""
    folder = tmp_path_factory.mktemp("router")
    return make_services(sample_library, migrated_engine(f"sqlite:///{folder / 'records.db'}"))


def test_question_table_is_loaded() -> None:
    """The table holds answerable and out-of-scope rows in both languages."""
    assert len(ROWS) >= 30
    assert sum(f == "-" for _, f, _ in ROWS) >= 5


# Answerable, but the judge (fitted on Vietnamese legal questions) is not sure enough of the
# right article to answer: a known miss, listed in docs/measurements.md. Strict: a judge that
# gets it right fails here until the entry is removed.
KNOWN_MISSES = {"Can staff send citizens' personal data via Zalo?"}


@pytest.mark.parametrize(
    ("question", "file", "article"),
    [
        pytest.param(*row, marks=pytest.mark.xfail(strict=True, reason="known miss"))
        if row[0] in KNOWN_MISSES
        else row
        for row in ROWS
    ],
)
def test_sample_questions(services: Services, question: str, file: str, article: str) -> None:
    """Answerable questions quote the right article (answered, or at least as the closest
    provision); the others are never answered with confidence."""
    reply = ask(services, question)
    answer = reply.answer
    assert answer is not None
    if file == "-":  # never a confident answer: the closest provisions at most
        assert answer.kind != "answer", answer.evidence
        assert answer.nearest or answer.quotes
        return
    assert answer.kind in {"answer", "partial"}, (answer.kind, answer.probability, answer.evidence)
    cited = [(Path(q.citation.source).name, q.citation.article) for q in answer.quotes]
    assert (file, article) in cited
    sources = [b.text for b in reply.blocks if b.style is Style.SOURCE]
    assert any(article in s for s in sources)


def test_reply_language_follows_the_asker(services: Services) -> None:
    """A Vietnamese question gets Vietnamese framing, an English one English."""
    vi = ask(services, "Lệ phí chứng thực bản sao là bao nhiêu?")
    en = ask(services, "How many days of annual leave does a civil servant get?")
    assert vi.language == "vi" and vi.blocks[0].text == "Theo tài liệu:"
    assert en.language == "en" and en.blocks[0].text == "According to the documents:"
    miss = ask(services, "Who won the football match yesterday?")
    assert miss.blocks[0].text == "The documents in the library do not cover this question."


def test_citation_names_number_and_article(services: Services) -> None:
    """The source line carries the document's number and symbol and the article."""
    reply = ask(services, "Lệ phí đăng ký thường trú khi nộp hồ sơ trực tiếp là bao nhiêu?")
    source = next(b.text for b in reply.blocks if b.style is Style.SOURCE)
    assert "08/2025/TT-BCA" in source
    assert "Điều 7" in source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/help", "Trợ lý văn thư vanthu"),
        ("/help in English", "vanthu, the office clerk assistant"),
        ("/start", "Trợ lý văn thư vanthu"),
        ("/xoa-het", "Tôi không hiểu lệnh /xoa-het. Gõ /help để xem các lệnh."),
        ("/ask", "Bạn muốn hỏi gì? Ví dụ: /ask Thủ tục đăng ký tạm trú cần giấy tờ gì?"),
        ("/docs", "Tài liệu trong thư viện (13):"),
    ],
)
def test_commands(services: Services, text: str, expected: str) -> None:
    """Commands and unknown commands always get a clear reply."""
    assert ask(services, text).blocks[0].text == expected


def test_failure_still_gets_a_reply(
    services: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected error is logged once and the user hears about it in their language."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services.library, "search", broken)
    reply = ask(services, "How do I register?")
    assert reply.blocks[0].text.startswith("Sorry, something went wrong")
    assert [r.message for r in caplog.records] == ["failed to handle a message"]


def test_a_question_naming_an_article_gets_that_article(services: Services) -> None:
    """'dieu 6 ... 03/HD-UBND' quotes Điều 6 of that guide, typed without diacritics."""
    reply = ask(services, "dieu 6 huong dan 03/hd-ubnd quy dinh gi")
    assert reply.answer is not None and reply.answer.covered
    citation = reply.answer.quotes[0].citation
    assert (citation.number, citation.article) == ("03/HD-UBND", "Điều 6")
