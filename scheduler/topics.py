"""The topics of a period's questions: alike questions grouped, each group named.

Topics are found by grouping questions whose term sets are alike. The terms of a question
(`retrieval.text.topic_terms`) are already folded, so "Thủ tục đăng ký tạm trú" typed with or
without diacritics gives the same set. Similarity is a weighted Jaccard index: each term weighs
its inverse document frequency over the period's distinct questions, and terms that only frame
a question ("thu tuc", "le phi", "bao lau": papers, fee, time, place) weigh a fifth of that, so
two questions meet when they share the matter ("tam tru", "khai sinh"), not when they ask the
same thing of different matters ("lệ phí đăng ký tạm trú" and "lệ phí đăng ký thường trú").
Grouping is greedy (leader clustering): the most asked question sets seed the groups and each
other set joins its most similar seed if the similarity reaches the threshold. A prefix filter
(from set similarity joins) finds the candidate seeds through their rarest terms only, so a
question is never compared with every group. Identical term sets are counted once, and only
the `MAX_CLUSTERED` most frequent distinct sets go through the grouping; rarer ones (each asked
once, when there are that many) stay groups of their own.

A group is named by its most telling adjacent pair of syllables, grown while most of the group
shares the longer phrase, and spelled with diacritics as a question of the group wrote it.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from retrieval.records.period import QuestionRow
from retrieval.text import fold

SIMILARITY = 0.3
"""The weighted Jaccard index from which two questions share a topic."""
FRAME_WEIGHT = 0.2
"""How much a frame word counts against a word that names the matter."""
FRAME_WORDS = frozenset(
    "tuc phi lau mat nop online mau gom phat xin lam ngay gian thoi "
    "fee fees cost documents papers need needed required apply application form long days time "
    "deadline procedure process".split()
)
FRAME_PAIRS = frozenset(
    [
        "thu tuc",
        "ho so",
        "le phi",
        "thoi han",
        "thoi gian",
        "bao lau",
        "truc tuyen",
        "giai quyet",
        "tham quyen",
        "huong dan",
        "quy dinh",
        "dieu kien",
        "mau don",
    ]
)
"""Folded words and pairs that frame an office question (papers, fee, time, place, form, who
decides) rather than name its matter: "lệ phí đăng ký tạm trú" and "lệ phí đăng ký thường trú"
share the frame, not the topic. Terms that hold one weigh `FRAME_WEIGHT` of their rarity. Only
syllables that are frame words whatever their diacritics are listed alone ("ho" may be hồ sơ
but also hộ chiếu)."""
MAX_CLUSTERED = 20_000
"""How many distinct term sets, the most frequent first, go through the grouping."""
GAP_TOPICS = 10
TOP_TOPICS = 5
EXAMPLES = 3
LABEL_SYLLABLES = 6
_SKIPPED = 2  # function words ("có được") that may stand between a label's syllables
_EXTEND_SHARE = 2 / 3

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Topic:
    """A group of alike questions: a short label, how many were asked, recent examples."""

    label: str
    count: int
    examples: list[str] = field(default_factory=list)


def term_weights(sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Each term's weight: the log of its inverse frequency among the sets, smoothed, and
    `FRAME_WEIGHT` of that for a term holding a frame word."""
    frequency = Counter(itertools.chain.from_iterable(sets))
    total = max(len(sets), 1)
    return {
        term: math.log(1 + total / df) * (FRAME_WEIGHT if _framed(term) else 1.0)
        for term, df in frequency.items()
    }


_FRAME_SYLLABLES = frozenset(word for pair in FRAME_PAIRS for word in pair.split(" "))


@lru_cache(maxsize=1 << 16)
def _framed(term: str) -> bool:
    """True for a frame word or pair, a term holding a frame word, or a pair of two syllables
    of frame pairs ("han giai" from "thời hạn giải quyết")."""
    words = term.split(" ")
    return (
        term in FRAME_PAIRS
        or any(word in FRAME_WORDS for word in words)
        or (len(words) > 1 and all(word in _FRAME_SYLLABLES for word in words))
    )


