"""Parsing in a child process: same results as in-process, limits enforced, nothing inherited."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from retrieval.documents.ocr import OcrOptions
from retrieval.documents.readers import Page, ReadFile, Sheet, read_bytes
from retrieval.documents.sandbox import (
    decode_result,
    encode_result,
    failure,
    read_isolated,
    read_isolated_many,
)
from retrieval.errors import UnreadableFile
from tests.security.bad_files import (
    XLSX_ROOTS,
    billion_laughs,
    encrypted_pdf,
    replace_part,
    valid_docx,
    valid_html,
    valid_pdf,
    valid_xlsx,
)

BIG_TEXT = ("Văn bản hành chính " * 1_200_000).encode()  # about 25 MB, seconds to read
# Reading BIG_TEXT needs more than 512 MB: a test of the time limit gives it ample memory, so
# the time limit is the only one it can reach (at 512 MB a quick run ran out of memory first).
AMPLE_MB = 2048


def isolated(
    data: bytes,
    file_type: str,
    *,
    max_pages: int = 100,
    timeout_s: float = 20,
    memory_mb: int = 512,
) -> ReadFile:
    return read_isolated(
        data, file_type, max_pages=max_pages, timeout_s=timeout_s, memory_mb=memory_mb
    )


def isolated_code(
    data: bytes,
    file_type: str,
    *,
    max_pages: int = 100,
    timeout_s: float = 20,
    memory_mb: int = 512,
) -> str:
    with pytest.raises(UnreadableFile) as caught:
        isolated(data, file_type, max_pages=max_pages, timeout_s=timeout_s, memory_mb=memory_mb)
    return caught.value.code


def dated_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Hạn nộp", dt.date(2026, 5, 1), dt.datetime(2026, 5, 1, 17, 0), 3, 2.5, True])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("file_type", "make"),
    [
        ("pdf", valid_pdf),
        ("docx", valid_docx),
        ("xlsx", valid_xlsx),
        ("xlsx", dated_workbook),
        ("html", valid_html),
    ],
)
def test_child_reads_what_the_parent_would(file_type: str, make: Callable[[], bytes]) -> None:
    data = make()
    assert isolated(data, file_type) == read_bytes(data, file_type)


def test_dates_survive_the_trip() -> None:
    (sheet,) = isolated(dated_workbook(), "xlsx").sheets
    assert sheet.rows[0][1:3] == (dt.datetime(2026, 5, 1), dt.datetime(2026, 5, 1, 17, 0))
    assert [type(v) for v in sheet.rows[0][3:]] == [int, float, bool]


def test_child_reports_expected_problems() -> None:
    assert isolated_code(encrypted_pdf(valid_pdf(), "mat-khau", "chu", "AES-128"), "pdf") == (
        "encrypted"
    )
    hostile = replace_part(
        valid_xlsx(), "xl/workbook.xml", billion_laughs(XLSX_ROOTS["xl/workbook.xml"])
    )
    assert isolated_code(hostile, "xlsx") == "unsafe_xml"
    assert isolated_code(b"   ", "txt") == "empty"
    assert isolated_code(valid_pdf(1), "pdf", max_pages=0) == "too_many_pages"


def test_wall_clock_timeout_kills_the_child() -> None:
    started = time.monotonic()
    assert isolated_code(BIG_TEXT, "txt", timeout_s=0.6, memory_mb=AMPLE_MB) == "timeout"
    # Generous on two shared cores: what matters is that the child did not run to its end.
    assert time.monotonic() - started < 5.0


def test_memory_limit_ends_the_child() -> None:
    assert isolated_code(BIG_TEXT, "txt", memory_mb=120) == "too_complex"


@pytest.mark.parametrize(
    ("returncode", "stderr", "code"),
    [
        (-signal.SIGXCPU, b"", "timeout"),
        (-signal.SIGKILL, b"", "too_complex"),
        (1, b"Traceback ...\nMemoryError\n", "too_complex"),
        (-signal.SIGSEGV, b"Fatal Python error: Segmentation fault", "corrupt"),
        (-signal.SIGABRT, b"", "corrupt"),
        (1, b"Traceback ...\nValueError: x\n", "corrupt"),
    ],
)
def test_how_a_child_ended_becomes_a_reason(returncode: int, stderr: bytes, code: str) -> None:
    assert failure(returncode, stderr).code == code


def test_result_round_trip_and_malformed_results() -> None:
    result = ReadFile(
        "xlsx",
        [Page(None, "Bảng"), Page(2, "x")],
        (Sheet("Bảng", (("a", 1, 1.5, False, None, dt.date(2026, 1, 2)),)),),
    )
    assert decode_result(encode_result(result)) == result
    malformed: tuple[object, ...] = (
        None,
        [],
        {"file_type": "pdf", "pages": [[True, "x"]], "sheets": []},
        {"file_type": "pdf", "pages": [["1", "x"]], "sheets": []},
        {"file_type": "pdf", "pages": [[1, "x", 3]], "sheets": []},
        {"file_type": "xlsx", "pages": [], "sheets": [{"name": "a", "rows": [[{"x": 1}]]}]},
        {"file_type": "xlsx", "pages": [], "sheets": [{"name": "a", "rows": ["abc"]}]},
        {"error": "Traceback (most recent call last)", "detail": ""},
    )
    for bad in malformed:
        with pytest.raises(ValueError):
            decode_result(bad)
    with pytest.raises(UnreadableFile) as caught:
        decode_result({"error": "encrypted", "detail": "x" * 1000})
    assert caught.value.code == "encrypted" and len(caught.value.detail) == 300


def _children() -> list[int]:
    """Processes whose parent is this one, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.append(int(entry.name))
    return found


