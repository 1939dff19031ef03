"""Chat Vietnamese to the words documents use: shorthand expanded, fillers dropped, and the
document terms for everyday phrases, from an editable glossary (glossary.toml)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, NoReturn

from retrieval.text import detect_language, fold, normalize, syllables

GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")
SECTIONS = ("abbreviations", "acronyms", "fillers", "terms")
PLACES = ("anywhere", "start", "end")
Kind = Literal["abbreviation", "acronym", "filler", "term"]
_Row = tuple[Kind, str, tuple[str, ...]]  # kind, key as written, value

_TOKEN = re.compile(r"\w+")
_GLUE = frozenset("-/.&+@#")  # they join words into one code: "15/QĐ-UBND", "k.2", "tp.hcm"
_fold = lru_cache(maxsize=1 << 16)(fold)  # bounded: every question brings new words
_LABELLED = frozenset("diem hang muc loai nhom".split())  # "điểm a", "hạng A": a label


class GlossaryError(ValueError):
    """A glossary file that cannot be read or does not follow the format."""


@dataclass(frozen=True)
class Expansion:
    """One rule that fired: its kind, the words it matched and what they gave."""

    kind: Kind
    source: str
    target: tuple[str, ...]


@dataclass(frozen=True)
class Rewritten:
    """A question ready for search: its normalised text and the document terms to add."""

    text: str
    terms: tuple[str, ...] = ()
    fired: tuple[Expansion, ...] = ()
    judged: str = ""  # the text, each everyday phrase replaced by its new document terms

    @property
    def query(self) -> str:
        """The text followed by the added terms, for a lexical search."""
        return " ".join((self.text, *self.terms)).strip()

    @property
    def reading(self) -> str:
        """The question as the judge reads it: in the documents' words only, so that an
        everyday word no document uses ("hộ khẩu", "bỏ nhau") counts neither as missing
        from a passage nor as a rare word of the question."""
        return self.judged or self.query


@dataclass(frozen=True)
class Glossary:
    """Chat shorthand, acronyms, fillers and everyday phrases with their document terms."""

    abbreviations: Mapping[str, str] = field(default_factory=dict)
    acronyms: Mapping[str, str] = field(default_factory=dict)
    fillers: Mapping[str, str] = field(default_factory=dict)
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def _rules(self) -> tuple[_Rules, _Rules, _Rules]:
        """Shorthand and fillers removed anywhere; fillers at a clause's edge; phrases."""
        fillers: list[_Row] = [("filler", k, (v,)) for k, v in self.fillers.items() if v in PLACES]
        return (
            _Rules.of(
                [("abbreviation", k, (v,)) for k, v in self.abbreviations.items()]
                + [("acronym", k, (v,)) for k, v in self.acronyms.items()]
                + [f for f in fillers if f[2] == ("anywhere",)]
            ),
            _Rules.of([f for f in fillers if f[2] != ("anywhere",)]),
            _Rules.of([("term", k, tuple(v)) for k, v in self.terms.items()]),
        )


@dataclass(frozen=True)
class _Word:
    text: str
    before: str  # the characters between this word and the previous one
    low: str
    key: str  # lower-cased and folded
    typed: bool = True  # False for the words of an expansion


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    key: tuple[str, ...]  # lower-case syllables as the glossary writes them
    value: tuple[str, ...]  # the replacement, the document terms, or a filler's place


@dataclass(frozen=True)
class _Rules:
    entries: dict[tuple[str, ...], list[_Entry]]
    longest: int
    starts: frozenset[str]  # first folded syllables of the keys: most words start none

    @classmethod
    def of(cls, entries: list[_Row]) -> _Rules:
        table: dict[tuple[str, ...], list[_Entry]] = {}
        for kind, phrase, value in entries:
            key = tuple(syllables(phrase))
            if key and (kind in ("filler", "term") or syllables(value[0])):
                table.setdefault(tuple(map(_fold, key)), []).append(_Entry(kind, key, value))
        return cls(table, max(map(len, table), default=0), frozenset(k[0] for k in table))


