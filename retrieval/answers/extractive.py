"""Grounded answers: the sentences of the retrieved passages that answer, each with its citation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from retrieval.answers.answerability import (
    Judge,
    Verdict,
    about_first,
    kind_first,
    scope_last,
    shipped_judge,
)
from retrieval.search.results import Evidence
from retrieval.text import STOPWORDS, analyze, content_terms, fold, stem_english, syllables

# A sentence ends after a word (not a clause number like "1.") and before a capital letter.
_ABBREVIATIONS = frozenset(
    "TP Tp TT TS ThS PGS GS BS KS CN Q P UBND HĐND Mr Mrs Ms Dr No St Co Ltd Inc".split()
)
_SENTENCE_END = re.compile(r"(?<=[^\W\d]{2}[.!?])\s+(?=[A-ZĐÀ-Ỹ])")


@dataclass(frozen=True)
class Citation:
    """Where a passage comes from: document, number and symbol, article, section, page."""

    title: str
    number: str | None
    heading: str
    article: str | None
    page: int | None
    source: str
    collection: str
    sensitivity: str

    @classmethod
    def of(cls, evidence: Evidence) -> Citation:
        """The citation of a retrieved passage."""
        return cls(
            evidence.title,
            evidence.number,
            evidence.heading,
            evidence.article,
            evidence.page,
            evidence.source,
            evidence.collection,
            evidence.sensitivity,
        )


@dataclass(frozen=True)
class Quote:
    """Sentences taken from one passage, in their original order."""

    text: str
    citation: Citation


@dataclass
class Answer:
    """A reply's content before rendering: quotes when covered; when not, the closest
    provisions (partial: quoted, with a warning) or the nearest documents."""

    question: str
    language: str
    covered: bool
    quotes: list[Quote] = field(default_factory=list)
    nearest: list[Citation] = field(default_factory=list)
    generated: str | None = None
    probability: float = 0.0  # the judge's, that the top passage answers
    partial: bool = False
    top: Citation | None = None  # the best passage found, whatever the verdict
    evidence: dict[str, float] = field(default_factory=dict)  # what the judge read of it

    @property
    def kind(self) -> str:
        """`answer`, `partial` or `not_covered`."""
        return "answer" if self.covered else "partial" if self.partial else "not_covered"


@dataclass(frozen=True)
class AnswerPolicy:
    """How an answer is decided and shaped: the judge (and thresholds overriding its own)."""

    judge: Judge = field(default_factory=shipped_judge)
    answer_threshold: float | None = None
    partial_threshold: float | None = None
    max_quotes: int = 2
    max_sentences: int = 3
    second_quote_margin: float = 0.1
    second_quote_coverage: float = 0.4
    whole_passage_chars: int = 1000


def coverage(question: str, passage: str, language: str = "vi") -> float:
    """Share of the question's content terms found in the passage (folded; English stemmed)."""
    terms = content_terms(question)
    if not terms:
        return 0.0
    present = set(syllables(fold(passage)))
    if language == "en":
        terms, present = stem_english(terms), set(stem_english(list(present)))
    return sum(t in present for t in terms) / len(terms)


def _sentences(line: str) -> list[str]:
    """Split a line into sentences, not after abbreviations such as "TP." or "ThS."."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(line):
        part = piece.strip()
        if sentences and sentences[-1].rsplit(" ", 1)[-1].rstrip(".") in _ABBREVIATIONS:
            sentences[-1] = f"{sentences[-1]} {part}"
        elif part:
            sentences.append(part)
    return sentences


def _units(text: str) -> list[str]:
    """The heading line whole, then lines split into sentences: the pieces an answer quotes."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    units = lines[:1]
    for line in lines[1:]:
        units.extend(_sentences(line))
    return units


def best_sentences(question: str, passage: str, limit: int) -> str:
    """The heading line plus the sentences that share most terms with the question."""
    units = _units(passage)
    if len(units) <= limit + 1:
        return "\n".join(units)
    wanted = {t for t in analyze(question) if "_" in t or t not in STOPWORDS}
    scored = []
    for position, unit in enumerate(units[1:], start=1):
        terms = set(analyze(unit))
        overlap = sum(2.0 if "_" in t else 1.0 for t in wanted & terms)
        scored.append((overlap, -position, position))
    chosen = sorted(p for _, _, p in sorted(scored, reverse=True)[:limit])
    lines, previous = [units[0]], 0
    for position in chosen:
        if position != previous + 1:
            lines.append("…")
        lines.append(units[position])
        previous = position
    return "\n".join(lines)


def _quote(question: str, passage: str, policy: AnswerPolicy) -> str:
    """A short article whole (its points belong together), a long one trimmed to its best."""
    if len(passage) <= policy.whole_passage_chars:
        return "\n".join(_units(passage))
    return best_sentences(question, passage, policy.max_sentences)


def extractive_answer(
    question: str,
    language: str,
    evidence: list[Evidence],
    idf: Callable[[list[str]], list[float]],
    policy: AnswerPolicy | None = None,
    *,
    reading: str | None = None,
) -> Answer:
    """Quote the passages that answer; quote the closest ones with a warning when the
    evidence is partial; or say the documents do not cover the question. `idf`: how rare
    each term is in the library; `reading`: the question as the judge reads it (the
    documents' words, `Rewritten.reading`), the question itself when not given."""
    policy = policy or AnswerPolicy()
    if not evidence:
        return Answer(question, language, covered=False)
    # The scope article last, the passage holding the kind of fact asked for first, and
    # before both a passage about the procedure asked for.
    read = reading or question
    evidence = kind_first(question, scope_last(read, evidence))
    evidence = about_first(read, language, evidence, idf, typed=question)
    top = evidence[0]
    judgement = policy.judge.judge(
        read,
        language,
        evidence,
        idf,
        thresholds=(policy.answer_threshold, policy.partial_threshold),
        asked=question,
    )
    answer = Answer(
        question,
        language,
        covered=False,
        probability=judgement.probability,
        top=Citation.of(top),
        evidence=judgement.features,
    )
    if judgement.verdict == Verdict.NOT_COVERED:
        # The nearest documents: one line each, not three clauses of one decree.
        first = {e.source: e for e in reversed(evidence)}
        answer.nearest = [Citation.of(e) for e in evidence if first[e.source] is e][:3]
        return answer
    answer.covered = judgement.verdict == Verdict.ANSWER
    answer.partial = not answer.covered
    answer.quotes = [Quote(_quote(question, top.text, policy), Citation.of(top))]
    top_coverage = coverage(question, top.text, language)
    for other in evidence[1 : policy.max_quotes]:
        # Fused scores are not on a fixed scale, so a second passage must earn its place by
        # covering the question about as well as the first.
        other_coverage = coverage(question, other.text, language)
        floor = max(policy.second_quote_coverage, top_coverage - policy.second_quote_margin)
        if other_coverage >= floor:
            answer.quotes.append(Quote(_quote(question, other.text, policy), Citation.of(other)))
    return answer
