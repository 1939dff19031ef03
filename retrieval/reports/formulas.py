"""The template's arithmetic: its formulas, evaluated over a unit's figures.

A template's formulas say which cells are totals and rates ("=SUM(R0C2:R11C2)",
"=IF(R3C4=0,0,(R3C5+R3C6)/R3C4*100)" once `tables` rewrites addresses to positions).
openpyxl's tokenizer splits a formula; the tokens become a Python expression that is parsed and
checked node by node before it runs: numbers, cells, + - * / ^, comparisons and a few
functions (SUM, IF, IFERROR, ROUND, MIN, MAX, ABS, AVERAGE). Anything else is not evaluated
and is reported as not checked.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from openpyxl.formula.tokenizer import Token, Tokenizer

from retrieval.reports.model import Position

_CELL = re.compile(r"^R(\d+)C(\d+)$")
_OPERATORS = {"+": "+", "-": "-", "*": "*", "/": "/", "^": "**", "=": "==", "<>": "!="}
_OPERATORS |= {"<": "<", ">": ">", "<=": "<=", ">=": ">="}
_ALLOWED = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Compare,
    ast.Call,
    ast.Name,
    ast.Constant,
    ast.Tuple,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Pow,
    ast.USub,
    ast.UAdd,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.Gt,
    ast.LtE,
    ast.GtE,
)


class NotEvaluable(ValueError):
    """A formula outside the small arithmetic understood here."""


def _flat(values: tuple[Any, ...]) -> list[float]:
    out: list[float] = []
    for value in values:
        out.extend(_flat(value) if isinstance(value, tuple) else [float(value)])
    return out


def _if(condition: object, yes: float, no: float = 0.0) -> float:
    return yes if condition else no


def _round(value: float, digits: float = 0) -> float:
    return float(np.round(value, int(digits)))


def _iferror(value: float, instead: float) -> float:
    return value if np.isfinite(value) else instead


_FUNCTIONS: dict[str, Callable[..., float]] = {
    "SUM": lambda *v: math.fsum(_flat(v)),
    "MIN": lambda *v: min(_flat(v)),
    "MAX": lambda *v: max(_flat(v)),
    "AVERAGE": lambda *v: math.fsum(_flat(v)) / len(_flat(v)),
    "ABS": abs,
    "ROUND": _round,
    "IF": _if,
    "IFERROR": _iferror,
}


@dataclass(frozen=True)
class Formula:
    """A checked formula: the cells it reads and how to compute it."""

    text: str
    reads: frozenset[Position]
    code: Any  # compiled, checked expression

    def evaluate(self, values: Mapping[Position, float]) -> float | None:
        """The formula over these figures (a blank cell counts 0); None where it has no value
        (a division by zero outside IFERROR)."""
        names: dict[str, object] = {
            f"c{r}_{c}": np.float64(values.get((r, c), 0.0)) for r, c in self.reads
        }
        names |= _FUNCTIONS
        try:
            with np.errstate(all="ignore"):
                result = eval(self.code, {"__builtins__": {}}, names)
            number = float(result)
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            return None
        return number if math.isfinite(number) else None


def compile_formula(text: str) -> Formula:
    """A formula over positions, checked; NotEvaluable when it is outside what is understood."""
    try:
        tokens = Tokenizer(text).items
    except Exception as exc:  # the tokenizer raises plain errors on malformed input
        raise NotEvaluable(str(exc)) from exc
    parts: list[str] = []
    reads: set[Position] = set()
    for token in tokens:
        parts.append(_python(token, reads))
    source = "".join(parts)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise NotEvaluable(text) from exc
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise NotEvaluable(f"{type(node).__name__} in {text}")
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS
        ):
            raise NotEvaluable(text)
        if isinstance(node, ast.Name) and not (
            node.id in _FUNCTIONS or re.fullmatch(r"c\d+_\d+", node.id)
        ):
            raise NotEvaluable(text)
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise NotEvaluable(text)
    return Formula(text, frozenset(reads), compile(tree, "<formula>", "eval"))


def _python(token: Token, reads: set[Position]) -> str:
    value = str(token.value)
    if token.type == Token.OPERAND and token.subtype == Token.RANGE:
        return _range(value, reads)
    if token.type == Token.OPERAND and token.subtype == Token.NUMBER:
        return value
    if token.type == Token.FUNC and token.subtype == Token.OPEN:
        return f"{value[:-1].upper().removeprefix('_XLFN.')}("
    if token.type in {Token.FUNC, Token.PAREN}:
        return value
    if token.type == Token.SEP:
        return ","
    if token.type in {Token.OP_IN, Token.OP_PRE} and value in _OPERATORS:
        return _OPERATORS[value]
    if token.type == Token.WSPACE:
        return ""
    raise NotEvaluable(value)


def _range(value: str, reads: set[Position]) -> str:
    ends = value.split(":")
    cells = [_CELL.match(end) for end in ends]
    if not all(cells) or len(ends) > 2:
        raise NotEvaluable(value)
    points = [(int(m[1]), int(m[2])) for m in cells if m]
    (r1, c1), (r2, c2) = points[0], points[-1]
    at = [
        (r, c)
        for r in range(min(r1, r2), max(r1, r2) + 1)
        for c in range(min(c1, c2), max(c1, c2) + 1)
    ]
    reads.update(at)
    names = ",".join(f"c{r}_{c}" for r, c in at)
    return f"({names},)" if len(ends) == 2 else names
