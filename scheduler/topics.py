"""The topics of a period's questions: alike questions grouped, each group named by whole words.

A question's terms are its content syllables, folded, and their adjacent pairs ("tam tru"), the
same with or without diacritics; function words are told by word with underthesea's Vietnamese
dictionary ("sao" of "bản sao" stays, "bao nhiêu" goes; `retrieval.text.topic_terms`, stored
with questions, drops all that folds like one). A term weighs its rarity in the period, a frame
term ("le phi") a fifth: questions meet on their matter. A label is a phrase of whole words of
the group's questions (cut by underthesea's CRF segmenter when typed with diacritics).
"""

from __future__ import annotations

import itertools
import math
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from retrieval.records.period import QuestionRow
from retrieval.text import STOPWORDS, fold, unique

SIMILARITY = 0.4  # the weighted Jaccard index from which a question joins a group's first
MERGE_SIMILARITY = 0.25  # from which a group's core joins a larger group's profile
COVERED, COVERED_SIMILARITY = 0.75, 0.15  # or from this one, if the profile holds 3/4 of it
FRAME_WEIGHT = 0.2
FRAME_WORDS = frozenset(
    "tục phí lâu mất nộp online mẫu gồm phạt xin làm ngày gian thời fee fees cost documents "
    "papers need needed required apply application form long days time deadline procedure "
    "process".split()
)
FRAME_PAIRS = frozenset(
    "thu tuc,ho so,giay to,le phi,thoi han,thoi gian,bao lau,truc tuyen,giai quyet,tham quyen,"
    "huong dan,quy dinh,dieu kien,mau don".split(",")
)
"""Words (as written) and folded pairs that frame an office question (papers, fee, time, form,
who decides) rather than name its matter. Terms holding one, folded, weigh `FRAME_WEIGHT` of
their rarity; a label never grows into one as written ("phí", not "phi" of "phi nông nghiệp")."""
FUNCTION_WORDS = frozenset(
    "là của và các những cho được không có gì nào bao nhiêu thế này nay thì mà ở tại trong "
    "theo về với một như nếu khi hay hoặc đã sẽ cần phải bị từ đến ra vào lên đó ai đâu sao "
    "tôi mình chúng em anh chị bạn ạ ơi nhé vậy rồi nhỉ hả à cũng đang vẫn rất nữa mấy sau "
    "trước trên dưới lại điều khoản điểm chương ko k dc đc j ad ak ah nha nhá hok hông vs".split()
)
"""Words, as written, that carry no matter; inside a longer word they do ("bản sao")."""
ABBREVIATIONS = dict(
    pair.split("=")
    for pair in "đk=đăng ký,dk=dang ky,cccd=căn cước công dân,cmnd=chứng minh nhân dân,"
    "gplx=giấy phép lái xe,gpxd=giấy phép xây dựng,bhyt=bảo hiểm y tế,bhxh=bảo hiểm xã hội,"
    "ubnd=ủy ban nhân dân".split(",")
)
MAX_CLUSTERED = 20_000  # distinct term sets, the most asked first, that go through grouping
GAP_TOPICS, TOP_TOPICS, EXAMPLES = 10, 5, 3
LABEL_SYLLABLES, ONE_QUESTION_SYLLABLES = 8, 4  # the longest label of a group, of one question
_LABEL_QUESTIONS = 12  # the most asked wordings of a group that its label is read from
_LINKS = frozenset("cua cho va voi tai o ve trong theo tu den cac nhung".split())
_GLUE = frozenset("cho cua va voi nhung cac duoc khong".split())  # folded, never in a word
_DEMONSTRATIVES = frozenset("nay này đó ấy kia đấy".split())  # "năm nay": no label ends "năm"
_PREFIXES = frozenset("phi bất vô tái phó tổng liên đa siêu".split())  # none ends "đất phi"
_FUNCTION_FOLDED = STOPWORDS | {fold(word) for word in FUNCTION_WORDS}
_FRAME_FOLDED = frozenset(fold(word) for word in FRAME_WORDS)
_FRAME_SYLLABLES = frozenset(word for pair in FRAME_PAIRS for word in pair.split(" "))
_WORD = re.compile(r"\w+", re.UNICODE)
_fold = lru_cache(maxsize=1 << 16)(fold)
Key = tuple[str, ...]  # a word, folded syllable by syllable
Phrase = tuple[Key, ...]


