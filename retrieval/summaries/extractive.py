"""Extractive summaries: sentences (`retrieval.summaries.sentences`) scored and picked by MMR."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

from retrieval.summaries.sentences import LINE_END, paragraphs, split_sentences
from retrieval.text import STOPWORDS, fold, syllables

# --- sentence scoring ------------------------------------------------------------------------

# Photo credits, bylines and sources that news and reports carry between sentences.
_NOISE = re.compile(r"^(?:ảnh|anh|nguồn|nguon|photo|source|video|clip)\s*[:：]", re.IGNORECASE)
MIN_WORDS = 6
HEADING_WORDS = 15


@dataclass(frozen=True)
class Candidate:
    """A sentence that may enter a summary, with where it stands in its document."""

    text: str
    source: int
    position: int
    words: int
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Weights:
    """How much each signal counts, and how strongly redundancy is avoided (MMR lambda).

    Tuned on the first 100 rows of VietNews dev and ViMs (see `vanthu eval summaries`)."""

    centrality: float = 2.0
    position: float = 2.0
    coverage: float = 0.5
    title: float = 2.0
    position_decay: float = 4.0
    mmr_lambda: float = 0.5


DEFAULT_WEIGHTS = Weights()
UNTITLED_WEIGHTS = Weights(centrality=4.0, position=1.0, coverage=0.5, title=0.0)
"""With no title to read, what the sentences share counts most and the lead less (tuned on
the first 100 rows of VietNews dev read without titles: ROUGE-2 13.19 -> 15.56; rows 100-499,
not used for tuning: 13.97 -> 14.60, Lead-k 13.20)."""


def weights_for(
    titles: Sequence[str], found: Sequence[Candidate], weights: Weights | None = None
) -> Weights:
    """The given weights, else those for one text without a title, else the default ones (a
    cluster of documents is read by what its documents share and by their leads)."""
    if weights is not None:
        return weights
    one_text = len({candidate.source for candidate in found}) <= 1
    untitled = not any(title.strip() for title in titles)
    return UNTITLED_WEIGHTS if untitled and one_text else DEFAULT_WEIGHTS


def terms_of(text: str) -> tuple[str, ...]:
    """Folded content syllables and the syllable pairs around them."""
    tokens = syllables(fold(text))
    unigrams = [t for t in tokens if t not in STOPWORDS and not (len(t) == 1 and t.isalpha())]
    pairs = [
        f"{a}_{b}" for a, b in itertools.pairwise(tokens) if not (a in STOPWORDS and b in STOPWORDS)
    ]
    return tuple(unigrams + pairs)


def _is_heading(sentence: str, words: int) -> bool:
    """Headings, letterheads and titles: in capitals, or short and without a full stop."""
    letters = [ch for ch in sentence if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters):
        return True
    return words < HEADING_WORDS and not LINE_END.search(sentence)


def split_title(document: str) -> tuple[str, str]:
    """A document written under its title line: (the title, the text below it)."""
    title, _, text = document.partition("\n")
    return title.strip(), text


def candidates(documents: Sequence[str], *, titled: bool = False) -> list[Candidate]:
    """The sentences of one or more documents that can stand in a summary (`titled`: each
    document's first line is its title, which is not one of them)."""
    found = []
    for source, document in enumerate(documents):
        text = split_title(document)[1] if titled else document
        for position, sentence in enumerate(split_sentences(text)):
            words = len(syllables(sentence))
            if words < MIN_WORDS or _NOISE.match(sentence) or _is_heading(sentence, words):
                continue
            found.append(Candidate(sentence, source, position, words, terms_of(sentence)))
    return found


def _tfidf(
    term_lists: Sequence[Sequence[str]], extra: Sequence[Sequence[str]] = ()
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """L2-normalised sparse TF-IDF rows for the sentences, and for extra texts in the same space
    (sparse: a window of hostile text can hold a vocabulary of tens of thousands)."""
    vocabulary: dict[str, int] = {}
    for terms in term_lists:
        for term in terms:
            vocabulary.setdefault(term, len(vocabulary))
    df = np.zeros(len(vocabulary))
    for terms in term_lists:
        for term in set(terms):
            df[vocabulary[term]] += 1
    idf = np.log((1 + len(term_lists)) / (1 + df)) + 1

    def rows(lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        row_ids: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for i, terms in enumerate(lists):
            weights = {
                vocabulary[term]: (1 + math.log(count)) * idf[vocabulary[term]]
                for term, count in Counter(terms).items()
                if term in vocabulary
            }
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for column, weight in weights.items():
                row_ids.append(i)
                columns.append(column)
                values.append(weight / norm)
        shape = (len(lists), len(vocabulary))
        return sparse.csr_matrix((values, (row_ids, columns)), shape=shape)

    return rows(term_lists), rows(extra)


def _unit(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values


def score(
    found: Sequence[Candidate], titles: Sequence[str] = (), weights: Weights | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Each candidate's salience (centrality, position, key-term coverage, title likeness)
    and the sentence-to-sentence cosine similarities of their TF-IDF vectors."""
    weights = weights_for(titles, found, weights)
    vectors, title_vectors = _tfidf(
        [c.terms for c in found], [terms_of(t) for t in titles if t.strip()]
    )
    similarity = np.asarray((vectors @ vectors.T).toarray(), dtype=np.float64)
    np.fill_diagonal(similarity, 0.0)
    # In a cluster of documents (or sections), what the other documents also say is central.
    sources = np.array([c.source for c in found])
    others = sources[:, None] != sources[None, :]
    centrality = _unit((similarity * others if others.any() else similarity).sum(axis=1))
    position = np.array([math.exp(-c.position / weights.position_decay) for c in found])
    # Coverage: how much of what recurs across the sentences (the key terms) a sentence holds.
    frequency = Counter(t for c in found for t in set(c.terms))
    coverage = _unit(
        np.array(
            [
                sum(frequency[t] - 1 for t in set(c.terms)) / math.sqrt(max(1, len(c.terms)))
                for c in found
            ]
        )
    )
    title = (
        _unit(np.asarray((vectors @ title_vectors.T).toarray()).max(axis=1))
        if title_vectors.shape[0]
        else np.zeros(len(found))
    )
    total = (
        weights.centrality * centrality
        + weights.position * position
        + weights.coverage * coverage
        + weights.title * title
    )
    return _unit(total), similarity


def select(
    found: Sequence[Candidate],
    salience: npt.NDArray[np.float64],
    similarity: npt.NDArray[np.float64],
    budget: int,
    *,
    size: Literal["words", "count"] = "words",
    mmr_lambda: float = 0.5,
) -> list[int]:
    """Candidates picked by maximal marginal relevance until the budget (syllables or sentences)
    is spent; the last one may overflow the syllables and is cut by the caller."""
    chosen: list[int] = []
    spent = 0
    redundancy = np.zeros(len(found))
    open_ = np.ones(len(found), dtype=bool)
    while open_.any() and spent < budget:
        gain = mmr_lambda * salience - (1 - mmr_lambda) * redundancy
        best = int(np.argmax(np.where(open_, gain, -np.inf)))
        open_[best] = False
        chosen.append(best)
        redundancy = np.maximum(redundancy, similarity[best])
        spent += found[best].words if size == "words" else 1
    return chosen


# --- summaries for a chat message ------------------------------------------------------------

LONG_CHARS = 8000  # longer texts are summarized section by section, then combined
SECTION_CHARS = 4000  # the size of the windows a long text without sections is cut into
MAX_SECTIONS = 300  # more sections are merged with their neighbours (memory and time bound)
MAX_POINT_CHARS = 280  # a longer sentence is cut at a word boundary
_LIST_MARK = re.compile(r"^(?:\d{1,3}[.)]|[a-zđ]\)|[-–•*])\s+")


@dataclass(frozen=True)
class Summary:
    """A one-sentence gist and the key sentences, in document order."""

    gist: str
    points: list[str] = field(default_factory=list)

    @property
    def chars(self) -> int:
        """The length of the gist and the points together."""
        return len(self.gist) + sum(len(p) for p in self.points)


def shorten(sentence: str, limit: int) -> str:
    """The sentence, or its words up to `limit` characters followed by an ellipsis."""
    if len(sentence) <= limit:
        return sentence
    cut = sentence.rfind(" ", 0, limit)
    return sentence[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:-") + "…"


def _pieces(paragraph: str, size: int) -> list[str]:
    """A paragraph cut at spaces into pieces of at most about `size` characters."""
    pieces = []
    while len(paragraph) > size:
        cut = paragraph.rfind(" ", size // 2, size)
        cut = cut if cut > 0 else size
        pieces.append(paragraph[:cut])
        paragraph = paragraph[cut:].lstrip()
    return [*pieces, paragraph] if paragraph else pieces


def _windows(text: str, size: int) -> list[tuple[str, str]]:
    """A long text as consecutive blocks of about `size` characters, whole paragraphs where
    they fit (a paragraph longer than a block is cut at spaces)."""
    windows: list[tuple[str, str]] = []
    current: list[str] = []
    for paragraph in paragraphs(text):
        for piece in _pieces(paragraph, size):
            if current and sum(len(p) for p in current) + len(piece) > size:
                windows.append(("", "\n".join(current)))
                current = []
            current.append(piece)
    if current:
        windows.append(("", "\n".join(current)))
    return windows


def _split_long(heading: str, body: str) -> list[tuple[str, str]]:
    """A section longer than a window, as windows under the same heading."""
    if len(body) <= SECTION_CHARS:
        return [(heading, body)]
    return [(heading, window) for _, window in _windows(body, SECTION_CHARS)]


def _grouped(sections: Sequence[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """At most `limit` sections: neighbours merged, so the combined ranking stays small."""
    if len(sections) <= limit:
        return list(sections)
    step = math.ceil(len(sections) / limit)
    return [
        (sections[i][0], "\n".join(body for _, body in sections[i : i + step]))
        for i in range(0, len(sections), step)
    ]


def _ranked(
    found: Sequence[Candidate], titles: Sequence[str], weights: Weights | None, count: int
) -> list[int]:
    """The best `count` candidates, best first."""
    weights = weights_for(titles, found, weights)
    salience, similarity = score(found, titles, weights)
    return select(found, salience, similarity, count, size="count", mmr_lambda=weights.mmr_lambda)


def _chat_candidates(text: str, title: str) -> list[Candidate]:
    """Candidates, less those that only repeat the title (shown beside the summary anyway) or
    open a list ("hồ sơ gồm:"), which say nothing on their own."""
    title_terms = set(terms_of(title))
    return [
        c
        for c in candidates([text])
        if not set(c.terms) <= title_terms and not c.text.endswith(":")
    ]


def _section_picks(
    sections: Sequence[tuple[str, str]], title: str, per_section: int, weights: Weights | None
) -> list[Candidate]:
    """The best few sentences of every section, as candidates placed by section."""
    picked: list[Candidate] = []
    titles = [title] if title else []
    taken: set[str] = set()
    for number, (heading, body) in enumerate(sections):
        found = _distinct(_chat_candidates(body, title), taken)
        if not found:
            continue
        best = _ranked(found, [*titles, heading], weights, per_section)
        picked.extend(replace(found[index], source=number) for index in best)
        taken.update(_key(found[index]) for index in best)
    return picked


def _key(candidate: Candidate) -> str:
    """What makes two sentences the same one: their syllables, diacritics and case aside."""
    return " ".join(syllables(fold(candidate.text)))


def _distinct(found: Sequence[Candidate], taken: AbstractSet[str] = frozenset()) -> list[Candidate]:
    """Each sentence once, and none already `taken`: a text that repeats itself (a report
    pasted twice, the same clause in every section) would otherwise fill the summary with one
    sentence."""
    seen = set(taken)
    kept = []
    for candidate in found:
        key = _key(candidate)
        if key not in seen:
            seen.add(key)
            kept.append(candidate)
    return kept


def summarize(
    text: str,
    *,
    budget_chars: int = 900,
    max_points: int = 7,
    min_points: int = 3,
    sections: Sequence[tuple[str, str]] | None = None,
    title: str = "",
    weights: Weights | None = None,
) -> Summary:
    """A gist and 3-7 key sentences that fit in `budget_chars` together; long texts (or texts
    given as (heading, text) sections) are summarized section by section, then combined."""
    titles = [title] if title else []
    if sections is None and len(text) > LONG_CHARS:
        sections = _windows(text, SECTION_CHARS)
    if sections:
        sections = _grouped(
            [w for heading, body in sections for w in _split_long(heading, body)], MAX_SECTIONS
        )
        per_section = max(2, math.ceil(2 * max_points / len(sections)))
        found = _section_picks(sections, title, per_section, weights)
    else:
        found = _distinct(_chat_candidates(text, title))
    if not found:
        return Summary("")
    order = _ranked(found, titles, weights, 3 * max_points)
    point_chars = min(MAX_POINT_CHARS, max(40, budget_chars // (min_points + 1)))
    gist = shorten(_LIST_MARK.sub("", found[order[0]].text), point_chars)
    spent = len(gist)
    kept: list[int] = []
    for index in order[1:]:
        if len(kept) == max_points:
            break
        point = shorten(_LIST_MARK.sub("", found[index].text), point_chars)
        if spent + len(point) > budget_chars:
            continue
        kept.append(index)
        spent += len(point)
    kept.sort(key=lambda i: (found[i].source, found[i].position))
    return Summary(gist, [shorten(_LIST_MARK.sub("", found[i].text), point_chars) for i in kept])