def cluster(
    sets: Sequence[frozenset[str]],
    threshold: float = SIMILARITY,
    weight: dict[str, float] | None = None,
) -> list[int]:
    """Greedy grouping of term sets, in the order given: the group index of each set.

    Each set joins the earlier seed with the highest IDF-weighted Jaccard index, if that reaches
    the threshold, or seeds a group of its own. Candidate seeds come from a prefix filter: with
    the terms of every set ordered rarest first, two sets whose weighted overlap reaches
    `threshold` of the larger weight must share a term within both prefixes, the prefix being
    the rarest terms that leave less than that share of the set's weight outside.
    """
    if weight is None:
        weight = term_weights(sets)
    # Rarest first, ties by term, so every set is ordered the same way.
    rank = {
        term: position
        for position, term in enumerate(sorted(weight, key=lambda t: (-weight[t], t)))
    }
    seeds: list[tuple[frozenset[str], float]] = []
    postings: dict[str, list[int]] = defaultdict(list)
    groups: list[int] = []
    for terms in sets:
        ordered = sorted(terms, key=rank.__getitem__)
        mass = sum(weight[t] for t in ordered)
        prefix: list[str] = []
        outside = mass
        for term in ordered:
            if outside < threshold * mass:
                break
            prefix.append(term)
            outside -= weight[term]
        best, best_score = -1, 0.0
        candidates = {seed for term in prefix for seed in postings.get(term, ())}
        for seed in sorted(candidates):
            seed_terms, seed_mass = seeds[seed]
            shared = sum(weight[t] for t in terms & seed_terms)
            score = shared / (mass + seed_mass - shared)
            if score >= threshold and score > best_score:
                best, best_score = seed, score
        if best < 0:
            best = len(seeds)
            seeds.append((terms, mass))
            for term in prefix:
                postings[term].append(best)
        groups.append(best)
    return groups


def _frame_positions(words: list[str]) -> set[int]:
    """Where a question's content syllables are frame words or halves of a frame pair."""
    covered = {i for i, word in enumerate(words) if word in FRAME_WORDS}
    for i, pair in enumerate(itertools.pairwise(words)):
        if " ".join(pair) in FRAME_PAIRS:
            covered.update((i, i + 1))
    return covered


def _label(keys: Iterable[tuple[tuple[str, ...], int]], weight: dict[str, float]) -> str:
    """The folded phrase that names a group: its most telling pair, grown to a few syllables.

    A pair of adjacent syllables, neither of them framing the question, scores its count in
    the group times its weight (rarity in the period), so a group of tạm trú questions is named
    "tam tru", not "dang ky" or "le phi"; the pair then grows by a neighbouring syllable (not a
    frame one) while most of the questions that carry it carry the longer phrase as well:
    "dang ky tam tru".
    """
    sequences: list[tuple[list[str], set[int], int]] = []
    scores: dict[str, float] = defaultdict(float)
    for terms, count in keys:
        words = [t for t in terms if " " not in t]
        frame = _frame_positions(words)
        sequences.append((words, frame, count))
        for i in range(len(words) - 1):
            if i not in frame and i + 1 not in frame:
                pair = f"{words[i]} {words[i + 1]}"
                scores[pair] += count * weight.get(pair, 1.0)
    if not scores:  # only frame words, or single words: the most telling term at all
        for term, count in _fallback_terms(sequences):
            scores[term] += count * weight.get(term, 1.0)
    if not scores:
        return ""
    # Ties go to the term seen first: the most asked question's first words (keys come most
    # asked first).
    best = max(scores, key=scores.__getitem__)
    phrase = best.split(" ")
    # One question is named by a shorter phrase of it; a group by what most of it shares.
    longest = LABEL_SYLLABLES if len(sequences) > 1 else 4
    while len(phrase) < longest:
        size, base = len(phrase), 0
        options: Counter[tuple[str, ...]] = Counter()
        for words, frame, count in sequences:
            at = next(
                (i for i in range(len(words) - size + 1) if words[i : i + size] == phrase), None
            )
            if at is None:
                continue
            base += count
            if at > 0 and at - 1 not in frame:
                options[(words[at - 1], *phrase)] += count
            if at + size < len(words) and at + size not in frame:
                options[(*phrase, words[at + size])] += count
        if not options:
            break
        grown, grown_support = min(options.items(), key=lambda item: (-item[1], item[0]))
        if grown_support < _EXTEND_SHARE * base:
            break
        phrase = list(grown)
    return " ".join(phrase)


def _fallback_terms(
    sequences: list[tuple[list[str], set[int], int]],
) -> Iterable[tuple[str, int]]:
    """Every pair, or every word of one-word questions, with its count."""
    for words, _, count in sequences:
        pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
        for term in dict.fromkeys(pairs or words):
            yield term, count


