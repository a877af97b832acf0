"""The search part of a build: index, related work and the static export. On a large site it runs
in a forked worker process beside page rendering, so indexing and rendering share the machine's
cores; on a small site it runs in process, where starting a process would cost more than it saves."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import tempfile
import threading
from multiprocessing.connection import Connection
from typing import Any

from generator.core.workers import die_with_parent
from generator.model.records import Site
from generator.search.documents import documents
from generator.search.export import build_index, export, term_statistics, with_postings
from generator.search.related import related_initiatives
from generator.search.synonyms import synonym_terms

PARALLEL_FROM = 2000  # records
SIZE_BYTES = 8  # the published lists' size, in front of them (SearchJob.published)


class SearchJob:
    """related() first (the initiative pages need it), files() later (only the write needs them);
    published() for the page renderers forked meanwhile."""

    def __init__(self, site: Site):
        self._related: dict[str, list[str]] | None = None  # record id → ids of similar initiatives
        self._files: dict[str, bytes] | None = None  # site/search/… files
        if len(site.records) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            index = build_index(documents(site))
            self._related, self._files = related_initiatives(site, index), export(index, synonyms=synonym_terms(site.vocabularies))
            return
        context = multiprocessing.get_context("fork")  # the child shares the loaded site without copying it
        receiver, sender = context.Pipe(duplex=False)
        # A file with no name (gone when the last process holding it ends, however it ends) that every
        # process forked from here on can read: the worker leaves its lists in it (published()).
        self._shared = tempfile.TemporaryFile()  # noqa: SIM115 - open for the job's life, closed by files()
        self._process = context.Process(target=_work, args=(site, sender, os.getpid(), self._shared.fileno()), daemon=True)
        self._process.start()
        sender.close()
        # A thread takes each result as soon as it is sent, so the worker never waits on a full pipe
        # for the page rendering to ask for it.
        self._outcomes: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._receive_all, args=(receiver,), daemon=True).start()

    def ready(self) -> bool:
        """Whether related() would answer without waiting."""
        return self._related is not None or not self._outcomes.empty()

    def published(self) -> dict[str, list[str]] | None:
        """related() without waiting, for page renderers in processes forked after this one, which
        cannot share its pipe: the worker also leaves the lists in a file (None: not there yet)."""
        if self._related is not None:
            return self._related
        size = int.from_bytes(os.pread(self._shared.fileno(), SIZE_BYTES, 0).ljust(SIZE_BYTES, b"\0"), "big")
        return pickle.loads(os.pread(self._shared.fileno(), size, SIZE_BYTES)) if size else None

    def related(self) -> dict[str, list[str]]:
        if self._related is None:
            self._related = self._receive()
        return self._related

    def files(self) -> dict[str, bytes]:
        if self._files is None:
            self.related()
            self._files = self._receive()
            self._process.join()
            self._shared.close()
        return self._files

    def stop(self) -> None:
        """End the worker before it is done (an in-process job is done when made): the build it served failed."""
        if self._files is None:
            self._process.kill()
            self._process.join()
            self._shared.close()
            self._files = {}

    def _receive_all(self, receiver: Connection) -> None:
        with receiver:
            for _ in range(2):
                try:
                    outcome = receiver.recv()
                except EOFError:
                    outcome = RuntimeError("the search worker stopped without a result")
                self._outcomes.put(outcome)
                if isinstance(outcome, BaseException):
                    return

    def _receive(self) -> Any:
        outcome = self._outcomes.get()
        if isinstance(outcome, BaseException):
            self._process.join()
            raise outcome
        return outcome


def _work(site: Site, sender: Connection, parent: int, shared: int) -> None:
    die_with_parent(parent)
    gc.disable()  # a short-lived process whose objects all live to its end: collecting finds nothing
    try:
        index = term_statistics(documents(site))
        related = related_initiatives(site, index)
        data = pickle.dumps(related, pickle.HIGHEST_PROTOCOL)
        os.pwrite(shared, data, SIZE_BYTES)
        os.pwrite(shared, len(data).to_bytes(SIZE_BYTES, "big"), 0)  # the size last: a reader finds all or nothing
        sender.send(related)  # the pages wait for this; the postings can follow
        sender.send(export(with_postings(index), synonyms=synonym_terms(site.vocabularies)))
    except BaseException as error:  # noqa: BLE001 - every failure travels back to the build
        sender.send(error)
    finally:
        sender.close()
