"""Answers measured on held-out questions: can the bot tell when the library cannot answer?

From a BEIR set, a share of the questions is held out and what they need is taken out of the
library: their relevant articles (`article`), or every article of their documents (`document`:
the topic is absent). Every question is then asked through the chat's own answering code, and
each reply is one of: answered with a relevant citation, answered with a wrong one, the closest
provisions (partial), or not covered. The same questions are scored for "always answer with
the top passage" in the same run, for comparison.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from retrieval.answers.extractive import Answer
from retrieval.search.corpus import corpus_id
from retrieval.search.evaluate import BeirSet, split_id

Removal = Literal["article", "document"]
OUTCOMES = ("right", "wrong", "partial", "not_covered")


@dataclass(frozen=True)
class HeldOut:
    """What the library keeps, and which questions it can answer and cannot."""

    keep: frozenset[str]
    answerable: dict[str, set[str]]  # question id -> its relevant articles, all kept
    unanswerable: list[str]  # every relevant article (or document) taken out
    left_aside: int  # kept questions that lost part of what they need to a held-out one


def hold_out(data: BeirSet, remove: Removal, fraction: float, seed: int) -> HeldOut:
    """Take out what a random `fraction` of the questions needs: their relevant articles, or
    whole documents (drawn at random until that share of questions has lost all of theirs).
    A kept question that loses part of what it needs is counted in neither half."""
    questions = sorted(data.qrels)
    wanted = round(len(questions) * fraction)
    if remove == "article":
        random.Random(seed).shuffle(questions)
        held = set(questions[:wanted])
        removed = {cid for q in held for cid in data.qrels[q]}
    else:
        documents = sorted({split_id(cid)[0] for q in questions for cid in data.qrels[q]})
        random.Random(seed).shuffle(documents)
        gone: set[str] = set()
        held = set()
        for document in documents:
            if len(held) >= wanted:
                break
            gone.add(document)
            held = {q for q in questions if {split_id(c)[0] for c in data.qrels[q]} <= gone}
        removed = {cid for cid in data.corpus_ids if split_id(cid)[0] in gone}
    keep = frozenset(cid for cid in data.corpus_ids if cid not in removed)
    kept = [q for q in sorted(data.qrels) if q not in held]
    answerable = {q: data.qrels[q] for q in kept if data.qrels[q] <= keep}
    return HeldOut(keep, answerable, sorted(held), len(kept) - len(answerable))


def small_library(data: BeirSet, questions: int, articles: int, seed: int) -> BeirSet:
    """A small office's library drawn from a large set: `questions` random questions, their
    relevant articles and random others up to `articles` (for fitting the judge on libraries
    of the sample's size, where a match stands out more easily)."""
    rng = random.Random(seed)
    asked = rng.sample(sorted(data.qrels), min(questions, len(data.qrels)))
    chosen = {cid for q in asked for cid in data.qrels[q]}
    others = [cid for cid in data.corpus_ids if cid not in chosen]
    chosen |= set(rng.sample(others, max(0, min(len(others), articles - len(chosen)))))
    pairs = [(c, t) for c, t in zip(data.corpus_ids, data.corpus_texts, strict=True) if c in chosen]
    return BeirSet(
        f"{data.name}-small{seed}",
        [c for c, _ in pairs],
        [t for _, t in pairs],
        {q: data.queries[q] for q in asked},
        {q: data.qrels[q] for q in asked},
        data.digest,
        data.titles,
    )


def outcome(answer: Answer, relevant: set[str]) -> str:
    """How one reply fares against the relevant articles."""
    if answer.kind == "not_covered":
        return "not_covered"
    if answer.kind == "partial":
        return "partial"
    cited = {corpus_id(q.citation.number, q.citation.article) for q in answer.quotes}
    return "right" if cited & relevant else "wrong"


def top_outcome(answer: Answer, relevant: set[str]) -> str:
    """The same for "always answer with the top passage"."""
    if answer.top is None:
        return "not_covered"
    return "right" if corpus_id(answer.top.number, answer.top.article) in relevant else "wrong"


@dataclass
class Tally:
    """Counts of outcomes of one half, for the bot and for the top-passage baseline."""

    questions: int = 0
    bot: Counter[str] = field(default_factory=Counter)
    top: Counter[str] = field(default_factory=Counter)

    def shares(self, which: Literal["bot", "top"]) -> dict[str, float]:
        """Each outcome's share of this half's questions."""
        counts = self.bot if which == "bot" else self.top
        total = max(1, self.questions)
        return {o: round(counts[o] / total, 4) for o in OUTCOMES}


def run(
    data: BeirSet,
    held: HeldOut,
    ask: Callable[[str], Answer],
    progress: Callable[[], None] = lambda: None,
) -> tuple[dict[str, Tally], list[dict[str, object]]]:
    """Ask every question; the tallies of both halves and one row per question."""
    tallies = {"answerable": Tally(), "unanswerable": Tally()}
    rows: list[dict[str, object]] = []
    cases = [(q, "answerable", held.answerable[q]) for q in held.answerable]
    cases += [(q, "unanswerable", set()) for q in held.unanswerable]
    for qid, half, relevant in cases:
        answer = ask(data.queries[qid])
        tally = tallies[half]
        tally.questions += 1
        got, top = outcome(answer, relevant), top_outcome(answer, relevant)
        tally.bot[got] += 1
        tally.top[top] += 1
        rows.append(
            {
                "id": qid,
                "half": half,
                "outcome": got,
                "top_passage": top,
                "probability": round(answer.probability, 4),
                "features": answer.evidence,
                "cited": [corpus_id(q.citation.number, q.citation.article) for q in answer.quotes],
                "relevant": sorted(data.qrels[qid]),
            }
        )
        progress()
    return tallies, rows


def summary(tallies: dict[str, Tally]) -> dict[str, object]:
    """The figures of one run: each half's shares, and wrong answers over all questions."""
    total = sum(t.questions for t in tallies.values())
    wrong_bot = sum(t.bot["wrong"] for t in tallies.values())
    wrong_top = sum(t.top["wrong"] for t in tallies.values())
    return {
        **{
            half: {"questions": t.questions, "bot": t.shares("bot"), "top_passage": t.shares("top")}
            for half, t in tallies.items()
        },
        "wrong_of_all": {
            "bot": round(wrong_bot / total, 4) if total else 0.0,
            "top_passage": round(wrong_top / total, 4) if total else 0.0,
        },
    }
