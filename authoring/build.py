"""`authoring build`: check every questionnaire, then render and write each one's reports together.

Every questionnaire is checked (and its report named) before anything is written, so that two of one run
that would give the same file are both refused. Each questionnaire's files are then written as one group
(authoring/atomic.py) and recorded in the folder's manifest (authoring/manifest.py); every line printed
says exactly which files were written and which were not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from authoring.atomic import WriteFailed, recover, write_together
from authoring.confine import tell
from authoring.errors import AuthoringError
from authoring.manifest import MANIFEST_NAME, Manifest, questionnaire_key
from authoring.output_names import collision_key, file_name, output_name
from authoring.inputs import unique
from authoring.pipeline import CheckResult
from authoring.runs import Checked, check_all, internal_error, report_unchecked, say_error
from authoring.render.limits import confined_render, working_on
from authoring.report.context import build_context
from authoring.summary import summary_line
from authoring.tally import FAILED, PASSED, Tally, kind_of

__all__ = ["build_files", "output_name", "render_all"]

Say = Callable[[str], None]


@dataclass
class _Ready:
    """A questionnaire that passed its checks, with the name its reports will have."""

    file: str
    result: CheckResult
    context: dict
    name: str


def render_all(context: dict, profile, formats: list[str], progress: Say | None = None,
               pdfa: bool = False) -> dict[str, bytes]:
    """Render every requested format to bytes before anything is written (the PDF as PDF/A-2b when `pdfa`)."""
    out: dict[str, bytes] = {}
    if "docx" in formats:
        from authoring.render.docx import render_docx

        if progress:
            progress("  生成 DOCX …")
        out["docx"] = render_docx(context, profile)
    if "pdf" in formats:
        from authoring.render.pdf import render_pdf

        if progress:
            progress("  生成 PDF …")
        warn = (lambda m: progress(f"  警告：{m}")) if progress else None
        # pdfa only when asked: a stand-in renderer (the tests') need not know the option
        out["pdf"] = render_pdf(context, profile, warn=warn, **({"pdfa": True} if pdfa else {}))
    if "xlsx" in formats:
        from authoring.render.xlsx import render_xlsx

        if progress:
            progress("  生成自评表 XLSX …")
        out["xlsx"] = render_xlsx(context, profile)
    return out


def render_report(result: CheckResult, context: dict, formats: list[str],
                  progress: Callable[[str], None] | None = None, pdfa: bool = False) -> dict[str, bytes]:
    """The report's bytes in every format, made in one child process under the render limits
    (the Word and the PDF template are the bureau's, not ours)."""
    assert result.loaded is not None and result.profile is not None
    profile_file = result.profile.chain[0] / "profile.yaml"
    # Libraries loaded once here, not again in every child (render/pdf.py says why this is safe).
    if "docx" in formats:
        import docxtpl  # noqa: F401
    if "xlsx" in formats:
        import openpyxl  # noqa: F401
    if "pdf" in formats:
        from authoring.render import fonts

        fonts.import_weasyprint()
        fonts.font_files()

    def work() -> dict[str, bytes]:
        working_on(profile_file)
        return render_all(context, result.profile, formats, tell if progress else None, pdfa)

    return confined_render(work, len(result.loaded.source.buffer), profile_file, "生成报告", progress)


def build_files(files: list[str], out_dir: Path, fmt: str, strict: bool, out: Say, err: Say,
                force: bool = False, pdfa: bool = False) -> int:
    formats = ["docx", "pdf"] if fmt == "all" else [fmt]
    problem = folder_problem(out_dir)
    if problem:
        err(f"authoring: {problem}；未生成任何文件")
        return 2
    formats, worst = without_missing_pdf(formats, err)
    if not formats:
        return worst
    files = unique(files, err, "只生成一次")
    kinds: dict[str, str] = {}  # file → what became of it (tally.py), for the last line
    written = 0
    ready: list[_Ready] = []
    for checked in check_all(files):
        item, code = _prepare(checked, strict, out, err)
        worst = max(worst, code)
        kinds[checked.file] = checked.kind(strict) if code in (0, 1, 2, 3) else FAILED
        if item:
            ready.append(item)
            kinds[item.file] = FAILED  # until its files are written
    ready, code = _without_collisions(ready, err)
    worst = max(worst, code)
    if ready:
        for note in recover(out_dir):
            err(f"authoring: {note}")
    unwritable = ""  # once the folder refuses a write, the rest are not rendered for nothing
    existed = os.path.isdir(out_dir)
    for n, item in enumerate(ready):
        if unwritable:
            err(f"{item.file}: 未生成任何文件（{unwritable}，见上）")
            continue
        try:
            names = _write_reports(item, out_dir, formats, force, out, err, pdfa)
            if names:
                kinds[item.file] = PASSED
                written += len(names)
            else:
                worst = max(worst, 2)
        except WriteFailed as exc:
            worst = max(worst, exc.exit_code)
            unwritable = f"{out_dir} 无法写入：{exc.reason}"
            if exc.unrestored:
                kept = "；".join(f"{target} 已是新生成的内容，原来的内容暂存在 {backup}（下次在该文件夹生成时自动恢复）"
                                for target, backup in exc.unrestored)
                err(f"{item.file}: {exc}；{kept}；这份问卷的其他文件保持原样")
            elif existed:
                err(f"{item.file}: 未生成任何文件：{exc}（{out_dir} 中原有的文件保持原样）")
            else:
                err(f"{item.file}: 未生成任何文件：{exc}")
        except KeyboardInterrupt:
            rest = "；之后的问卷未处理" if n + 1 < len(ready) else ""
            err(f"{item.file}: 已中断，这份问卷未生成任何文件{rest}")
            raise
        except AuthoringError as exc:  # the profile or template turned out broken while rendering
            worst = max(worst, _report_error(item.file, exc, err))
            kinds[item.file] = kind_of(exc.exit_code)
        except Exception as exc:
            if os.environ.get("AUTHORING_DEBUG"):
                raise
            worst = max(worst, internal_error(item.file, exc, err))
    if len(files) > 1:
        tally = Tally(written=written)
        for kind in kinds.values():
            tally.add(kind)
        out(tally.line())
    return worst


def without_missing_pdf(formats: list[str], err: Say) -> tuple[list[str], int]:
    """Without WeasyPrint's system libraries the PDF is left out with one message (exit 2); the rest is made."""
    if "pdf" not in formats:
        return formats, 0
    from authoring.render.engine import pdf_engine_problem

    problem = pdf_engine_problem()
    if problem is None:
        return formats, 0
    rest = [f for f in formats if f != "pdf"]
    err(f"authoring: {problem}" + ("；其他格式照常生成" if rest else "；未生成任何文件"))
    return rest, 2


def _prepare(checked: Checked, strict: bool, out: Say, err: Say) -> tuple[_Ready | None, int]:
    """Print one questionnaire's findings; its report's context and name when it may be built."""
    file, result = checked.file, checked.result
    if result is None:  # not read, its 地区 broken, or a bug
        return None, report_unchecked(checked, err, "未生成任何文件", always=True)
    blocking = result.errors or (strict and result.warnings)
    for f in result.findings:
        (err if blocking else out)(f.format())
    if blocking or result.assessment is None:
        err(summary_line(result))
        err(f"{file}: 有错误，未生成任何文件")
        return None, 1
    out(summary_line(result))  # as check prints it: the score, and whether the report is an example
    try:
        context = build_context(result)
        return _Ready(file, result, context, output_name(context)), 0
    except AuthoringError as exc:
        return None, _report_error(file, exc, err)
    except Exception as exc:
        if os.environ.get("AUTHORING_DEBUG"):
            raise
        return None, internal_error(file, exc, err)


def _without_collisions(ready: list[_Ready], err: Say) -> tuple[list[_Ready], int]:
    """Questionnaires whose reports would have one file name are refused, all of them."""
    groups: dict[str, list[_Ready]] = {}
    for item in ready:
        groups.setdefault(collision_key(item.name), []).append(item)
    refused = [group for group in groups.values() if len(group) > 1]
    for group in refused:
        for item in group:
            others = "、".join(o.file for o in group if o is not item)
            err(f"{item.file}: 未生成任何文件：报告文件名“{item.name}”与 {others} 的相同，会互相覆盖；"
                "请核对年度、部门全称和附件序号，或分别生成到不同的文件夹（-o）")
    keep = [item for item in ready if len(groups[collision_key(item.name)]) == 1]
    return keep, 1 if refused else 0


def _write_reports(item: _Ready, out_dir: Path, formats: list[str], force: bool, out: Say, err: Say,
                   pdfa: bool = False) -> list[str]:
    """Render one questionnaire's reports and write them, with the manifest, as one group; the names written
    (none when an existing file may not be replaced)."""
    if "pdf" in formats:
        _warn_fonts(err, item.context["字体"])
    rendered = render_report(item.result, item.context, formats, err, pdfa)
    files = {file_name(item.name, ext): data for ext, data in rendered.items()}
    return write_reports(out_dir, item.file, files, force, out, err)


def write_reports(out_dir: Path, questionnaire: str, files: dict[str, bytes], force: bool, out: Say, err: Say,
                  extra: dict[str, bytes] | None = None, adoptable: frozenset[str] = frozenset(),
                  advice: str = "确认要覆盖请加 --force") -> list[str]:
    """Write one questionnaire's files (name → bytes), the manifest and `extra` (files that are not reports)
    as one group, unless an existing file is not ours to replace: then nothing, and why (and `advice`).
    `adoptable`: names the caller knows may be replaced although the manifest records another questionnaire."""
    manifest = Manifest.read(out_dir)
    source = questionnaire_key(questionnaire, out_dir)
    refusals = []
    for name, data in files.items():
        path = out_dir / name
        if os.path.isdir(path):
            refusals.append(f"authoring: {path} 是一个文件夹，不能用报告替换；请把它改名或移走")
        elif os.path.lexists(path) and not os.path.isfile(path):
            refusals.append(f"authoring: {path} 不是普通文件（是设备、管道或失效的链接），不能用报告替换；请把它改名或移走")
        elif os.path.lexists(path) and not force and name not in adoptable:
            why = manifest.why_not_replace(name, source, data)
            if why:
                refusals.append(f"authoring: {path} 已存在，{why}；{advice}")
    if refusals:
        for line in refusals:
            err(line)
        err(f"{questionnaire}: 未生成任何文件（没有覆盖已有的文件）")
        return []
    write_together(out_dir, {**files, **(extra or {}), MANIFEST_NAME: manifest.with_written(source, files)})
    for name in files:
        out(f"已生成 {out_dir / name}")
    return list(files)


def folder_problem(out_dir: Path) -> str | None:
    """Why -o can never hold the reports (a file, or under a file), before anything is checked."""
    try:
        if out_dir.exists() and not out_dir.is_dir():
            return f"输出目录 {out_dir} 是一个文件，不是文件夹；请用 -o 指定一个文件夹"
        for parent in out_dir.parents:
            if parent.exists():
                if not parent.is_dir():
                    return f"无法建立输出目录 {out_dir}：{parent} 是一个文件，不是文件夹"
                break
    except OSError:
        return None  # cannot even look: the write will say why
    return None


def _report_error(file: str, exc: AuthoringError, err: Say) -> int:
    say_error(exc, err)
    broken = "地区规则或模板有错误，" if exc.exit_code == 3 else ""
    err(f"{file}: {broken}未生成任何文件")
    return exc.exit_code


_warned = False


def _warn_fonts(err: Say, fonts: dict) -> None:
    global _warned
    if _warned:
        return
    _warned = True
    try:
        from authoring.render.fonts import fallback_warnings
    except ImportError:
        return
    for message in fallback_warnings(fonts):
        err(f"警告：{message}")
