"""The batch's worker pool: one job at a time per worker, each job's limits held by its worker, and a job that
passes a limit, crashes or leaves its worker too big is that job's failure alone (authoring/batch/pool.py)."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from authoring.batch import pool as pool_module
from authoring.batch.pool import Pool
from authoring.confine import MB, Limits

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="address-space limits and fork")

ROOMY = Limits(30, 400 * MB)
_kept: list[bytes] = []


def _nothing() -> None:
    pass


def job(what: str):
    if what == "slow":
        time.sleep(60)
    if what == "crash":
        os._exit(3)
    if what == "greedy":
        return len(bytearray(900 * MB))
    if what == "hoard":
        _kept.append(os.urandom(40 * MB))
    if what == "resident":
        return pool_module._resident_when_freed()
    if what == "unpicklable":
        return threading.Lock()
    return os.getpid()


def run(jobs: list[tuple[str, Limits]], workers: int = 1) -> dict[str, object]:
    pool = Pool(workers, _nothing)
    try:
        return dict(pool.run(job, [(what, (what,), limits) for what, limits in jobs],
                             lambda key, exc: f"{exc.kind}: {exc.describe()}"))
    finally:
        pool.stop()


def test_a_worker_runs_job_after_job_and_is_replaced_after_recycle_jobs(monkeypatch):
    monkeypatch.setattr(pool_module, "RECYCLE_JOBS", 2)
    pool = Pool(1, _nothing)
    try:
        pids = [pid for _, pid in pool.run(job, [(str(n), (str(n),), ROOMY) for n in range(5)], lambda k, e: e)]
    finally:
        pool.stop()
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
    assert os.getpid() not in pids


def test_a_job_past_its_time_is_its_own_failure_and_the_others_run():
    results = run([("slow", Limits(1, 400 * MB)), ("a", ROOMY), ("b", ROOMY)], workers=2)
    assert results["slow"] == "time: 超过时间限制（1 秒）"
    assert isinstance(results["a"], int) and isinstance(results["b"], int)


def test_a_crashed_worker_is_the_failure_of_the_job_it_ran_and_is_replaced():
    results = run([("a", ROOMY), ("crash", ROOMY), ("b", ROOMY)])
    assert results["crash"] == "crash: 生成进程异常退出（退出码 3），可能超过了内存限制（400 MB）"
    assert isinstance(results["a"], int) and isinstance(results["b"], int) and results["a"] != results["b"]


def test_a_job_past_its_memory_is_its_own_failure_and_the_next_job_gets_a_fresh_worker():
    results = run([("greedy", Limits(30, 200 * MB)), ("a", ROOMY)])
    assert results["greedy"] == "memory: 超过内存限制（200 MB）"
    assert isinstance(results["a"], int)


def test_a_worker_that_keeps_too_much_after_a_job_is_replaced(monkeypatch):
    fresh = run([("resident", ROOMY)])["resident"]  # what a new worker holds, freed, after a job that keeps nothing
    monkeypatch.setattr(pool_module, "RECYCLE_RSS", fresh + 25 * MB)
    pool = Pool(1, _nothing)
    try:
        pids = [pid for _, pid in pool.run(job, [(w, (w,), ROOMY) for w in ("hoard", "a", "b")], lambda k, e: e)]
    finally:
        pool.stop()
    assert pids[0] != pids[1] == pids[2]  # the worker that kept 40 MB more was replaced; the next one was not


def test_a_result_that_cannot_be_sent_back_is_an_internal_error_of_that_job():
    results = run([("unpicklable", ROOMY), ("a", ROOMY)])
    assert results["unpicklable"].startswith("bug: 内部错误（TypeError: cannot pickle '_thread.lock' object")
    assert isinstance(results["a"], int)
