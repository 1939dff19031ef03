"""The two report templates of the consolidation benchmark, as data: rows, header tree, the
arithmetic of each derived column, the ways units rename rows and columns, and how a unit's
numbers are drawn.

(A) Kết quả giải quyết thủ tục hành chính theo lĩnh vực, after the government's quarterly form:
received (carried over, new online, new in person or by post), settled (early, on time, late),
pending (in time, overdue) and the on-time rate. (B) Tiếp công dân, xử lý đơn thư, giải quyết
khiếu nại, tố cáo: receptions, letters, complaints and denunciations by field, with two rates.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["count", "sum", "rate"]


@dataclass(frozen=True)
class Column:
    """A data column: its header levels, and how it follows from the others when derived
    (`parts`: summed; a rate: sum of `parts` over `denominator`, times 100, 0 when it is 0)."""

    path: tuple[str, ...]
    kind: ColumnKind = "count"
    parts: tuple[int, ...] = ()
    denominator: int = -1
    sum_style: Literal["plus", "range"] = "plus"  # =C8+D8+E8 or =SUM(C8:E8)

    @property
    def label(self) -> str:
        """The header levels joined as the engine's JSON names a column."""
        return " / ".join(self.path)


@dataclass(frozen=True)
class Template:
    """A report form: what it is called, its rows and columns, how units write it."""

    key: str
    file_title: str
    title: str
    label_header: str  # the header of the label column
    unit_of_measure: str
    rows: tuple[str, ...]  # the fields, without the total row
    total: str
    columns: tuple[Column, ...]
    draw: Callable[[random.Random, float, int], list[int]]  # a row's counts, index -> value
    weights: tuple[float, ...]  # each row's typical volume
    row_renames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    column_renames: dict[int, str] = field(default_factory=dict)  # leaf -> its last level
    flat_paths: tuple[tuple[str, ...], ...] = ()  # the columns under a two-level header

    @property
    def labels(self) -> list[str]:
        """Row labels of the template, the total row last."""
        return [*self.rows, self.total]

    @property
    def depth(self) -> int:
        """Header rows of the template."""
        return max(len(column.path) for column in self.columns)

    def inputs(self) -> list[int]:
        """Indices of the columns a unit types in."""
        return [i for i, column in enumerate(self.columns) if column.kind == "count"]


def complete(template: Template, counts: Sequence[float]) -> list[float]:
    """A row with every derived column computed from its parts (in column order)."""
    values = list(counts)
    for i, column in enumerate(template.columns):
        if column.kind == "sum":
            values[i] = sum(values[p] for p in column.parts)
    for i, column in enumerate(template.columns):
        if column.kind == "rate":
            values[i] = rate(values, column)
    return values


def rate(values: Sequence[float], column: Column) -> float:
    """The rate as the template's formula gives it: =IF(den=0,0,(parts)/den*100)."""
    denominator = values[column.denominator]
    return 0.0 if denominator == 0 else sum(values[p] for p in column.parts) / denominator * 100


def total_row(template: Template, rows: Sequence[Sequence[float]]) -> list[float]:
    """The total row: every count and sum column summed, the rates recomputed."""
    summed = [float(sum(row[i] for row in rows)) for i in range(len(template.columns))]
    return complete(template, summed)


def _share(rng: random.Random, whole: int, low: float, high: float) -> int:
    return min(whole, round(whole * rng.uniform(low, high)))


def _draw_procedures(rng: random.Random, weight: float, columns: int) -> list[int]:
    """Applications of one field in a quarter: settled = early + on time + late, pending =
    in time + overdue, received = settled + pending = carried over + online + in person."""
    row = [0] * columns
    if weight <= 0 or (weight < 20 and rng.random() < 0.15):  # nothing in this field this quarter
        return row
    settled = min(480, max(0, round(rng.gammavariate(2.0, weight / 2.0))))
    late = _share(rng, settled, 0.0, 0.04) if rng.random() < 0.4 else 0
    early = _share(rng, settled - late, 0.2, 0.7)
    pending = min(500 - settled, round(settled * rng.uniform(0.0, 0.15)))
    overdue = _share(rng, pending, 0.0, 0.2) if rng.random() < 0.3 else 0
    received = settled + pending
    carried = _share(rng, received, 0.02, 0.12)
    online = _share(rng, received - carried, 0.15, 0.8)
    row[1], row[2], row[3] = carried, online, received - carried - online
    row[5], row[6], row[7] = early, settled - late - early, late
    row[9], row[10] = pending - overdue, overdue
    return row


def _draw_complaints(rng: random.Random, weight: float, columns: int) -> list[int]:
    """Receptions, letters, complaints and denunciations of one field in a quarter."""
    row = [0] * columns
    if weight <= 0 or rng.random() < 0.15:
        return row
    regular = round(rng.gammavariate(1.5, weight))
    periodic = round(rng.uniform(0, 3) * min(weight, 2))
    sudden = rng.choice([0, 0, 0, 1, 2])
    visits = regular + periodic + sudden
    row[1], row[2], row[3] = regular, periodic, sudden
    row[4] = visits + round(visits * rng.uniform(0, 0.4))  # people: some come in groups
    row[6] = rng.choice([0, 0, 1, 2])
    row[7] = round(rng.gammavariate(1.5, weight * 0.8))
    row[8] = _share(rng, row[6] + row[7], 0.4, 0.9)
    row[9] = _share(rng, row[8], 0.0, 0.4)
    row[10] = _share(rng, row[9], 0.5, 1.0)
    row[12] = _share(rng, row[8] - row[9], 0.0, 0.2)
    row[13] = _share(rng, row[12], 0.3, 1.0)
    return row


