"""How long a forwarded PDF takes through the chat path (download, child-process parsing,
header, summary, deadlines, storage) and the memory it takes, for 20 and 300 pages. Target:
a 20-page PDF within 3 s (median of the runs); the exit status is 1 when it is missed.

    .venv/bin/python -m benchmarks.summarize_speed [--runs 3] [--pages 20,300]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

from benchmarks.report import Figures, add_json_argument, exit_with
from bot.database import open_database
from handlers.router import route
from handlers.services import Services
from handlers.types import Attachment, IncomingMessage
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from tests.documents import FONT
from tests.services import make_services

TARGET_PAGES, TARGET_S = 20, 3.0  # a PDF of up to 20 pages summarized within 3 s
TOPICS = [
    "tiếp nhận hồ sơ đăng ký tạm trú",
    "cấp giấy phép xây dựng nhà ở riêng lẻ",
    "chứng thực bản sao từ bản chính",
    "giải quyết khiếu nại lần đầu",
    "quản lý và sử dụng con dấu",
    "lưu trữ hồ sơ điện tử",
]


def article(number: int) -> list[str]:
    """One invented article of about a third of a page."""
    topic = TOPICS[number % len(TOPICS)]
    return [
        f"Điều {number}. Quy định về {topic}",
        f"1. Cơ quan, đơn vị thực hiện việc {topic} theo đúng trình tự, thủ tục quy định; "
        f"thời hạn giải quyết không quá {5 + number % 10:02d} ngày làm việc kể từ ngày nhận "
        "đủ hồ sơ hợp lệ.",
        f"2. Kinh phí thực hiện năm 2027 dự kiến {100 + number} triệu đồng từ nguồn ngân sách "
        "nhà nước; báo cáo kết quả gửi Văn phòng trước ngày 15/12/2026.",
        "3. Trường hợp hồ sơ chưa đầy đủ, cán bộ tiếp nhận hướng dẫn một lần bằng văn bản để "
        "người nộp bổ sung, hoàn thiện.",
    ]


def write_pdf(path: Path, pages: int) -> Path:
    """A decision of `pages` pages: the official header, then articles, three per page."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    head = [
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 1520/QĐ-UBND",
        "An Giang, ngày 10 tháng 11 năm 2026",
        "QUYẾT ĐỊNH",
        "Ban hành Quy chế tiếp nhận và giải quyết thủ tục hành chính",
    ]
    number = 1
    for page in range(pages):
        pdf.add_page()
        lines = head if page == 0 else []
        for _ in range(3):
            lines = [*lines, *article(number)]
            number += 1
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


async def summarize_once(services: Services, path: Path) -> tuple[float, str]:
    """Seconds for one forwarded file, and the reply's first line."""
    data = path.read_bytes()

    async def fetch() -> bytes:
        return data

    message = IncomingMessage(
        "",
        user_id="1",
        chat_id="1",
        platform="console",
        attachments=(Attachment(path.name, len(data), fetch),),
    )
    started = time.perf_counter()
    reply = await route(message, services)
    return time.perf_counter() - started, reply.blocks[0].text


def main() -> None:
    """Print seconds per file and the peak memory of the bot process (the child's own peak is
    not measurable through getrusage: a forked child counts its parent's pages until exec),
    then the table; exit 1 when the 20-page PDF takes more than 3 s."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default="20,300", help="sizes of the PDFs, comma-separated")
    add_json_argument(parser)
    args = parser.parse_args()
    figures = Figures("summarize_speed")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        engine = open_database(f"sqlite:///{base / 'vanthu.db'}", auto_upgrade=False)
        services = make_services(Library(engine, base / "index.npz", SearchConfig(), None))
        for pages in [int(p) for p in args.pages.split(",")]:
            path = write_pdf(base / f"quyet-dinh-{pages}-trang.pdf", pages)
            timings = []
            for _ in range(args.runs):
                seconds, first = asyncio.run(summarize_once(services, path))
                timings.append(seconds)
            median = round(statistics.median(timings), 2)
            rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            print(f"{pages} pages: {timings} s; reply: {first[:70]}")
            if pages <= TARGET_PAGES:
                figures.at_most(
                    f"{pages}-page PDF summarized, median (s)", median, TARGET_S, timing=True
                )
            else:
                figures.report(f"{pages}-page PDF summarized, median (s)", median)
            figures.report(f"bot process peak RSS after {pages} pages (MB)", rss)
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
