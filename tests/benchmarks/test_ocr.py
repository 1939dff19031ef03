"""The OCR benchmark's reference: the source text in reading order, not a PDF text layer."""

from __future__ import annotations

from benchmarks.ocr import differences, folded, source_text
from retrieval.documents.readers import read_bytes
from tests.official_documents import corpus, render


def test_the_reference_reads_the_header_column_by_column_without_the_rules() -> None:
    """Issuer and number (left), then motto and date (right), title, body, the recipients
    and then the signer; the rules drawn under issuer and motto are not text."""
    doc = next(d for d in corpus() if "pdf-columns" in d.layouts)
    lines = source_text(doc).split("\n")
    assert "———" not in source_text(doc)
    head = [*doc.issuer, doc.number, *doc.vv, *doc.motto, doc.place_date]
    assert lines[: len(head)] == head
    assert lines[len(head) : len(head) + len(doc.title)] == doc.title
    assert lines[-len(doc.signer) :] == doc.signer
    assert lines.index(doc.left_foot[0]) < lines.index(doc.signer[0])


def test_a_single_column_pdf_layer_is_the_reference_itself() -> None:
    """Where the PDF draws one column, its text layer and the reference agree word for word:
    the reference only reorders the two-column blocks."""
    doc = next(d for d in corpus() if d.layouts[0] == "pdf-single")
    pdf, _ = render(doc, "pdf-single")
    assert folded(read_bytes(pdf, "pdf").text) == folded(source_text(doc))


def test_differences_name_the_words_that_differ() -> None:
    """Only the differing words are listed, source first."""
    found = differences("Số: 12/QĐ-UBND ngày 5", "Số: 12/QD-UBND ngày 5")
    assert found == ["  '12/QĐ-UBND' -> '12/QD-UBND'"]
