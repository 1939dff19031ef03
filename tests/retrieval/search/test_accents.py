"""Diacritic restoration of queries typed without accents, from a small Vietnamese corpus."""

from __future__ import annotations

import json

import pytest

from retrieval.search.accents import AccentModel

TRAINING = [
    "Thủ tục đăng ký kết hôn cần những giấy tờ gì.",
    "Công dân nộp hồ sơ đăng ký kết hôn tại Ủy ban nhân dân cấp xã.",
    "Hồ sơ gồm tờ khai đăng ký kết hôn và giấy xác nhận tình trạng hôn nhân.",
    "Thời hạn giải quyết là năm ngày làm việc.",
    "Tổ chức họp giao ban hằng tuần. Tổ chức đoàn thanh niên.",
    "Cơ quan đang xử lý hồ sơ của công dân.",
]


@pytest.fixture(scope="module")
def model() -> AccentModel:
    return AccentModel.train(TRAINING)


def test_train_counts_syllables_and_pairs(model: AccentModel) -> None:
    assert model.unigrams["đăng"] == 3
    assert model.unigrams["hôn"] == 4  # three "kết hôn" and one "hôn nhân"
    assert model.unigrams["ủy"] == 1  # syllables are lower-cased
    assert model.bigrams["đăng ký"] == 3
    assert model.bigrams["kết hôn"] == 3
    assert model.bigrams["tổ chức"] == 2
    assert "Ủy" not in model.unigrams


def test_forms_group_accented_variants_by_folded_key_most_common_first(
    model: AccentModel,
) -> None:
    assert model.forms["dang"] == ["đăng", "đang"]  # 3 occurrences against 1
    assert sorted(model.forms["to"]) == ["tổ", "tờ"]
    assert model.forms["ho"] == ["hồ"]
    assert "xyz" not in model.forms


@pytest.mark.parametrize(
    ("plain", "restored"),
    [
        ("thu tuc dang ky ket hon", "thủ tục đăng ký kết hôn"),
        ("thoi han giai quyet", "thời hạn giải quyết"),
        ("nop ho so tai uy ban nhan dan", "nộp hồ sơ tại ủy ban nhân dân"),
        ("co quan dang xu ly ho so", "cơ quan đang xử lý hồ sơ"),  # context picks "đang"
        ("dang ky ket hon", "đăng ký kết hôn"),  # and "đăng" here
        ("to chuc hop giao ban", "tổ chức họp giao ban"),  # context picks "tổ"
        ("giay to", "giấy tờ"),  # and "tờ" here
        ("to khai", "tờ khai"),
        ("THU TUC?", "thủ tục"),  # case and punctuation are dropped
    ],
)
def test_restore_query_typed_without_diacritics(
    model: AccentModel, plain: str, restored: str
) -> None:
    assert model.restore(plain) == restored


@pytest.mark.parametrize(
    ("typed", "restored"),
    [
        # An accented token is kept exactly, even against the model's preference.
        ("đang ky", "đang ký"),
        ("dang ký", "đăng ký"),
        ("dang ky ket hôn", "đăng ký kết hôn"),
        ("Tờ chuc", "tờ chức"),
        ("Đăng ky ket hon", "đăng ký kết hôn"),
    ],
)
def test_accented_tokens_are_kept_as_typed(model: AccentModel, typed: str, restored: str) -> None:
    assert model.restore(typed) == restored


@pytest.mark.parametrize(
    ("typed", "restored"),
    [
        ("xyz abc dang ky", "xyz abc đăng ký"),
        ("ho so gom van bang", "hồ sơ gồm van bang"),
        ("email 2024", "email 2024"),
    ],
)
def test_unknown_syllables_pass_through(model: AccentModel, typed: str, restored: str) -> None:
    assert model.restore(typed) == restored


def test_restore_empty_text(model: AccentModel) -> None:
    assert model.restore("") == ""
    assert model.restore("?!") == ""


def test_untrained_model_returns_lowercased_syllables() -> None:
    assert AccentModel().restore("Thu Tuc, dang ky") == "thu tuc dang ky"


def test_json_round_trip(model: AccentModel) -> None:
    data = model.to_json()
    assert "đăng ký" in data  # not escaped to \u sequences
    assert json.loads(data)["u"]["hồ"] == 3
    loaded = AccentModel.from_json(data)
    assert loaded.unigrams == model.unigrams
    assert loaded.bigrams == model.bigrams
    assert loaded.forms == model.forms
    for query in ("thu tuc dang ky ket hon", "co quan dang xu ly ho so", "to chuc hop"):
        assert loaded.restore(query) == model.restore(query)


def test_json_round_trip_of_empty_model() -> None:
    loaded = AccentModel.from_json(AccentModel().to_json())
    assert not loaded.unigrams
    assert not loaded.bigrams
    assert loaded.forms == {}
