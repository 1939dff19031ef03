"""The document library on real SQLite and PostgreSQL: ingest, update, remove, index upkeep."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from retrieval.errors import IndexMismatch, NotFound
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library, expand_paths
from retrieval.search.saved import MANIFEST, SavedIndex
from retrieval.search.store import Chunk, Document
from tests.databases import migrated_engine
from tests.documents import DECREE_LINES, SEAL_LINES, write_docx, write_pdf


def make_library(url: str, folder: Path) -> Library:
    """A BM25-only library (no model), fast enough for every storage test."""
    return Library(migrated_engine(url), folder / "index.npz", SearchConfig(), None)


def count(library: Library, model: type[Chunk] | type[Document]) -> int:
    """Rows of a table."""
    with Session(library.engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_pdf_and_docx_are_ingested_and_cited(database_url: str, tmp_path: Path) -> None:
    """A real PDF and DOCX go in; a question comes back with document number, article, page."""
    library = make_library(database_url, tmp_path)
    pdf = write_pdf(tmp_path / "nd30.pdf", [DECREE_LINES, SEAL_LINES])
    word = write_docx(tmp_path / "quy-che.docx", ["QUY CHẾ", "Tiếp công dân", *SEAL_LINES[2:]])
    results = library.ingest([pdf, word], "van-thu")
    assert [r.status for r in results] == ["added", "added"]

    hits = library.search("ai quản lý con dấu của cơ quan", k=3, collections=["van-thu"])
    top = next(h for h in hits if h.source.endswith("nd30.pdf"))
    assert top.number == "30/2020/NĐ-CP"
    assert top.article == "Điều 32"
    assert top.page == 2
    assert top.title == "Nghị định Về công tác văn thư"
    assert top.section == "Chương II. QUẢN LÝ CON DẤU"
    docs = {d.source.rsplit("/", 1)[-1]: d for d in library.documents()}
    assert docs["quy-che.docx"].title == "Quy chế Tiếp công dân"
    assert docs["nd30.pdf"].chunks == 3


def test_reingest_unchanged_does_nothing_and_changed_replaces(
    database_url: str, tmp_path: Path
) -> None:
    """Same bytes: nothing changes. New bytes: the old chunks are gone, the new ones searchable."""
    library = make_library(database_url, tmp_path)
    path = tmp_path / "tb.txt"
    path.write_text("Điều 1. Giờ làm việc\nCơ quan làm việc từ 7 giờ 30.\n", encoding="utf-8")
    assert library.ingest([path], "chung")[0].status == "added"
    revision = library.index().revision
    assert library.ingest([path], "chung")[0].status == "unchanged"
    assert library.index().revision == revision

    path.write_text("Điều 1. Giờ làm việc\nCơ quan làm việc từ 8 giờ kém 15.\n", encoding="utf-8")
    assert library.ingest([path], "chung")[0].status == "updated"
    assert count(library, Document) == 1
    assert count(library, Chunk) == 1
    assert "kém 15" in library.search("giờ làm việc")[0].text
    assert not library.search("7 giờ 30") or "7 giờ 30" not in library.search("7 giờ 30")[0].text


def test_remove_takes_documents_out_of_every_index(database_url: str, tmp_path: Path) -> None:
    """Removal by number deletes rows and the index forgets the chunks."""
    library = make_library(database_url, tmp_path)
    pdf = write_pdf(tmp_path / "nd30.pdf", [DECREE_LINES, SEAL_LINES])
    library.ingest([pdf], "chung")
    assert library.search("con dấu")
    removed = library.remove("30/2020/NĐ-CP")
    assert [d.number for d in removed] == ["30/2020/NĐ-CP"]
    assert library.search("con dấu") == []
    assert count(library, Chunk) == 0
    assert len(library.index()) == 0
    assert len(make_library(database_url, tmp_path).index()) == 0  # and so is the saved one
    with pytest.raises(NotFound):
        library.remove("30/2020/NĐ-CP")


def test_bad_files_are_reported_and_the_folder_goes_on(tmp_path: Path) -> None:
    """A corrupt PDF, an empty file and an unknown type do not stop the good file."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7 garbage that is not a pdf")
    (folder / "rong.txt").write_bytes(b"")
    (folder / "anh.gif").write_bytes(b"GIF89a")
    (folder / "chuong.txt").write_text("Chương I\nQUY ĐỊNH CHUNG\n", encoding="utf-8")
    (folder / "vo-hinh.txt").write_text("\ufeff\u200b\u200b\n", encoding="utf-8")
    (folder / "tot.txt").write_text("Điều 1. Lệ phí\nLệ phí là 20.000 đồng.", encoding="utf-8")
    files, skipped = expand_paths([folder])
    assert [p.name for p in skipped] == ["anh.gif"]
    library = make_library(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path)
    results = {Path(r.source).name: r for r in library.ingest(files, "chung")}
    assert results["hong.pdf"].status == "failed"
    assert results["hong.pdf"].code == "corrupt"
    assert results["rong.txt"].code == "empty"
    assert results["chuong.txt"].code == "no_passages"
    assert results["vo-hinh.txt"].code == "empty"
    assert results["tot.txt"].status == "added"
    assert library.search("lệ phí")[0].article == "Điều 1"


