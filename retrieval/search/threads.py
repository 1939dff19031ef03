"""How many threads the numeric libraries (BLAS, OpenMP, torch) use, held in every thread that
computes: OpenMP and torch keep their limit per calling thread, so a limit set at start-up does
not reach the worker threads that embed questions and search."""

from __future__ import annotations

import sys
import threading

from threadpoolctl import threadpool_limits

_held = threading.local()


def hold_threads(threads: int) -> None:
    """Hold the numeric libraries to `threads` threads in the calling thread (once per
    thread); 0 leaves them as they are (every core)."""
    if not threads or getattr(_held, "threads", None) == threads:
        return
    threadpool_limits(limits=threads)
    torch = sys.modules.get("torch")  # only once something has loaded it
    if torch is not None:
        torch.set_num_threads(threads)
    _held.threads = threads
