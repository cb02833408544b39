"""Checking every questionnaire of a run (check, build, batch) without stopping at one that cannot be read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from authoring.errors import AuthoringError, FindingsError, ProfileError
from authoring.findings import printable
from authoring.pipeline import CheckResult, check_file
from authoring.same_department import mark_duplicates
from authoring.tally import BROKEN, ERRORS, FAILED, PASSED, UNREADABLE

Say = Callable[[str], None]


@dataclass
class Checked:
    """One questionnaire of a run: its check result, or why it could not be checked."""

    file: str
    result: CheckResult | None = None
    error: AuthoringError | None = None  # not read (no such file, not UTF-8, not YAML) or its 地区 is broken
    bug: Exception | None = None  # a bug of ours, reported for this file only

    def kind(self, strict: bool = False) -> str:
        if self.bug is not None:
            return FAILED
        if self.error is not None:
            return BROKEN if isinstance(self.error, ProfileError) else UNREADABLE
        assert self.result is not None
        return ERRORS if self.result.errors or (strict and self.result.warnings) else PASSED


def check_all(files: list[str]) -> list[Checked]:
    """Every file checked, in order; then the same department and year in two files is an error in both."""
    checked = [check_one(file) for file in files]
    mark_duplicates([c.result for c in checked if c.result is not None])
    return checked


def check_one(file: str) -> Checked:
    try:
        return Checked(file, result=check_file(file))
    except AuthoringError as exc:
        return Checked(file, error=exc)
    except Exception as exc:
        if os.environ.get("AUTHORING_DEBUG"):
            raise
        return Checked(file, bug=exc)


def report_unchecked(item: Checked, err: Say, outcome: str, always: bool = False) -> int:
    """Print why item could not be checked and, for a broken 地区 (or `always`), `outcome`: what therefore
    did not happen; its exit code."""
    if item.bug is not None:
        return internal_error(item.file, item.bug, err)
    exc = item.error
    assert exc is not None
    say_error(exc, err)
    if isinstance(exc, ProfileError):
        err(f"{printable(item.file)}: 地区规则有错误，{outcome}")
    elif always:
        err(f"{printable(item.file)}: {outcome}")
    return exc.exit_code


def say_error(exc: AuthoringError, err: Say) -> None:
    """An error's located findings, or its one message."""
    if isinstance(exc, FindingsError):
        for f in exc.findings:
            err(f.format())
    else:
        err(f"authoring: {printable(str(exc))}")


def internal_error(file: str, exc: Exception, err: Say) -> int:
    err(f"{printable(file)}: 内部错误（{type(exc).__name__}: {printable(str(exc))}），这份问卷未生成任何文件。"
        "请把这条信息和问卷发给维护人员；设置 AUTHORING_DEBUG=1 可看到详细信息。")
    return 4
