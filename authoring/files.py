"""Reading a file the user or a bureau names: only a regular file, never more than a size limit.

A FIFO, a device (/dev/urandom) or a socket would make a plain `open().read()` wait forever or read
without end; `/proc` files report a size of 0 and still give text. So the file is opened without
blocking, checked with fstat on the open descriptor (no window between the check and the read), and
read only up to its limit plus one byte.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

MB = 1024 * 1024

# Documented in README.md (问卷) and docs/地区配置参考.md, docs/模板编写指南.md (地区规则、模板).
QUESTIONNAIRE_LIMIT = 5 * MB
PROFILE_LIMIT = 1 * MB
TEXT_TEMPLATE_LIMIT = 1 * MB  # report.html.j2 (and what it includes), report.css
WORD_TEMPLATE_LIMIT = 20 * MB  # report.docx: a Word template may carry a logo or a seal
RESOURCE_LIMIT = 50 * MB  # one image or font file the PDF template refers to


class FileRefused(Exception):
    """The path is not a regular file, or is larger than its limit; `reason` says which, in Chinese."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}，不能读取")
        self.path, self.reason = path, reason


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused (with a reason in Chinese) otherwise.
    FileNotFoundError passes through, for the caller's own message."""
    try:
        _refuse_unless_regular(path, os.stat(path), limit)  # a device is not even opened
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except PermissionError:
        raise FileRefused(path, "没有读取权限") from None
    except (FileNotFoundError, NotADirectoryError):
        raise
    except OSError as exc:
        raise FileRefused(path, f"无法读取（{exc.strerror or exc}）") from None
    try:
        _refuse_unless_regular(path, os.fstat(fd), limit)  # what was opened, if it changed meanwhile
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 * MB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefused(path, too_large(None, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _refuse_unless_regular(path: str | Path, info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(path, "是文件夹，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(path, f"不是普通文件（{_kind(info.st_mode)}）")
    if info.st_size > limit:
        raise FileRefused(path, too_large(info.st_size, limit))


def check_regular(path: str | Path, limit: int) -> str | None:
    """Why `path` may not be read (not a regular file, too large), or None when it may."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"无法读取（{exc.strerror}）"
    if not stat.S_ISREG(info.st_mode):
        return f"不是普通文件（{_kind(info.st_mode)}）"
    if info.st_size > limit:
        return too_large(info.st_size, limit)
    return None


def too_large(size: int | None, limit: int) -> str:
    found = f"{_size(size, up=True)}，" if size is not None else ""
    return f"文件过大（{found}上限 {_size(limit)}）"


def _size(n: int, up: bool = False) -> str:
    """5 MB, 1.5 MB, 20 KB, 99 字节; `up` rounds up, so that a size just over a limit never reads as the limit."""
    for unit, name in ((MB, "MB"), (1024, "KB")):
        if n >= unit:
            tenths = math.ceil(n * 10 / unit) if up else round(n * 10 / unit)
            return f"{tenths / 10:g} {name}"
    return f"{n} 字节"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "是命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备"
    if stat.S_ISSOCK(mode):
        return "是套接字"
    return "不是普通文件"
