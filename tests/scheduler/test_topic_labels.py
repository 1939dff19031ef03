"""Topic labels read as Vietnamese: whole words, never a piece of one ("thuế sử" of "thuế sử
dụng đất"), never ending on a function word, spelled as a question of the group typed it."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest

from retrieval.records.period import QuestionRow
from retrieval.text import fold, topic_terms
from scheduler.topics import gaps_and_topics
from tests.scheduler.topic_questions import MATTERS, NEAR_MATTERS, NO_MATTER

NOW = datetime(2025, 3, 12, 1, tzinfo=UTC)
QUESTIONS = [q for questions in MATTERS.values() for q in questions] + NEAR_MATTERS + NO_MATTER

WORDS = [
    "sử dụng", "phi nông nghiệp", "nông nghiệp", "hộ chiếu", "phổ thông", "đăng ký", "tạm trú",
    "thường trú", "khai sinh", "giấy phép", "xây dựng", "chứng thực", "bản sao", "bản chính",
    "trợ cấp", "thất nghiệp", "lái xe", "thủ tục", "lệ phí", "hồ sơ", "giấy tờ", "bao nhiêu",
    "bao lâu", "thế nào", "nguyên đán", "hôm nay", "năm nay", "sinh viên", "nhà trọ", "thuê trọ",
    "trẻ em", "miễn giảm", "trường hợp", "giá thú", "bệnh viện", "nước ngoài", "bưu điện",
    "giá trị", "học bạ", "việc làm", "nghỉ việc", "điều chỉnh", "gia hạn", "nông thôn",
    "riêng lẻ", "thời hạn", "hết hạn", "dịch vụ", "hà nội", "thời tiết", "ngày mai", "trích lục",
    "bảo hiểm", "y tế", "giá vàng", "trực tuyến", "lần đầu",
]  # fmt: skip
"""Words of two syllables or more in the questions, as a reader cuts them: a label holds the
whole of each or none of it."""
FUNCTION_WORDS = {"của", "cho", "và", "thì", "là", "được", "có", "không", "ko", "ở", "bị"}
WRITTEN_OUT = {"đk": "đăng ký"}  # an abbreviation, read (and named) as the words it stands for


def _row(question: str, hours_ago: int = 0) -> QuestionRow:
    """A question asked once and not answered, its terms as the ask handler stores them."""
    at = NOW - timedelta(hours=hours_ago)
    return QuestionRow(question, tuple(topic_terms(question)), 1, 1, at, at, at)


def _syllables(text: str) -> list[str]:
    """Syllables in lower case, abbreviations ("đk") written out as labels write them."""
    typed = re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())
    return " ".join(WRITTEN_OUT.get(word, word) for word in typed).split(" ")


def _whole_words_of(label: str, question: str) -> bool:
    """True when the label stands in the question (folded) without cutting any of `WORDS`."""
    wanted, said = [fold(s) for s in _syllables(label)], [fold(s) for s in _syllables(question)]
    words = [[fold(s) for s in _syllables(word)] for word in WORDS]
    spans = [
        (i, i + len(word))
        for word in words
        for i in range(len(said))
        if said[i : i + len(word)] == word
    ]

    def cuts(at: int, start: int, end: int) -> bool:
        return start < at < end or start < at + len(wanted) < end

    return any(
        said[at : at + len(wanted)] == wanted
        and not any(cuts(at, start, end) for start, end in spans)
        for at in range(len(said))
    )


def _typed_in(label: str, questions: list[str]) -> bool:
    """True when the label is written, diacritics and all, in one of the questions."""
    written = f" {' '.join(_syllables(label))} "
    return any(written in f" {' '.join(_syllables(q))} " for q in questions)


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        (
            "Mức thu thuế sử dụng đất phi nông nghiệp năm nay là bao nhiêu?",
            {"thuế sử dụng đất", "mức thu thuế sử dụng đất"},
        ),
        (
            "muc thu thue su dung dat phi nong nghiep la bao nhieu",
            {"thue su dung dat", "muc thu thue su dung dat"},
        ),
        (
            "Thủ tục cấp hộ chiếu phổ thông lần đầu cần những gì?",
            {"hộ chiếu phổ thông", "cấp hộ chiếu phổ thông"},
        ),
        ("cap ho chieu pho thong mat bao lau", {"ho chieu pho thong", "cap ho chieu pho thong"}),
        ("Cấp lại hộ chiếu phổ thông bị mất ở đâu?", {"hộ chiếu phổ thông"}),
        ("Chứng thực bản sao học bạ ở phường được không?", {"chứng thực bản sao"}),
        ("chung thuc ban sao mat phi bao nhieu", {"chung thuc ban sao", "chung thuc"}),
        ("Hồ sơ hưởng trợ cấp thất nghiệp gồm những gì?", {"trợ cấp thất nghiệp"}),
        ("tro cap that nghiep duoc bao nhieu tien", {"tro cap that nghiep"}),
        ("Lịch nghỉ Tết Nguyên đán năm nay thế nào?", {"nghỉ tết nguyên đán", "tết nguyên đán"}),
    ],
)
def test_a_question_alone_is_named_by_whole_words(question: str, labels: set[str]) -> None:
    """A question asked once is its own topic, named by a phrase of it that cuts no word."""
    gaps, _ = gaps_and_topics([_row(question)])
    assert gaps[0].label in labels


@pytest.mark.parametrize("question", QUESTIONS)
def test_no_label_cuts_a_word_or_ends_on_a_function_word(question: str) -> None:
    """Whatever the question, its label holds whole words, starts and ends on a word that
    carries meaning, and keeps the diacritics the question was typed with."""
    label = gaps_and_topics([_row(question)])[0][0].label
    assert label
    assert _whole_words_of(label, question), label
    words = label.split(" ")
    assert words[0] not in FUNCTION_WORDS and words[-1] not in FUNCTION_WORDS, label
    assert _typed_in(label, [question]), label


GROUP_LABELS = {
    "thuế sử dụng đất": {
        "thuế sử dụng đất",
        "mức thu thuế sử dụng đất",
        "thuế sử dụng đất phi nông nghiệp",
    },
    "hộ chiếu phổ thông": {"hộ chiếu phổ thông", "cấp hộ chiếu phổ thông"},
    "đăng ký tạm trú": {"đăng ký tạm trú"},
    "đăng ký khai sinh": {"đăng ký khai sinh"},
    "giấy phép xây dựng": {"giấy phép xây dựng", "xin giấy phép xây dựng"},
    "chứng thực bản sao": {"chứng thực bản sao"},
    "trợ cấp thất nghiệp": {"trợ cấp thất nghiệp", "hưởng trợ cấp thất nghiệp"},
    "đổi giấy phép lái xe": {"giấy phép lái xe", "đổi giấy phép lái xe"},
}


@pytest.mark.parametrize("matter", list(MATTERS))
def test_a_matter_asked_eight_ways_is_one_topic_named_with_diacritics(matter: str) -> None:
    """Eight wordings of one matter, with and without diacritics, formal and colloquial, make
    one topic named by the matter as a question typed it with diacritics."""
    questions = MATTERS[matter]
    gaps, _ = gaps_and_topics([_row(q, hours) for hours, q in enumerate(questions)])
    assert [gap.count for gap in gaps] == [len(questions)]
    assert gaps[0].label in GROUP_LABELS[matter]
    assert _typed_in(gaps[0].label, questions)


@pytest.mark.parametrize(
    ("questions", "label"),
    [
        (
            [
                "thue su dung dat phi nong nghiep nop o dau vay",
                "cach tinh thue su dung dat phi nong nghiep cho dat o",
                "muc thu thue su dung dat phi nong nghiep la bao nhieu",
            ],
            "thue su dung dat phi nong nghiep",
        ),
        (
            [
                "cap ho chieu pho thong mat bao lau",
                "ho chieu pho thong het han thi cap lai the nao",
            ],
            "ho chieu pho thong",
        ),
        (
            ["chung thuc ban sao mat phi bao nhieu", "co the chung thuc ban sao o buu dien khong"],
            "chung thuc",
        ),
        (
            ["doi giay phep lai xe o dau", "doi giay phep lai xe can giay to gi"],
            "doi giay phep lai xe",
        ),
    ],
)
def test_a_group_typed_without_diacritics_is_named_by_whole_words(
    questions: list[str], label: str
) -> None:
    """Without diacritics anywhere, words are read from the dictionary, folded: the label
    still holds whole words ("ban sao" of "chung thuc ban sao" is no word until a question
    typed with diacritics shows it is one, so it is left out rather than guessed)."""
    gaps, _ = gaps_and_topics([_row(q, hours) for hours, q in enumerate(questions)])
    assert [(gap.label, gap.count) for gap in gaps] == [(label, len(questions))]
