"""The held-out protocol of `vanthu eval answers` on a tiny BEIR set: what is taken out, which
questions count as answerable, and how each reply is scored."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import Answer, Citation, Quote
from retrieval.answers.heldout import hold_out, outcome, run, small_library, summary, top_outcome
from retrieval.search.corpus import corpus_id
from retrieval.search.evaluate import BeirSet, split_id

IDS = [f"{law}||{n}" for law in ("L1", "L2", "L3") for n in range(1, 5)]
QRELS = {
    "q1": {"L1||1"},
    "q2": {"L1||2"},
    "q3": {"L1||2", "L1||3"},  # shares L1||2 with q2
    "q4": {"L2||1"},
    "q5": {"L2||4"},
    "q6": {"L3||1"},
    "q7": {"L3||2"},
    "q8": {"L3||3", "L2||2"},  # needs two laws
}
DATA = BeirSet(
    "tiny",
    IDS,
    [f"Điều {i}. văn bản {i}" for i in range(len(IDS))],
    {q: f"câu hỏi {q}" for q in QRELS},
    QRELS,
    "0" * 16,
)


@pytest.mark.parametrize("seed", range(6))
def test_article_removal_takes_out_what_held_questions_need(seed: int) -> None:
    held = hold_out(DATA, "article", 0.5, seed)
    assert len(held.unanswerable) == 4
    for q in held.unanswerable:
        assert not QRELS[q] & held.keep
    for q, relevant in held.answerable.items():
        assert relevant == QRELS[q] and relevant <= held.keep
    kept = set(QRELS) - set(held.unanswerable)
    assert len(held.answerable) + held.left_aside == len(kept)
    removed = {cid for q in held.unanswerable for cid in QRELS[q]}
    assert held.keep == frozenset(IDS) - removed  # nothing else is taken out


@pytest.mark.parametrize("seed", range(6))
def test_document_removal_takes_out_whole_documents(seed: int) -> None:
    held = hold_out(DATA, "document", 0.5, seed)
    gone = {split_id(cid)[0] for cid in IDS} - {split_id(cid)[0] for cid in held.keep}
    assert gone  # at least one law is absent
    assert held.keep == frozenset(c for c in IDS if split_id(c)[0] not in gone)
    assert len(held.unanswerable) >= 4  # documents are drawn until half the questions lost all
    for q in held.unanswerable:
        assert {split_id(c)[0] for c in QRELS[q]} <= gone
    for q in held.answerable:
        assert QRELS[q] <= held.keep


def test_same_seed_same_split_other_seed_another() -> None:
    splits = {tuple(hold_out(DATA, "article", 0.5, seed).unanswerable) for seed in range(8)}
    assert hold_out(DATA, "article", 0.5, 3) == hold_out(DATA, "article", 0.5, 3)
    assert len(splits) > 1


def citation(cid: str) -> Citation:
    law, article = split_id(cid)
    return Citation("t", law, "h", article, None, "s", "c", "public")


def answer(kind: str, *cited: str, top: str | None = None) -> Answer:
    """A reply of this kind quoting these corpus ids; `top`: the best passage found."""
    first = top or (cited[0] if cited else None)
    return Answer(
        "q",
        "vi",
        covered=kind == "answer",
        partial=kind == "partial",
        quotes=[Quote("x", citation(c)) for c in cited],
        top=citation(first) if first else None,
    )


@pytest.mark.parametrize(
    ("reply", "relevant", "bot", "top"),
    [
        (answer("answer", "L1||1"), {"L1||1"}, "right", "right"),
        (answer("answer", "L1||2", "L1||1"), {"L1||1"}, "right", "wrong"),  # second quote
        (answer("answer", "L1||2"), {"L1||1"}, "wrong", "wrong"),
        (answer("answer", "L1||2"), set(), "wrong", "wrong"),
        (answer("partial", "L1||1"), {"L1||1"}, "partial", "right"),
        (answer("not_covered", top="L1||1"), {"L1||1"}, "not_covered", "right"),
        (answer("not_covered"), {"L1||1"}, "not_covered", "not_covered"),  # nothing found
    ],
)
def test_each_reply_is_scored_for_the_bot_and_the_top_passage(
    reply: Answer, relevant: set[str], bot: str, top: str
) -> None:
    assert outcome(reply, relevant) == bot
    assert top_outcome(reply, relevant) == top


def test_corpus_ids_round_trip() -> None:
    assert corpus_id(*split_id("Luật Cư trú 2020||12")) == "Luật Cư trú 2020||12"
    assert corpus_id(*split_id("plain-id")) == "plain-id"
    assert corpus_id(None, "5") is None


def test_run_tallies_both_halves_and_the_baseline() -> None:
    held = hold_out(DATA, "article", 0.5, 1)
    # A bot that answers every question with the first relevant article it knows of, and
    # says "not covered" when the library lost them.
    replies = {DATA.queries[q]: answer("answer", sorted(QRELS[q])[0]) for q in held.answerable} | {
        DATA.queries[q]: answer("not_covered", top="L1||4") for q in held.unanswerable
    }
    tallies, rows = run(DATA, held, replies.__getitem__)
    assert tallies["answerable"].bot["right"] == len(held.answerable)
    assert tallies["unanswerable"].bot["not_covered"] == len(held.unanswerable)
    assert tallies["unanswerable"].top["wrong"] == len(held.unanswerable)
    figures = summary(tallies)
    assert figures["wrong_of_all"] == {
        "bot": 0.0,
        "top_passage": round(len(held.unanswerable) / len(rows), 4),
    }
    assert {r["half"] for r in rows} == {"answerable", "unanswerable"}
    assert len(rows) == len(held.answerable) + len(held.unanswerable)


def test_a_small_library_keeps_its_questions_articles_and_fills_up_with_others() -> None:
    small = small_library(DATA, questions=3, articles=6, seed=4)
    assert len(small.qrels) == 3 and set(small.queries) == set(small.qrels)
    needed = set().union(*small.qrels.values())
    assert needed <= set(small.corpus_ids)
    assert len(small.corpus_ids) == max(6, len(needed))
    assert set(small.corpus_ids) <= set(IDS)
    for cid, text in zip(small.corpus_ids, small.corpus_texts, strict=True):
        assert text == DATA.corpus_texts[IDS.index(cid)]
    assert small_library(DATA, 3, 6, 4) == small
