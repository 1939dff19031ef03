"""Whether the passages found answer *this* question: evidence features and a calibrated judge.

Ranking always finds something; the judge decides whether to answer with it. It reads the top
passage the way a clerk would: are the question's telling words there (weighted by how rare
they are in the library: "hộ chiếu" decides the topic, "thủ tục" does not), its word pairs,
the rarest word that is missing, how close the meaning is (the dense cosine), whether the
lexical and dense rankings agree on it, how far it stands ahead of the next passage, how
large the library is (a match stands out more easily among few passages), and whether the
question asks a kind of fact the passage has none of (how much it costs, the fine, how long
it takes: an article on the marriage-status paper that names no fee does not say what the
paper costs). A
logistic model over these features (fitted by `scripts/fit_answerability.py` on held-out
questions, shipped as `answerability.json`) gives the probability that the top passage
answers; two thresholds turn it into an answer, the closest provisions (partial), or "not
covered". A question that names an article ("Điều 5 ...") is answered with it.

A document's scope article ("Điều 1. Phạm vi điều chỉnh", "Scope") names everything its
document is about, so it matches every question on that topic in words and in meaning, yet it
answers only what the document applies to. Cited for anything else it looks authoritative and
says nothing: on the procedure-style dev set (benchmarks/procedures) most confident wrong
answers were scope articles. Unless the question asks what applies to whom, the other
passages are judged first (`scope_last`), and a scope article left on top is at most the
closest provision (partial), never the answer.

A question on how to obtain something ("hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất
gồm những gì", "documents to apply for a passport") is answered only by an article whose
document title, section or heading names that thing (`names_asked`, `about_other`). The
building-permit dossier lists the land certificate among its papers and matches the question
in words and in meaning, but it is about the permit: cited, it would tell a citizen the papers
of another procedure. When one of the next two passages names the thing, it is judged first
(`about_first`); otherwise the question is not covered.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from retrieval.search.results import Evidence
from retrieval.text import (
    STOPWORDS,
    content_terms,
    fold,
    has_diacritics,
    normalize,
    stem_english,
    syllables,
)

MODEL_FILE = Path(__file__).with_name("answerability.json")
FEATURES = (
    "coverage",
    "pair_coverage",
    "rarest_missing",
    "bm25",
    "dense",
    "agreement",
    "margin",
    "terms",
    "library",
    "kind_missing",
)
LEXICAL_FEATURES = (
    "coverage",
    "pair_coverage",
    "rarest_missing",
    "bm25",
    "margin",
    "terms",
    "library",
    "kind_missing",
)
_NEVER = "\x00"  # a term no passage holds: its idf tells the library's size
# A scope article's heading (folded, after its label), and the words of a question about scope.
_SCOPE_HEADING = re.compile(
    r"^(?:(?:dieu|article)\s+\w+\s*[.:\-\u2013\u2014]?\s*)?(?:"
    r"pham vi (?:dieu chinh|ap dung)(?: va doi tuong(?: ap dung| dieu chinh)?)?"
    r"|pham vi,? (?:va )?doi tuong(?: ap dung| dieu chinh)?"
    r"|doi tuong (?:va pham vi )?(?:ap dung|dieu chinh)"
    r"|scope(?: of application| and application)?"
    r")[\s.:]*$|^(?:article\s+\w+\s*[.:\-\u2013\u2014]?\s*)?scope and\b"
)
_ASKS_SCOPE = re.compile(
    r"\b(?:pham vi|doi tuong|dieu chinh|ai|danh cho|dung cho"
    r"|ap dung (?:cho|voi|doi voi)|(?:duoc|se|bi) ap dung"
    r"|apply to|applies|applied to|applicable|subject to|scope|cover|covers|who)\b"
)
# Kinds of fact a question can ask for (read in the folded question), and what a passage that
# gives one holds (read with its diacritics, which documents always write: folded, "dong" is
# also "động"). A question on how much it costs is not answered by an article with no amount.
_KINDS = (
    (  # money: an amount, or that there is none to pay ("kinh phí hoạt động" asks nothing)
        re.compile(
            r"\b(?:bao nhieu tien|mat bao nhieu|het bao nhieu|how much|what is the (?:fee|cost)"
            r"|is there a (?:fee|charge)|(?:fee|fees|cost|costs|charge) (?:for|of|to)"
            r"|(?:le phi|phi|chi phi|muc thu|tien)\b[^?.!]*\bbao nhieu"
            r"|(?:co|phai) (?:mat|nop|tra|dong|thu) (?:le )?phi|mien (?:le )?phi)\b"
        ),
        re.compile(
            r"\d[\d.,]*\s*(?:triệu|nghìn|ngàn|tỷ)?\s*(?:đồng|vnđ|vnd|đ\b|%)|\bmiễn"
            r"|không (?:thu|phải nộp|mất)|\bfree\b|\bno fee|without charge|\b(?:vnd|usd)\b|\$"
        ),
    ),
    (  # a fine
        re.compile(
            r"\b(?:bi phat|xu phat|muc phat|phat tien|nop phat|phat bao nhieu"
            r"|fine|fined|fines|penalty|penalties)\b"
        ),
        re.compile(r"phạt|\bfine[sd]?\b|penalt"),
    ),
    (  # a time
        re.compile(
            r"\b(?:bao lau|may (?:ngay|thang|nam|tuan|gio)|bao nhieu (?:ngay|thang|nam|tuan|gio)"
            r"|thoi han\b[^?.!]*\bbao nhieu|han chot|how long|how many (?:days|months|years)"
            r"|deadline)\b"
        ),
        re.compile(
            r"\d+\s*(?:ngày|tháng|năm|giờ|tuần)|(?:ngày|giờ) làm việc|thời hạn|trong ngày"
            r"|\b(?:days?|months?|years?|hours?|weeks?|within|deadline)\b"
        ),
    ),
)


# A question on what it takes to obtain something ("hồ sơ đề nghị cấp X gồm những gì", "làm X
# cần giấy tờ gì", "documents to apply for X"), read folded: the X. A passage whose document
# title, section and heading do not name X is about another procedure that merely lists X
# among its papers (the building-permit dossier lists the land certificate).
_OBTAIN = (
    r"(?:xin cap lai|xin cap doi|xin cap|cap lai|cap doi|cap moi|cap|xin|lam lai|lam"
    r"|dang ky|gia han|doi)"
)
_NOT_OBJECT = (
    r"(?:can|gom|thi|o|tai|mat|het|bao|nhu|co|phai|la|nhung|cho|de|khi|trong|va|duoc|khong"
    r"|ko|k|ra|tu|theo|qua|truc|online|ntn|the nao|nao|gi|roi|xong)"
)
_OBJECT = rf"((?:(?!{_NOT_OBJECT}\b)\w+[\s,?!.]+){{1,10}})"
_ASKS_OBTAIN_VI = (
    re.compile(rf"\bthu tuc {_OBTAIN}\s+{_OBJECT}"),
    re.compile(
        rf"\b(?:thanh phan )?ho so(?: de nghi)? {_OBTAIN}\s+{_OBJECT}"
        r"(?:gom|bao gom|can|co|la)(?: nhung| cac)? (?:gi|giay to)\b"
    ),
    re.compile(
        rf"\b{_OBTAIN}\s+{_OBJECT}(?:thi )?(?:can|gom|phai|nop)(?: phai)?"
        r"(?: nop| chuan bi| xuat trinh| co)?(?: nhung| cac)?"
        r" (?:giay to|ho so|thanh phan ho so|gi)\b"
    ),
)
# English: only the papers asked for ("what documents do I need to apply for X"); "how do I
# get married", "extend my visa" name no paper the way a title would.
_ASKS_OBTAIN_EN = (
    re.compile(
        r"\b(?:documents?|papers?|dossier)\b[^?.!]{0,60}?\b(?:apply for|obtain|register)\s+"
        r"(?:a |an |the |my |our )?"
        r"((?:(?!(?:in|at|from|for|and|if|when|with|to|by|of|on|is|are|online)\b)"
        r"[a-z][a-z'-]*\s*){1,4})"
    ),
)
# Not asked for the papers or steps but for a fee, a fine, a time or a place: a fee table or a
# list of offices, in a document of its own, need not name the paper the way the question does.
_ASKS_DETAIL = re.compile(r"\b(?:o dau|noi nao|khi nao|where|when)\b")
# The share of X's weight (idf) they must name for the passage to be about X.
NAMED_SHARE = 1 / 3
# A question on how to obtain something is short: longer text is not read for it.
_ASKED_CHARS = 300


class Verdict(StrEnum):
    """The three kinds of reply."""

    ANSWER = "answer"
    PARTIAL = "partial"
    NOT_COVERED = "not_covered"


@dataclass(frozen=True)
class Judgement:
    """The verdict, the probability it comes from and the features read."""

    verdict: Verdict
    probability: float
    features: dict[str, float]


@dataclass(frozen=True)
class Model:
    """Logistic weights over named features, and the two thresholds on its probability."""

    weights: dict[str, float]
    intercept: float
    answer: float
    partial: float

    def probability(self, features: dict[str, float]) -> float:
        """The model's probability that the top passage answers."""
        z = self.intercept + sum(w * features[name] for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class Judge:
    """The fitted models: with dense scores (hybrid) and without (a lexical-only library)."""

    hybrid: Model
    lexical: Model

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> Judge:
        """Read the shipped (or a refitted) model file."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(_model(data["hybrid"]), _model(data["lexical"]))

    def judge(
        self,
        question: str,
        language: str,
        evidence: Sequence[Evidence],
        idf: Callable[[list[str]], list[float]],
        *,
        thresholds: tuple[float | None, float | None] = (None, None),
        asked: str | None = None,
    ) -> Judgement:
        """The verdict on answering `question` with `evidence[0]`; `thresholds` (answer,
        partial) override the model's; `asked`, as `features` says."""
        if not evidence:
            return Judgement(Verdict.NOT_COVERED, 0.0, {})
        found = features(question, language, evidence, idf, asked=asked)
        if evidence[0].referenced:
            return Judgement(Verdict.ANSWER, 1.0, found)
        model = self.hybrid if evidence[0].dense_score is not None else self.lexical
        p = model.probability(found)
        if about_other(question, language, evidence[0], idf, typed=asked):
            # Shown with the features (`vanthu ask --json`): why a likely match is not cited.
            return Judgement(Verdict.NOT_COVERED, p, {**found, "about_other": 1.0})
        answer = model.answer if thresholds[0] is None else thresholds[0]
        partial = model.partial if thresholds[1] is None else thresholds[1]
        if p >= answer and not is_scope_only(question, evidence[0]):
            return Judgement(Verdict.ANSWER, p, found)
        return Judgement(Verdict.PARTIAL if p >= partial else Verdict.NOT_COVERED, p, found)


def _model(data: dict[str, object]) -> Model:
    weights = data["weights"]
    assert isinstance(weights, dict)
    return Model(
        {str(k): float(v) for k, v in weights.items()},
        float(str(data["intercept"])),
        float(str(data["answer"])),
        float(str(data["partial"])),
    )


@cache
def shipped_judge() -> Judge:
    """The judge shipped with the code, read once."""
    return Judge.load()


def is_scope_only(question: str, top: Evidence) -> bool:
    """Whether `top` is a scope article and the question does not ask about scope."""
    return bool(_SCOPE_HEADING.match(fold(top.heading).lower())) and not _ASKS_SCOPE.search(
        fold(question).lower()
    )


def scope_last(question: str, evidence: list[Evidence]) -> list[Evidence]:
    """The passages with the scope articles put after the others when the question does not
    ask about scope: the article that answers is judged and quoted, not the one that only
    names the topic."""
    scope = [e for e in evidence if is_scope_only(question, e)]
    if not scope or len(scope) == len(evidence) or evidence[0] not in scope:
        return evidence

    def ahead(rank: int | None, ranks: list[int | None]) -> int | None:
        return None if rank is None else rank - sum(r is not None and r < rank for r in ranks)

    # The others keep their order, each ranked as if the scope articles were not in the lists.
    others = [
        dataclasses.replace(
            e,
            bm25_rank=ahead(e.bm25_rank, [s.bm25_rank for s in scope]),
            dense_rank=ahead(e.dense_rank, [s.dense_rank for s in scope]),
        )
        for e in evidence
        if e not in scope
    ]
    return others + scope


def lacks_kind(question: str, passage: Evidence) -> bool:
    """Whether `question` asks a kind of fact (an amount, a fine, a time) `passage` has none of."""
    asked = fold(question).lower()
    text = normalize(f"{passage.heading}\n{passage.text}").lower()
    return any(q.search(asked) and not p.search(text) for q, p in _KINDS)


def kind_first(question: str, evidence: list[Evidence], within: int = 3) -> list[Evidence]:
    """The passages with, when the top one lacks the kind of fact asked for ("hết bao nhiêu
    tiền": no amount) and one of the next `within` holds it, that one first: the fee article
    is judged and quoted, not the procedure article above it that names no fee."""
    return _promote(
        evidence,
        lambda e: lacks_kind(question, e),
        lambda e: not lacks_kind(question, e),
        within,
    )


def _promote(
    evidence: list[Evidence],
    wrong: Callable[[Evidence], bool],
    right: Callable[[Evidence], bool],
    within: int,
) -> list[Evidence]:
    """The passages with, when the top one is `wrong`, the first of the next `within - 1`
    that is `right` moved to the top; as found otherwise."""
    if len(evidence) < 2 or not wrong(evidence[0]):
        return evidence
    for at, passage in enumerate(evidence[1:within], start=1):
        if right(passage):
            return [passage, *evidence[:at], *evidence[at + 1 :]]
    return evidence


def asked_object(question: str, language: str) -> list[str]:
    """The telling syllables (lower case, as typed) of what the question asks how to obtain,
    none when it asks no such thing: "hồ sơ cấp giấy chứng nhận quyền sử dụng đất gồm những
    gì" gives giấy chứng nhận quyền sử dụng đất; "documents to apply for a passport",
    passport; "hồ sơ khai sinh được lưu ở đâu" (not how to obtain it), none."""
    typed = f"{normalize(question[:_ASKED_CHARS]).lower()} "
    folded = fold(typed)  # the patterns find the span, the words are read as typed
    if _ASKS_DETAIL.search(folded) or any(kind.search(folded) for kind, _ in _KINDS):
        return []
    if len(folded) != len(typed):  # a mark no letter takes: offsets would not line up
        typed = folded
    for pattern in _ASKS_OBTAIN_EN if language == "en" else _ASKS_OBTAIN_VI:
        if match := pattern.search(folded):
            words = syllables(typed[match.start(1) : match.end(1)])
            # The phrase ends at a function word; inside it, folded "sổ đỏ" is "so do". In
            # English "the", "a" and the "s" of "guest's" tell nothing.
            terms = [w for w in words if language == "vi" or (w not in STOPWORDS and len(w) > 1)]
            if len(terms) >= (1 if language == "en" else 2):
                return terms
    return []


def names_asked(
    question: str,
    language: str,
    passage: Evidence,
    idf: Callable[[list[str]], list[float]],
    *,
    typed: str | None = None,
) -> bool | None:
    """Whether the passage's document title, section and heading name what the question asks
    how to obtain (at least NAMED_SHARE of its idf weight), in the question's reading or as
    `typed` (a title may say "sổ đỏ" where the reading says "giấy chứng nhận quyền sử dụng
    đất"). None when words cannot tell: the question asks no such thing, the passage is no
    article with a heading of its own (a window of a guide without articles, headed by the
    document's title), or it is in the other language."""
    if passage.article is None:
        return None
    naming = f"{passage.title}\n{passage.section or ''}\n{passage.heading}"
    objects = [t for t in (asked_object(q, language) for q in {question, typed or question}) if t]
    if not objects or has_diacritics(naming) == (language == "en"):
        return None
    return any(_named_share(terms, naming, language, idf) >= NAMED_SHARE for terms in objects)


def about_other(
    question: str,
    language: str,
    passage: Evidence,
    idf: Callable[[list[str]], list[float]],
    *,
    typed: str | None = None,
) -> bool:
    """Whether the question asks how to obtain something the passage does not name, so that
    the passage is about another procedure (`names_asked` is False)."""
    return names_asked(question, language, passage, idf, typed=typed) is False


def _named_share(
    terms: list[str], naming: str, language: str, idf: Callable[[list[str]], list[float]]
) -> float:
    """The share of the terms' idf weight that `naming` holds. A word typed with diacritics
    is matched with them ("sử dụng" is not "xây dựng"), one typed without, folded."""
    if language == "en":
        stems = set(stem_english(syllables(naming)))
        found = [s in stems for s in stem_english(terms)]
    else:
        exact, folded = set(syllables(naming)), set(syllables(fold(naming)))
        found = [t in exact if has_diacritics(t) else t in folded for t in terms]
    return _share(idf([fold(t) for t in terms]), found)


def about_first(
    question: str,
    language: str,
    evidence: list[Evidence],
    idf: Callable[[list[str]], list[float]],
    within: int = 3,
    *,
    typed: str | None = None,
) -> list[Evidence]:
    """The passages with, when the top one is about another procedure than the one asked
    for (`about_other`) and one of the next `within` names it, that one first."""
    return _promote(
        evidence,
        lambda e: about_other(question, language, e, idf, typed=typed),
        lambda e: names_asked(question, language, e, idf, typed=typed) is True,
        within,
    )


def question_terms(question: str) -> tuple[list[str], list[str]]:
    """The question's telling syllables (folded, no function words) and its adjacent pairs
    of them, as the index spells terms (`a_b`)."""
    words = syllables(fold(question))
    terms = content_terms(question)
    pairs = [
        f"{a}_{b}"
        for a, b in itertools.pairwise(words)
        if a not in STOPWORDS and b not in STOPWORDS and not (a.isdigit() and b.isdigit())
    ]
    return terms, list(dict.fromkeys(pairs))


def features(
    question: str,
    language: str,
    evidence: Sequence[Evidence],
    idf: Callable[[list[str]], list[float]],
    *,
    asked: str | None = None,
) -> dict[str, float]:
    """What the judge reads of the top passage (see the module's docstring). The kind of fact
    asked for is read in `asked` when given: the question as typed, whose "bao nhiêu tiền"
    the documents' words ("lệ phí") no longer hold."""
    top = evidence[0]
    terms, pairs = question_terms(question)
    words = syllables(fold(f"{top.title}\n{top.heading}\n{top.text}"))
    present = set(words) | {f"{a}_{b}" for a, b in itertools.pairwise(words)}
    if language == "en":  # "citizens" meets "citizen"
        stems = set(stem_english([w for w in present if "_" not in w]))
        found = [s in stems for s in stem_english(terms)]
    else:
        found = [t in present for t in terms]
    *weights, unseen = idf([*terms, *pairs, _NEVER])
    term_w, pair_w = weights[: len(terms)], weights[len(terms) :]
    ceiling = max(term_w, default=0.0) or 1.0
    coverage = _share(term_w, found)
    missing = [w for w, ok in zip(term_w, found, strict=True) if not ok]
    second = evidence[1].score if len(evidence) > 1 else 0.0
    return {
        "coverage": coverage,
        "pair_coverage": _share(pair_w, [p in present for p in pairs]) if pairs else coverage,
        "rarest_missing": max(missing, default=0.0) / ceiling,
        # BM25 against what the question's own words would score at most (tf saturated).
        "bm25": top.bm25_score / (sum(weights) or 1.0),
        "dense": top.dense_score or 0.0,
        "agreement": (_inverse(top.bm25_rank) + _inverse(top.dense_rank)) / 2,
        "margin": top.score - second,
        "terms": math.log1p(len(terms)),
        # log(2n + 2) for n passages: in a small library a match stands out more easily.
        "library": unseen,
        # The question asks a kind of fact (a fee, a fine, a time) the passage has none of.
        "kind_missing": float(lacks_kind(asked or question, top)),
    }


def _share(weights: list[float], found: list[bool]) -> float:
    total = sum(weights)
    return sum(w for w, ok in zip(weights, found, strict=True) if ok) / total if total else 0.0


def _inverse(rank: int | None) -> float:
    return 1.0 / rank if rank else 0.0
