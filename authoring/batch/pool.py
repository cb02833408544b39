"""Worker processes that each run one job at a time, in their own process, under the job's limits.

A job costs no process of its own: a worker that forks a child per job spends about a tenth of a second
copying the pages the child touches (measured: 12 % of a 2-worker run). Instead the worker holds the limits
itself — before each job it lowers its address-space limit to what it has plus the job's memory allowance
(confine.limit_memory), and the pool ends it when the job's time is up — and it is replaced after a job that
passed a limit, after it crashed, when it holds more than RECYCLE_RSS after a job (fragmentation, caches of the
libraries) and after RECYCLE_JOBS jobs. Since a worker runs one job at a time, a crash, a timeout or a memory
error is that job's, and that job's alone: one failed row, the others go on.

Workers are forked when the system can (they start with the parent's libraries loaded, preload()); the parent
starts no thread, so that forking a replacement in the middle of a run is safe (the progress bar refreshes
when the pool says it is waiting, progress.py). Elsewhere (Windows) they are spawned and load what they need.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator

from authoring import confine
from authoring.confine import MB, Exceeded, Limits

RECYCLE_RSS = 200 * MB  # resident memory after a job (and after freeing what it left) beyond which a worker is replaced
RECYCLE_JOBS = 100
IDLE_TICK = 0.5  # seconds between `idle` calls while the pool waits


@dataclass
class _Job:
    key: str
    args: tuple
    limits: Limits


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process
    conn: Connection
    job: _Job | None = None
    deadline: float = 0.0


class Pool:
    """`jobs` workers (default one per core) running `fn(*args)` for each job; see the module's docstring."""

    def __init__(self, jobs: int | None, init: Callable[..., None], init_args: tuple = (),
                 preload: Callable[[], None] | None = None, idle: Callable[[], None] | None = None):
        self.size = max(1, jobs or os.cpu_count() or 1)
        self.init, self.init_args = init, init_args
        self.preload = preload
        self.idle = idle
        self.workers: list[_Worker] = []
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)

    def warm(self) -> None:
        """Start the workers now (and load the libraries they share first, when they are forked)."""
        if not self.workers and self.preload is not None and self.context.get_start_method() == "fork":
            self.preload()
        while len(self.workers) < self.size:
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        for stream in (sys.stdout, sys.stderr):  # or a forked worker would print what is buffered here again
            try:
                stream.flush()
            except Exception:
                pass
        mine, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs, self.init, self.init_args), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def run(self, fn: Callable, jobs: list[tuple[str, tuple, Limits]],
            failed: Callable[[str, Exceeded], Any]) -> Iterator[tuple[str, Any]]:
        """(key, fn(*args)) for every (key, args, limits) of jobs, as they finish; (key, failed(key, why)) for a
        job that passed its limits or whose worker died."""
        self.warm()
        pending = deque(_Job(*job) for job in jobs)
        while pending or any(w.job for w in self.workers):
            busy = [w for w in self.workers if w.job is not None]
            finished: list[tuple[str, Any]] = []
            if busy:
                left = min(w.deadline for w in busy) - time.monotonic()
                ready = wait([w.conn for w in busy], timeout=max(0.0, min(left, IDLE_TICK)))
                for worker in busy:
                    if worker.conn in ready:
                        finished.append(self._receive(worker, failed))
                    elif time.monotonic() >= worker.deadline:
                        job = worker.job
                        self._replace(worker, kill=True)
                        finished.append((job.key, failed(job.key, Exceeded("time", job.limits))))
            # the next jobs go out before the caller handles the results (it writes files): no worker waits on it
            for worker in self.workers:
                if worker.job is None and pending:
                    self._give(worker, fn, pending.popleft())
            yield from finished
            if self.idle is not None:
                self.idle()

    def _give(self, worker: _Worker, fn: Callable, job: _Job) -> None:
        try:
            worker.conn.send((fn, job.args, job.limits.memory))
        except (OSError, ValueError):  # it died between jobs: its replacement takes the job
            self._replace(worker, kill=True)
            worker.conn.send((fn, job.args, job.limits.memory))
        worker.job, worker.deadline = job, time.monotonic() + job.limits.seconds

    def _receive(self, worker: _Worker, failed) -> tuple[str, Any]:
        job = worker.job
        assert job is not None
        try:
            kind, value, retire = worker.conn.recv()
        except (EOFError, OSError):  # the worker died in the middle of the job
            worker.process.join(5)
            status = worker.process.exitcode
            self._replace(worker, kill=True)
            return job.key, failed(job.key, Exceeded("crash", job.limits, None, confine.crash_detail(status or 0)))
        worker.job = None
        if retire:
            self._replace(worker)
        if kind == "ok":
            return job.key, value
        return job.key, failed(job.key, Exceeded(kind, job.limits, None, value or ""))

    def _replace(self, worker: _Worker, kill: bool = False) -> None:
        """End worker (at once when `kill`) and put a fresh one in its place (same list slot)."""
        _end(worker, kill)
        fresh = self._start()
        worker.process, worker.conn, worker.job, worker.deadline = fresh.process, fresh.conn, None, 0.0

    def stop(self, kill: bool = False) -> None:
        """End every worker: at once when `kill` (Ctrl-C: a long render must not be waited for)."""
        workers, self.workers = self.workers, []
        for worker in workers:
            _end(worker, kill or worker.job is not None)


def _end(worker: _Worker, kill: bool) -> None:
    process = worker.process
    if kill:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the worker leads its own group (jobs.init_worker)
        except (AttributeError, OSError):
            try:
                process.kill()
            except Exception:
                pass
    else:
        try:
            worker.conn.send(None)
        except (OSError, ValueError):
            pass
    process.join(5 if not kill else None)
    if process.is_alive():
        process.kill()
        process.join()
    worker.conn.close()


# --------------------------------------------------------------------------------------- the worker


def _serve(conn: Connection, init: Callable, init_args: tuple) -> None:
    """A worker's life: init once, then one job at a time until told to stop or it should be replaced."""
    init(*init_args)
    confine.run_directly()
    original = _address_limit()
    done = 0
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args, memory = message
        confine.limit_memory(memory)
        try:
            outcome: tuple = ("ok", fn(*args))
        except MemoryError:
            outcome = ("memory", None)
        except BaseException as exc:  # the job functions catch their own errors: this is a bug of ours
            outcome = ("bug", f"{type(exc).__name__}: {exc}")
        _restore_address_limit(original)
        done += 1
        retire = outcome[0] != "ok" or done >= RECYCLE_JOBS or _too_big()
        try:
            conn.send((*outcome, retire))
        except MemoryError:
            conn.send(("memory", None, True))
            return
        except Exception as exc:  # a result that cannot be pickled
            conn.send(("bug", f"{type(exc).__name__}: {exc}", True))
            return
        if retire:
            return


def _address_limit():
    try:
        import resource
    except ImportError:
        return None
    return resource.getrlimit(resource.RLIMIT_AS)


def _restore_address_limit(original) -> None:
    if original is None:
        return
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_AS, original)  # a soft limit may go back up to the hard one
    except (ValueError, OSError):
        pass


def _too_big() -> bool:
    """Whether this worker holds more than RECYCLE_RSS even once the job's garbage is collected and glibc has
    handed its free pages back (done only when it looks too big: the two take about 0.025 s)."""
    return _resident() > RECYCLE_RSS and _resident_when_freed() > RECYCLE_RSS


def _resident_when_freed() -> int:
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
    return _resident()


def _resident() -> int:
    """Resident bytes of this process (0 where /proc does not say)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
