"""Restoring the diacritics of a query typed without them, from the library's own text."""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from retrieval.text import fold, has_diacritics, syllables

_LAMBDA = 0.8  # weight of the bigram estimate against the unigram one
_FLOOR = 1e-9


# Every refresh re-indexes the forms of all syllables; the folding of one never changes.
_folded = cache(fold)


def count(texts: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """Syllable and adjacent-pair counts of accented texts."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for text in texts:
        tokens = syllables(text)
        unigrams.update(tokens)
        bigrams.update(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    return unigrams, bigrams


@dataclass
class AccentModel:
    """Syllable unigram and bigram counts of a library, keyed for diacritic restoration."""

    unigrams: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[str] = field(default_factory=Counter)
    forms: dict[str, list[str]] = field(default_factory=dict)
    total: int = 0

    @classmethod
    def train(cls, texts: Iterable[str]) -> AccentModel:
        """Count syllables and adjacent pairs of accented text."""
        unigrams, bigrams = count(texts)
        return cls.from_counts(unigrams, bigrams)

    @classmethod
    def from_counts(cls, unigrams: Counter[str], bigrams: Counter[str]) -> AccentModel:
        """A model over these counts (kept, not copied)."""
        model = cls(unigrams, bigrams)
        model._index_forms()
        return model

    def changed(
        self, added: Iterable[tuple[Counter[str], Counter[str]]], removed: Iterable[str]
    ) -> AccentModel:
        """A new model with more counts and the counts of removed texts taken away; this
        one is left as it is (searches may be reading it). Only the forms of the syllables
        whose counts moved are ordered again, so a change costs what it touches."""
        unigrams, bigrams = Counter(self.unigrams), Counter(self.bigrams)
        touched: set[str] = set()
        for more_unigrams, more_bigrams in added:
            unigrams.update(more_unigrams)
            bigrams.update(more_bigrams)
            touched.update(more_unigrams)
        gone_unigrams, gone_bigrams = count(removed)
        touched.update(gone_unigrams)
        for counts, gone in ((unigrams, gone_unigrams), (bigrams, gone_bigrams)):
            for token, n in gone.items():
                left = counts[token] - n
                if left > 0:
                    counts[token] = left
                else:
                    del counts[token]
        by_form: dict[str, set[str]] = {}
        for token in touched:
            by_form.setdefault(_folded(token), set()).add(token)
        forms = dict(self.forms)
        for key, tokens in by_form.items():
            present = [t for t in tokens.union(forms.get(key, ())) if unigrams.get(t, 0) > 0]
            if present:
                forms[key] = sorted(present, key=lambda token: (-unigrams[token], token))
            else:
                forms.pop(key, None)
        return AccentModel(unigrams, bigrams, forms, sum(unigrams.values()))

    def _index_forms(self) -> None:
        forms: dict[str, list[str]] = {}
        # Ties by the token itself, so that the order never depends on which text came first
        # (an index updated in place restores exactly as one built at once).
        for token, _ in sorted(self.unigrams.items(), key=lambda pair: (-pair[1], pair[0])):
            forms.setdefault(_folded(token), []).append(token)
        self.forms = forms
        self.total = sum(self.unigrams.values())

    def to_json(self) -> str:
        """Serialise the counts."""
        return json.dumps(
            {"u": self.unigrams, "b": self.bigrams}, ensure_ascii=False, sort_keys=True
        )

    @classmethod
    def from_json(cls, data: str) -> AccentModel:
        """Rebuild a model from to_json output."""
        raw = json.loads(data)
        model = cls(Counter(raw["u"]), Counter(raw["b"]))
        model._index_forms()
        return model

    def _transition(self, previous: str | None, token: str, total: int) -> float:
        unigram = self.unigrams.get(token, 0) / total
        if previous is None:
            return math.log(unigram + _FLOOR)
        seen = self.unigrams.get(previous, 0)
        bigram = self.bigrams.get(f"{previous} {token}", 0) / seen if seen else 0.0
        return math.log(_LAMBDA * bigram + (1 - _LAMBDA) * unigram + _FLOOR)

    def restore(self, text: str) -> str:
        """Most likely accented syllables for the plain ones (Viterbi over a bigram model)."""
        tokens = syllables(text)
        if not tokens or not self.unigrams:
            return " ".join(tokens)
        total = self.total
        candidates = [[t] if has_diacritics(t) else self.forms.get(t, [t])[:8] for t in tokens]
        best: dict[str, tuple[float, list[str]]] = {
            c: (self._transition(None, c, total), [c]) for c in candidates[0]
        }
        for options in candidates[1:]:
            step: dict[str, tuple[float, list[str]]] = {}
            for c in options:
                score, path = max(
                    ((s + self._transition(p, c, total), path) for p, (s, path) in best.items()),
                    key=lambda pair: pair[0],
                )
                step[c] = (score, [*path, c])
            best = step
        return " ".join(max(best.values(), key=lambda pair: pair[0])[1])
