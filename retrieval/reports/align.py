"""Rows and columns of a unit's table matched to the template's by their labels.

Labels are compared after numbering, diacritics, case and punctuation are set aside and the
usual abbreviations are written out ("TTHC", "HS", "LĐ-TB&XH"). Labels the same after that
match first; the rest are paired one to one by similarity (rapidfuzz scores, scipy's
assignment). Every pair not written identically (a missing diacritic, an abbreviation, a
rewording) is returned for a person to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from retrieval.reports.tables import label_key, strip_numbering

MIN_SCORE = 72.0  # below this two labels are not the same item
# Written out in this order, the longer first ("VH, TT&DL" before "VH&TT"); "&" and
# punctuation are spaces by then.
_ABBREVIATIONS = [
    (r"\bld tb (?:va )?xh\b|\bldtbxh\b", "lao dong thuong binh va xa hoi"),
    (r"\btb (?:va )?xh\b", "thuong binh va xa hoi"),
    (r"\bvh tt (?:va )?dl\b|\bvhttdl\b", "van hoa the thao va du lich"),
    (r"\bvh (?:va )?tt\b", "van hoa va thong tin"),
    (r"\bgd (?:va )?dt\b|\bgddt\b", "giao duc va dao tao"),
    (r"\btn (?:va )?mt\b|\btnmt\b", "tai nguyen va moi truong"),
    (r"\bnn (?:va )?ptnt\b|\bnnptnt\b", "nong nghiep va phat trien nong thon"),
    (r"\bptnt\b", "phat trien nong thon"),
    (r"\bcb (?:va )?cc\b|\bcbcc\b", "can bo cong chuc"),
    (r"\bdang ky kd\b|\bdkkd\b", "dang ky kinh doanh"),
    (r"\bkntc\b", "khieu nai to cao"),
    (r"\btthc\b", "thu tuc hanh chinh"),
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhs\b", "ho so"),
    (r"\bsl\b", "so luong"),
    (r"\bgq\b", "giai quyet"),
    (r"\bxd\b", "xay dung"),
    (r"\bttdt\b", "trat tu do thi"),
]
_EXPANSIONS = [(re.compile(pattern), words) for pattern, words in _ABBREVIATIONS]
# A row or column of totals, however it is called.
_GRAND_TOTAL = re.compile(r"tong so|tong cong|tong|cong|cong chung")
# Words that say nothing about which item a row is.
_FILLER = re.compile(r"\b(?:linh vuc|thu tuc hanh chinh|so luong|so|cac|ve)\b")


def compared(label: str) -> str:
    """A label as matched: `label_key` with abbreviations written out."""
    key = label_key(label.replace("&", " & "))
    for pattern, words in _EXPANSIONS:
        key = pattern.sub(words, key)
    key = " ".join(key.split())
    return "tong cong" if _GRAND_TOTAL.fullmatch(key) else key


def _written(label: str) -> str:
    """A label as written, diacritics kept: only case, spacing, punctuation and numbering go."""
    return " ".join(re.sub(r"[^\w%]+", " ", strip_numbering(label).lower()).split())


def _core(key: str) -> str:
    return " ".join(_FILLER.sub(" ", key).split()) or key


@dataclass(frozen=True)
class Pair:
    """found[index] is the template's item `target`; exact when the labels are the same."""

    found: int
    target: int
    score: float
    exact: bool


def align(
    found: Sequence[str], template: Sequence[str], decided: Mapping[str, str | None] | None = None
) -> list[Pair]:
    """One-to-one pairs of found labels with template labels; unpaired ones are left out.
    `decided` holds what a person said about a found label: the template label it is, or
    None when it is none of them (it is then never matched by similarity)."""
    found_keys = [compared(label) for label in found]
    target_keys = [compared(label) for label in template]
    said = {compared(k): None if v is None else compared(v) for k, v in (decided or {}).items()}
    pairs: list[Pair] = []
    free_found = list(range(len(found)))
    free_target = list(range(len(template)))
    for index, key in enumerate(found_keys):
        wanted = said.get(key, key)
        same = [t for t in free_target if target_keys[t] == wanted]
        if same:
            # Identical as written (case, spacing, numbering aside), or as a person said.
            exact = key in said or _written(found[index]) == _written(template[same[0]])
            pairs.append(Pair(index, same[0], 100.0, exact))
            free_target.remove(same[0])
        if same or key in said:
            free_found.remove(index)
    if not free_found or not free_target:
        return pairs
    left = [_core(found_keys[i]) for i in free_found]
    right = [_core(target_keys[t]) for t in free_target]
    similar = process.cdist(left, right, scorer=fuzz.token_set_ratio, dtype=np.float32)
    ordered = process.cdist(left, right, scorer=fuzz.ratio, dtype=np.float32)
    scores = 0.5 * similar + 0.5 * ordered
    rows, columns = linear_sum_assignment(scores, maximize=True)
    for row, column in zip(rows, columns, strict=True):
        score = float(scores[row, column])
        if score >= MIN_SCORE:
            pairs.append(Pair(free_found[row], free_target[column], round(score, 1), False))
    return sorted(pairs, key=lambda p: p.found)