def test_child_inherits_no_sockets_handles_or_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VANTHU_TELEGRAM_TOKEN", "123:BI-MAT")
    server = socket.create_server(("127.0.0.1", 0))
    database = sqlite3.connect(tmp_path / "vanthu.db")
    database.execute("create table t (x)")
    ours = {f"socket:[{os.fstat(server.fileno()).st_ino}]", str(tmp_path / "vanthu.db")}
    seen: list[tuple[set[str], bytes]] = []
    worker = threading.Thread(target=isolated_code, args=(BIG_TEXT, "txt"), kwargs={"timeout_s": 3})
    try:
        worker.start()
        deadline = time.monotonic() + 3
        while not seen and time.monotonic() < deadline:
            for pid in _children():
                try:
                    # Only after exec: between fork and exec the child is still a copy of us.
                    if "child_main" not in Path(f"/proc/{pid}/cmdline").read_text():
                        continue
                    fds = {os.readlink(link) for link in Path(f"/proc/{pid}/fd").iterdir()}
                    environ = Path(f"/proc/{pid}/environ").read_bytes()
                except OSError:
                    continue
                seen.append((fds, environ))
            time.sleep(0.01)
        worker.join()
    finally:
        server.close()
        database.close()
    assert seen, "the child was observed while it ran"
    fds, environ = seen[0]
    assert not fds & ours and len(fds) <= 4, fds  # stdin, stdout, stderr (and a /proc read)
    assert environ.split(b"\0")[:1] == [b"LC_ALL=C.UTF-8"] and b"BI-MAT" not in environ


def test_twenty_page_pdf_is_read_in_well_under_three_seconds() -> None:
    pdf = valid_pdf(20)
    started = time.monotonic()
    result = isolated(pdf, "pdf")
    assert time.monotonic() - started < 3.0
    assert [page.number for page in result.pages] == list(range(1, 21))


def test_one_child_reads_many_files_in_order_each_as_alone() -> None:
    items = [(valid_xlsx(), "xlsx"), (b"not a pdf", "pdf"), (valid_docx(), "docx")]
    results = read_isolated_many(items, max_pages=100, timeout_s=20, memory_mb=512, tables=True)
    assert results[0] == read_bytes(valid_xlsx(), "xlsx", tables=True)
    assert isinstance(results[1], UnreadableFile) and results[1].code == "corrupt"
    assert results[2] == read_bytes(valid_docx(), "docx", tables=True)


def test_a_file_that_stops_the_shared_child_fails_alone_and_the_rest_are_read() -> None:
    items = [(valid_xlsx(), "xlsx"), (BIG_TEXT, "txt"), (valid_html(), "html")]
    results = read_isolated_many(items, max_pages=100, timeout_s=0.8, memory_mb=AMPLE_MB)
    assert isinstance(results[0], ReadFile) and isinstance(results[2], ReadFile)
    assert isinstance(results[1], UnreadableFile) and results[1].code == "timeout"


def test_formulas_of_a_workbook_read_for_its_tables_survive_the_trip() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([1, 2, "=A1+B1"])
    buffer = io.BytesIO()
    book.save(buffer)
    (read,) = isolated_tables(buffer.getvalue()).sheets
    assert read.formulas == {(0, 2): "=A1+B1"} and read.rows[0][2] == "=A1+B1"
    with pytest.raises(ValueError, match="formulas"):
        decode_result(
            {
                "file_type": "xlsx",
                "pages": [],
                "sheets": [{"name": "x", "rows": [], "formulas": [[0, 0, "rm -rf"]]}],
            }
        )


def isolated_tables(data: bytes) -> ReadFile:
    return read_isolated(data, "xlsx", max_pages=10, timeout_s=20, memory_mb=512, tables=True)


def test_parsing_keeps_its_own_time_limit_when_ocr_time_is_added() -> None:
    """A PDF whose parsing outlasts parse time fails then, not after the OCR budget too."""
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as caught:
        read_isolated(
            valid_pdf(600),
            "pdf",
            max_pages=1000,
            timeout_s=0.1,
            memory_mb=1024,
            ocr=OcrOptions(total_timeout_s=120),
        )
    assert caught.value.code == "timeout" and "parsing took longer" in caught.value.detail
    assert time.monotonic() - started < 20  # not 0.1 + 120 s
