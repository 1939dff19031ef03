"""Scans and photos read by the real Tesseract (Vietnamese), in process and in the sandboxed
child; what happens without Tesseract; hostile pictures."""

from __future__ import annotations

import io
import struct
import threading
import zlib
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from retrieval.documents.ocr import (
    INSTALL_HINT,
    OcrOptions,
    TesseractOcr,
    Word,
    column_by_column,
    correct,
    even_light,
    skew_angle,
    without_rule_lines,
    words_to_text,
)
from retrieval.documents.readers import SUPPORTED, PageProgress, ReadFile, read_bytes
from retrieval.documents.sandbox import read_isolated
from retrieval.errors import UnreadableFile
from tests.documents import FONT
from tests.scans import (
    DECISION,
    NUMBER,
    SEALS,
    needs_tesseract,
    page_image,
    picture_bytes,
    scanned_pdf,
)

MISSING = OcrOptions(tesseract_cmd="/nonexistent/tesseract")
pillow_heif.register_heif_opener()  # the tests write HEIC pictures


def isolated(
    data: bytes,
    file_type: str,
    ocr: OcrOptions | None = None,
    progress: PageProgress | None = None,
) -> ReadFile:
    """Read in the sandboxed child with the bot's default limits and OCR."""
    return read_isolated(
        data,
        file_type,
        max_pages=100,
        timeout_s=30,
        memory_mb=1024,
        ocr=ocr or OcrOptions(),
        progress=progress,
    )


@needs_tesseract
def test_a_scanned_page_reads_back_with_its_number_and_diacritics() -> None:
    """Key words with their diacritics and the document number come out, confidently."""
    found = TesseractOcr(OcrOptions()).read(page_image(DECISION))
    assert NUMBER in found.text
    for words in ("QUYẾT ĐỊNH", "cải cách hành chính", "Điều 2.", "chứng thực bản sao"):
        assert words in found.text
    assert found.confidence > 80


