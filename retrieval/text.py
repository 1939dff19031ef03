"""Vietnamese-aware text analysis: normalisation, diacritic folding, syllables and bigrams."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f]")
_VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
# Function syllables common in Vietnamese typed without diacritics and rare in English.
_VI_PLAIN_MARKERS = frozenset(
    "cua la va cho nhung gi nao khong duoc can thu tuc o tai ve cac mot nguoi bao "
    "nhieu lam the nay thi phai co cong dan giay to ngay trong khi neu hay nhu ai "
    "dau sao".split()
)
_EN_MARKERS = frozenset(
    "the a an of to is are what which how who when where do does can for in on with "
    "by be must should i my we our you your and or it this that from".split()
)


# Invisible format characters (zero-width spaces, BOMs, soft hyphens, direction marks).
_FORMAT = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def normalize(text: str) -> str:
    """NFC-normalise, drop invisible format characters, collapse runs of spaces."""
    text = _FORMAT.sub("", unicodedata.normalize("NFC", text)).replace("\u00a0", " ")
    return re.sub(r"[ \t\r\f\v]+", " ", text)


def fold(text: str) -> str:
    """Strip Vietnamese diacritics: 'Thủ tục đăng ký' -> 'Thu tuc dang ky'."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = _COMBINING.sub("", decomposed).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", stripped)


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (Vietnamese words are written syllable by syllable)."""
    return _WORD.findall(normalize(text).lower())


def with_bigrams(tokens: list[str]) -> list[str]:
    """The tokens followed by their adjacent pairs, which stand in for compound words."""
    return tokens + [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]


def analyze(text: str, *, bigrams: bool = True) -> list[str]:
    """Index terms: folded syllables plus, optionally, folded syllable bigrams."""
    tokens = syllables(fold(text))
    return with_bigrams(tokens) if bigrams else tokens


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese diacritic."""
    return fold(text) != text


def detect_language(text: str) -> str:
    """'vi' or 'en' for a short chat message; Vietnamese wins ties."""
    lowered = normalize(text).lower()
    if any(ch in _VIETNAMESE_LETTERS for ch in lowered):
        return "vi"
    words = _WORD.findall(lowered)
    english = sum(w in _EN_MARKERS for w in words)
    vietnamese = sum(w in _VI_PLAIN_MARKERS for w in words)
    return "en" if english > vietnamese else "vi"


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))


# Folded function words that carry no topic; used to judge whether a passage covers a question.
STOPWORDS = frozenset(
    "la cua va cac nhung cho duoc khong co gi nao bao nhieu the nay thi ma o tai "
    "trong theo ve voi mot nhu neu khi hay hoac da se can phai bi tu den ra vao "
    "len do ai dau sao toi minh chung em anh chi ban a oi nhe vay roi an of to is "
    "are was were what which how who when where does could for in on with by be been "
    "must should i my we our you your and or it this that from at as if any please "
    "tell me about "
    # Structure words: "Điều 1" in a question names a place, it is not a topic.
    "dieu khoan diem chuong article clause section chapter".split()
)


def content_terms(text: str) -> list[str]:
    """Folded syllables of a question without function words."""
    return unique(
        t for t in syllables(fold(text)) if len(t) > 1 and t not in STOPWORDS and not t.isdigit()
    )


def topic_terms(text: str) -> list[str]:
    """Content syllables of a question and their adjacent pairs ("tam tru"), to group topics."""
    terms = content_terms(text)
    return terms + [f"{a} {b}" for a, b in itertools.pairwise(terms)]


@cache
def _english_stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def stem_english(words: list[str]) -> list[str]:
    """Snowball stems, so that 'citizens' meets 'citizen' (English text only)."""
    return list(_english_stemmer().stemWords(words))