RECEIVED, SETTLED, PENDING = (
    "Số hồ sơ nhận giải quyết",
    "Kết quả giải quyết",
    "Số hồ sơ đã giải quyết",
)
ONGOING = "Số hồ sơ đang giải quyết"

PROCEDURES = Template(
    key="A",
    file_title="Biểu 06a/VPCP/KSTT",
    title="BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO LĨNH VỰC",
    label_header="Lĩnh vực giải quyết",
    unit_of_measure="Đơn vị tính: Số hồ sơ TTHC",
    rows=(
        "Hộ tịch",
        "Chứng thực",
        "Đất đai",
        "Xây dựng",
        "Đăng ký kinh doanh",
        "Lao động – Thương binh và Xã hội",
        "Tư pháp",
        "Giáo dục và Đào tạo",
        "Y tế",
        "Tài nguyên và Môi trường",
        "Nông nghiệp và Phát triển nông thôn",
        "Văn hóa, Thể thao và Du lịch",
        "Nuôi con nuôi",
        "Các lĩnh vực khác",
    ),
    total="Tổng cộng",
    columns=(
        Column((RECEIVED, "Tổng số"), "sum", (1, 2, 3)),
        Column((RECEIVED, "Số kỳ trước chuyển qua")),
        Column((RECEIVED, "Số mới tiếp nhận", "Trực tuyến")),
        Column((RECEIVED, "Số mới tiếp nhận", "Trực tiếp/bưu chính")),
        Column((SETTLED, PENDING, "Tổng số"), "sum", (5, 6, 7), sum_style="range"),
        Column((SETTLED, PENDING, "Trả trước hạn")),
        Column((SETTLED, PENDING, "Trả đúng hạn")),
        Column((SETTLED, PENDING, "Trả quá hạn")),
        Column((SETTLED, ONGOING, "Tổng số"), "sum", (9, 10)),
        Column((SETTLED, ONGOING, "Trong hạn")),
        Column((SETTLED, ONGOING, "Quá hạn")),
        Column(("Tỷ lệ giải quyết đúng hạn (%)",), "rate", (5, 6), denominator=4),
    ),
    draw=_draw_procedures,
    weights=(120, 260, 70, 18, 30, 45, 12, 5, 4, 14, 9, 6, 0.6, 10),
    row_renames={
        "Hộ tịch": ("Lĩnh vực Hộ tịch", "Ho tich", "Lĩnh vực hộ tịch"),
        "Chứng thực": ("Chung thuc", "Lĩnh vực Chứng thực"),
        "Đất đai": ("Dat dai", "Lĩnh vực đất đai"),
        "Xây dựng": ("Xay dung", "Lĩnh vực Xây dựng"),
        "Đăng ký kinh doanh": ("Đăng ký KD", "Dang ky kinh doanh"),
        "Lao động – Thương binh và Xã hội": (
            "LĐ-TB&XH",
            "Lao động, Thương binh và Xã hội",
            "Lao động - TB&XH",
        ),
        "Tư pháp": ("Tu phap", "Lĩnh vực Tư pháp"),
        "Giáo dục và Đào tạo": ("GD&ĐT", "Giáo dục - Đào tạo"),
        "Y tế": ("Y te", "Lĩnh vực Y tế"),
        "Tài nguyên và Môi trường": ("TN&MT", "Tài nguyên - Môi trường"),
        "Nông nghiệp và Phát triển nông thôn": ("NN&PTNT", "Nông nghiệp & PTNT"),
        "Văn hóa, Thể thao và Du lịch": ("Văn hoá, Thể thao và Du lịch", "VH, TT&DL"),
        "Nuôi con nuôi": ("Nuoi con nuoi", "Lĩnh vực Nuôi con nuôi"),
        "Các lĩnh vực khác": ("Lĩnh vực khác", "TTHC khác"),
        "Tổng cộng": ("Tổng số", "TỔNG CỘNG", "Cộng"),
    },
    column_renames={
        1: "Số từ kỳ trước chuyển sang",
        3: "Trực tiếp, dịch vụ bưu chính",
        6: "Trả đúng thời hạn",
    },
    flat_paths=(
        ("Số HS nhận giải quyết", "Tổng số"),
        ("Số HS nhận giải quyết", "Kỳ trước chuyển qua"),
        ("Số HS nhận giải quyết", "Mới tiếp nhận trực tuyến"),
        ("Số HS nhận giải quyết", "Mới tiếp nhận trực tiếp/bưu chính"),
        ("Số HS đã giải quyết", "Tổng số"),
        ("Số HS đã giải quyết", "Trả trước hạn"),
        ("Số HS đã giải quyết", "Trả đúng hạn"),
        ("Số HS đã giải quyết", "Trả quá hạn"),
        ("Số HS đang giải quyết", "Tổng số"),
        ("Số HS đang giải quyết", "Trong hạn"),
        ("Số HS đang giải quyết", "Quá hạn"),
        ("Tỷ lệ giải quyết đúng hạn (%)",),
    ),
)

