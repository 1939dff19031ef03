"""Parsing untrusted files in a fresh interpreter with CPU, memory and wall-clock limits.

The child is a new `python -I -B` process running `child_main`: it inherits no open sockets or
database handles (only stdin, stdout and stderr are passed), an environment of one locale
variable and none of the bot's memory. It lowers its own limits before it reads the file,
parses it with `read_bytes`, and writes the result as JSON, which the parent checks field by
field: nothing the child sends is ever unpickled or executed. A hostile file can at worst make
its own child fail, and that failure becomes an UnreadableFile like any other.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import math
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from retrieval.documents.ocr import OcrOptions
from retrieval.documents.readers import (
    Cell,
    OcrReport,
    Page,
    PageProgress,
    ReadFile,
    Sheet,
    read_bytes,
)
from retrieval.errors import UnreadableFile

log = logging.getLogger(__name__)
# One OpenMP thread for any library that would start more: the bot runs several readers at once
# on a few cores.
_CHILD_ENV = {"LC_ALL": "C.UTF-8", "OMP_THREAD_LIMIT": "1"}
# The file types that may need OCR, and the most a child reading one may write to disk (the
# temporary files of the libraries that render and read a page).
OCR_TYPES = frozenset({"pdf", "image"})
OCR_FILE_BYTES = 256 * 1024 * 1024
# -I ignores PYTHONPATH, so the child is told where this package lives, installed or not.
_CHILD_MAIN = (
    f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r}); "
    "from retrieval.documents.sandbox import child_main; child_main(sys.argv[1:])"
)
_CODE = re.compile(r"[a-z_]{1,40}")
_MiB = 1024 * 1024
# The most a child may send back: about 5,000 pages of text, a million spreadsheet cells.
MAX_RESULT_CHARS = 10_000_000
MAX_RESULT_CELLS = 1_000_000
# The child tells the parent of each page it begins to read by OCR with a line on stderr.
_PAGE_LINE = re.compile(rb"vanthu:page (\d{1,6})/(\d{1,6})\n")
# How much of the rest of its stderr is kept to tell why a child failed.
STDERR_TAIL = 4000
# How long the stderr reader may go on after the child ended (a grandchild holding the pipe).
STDERR_GRACE_S = 1.0


def read_isolated(
    data: bytes,
    file_type: str,
    *,
    max_pages: int,
    timeout_s: float,
    memory_mb: int,
    ocr: OcrOptions | None = None,
    tables: bool = False,
    progress: PageProgress | None = None,
) -> ReadFile:
    """Parse bytes in a child process; timeouts, exhausted memory and crashes are UnreadableFile.
    With `ocr`, scanned pages and pictures are read by OCR, with its own time on top, and
    `progress(i, n)` is called (from a thread of its own) as the child begins the i-th of the
    n pages it reads by OCR; with `tables`, as `read_bytes` says."""
    parse_s = timeout_s  # the child holds the parsing itself to this, OCR apart
    if ocr is not None and file_type in OCR_TYPES:
        timeout_s += ocr.total_timeout_s
    else:
        ocr = None
    cpu_s = math.ceil(timeout_s) + 1  # a backstop: the wall clock normally ends the child first
    command = [sys.executable, "-I", "-B", "-c", _CHILD_MAIN, file_type]
    command += [str(max_pages), str(memory_mb), str(cpu_s)]
    command.append(json.dumps(dataclasses.asdict(ocr)) if ocr is not None else "")
    command.append("tables" if tables else "")
    command.append(f"{parse_s:g}")
    returncode, out, errors = _run_child(command, data, timeout_s, progress)
    if returncode != 0:
        raise failure(returncode, errors)
    try:
        return decode_result(json.loads(out))
    except (ValueError, TypeError) as exc:
        raise UnreadableFile("corrupt", f"malformed result from the reader: {exc}"[:300]) from None


def _run_child(
    command: list[str], data: bytes, timeout_s: float, progress: PageProgress | None
) -> tuple[int, bytes, bytes]:
    """Run the child on `data`: its exit code, its stdout and the tail of its stderr. The
    stderr is read as it comes, by a thread that passes the page lines to `progress`; a child
    still running after `timeout_s` is killed (UnreadableFile "timeout")."""
    tail = bytearray()
    errors_out, errors_in = os.pipe()
    try:
        child = subprocess.Popen(  # our own interpreter and module, no shell
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors_in,
            env=_CHILD_ENV,
        )
    except BaseException:
        os.close(errors_out)
        raise
    finally:
        os.close(errors_in)
    watcher = threading.Thread(target=_watch_errors, args=(errors_out, progress, tail), daemon=True)
    watcher.start()
    with child:
        try:
            out, _ = child.communicate(data, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            child.kill()
            raise UnreadableFile("timeout", f"no result within {timeout_s:g} s") from None
        finally:
            watcher.join(timeout=STDERR_GRACE_S)
    return child.returncode, out, bytes(tail)


def _watch_errors(fd: int, progress: PageProgress | None, tail: bytearray) -> None:
    """Read the child's stderr until it closes: page lines go to `progress`, the rest is
    kept (its last STDERR_TAIL bytes) for `failure`."""
    with open(fd, "rb") as errors:
        for line in iter(lambda: errors.readline(STDERR_TAIL), b""):
            page = _PAGE_LINE.fullmatch(line)
            if page is None:
                tail += line
                del tail[:-STDERR_TAIL]
            elif progress is not None:
                at, count = int(page[1]), int(page[2])
                if 1 <= at <= count:
                    try:
                        progress(at, count)
                    except Exception:  # a courtesy display never costs the file
                        log.exception("page progress failed; the file is read without it")
                        progress = None


def read_isolated_many(
    items: Sequence[tuple[bytes, str]],
    *,
    max_pages: int,
    timeout_s: float,
    memory_mb: int,
    tables: bool = False,
) -> list[ReadFile | UnreadableFile]:
    """Several files (bytes, type) read one after another by one child, so the interpreter and
    the parsers start once for all of them: a round's dozens of reports in seconds. The child
    writes one result per line as it goes; after a crash or a timeout the file it was on is
    read again alone (and fails alone) and the rest go on in a new child. The files share a
    process, so this is for files that go to the same reader anyway (one round's reports).
    No OCR here: a scan is read on its own with `read_isolated`."""
    if len(items) < 2:
        return [
            _read_one(data, file_type, max_pages, timeout_s, memory_mb, tables)
            for data, file_type in items
        ]
    cpu_s = math.ceil(timeout_s) + 1
    sizes = json.dumps([[file_type, len(data)] for data, file_type in items])
    command = [sys.executable, "-I", "-B", "-c", _CHILD_MAIN, "many"]
    command += [str(max_pages), str(memory_mb), str(cpu_s), "", "tables" if tables else "", sizes]
    try:
        done = subprocess.run(  # our own interpreter and module, no shell
            command,
            input=b"".join(data for data, _ in items),
            capture_output=True,
            timeout=timeout_s,
            env=_CHILD_ENV,
            check=False,
        )
        out = done.stdout
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or b""
    results: list[ReadFile | UnreadableFile] = []
    for line in out.split(b"\n")[: len(items)]:
        try:
            results.append(decode_result(json.loads(line)))
        except UnreadableFile as exc:
            results.append(exc)
        except (ValueError, TypeError):
            break  # cut short: the child died on this file
    if len(results) < len(items):
        data, file_type = items[len(results)]
        results.append(_read_one(data, file_type, max_pages, timeout_s, memory_mb, tables))
        rest = items[len(results) :]
        results += read_isolated_many(
            rest, max_pages=max_pages, timeout_s=timeout_s, memory_mb=memory_mb, tables=tables
        )
    return results


def _read_one(
    data: bytes, file_type: str, max_pages: int, timeout_s: float, memory_mb: int, tables: bool
) -> ReadFile | UnreadableFile:
    try:
        return read_isolated(
            data,
            file_type,
            max_pages=max_pages,
            timeout_s=timeout_s,
            memory_mb=memory_mb,
            tables=tables,
        )
    except UnreadableFile as exc:
        return exc


def failure(returncode: int, stderr: bytes) -> UnreadableFile:
    """Why a child that sent no result ended: out of CPU time, out of memory, or crashed."""
    tail = stderr[-2000:].decode("utf-8", "replace")
    log.warning("file reader exited with %d: %s", returncode, tail.strip()[-300:])
    if returncode == -signal.SIGXCPU:
        return UnreadableFile("timeout", "CPU time limit reached")
    # SIGKILL without a timeout comes from the kernel's out-of-memory killer.
    if returncode == -signal.SIGKILL or "MemoryError" in tail:
        return UnreadableFile("too_complex", "memory limit reached")
    if returncode < 0:
        return UnreadableFile("corrupt", f"the reader crashed ({signal.Signals(-returncode).name})")
    return UnreadableFile("corrupt", f"the reader failed with exit code {returncode}")


def encode_result(result: ReadFile) -> dict[str, Any]:
    """A ReadFile as JSON-ready data, cut to MAX_RESULT_CHARS of text and MAX_RESULT_CELLS
    cells so the bot process never takes in more; dates are tagged since JSON has none."""
    pages, chars = [], MAX_RESULT_CHARS
    for page in result.pages:
        if chars <= 0:
            break
        pages.append([page.number, page.text[:chars]])
        chars -= len(page.text)
    sheets, cells, full = [], MAX_RESULT_CELLS, False
    for sheet in result.sheets:
        rows = []
        for row in sheet.rows:
            if cells < len(row):
                full = True  # a clean cut: nothing after the first row that does not fit
                break
            cells -= len(row)
            rows.append([_encode_cell(c) for c in row])
        formulas = [[r, c, f] for (r, c), f in sheet.formulas.items() if r < len(rows)]
        sheets.append({"name": sheet.name, "rows": rows, "formulas": formulas})
        if full:
            break
    ocr = dataclasses.asdict(result.ocr) if result.ocr is not None else None
    return {"file_type": result.file_type, "pages": pages, "sheets": sheets, "ocr": ocr}


def decode_result(payload: object) -> ReadFile:
    """The ReadFile a child sent, checked field by field, or the UnreadableFile it reported."""
    match payload:
        case {"error": str(code), "detail": str(detail)} if _CODE.fullmatch(code):
            raise UnreadableFile(code, detail[:300])
        case {"file_type": str(file_type), "pages": list(pages), "sheets": list(sheets)}:
            return ReadFile(
                file_type,
                [_decode_page(page) for page in pages],
                tuple(_decode_sheet(sheet) for sheet in sheets),
                _decode_ocr(payload.get("ocr")),  # type: ignore[attr-defined]
            )
    raise ValueError("unexpected result shape")


def _decode_ocr(item: object) -> OcrReport | None:
    match item:
        case None:
            return None
        case {
            "pages": list(pages),
            "confidence": None | float() | int() as confidence,
            "unread": list(unread),
            "missing": str(missing),
        } if all(_is_int(n) for n in pages + unread):
            return OcrReport(
                tuple(pages),
                None if confidence is None else float(confidence),
                tuple(unread),
                missing[:300],
            )
    raise ValueError("malformed OCR report")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _encode_cell(cell: Cell) -> object:
    if isinstance(cell, dt.datetime):
        return {"datetime": cell.isoformat()}
    if isinstance(cell, dt.date):
        return {"date": cell.isoformat()}
    return cell


def _decode_page(item: object) -> Page:
    match item:
        case [int(number), str(text)] if not isinstance(number, bool):
            return Page(number, text)
        case [None, str(text)]:
            return Page(None, text)
    raise ValueError("malformed page")


def _decode_sheet(item: object) -> Sheet:
    match item:
        case {"name": str(name), "rows": list(rows)} if all(isinstance(r, list) for r in rows):
            formulas = item.get("formulas", [])  # type: ignore[attr-defined]
            if not isinstance(formulas, list) or not all(_is_formula_entry(f) for f in formulas):
                raise ValueError("malformed formulas")
            cells = tuple(tuple(_decode_cell(c) for c in row) for row in rows)
            return Sheet(name, cells, {(f[0], f[1]): f[2] for f in formulas})
    raise ValueError("malformed sheet")


def _is_formula_entry(item: object) -> bool:
    match item:
        case [int(row), int(column), str(formula)]:
            return row >= 0 and column >= 0 and formula.startswith("=") and len(formula) < 8192
    return False


def _decode_cell(item: object) -> Cell:
    match item:
        case {"datetime": str(iso)}:
            return dt.datetime.fromisoformat(iso)
        case {"date": str(iso)}:
            return dt.date.fromisoformat(iso)
        case str() | bool() | int() | float() | None:
            return item
    raise ValueError("malformed cell")


def child_main(argv: list[str]) -> None:
    """The child's side: limit itself, read stdin, write the result or the reason as JSON
    (one line per file when it reads several)."""
    file_type, max_pages, memory_mb, cpu_s = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    ocr = OcrOptions(**json.loads(argv[4])) if len(argv) > 4 and argv[4] else None
    tables = len(argv) > 5 and argv[5] == "tables"
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * _MiB, memory_mb * _MiB))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Parsers have no reason to write files; OCR writes one page's picture and text at a time.
    written = OCR_FILE_BYTES if ocr is not None else 0
    resource.setrlimit(resource.RLIMIT_FSIZE, (written, written))
    logging.disable(logging.CRITICAL)  # pypdf and openpyxl warn at length about broken files
    warnings.simplefilter("ignore")
    if file_type != "many":
        parse_s = float(argv[6]) if len(argv) > 6 and argv[6] else 0.0
        if ocr is not None and parse_s > 0:
            _limit_parsing(parse_s)
        _child_read(sys.stdin.buffer.read(), file_type, max_pages, ocr, tables)
        return
    for each_type, size in json.loads(argv[6]):
        _child_read(sys.stdin.buffer.read(size), each_type, max_pages, None, tables)
        sys.stdout.buffer.write(b"\n")
        sys.stdout.buffer.flush()


def _limit_parsing(seconds: float) -> None:
    """Parsing gets `seconds` of the child's time, however long OCR may take after it: an
    alarm ends it, and the readers stop the alarm when OCR begins."""

    def stop(_signal: int, _frame: object) -> None:
        # Not an exception: a parser that catches every exception would carry on. The child
        # says why and ends here (nothing is on stdout before the result).
        reason = {"error": "timeout", "detail": f"parsing took longer than {seconds:g} s"}
        os.write(sys.stdout.fileno(), json.dumps(reason).encode())
        os._exit(0)

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _stop_alarm() -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)


def _tell_page(at: int, count: int) -> None:
    """The child's side of `progress`: one line on stderr, sent at once."""
    with contextlib.suppress(OSError):  # nobody listening: read on all the same
        sys.stderr.buffer.write(f"vanthu:page {at}/{count}\n".encode())
        sys.stderr.buffer.flush()


def _child_read(
    data: bytes, file_type: str, max_pages: int, ocr: OcrOptions | None, tables: bool
) -> None:
    try:
        payload = encode_result(
            read_bytes(
                data,
                file_type,
                max_pages=max_pages,
                ocr=ocr,
                tables=tables,
                before_ocr=_stop_alarm,
                progress=_tell_page if ocr is not None else None,
            )
        )
        _stop_alarm()
        out = json.dumps(payload, ensure_ascii=False).encode()
    except UnreadableFile as exc:
        _stop_alarm()
        out = json.dumps({"error": exc.code, "detail": exc.detail[:300]}).encode()
    except MemoryError:  # building the result itself ran out of memory
        _stop_alarm()
        del data
        out = b'{"error": "too_complex", "detail": "memory limit reached"}'
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
