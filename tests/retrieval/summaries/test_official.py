"""Header fields of official documents (Decree 30 layout)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from benchmarks.headers import evaluate
from retrieval.documents.readers import read_bytes
from retrieval.summaries.official import OfficialHeader, parse_header
from tests.official_documents import DATA, FIELDS, field_hits, load, render

QD_LINES = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH ĐIỆN BIÊN",
    "Số: 125/QĐ-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Điện Biên, ngày 05 tháng 3 năm 2026",
    "QUYẾT ĐỊNH",
    "Về việc thành lập Tổ công tác",
    "rà soát thủ tục hành chính",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "Điều 1. Thành lập Tổ công tác./.",
    "Nơi nhận:",
    "- Như Điều 3;",
    "- Lưu: VT, KSTT.",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "(Đã ký)",
    "Nguyễn Văn An",
]


def header(*lines: str) -> OfficialHeader:
    """The header parsed from lines of text."""
    return parse_header("\n".join(lines))


def test_decision_in_reading_order() -> None:
    parsed = header(*QD_LINES)
    assert parsed == OfficialHeader(
        issuer="ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN",
        number="125/QĐ-UBND",
        place="Điện Biên",
        date=date(2026, 3, 5),
        doc_type="Quyết định",
        subject="Về việc thành lập Tổ công tác rà soát thủ tục hành chính",
        recipients=("Như Điều 3", "Lưu: VT, KSTT"),
        signer="Nguyễn Văn An",
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )
    assert parsed.is_official


def test_columns_sharing_lines_are_cut_apart() -> None:
    parsed = header(
        "UBND TỈNH LAI CHÂU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc",
        "Số: 2456/STC-NS Lai Châu, ngày 12 tháng 10 năm 2026",
        "V/v hướng dẫn xây dựng dự toán",
        "ngân sách năm 2027",
        "Kính gửi: Các sở, ban, ngành.",
        "Nơi nhận: KT. GIÁM ĐỐC",
        "- Như trên; PHÓ GIÁM ĐỐC",
        "- Lưu: VT, NS. Lê Thị Hương",
    )
    assert (parsed.parent, parsed.issuer) == ("UBND TỈNH LAI CHÂU", "SỞ TÀI CHÍNH")
    assert (parsed.number, parsed.place, parsed.date) == (
        "2456/STC-NS",
        "Lai Châu",
        date(2026, 10, 12),
    )
    assert parsed.doc_type == "Công văn"
    assert parsed.subject == "V/v hướng dẫn xây dựng dự toán ngân sách năm 2027"
    assert parsed.recipients == ("Như trên", "Lưu: VT, NS")
    assert (parsed.signer, parsed.signer_title) == ("Lê Thị Hương", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")


def test_docx_table_rows_and_right_column_first() -> None:
    parsed = header(
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "Thành phố Hồ Chí Minh, ngày 7 tháng 10 năm 2026",
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
        "TRƯỜNG ĐẠI HỌC KỸ THUẬT | ",
        "Số: 15/TB-ĐHKT",
        "THÔNG BÁO",
        "Lịch nghỉ Tết Nguyên đán năm 2027",
        "Nhà trường thông báo lịch nghỉ Tết như sau:",
        "- Lưu: VT. | TL. HIỆU TRƯỞNG",
        "TRƯỞNG PHÒNG HÀNH CHÍNH",
        "ThS. Trần Thị Mai",
    )
    assert parsed.place == "Thành phố Hồ Chí Minh"
    assert parsed.issuer == "TRƯỜNG ĐẠI HỌC KỸ THUẬT"
    assert parsed.parent == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"
    assert (parsed.doc_type, parsed.subject) == ("Thông báo", "Lịch nghỉ Tết Nguyên đán năm 2027")
    assert parsed.signer == "ThS. Trần Thị Mai"
    assert parsed.signer_title == "TL. HIỆU TRƯỞNG / TRƯỞNG PHÒNG HÀNH CHÍNH"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 125/QĐ-UBND", "125/QĐ-UBND"),
        ("Số: 58/2026/NĐ-CP", "58/2026/NĐ-CP"),
        ("Số:1045/PC06-ĐKQL", "1045/PC06-ĐKQL"),
        ("Số: 27/MNHS", "27/MNHS"),
        ("Số:        /TTr-SGDĐT", None),  # a draft: the number is given when it is issued
    ],
)
def test_numbers(line: str, number: str | None) -> None:
    assert header("SỞ NỘI VỤ", line, "Hà Nội, ngày 01 tháng 02 năm 2026").number == number


@pytest.mark.parametrize(
    ("line", "place", "when"),
    [
        ("Hà Nội, ngày 05 tháng 3 năm 2026", "Hà Nội", date(2026, 3, 5)),
        ("TP. Hồ Chí Minh, ngày 25 tháng 8 năm 2026", "TP. Hồ Chí Minh", date(2026, 8, 25)),
        ("Tân Phước, ngày 2 tháng 6 năm 2026", "Tân Phước", date(2026, 6, 2)),
        ("Thái Nguyên, ngày      tháng 9 năm 2026", "Thái Nguyên", None),
        ("Huế, ngày 31 tháng 02 năm 2026", "Huế", None),  # no such day
    ],
)
def test_place_and_date(line: str, place: str, when: date | None) -> None:
    parsed = header("SỞ Y TẾ", "Số: 1/SYT", line)
    assert (parsed.place, parsed.date) == (place, when)


@pytest.mark.parametrize(
    ("lines", "doc_type"),
    [
        (["Số: 12/2026/TT-BTC", "THÔNG TƯ", "Hướng dẫn thu phí"], "Thông tư"),
        (["Số: 09/CT-UBND", "CHỈ THỊ", "Về an toàn giao thông"], "Chỉ thị"),
        (["Số: 19/GM-UBND", "GIẤY MỜI", "Dự hội nghị"], "Giấy mời"),
        (["Số: 08/BB-ĐKT", "BIÊN BẢN", "Kiểm tra an toàn thực phẩm"], "Biên bản"),
        (["Số: 233/UBND-ĐC", "V/v cung cấp hồ sơ địa chính"], "Công văn"),
        (["Số: 36/TTr-UBND", "Kính gửi: HĐND xã."], "Tờ trình"),  # from the symbol alone
        (["Số: 4/KH-UBND", "Kính gửi: các ấp."], "Kế hoạch"),
        (["Kính gửi: các ấp."], None),
    ],
)
def test_document_types(lines: list[str], doc_type: str | None) -> None:
    assert header("ỦY BAN NHÂN DÂN", "XÃ AN PHÚ", *lines).doc_type == doc_type


@pytest.mark.parametrize(
    ("block", "signer", "title"),
    [
        (
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Võ Thành Nhân"],
            "Võ Thành Nhân",
            "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH",
        ),
        (
            ["Q. GIÁM ĐỐC", "(Ký, đóng dấu)", "BS.CKII Huỳnh Thanh Tâm"],
            "BS.CKII Huỳnh Thanh Tâm",
            "Q. GIÁM ĐỐC",
        ),
        (
            ["TUQ. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ", "Ngô Thị Lan"],
            "Ngô Thị Lan",
            "TUQ. BỘ TRƯỞNG / VỤ TRƯỞNG VỤ PHÁP CHẾ",
        ),
        (
            ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Thượng tá Nông Văn Hải"],
            "Thượng tá Nông Văn Hải",
            "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG",
        ),
        (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], None, None),  # not signed yet
    ],
)
def test_signers(block: list[str], signer: str | None, title: str | None) -> None:
    parsed = header(
        "SỞ Y TẾ", "Số: 1/SYT", "Nội dung công văn./.", "Nơi nhận:", "- Lưu: VT.", *block
    )
    assert (parsed.signer, parsed.signer_title) == (signer, title)
    assert parsed.recipients == ("Lưu: VT",)


@pytest.mark.parametrize(
    ("block", "signer", "title"),
    [
        (["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "H'Linh Niê"], "H'Linh Niê", None),  # Ê Đê
        (["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Y Khoa Niê"], "Y Khoa Niê", None),
        (["GIÁM ĐỐC", "Ksor H'Bleh"], "Ksor H'Bleh", None),  # Gia Rai
        (["CHỦ TỊCH", "(Đã ký)", "Thạch Sô Phết"], "Thạch Sô Phết", None),  # Khmer
        (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lò Văn Pọm"], "Lò Văn Pọm", None),  # Thái
        (["TRƯỞNG PHÒNG", "Giàng A Páo"], "Giàng A Páo", None),  # Mông
        (["CHÁNH VĂN PHÒNG", "Đại tá Sùng Mí Chớ"], "Đại tá Sùng Mí Chớ", None),
        # A title wrapped by a narrow PDF column is one title line again.
        (
            ["KT. CHỦ NHIỆM", "PHÓ", "CHỦ NHIỆM", "Y Khoa Niê"],
            "Y Khoa Niê",
            "KT. CHỦ NHIỆM / PHÓ CHỦ NHIỆM",
        ),
        (
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC SỞ NÔNG NGHIỆP VÀ", "MÔI TRƯỜNG", "Hờ A Di"],
            "Hờ A Di",
            "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        ),
    ],
)
def test_a_signer_is_found_by_position_whatever_the_name(
    block: list[str], signer: str, title: str | None
) -> None:
    """The name under the title lines, whether or not it starts with a Kinh surname."""
    parsed = header(
        "SỞ Y TẾ", "Số: 1/SYT", "Nội dung công văn./.", "Nơi nhận:", "- Lưu: VT.", *block
    )
    wanted = title or " / ".join(line for line in block[:-1] if not line.startswith("("))
    assert (parsed.signer, parsed.signer_title) == (signer, wanted)


def test_a_recipient_wrapped_onto_a_second_line_stays_whole() -> None:
    """PDF: "- Văn phòng UBND tỉnh (Phòng / KSTTHC);" is one recipient, and its tail is not
    glued to the signer's title."""
    parsed = header(
        "ỦY BAN NHÂN DÂN",
        "XÃ EA KAO",
        "Số: 15/UBND-VP",
        "Nội dung công văn./.",
        "Nơi nhận:",
        "- Như trên;",
        "- Văn phòng UBND tỉnh (Phòng",
        "KSTTHC);",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Y Khoa Niê",
    )
    assert parsed.recipients == ("Như trên", "Văn phòng UBND tỉnh (Phòng KSTTHC)", "Lưu: VT")
    assert parsed.signer_title == "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"


