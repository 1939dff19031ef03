"""Generated answers via the real langchain client against a local OpenAI-compatible stand-in.

The model's reply is accepted only when its citations check out; a failing, slow or unreachable
model gives None; the request carries the instructions and the numbered passages.
"""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from retrieval.answers.extractive import Answer
from retrieval.answers.generated import LlmAnswerer
from retrieval.llm import LlmSettings
from tests.retrieval.answers.cited_passages import (
    FEE_CITATION,
    FEE_TEXT,
    ONLINE_TEXT,
    QUESTION,
    covered_answer,
)
from tests.retrieval.answers.openai_stand_in import StandIn, answerer


def test_reply_citing_existing_passages_is_returned(server: StandIn) -> None:
    """A reply citing [1] and [2] comes back as written (stripped)."""
    server.reply = "  Lệ phí là 15.000 đồng [1]. Có thể nộp trực tuyến [2].\n"
    assert answerer(server).generate(covered_answer()) == (
        "Lệ phí là 15.000 đồng [1]. Có thể nộp trực tuyến [2]."
    )
    assert server.paths == ["/v1/chat/completions"]
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("Lệ phí là 15.000 đồng [3].", id="cites-missing-passage"),
        pytest.param("Lệ phí là 15.000 đồng [1], nộp trực tuyến [3].", id="one-bad-citation"),
        pytest.param("Lệ phí là 15.000 đồng.", id="no-citation"),
        pytest.param("NOT_COVERED", id="not-covered"),
        pytest.param("NOT_COVERED [1]", id="not-covered-with-citation"),
        pytest.param("", id="empty"),
    ],
)
def test_reply_with_bad_citations_is_rejected(server: StandIn, reply: str) -> None:
    """A reply citing nothing, a passage that does not exist, or NOT_COVERED gives None."""
    server.reply = reply
    assert answerer(server).generate(covered_answer()) is None
    assert len(server.requests) == 1  # the model was asked, its reply rejected


def test_server_error_gives_none_without_retry(server: StandIn) -> None:
    """HTTP 500 falls back to None, raises nothing, and is not retried."""
    server.status = 500
    assert answerer(server).generate(covered_answer()) is None
    assert len(server.requests) == 1


def test_slow_reply_times_out_to_none(server: StandIn) -> None:
    """A model slower than timeout_s gives None, promptly."""
    server.delay_s = 10.0
    start = time.perf_counter()
    assert answerer(server, timeout_s=0.5).generate(covered_answer()) is None
    assert time.perf_counter() - start < 5.0
    assert len(server.requests) == 1


def test_unreachable_endpoint_gives_none() -> None:
    """Nothing listening on the port: None, no exception."""
    probe = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = probe.server_address[1]
    probe.server_close()
    llm = LlmAnswerer(LlmSettings(f"http://127.0.0.1:{port}/v1", "local", timeout_s=2.0))
    assert llm.generate(covered_answer()) is None


def test_not_covered_answer_sends_no_request(server: StandIn) -> None:
    """covered=False (or no quotes) short-circuits: None, and the server hears nothing."""
    llm = answerer(server)
    not_covered = Answer(QUESTION, "vi", covered=False, nearest=[FEE_CITATION])
    assert llm.generate(not_covered) is None
    assert llm.generate(Answer(QUESTION, "vi", covered=True, quotes=[])) is None
    assert server.requests == []


@pytest.mark.parametrize(
    ("language", "reply_in"),
    [("vi", "Reply in Vietnamese"), ("en", "Reply in English")],
)
def test_request_carries_model_instructions_and_numbered_passages(
    server: StandIn, language: str, reply_in: str
) -> None:
    """Model name, the grounding instruction, the reply language and both numbered passages."""
    answerer(server).generate(covered_answer(language))
    request = server.requests[0]
    assert request["model"] == "local"
    assert request["temperature"] == 0
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    messages = server.messages()
    system, user = messages["system"], messages["user"]
    assert "using ONLY the numbered passages" in system
    assert "NOT_COVERED" in system
    assert reply_in in system
    other = "Reply in English" if language == "vi" else "Reply in Vietnamese"
    assert other not in system
    assert "[1] Hướng dẫn Thủ tục đăng ký tạm trú (03/HD-UBND)" in user
    assert "[2] Quy chế Dịch vụ công trực tuyến (12/2025/QĐ-UBND)" in user
    assert FEE_TEXT in user
    assert ONLINE_TEXT in user
    assert "[3]" not in user
    assert user.index("[1]") < user.index(FEE_TEXT) < user.index("[2]") < user.index(ONLINE_TEXT)
    assert user.rstrip().endswith(f"Question: {QUESTION}")
