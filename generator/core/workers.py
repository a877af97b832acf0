"""Work shared between the machine's cores: forked worker processes that inherit the loaded site
(copy-on-write, never pickled), are sent only positions in a list and send back what they made.

Every worker runs the same function the parent would run, on the same objects, so a build made
with workers has the same bytes as one made in a single process (tests/test_workers.py)."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

FORK_FROM = 200  # items: fewer are done in process, where starting workers would cost more than it saves
NICENESS = 10  # of the workers, relative to the build (start_worker)
WORKERS_VARIABLE = "RETNING_WORKERS"  # a whole number: at most this many worker processes (1: none)

_job: Callable[[range], Any] | None = None  # what a worker runs; set before the fork, so never pickled


def cores() -> int:
    """The worker processes a build may use: the cores this process may run on, or fewer if
    RETNING_WORKERS says so."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        available = os.cpu_count() or 1
    wanted = os.environ.get(WORKERS_VARIABLE, "")
    return max(1, min(available, int(wanted))) if wanted.isdigit() else available


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def forks(count: int) -> bool:
    """Whether forked_chunks shares `count` items between worker processes."""
    return count >= FORK_FROM and cores() >= 2 and can_fork()


def chunks(count: int, workers: int, most: int = 256) -> list[range]:
    """Positions 0 … count-1 in pieces small enough to share the work evenly (about eight a
    worker, so one slow piece does not leave the other cores idle), and large enough that sending
    them costs little."""
    size = max(1, min(most, -(-count // (workers * 8))))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


PR_SET_PDEATHSIG = 1  # prctl(2): a signal the kernel sends this process when its parent dies


def die_with_parent(parent: int) -> None:
    """A build killed with SIGKILL cannot stop its worker: have the kernel do it (Linux), and stop
    at once if the parent is already gone. Elsewhere the worker ends with its own work."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def start_worker(parent: int) -> None:
    """Workers yield the cores to the build's other processes: the search worker holds a quarter
    of a gigabyte of its own at 10,000 records until it ends, so it had better end early (the
    peak memory of a build with its media cache kept went from 1.55 to 1.43 GiB), and the
    parent's work beside them (the open data) is the same either way."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it ends the workers
    os.nice(NICENESS)


def _run(positions: range) -> Any:
    assert _job is not None
    return _job(positions)


def forked_chunks(job: Callable[[range], R], count: int, meanwhile: Callable[[], None] | None = None) -> Iterator[R]:
    """job(positions) over 0 … count-1 in chunks, in order: in forked workers when there are at
    least FORK_FROM items, more than one core and fork; else in this process. `job` may read
    anything the parent holds (the workers see it as it was at the fork); what it returns is
    pickled back. An exception in a worker is raised here. `meanwhile()` runs in this process
    while the workers work (or first, without workers)."""
    global _job
    if not forks(count):
        if meanwhile is not None:
            meanwhile()
        if count:
            yield job(range(count))
        return
    _job, workers = job, cores()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=start_worker, initargs=(os.getpid(),)) as pool:
            results = pool.imap(_run, chunks(count, workers))
            if meanwhile is not None:
                meanwhile()
            yield from results
    finally:
        _job = None


def forked_map(make: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[make(item) for item in items], shared between forked workers when there are many."""
    found: list[R] = []
    for made in forked_chunks(lambda positions: [make(items[i]) for i in positions], len(items)):
        found.extend(made)
    return found
