"""The digest built from hand-made event sets in a real event log, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

import retrieval.records.period
from retrieval.records.events import (
    Asked,
    Changed,
    Deadline,
    DocumentEvent,
    EventLog,
    FeedbackEvent,
    QuestionEvent,
    Summarized,
    SummaryEvent,
)
from retrieval.records.period import read_window
from retrieval.records.rounds import ReportStore, Round
from retrieval.text import topic_terms
from scheduler.digest import ChartWords, Digest, build_digest, chart_png
from tests.databases import migrated_engine
from tests.report_files import keep_report
from tests.scheduler.office_questions import OFFICE_QUESTIONS

WORDS = ChartWords("Câu hỏi mỗi ngày", "Ngày", "Số câu hỏi", "Câu hỏi", "Chưa có trong tài liệu")
# 08:00 on Wednesday 12/03/2025 in Vietnam: the end of the digest period.
END = datetime(2025, 3, 12, 1, tzinfo=UTC)
WEEK = timedelta(days=7)
TODAY = date(2025, 3, 12)


class Events:
    """An event log whose events are stamped with the times a test gives."""

    def __init__(self, url: str) -> None:
        self.log = EventLog(migrated_engine(url))

    def _stamp(
        self, table: type[QuestionEvent | SummaryEvent | DocumentEvent], row: int, at: datetime
    ) -> None:
        with Session(self.log.engine) as session, session.begin():
            session.execute(update(table).where(table.id == row).values(at=at))

    def ask(self, question: str, at: datetime, *, covered: bool) -> int:
        asked = Asked("telegram", "c1", "u1", "vi", question, covered, [], topic_terms(question))
        row = self.log.record_question(asked)
        self._stamp(QuestionEvent, row, at)
        return row

    def vote(self, question: int, user: str, at: datetime, *, useful: bool) -> None:
        assert self.log.record_feedback(question, user, useful=useful)
        with Session(self.log.engine) as session, session.begin():
            session.execute(
                update(FeedbackEvent)
                .where(FeedbackEvent.question_id == question, FeedbackEvent.user_id == user)
                .values(at=at)
            )

    def summarize(
        self, title: str, at: datetime, *deadlines: Deadline, number: str | None = None
    ) -> None:
        summarized = Summarized(
            "telegram", "c1", "u1", title, number, "UBND phường", list(deadlines)
        )
        self._stamp(SummaryEvent, self.log.record_summary(summarized), at)

    def change(self, action: str, title: str, at: datetime) -> None:
        self.log.record_change(Changed(action, title, "chung", "12/2025/QĐ-UBND"))
        with Session(self.log.engine) as session:
            last = session.scalar(select(func.max(DocumentEvent.id)))
        assert last is not None
        self._stamp(DocumentEvent, last, at)

    def digest(self, start: datetime = END - WEEK, end: datetime = END) -> Digest:
        return build_digest(read_window(self.log.engine, start, end))


@pytest.fixture
def events(database_url: str) -> Events:
    """A fresh event log on SQLite and on PostgreSQL."""
    return Events(database_url)


def test_a_gap_question_appears_and_an_answered_one_does_not(events: Events) -> None:
    """Only questions the documents could not answer are in the knowledge-gap list."""
    events.ask(
        "Thủ tục cấp đổi căn cước công dân gắn chip?", END - timedelta(days=2), covered=False
    )
    events.ask("Lệ phí chứng thực bản sao là bao nhiêu?", END - timedelta(days=1), covered=True)
    digest = events.digest()
    examples = [example for topic in digest.gaps for example in topic.examples]
    assert examples == ["Thủ tục cấp đổi căn cước công dân gắn chip?"]
    assert [topic.count for topic in digest.gaps] == [1]
    assert digest.topics == []  # each asked once: no "most asked" topic


def test_gaps_group_one_question_typed_with_and_without_diacritics(events: Events) -> None:
    """The same question typed two ways is one topic, named with diacritics; an unrelated one
    stays apart; the biggest group comes first and examples are the most recent first."""
    events.ask("Thủ tục đăng ký tạm trú cần giấy tờ gì?", END - timedelta(days=3), covered=False)
    events.ask("Giá vàng hôm nay bao nhiêu?", END - timedelta(days=2), covered=False)
    events.ask("thu tuc dang ky tam tru can giay to gi", END - timedelta(days=1), covered=False)
    digest = events.digest()
    assert [(topic.count, topic.examples) for topic in digest.gaps] == [
        (2, ["thu tuc dang ky tam tru can giay to gi", "Thủ tục đăng ký tạm trú cần giấy tờ gì?"]),
        (1, ["Giá vàng hôm nay bao nhiêu?"]),
    ]
    assert digest.gaps[0].label == "đăng ký tạm trú"


def test_counts_and_change_against_the_previous_period(events: Events) -> None:
    """Counts of the period come with those of the seven days before."""
    before = END - WEEK - timedelta(days=2)
    events.ask("Đăng ký kết hôn cần giấy tờ gì?", before, covered=True)
    first = events.ask("Đăng ký khai sinh ở đâu?", END - timedelta(days=5), covered=True)
    events.ask("Đăng ký khai tử cần gì?", END - timedelta(days=4), covered=True)
    events.ask("Giá vàng hôm nay?", END - timedelta(hours=3), covered=False)
    events.vote(first, "u2", END - timedelta(days=5), useful=True)
    events.summarize("Kế hoạch tiếp công dân", END - timedelta(days=1))
    events.change("added", "Quy chế văn thư", END - timedelta(days=6))
    digest = events.digest()
    assert (digest.counts.questions, digest.counts.not_covered) == (3, 1)
    assert (digest.counts.summaries, digest.counts.documents, digest.counts.useful) == (1, 1, 1)
    assert (digest.previous.questions, digest.previous.not_covered) == (1, 0)
    assert [row.title for row in digest.summaries] == ["Kế hoạch tiếp công dân"]
    assert [(row.action, row.title) for row in digest.documents] == [("added", "Quy chế văn thư")]
    assert not digest.is_empty


def test_deadlines_soonest_first_within_seven_days(events: Events) -> None:
    """Tomorrow's deadline comes first; one ten days out, a past one and an unresolved one do
    not appear; two on one day are ordered by title."""
    events.summarize(
        "Công văn B",
        END - timedelta(days=1),
        Deadline("Báo cáo trong 3 ngày", TODAY + timedelta(days=3)),
        Deadline("Nộp kế hoạch trước ngày 22/3", TODAY + timedelta(days=10)),
        Deadline("Trong thời hạn quy định"),
        number="7/CV-UBND",
    )
    events.summarize(
        "Công văn A",
        END - timedelta(days=20),
        Deadline("Gửi danh sách ngày mai", TODAY + timedelta(days=1)),
        Deadline("Báo cáo trước 11/3", TODAY - timedelta(days=1)),
        Deadline("Hoàn thành trong 3 ngày", TODAY + timedelta(days=3)),
    )
    digest = events.digest()
    assert [(row.due, row.title, row.text) for row in digest.deadlines] == [
        (TODAY + timedelta(days=1), "Công văn A", "Gửi danh sách ngày mai"),
        (TODAY + timedelta(days=3), "Công văn A", "Hoàn thành trong 3 ngày"),
        (TODAY + timedelta(days=3), "Công văn B", "Báo cáo trong 3 ngày"),
    ]
    assert digest.deadlines[2].number == "7/CV-UBND"


def test_an_empty_period_is_empty_and_has_no_chart(events: Events) -> None:
    """Events before the period do not count; an upcoming deadline alone is news."""
    events.ask("Đăng ký kết hôn cần giấy tờ gì?", END - WEEK - timedelta(days=1), covered=False)
    digest = events.digest()
    assert digest.is_empty
    assert digest.previous.questions == 1
    assert not digest.gaps and not digest.topics
    assert all(asked == 0 for _, asked, _ in digest.daily)
    assert chart_png(digest, WORDS) is None
    events.summarize(
        "Công văn", END - WEEK - timedelta(days=3), Deadline("Báo cáo", TODAY + timedelta(days=2))
    )
    assert not events.digest().is_empty


def test_daily_series_by_local_day_with_zero_days(events: Events) -> None:
    """One entry per local day of the period, zero days included; days are Vietnam's."""
    events.ask("Đăng ký khai sinh ở đâu?", datetime(2025, 3, 6, 3, tzinfo=UTC), covered=True)
    # 23:30 UTC on the 8th is 06:30 on the 9th in Vietnam.
    events.ask("Giá vàng hôm nay?", datetime(2025, 3, 8, 23, 30, tzinfo=UTC), covered=False)
    events.ask("Đăng ký kết hôn?", datetime(2025, 3, 9, 2, tzinfo=UTC), covered=True)
    digest = events.digest()
    assert digest.daily == [
        (date(2025, 3, 5), 0, 0),
        (date(2025, 3, 6), 1, 0),
        (date(2025, 3, 7), 0, 0),
        (date(2025, 3, 8), 0, 0),
        (date(2025, 3, 9), 2, 1),
        (date(2025, 3, 10), 0, 0),
        (date(2025, 3, 11), 0, 0),
        (date(2025, 3, 12), 0, 0),
    ]
    assert digest.start == END - WEEK and digest.end == END
    assert digest.start.tzinfo is not None


