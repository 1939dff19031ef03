"""Benchmark the digest over a large event log: read the period, build, render, draw the chart.

A fresh database (a SQLite file in a temporary folder, or a new database on the PostgreSQL
server of `--database-url`, dropped afterwards) is filled with bulk inserts: N events over the
60 days before now, of which 85% questions (office procedures asked in many phrasings, a third
typed without diacritics, some topics missing from the library so that about 20% are not
covered), 10% feedback clicks, and summaries with their deadlines and library changes. Then
`EventLog.window` + `build_digest` + `render_digest` are timed, five times each, for the last
day, the last 7 days and the whole 60 days, and `chart_png` for the 7-day digest.

Target: every digest, the 60-day one over the whole event log included, builds (read + build
+ render, median of five runs) in at most 1 s; the exit status is 1 when one does not.

    .venv/bin/python -m benchmarks.digest_build [--database-url URL] [--events 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import Engine, make_url

from benchmarks.report import Figures, add_json_argument, exit_with
from bot.database import open_database
from handlers.digest_reply import digest_chart, render_digest
from retrieval.records.events import (
    DeadlineEvent,
    DocumentEvent,
    EventLog,
    FeedbackEvent,
    QuestionEvent,
    SummaryEvent,
)
from retrieval.records.period import read_window
from retrieval.text import fold, topic_terms
from scheduler.digest import build_digest

TARGET_MS = 1000
DAYS = 60
RUNS = 5

# Procedures an office is asked about: (name, how often, share the library cannot answer).
PROCEDURES = [
    ("đăng ký tạm trú", 10, 0.05),
    ("đăng ký thường trú", 8, 0.05),
    ("đăng ký khai sinh", 8, 0.05),
    ("đăng ký kết hôn", 6, 0.05),
    ("cấp căn cước công dân", 8, 0.4),
    ("cấp hộ chiếu phổ thông", 4, 0.5),
    ("chứng thực bản sao", 6, 0.05),
    ("cấp giấy phép xây dựng", 5, 0.1),
    ("cấp giấy chứng nhận quyền sử dụng đất", 5, 0.3),
    ("sang tên sổ đỏ", 3, 0.8),
    ("xác nhận tình trạng hôn nhân", 4, 0.05),
    ("đăng ký khai tử", 2, 0.1),
    ("khai báo tạm trú cho người nước ngoài", 2, 0.05),
    ("đăng ký xe máy", 3, 0.8),
    ("đăng ký hộ kinh doanh", 3, 0.4),
    ("trợ cấp thất nghiệp", 2, 0.9),
    ("bảo hiểm y tế hộ gia đình", 2, 0.7),
    ("cấp phiếu lý lịch tư pháp", 2, 0.5),
    ("đổi giấy phép lái xe", 2, 0.9),
    ("nhận con nuôi", 1, 0.3),
    ("tiếp công dân", 2, 0.05),
    ("khiếu nại quyết định hành chính", 1, 0.4),
    ("hòa giải tranh chấp đất đai", 1, 0.6),
    ("nghỉ phép năm của công chức", 2, 0.05),
]
ASPECTS = [
    "{p} cần giấy tờ gì?",
    "Hồ sơ {p} gồm những gì?",
    "Lệ phí {p} là bao nhiêu?",
    "{p} mất bao lâu?",
    "Thời hạn giải quyết {p} là bao nhiêu ngày?",
    "Nộp hồ sơ {p} ở đâu?",
    "{p} online được không?",
    "Thủ tục {p} như thế nào?",
    "Mẫu tờ khai {p} lấy ở đâu?",
    "Quá hạn {p} thì bị phạt bao nhiêu?",
    "Ai có thẩm quyền giải quyết {p}?",
    "{p} cho người cao tuổi có được ưu tiên không?",
]
LEADS = ["", "", "", "Cho tôi hỏi ", "Xin hỏi ", "Anh chị ơi, "]
PLACES = ["", "", "", "", " ở phường An Khánh", " tại quận 1", " ở xã Tân Phú", " cho con"]
# Questions no office library answers, with a changing part so they are many and varied.
OFF_TOPIC = [
    "Thời tiết {city} ngày mai thế nào?",
    "Giá vàng hôm nay ở {city} bao nhiêu?",
    "Kết quả xổ số {city} hôm qua",
    "Quán phở ngon ở {city}?",
]
CITIES = ["Hà Nội", "Đà Nẵng", "Huế", "Cần Thơ", "Hải Phòng", "Nha Trang", "Vũng Tàu"]
OFF_TOPIC_SHARE = 0.04
MISSING_SCALE = 0.7  # brings the share of questions not covered to about 20%
TITLES = [
    ("Quyết định về việc ban hành quy chế tiếp công dân", "QĐ-UBND", "UBND phường An Khánh"),
    ("Công văn về việc triển khai dịch vụ công trực tuyến", "UBND-VP", "UBND quận"),
    ("Kế hoạch kiểm tra công tác văn thư lưu trữ", "KH-UBND", "UBND phường An Khánh"),
    ("Thông báo lịch tiếp công dân tháng", "TB-UBND", "Văn phòng UBND"),
    ("Báo cáo tình hình giải quyết thủ tục hành chính", "BC-UBND", "UBND phường An Khánh"),
]
DEADLINE_TEXTS = [
    "Báo cáo kết quả trước ngày {d:%d/%m/%Y}",
    "Gửi danh sách về Văn phòng chậm nhất ngày {d:%d/%m/%Y}",
    "Hoàn thành rà soát hồ sơ trước {d:%d/%m/%Y}",
]


def question(rng: random.Random) -> tuple[str, str, bool]:
    """A question as people type it, its procedure and whether the library covers it."""
    if rng.random() < OFF_TOPIC_SHARE:
        return rng.choice(OFF_TOPIC).format(city=rng.choice(CITIES)), "off-topic", False
    weights = [weight for _, weight, _ in PROCEDURES]
    name, _, missing = rng.choices(PROCEDURES, weights)[0]
    lead = rng.choice(LEADS)
    body = rng.choice(ASPECTS).format(p=name)
    body = (body[0].lower() if lead else body[0].upper()) + body[1:]
    typed = lead + body.rstrip("?") + rng.choice(PLACES) + "?"
    if rng.random() < 0.35:  # typed on a phone keyboard without diacritics, in lower case
        typed = fold(typed).lower().rstrip("?")
    return typed, name, rng.random() >= missing * MISSING_SCALE


def _moments(rng: random.Random, end: datetime, count: int) -> list[datetime]:
    """Times in the days before `end`, mostly office hours in Vietnam, fewer at weekends."""
    local = timedelta(hours=7)
    moments: list[datetime] = []
    while len(moments) < count:
        day = (end + local).date() - timedelta(days=rng.randrange(DAYS))
        if day.weekday() >= 5 and rng.random() < 0.8:
            continue
        seconds = rng.gauss(11.5, 2.5) * 3600
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC) - local
        moment += timedelta(seconds=min(max(seconds, 0), 86_399))
        if moment < end:
            moments.append(moment)
    return moments


def _bulk(engine: Engine, table: Any, rows: list[dict[str, Any]], batch: int = 10_000) -> None:
    with engine.begin() as connection:
        for start in range(0, len(rows), batch):
            connection.execute(insert(table), rows[start : start + batch])


def fill(engine: Engine, events: int, end: datetime, seed: int = 7) -> dict[str, int]:
    """Store `events` events over the 60 days before `end`; the count of each kind."""
    EventLog(engine)
    rng = random.Random(seed)
    n_questions = round(events * 0.85)
    n_feedback = round(events * 0.10)
    n_summaries = round(events * 0.025)
    n_documents = round(events * 0.01)
    n_deadlines = events - n_questions - n_feedback - n_summaries - n_documents
    questions: list[dict[str, Any]] = []
    asked_at = _moments(rng, end, n_questions)
    for index, moment in enumerate(asked_at, start=1):
        typed, _, covered = question(rng)
        questions.append(
            {
                "id": index,
                "at": moment,
                "platform": rng.choice(["telegram", "slack"]),
                "chat_id": f"chat-{rng.randrange(40)}",
                "user_id": f"user-{rng.randrange(400)}",
                "language": "vi",
                "question": typed,
                "covered": covered,
                "documents": [],
                "terms": topic_terms(typed),
            }
        )
    _bulk(engine, QuestionEvent, questions)
    voted: set[tuple[int, str]] = set()
    feedback: list[dict[str, Any]] = []
    while len(feedback) < n_feedback:
        asked = rng.randrange(len(asked_at))
        voter = f"user-{rng.randrange(400)}"
        if (asked, voter) in voted:
            continue
        voted.add((asked, voter))
        at = asked_at[asked] + timedelta(minutes=rng.randrange(1, 120))
        feedback.append(
            {
                "question_id": asked + 1,
                "user_id": voter,
                "useful": rng.random() < 0.8,
                "at": min(at, end - timedelta(seconds=1)),
            }
        )
    _bulk(engine, FeedbackEvent, feedback)
    summaries: list[dict[str, Any]] = []
    summarized_at = _moments(rng, end, n_summaries)
    for index, moment in enumerate(summarized_at, start=1):
        title, kind, issuer = rng.choice(TITLES)
        summaries.append(
            {
                "id": index,
                "at": moment,
                "platform": "telegram",
                "chat_id": f"chat-{rng.randrange(40)}",
                "user_id": f"user-{rng.randrange(400)}",
                "title": f"{title} {rng.randrange(1, 13)}",
                "number": f"{rng.randrange(1, 999)}/{moment.year}/{kind}",
                "issuer": issuer,
            }
        )
    _bulk(engine, SummaryEvent, summaries)
    deadlines: list[dict[str, Any]] = []
    for _ in range(n_deadlines):
        summary = rng.randrange(len(summarized_at))
        due = summarized_at[summary].date() + timedelta(days=rng.randrange(1, 30))
        deadlines.append(
            {
                "summary_id": summary + 1,
                "due": due if rng.random() < 0.9 else None,
                "text": rng.choice(DEADLINE_TEXTS).format(d=due),
            }
        )
    _bulk(engine, DeadlineEvent, deadlines)
    documents = [
        {
            "at": moment,
            "action": rng.choices(["added", "changed", "removed"], [6, 3, 1])[0],
            "title": f"{rng.choice(TITLES)[0]} {rng.randrange(1, 50)}",
            "number": f"{rng.randrange(1, 999)}/QĐ-UBND",
            "collection": rng.choice(["chung", "noi-bo"]),
        }
        for moment in _moments(rng, end, n_documents)
    ]
    _bulk(engine, DocumentEvent, documents)
    return {
        "questions": len(questions),
        "feedback": len(feedback),
        "summaries": len(summaries),
        "deadlines": len(deadlines),
        "documents": len(documents),
    }


def _timed(action: Callable[[], object], runs: int = RUNS) -> dict[str, float]:
    """Best and median wall time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return {"best_ms": round(min(times), 1), "p50_ms": round(statistics.median(times), 1)}