VISITS, LETTERS = "Tiếp công dân", "Xử lý đơn thư"
COMPLAINTS, DENUNCIATIONS = "Giải quyết khiếu nại", "Giải quyết tố cáo"

COMPLAINTS_TEMPLATE = Template(
    key="B",
    file_title="Biểu 01/TCD-KNTC",
    title="BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN, XỬ LÝ ĐƠN THƯ, GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO",
    label_header="Nội dung (lĩnh vực)",
    unit_of_measure="Đơn vị tính: lượt, người, đơn, vụ việc",
    rows=(
        "Đất đai",
        "Nhà ở",
        "Chính sách đối với người có công",
        "Chính sách an sinh xã hội",
        "Xây dựng, trật tự đô thị",
        "Môi trường",
        "Tư pháp, hộ tịch",
        "Tham nhũng, tiêu cực",
        "Cán bộ, công chức",
        "Lĩnh vực khác",
    ),
    total="Tổng cộng",
    columns=(
        Column((VISITS, "Số lượt tiếp", "Tổng số"), "sum", (1, 2, 3), sum_style="range"),
        Column((VISITS, "Số lượt tiếp", "Thường xuyên")),
        Column((VISITS, "Số lượt tiếp", "Định kỳ")),
        Column((VISITS, "Số lượt tiếp", "Đột xuất")),
        Column((VISITS, "Số người được tiếp")),
        Column((LETTERS, "Tổng số đơn"), "sum", (6, 7)),
        Column((LETTERS, "Kỳ trước chuyển sang")),
        Column((LETTERS, "Tiếp nhận trong kỳ")),
        Column((LETTERS, "Đơn đủ điều kiện xử lý")),
        Column((COMPLAINTS, "Số vụ việc thuộc thẩm quyền")),
        Column((COMPLAINTS, "Đã giải quyết")),
        Column((COMPLAINTS, "Tỷ lệ giải quyết (%)"), "rate", (10,), denominator=9),
        Column((DENUNCIATIONS, "Số vụ việc thuộc thẩm quyền")),
        Column((DENUNCIATIONS, "Đã giải quyết")),
        Column((DENUNCIATIONS, "Tỷ lệ giải quyết (%)"), "rate", (13,), denominator=12),
    ),
    draw=_draw_complaints,
    weights=(6, 1.5, 1.2, 2, 2.5, 1.5, 1, 0.4, 0.6, 2),
    row_renames={
        "Đất đai": ("Dat dai", "Lĩnh vực Đất đai"),
        "Nhà ở": ("Nha o", "Lĩnh vực nhà ở"),
        "Chính sách đối với người có công": (
            "CS đối với người có công",
            "Chinh sach nguoi co cong",
        ),
        "Chính sách an sinh xã hội": ("Chính sách ASXH", "An sinh xã hội"),
        "Xây dựng, trật tự đô thị": ("Xây dựng - trật tự đô thị", "XD, TTĐT"),
        "Môi trường": ("Moi truong", "Lĩnh vực Môi trường"),
        "Tư pháp, hộ tịch": ("Tư pháp - Hộ tịch", "Tu phap, ho tich"),
        "Tham nhũng, tiêu cực": ("Tham nhung, tieu cuc",),
        "Cán bộ, công chức": ("Cán bộ công chức", "CB, CC"),
        "Lĩnh vực khác": ("Khác", "Các lĩnh vực khác"),
        "Tổng cộng": ("Tổng số", "Cộng"),
    },
    column_renames={
        6: "Từ kỳ trước chuyển sang",
        4: "Số người được tiếp công dân",
        9: "Số vụ thuộc thẩm quyền",
    },
    flat_paths=(
        ("Số lượt tiếp công dân", "Tổng số"),
        ("Số lượt tiếp công dân", "Thường xuyên"),
        ("Số lượt tiếp công dân", "Định kỳ"),
        ("Số lượt tiếp công dân", "Đột xuất"),
        ("Số người được tiếp",),
        ("Đơn thư", "Tổng số đơn"),
        ("Đơn thư", "Kỳ trước chuyển sang"),
        ("Đơn thư", "Tiếp nhận trong kỳ"),
        ("Đơn thư", "Đủ điều kiện xử lý"),
        ("Khiếu nại", "Thuộc thẩm quyền"),
        ("Khiếu nại", "Đã giải quyết"),
        ("Khiếu nại", "Tỷ lệ giải quyết (%)"),
        ("Tố cáo", "Thuộc thẩm quyền"),
        ("Tố cáo", "Đã giải quyết"),
        ("Tố cáo", "Tỷ lệ giải quyết (%)"),
    ),
)

TEMPLATES = {"A": PROCEDURES, "B": COMPLAINTS_TEMPLATE}
