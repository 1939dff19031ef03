"""Generated answers on the handler path: asked over the sample library, rendered with sources."""

from __future__ import annotations

from pathlib import Path

from handlers.ask import answer_question, render_answer
from handlers.types import Style
from retrieval.search.library import Library
from tests.retrieval.answers.cited_passages import covered_answer
from tests.retrieval.answers.openai_stand_in import StandIn, answerer
from tests.services import make_services


def test_answer_question_sets_generated_and_render_numbers_the_sources(
    server: StandIn, sample_library: Library
) -> None:
    """A covered question over the sample library is answered by the stand-in, with sources."""
    server.reply = "Lệ phí đăng ký tạm trú khi nộp trực tiếp là 15.000 đồng [1]."
    services = make_services(sample_library, writer=answerer(server))
    question = "Lệ phí đăng ký tạm trú khi nộp hồ sơ trực tiếp là bao nhiêu?"
    answer = answer_question(question, services)
    assert answer.covered
    assert answer.generated == "Lệ phí đăng ký tạm trú khi nộp trực tiếp là 15.000 đồng [1]."
    assert len(server.requests) == 1
    user = server.messages()["user"]
    assert f"[1] {answer.quotes[0].citation.title}" in user
    assert answer.quotes[0].text in user
    assert "15.000 đồng" in user
    assert "Reply in Vietnamese" in server.messages()["system"]
    assert Path(answer.quotes[0].citation.source).name == "huong-dan-dang-ky-tam-tru.txt"

    reply = render_answer(answer)
    styles = [b.style for b in reply.blocks]
    assert styles == [Style.TITLE, Style.PARAGRAPH, Style.NOTE] + [Style.ITEM] * len(answer.quotes)
    assert reply.blocks[0].text == "Trả lời (tóm tắt từ các đoạn trích dẫn):"
    assert reply.blocks[1].text == answer.generated
    assert reply.blocks[2].text == "Nguồn:"
    items = [b.text for b in reply.blocks[3:]]
    assert items[0].startswith(f"[1] {answer.quotes[0].citation.title}")
    assert "03/HD-UBND" in items[0]
    assert all(item.startswith(f"[{n}] ") for n, item in enumerate(items, start=1))
    assert not any(b.style is Style.QUOTE for b in reply.blocks)


def test_answer_question_falls_back_to_quotes_when_the_model_fails(
    server: StandIn, sample_library: Library
) -> None:
    """A 500 from the model leaves generated None and the reply quotes the documents."""
    server.status = 500
    services = make_services(sample_library, writer=answerer(server))
    answer = answer_question(
        "Lệ phí đăng ký tạm trú khi nộp hồ sơ trực tiếp là bao nhiêu?", services
    )
    assert answer.covered and answer.generated is None
    assert len(server.requests) == 1
    reply = render_answer(answer)
    assert reply.blocks[0].text == "Theo tài liệu:"
    assert any(b.style is Style.QUOTE and "15.000" in b.text for b in reply.blocks)


def test_answer_question_not_covered_does_not_call_the_model(
    server: StandIn, sample_library: Library
) -> None:
    """An out-of-scope question never reaches the model."""
    services = make_services(sample_library, writer=answerer(server))
    answer = answer_question("Who won the football match yesterday?", services)
    assert not answer.covered
    assert answer.generated is None
    assert server.requests == []


def test_render_generated_answer_in_english() -> None:
    """English framing, the generated text, then '[n] title (number), heading, page n'."""
    answer = covered_answer("en", "What is the fee?")
    answer.generated = "The fee is 15,000 dong [1]; online filing is possible [2]."
    reply = render_answer(answer)
    assert [(b.style, b.text) for b in reply.blocks] == [
        (Style.TITLE, "Answer (written from the cited passages):"),
        (Style.PARAGRAPH, answer.generated),
        (Style.NOTE, "Sources:"),
        (
            Style.ITEM,
            "[1] Hướng dẫn Thủ tục đăng ký tạm trú (03/HD-UBND), "
            "Điều 6. Lệ phí đăng ký tạm trú, page 2 · Internal",
        ),
        (
            Style.ITEM,
            "[2] Quy chế Dịch vụ công trực tuyến (12/2025/QĐ-UBND), "
            "Điều 4. Nơi nộp và hình thức nộp hồ sơ · Internal",
        ),
    ]