def _spelled(label: str, questions: Iterable[str]) -> str:
    """The label as a question wrote it, with diacritics ("dang ky tam tru" -> "đăng ký tạm trú").

    The folded label's syllables are found in order in a question, at most two function words
    apart (function words were dropped from the terms); the first question with diacritics
    that holds them gives the spelling.
    """
    if not label:
        return label
    wanted = label.split(" ")
    for question in questions:
        words = _WORD.findall(unicodedata.normalize("NFC", question).lower())
        folded = [fold(w) for w in words]
        if folded == words:
            continue
        for start, word in enumerate(folded):
            if word != wanted[0]:
                continue
            positions = [start]
            for syllable in wanted[1:]:
                last = positions[-1]
                following = range(last + 1, min(last + 1 + _SKIPPED + 1, len(folded)))
                match = next((i for i in following if folded[i] == syllable), None)
                if match is None:
                    break
                positions.append(match)
            if len(positions) == len(wanted):
                return " ".join(words[positions[0] : positions[-1] + 1])
    return label


@dataclass
class _Group:
    keys: list[int] = field(default_factory=list)
    asked: int = 0
    missed: int = 0
    latest: int = -1


def gaps_and_topics(questions: Sequence[QuestionRow]) -> tuple[list[Topic], list[Topic]]:
    """The knowledge gaps (not covered, biggest first) and the most asked topics.

    `questions` come one per wording, the first asked first."""
    # Each distinct term set gets a number once, the first asked first; everything after
    # counts numbers, not tuples.
    index: dict[tuple[str, ...], int] = {}
    wordings: list[list[QuestionRow]] = []
    for row in questions:
        key = index.setdefault(row.terms, len(index))
        if key == len(wordings):
            wordings.append([])
        wordings[key].append(row)
    keys = list(index)
    asked: Counter[int] = Counter()
    missed: Counter[int] = Counter()
    for key, rows in enumerate(wordings):
        asked[key] = sum(row.asked for row in rows)
        missed[key] = sum(row.missed for row in rows)
    # When each set was last asked, as its rank among those times.
    last = [max(row.last for row in rows) for rows in wordings]
    rank = {moment: position for position, moment in enumerate(sorted(set(last)))}
    latest = [rank[moment] for moment in last]
    ordered = sorted(range(len(keys)), key=lambda k: (-asked[k], -latest[k]))
    clustered = [k for k in ordered[:MAX_CLUSTERED] if keys[k]]
    sets = [frozenset(keys[k]) for k in clustered]
    weight = term_weights(sets)
    group_of = [-1] * len(keys)
    for key, group_id in zip(clustered, cluster(sets, weight=weight), strict=True):
        group_of[key] = group_id
    # Rarer sets beyond the cap, and questions without any content word, stay on their own.
    alone = len(clustered)
    for key in ordered:
        if group_of[key] < 0:
            group_of[key], alone = alone, alone + 1
    groups: dict[int, _Group] = defaultdict(_Group)
    for key, group_id in enumerate(group_of):
        members = groups[group_id]
        members.keys.append(key)
        members.asked += asked[key]
        members.missed += missed[key]
        members.latest = max(members.latest, latest[key])
    gap_ids = sorted(
        (g for g in groups if groups[g].missed),
        key=lambda g: (-groups[g].missed, -groups[g].latest),
    )[:GAP_TOPICS]
    top_ids = sorted(groups, key=lambda g: (-groups[g].asked, -groups[g].latest))[:TOP_TOPICS]
    gap_examples = {g: _examples(groups[g].keys, wordings, missed_only=True) for g in gap_ids}
    top_examples = {g: _examples(groups[g].keys, wordings, missed_only=False) for g in top_ids}

    def topic(group_id: int, examples: dict[int, list[str]], counts: Counter[int]) -> Topic:
        members = sorted((k for k in groups[group_id].keys if counts[k]), key=lambda k: -counts[k])
        label = _label(((keys[k], counts[k]) for k in members), weight)
        return Topic(
            _spelled(label, examples[group_id]),
            sum(counts[k] for k in members),
            examples[group_id][:EXAMPLES],
        )

    gaps = [topic(g, gap_examples, missed) for g in gap_ids]
    tops = [topic(g, top_examples, asked) for g in top_ids]
    return gaps, tops


def _examples(
    keys: Iterable[int], wordings: Sequence[Sequence[QuestionRow]], *, missed_only: bool
) -> list[str]:
    """Distinct questions of a group, most recent first (a few more than shown, for the
    spelling of the label); two wordings that differ in case or spacing only are one."""
    asked: list[tuple[datetime, str]] = []
    for key in keys:
        for row in wordings[key]:
            moment = row.last_missed if missed_only else row.last
            if moment is not None:
                asked.append((moment, row.question))
    asked.sort(key=lambda item: item[0], reverse=True)
    found: list[str] = []
    seen: set[str] = set()
    for _, question in asked:
        text = " ".join(question.split())
        folded = text.casefold()
        if folded not in seen:
            seen.add(folded)
            found.append(text)
            if len(found) >= EXAMPLES * 3:
                break
    return found
