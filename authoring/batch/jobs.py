"""What a worker process does with one questionnaire: check it (a Row), or render its files (bytes).

The worker runs one job at a time under the job's time and memory limits (authoring/batch/pool.py), so that a
questionnaire that would take forever, or crash the process, becomes one failed row and the next job goes to a
fresh worker. Everything a job returns crosses back to the runner pickled.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
from dataclasses import dataclass, field

from authoring.confine import Limits
from authoring.errors import AuthoringError, FindingsError
from authoring.files import QUESTIONNAIRE_LIMIT, FileRefused, read_limited
from authoring.findings import Finding, Severity, printable
from authoring.manifest import sha256
from authoring.render.limits import render_limits
from authoring.runs import Checked, check_one
from authoring.same_department import submission_of
from authoring.summary import summary_details
from authoring.tally import FAILED, kind_of
from authoring.batch.rows import Row

RULE = "R1"  # a limit passed, as for a render (render/limits.py)


def init_worker(formats: tuple[str, ...]) -> None:
    """Once per worker: Ctrl-C is the runner's to handle (the worker leads its own process group, so that the
    runner can end it with whatever it started); the renderers are imported here, not in every job."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    die_with_parent()
    preload(formats)
    if "pdf" in formats:
        from authoring.render import kept_styles

        kept_styles.enable()  # here, in the worker, which renders report after report: not in the runner
    # The loaded libraries out of the collector's sight: each collection no longer walks (and, in a forked
    # worker, copies) every page of them.
    gc.freeze()