def test_stale_or_damaged_index_is_detected_and_rebuilt(tmp_path: Path) -> None:
    """An index file that disagrees with the metadata is never used as it is."""
    library = make_library(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path)
    path = tmp_path / "a.txt"
    path.write_text("Điều 1. Con dấu\nVăn thư giữ con dấu.", encoding="utf-8")
    library.ingest([path], "chung")
    (SavedIndex(library.index_path).folder / MANIFEST).write_bytes(b"not an index")
    fresh = make_library(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path)
    with pytest.raises(IndexMismatch):
        fresh.index()
    assert fresh.search("con dấu")[0].article == "Điều 1"
    assert fresh.index().revision == 1


def test_collections_filter_before_ranking(tmp_path: Path) -> None:
    """Search limited to one collection never returns another collection's chunks."""
    library = make_library(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Điều 1. Con dấu\nVăn thư giữ con dấu của cơ quan.", encoding="utf-8")
    b.write_text("Điều 9. Con dấu mật\nCon dấu mật do thủ trưởng giữ.", encoding="utf-8")
    library.ingest([a], "cong-khai")
    library.ingest([b], "mat")
    hits = library.search("con dấu", collections=["cong-khai"])
    assert {h.collection for h in hits} == {"cong-khai"}
    assert library.search("con dấu", collections=["khong-co"]) == []


def test_a_named_article_comes_first_and_counts_as_covered(tmp_path: Path) -> None:
    """'Điều 32', or 'dieu 1 nghi dinh 30/2020/nd-cp', finds that article however it is typed."""
    library = make_library(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path)
    pdf = write_pdf(tmp_path / "nd30.pdf", [DECREE_LINES, SEAL_LINES])
    other = tmp_path / "qc.txt"
    other.write_text(
        "QUY CHẾ\nSố: 07/QC-UBND\nĐiều 1. Phạm vi\nQuy chế này quy định về nghị định nội bộ.\n",
        encoding="utf-8",
    )
    library.ingest([pdf, other], "chung")
    hits = library.search("Điều 32 quy định gì?")
    assert (hits[0].article, hits[0].referenced) == ("Điều 32", True)
    named = library.search("dieu 1 nghi dinh 30/2020/nd-cp noi gi")
    assert (named[0].number, named[0].article, named[0].referenced) == (
        "30/2020/NĐ-CP",
        "Điều 1",
        True,
    )
    assert [h.number for h in named if h.referenced] == ["30/2020/NĐ-CP"]
    assert not any(h.referenced for h in library.search("con dấu do ai quản lý"))