def test_chart_is_a_png_for_a_week_with_questions(events: Events) -> None:
    """A week with questions gets a small PNG; a single day gets none."""
    for day in range(1, 6):
        events.ask("Đăng ký tạm trú?", END - timedelta(days=day), covered=day % 2 == 0)
    png = chart_png(events.digest(), WORDS)
    assert png is not None and png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (600, 280)
    one_day = events.digest(END - timedelta(days=1), END)
    assert len(one_day.daily) >= 7, "a daily digest charts the last week"
    assert one_day.counts.questions <= sum(asked for _, asked, _ in one_day.daily)
    assert chart_png(one_day, WORDS) is not None


def test_a_daily_digest_charts_the_week_before_it(events: Events) -> None:
    """A one-day digest charts the last seven local days with the questions asked in them,
    while its counts, gaps and topics are the day's only."""
    for day in range(1, 7):
        for _ in range(day):
            events.ask("Đăng ký tạm trú?", END - timedelta(days=day, hours=1), covered=day != 3)
    events.ask("Giá vàng hôm nay?", END - timedelta(hours=2), covered=False)
    digest = events.digest(END - timedelta(days=1), END)
    assert (digest.counts.questions, digest.counts.not_covered) == (1, 1)
    assert digest.topics == []  # asked once: not a most asked topic
    assert [(topic.label, topic.count) for topic in digest.gaps] == [("giá vàng hôm nay", 1)]
    # 07:00 in Vietnam on the days before the 12th (the week starts at 08:00 on the 5th), and
    # 06:00 on the 12th itself.
    assert digest.daily == [
        (date(2025, 3, 5), 0, 0),
        (date(2025, 3, 6), 6, 0),
        (date(2025, 3, 7), 5, 0),
        (date(2025, 3, 8), 4, 0),
        (date(2025, 3, 9), 3, 3),
        (date(2025, 3, 10), 2, 0),
        (date(2025, 3, 11), 1, 0),
        (date(2025, 3, 12), 1, 1),
    ]
    assert digest.daily == events.digest().daily


