"""Six short Vietnamese passages, the questions each answers, and a lexical index over them."""

from __future__ import annotations

from retrieval.search.index import Hit, HybridIndex, SearchConfig

PASSAGES = {
    101: "Điều 3. Hồ sơ đăng ký tạm trú\n"
    "Hồ sơ đăng ký tạm trú gồm tờ khai thay đổi thông tin cư trú và giấy tờ chứng minh "
    "chỗ ở hợp pháp.",
    205: "Điều 6. Lệ phí đăng ký thường trú\n"
    "Lệ phí đăng ký thường trú khi nộp hồ sơ trực tiếp là 20.000 đồng.",
    307: "Điều 4. Thủ tục đăng ký kết hôn\n"
    "Hai bên nam, nữ nộp tờ khai đăng ký kết hôn và phải có mặt khi đăng ký.",
    411: "Điều 5. Quản lý con dấu\n"
    "Con dấu của cơ quan được giao cho văn thư quản lý, không được mang ra khỏi trụ sở.",
    523: "Điều 2. Cấp giấy phép xây dựng\n"
    "Thời hạn cấp giấy phép xây dựng nhà ở riêng lẻ là 15 ngày làm việc.",
    619: "Điều 7. Chứng thực bản sao\n"
    "Lệ phí chứng thực bản sao từ bản chính là 2.000 đồng một trang.",
}
IDS = list(PASSAGES)
TEXTS = list(PASSAGES.values())
QUERIES = [
    ("Hồ sơ đăng ký tạm trú gồm những gì?", 101),
    ("Lệ phí đăng ký thường trú là bao nhiêu?", 205),
    ("Ai quản lý con dấu của cơ quan?", 411),
    ("Thời hạn cấp giấy phép xây dựng là bao lâu?", 523),
    ("Lệ phí chứng thực bản sao một trang", 619),
]


def bm25_index(config: SearchConfig | None = None, revision: int = 7) -> HybridIndex:
    """A lexical-only index over the six passages."""
    return HybridIndex.build(IDS, TEXTS, None, config or SearchConfig(), None, revision)


def ids_of(hits: list[Hit]) -> list[int]:
    """Chunk ids in rank order."""
    return [h.chunk_id for h in hits]
