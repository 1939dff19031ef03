"""The covered answer the generated-answer tests start from: two quotes, each with its citation."""

from __future__ import annotations

from retrieval.answers.extractive import Answer, Citation, Quote

FEE_TEXT = (
    "Điều 6. Lệ phí đăng ký tạm trú\n"
    "1. Lệ phí đăng ký tạm trú khi nộp hồ sơ trực tiếp là 15.000 đồng/lần đăng ký."
)
ONLINE_TEXT = (
    "Điều 4. Nơi nộp và hình thức nộp hồ sơ\n"
    "2. Công dân có thể nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia."
)
FEE_CITATION = Citation(
    title="Hướng dẫn Thủ tục đăng ký tạm trú",
    number="03/HD-UBND",
    heading="Điều 6. Lệ phí đăng ký tạm trú",
    article="Điều 6",
    page=2,
    source="huong-dan-dang-ky-tam-tru.txt",
    collection="mau",
    sensitivity="internal",
)
ONLINE_CITATION = Citation(
    title="Quy chế Dịch vụ công trực tuyến",
    number="12/2025/QĐ-UBND",
    heading="Điều 4. Nơi nộp và hình thức nộp hồ sơ",
    article="Điều 4",
    page=None,
    source="dich-vu-cong-truc-tuyen.html",
    collection="mau",
    sensitivity="internal",
)
QUESTION = "Lệ phí đăng ký tạm trú là bao nhiêu và có nộp trực tuyến được không?"


def covered_answer(language: str = "vi", question: str = QUESTION) -> Answer:
    """A covered answer with two quotes, each with its citation."""
    return Answer(
        question=question,
        language=language,
        covered=True,
        quotes=[Quote(FEE_TEXT, FEE_CITATION), Quote(ONLINE_TEXT, ONLINE_CITATION)],
        probability=0.8,
    )
