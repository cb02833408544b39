"""One questionnaire as the page shows it: checked, summarised, with its report's context; cached until it changes."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authoring.errors import AuthoringError, FindingsError, ProfileError
from authoring.files import QUESTIONNAIRE_LIMIT, FileRefused, read_limited
from authoring.findings import Finding, printable
from authoring.pipeline import CheckResult, check_file
from authoring.questionnaire.numbers import percent
from authoring.report.context import build_context
from authoring.serve.folder import Folder
from authoring.summary import summary_line


@dataclass
class Figures:
    """The summary's numbers, display-ready."""

    total: str = ""  # the computed total
    printed_total: str = ""  # what the report prints, when it differs from the computed one
    grade: str = ""
    execution_label: str = "预算执行率"
    execution: str = ""
    note: str = ""  # why a figure is missing


@dataclass(frozen=True)
class Excerpt:
    """One line of the questionnaire with the character a finding points at: before, at, after."""

    line: int
    before: str
    at: str
    after: str


EXCERPT_WIDTH = 60  # characters either side of the column shown


@dataclass
class Inspection:
    name: str
    stamp: Any
    path: str = ""  # as the findings name the file
    result: CheckResult | None = None
    problems: list[str] = field(default_factory=list)  # why it could not be checked at all (one line each)
    context: dict | None = None
    no_preview: list[str] = field(default_factory=list)  # why there is no preview (one line each)
    figures: Figures = field(default_factory=Figures)
    summary: str = ""
    excerpts: list[Excerpt] = field(default_factory=list)  # the lines a YAML mistake is on
    preview: str | None = None  # the preview document, made on first request
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings if self.result else []

    @property
    def errors(self) -> int:
        return len(self.result.errors) if self.result else 0

    @property
    def warnings(self) -> int:
        return len(self.result.warnings) if self.result else 0

    @property
    def verified(self) -> int:
        return len(self.result.verified) if self.result else 0

    @property
    def status(self) -> str:
        """unreadable, errors, warnings or ok."""
        if self.problems or self.result is None or self.result.loaded is None:
            return "unreadable"
        return "errors" if self.errors else "warnings" if self.warnings else "ok"

    @property
    def version(self) -> str:
        """Changes whenever what the page shows may have changed."""
        return f"{hash(self.stamp) & 0xFFFFFFFF:08x}"


def _stamp(path: Path) -> tuple:
    try:
        st = os.stat(path)
    except OSError as exc:
        return ("missing", exc.errno)
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


class Inspector:
    """Inspections by name, made again only when the file (or, after `forget()`, the templates) changed."""

    def __init__(self, folder: Folder):
        self.folder = folder
        self.generation = 0  # bumped when templates change: every inspection is stale
        self._cache: dict[str, Inspection] = {}
        self._lock = threading.Lock()

    def forget(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self.generation += 1
                self._cache.clear()
            else:
                self._cache.pop(name, None)

    def inspect(self, name: str) -> Inspection | None:
        path = self.folder.path_of(name)
        if path is None:
            return None
        stamp = (_stamp(path), self.generation)
        with self._lock:
            cached = self._cache.get(name)
        if cached is not None and cached.stamp == stamp:
            return cached
        fresh = inspect_file(name, path, stamp)
        with self._lock:
            self._cache[name] = fresh
        return fresh


def inspect_file(name: str, path: Path, stamp: Any) -> Inspection:
    it = Inspection(name, stamp, str(path))
    try:
        it.result = check_file(path)
    except ProfileError as exc:  # the jurisdiction's profile is broken
        it.problems = [f.format() for f in exc.findings] + ["地区规则有错误，未能校验这份问卷"]
        return it
    except FindingsError as exc:  # not YAML, not UTF-8: located in the file, shown as its findings
        it.result = CheckResult(it.path, findings=exc.findings)
        it.no_preview = ["问卷不能读取，改正后显示报告预览："] + [f.format() for f in exc.findings]
        it.excerpts = excerpts(path, [(f.line, f.col) for f in exc.findings if f.file == it.path])
        return it
    except AuthoringError as exc:  # deleted, unreadable, not a regular file, too large
        it.problems = [printable(str(exc))]
        return it
    except Exception as exc:  # a bug of ours: said plainly, the page stays usable
        it.problems = [internal_error(exc)]
        return it
    result = it.result
    it.summary = summary_line(result).split(": ", 1)[-1]
    it.figures = _figures(result)
    if result.loaded is None:
        it.no_preview = ["问卷有写法错误，改正后显示报告预览："] + [f.format() for f in result.errors]
    elif result.assessment is None or result.profile is None:
        it.no_preview = ["问卷的地区规则未能确定，改正后显示报告预览："] + [f.format() for f in result.errors]
    else:
        try:
            it.context = build_context(result)
        except FindingsError as exc:
            it.no_preview = ["生成报告内容时出错："] + [f.format() for f in exc.findings]
        except AuthoringError as exc:
            it.no_preview = [printable(str(exc))]
        except Exception as exc:
            it.no_preview = [internal_error(exc)]
    return it


def excerpts(path: Path, places: list[tuple[int, int]]) -> list[Excerpt]:
    """The lines at places (line, column; 1-based) as the file is now; none when it cannot be read as text."""
    try:
        lines = read_limited(path, QUESTIONNAIRE_LIMIT).decode("utf-8-sig").splitlines()
    except (OSError, FileRefused, UnicodeDecodeError):
        return []
    out = []
    for line, col in dict.fromkeys(places):
        if not 1 <= line <= len(lines):
            continue
        text, i = lines[line - 1], max(col - 1, 0)
        before = text[max(0, i - EXCERPT_WIDTH):i]
        out.append(Excerpt(line, printable(before), printable(text[i:i + 1]),
                           printable(text[i + 1:i + 1 + EXCERPT_WIDTH])))
    return out


def internal_error(exc: Exception) -> str:
    return (f"内部错误（{type(exc).__name__}: {printable(str(exc))}）。请把这条信息和问卷发给维护人员；"
            "设置 AUTHORING_DEBUG=1 后在命令行运行 check 可看到详细信息。")


def _figures(result: CheckResult) -> Figures:
    figures = Figures()
    a = result.assessment
    if a is not None and a.total is not None and a.computed_total is not None:
        figures.total = format(a.computed_total.normalize(), "f")
        if a.total != a.computed_total:
            figures.printed_total = format(a.total.normalize(), "f")
        figures.grade = a.grade or ""
    elif result.loaded is not None:
        figures.note = ("绩效指标填写有误，未能计算总分" if not result.loaded.usable("绩效指标")
                        else "缺少指标得分，未能计算总分")
    if a is not None and a.execution is not None:
        figures.execution = percent(a.execution.value)
        if a.execution.basis != "调整预算数":
            figures.execution_label = f"支出占{a.execution.basis}"
    return figures
