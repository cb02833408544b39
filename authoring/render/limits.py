"""The limits a report's rendering runs under, scaled by the size of what is rendered.

Measured (scripts/bench.py): an example questionnaire (20 KB) renders its DOCX and PDF in
about a second and 400 MB; a generated 1 MB questionnaire takes about 30 s and 620 MB for the PDF, a
5 MB one (2.3 million characters, the largest `check` accepts) about 155 s of CPU (4.5 minutes on a
loaded machine) and 1.9 GB. So a render may take BASE_SECONDS plus SECONDS_PER_100K for every 100,000
characters of the questionnaire (or context), and BASE_MEMORY plus MEMORY_PER_1M of address space for
every million: 13 minutes and 4.3 GB for the largest, about three and two times what was measured, so
that a loaded machine is not mistaken for a runaway template. Past a limit, the child process is ended and the user
reads a located error (R1, exit 3) naming the template (or profile) being rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

from authoring.confine import Exceeded, Limits, confined, progress
from authoring.errors import FindingsError
from authoring.findings import Finding, Severity

T = TypeVar("T")
MB = 1024 * 1024
RULE = "R1"

BASE_SECONDS = 120.0
SECONDS_PER_100K = 30.0
BASE_MEMORY = 2048 * MB
MEMORY_PER_1M = 1024 * MB
MAX_DOCX_BYTES = 200 * MB
MAX_PDF_BYTES = 500 * MB


def render_limits(chars: int) -> Limits:
    """The time and memory for rendering a report whose context (or questionnaire) has `chars` characters."""
    return Limits(BASE_SECONDS + SECONDS_PER_100K * chars / 100_000, BASE_MEMORY + MEMORY_PER_1M * chars // 1_000_000)


def context_size(context: Any) -> int:
    return len(str(context))


def confined_render(work: Callable[[], T], chars: int, file: Path | str, what: str,
                    listener: Callable[[Any], None] | None = None) -> T:
    """work() in a child process under render_limits(chars); past a limit, FindingsError (R1, exit 3) at the file
    being rendered then (`working_on`), else at `file`. `listener` hears what the work passes to confine.tell()."""
    try:
        return confined(work, render_limits(chars), listener)
    except Exceeded as exc:
        at = exc.where if isinstance(exc.where, str) else str(file)
        raise FindingsError([Finding(Severity.ERROR, RULE, at, 1, 1, "",
                                     f"{what}时{exc.describe()}：模板或地区规则中是否有不会结束的循环、"
                                     "过大的运算或引用自身的样式表？")], exit_code=3) from None


def working_on(file: Path | str) -> None:
    """Say which template (or profile) the render is working on, for the message of a limit passed."""
    progress(str(file))


def too_large(file: Path | str, what: str, size: int, limit: int) -> FindingsError:
    return FindingsError([Finding(Severity.ERROR, RULE, str(file), 1, 1, "",
                                  f"生成的 {what} 过大（{size / MB:.0f} MB，上限 {limit // MB} MB）："
                                  "模板是否重复输出了内容？")], exit_code=3)
