"""Splitting Vietnamese and English text into sentences."""

from __future__ import annotations

import pytest

from retrieval.summaries.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Ông A sống tại TP. Hồ Chí Minh. Ông làm việc ở Q. 1 từ năm 2020.",
            ["Ông A sống tại TP. Hồ Chí Minh.", "Ông làm việc ở Q. 1 từ năm 2020."],
            id="place-abbreviations",
        ),
        pytest.param(
            "Báo cáo của TS. Lê Văn B và ThS. Trần C. Phó Chủ tịch ký thay (KT. Chủ tịch).",
            ["Báo cáo của TS. Lê Văn B và ThS. Trần C. Phó Chủ tịch ký thay (KT. Chủ tịch)."],
            id="titles-and-initials",
        ),
        pytest.param(
            "Văn bản do PGS.TS. Nguyễn Văn A ký. Văn bản có hiệu lực.",
            ["Văn bản do PGS.TS. Nguyễn Văn A ký.", "Văn bản có hiệu lực."],
            id="compound-degree",
        ),
        pytest.param(
            "Lệ phí là 1.250.000 đồng. Hạn nộp là 15/12/2026. Có nộp trực tuyến không?",
            ["Lệ phí là 1.250.000 đồng.", "Hạn nộp là 15/12/2026.", "Có nộp trực tuyến không?"],
            id="numbers-and-dates",
        ),
        pytest.param(
            "Điều 5. Phạm vi điều chỉnh\n1. Nghị định này quy định thủ tục.\n"
            "2. Các trường hợp:\na) Công dân Việt Nam;\nb) Người nước ngoài.",
            [
                "Điều 5. Phạm vi điều chỉnh",
                "1. Nghị định này quy định thủ tục.",
                "2. Các trường hợp:",
                "a) Công dân Việt Nam;",
                "b) Người nước ngoài.",
            ],
            id="articles-and-list-items",
        ),
        pytest.param(
            'Ông nói: "Không bao che ai cả." Sau đó ông chờ... rồi đi... Mọi người im lặng.',
            [
                'Ông nói: "Không bao che ai cả."',
                "Sau đó ông chờ... rồi đi...",
                "Mọi người im lặng.",
            ],
            id="quotes-and-ellipsis",
        ),
        pytest.param(
            "“Dân chủ muôn năm”… Bên cạnh đó, “cuộc biểu tình phi bạo lực” - CNRP tuyên bố.",
            ["“Dân chủ muôn năm”…", "Bên cạnh đó, “cuộc biểu tình phi bạo lực” - CNRP tuyên bố."],
            id="curly-quotes",
        ),
        pytest.param(
            "Hồ sơ nộp tại Bộ phận một cửa của Ủy ban nhân dân\nxã Tân Hiệp. Lệ phí 15.000 đồng.",
            [
                "Hồ sơ nộp tại Bộ phận một cửa của Ủy ban nhân dân xã Tân Hiệp.",
                "Lệ phí 15.000 đồng.",
            ],
            id="line-wrapped-by-a-pdf",
        ),
        pytest.param(
            "The fee is 15,000 VND per application. Applications may be made online.",
            ["The fee is 15,000 VND per application.", "Applications may be made online."],
            id="english",
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    """Sentence ends are found; abbreviations, numbers, headings and list items stay whole."""
    assert split_sentences(text) == expected