def _split(text: str) -> tuple[list[_Word], str]:
    """The words of a text, each with the characters before it, and the characters after."""
    words, end = [], 0
    for match in _TOKEN.finditer(text):
        low = match.group().lower()
        words.append(_Word(match.group(), text[end : match.start()], low, _fold(low)))
        end = match.end()
    return words, text[end:]


def _glued(sep: str) -> bool:
    return bool(sep) and all(ch in _GLUE for ch in sep)


def _broken(sep: str) -> bool:
    """True when the separator ends a clause (a comma, a question mark, a bracket...)."""
    return bool(sep) and not sep.isspace() and not _glued(sep)


@lru_cache(maxsize=1 << 16)
def _marks(syllable: str) -> str:
    # Letters and marks regardless of order, so "xoá" (old tone placement) is "xóa".
    return "".join(sorted(unicodedata.normalize("NFD", syllable)))


def _fits(words: list[_Word], tail: str, i: int, end: int, entry: _Entry) -> bool:
    """Whether the entry may fire on words[i:end], whose folded keys match its own."""
    span, after = words[i:end], words[end].before if end < len(words) else tail
    if any(_broken(w.before) for w in span[1:]):
        return False
    # A key with diacritics also matches words typed without them, unless the span shows the
    # asker types them ("đi tu" is not "đi tù"); shorthand of one word is a spelling ("hông" is
    # not "hong", which may be "hồng"; "thế" is not "the", which may be "thẻ").
    exact = (entry.kind != "term" and len(span) == 1) or any(
        w.typed and w.low != w.key for w in span
    )
    for word, written in zip(span, entry.key, strict=True):
        if not ((word.low == word.key and not exact) or _marks(word.low) == _marks(written)):
            return False
    if entry.kind == "term":
        return True
    if _glued(span[0].before) or (end < len(words) and _glued(after)):
        return False
    if len(entry.key) == 1 and len(entry.key[0]) == 1:  # "k": never in "5 k", "k 2", "điểm k"
        near = (words[i - 1].key if i else "", words[end].key if end < len(words) else "")
        if any(n.isdigit() for n in near) or near[0] in _LABELLED:
            return False
        if span[0].before.endswith("(") or after.startswith(")"):
            return False
    place = entry.value[0] if entry.kind == "filler" else "anywhere"
    if place == "start":
        return i == 0 or _broken(span[0].before)
    return place != "end" or end == len(words) or _broken(after)


def _match(words: list[_Word], tail: str, i: int, rules: _Rules) -> tuple[int, _Entry] | None:
    """The longest entry that fires at words[i], with the index after its last word."""
    if words[i].key not in rules.starts:
        return None
    for end in range(min(len(words), i + rules.longest), i, -1):
        for entry in rules.entries.get(tuple(w.key for w in words[i:end]), ()):
            if _fits(words, tail, i, end, entry):
                return end, entry
    return None


def _scan(words: list[_Word], tail: str, rules: _Rules, fired: list[Expansion]) -> list[_Word]:
    """Words with shorthand replaced and fillers removed (never all); phrases are recorded."""
    out: list[_Word] = []
    carry, i = "", 0  # carry: the separator of removed words, for the next word kept
    while i < len(words):
        hit = _match(words, tail, i, rules)
        if hit is None or (hit[1].kind == "filler" and not out and hit[0] == len(words)):
            out.append(replace(words[i], before=carry) if carry.strip() else words[i])
            carry, i = "", i + 1
            continue
        end, entry = hit
        source = words[i].text + "".join(w.before + w.text for w in words[i + 1 : end])
        fired.append(Expansion(entry.kind, source, () if entry.kind == "filler" else entry.value))
        if entry.kind == "filler":
            carry = carry if carry.strip() else words[i].before
        elif entry.kind == "term":
            out += words[i:end]
        else:
            new = [replace(w, typed=False) for w in _split(entry.value[0])[0]]
            before = carry if carry.strip() else words[i].before
            out += [replace(new[0], before=before), *new[1:]]
            carry = ""
        i = end
    return out


