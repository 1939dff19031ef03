"""Vietnamese text analysis: normalisation, folding, syllables, bigrams, language, terms."""

from __future__ import annotations

import unicodedata

import pytest

from retrieval.text import (
    STOPWORDS,
    analyze,
    content_terms,
    detect_language,
    fold,
    has_diacritics,
    normalize,
    stem_english,
    syllables,
    unique,
    with_bigrams,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- normalize ---------------------------------------------------------------------------


def test_normalize_composes_nfd_input() -> None:
    decomposed = nfd("Thủ tục đăng ký")
    assert decomposed != "Thủ tục đăng ký"  # the fixture really is decomposed
    result = normalize(decomposed)
    assert result == "Thủ tục đăng ký"
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hồ\u00a0sơ", "Hồ sơ"),  # no-break space becomes a plain space
        ("Hồ  \t sơ", "Hồ sơ"),  # runs of blanks collapse
        ("Dòng một\nDòng hai", "Dòng một\nDòng hai"),  # newlines are kept
        ("a\r\nb", "a \nb"),  # \r is a blank, the newline survives
        ("Văn\fthư\vcơ quan", "Văn thư cơ quan"),
        ("", ""),
    ],
)
def test_normalize_whitespace(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


# --- fold -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thủ tục đăng ký", "Thu tuc dang ky"),
        ("ĐĂNG KÝ KẾT HÔN", "DANG KY KET HON"),
        ("Đà Nẵng", "Da Nang"),
        ("đường Điện Biên Phủ", "duong Dien Bien Phu"),
        ("Ủy ban nhân dân", "Uy ban nhan dan"),
        ("ưu tiên ơn", "uu tien on"),
        ("Quyết định số 125/QĐ-UBND", "Quyet dinh so 125/QD-UBND"),
        ("plain ascii 123", "plain ascii 123"),
        ("", ""),
    ],
)
def test_fold_strips_vietnamese_diacritics(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_handles_decomposed_input_and_returns_nfc() -> None:
    assert fold(nfd("Thủ tục đăng ký")) == "Thu tuc dang ky"


# --- syllables, bigrams, analyze ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Điều 3. Thủ tục, đăng-ký!", ["điều", "3", "thủ", "tục", "đăng", "ký"]),
        ("HỒ SƠ   gồm", ["hồ", "sơ", "gồm"]),
        ("Số: 30/2020/NĐ-CP", ["số", "30", "2020", "nđ", "cp"]),
        ("...  ?!", []),
    ],
)
def test_syllables(text: str, expected: list[str]) -> None:
    assert syllables(text) == expected


def test_syllables_of_decomposed_text_are_whole_syllables() -> None:
    # Without NFC the combining marks would split "thủ" into pieces.
    assert syllables(nfd("Thủ tục")) == ["thủ", "tục"]


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["giay", "to", "can"], ["giay", "to", "can", "giay_to", "to_can"]),
        (["ho"], ["ho"]),
        ([], []),
    ],
)
def test_with_bigrams(tokens: list[str], expected: list[str]) -> None:
    assert with_bigrams(tokens) == expected


def test_with_bigrams_does_not_mutate_input() -> None:
    tokens = ["a", "b"]
    with_bigrams(tokens)
    assert tokens == ["a", "b"]


def test_analyze_folds_and_adds_bigrams() -> None:
    assert analyze("Giấy tờ cần thiết") == [
        "giay",
        "to",
        "can",
        "thiet",
        "giay_to",
        "to_can",
        "can_thiet",
    ]


def test_analyze_without_bigrams() -> None:
    assert analyze("Đăng ký KẾT HÔN", bigrams=False) == ["dang", "ky", "ket", "hon"]


def test_analyze_same_terms_with_and_without_diacritics() -> None:
    assert analyze("thủ tục đăng ký") == analyze("thu tuc dang ky")


# --- has_diacritics ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thủ tục", True),
        ("đ", True),
        ("Đ", True),
        ("ă", True),
        (nfd("hồ sơ"), True),
        ("thu tuc dang ky", False),
        ("DANG KY 2024", False),
        ("", False),
    ],
)
def test_has_diacritics(text: str, expected: bool) -> None:
    assert has_diacritics(text) is expected


# --- detect_language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # With diacritics: any Vietnamese letter decides.
        ("Thủ tục đăng ký kết hôn cần giấy tờ gì?", "vi"),
        ("ĐĂNG KÝ", "vi"),
        ("đ", "vi"),
        (nfd("Hồ sơ"), "vi"),
        # Vietnamese typed without diacritics.
        ("thu tuc dang ky ket hon can giay to gi", "vi"),
        ("ho so gom nhung gi", "vi"),
        ("cong dan nop o dau", "vi"),
        ("bao nhieu ngay thi duoc cap", "vi"),
        # English.
        ("What documents are needed?", "en"),
        ("How do I register a marriage?", "en"),
        ("Who must sign the decision?", "en"),
        ("What is the deadline for the report?", "en"),
        # Ties (including no markers at all) go to Vietnamese.
        ("the thu tuc", "vi"),
        ("hello world", "vi"),
        ("", "vi"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


# --- content_terms, unique -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Thời hạn giải quyết hồ sơ là bao lâu?",
            ["thoi", "han", "giai", "quyet", "ho", "so", "lau"],
        ),
        (
            "thoi han giai quyet ho so la bao lau",
            ["thoi", "han", "giai", "quyet", "ho", "so", "lau"],
        ),
        ("Ai ký quyết định số 125 năm 2024?", ["ky", "quyet", "dinh", "so", "nam"]),
        ("What documents are needed for the 2024 report?", ["documents", "needed", "report"]),
        ("Thủ tục THỦ TỤC thu tuc", ["thu", "tuc"]),
        ("Điểm a khoản 2 Điều 5 là gì?", []),  # structure words and one-letter terms
        ("là gì vậy ạ?", []),
        ("", []),
    ],
)
def test_content_terms(question: str, expected: list[str]) -> None:
    assert content_terms(question) == expected


def test_content_terms_never_returns_stopwords_or_digits() -> None:
    terms = content_terms("Cho tôi hỏi 2 thủ tục của UBND tại xã là gì ạ")
    assert terms == ["hoi", "thu", "tuc", "ubnd", "xa"]
    assert not any(t in STOPWORDS or t.isdigit() for t in terms)


def test_unique_keeps_first_seen_order() -> None:
    assert unique(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]


def test_stem_english_meets_plural_and_singular() -> None:
    assert stem_english(["citizens", "citizen", "documents"]) == ["citizen", "citizen", "document"]
    assert stem_english([]) == []
