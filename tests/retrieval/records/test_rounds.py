"""Report rounds on SQLite and PostgreSQL: one open round per chat, files, units, results."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.records.rounds import ReportStore, RoundOpen
from tests.databases import migrated_engine
from tests.report_files import keep_report


def test_templates_are_registered_and_replaced(database_url: str) -> None:
    """A template is kept by name; adding the name again replaces its file."""
    store = ReportStore(migrated_engine(database_url))
    assert not store.add_template("TTHC quý", "mau.xlsx", b"one", "cli:root")
    assert store.add_template("TTHC quý", "mau2.xlsx", b"two", "cli:root")
    found = store.template("tthc QUÝ")
    assert found is not None and (found.file_name, found.data) == ("mau2.xlsx", b"two")
    assert [t.name for t in store.templates()] == ["TTHC quý"]
    assert store.template("other") is None


def test_a_round_its_files_and_its_result(database_url: str) -> None:
    """One open round per chat; files counted per unit; a closed round is the next one's
    previous period, by template."""
    store = ReportStore(migrated_engine(database_url))
    first = store.open_round(
        "telegram:-1",
        "Báo cáo quý IV",
        private=False,
        deadline=date(2027, 1, 15),
        expected=["UBND xã A", "UBND xã B", "UBND xã C"],
        template="TTHC",
        opened_by="telegram:1",
    )
    with pytest.raises(RoundOpen):
        store.open_round(
            "telegram:-1",
            "again",
            private=False,
            deadline=None,
            expected=[],
            template=None,
            opened_by="telegram:1",
        )
    assert store.open_round_in("telegram:-1") == first
    assert store.open_round_in("telegram:-2") is None
    a = keep_report(store, first.id, "UBND xã A", "telegram:7", b"A")
    keep_report(store, first.id, "Phòng Tư pháp", "telegram:8", b"P")
    last = store.last_file_of(first.id, "telegram:7")
    assert last is not None and (last.id, last.data) == (a.id, b"A")
    first_file = store.first_file(first.id)
    assert first_file is not None and first_file.id == a.id
    assert store.first_file(first.id + 100) is None
    store.set_unit(a.id, "UBND xã B")
    progress = store.progress(first)
    assert progress.reported == ("UBND xã B",)
    assert progress.missing == ("UBND xã A", "UBND xã C")
    assert progress.unexpected == ("Phòng Tư pháp",)
    assert [f.data for f in store.files(first.id, with_data=True)] == [b"A", b"P"]
    assert store.open_rounds() == [first]
    store.close(first.id, {"units": [{"unit": "UBND xã B", "values": []}]})
    assert store.open_round_in("telegram:-1") is None
    assert store.get(first.id) is not None and store.get(first.id).state == "closed"  # type: ignore[union-attr]
    second = store.open_round(
        "telegram:-3",
        "Báo cáo quý I",
        private=True,
        deadline=None,
        expected=[],
        template="TTHC",
        opened_by="telegram:1",
    )
    assert store.previous_result(second) == {"units": [{"unit": "UBND xã B", "values": []}]}
    assert store.open_rounds(groups_only=True) == []
    store.cancel(second.id)
    assert store.open_rounds() == []