@needs_tesseract
def test_a_page_turned_by_three_degrees_is_levelled_and_read() -> None:
    """The skew is found to the quarter degree and undone; the number reads back."""
    page = page_image(DECISION)
    turned = page.rotate(3, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    assert abs(skew_angle(turned) + 3) <= 0.25
    assert abs(skew_angle(page)) <= 0.25
    assert skew_angle(Image.new("L", (800, 1000), 255)) == 0.0  # a blank page stays level
    found = TesseractOcr(OcrOptions()).read(turned)
    assert NUMBER in found.text and "cải cách hành chính" in found.text


def _shaded(page: Image.Image) -> Image.Image:
    """The page lit from above: up to 60% darker at its foot, as a phone often sees it."""
    gray = page.convert("L")
    shade = Image.linear_gradient("L").resize(gray.size).point(lambda v: 255 - v * 60 // 100)
    return Image.composite(gray, Image.new("L", gray.size, 0), shade)


def test_uneven_light_is_made_even_and_the_text_keeps_its_contrast() -> None:
    """The paper comes out evenly white; the letters stay dark where the paper was darkest."""
    import numpy as np  # noqa: PLC0415

    page = page_image(DECISION)
    shaded = np.asarray(_shaded(page), dtype=np.float32)
    even = np.asarray(even_light(_shaded(page)), dtype=np.float32)
    paper = np.asarray(page.convert("L")) > 200  # where the page is blank paper
    ink = np.asarray(page.convert("L")) < 80
    rows = np.flatnonzero(ink.any(axis=1))
    low = slice(int(rows[len(rows) * 2 // 3]), int(rows[-1]) + 1)  # the last third of the text
    assert shaded[paper].std() > 25  # the shadow, before
    assert even[paper].std() < 12 and even[paper].mean() > 235
    assert even[low][ink[low]].mean() < 120


@needs_tesseract
def test_a_shaded_photo_is_read_where_the_paper_is_darkest() -> None:
    """Lines at the foot of a page in shadow read back (without evening the light, Tesseract's
    one threshold for the page lost them: measured, both lines gone)."""
    page = _shaded(page_image(DECISION + [""] * 22 + SEALS)).filter(ImageFilter.GaussianBlur(0.8))
    found = TesseractOcr(OcrOptions()).read(page)
    assert "Điều 4." in found.text and "Điều 5." in found.text
    assert NUMBER in found.text


@needs_tesseract
def test_a_scanned_pdf_is_read_page_by_page_in_the_child_which_tells_each_page() -> None:
    """Pages without a text layer are rendered and read; a blank page is named unread. The
    parent hears of each page as the child begins it, on a thread of its own."""
    heard: list[tuple[int, int, bool]] = []

    def progress(at: int, count: int) -> None:
        heard.append((at, count, threading.current_thread() is threading.main_thread()))

    document = isolated(scanned_pdf(DECISION, SEALS, []), "pdf", progress=progress)
    assert heard == [(1, 3, False), (2, 3, False), (3, 3, False)]
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert NUMBER in document.pages[0].text
    assert "con dấu" in document.pages[1].text
    assert document.ocr is not None
    assert document.ocr.pages == (1, 2) and document.ocr.unread == (3,)
    assert document.ocr.confidence is not None and document.ocr.confidence > 80


@needs_tesseract
@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_photo_is_read(kind: str) -> None:
    """A picture of one page is one numbered page of text."""
    document = isolated(picture_bytes(DECISION, kind=kind), "image")
    (page,) = document.pages
    assert page.number == 1 and NUMBER in page.text


@needs_tesseract
def test_a_multi_page_tiff_beyond_the_ocr_page_limit_names_the_rest() -> None:
    """Each TIFF page is a page; pages past the OCR page limit are named unread."""
    data = picture_bytes(DECISION, SEALS, DECISION, kind="TIFF")
    document = isolated(data, "image", OcrOptions(max_pages=2))
    assert [p.number for p in document.pages] == [1, 2, 3]
    assert "con dấu" in document.pages[1].text and document.pages[2].text == ""
    assert document.ocr is not None and document.ocr.unread == (3,)


def test_without_tesseract_a_scan_names_what_to_install() -> None:
    """A missing binary (or no OCR at all) is a reply naming the Debian packages."""
    for data, file_type in ((scanned_pdf(DECISION), "pdf"), (picture_bytes(DECISION), "image")):
        with pytest.raises(UnreadableFile) as caught:
            isolated(data, file_type, MISSING)
        assert caught.value.code == "ocr_missing"
        assert INSTALL_HINT in caught.value.detail
    with pytest.raises(UnreadableFile) as caught:
        read_bytes(picture_bytes(DECISION), "image")
    assert caught.value.code == "ocr_missing" and INSTALL_HINT in caught.value.detail
    with pytest.raises(UnreadableFile) as caught:
        read_bytes(scanned_pdf(DECISION), "pdf")
    assert caught.value.code == "no_text_layer"  # as before, when OCR is not asked for


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares this size but holds almost no data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 100)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@needs_tesseract
def test_hostile_pictures_get_a_reason() -> None:
    """A 50,000 x 50,000 PNG, a truncated JPEG, a file that is no picture: each a clear code."""
    cases = {
        "too_large": _png_header(50_000, 50_000),
        "ocr_unreadable": picture_bytes(DECISION, kind="JPEG")[:5000],
        "wrong_type": b"GIF89a not what it claims",
    }
    for code, data in cases.items():
        with pytest.raises(UnreadableFile) as caught:
            isolated(data, "image")
        assert caught.value.code == code, caught.value.detail


def test_word_table_becomes_lines_and_a_mean_confidence() -> None:
    """Words joined by line, blocks apart by a blank line, NFC, non-words (-1) left out."""
    table: dict[str, list[object]] = {
        "text": ["", "Số:", "45/2024/QĐ-UBND", "Quye\u0302\u0301t", "x"],
        "conf": [-1, 90, 80, 70, -1],
        "block_num": [0, 1, 1, 2, 2],
        "par_num": [0, 1, 1, 1, 1],
        "line_num": [0, 1, 1, 1, 1],
        "left": [0, 100, 200, 100, 300],
        "top": [0, 100, 100, 200, 200],
        "width": [0, 80, 300, 100, 20],
        "height": [0, 40, 40, 40, 40],
    }
    found = words_to_text(table)
    assert found.text == "Số: 45/2024/QĐ-UBND\n\nQuyết"
    assert found.confidence == 80.0


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Số: 45/2024/ND-CP", "Số: 45/2024/NĐ-CP"),
        ("Số: 12/QD-UBND ngày", "Số: 12/QĐ-UBND ngày"),
        ("Số 7/NQ-HDND", "Số 7/NQ-HĐND"),
        ("Số: 03/HD-UBND", "Số: 03/HD-UBND"),  # Hướng dẫn: HD is a symbol of its own
        ("ND-CP without a number", "ND-CP without a number"),
        ("Quye\u0302\u0301t định", "Quyết định"),
        ("Nơi nhận:\n~ Như trên;\n~- Lưu: VT.", "Nơi nhận:\n- Như trên;\n- Lưu: VT."),
        ("từ 5 ~ 7 ngày", "từ 5 ~ 7 ngày"),  # a tilde inside a line stays
        ("chịu trách nhiệm thi hành ./.", "chịu trách nhiệm thi hành./."),
        ("UBND tỉnh (để b/C);", "UBND tỉnh (để b/c);"),
        ("Số 12/QĐ-UBND, A/B", "Số 12/QĐ-UBND, A/B"),
        ("Số: 301/QĐÐ-SNV", "Số: 301/QĐ-SNV"),  # Ð, the eth, is no Vietnamese letter
        ("Số: 12/CÐ-UBND, Ðà Nẵng, ðầu", "Số: 12/CĐ-UBND, Đà Nẵng, đầu"),
        ("KT: CHỦ TỊCH\nTM: ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH\nTM. ỦY BAN NHÂN DÂN"),
        ("Ghi chú KT: xem", "Ghi chú KT: xem"),  # not at a line's start: left alone
    ],
)
def test_cheap_corrections(read: str, meant: str) -> None:
    """NFC, the bar of Đ in the symbols of document numbers, a list item's dash read as a
    tilde, a space before the closing mark, a capital in a slashed abbreviation, the eth for
    Đ, a colon after a signing authority; nothing else."""
    assert correct(read) == meant


@needs_tesseract
def test_an_iphone_heic_photo_is_read() -> None:
    """A HEIC picture (as an iPhone saves photos) is decoded by libheif and read by OCR."""
    buffer = io.BytesIO()
    page_image(DECISION).convert("RGB").save(buffer, format="HEIF", quality=90)
    data = buffer.getvalue()
    assert data[4:12] == b"ftypheic"
    found = isolated(data, "image")
    assert NUMBER in found.text and found.ocr is not None and found.ocr.pages == (1,)
    assert SUPPORTED[".heic"] == "image"


def test_a_heic_that_is_too_large_or_not_a_picture_gets_a_reason() -> None:
    """The size is checked before the picture is decoded; other bytes are not a picture."""
    buffer = io.BytesIO()
    Image.new("RGB", (9000, 6000), "white").save(buffer, format="HEIF", quality=10)
    with pytest.raises(UnreadableFile) as caught:
        isolated(buffer.getvalue(), "image")
    assert caught.value.code == "too_large"
    with pytest.raises(UnreadableFile) as caught:
        isolated(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "image")
    assert caught.value.code in {"corrupt", "unreadable"}


def _red_seal(page: Image.Image) -> Image.Image:
    """A round red seal stamped over five lines of the page (ink multiplies with the paper)."""
    stamp = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(stamp)
    x, y, r = 700, 250 + 88 * 7, 330
    red = (220, 30, 40)
    draw.ellipse((x - r, y - r, x + r, y + r), outline=red, width=22)
    draw.ellipse((x - r + 60, y - r + 60, x + r - 60, y + r - 60), outline=red, width=10)
    font = ImageFont.truetype(str(FONT), 64)
    draw.text((x - 260, y - 40), "ỦY BAN NHÂN DÂN", font=font, fill=red)
    draw.text((x - 120, y + 40), "★ AN BÌNH ★", font=font, fill=red)
    return ImageChops.multiply(page.convert("RGB"), stamp)


@needs_tesseract
def test_the_lines_under_a_red_seal_are_read() -> None:
    """Red ink is made as light as the paper before OCR (measured without: six lines lost)."""
    lines = DECISION + SEALS
    found = TesseractOcr(OcrOptions()).read(_red_seal(page_image(lines)))
    assert [line for line in lines if line not in found.text] == []


def test_thin_rules_are_painted_out_and_the_letters_kept() -> None:
    """The dashes drawn as a rule under a heading go; bold letters, a hyphen, an em dash in a
    sentence and a solid black block stay as they were."""
    import numpy as np  # noqa: PLC0415

    page = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(page)
    regular = ImageFont.truetype(str(FONT), 42)
    bold = ImageFont.truetype(str(FONT.with_name("DejaVuSans-Bold.ttf")), 46)
    draw.text((300, 100), "BỘ TÀI CHÍNH", font=regular, fill=0)
    draw.text((380, 170), "———", font=regular, fill=0)  # the rule under the issuer
    draw.text((300, 300), "Hướng dẫn xây dựng dự toán ngân sách nhà nước", font=bold, fill=0)
    draw.text((300, 420), "Độc lập - Tự do — Hạnh phúc", font=regular, fill=0)
    draw.rectangle((300, 600, 900, 700), fill=0)
    before, after = np.asarray(page), np.asarray(without_rule_lines(page))
    changed = np.argwhere(before != after)
    assert len(changed) > 0
    assert changed[:, 0].min() >= 160 and changed[:, 0].max() <= 230  # the rule's rows only
    assert (after[160:230] < 128).sum() == 0  # and all of it


@needs_tesseract
def test_a_page_that_takes_too_long_is_a_timeout() -> None:
    """The time limit per page is Tesseract's own deadline: past it, the page is unreadable."""
    with pytest.raises(UnreadableFile) as caught:
        TesseractOcr(OcrOptions(page_timeout_s=0.001)).read(page_image(DECISION))
    assert caught.value.code == "timeout"


@needs_tesseract
def test_a_progress_display_that_fails_never_costs_the_file() -> None:
    """The display of pages is a courtesy: when it raises (the chat has gone, a bug), the
    file is still read whole."""

    def broken(at: int, count: int) -> None:
        raise RuntimeError("Event loop is closed")

    document = isolated(scanned_pdf(DECISION, [], []), "pdf", progress=broken)
    assert NUMBER in document.pages[0].text


@needs_tesseract
def test_a_tesseract_that_names_no_data_folder_is_read_from_the_distribution_one(
    tmp_path: Path,
) -> None:
    """Tesseract 4 lists its languages without the folder they are in: the page is still read,
    from the folder the distribution's packages use."""
    quiet = tmp_path / "tesseract"
    quiet.write_text("#!/bin/sh\nprintf 'List of available languages (2):\\neng\\nvie\\n'\n")
    quiet.chmod(0o755)
    found = TesseractOcr(OcrOptions(tesseract_cmd=str(quiet))).read(page_image(DECISION))
    assert NUMBER in found.text


def _line(top: int, *runs: tuple[int, str]) -> list[Word]:
    """A line 40 pixels high of runs of words, each starting at its x, 25 pixels a letter."""
    words = []
    for start, text in runs:
        x = start
        for word in text.split():
            words.append(Word(word, x, top, 25 * len(word), 40))
            x += 25 * (len(word) + 1)
    return words


def test_two_columns_side_by_side_are_read_one_after_the_other() -> None:
    """The header's issuer beside the motto and the recipients beside the signer come out
    column by column; a centred title after them and body text are lines of their own."""
    lines = [
        (1, _line(100, (200, "ỦY BAN NHÂN DÂN"), (1300, "CỘNG HÒA XÃ HỘI"))),
        (1, _line(160, (250, "XÃ AN BÌNH"), (1350, "Độc lập - Tự do"))),
        (1, _line(220, (1400, "An Bình, ngày 5"))),  # the right column only
        (2, _line(400, (1200, "THÔNG BÁO"))),  # centred, after a wider gap
        (3, _line(500, (200, "Điều 1. Nội dung ở giữa trang, một dòng dài không có khoảng trống"))),
        (4, _line(700, (200, "Nơi nhận:"), (1400, "CHỦ TỊCH"))),
        (4, _line(760, (200, "- Như trên;"))),
        (4, _line(820, (1400, "Lê Văn A"))),
        (5, _line(1500, (200, "Trang 2"), (1900, "ghi chú"))),  # far below: columns of its own
    ]
    assert column_by_column(lines).split("\n") == [
        *("ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "CỘNG HÒA XÃ HỘI", "Độc lập - Tự do", "An Bình, ngày 5"),
        *("", "THÔNG BÁO", "", "Điều 1. Nội dung ở giữa trang, một dòng dài không có khoảng trống"),
        *("", "Nơi nhận:", "- Như trên;", "CHỦ TỊCH", "Lê Văn A", "", "Trang 2", "ghi chú"),
    ]


def test_a_dash_does_not_make_a_line_short_and_a_wider_gap_ends_the_columns() -> None:
    """A recipient line starting with a dash a few pixels high stays in its column; a line
    after a paragraph's gap (Kính gửi under the V/v subject) follows both columns."""
    dash = Word("-", 200, 780, 11, 5)  # a dash is a few pixels high, the line is not
    lines = [
        (1, _line(100, (200, "UBND TỈNH"), (1300, "CỘNG HÒA"))),
        (1, _line(160, (200, "Số: 12/UBND"), (1350, "Hà Nội, ngày 5"))),
        (1, _line(220, (200, "V/v dự toán"))),
        (2, _line(360, (200, "Kính gửi:"))),  # 100 pixels below: two and a half lines
        (3, _line(700, (200, "Nơi nhận:"), (1400, "CHỦ TỊCH"))),
        (3, [dash, *_line(760, (230, "Như trên;"))]),
        (4, _line(820, (200, "- Lưu: VT."))),
        (4, _line(880, (1400, "Lê Văn A"))),
    ]
    assert column_by_column(lines).split("\n") == [
        *("UBND TỈNH", "Số: 12/UBND", "V/v dự toán", "CỘNG HÒA", "Hà Nội, ngày 5"),
        *("", "Kính gửi:", "", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "CHỦ TỊCH", "Lê Văn A"),
    ]


def test_two_cells_centred_at_different_heights_are_one_row() -> None:
    """A signer's title set a little above Nơi nhận (a table's cells centre their text) is
    taken beside it, so the recipients are read before the signer."""
    lines = [
        (4, _line(300, (200, "Kính trình Ủy ban nhân dân tỉnh xem xét, quyết định ./."))),
        (5, _line(400, (1500, "GIÁM ĐỐC"))),
        (5, _line(444, (500, "Nơi nhận:"))),  # starts 4 pixels under GIÁM ĐỐC's foot
        (5, _line(504, (480, "- Như trên;"))),
        (6, _line(560, (460, "- Lưu: VT."))),
        (6, _line(602, (1480, "Đặng Thu Hà"))),
    ]
    assert column_by_column(lines).split("\n") == [
        "Kính trình Ủy ban nhân dân tỉnh xem xét, quyết định ./.",
        *("", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "GIÁM ĐỐC", "Đặng Thu Hà"),
    ]


def test_a_signer_title_a_line_above_the_recipients_is_the_right_column() -> None:
    """KT. CHỦ TỊCH set a line higher than Nơi nhận (table cells centred) comes after the
    recipients with the rest of the signer, not before them."""
    lines = [
        (3, _line(300, (200, "Trân trọng./."))),
        (4, _line(400, (1500, "KT. CHỦ TỊCH"))),
        (4, _line(480, (500, "Nơi nhận:"), (1500, "PHÓ CHỦ TỊCH"))),
        (4, _line(540, (480, "- Lưu: VT."))),
        (5, _line(600, (1500, "Giàng A Páo"))),
    ]
    assert column_by_column(lines).split("\n") == [
        *("Trân trọng./.", "", "Nơi nhận:", "- Lưu: VT."),
        *("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Giàng A Páo"),
    ]
    # A line of three runs above the row is no title to lift: it stays where it is.
    marks = [Word("Nơi", 500, 400, 75, 40), Word("¬", 1500, 430, 7, 5), Word("›", 1770, 430, 9, 8)]
    lines = [(4, marks), (4, _line(450, (500, "- Như trên;"), (1500, "PHÓ CHỦ TỊCH")))]
    assert column_by_column(lines).split("\n") == ["Nơi ¬ ›", "- Như trên;", "PHÓ CHỦ TỊCH"]