def test_one_wording_asked_again_counts_each_time(events: Events) -> None:
    """A question asked in the same words several times counts every time; examples are the
    distinct wordings (case and spacing aside), the gaps' ordered by when each was last not
    answered, the topics' by when each was last asked."""
    first, second = "Lệ phí đăng ký tạm trú?", "Hồ sơ đăng ký tạm trú gồm gì?"
    events.ask(first, END - timedelta(days=5), covered=False)
    events.ask(second, END - timedelta(days=4), covered=False)
    events.ask("hồ sơ  ĐĂNG KÝ tạm trú gồm gì?", END - timedelta(days=3), covered=True)
    events.ask(first, END - timedelta(days=2), covered=True)
    events.ask(first, END - timedelta(days=1), covered=True)
    digest = events.digest()
    assert (digest.counts.questions, digest.counts.not_covered) == (5, 2)
    assert [(topic.label, topic.count, topic.examples) for topic in digest.gaps] == [
        ("đăng ký tạm trú", 2, [second, first])
    ]
    assert [(topic.count, topic.examples) for topic in digest.topics] == [
        (5, [first, "hồ sơ ĐĂNG KÝ tạm trú gồm gì?"])
    ]


def test_a_period_read_whole_or_through_the_index_gives_one_digest(
    events: Events, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Questions of a period that holds most of the stored ones are read by scanning the table
    on SQLite; the digest is the same as when they are read through the index on time."""
    for day, question in enumerate(OFFICE_QUESTIONS):
        events.ask(question, END - timedelta(days=day % 7, hours=day + 1), covered=day % 3 == 0)
    events.ask("Đăng ký kết hôn cần giấy tờ gì?", END - WEEK - timedelta(days=1), covered=False)
    monkeypatch.setattr(retrieval.records.period, "_WHOLE_TABLE_SHARE", 0.0)
    whole = events.digest()
    monkeypatch.setattr(retrieval.records.period, "_WHOLE_TABLE_SHARE", 2.0)
    indexed = events.digest()
    assert whole == indexed
    assert (whole.counts.questions, whole.previous.questions) == (len(OFFICE_QUESTIONS), 1)
    assert sum(asked for _, asked, _ in whole.daily) == len(OFFICE_QUESTIONS)


def test_a_digest_is_built_in_the_zone_its_window_was_read_in(events: Events) -> None:
    """Days and deadlines of a window are local to its zone: another zone is refused."""
    window = read_window(events.log.engine, END - WEEK, END, timezone="Asia/Kolkata")
    assert build_digest(window).timezone == "Asia/Kolkata"
    with pytest.raises(ValueError, match="Asia/Kolkata"):
        build_digest(window, "Asia/Ho_Chi_Minh")


def test_an_office_digest_for_a_channel_quotes_only_group_questions_it_may_read(
    events: Events,
) -> None:
    """An office-wide digest posted to a channel: a question asked in a private chat, or one
    answered from a collection the channel may not read, is counted and never quoted."""

    def ask(question: str, chat: str, user: str, documents: list[str]) -> None:
        asked = Asked("telegram", chat, user, "vi", question, False, documents)
        events._stamp(QuestionEvent, events.log.record_question(asked), END - timedelta(days=1))

    ask("Lịch công tác của Chủ tịch tuần tới?", "7", "7", [])  # private: chat id = user id
    ask("Kế hoạch thanh tra đột xuất phường Tân Định?", "-100", "8", ["mat/thanh-tra.md"])
    ask("Giờ tiếp công dân buổi sáng?", "-100", "8", ["chung/tiep-dan.md"])
    ask("Lệ phí đăng ký tạm trú?", "-200", "9", [])
    window = read_window(
        events.log.engine, END - WEEK, END, quotable=frozenset({"chung/tiep-dan.md"})
    )
    digest = build_digest(window)
    quoted = {e for topic in [*digest.gaps, *digest.topics] for e in topic.examples}
    assert quoted == {"Giờ tiếp công dân buổi sáng?", "Lệ phí đăng ký tạm trú?"}
    assert (digest.counts.questions, digest.counts.not_covered) == (4, 4)
    everything = build_digest(read_window(events.log.engine, END - WEEK, END))
    assert len({e for topic in everything.gaps for e in topic.examples}) == 4


def test_a_question_asked_once_is_not_a_most_asked_topic(events: Events) -> None:
    events.ask("Thủ tục đăng ký tạm trú cần giấy tờ gì?", END - timedelta(days=3), covered=True)
    events.ask("thu tuc dang ky tam tru can giay to gi", END - timedelta(days=2), covered=True)
    events.ask("Giá vàng hôm nay bao nhiêu?", END - timedelta(days=1), covered=False)
    events.ask("Lịch tiêm chủng tháng này?", END - timedelta(hours=5), covered=True)
    digest = events.digest()
    assert [(topic.label, topic.count) for topic in digest.topics] == [("đăng ký tạm trú", 2)]


def test_the_answers_marked_wrong_are_named(events: Events) -> None:
    first = events.ask("Lệ phí chứng thực bản sao?", END - timedelta(days=2), covered=True)
    second = events.ask("Giờ tiếp công dân?", END - timedelta(days=1), covered=True)
    events.vote(first, "u2", END - timedelta(days=1), useful=False)
    events.vote(first, "u3", END - timedelta(hours=3), useful=False)
    events.vote(second, "u2", END - timedelta(hours=2), useful=True)
    digest = events.digest()
    assert digest.marked_wrong == ["Lệ phí chứng thực bản sao?"]


def test_open_report_rounds_are_listed_until_their_deadline(events: Events) -> None:
    """A round open in a group is in that chat's digest and the office's, with who has not
    reported, up to its deadline day; a round past its deadline, a closed one and (in the
    office's) one opened in a private chat are not."""
    store = ReportStore(events.log.engine)

    def open_round(chat: str, title: str, deadline: date, *, private: bool = False) -> Round:
        return store.open_round(
            chat,
            title,
            private=private,
            deadline=deadline,
            expected=["UBND xã A", "UBND xã B", "UBND xã C"],
            template=None,
            opened_by="telegram:1",
        )

    due_today = open_round("telegram:-100", "Báo cáo quý IV", TODAY)
    keep_report(store, due_today.id, "UBND xã B", "telegram:2", b"B")
    open_round("telegram:-200", "Báo cáo tháng 2", TODAY - timedelta(days=1))  # overdue
    open_round("telegram:7", "Báo cáo riêng", TODAY + WEEK, private=True)
    store.close(open_round("telegram:-300", "Đã xong", TODAY + WEEK).id, {})

    office = events.digest()
    assert [(p.round.title, p.reported, p.missing) for p in office.rounds] == [
        ("Báo cáo quý IV", ("UBND xã B",), ("UBND xã A", "UBND xã C"))
    ]
    assert not office.is_empty
    chat = build_digest(read_window(events.log.engine, END - WEEK, END, chat=("telegram", "7")))
    assert [p.round.title for p in chat.rounds] == ["Báo cáo riêng"]
    elsewhere = read_window(events.log.engine, END - WEEK, END, chat=("telegram", "-999"))
    assert build_digest(elsewhere).rounds == [] and build_digest(elsewhere).is_empty
