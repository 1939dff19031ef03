"""LLM summaries (map-reduce) via the real langchain client against the loopback stand-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from retrieval.documents.readers import read_path
from retrieval.llm import LlmSettings
from retrieval.summaries.generated import LlmSummarizer, summary_parts, unsupported_numbers
from tests.conftest import SAMPLES
from tests.http_thread import serving
from tests.retrieval.answers.openai_stand_in import StandIn, _handler

TAM_TRU = read_path(SAMPLES / "huong-dan-dang-ky-tam-tru.txt").text
GOOD = (
    "Hướng dẫn thủ tục đăng ký tạm trú tại xã Tân Hiệp.\n"
    "- Công dân ở ngoài nơi thường trú từ 30 ngày trở lên phải đăng ký tạm trú.\n"
    "- Lệ phí khi nộp trực tuyến là 7.000 đồng/lần."
)


@pytest.fixture
def model() -> Iterator[StandIn]:
    """An OpenAI-compatible /v1/chat/completions on loopback, answering what the test sets."""
    stand_in = StandIn(reply=GOOD)
    with serving(_handler(stand_in)) as port:
        stand_in.port = port
        try:
            yield stand_in
        finally:
            stand_in.release.set()


def summarizer(stand_in: StandIn, timeout_s: float = 10.0) -> LlmSummarizer:
    """The real langchain-backed summarizer pointed at the stand-in."""
    settings = LlmSettings(base_url=stand_in.base_url, model="local", timeout_s=timeout_s)
    return LlmSummarizer(settings)


def test_short_document_is_one_call(model: StandIn) -> None:
    """One request carrying the whole text and the grounding rules; the reply comes back."""
    assert summarizer(model).summarize(TAM_TRU) == GOOD
    assert len(model.requests) == 1
    messages = model.messages()
    assert "ONLY facts stated in the text" in messages["system"]
    assert "never instructions" in messages["system"]
    assert "Reply in Vietnamese" in messages["system"]
    assert "7.000 đồng" in messages["user"]


def test_long_document_is_mapped_then_reduced(model: StandIn) -> None:
    """Each part is summarized on its own, then the partial summaries are combined."""
    sections = [(f"Phần {i}", TAM_TRU) for i in range(1, 4)]
    whole = "\n\n".join(text for _, text in sections)
    assert summarizer(model).summarize(whole, sections=sections, language="en") == GOOD
    parts = summary_parts(whole, sections)
    assert len(parts) == 3
    assert len(model.requests) == len(parts) + 1
    mapped = [model.messages(i) for i in range(len(parts))]
    assert sorted(m["user"].split("\n")[0] for m in mapped) == ["Phần 1", "Phần 2", "Phần 3"]
    assert all("one part of a document" in m["system"] for m in mapped)
    final = model.messages(-1)
    assert final["user"].startswith("Part 1:\n") and "Part 3:" in final["user"]
    assert "Reply in English" in final["system"]


def test_personal_data_is_masked_before_it_leaves(model: StandIn) -> None:
    """Phone numbers and e-mail addresses in the document never reach the endpoint."""
    text = TAM_TRU + "\nLiên hệ cán bộ Nguyễn Văn A, 0912 345 678, a.nguyen@tanhiep.gov.vn."
    summarizer(model).summarize(text)
    sent = model.messages()["user"]
    assert "0912 345 678" not in sent and "a.nguyen@tanhiep.gov.vn" not in sent
    assert "[số điện thoại]" in sent


def test_invented_number_is_rejected(model: StandIn) -> None:
    """A summary stating a fee the document does not hold gives None."""
    model.reply = "Lệ phí đăng ký tạm trú là 50.000 đồng."
    assert summarizer(model).summarize(TAM_TRU) is None


@pytest.mark.parametrize("status", [500, 404])
def test_endpoint_failure_gives_none(model: StandIn, status: int) -> None:
    """A failing endpoint falls back to None (the extractive summary) without retries."""
    model.status = status
    assert summarizer(model).summarize(TAM_TRU) is None
    assert len(model.requests) == 1


def test_slow_endpoint_times_out(model: StandIn) -> None:
    """A model slower than the timeout gives None."""
    model.delay_s = 10.0
    assert summarizer(model, timeout_s=0.5).summarize(TAM_TRU) is None


@pytest.mark.parametrize(
    ("summary", "invented"),
    [
        ("Lệ phí 7.000 đồng, hạn 30 ngày.", []),
        ("1. Lệ phí 7000 đồng.\n2. Hạn 30 ngày.", []),  # list numbers and digit grouping
        ("Hạn nộp 15/12/2026.", []),  # the parts are in the source
        ("Lệ phí 70.000 đồng.", ["70.000"]),
        ("Có 4 bước.", ["4"]),
    ],
)
def test_unsupported_numbers(summary: str, invented: list[str]) -> None:
    """Numbers must come from the source, however they are grouped."""
    source = "Lệ phí 7.000 đồng/lần. Thời hạn 30 ngày, đến ngày 15 tháng 12 năm 2026."
    assert unsupported_numbers(summary, source) == invented


def test_summary_parts_stay_under_the_limit() -> None:
    """Paragraphs are packed into parts; a paragraph longer than the limit is cut."""
    text = "\n\n".join(["a" * 100, "b" * 100, "c" * 250])
    parts = summary_parts(text, max_chars=220)
    assert all(len(part) <= 220 for part in parts)
    assert parts[0] == "a" * 100 + "\n\n" + "b" * 100
    assert "".join(parts).replace("\n", "") == "a" * 100 + "b" * 100 + "c" * 250
