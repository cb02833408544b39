"""Run work written by others (templates, 措辞) in a child process with a time and a memory limit.

The Jinja sandbox (authoring/sandbox.py) refuses the usual excesses at once; this is what ends the
rest — a stylesheet WeasyPrint lays out forever, a Word template that unpacks to gigabytes — as a
message instead of a hang or a MemoryError. The child is forked, so it starts in a few milliseconds
with everything the parent has loaded; it runs under RLIMIT_AS (the parent's address space plus
`Limits.memory`), and the parent kills it when `Limits.seconds` have passed. Work confined inside a
child runs there directly: the outer limits hold for it.

What crosses back is pickled: the result, or the error the work raised (an AuthoringError with its
findings; anything else comes back as RuntimeError naming it, so that a bug stays a bug, exit 4).
`progress(value)` tells the parent where the child is, so that a timeout can say which sentence or
which file was being worked on; `tell(message)` hands a message (a progress line, a warning) to the
parent's listener as it happens, so that nothing is printed by the child itself. Where os.fork does
not exist (Windows), the work runs in-process with only the sandbox's limits.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from authoring.errors import AuthoringError, FindingsError, ProfileError

T = TypeVar("T")
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    seconds: float  # wall time of the whole work
    memory: int  # bytes of address space the child may use beyond what it inherits


class Exceeded(Exception):
    """The child passed a limit or died; `kind` is "time", "memory" or "crash" (or "bug": its result could not
    be sent back), `where` its last progress()."""

    def __init__(self, kind: str, limits: Limits, where: Any = None, detail: str = ""):
        self.kind, self.limits, self.where, self.detail = kind, limits, where, detail
        super().__init__(self.describe())

    def describe(self) -> str:
        if self.kind == "time":
            return f"超过时间限制（{self.limits.seconds:g} 秒）"
        if self.kind == "memory":
            return f"超过内存限制（{self.limits.memory // MB} MB）"
        if self.kind == "bug":
            return f"内部错误（{self.detail}）"
        return f"生成进程异常退出（{self.detail}），可能超过了内存限制（{self.limits.memory // MB} MB）"


_inside = False  # True in a child: confined work runs directly
_channel: int | None = None  # in a child: the pipe to the parent
_listener: Callable[[Any], None] | None = None  # work run directly: who hears tell()


def confined(work: Callable[[], T], limits: Limits, listener: Callable[[Any], None] | None = None) -> T:
    """work() run in a child process under limits; its result, or the error it raised, or Exceeded.
    `listener` receives, in this process, every message the work passes to tell()."""
    global _listener
    if _inside or not hasattr(os, "fork"):
        outer, _listener = _listener, listener or _listener
        try:
            return work()
        finally:
            _listener = outer
    for stream in (sys.stdout, sys.stderr):  # or the child would print what the parent has buffered again
        try:
            stream.flush()
        except Exception:
            pass
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, limits, write_end)
    os.close(write_end)
    try:
        return _parent(pid, read_end, limits, listener)
    finally:
        os.close(read_end)


def run_directly() -> None:
    """From now on confined work runs in this process: a batch worker (authoring/batch/pool.py), which holds
    the limits itself (limit_memory before each job; its parent ends it when the time is up)."""
    global _inside
    _inside = True


def progress(value: Any) -> None:
    """In a child: remember `value` as where the work is (shown when a limit is passed). Elsewhere nothing."""
    if _channel is not None:
        _send(_channel, b"P", value)


def tell(message: Any) -> None:
    """Hand message to the listener of the confined() this work runs under."""
    if _channel is not None:
        _send(_channel, b"M", message)
    elif _listener is not None:
        _listener(message)


# ------------------------------------------------------------------------------------ the child


def _child(work: Callable[[], Any], limits: Limits, channel: int) -> None:
    global _inside, _channel
    _inside, _channel = True, channel
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child at once; the parent reports it
        limit_memory(limits.memory)
        try:
            outcome: tuple = ("ok", work())
        except MemoryError:
            outcome = ("memory", None)
        except AuthoringError as exc:
            outcome = ("error", _portable(exc))
        except BaseException as exc:  # a bug of ours (or of a library): the parent reports it as one
            outcome = ("bug", _pickled(exc), f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            _send(channel, b"R", outcome)
        except MemoryError:
            _send(channel, b"R", ("memory", None))
        except Exception as exc:  # a result that cannot be pickled
            _send(channel, b"R", ("bug", None, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    except BaseException:
        code = 70
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def limit_memory(extra: int) -> None:
    """Lower this process's address-space limit to what it has now plus `extra` bytes (never raise it)."""
    try:
        import resource
    except ImportError:  # not on this system: the time limit still holds
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int:
    """Bytes of address space this process has now (what the child inherits from its parent)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 1024 * MB


def _pickled(exc: BaseException) -> bytes | None:
    """The exception as bytes, when it comes back out of pickle (many carry arguments pickle cannot replay)."""
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
        return data
    except Exception:
        return None


def _portable(exc: AuthoringError) -> tuple:
    if isinstance(exc, FindingsError):
        return ("findings", isinstance(exc, ProfileError), exc.findings, exc.exit_code)
    return ("message", type(exc), str(exc))


# The pipe between parent and child is bound to the real os.write at import: a simulated disk failure
# (tests replace os.write for the report files) must not look like a crashed render child.
_write_pipe = os.write


def _send(channel: int, kind: bytes, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    frame = kind + struct.pack("<Q", len(data)) + data
    view = memoryview(frame)
    while view:
        written = _write_pipe(channel, view)
        view = view[written:]


# ----------------------------------------------------------------------------------- the parent


def _parent(pid: int, channel: int, limits: Limits, listener: Callable[[Any], None] | None) -> Any:
    deadline = time.monotonic() + limits.seconds
    buffer = bytearray()
    where: Any = None
    outcome: tuple | None = None
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                _kill(pid)
                raise Exceeded("time", limits, where)
            ready, _, _ = select.select([channel], [], [], left)
            if not ready:
                continue
            chunk = os.read(channel, 1 << 20)
            if not chunk:
                break
            buffer += chunk
            while len(buffer) >= 9:
                length = struct.unpack("<Q", buffer[1:9])[0]
                if len(buffer) < 9 + length:
                    break
                kind, data = bytes(buffer[:1]), bytes(buffer[9:9 + length])
                del buffer[:9 + length]
                if kind == b"P":
                    where = pickle.loads(data)
                elif kind == b"M":
                    if listener is not None:
                        listener(pickle.loads(data))
                else:
                    outcome = pickle.loads(data)
    except BaseException:
        _kill(pid)
        raise
    status = _reap(pid)
    if outcome is None:
        raise Exceeded("crash", limits, where, crash_detail(status))
    return _unpack(outcome, limits, where)


def crash_detail(status: int) -> str:
    """How a process ended, from its exit code (negative: the signal that ended it)."""
    if status < 0 and -status in signal.valid_signals():
        return f"信号 {signal.Signals(-status).name}"
    return f"退出码 {status}"


def _unpack(outcome: tuple, limits: Limits, where: Any) -> Any:
    kind = outcome[0]
    if kind == "ok":
        return outcome[1]
    if kind == "memory":
        raise Exceeded("memory", limits, where)
    if kind == "error":
        error = outcome[1]
        if error[0] == "findings":
            _, profile, findings, exit_code = error
            raise ProfileError(findings) if profile else FindingsError(findings, exit_code)
        _, cls, message = error
        raise cls(message)
    _, pickled, message, trace = outcome
    if os.environ.get("AUTHORING_DEBUG"):
        sys.stderr.write(trace)
    raise pickle.loads(pickled) if pickled is not None else RuntimeError(message)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid: int) -> int:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return 0
    return os.waitstatus_to_exitcode(status)