@pytest.mark.parametrize(
    ("lines", "place", "when"),
    [
        (["Xã Ea Kao, ngày 27 tháng 11 năm", "2026"], "Xã Ea Kao", date(2026, 11, 27)),
        (["Buôn Ma Thuột, ngày 27 tháng", "11 năm 2026"], "Buôn Ma Thuột", date(2026, 11, 27)),
        (["Mường Nhé, ngày", "03 tháng 12 năm 2026"], "Mường Nhé", date(2026, 12, 3)),
    ],
)
def test_a_wrapped_place_and_date_line_is_read_whole(
    lines: list[str], place: str, when: date
) -> None:
    parsed = header("SỞ Y TẾ", "Số: 1/SYT", *lines, "V/v tiêm chủng mở rộng")
    assert (parsed.place, parsed.date) == (place, when)


@pytest.mark.parametrize(
    ("lines", "addressees"),
    [
        (["Kính gửi: Ủy ban nhân dân các xã, phường."], ("Ủy ban nhân dân các xã, phường",)),
        (
            ["Kính gửi:", "- Các sở, ban, ngành thuộc tỉnh;", "- Ủy ban nhân dân các xã."],
            ("Các sở, ban, ngành thuộc tỉnh", "Ủy ban nhân dân các xã"),
        ),
    ],
)
def test_addressees_are_reported_and_resolve_nhu_tren(
    lines: list[str], addressees: tuple[str, ...]
) -> None:
    parsed = header(
        "SỞ Y TẾ",
        "Số: 1/SYT-VP",
        "V/v tiêm chủng",
        *lines,
        "Sở Y tế đề nghị các đơn vị.",
        "Nơi nhận:",
        "- Như trên;",
        "- Giám đốc Sở (để b/c);",
        "- Lưu: VT.",
        "GIÁM ĐỐC",
        "Nguyễn Văn An",
    )
    assert parsed.addressees == addressees
    assert parsed.recipients == ("Như trên", "Giám đốc Sở (để b/c)", "Lưu: VT")
    assert parsed.recipients_resolved == (*addressees, "Giám đốc Sở (để b/c)", "Lưu: VT")


def test_plain_text_is_not_official() -> None:
    parsed = header("Biên bản họp nhóm bạn thân", "Hôm nay cả nhóm đi ăn lẩu.")
    assert not parsed.is_official
    assert parsed.issuer is None and parsed.number is None and parsed.recipients == ()


# --- the invented corpus, rendered and read back ------------------------------------------------


@pytest.mark.parametrize("layout", ["docx-table", "pdf-rows"])
def test_one_document_through_the_real_readers(layout: str) -> None:
    doc = load(DATA / "02-cv-so-tai-chinh-du-toan.yaml")
    data, file_type = render(doc, layout)
    parsed = parse_header(read_bytes(data, file_type).text)
    assert field_hits(doc, dataclasses.asdict(parsed)) == dict.fromkeys(FIELDS, True)


def test_corpus_field_accuracy() -> None:
    scores = evaluate()
    assert scores.renderings >= 75
    assert scores.accuracy >= 0.98, scores.misses
    assert scores.deadlines_matched / scores.deadlines_expected >= 0.9, scores.misses