def measure(log: EventLog, end: datetime, days: int) -> dict[str, Any]:
    """Time reading, building and rendering the digest of the `days` before `end`."""
    start = end - timedelta(days=days)
    window = read_window(log.engine, start, end)
    digest = build_digest(window)
    reply = render_digest(digest, "vi")

    def whole() -> None:
        render_digest(build_digest(read_window(log.engine, start, end)), "vi")

    return {
        "questions": window.counts.questions,
        "not_covered": window.counts.not_covered,
        "deadlines": len(digest.deadlines),
        "blocks": len(reply.blocks),
        "gaps": [f"{t.label} ({t.count})" for t in digest.gaps[:5]],
        "topics": [f"{t.label} ({t.count})" for t in digest.topics],
        "window": _timed(lambda: read_window(log.engine, start, end)),
        "build": _timed(lambda: build_digest(window)),
        "render": _timed(lambda: render_digest(digest, "vi")),
        "total": _timed(whole),
    }


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A fresh SQLite file, or a new database on the given server, dropped afterwards."""
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/events.db"
        return
    name = f"vanthu_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    """Fill, measure, print the table; exit 1 when a digest is too slow."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--events", type=int, default=100_000)
    add_json_argument(parser)
    args = parser.parse_args()
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    with database(args.database_url) as url:
        engine = open_database(url, auto_upgrade=False)
        try:
            begin = time.perf_counter()
            stored = fill(engine, args.events, end)
            fill_s = time.perf_counter() - begin
            log = EventLog(engine)
            periods = {f"{days}d": measure(log, end, days) for days in (1, 7, DAYS)}
            week = build_digest(read_window(log.engine, end - timedelta(days=7), end))
            png = digest_chart(week, "vi")
            chart = _timed(lambda: digest_chart(week, "vi"))
        finally:
            engine.dispose()
    print(json.dumps(periods, ensure_ascii=False, indent=2))
    figures = Figures("digest_build")
    backend = make_url(url).get_backend_name()
    figures.report(f"events stored ({backend})", sum(stored.values()))
    figures.report("fill (s)", round(fill_s, 1))
    for period, measured in periods.items():
        p50 = measured["total"]["p50_ms"]
        figures.at_most(
            f"digest of {period}: read + build + render p50 (ms)", p50, TARGET_MS, timing=True
        )
    figures.report("chart of 7 days p50 (ms)", chart["p50_ms"])
    figures.report("chart size (KB)", round(len(png or b"") / 1024, 1))
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
