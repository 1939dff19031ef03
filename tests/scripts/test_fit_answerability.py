"""The judge's fitting script: extending a model with a new feature keeps what it had."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("sklearn", reason="the fitting script needs the eval extra (scikit-learn)")


def _script() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "scripts" / "fit_answerability.py"
    spec = importlib.util.spec_from_file_location("fit_answerability", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(count: int) -> list[dict[str, Any]]:
    """Questions whose top passage is right mostly when it covers them, and seldom when it
    lacks the kind of fact asked for."""
    rng = random.Random(7)
    rows = []
    for _ in range(count):
        coverage, lacks = rng.random(), float(rng.random() < 0.3)
        p = 1 / (1 + pow(2.718281828, -(4 * coverage - 2 - 2 * lacks)))
        right = rng.random() < p
        rows.append(
            {
                "features": {"coverage": coverage, "kind_missing": lacks},
                "top_passage": "right" if right else "wrong",
            }
        )
    return rows


def test_extend_fits_the_new_feature_and_keeps_the_rest() -> None:
    model = {"weights": {"coverage": 4.0}, "intercept": -2.0, "answer": 0.6, "partial": 0.4}
    extended = _script().extend(_rows(4000), model, ("coverage", "kind_missing"))
    assert extended["weights"]["coverage"] == 4.0 and extended["intercept"] == -2.0
    assert (extended["answer"], extended["partial"]) == (0.6, 0.4)
    assert extended["weights"]["kind_missing"] == pytest.approx(-2.0, abs=0.3)
    assert extended["extended_on"]["questions"] == 4000