def die_with_parent() -> None:
    """Linux: end this process when the one that started it ends (the runner killed, a worker killed), so that
    no worker or job is left running alone; elsewhere a worker ends when its queue closes."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent was gone before the call took effect
        os._exit(1)


def preload(formats: tuple[str, ...]) -> None:
    """Import the renderers and find the fonts: in the runner before the workers are forked, so that they
    start with them loaded (and share the memory); in a worker that was not forked, once at its start.

    What each job would otherwise load on first use (the checks and report modules, imported where used, and
    the C types the PDF step declares) is loaded here once, so that no job is slower than the others and a
    replacement worker starts ready."""
    import importlib
    import pkgutil

    import authoring.checks
    import authoring.report

    for package in (authoring.checks, authoring.report):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    import authoring.build  # noqa: F401
    import authoring.output_names  # noqa: F401

    if "docx" in formats:
        import docxtpl  # noqa: F401

        import authoring.render.docx  # noqa: F401
    if "pdf" in formats:
        from authoring.render import fonts, justify, shortcuts

        fonts.import_weasyprint()
        fonts.font_files()
        justify.install()
        shortcuts.install()
    if "xlsx" in formats:
        import authoring.render.xlsx  # noqa: F401
    import authoring.boilerplate  # noqa: F401


def limits_for(file: str, seconds: float | None) -> Limits:
    try:
        size = os.path.getsize(file)
    except OSError:
        size = 0
    limits = render_limits(size)
    return Limits(seconds or limits.seconds, limits.memory)


def check_job(file: str) -> Row:
    """The row of one questionnaire (a bug of ours for this file is a failed row too)."""
    try:
        return checked_row(file)
    except MemoryError:
        raise  # the pool's: 超过内存限制
    except Exception as exc:
        return failed_row(file, f"内部错误（{type(exc).__name__}: {exc}）")


def failed_row(file: str, why: str) -> Row:
    message = f"{why}，这份问卷未生成任何文件"
    return Row(file, FAILED, 4, messages=[f"{printable(file)}: {message}"],
               findings=[Finding(Severity.ERROR, RULE, file, 1, 1, "", message)])


def checked_row(file: str) -> Row:
    from authoring.boilerplate import document_from

    checked = check_one(file)
    row = Row(file, checked.kind(), 0, sha=_sha(file))
    if checked.result is None:
        return _unchecked(row, checked)
    result = checked.result
    row.findings = result.findings
    row.details = summary_details(result)
    row.exit_code = 1 if result.errors else 0
    row.submission = submission_of(result)
    if result.loaded is not None:
        q = result.loaded.questionnaire
        row.department, row.year = q.department, q.year
        row.income = q.income.total if q.income is not None else None
        row.expenditure = q.expenditure.total.actual if q.expenditure is not None else None
        row.document = document_from(result)
    if result.profile is not None:
        row.region, row.profile_id = result.profile.profile.name, result.profile.id
        row.chain = tuple(str(p) for p in result.profile.chain)
    a = result.assessment
    if a is not None:
        row.total, row.grade = a.total, a.grade or ""
        if a.execution is not None:
            row.rate, row.rate_base = a.execution.value, a.execution.base
    if not result.errors and a is not None:
        row.name = _report_name(row, result)
    return row


def _report_name(row: Row, result) -> str | None:
    """The reports' file name; the context and profile are kept (row.rendering) for build_job, so that the
    questionnaire is not read and checked a second time, and what is built is exactly what was checked."""
    from authoring.output_names import output_name
    from authoring.report.context import build_context

    try:
        context = build_context(result)
        name = output_name(context)
    except AuthoringError as exc:
        _unchecked(row, Checked(row.file, error=exc))
        return None
    try:
        row.rendering = pickle.dumps((context, result.profile), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something of a profile pickle cannot hold: build_job checks the questionnaire again
        row.rendering = b""
    return name


def _unchecked(row: Row, checked: Checked) -> Row:
    exc = checked.error
    row.kind = kind_of(exc.exit_code) if exc is not None else FAILED
    row.exit_code = exc.exit_code if exc is not None else 4
    if isinstance(exc, FindingsError):
        row.findings = list(exc.findings)
        row.messages = [f.format() for f in exc.findings]
    else:
        message = str(exc) if exc is not None else f"内部错误（{type(checked.bug).__name__}: {checked.bug}）"
        row.messages = [f"authoring: {printable(message)}"]
        message = message.removeprefix(f"{row.file}: ")  # the sheet has a column for the file
        row.findings = [Finding(Severity.ERROR, "", row.file, 1, 1, "", message)]
    return row


def _sha(file: str) -> str:
    try:
        return sha256(read_limited(file, QUESTIONNAIRE_LIMIT))
    except (OSError, FileRefused):
        return ""


@dataclass
class Built:
    file: str
    files: dict[str, bytes] = field(default_factory=dict)  # name → bytes, every file of the questionnaire
    error: str = ""  # why nothing was rendered
    exit_code: int = 0
    findings: list[Finding] = field(default_factory=list)


def build_job(file: str, formats: tuple[str, ...], rendering: bytes = b"") -> Built:
    """Every file of one questionnaire (it passed check_job), as bytes; or why not. `rendering`: its
    Row.rendering (else it is checked again)."""
    try:
        return _render(file, formats, rendering)
    except MemoryError:
        raise  # the pool's: 超过内存限制
    except FindingsError as exc:  # the profile or a template turned out broken while rendering
        return Built(file, error="；".join(f.format() for f in exc.findings), exit_code=exc.exit_code,
                     findings=list(exc.findings))
    except AuthoringError as exc:
        return Built(file, error=str(exc), exit_code=exc.exit_code,
                     findings=[Finding(Severity.ERROR, "", file, 1, 1, "", str(exc))])
    except Exception as exc:
        return failed_build(file, f"内部错误（{type(exc).__name__}: {exc}）", rule="")


def failed_build(file: str, message: str, rule: str = RULE) -> Built:
    return Built(file, error=message, exit_code=4, findings=[Finding(Severity.ERROR, rule, file, 1, 1, "", message)])


def _render(file: str, formats: tuple[str, ...], rendering: bytes = b"") -> Built:
    from authoring.build import render_all
    from authoring.output_names import file_name, output_name
    from authoring.pipeline import check_file
    from authoring.report.context import build_context

    if rendering:
        context, profile = pickle.loads(rendering)
    else:
        result = check_file(file)
        context, profile = build_context(result), result.profile
    name = output_name(context)
    rendered = render_all(context, profile, list(formats))
    return Built(file, {file_name(name, ext): data for ext, data in rendered.items()})