def rewrite(question: str, glossary: Glossary) -> Rewritten:
    """The question with shorthand expanded and fillers dropped, plus the document terms of its
    everyday phrases; an English question comes back only normalised."""
    text = normalize(question).strip()
    if len(text.split()) > 2 and detect_language(text) == "en":  # "so do" is Vietnamese
        return Rewritten(text)
    shorthand, edges, phrases = glossary._rules
    words, tail = _split(text)
    fired: list[Expansion] = []
    words = _scan(words, tail, shorthand, fired)
    while True:  # "... giúp em với nhé": the fillers at the edges until none is left
        count = len(fired)
        words = _scan(words, tail, edges, fired)
        if len(fired) == count:
            break
    text = ("".join(w.before + w.text for w in words) + tail).strip().lstrip(",;:.!?- ")
    held = [" ".join(w.key for w in words)]  # folded text, then each term added

    def novel(term: str) -> bool:
        key = " ".join(_fold(s) for s in syllables(term))
        if any(f" {key} " in f" {h} " for h in held):
            return False
        held.append(key)
        return True

    found: list[Expansion] = []
    _scan(words, tail, phrases, found)
    terms: list[str] = []
    judged = text
    for phrase in found:
        added = tuple(filter(novel, phrase.target))
        judged = judged.replace(phrase.source, ", ".join(added), 1)
        if added:
            fired.append(replace(phrase, target=added))
            terms += added
    acronyms = [e.source for e in fired if e.kind == "acronym" and novel(e.source)]  # "UBND"
    terms += acronyms
    return Rewritten(text, tuple(terms), tuple(fired), " ".join((judged, *acronyms)))


def load_glossary(extra: Path | None = None) -> Glossary:
    """The shipped glossary with an office's own file merged over it, entry by entry; an empty
    value in the office file removes a shipped entry."""
    shipped, office = _read(GLOSSARY_FILE), _read(extra) if extra is not None else Glossary()
    merged = {name: {**getattr(shipped, name), **getattr(office, name)} for name in SECTIONS}
    return Glossary(**{name: {k: v for k, v in m.items() if v} for name, m in merged.items()})


@cache
def shipped_glossary() -> Glossary:
    """The shipped glossary alone, read once per process."""
    return load_glossary()


_WANTED = {"terms": "a list of document terms", "fillers": f"one of {PLACES}"}


def _checked(name: str, value: Any) -> Any:
    """The value normalised, or None when its section does not take it ("" removes)."""
    if name == "terms":
        value = ([value] if value else []) if isinstance(value, str) else value
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(normalize(v).strip() for v in value)
    elif isinstance(value, str) and (
        value in ("", *PLACES) if name == "fillers" else not value or syllables(value)
    ):
        return normalize(value).strip()
    return None


def _read(path: Path) -> Glossary:
    """A glossary file as written (empty values kept: they remove shipped entries)."""
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GlossaryError(f"glossary {path}: {exc}") from exc

    def fail(needle: str, problem: str) -> NoReturn:
        lines = (n for n, line in enumerate(source.splitlines(), 1) if needle in line.split("#")[0])
        raise GlossaryError(f"glossary {path}, line {next(lines, '?')}: {problem}")

    parsed: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
    for name, table in data.items():
        if name not in SECTIONS or not isinstance(table, dict):
            needle = f"[{name}" if isinstance(table, dict) else name
            fail(needle, f"{name!r} is not a section; the sections are {SECTIONS}")
        for raw, value in table.items():
            checked = _checked(name, value)
            if checked is None or not syllables(raw):
                fail(raw, f"[{name}] {raw!r} = {value!r}: expected {_WANTED.get(name, 'words')}")
            parsed[name][" ".join(syllables(raw))] = checked
    return Glossary(**parsed)