@dataclass(frozen=True)
class Topic:
    """A group of alike questions: a short label, how many were asked, recent examples."""

    label: str
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Word:
    text: str  # as typed, lower case
    key: Key
    function: bool
    frame: bool


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], frozenset[Key]]:
    """underthesea's dictionary words of two to four syllables, as written and folded."""
    from underthesea.corpus import viet_dict_74K  # noqa: PLC0415 - imports underthesea once

    entries = (unicodedata.normalize("NFC", entry).lower().split() for entry in viet_dict_74K.words)
    written = [e for e in entries if 2 <= len(e) <= 4 and all(map(str.isalpha, e))]
    folded = frozenset(tuple(map(_fold, syllables)) for syllables in written)
    return frozenset(map(" ".join, written)), folded


def _syllables(question: str) -> tuple[list[str], list[str], list[bool]]:
    """A question's syllables in lower case (abbreviations written out), folded, and whether
    each is spelled like a function word (as typed: "bản" is not "bạn") or is a number."""
    syllables = _WORD.findall(unicodedata.normalize("NFC", question).lower())
    if not ABBREVIATIONS.keys().isdisjoint(syllables):
        syllables = " ".join(ABBREVIATIONS.get(s, s) for s in syllables).split(" ")
    keys = list(map(_fold, syllables))
    spelled = FUNCTION_WORDS if keys != syllables else _FUNCTION_FOLDED
    return syllables, keys, [s in spelled or s.isdigit() for s in syllables]


