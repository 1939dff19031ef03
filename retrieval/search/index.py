"""The hybrid index: BM25 over Vietnamese analysis and FAISS vectors, fused.

An index is an immutable snapshot of segments with tombstones: a change makes a new snapshot
(one more segment, some rows marked dead) and leaves the old one to the searches reading it.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from retrieval.errors import IndexMismatch
from retrieval.search.accents import AccentModel
from retrieval.search.embedders import Embedder, Vectors
from retrieval.search.lexical import Vocabulary, document_frequencies
from retrieval.search.ranking import Hit, rank
from retrieval.search.segment import Segment, merge
from retrieval.text import detect_language, has_diacritics

FORMAT = 3  # 3: segments of term frequencies, texts and accent counts

__all__ = ["FORMAT", "Hit", "HybridIndex", "SearchConfig"]


@dataclass(frozen=True)
class SearchConfig:
    """Every setting that changes what the index holds or how it ranks."""

    k1: float = 1.2
    b: float = 0.75
    bigrams: bool = True
    bm25_weight: float = 1.0
    dense_weight: float = 1.0
    rrf_k: float = 60.0
    fusion: str = "zscore"
    restore_accents: bool = True
    candidates: int = 100
    # Per query, each z-scored list is weighted by how sharply its top results stand out
    # (its peakedness, to this power; 0 keeps the weights fixed).
    adaptive_weights: float = 0.75
    # A passage gains this share of the fused score of the best other passage of its article.
    article_bonus: float = 0.1
    # The dense side reads the first this many words of a question (0: all); BM25 reads all.
    # A long question's tail changes its vector little and costs the most embedding time.
    dense_query_words: int = 40

    def fingerprint(self, embedder_name: str | None) -> str:
        """What the stored index was built with (ranking-only settings excluded)."""
        return json.dumps(
            {
                "k1": self.k1,
                "b": self.b,
                "bigrams": self.bigrams,
                "embedder": embedder_name,
                "format": FORMAT,
            },
            sort_keys=True,
        )


class HybridIndex:
    """BM25 and dense rankings over the same chunks, fused (z-scores by default, or RRF)."""

    def __init__(
        self,
        *,
        segments: Sequence[Segment],
        live: Sequence[npt.NDArray[np.bool_]],
        vocab: Vocabulary,
        accents: AccentModel,
        config: SearchConfig,
        embedder_name: str | None,
        revision: int,
        dim: int | None,
        df: npt.NDArray[np.int64] | None = None,
    ) -> None:
        self.segments = tuple(segments)
        self.live = tuple(live)
        self.vocab = vocab
        self.accents = accents
        self.config = config
        self.embedder_name = embedder_name
        self.revision = revision
        self.dim = dim  # the vector width, None for a lexical-only index
        self.offsets = np.cumsum([0, *(len(s) for s in self.segments)])
        self.all_ids: npt.NDArray[np.int64] = np.concatenate(
            [np.zeros(0, dtype=np.int64), *(s.chunk_ids for s in self.segments)]
        )
        self.alive: npt.NDArray[np.bool_] = np.concatenate(
            [np.zeros(0, dtype=np.bool_), *self.live]
        )
        self.chunk_ids = self.all_ids[self.alive]
        groups = [s.groups for s in self.segments if s.groups is not None]
        self.all_groups: npt.NDArray[np.int64] | None = (
            np.concatenate([np.zeros(0, dtype=np.int64), *groups])
            if len(groups) == len(self.segments)
            else None
        )
        if df is None:  # counted from the live rows (a load); changes adjust it instead
            df = np.zeros(len(vocab), dtype=np.int64)
            for segment, alive in zip(self.segments, self.live, strict=True):
                rows = segment.tf if alive.all() else segment.tf[np.flatnonzero(alive)]
                df += document_frequencies(rows, len(df))
        self.df = df
        lengths = [s.lengths[a] for s, a in zip(self.segments, self.live, strict=True)]
        self.passages = len(self.chunk_ids)
        mean = float(sum(x.sum() for x in lengths)) / self.passages if self.passages else 1.0
        k1, b = config.k1, config.b
        self.norms = [k1 * ((1 - b) + b * s.lengths / (mean or 1.0)) for s in self.segments]

    def __len__(self) -> int:
        return self.passages

    @property
    def groups(self) -> npt.NDArray[np.int64] | None:
        """The article group of each live chunk (aligned with chunk_ids), or None."""
        return None if self.all_groups is None else self.all_groups[self.alive]

    @classmethod
    def build(
        cls,
        chunk_ids: list[int],
        texts: list[str],
        vectors: Vectors | None,
        config: SearchConfig,
        embedder_name: str | None,
        revision: int,
        groups: list[int] | None = None,
    ) -> HybridIndex:
        """Index the given chunks; vectors and groups (the article of each chunk, passages of
        one article sharing a number), when given, are aligned with texts."""
        if groups is not None and len(groups) != len(texts):
            raise ValueError("one group per chunk is needed")
        empty = cls.empty(config, embedder_name if vectors is not None else None, revision)
        if vectors is not None and embedder_name is not None:
            empty.dim = int(vectors.shape[1])
        return empty.changed(chunk_ids, texts, vectors, groups, (), revision)

    @classmethod
    def empty(cls, config: SearchConfig, embedder_name: str | None, revision: int) -> HybridIndex:
        """An index of nothing, to be changed."""
        return cls(
            segments=(),
            live=(),
            vocab=Vocabulary(),
            accents=AccentModel.from_counts(*_no_counts()),
            config=config,
            embedder_name=embedder_name,
            revision=revision,
            dim=None,
        )

    def changed(
        self,
        chunk_ids: Sequence[int],
        texts: Sequence[str],
        vectors: Vectors | None,
        groups: Sequence[int] | None,
        removed: Collection[int],
        revision: int,
    ) -> HybridIndex:
        """A new snapshot with these chunks added (one more segment) and the `removed` ids
        marked dead; this one is not touched."""
        live = list(self.live)
        df = np.zeros(len(self.vocab), dtype=np.int64)
        df[: len(self.df)] = self.df
        dead_texts: list[str] = []
        if removed:
            gone = np.fromiter(removed, dtype=np.int64, count=len(removed))
            for i, segment in enumerate(self.segments):
                rows = np.flatnonzero(np.isin(segment.chunk_ids, gone) & live[i])
                if len(rows):
                    live[i] = live[i].copy()
                    live[i][rows] = False
                    df -= document_frequencies(segment.tf[rows], len(df))
                    dead_texts.extend(segment.text(int(r)) for r in rows)
        segments = list(self.segments)
        added = []
        if len(chunk_ids):
            dense = vectors if self.embedder_name is not None else None
            segment = Segment.build(
                chunk_ids, texts, dense, groups, self.vocab, bigrams=self.config.bigrams
            )
            segments.append(segment)
            live.append(np.ones(len(segment), dtype=np.bool_))
            df = np.concatenate([df, np.zeros(len(self.vocab) - len(df), dtype=np.int64)])
            df += document_frequencies(segment.tf, len(df))
            added.append((segment.unigrams, segment.bigrams))
        accents = self.accents.changed(added, dead_texts) if added or dead_texts else self.accents
        return self._with(segments, live, accents, revision, df)

    def merged(self, which: Collection[int] | None = None) -> HybridIndex:
        """The same passages with the segments at positions `which` (all by default) merged
        into one, their dead rows dropped."""
        chosen = set(range(len(self.segments)) if which is None else which)
        parts = [(s, a) for i, (s, a) in enumerate(zip(self.segments, self.live, strict=True))]
        kept = [p for i, p in enumerate(parts) if i not in chosen]
        picked = [p for i, p in enumerate(parts) if i in chosen]
        if picked:
            merged = merge(picked, len(self.vocab))
            kept.append((merged, np.ones(len(merged), dtype=np.bool_)))
        return self._with([s for s, _ in kept], [a for _, a in kept], self.accents, None, self.df)

    def dead_share(self) -> float:
        """The share of rows that are tombstones."""
        return 1 - self.passages / len(self.all_ids) if len(self.all_ids) else 0.0

    def _with(
        self,
        segments: Sequence[Segment],
        live: Sequence[npt.NDArray[np.bool_]],
        accents: AccentModel,
        revision: int | None,
        df: npt.NDArray[np.int64],
    ) -> HybridIndex:
        return HybridIndex(
            segments=segments,
            live=live,
            vocab=self.vocab,
            accents=accents,
            config=self.config,
            embedder_name=self.embedder_name,
            revision=self.revision if revision is None else revision,
            dim=self.dim,
            df=df,
        )

    def at_revision(self, revision: int) -> HybridIndex:
        """The same snapshot, known to describe the library at `revision`."""
        return self._with(self.segments, self.live, self.accents, revision, self.df)

    def meta(self) -> dict[str, object]:
        """What a saved file records besides the passages."""
        return {
            "revision": self.revision,
            "config": asdict(self.config),
            "embedder": self.embedder_name,
            "dim": self.dim,
            "format": FORMAT,
        }

    def save(self, path: Path) -> None:
        """Write the whole index to one file atomically (its segments merged into one)."""
        whole = self.merged()
        segment = (
            whole.segments[0]
            if whole.segments
            else Segment.build([], [], *_none(whole), bigrams=self.config.bigrams)
        )
        segment.save(path, self.vocab, self.meta())

    @classmethod
    def load(cls, path: Path) -> HybridIndex:
        """Read an index file; IndexMismatch when it is missing or unreadable."""
        try:
            vocab = Vocabulary()
            segment, meta = Segment.load(path, vocab)
            if meta.get("format") != FORMAT:
                raise IndexMismatch("index file format changed")
            return cls.from_segments([segment], vocab, meta)
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:
            raise IndexMismatch(f"cannot read index file {path}: {exc}") from exc

    @classmethod
    def from_segments(
        cls, segments: Sequence[Segment], vocab: Vocabulary, meta: dict[str, object]
    ) -> HybridIndex:
        """An index of loaded segments, every row live."""
        config = meta["config"]
        if not isinstance(config, dict):
            raise ValueError("no settings in the index file")
        unigrams, bigrams = _no_counts()
        for segment in segments:
            unigrams.update(segment.unigrams)
            bigrams.update(segment.bigrams)
        dim = meta.get("dim")
        return cls(
            segments=segments,
            live=[np.ones(len(s), dtype=np.bool_) for s in segments],
            vocab=vocab,
            accents=AccentModel.from_counts(unigrams, bigrams),
            config=SearchConfig(**config),
            embedder_name=str(meta["embedder"]) if meta.get("embedder") else None,
            revision=int(str(meta["revision"])),
            dim=int(str(dim)) if dim is not None else None,
        )

    def dense_query_text(self, query: str, typed_plain: bool | None = None) -> str:
        """The text to embed: the question's first `dense_query_words` words, Vietnamese typed
        without diacritics with them restored (`typed_plain`: whether the asker typed it so,
        when the query is a rewriting that added accented words)."""
        if self.config.dense_query_words:
            query = " ".join(query.split()[: self.config.dense_query_words])
        plain = not has_diacritics(query) if typed_plain is None else typed_plain
        if self.config.restore_accents and plain and detect_language(query) == "vi":
            return self.accents.restore(query)
        return query

    def search(
        self,
        query: str,
        embedder: Embedder | None = None,
        *,
        k: int = 10,
        allowed: set[int] | None = None,
        vector: Vectors | None = None,
    ) -> list[Hit]:
        """Fused top-k; allowed, when given, limits the search to those chunk ids first;
        `vector`: the question's embedding when the caller already has it."""
        return rank(self, query, embedder, k, allowed, vector)

    def idf(self, terms: Sequence[str]) -> list[float]:
        """BM25's inverse document frequency of each (analysed) term over the live passages;
        a term no passage holds gets the highest there is."""
        out = []
        for term in terms:
            at = self.vocab.lookup([term])
            count = float(self.df[at[0]]) if at and at[0] < len(self.df) else 0.0
            out.append(float(np.log1p((self.passages - count + 0.5) / (count + 0.5))))
        return out

    def query_vector(
        self, query: str, embedder: Embedder, typed_plain: bool | None = None
    ) -> Vectors:
        """The question's embedding, of the text `dense_query_text` gives."""
        return embedder.embed_query(self.dense_query_text(query, typed_plain))


def _no_counts() -> tuple[Counter[str], Counter[str]]:
    return Counter(), Counter()


def _none(index: HybridIndex) -> tuple[Vectors | None, None, Vocabulary]:
    dim = index.dim
    vectors = np.zeros((0, dim), dtype=np.float32) if dim is not None else None
    return vectors, None, index.vocab