def period_terms(questions: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each question's terms, to group topics: its folded content syllables and their pairs.

    A syllable spelled like a function word is content inside a dictionary word of two
    syllables that holds a content one ("sao" of "bản sao", "ở" of "nhà ở"); typed without
    diacritics, a word of function syllables only ("ban sao") is content once a question typed
    with them showed it, so questions typed with diacritics are read first."""
    learned: set[Key] = set()
    return {q: _terms(q, learned) for q in sorted(dict.fromkeys(questions), key=str.isascii)}


def _terms(question: str, learned: set[Key]) -> tuple[str, ...]:
    syllables, keys, bare = _syllables(question)
    content, typed = [not b for b in bare], keys != syllables
    written, folded = _dictionary()
    for i in itertools.compress(range(len(keys) - 1), map(operator.or_, bare, bare[1:])):
        key, both = (keys[i], keys[i + 1]), bare[i] and bare[i + 1]  # one may be content
        if typed:
            if both or f"{syllables[i]} {syllables[i + 1]}" not in written:
                continue
            if key[0] in _FUNCTION_FOLDED and key[1] in _FUNCTION_FOLDED:
                learned.add(key)  # "bản sao": "ban sao" is a word, typed without diacritics
        elif key not in learned and (both or key not in folded):
            continue
        content[i] = content[i + 1] = True
    kept = unique(k for k, c in zip(keys, content, strict=True) if c and len(k) > 1)
    return (*kept, *(f"{a} {b}" for a, b in itertools.pairwise(kept)))


def _words(question: str, learned: set[Key]) -> list[_Word]:
    """A question cut into words: by underthesea's CRF segmenter when typed with diacritics,
    else by the dictionary, folded: most syllables in `learned` words (those the group's
    questions typed with diacritics have), then the fewest words."""
    syllables, keys, bare = _syllables(question)
    typed, sizes = keys != syllables, []
    if typed:
        from underthesea import word_tokenize  # noqa: PLC0415 - loads its model once

        tokens = word_tokenize(" ".join(syllables), use_token_normalize=False)
        sizes = [len(_WORD.findall(token)) for token in tokens]
    if sum(sizes) != len(keys):
        folded = _dictionary()[1]
        cost = [0.0] + [math.inf] * len(keys)
        cuts: list[list[int]] = [[]] + [[0]] * len(keys)  # the best words up to each syllable
        for end, size in itertools.product(range(1, len(keys) + 1), range(1, 5)):
            key = tuple(keys[end - size : end])
            if size > end or (size > 1 and key not in learned and key not in folded):
                continue
            if size > 1 and key not in learned and not _GLUE.isdisjoint(key):
                continue  # "cho nguoi" (chó người?) is no word to read
            step = 1.0 - 2 * size if size > 1 and key in learned else 1.0
            step += 0.1 * (size > 1 and any(bare[end - size : end]))  # "benh vien | thi"
            if cost[end - size] + step <= cost[end]:  # ties: "lam | tro cap", not "lam tro | cap"
                cost[end], cuts[end] = cost[end - size] + step, [*cuts[end - size], size]
        sizes = cuts[-1]
    words, start = [], 0
    for size in filter(None, sizes):
        key, text = tuple(keys[start : start + size]), " ".join(syllables[start:][:size])
        function = all(bare[start : start + size]) and (typed or size == 1 or key not in learned)
        words.append(_Word(text, key, function, _framed(" ".join(key), text if typed else "")))
        start += size
    return words


def term_weights(sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """A term's weight: its smoothed log inverse frequency among the sets, times df/(df+1) (a
    term of one question says it differs, not where it belongs), a fifth if framed."""
    frequency = Counter(itertools.chain.from_iterable(sets))
    total = max(len(sets), 50)  # a quiet period's shared terms still name its matter
    return {
        term: math.log(1 + total / df) * df / (df + 1) * (FRAME_WEIGHT if _framed(term) else 1)
        for term, df in frequency.items()
    }


@lru_cache(maxsize=1 << 16)
def _framed(term: str, written: str = "") -> bool:
    """True for a frame pair, a folded term holding a frame word (a `written` one holding one
    as written), or a pair of syllables of frame pairs ("han giai" of "thời hạn giải quyết")."""
    words = term.split(" ")
    return (
        term in FRAME_PAIRS
        or any(w in (FRAME_WORDS if written else _FRAME_FOLDED) for w in (written or term).split())
        or (len(words) > 1 and all(word in _FRAME_SYLLABLES for word in words))
    )


def cluster(
    sets: Sequence[frozenset[str]],
    threshold: float = SIMILARITY,
    weight: dict[str, float] | None = None,
) -> list[int]:
    """Greedy grouping of term sets, in the order given: the group index of each set.

    Each set joins the earlier seed it is most like, if their weighted Jaccard index reaches
    `threshold`, or seeds a group; two sets that alike share a term among the rarest of each (a
    prefix filter), so only those are compared. Then each group's core (the terms of half its
    sets), smallest group first, joins a larger group whose profile (each term weighing its
    weight times the share of the group's sets that hold it) it is like: weighted Jaccard
    index from `MERGE_SIMILARITY`, or from `COVERED_SIMILARITY` if the profile holds `COVERED`
    of its weight ("khai sinh cho con" and "đăng ký khai sinh", "làm hộ chiếu ở đâu" and "hộ
    chiếu phổ thông")."""
    if weight is None:
        weight = term_weights(sets)
    rank = {t: i for i, t in enumerate(sorted(weight, key=lambda t: (-weight[t], t)))}
    masses = [sum(map(weight.__getitem__, terms)) for terms in sets]
    postings: dict[str, list[int]] = defaultdict(list)
    groups: list[int] = []
    for index, (terms, mass) in enumerate(zip(sets, masses, strict=True)):
        prefix, outside = [], mass
        for term in sorted(terms, key=rank.__getitem__):
            if outside < threshold * mass:
                break
            prefix.append(term)
            outside -= weight[term]
        best, best_score = index, 0.0
        for seed in sorted({seed for term in prefix for seed in postings[term]}):
            if threshold * mass <= masses[seed] <= mass / threshold:  # else too unlike in weight
                shared = sum(map(weight.__getitem__, terms & sets[seed]))
                score = shared / (mass + masses[seed] - shared)
                if score >= threshold and score > best_score:
                    best, best_score = seed, score
        for term in prefix if best == index else ():
            postings[term].append(index)
        groups.append(best)
    held: dict[int, Counter[str]] = defaultdict(Counter)  # each group's profile: its terms'
    holders: dict[str, set[int]] = defaultdict(set)  # counts, over its size
    for terms, group in zip(sets, groups, strict=True):
        held[group].update(terms)
        for term in terms:
            holders[term].add(group)
    sizes, into = Counter(groups), list(range(len(sets)))
    profile_mass = {g: sum(weight[t] * n for t, n in counts.items()) for g, counts in held.items()}
    for group in sorted(held, key=sizes.__getitem__):
        core = [t for t, n in held[group].items() if 2 * n >= sizes[group]]
        mass, best, best_score = sum(weight[t] for t in core), -1, 0.0
        for other in sorted({g for t in core for g in holders[t] if sizes[g] and g != group}):
            shared = sum(weight[t] * held[other][t] for t in core) / sizes[other]
            score = shared / (mass + profile_mass[other] / sizes[other] - shared)
            covered = score >= COVERED_SIMILARITY and shared >= COVERED * mass
            if (score >= MERGE_SIMILARITY or covered) and score > best_score:
                best, best_score = other, score
        if best >= 0 and sizes[best] >= sizes[group]:
            held[best].update(held[group])
            profile_mass[best] += profile_mass[group]
            sizes[best], sizes[group], into[group] = sizes[best] + sizes[group], 0, best
            for term in held[group]:
                holders[term].add(best)

    def root(group: int) -> int:  # chains are short: each merge at least doubles a group
        return group if into[group] == group else root(into[group])

    number: dict[int, int] = {}
    return [number.setdefault(root(group), len(number)) for group in groups]


def _label(questions: Sequence[tuple[str, int]], weight: dict[str, float]) -> str:
    """The phrase of whole words that names a group of questions, each given with its count.

    The most telling content word ("tạm trú", not "đăng ký" of many matters nor "lệ phí", a
    frame) grows by a neighbouring word while most of its questions hold the longer phrase
    ("đăng ký tạm trú"), over links ("nghỉ phép năm của công chức"), never into a frame word,
    so it neither starts nor ends on a function word. Questions typed with diacritics come
    first: they spell it and show where words end in those typed without."""
    learned: set[Key] = set()
    cut = [(_words(q, learned), count) for q, count in questions if fold(q) != q]
    learned.update(w.key for words, _ in cut for w in words if len(w.key) > 1 and not w.function)
    cut += [(_words(q, learned), count) for q, count in questions if fold(q) == q]
    scores: dict[Key, float] = defaultdict(float)
    for frames in (False, True):  # frame words name a group that has nothing else
        for words, count in cut:
            for key in dict.fromkeys(
                w.key for w in words if not (w.function or (w.frame and not frames))
            ):
                scores[key] += count * _telling(key, weight)
        if scores:
            break
    if not scores:
        return ""
    phrase: Phrase = (max(scores, key=scores.__getitem__),)
    framed = _framed(" ".join(phrase[0]))  # a group of frame words only
    flat = [(f" {' '.join(s for w in words for s in w.key)} ", count) for words, count in cut]

    def support(grown: Phrase) -> int:
        wanted = f" {' '.join(s for key in grown for s in key)} "
        return sum(count for syllables, count in flat if wanted in syllables)

    longest = LABEL_SYLLABLES if len(cut) > 1 else ONE_QUESTION_SYLLABLES
    while True:
        options: dict[Phrase, float] = {}
        for words, _ in cut:
            keys = [w.key for w in words]
            for at in (i for i in range(len(keys)) if tuple(keys[i : i + len(phrase)]) == phrase):
                before = _neighbour(words, at - 1, -1, framed)
                after = _neighbour(words, at + len(phrase), 1, framed)
                if before:
                    options[before + phrase] = _telling(before[0], weight)
                if after:
                    options[phrase + after] = _telling(after[-1], weight) + 1e-9
        fitting = [o for o in options if sum(map(len, o)) <= longest]
        grown = max(fitting, key=lambda o: (support(o), options[o]), default=phrase)
        if grown == phrase or 3 * support(grown) < 2 * support(phrase):  # most of them
            break
        phrase = grown
    wanted = [s for key in phrase for s in key]
    for words, _ in cut:  # spelled as a question typed it, from a word's start to a word's end
        said = [s for w in words for s in w.key]
        starts = list(itertools.accumulate((len(w.key) for w in words), initial=0))
        for start in (s for s in starts if s + len(wanted) in starts):
            if said[start : start + len(wanted)] == wanted:
                return " ".join(" ".join(w.text for w in words).split(" ")[start:][: len(wanted)])
    return " ".join(wanted)


def _telling(key: Key, weight: dict[str, float]) -> float:
    """How much a word says: the weights of its syllables and of its pairs of syllables."""
    pairs = (f"{a} {b}" for a, b in itertools.pairwise(key))
    return sum(weight.get(term, 0.0) for term in itertools.chain(key, pairs))


def _neighbour(words: Sequence[_Word], at: int, step: int, framed: bool) -> Phrase:
    """The next content word from `at` towards `step`, in reading order with the links ("của",
    at most two) or prefixes ("phi") before it; none at a frame word (unless the label is one)
    or at a word a demonstrative follows ("năm" of "năm nay")."""
    taken: list[Key] = []
    while 0 <= at < len(words) and len(taken) <= 2:
        word = words[at]
        taken.append(word.key)
        if word.function or (step > 0 and word.text in _PREFIXES):
            if " ".join(word.key) not in _LINKS and word.text not in _PREFIXES:
                return ()
        else:
            following = words[at + 1].text if step > 0 and at + 1 < len(words) else ""
            if (word.frame and not framed) or following in _DEMONSTRATIVES:
                return ()
            return tuple(taken[::-1] if step < 0 else taken)
        at += step
    return ()


def gaps_and_topics(questions: Sequence[QuestionRow]) -> tuple[list[Topic], list[Topic]]:
    """The knowledge gaps (not covered, biggest first) and the most asked topics.

    `questions` come one per wording, the first asked first."""
    terms = period_terms(row.question for row in questions)
    by_terms: dict[tuple[str, ...], list[QuestionRow]] = defaultdict(list)
    for row in questions:  # each distinct term set once, the first asked first
        by_terms[terms[row.question]].append(row)
    keys, wordings = list(by_terms), list(by_terms.values())
    asked = [sum(row.asked for row in rows) for rows in wordings]
    missed = [sum(row.missed for row in rows) for rows in wordings]
    last = [max(row.last for row in rows) for rows in wordings]
    ordered = sorted(range(len(keys)), key=lambda k: (asked[k], last[k]), reverse=True)
    clustered = [k for k in ordered[:MAX_CLUSTERED] if keys[k]]
    sets = [frozenset(keys[k]) for k in clustered]
    weight = term_weights(sets)
    group_of = dict(zip(clustered, cluster(sets, weight=weight), strict=True))
    groups: dict[int, list[int]] = defaultdict(list)
    for key in range(len(keys)):  # rarer sets beyond the cap, and empty ones, stay alone
        groups[group_of.get(key, len(keys) + key)].append(key)

    def by(counts: list[int]) -> Callable[[int], tuple[int, datetime]]:
        return lambda g: (sum(counts[k] for k in groups[g]), max(last[k] for k in groups[g]))

    gap_ids = sorted((g for g in groups if by(missed)(g)[0]), key=by(missed), reverse=True)
    top_ids = sorted(groups, key=by(asked), reverse=True)[:TOP_TOPICS]

    def topic(group: int, missed_only: bool) -> Topic:
        rows = [row for key in groups[group] for row in wordings[key]]
        counted = [(row.question, row.missed if missed_only else row.asked) for row in rows]
        counted = sorted((item for item in counted if item[1]), key=lambda item: -item[1])
        label = _label(counted[:_LABEL_QUESTIONS], weight)
        return Topic(label, sum(n for _, n in counted), _examples(rows, missed_only=missed_only))

    return [topic(g, True) for g in gap_ids[:GAP_TOPICS]], [topic(g, False) for g in top_ids]


def _examples(rows: Iterable[QuestionRow], *, missed_only: bool) -> list[str]:
    """Distinct questions, most recent first; wordings that differ in case or spacing are one."""
    moments = ((row.last_missed if missed_only else row.last, row.question) for row in rows)
    asked = sorted(((m, q) for m, q in moments if m), key=lambda item: item[0], reverse=True)
    found: dict[str, str] = {}
    for _, question in asked:
        text = " ".join(question.split())
        found.setdefault(text.casefold(), text)
        if len(found) >= EXAMPLES:
            break
    return list(found.values())
