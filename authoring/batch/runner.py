"""The bureau's run: check every questionnaire in a pool of workers, then build those that passed and changed,
write each one's files as they come back, and end with 汇总表, the packages and a tally.

Everything is checked before anything is built, so that the same department in two files, or two reports
with one file name, are refused before either is written. Files are written only by this process, one
questionnaire's group at a time (authoring/atomic.py), so that Ctrl-C or a crash leaves whole groups only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authoring.atomic import WriteFailed, recover, write_together
from authoring.batch.package import SUMMARY_NAME
from authoring.batch.jobs import Built, build_job, check_job, failed_build, failed_row, init_worker, limits_for, preload
from authoring.batch.pool import Pool
from authoring.batch.rows import Row
from authoring.batch.state import STATE_NAME, BatchState, Source, templates_version
from authoring.build import folder_problem, write_reports
from authoring.findings import printable, sort_key
from authoring.inputs import unique
from authoring.manifest import MANIFEST_NAME, Manifest, questionnaire_key, sha256
from authoring.output_names import collision_key
from authoring.same_department import duplicate_findings
from authoring.tally import BROKEN, ERRORS, FAILED, PASSED, Tally

BATCH_SOURCE = "（authoring batch 汇总）"  # what the manifest records 汇总表 and the packages as made from
FORMATS = ("docx", "pdf", "xlsx")


@dataclass
class Options:
    out_dir: Path
    jobs: int | None = None  # workers; default one per core
    force: bool = False  # rebuild every questionnaire, changed or not
    strict: bool = False  # a warning blocks a questionnaire too
    seconds: float | None = None  # per questionnaire; default scaled by its size (render/limits.py)
    csv: bool = False
    zip: bool = False
    formats: tuple[str, ...] = FORMATS


@dataclass
class Outcome:
    rows: list[Row]
    pairs: list[Any] = field(default_factory=list)  # boilerplate.SharedPair
    written: int = 0  # report files written by this run
    unchanged: int = 0


def run_batch(files: list[str], options: Options, progress, worst: int = 0) -> int:
    """Every questionnaire of `files` checked, built and summarised into options.out_dir; the exit code."""
    say = progress.say
    out_dir = options.out_dir
    problem = folder_problem(out_dir)
    if problem:
        say(f"authoring: {problem}；未生成任何文件", err=True)
        return 2
    files = unique(files, lambda line: say(line, err=True), "只处理一次")
    if not files:
        say("authoring: 没有要处理的问卷", err=True)
        return 2
    for note in recover(out_dir):
        say(f"authoring: {note}", err=True)
    pool = Pool(options.jobs, init_worker, (options.formats,), lambda: preload(options.formats), progress.refresh)
    rows: dict[str, Row] = {}
    try:
        pool.warm()
        progress.start("校验", len(files))
        for file, row in pool.run(check_job, [(f, (f,), limits_for(f, options.seconds)) for f in files],
                                  lambda f, exc: failed_row(f, f"校验时{exc.describe()}")):
            rows[file] = row
            progress.advance(file, row.kind)
        ordered = [rows[f] for f in files]
        _refuse_duplicates(ordered)
        _refuse_collisions(ordered, options.strict)
        for row in ordered:
            _print_row(row, say)
        pairs = _boilerplate(ordered, say)
        outcome = Outcome(ordered, pairs)
        _build(pool, ordered, options, progress, outcome)
    except KeyboardInterrupt:
        pool.stop(kill=True)
        done = [r for r in rows.values() if r.outputs]
        say(f"authoring: 已中断。{len(done)} 份问卷的文件已生成且完整"
            f"{'（' + '、'.join(printable(r.file) for r in done) + '）' if done else ''}；"
            "其余问卷未生成，汇总表未更新；再次运行同一命令会接着生成", err=True)
        raise
    finally:
        pool.stop()
        progress.close()
    _write_summaries(outcome, options, say)
    tally = Tally(written=outcome.written, unchanged=outcome.unchanged)
    for row in ordered:
        tally.add(row.kind)
    say(tally.line())
    return max([worst] + [_exit_code(row) for row in ordered])


def _exit_code(row: Row) -> int:
    return {PASSED: 0, ERRORS: 1}.get(row.kind, max(row.exit_code, 1))


# ------------------------------------------------------------------------------------- after checking


def _refuse_duplicates(rows: list[Row]) -> None:
    found = duplicate_findings([r.submission for r in rows if r.submission is not None])
    for row in rows:
        if row.file in found:
            row.findings = sorted(row.findings + [found[row.file]], key=sort_key)
            row.kind, row.exit_code, row.name = ERRORS, 1, None


def _refuse_collisions(rows: list[Row], strict: bool) -> None:
    """Blocked by --strict, or two reports with one file name: not built (build.py says the same)."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row.kind == PASSED and strict and row.warnings:
            row.kind, row.exit_code, row.name = ERRORS, 1, None
            row.status = "有警告（--strict），未生成"
        if row.kind == PASSED and row.name:
            groups.setdefault(collision_key(row.name), []).append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        for row in group:
            others = "、".join(o.file for o in group if o is not row)
            row.messages.append(f"{printable(row.file)}: 未生成任何文件：报告文件名“{row.name}”与 {printable(others)} 的相同，"
                                "会互相覆盖；请核对年度、部门全称和附件序号")
            row.kind, row.exit_code, row.name = FAILED, 2, None
            row.status = "报告文件名与其他问卷相同，未生成"


def _print_row(row: Row, say) -> None:
    for line in row.messages if not row.details else []:
        say(line, err=True)
    if row.details:
        for f in row.findings:
            if f.is_error:
                say(f.format())
        say(row.summary())
        for line in row.messages:
            say(line, err=True)


def _boilerplate(rows: list[Row], say) -> list:
    """Text two departments share, found across the whole run; printed as warnings (汇总表 lists it too)."""
    from authoring.boilerplate import describe, find_shared

    pairs = find_shared([r.document for r in rows if r.document is not None])
    for pair in pairs:
        for line in describe(pair):
            say(line)
    return pairs


# ----------------------------------------------------------------------------------------- building


def _build(pool: Pool, rows: list[Row], options: Options, progress, outcome: Outcome) -> None:
    out_dir = options.out_dir
    manifest, state = Manifest.read(out_dir), BatchState.read(out_dir)
    versions: dict[tuple[str, ...], str] = {}
    sources: dict[str, Source] = {}
    todo: list[Row] = []
    for row in rows:
        if row.kind != PASSED or not row.name:
            if not row.status:
                row.status = {ERRORS: "有错误，未生成"}.get(row.kind, f"{row.kind}，未生成")
            continue
        if row.chain not in versions:
            versions[row.chain] = templates_version(row.chain)
        sources[row.file] = source = Source(row.sha, versions[row.chain], options.formats)
        kept = None if options.force else state.up_to_date(row.file, source, manifest)
        if kept is not None:
            row.outputs, row.status = kept, "已生成"  # as when built: 汇总表 does not depend on the rerun
            row.rendering = b""
            outcome.unchanged += 1
        else:
            todo.append(row)
    if not todo:
        return
    by_file = {row.file: row for row in todo}
    unwritable = ""
    progress.start("生成", len(todo))
    jobs = [(row.file, (row.file, options.formats, row.rendering), limits_for(row.file, options.seconds))
            for row in todo]
    for file, built in pool.run(build_job, jobs, lambda f, exc: failed_build(f, f"生成报告时{exc.describe()}")):
        row = by_file[file]
        row.rendering = b""  # rendered: the parent need not hold it any longer
        if built.error:
            row.kind = BROKEN if built.exit_code == 3 else FAILED
            row.exit_code = built.exit_code
            row.findings = sorted(row.findings + built.findings, key=sort_key)
            row.status = f"未能生成：{built.error}"
            progress.say(f"{printable(file)}: 未生成任何文件：{printable(built.error)}", err=True)
        elif unwritable:
            row.kind, row.exit_code, row.status = FAILED, 2, f"未生成：{unwritable}"
        else:
            unwritable = _write(row, built, sources[file], state, options, progress, outcome)
        progress.advance(file, f"已生成 {len(row.outputs)} 个文件" if row.outputs else row.status)


def _write(row: Row, built: Built, source: Source, state: BatchState, options: Options, progress,
           outcome: Outcome) -> str:
    """Write one questionnaire's files with the manifest and the batch state; why the folder refuses writes, if so."""
    err = lambda line: progress.say(line, err=True)  # noqa: E731
    extra = {STATE_NAME: state.with_built(row.file, source, list(built.files))}
    adoptable = moved_reports(options.out_dir, list(built.files), row.file)
    try:
        names = write_reports(options.out_dir, row.file, built.files, False, lambda _: None, err, extra, adoptable,
                              "请把它改名或移走后再运行")
    except WriteFailed as exc:
        row.kind, row.exit_code = FAILED, exc.exit_code
        row.status = f"未生成：{exc}"
        err(f"{printable(row.file)}: 未生成任何文件：{exc}")
        return f"{options.out_dir} 无法写入：{exc.reason}"
    if not names:
        row.kind, row.exit_code, row.status = FAILED, 2, "未生成：输出文件夹中已有不能替换的同名文件（不是本工具生成的、手工改过的或另一份问卷的）"
        return ""
    state.remember(row.file, source, names)
    row.outputs, row.status = names, "已生成"
    outcome.written += len(names)
    return ""


def moved_reports(out_dir: Path, names: list[str], questionnaire: str) -> frozenset[str]:
    """Reports recorded for a questionnaire file that no longer exists (renamed or moved in the inbox) and not
    changed since: this questionnaire may replace them. A report edited by hand, or whose questionnaire is still
    there, stays protected."""
    manifest = Manifest.read(out_dir)
    own = questionnaire_key(questionnaire, out_dir)
    out = set()
    for name in names:
        record = manifest.files.get(name)
        if record is None or record["问卷"] == own or record["问卷"] == BATCH_SOURCE:
            continue
        try:
            if (out_dir / record["问卷"]).exists():
                continue
            path = out_dir / name
            if not path.is_symlink() and sha256(path.read_bytes()) == record["SHA-256"]:
                out.add(name)
        except (OSError, ValueError):
            continue
    return frozenset(out)


# ------------------------------------------------------------------------------------ 汇总表, packages


def _write_summaries(outcome: Outcome, options: Options, say) -> None:
    from authoring.batch.package import packages
    from authoring.batch.workbook import summary_csv, summary_workbook

    files = {SUMMARY_NAME: summary_workbook(outcome.rows, outcome.pairs)}
    if options.csv:
        files.update(summary_csv(outcome.rows, outcome.pairs))
    if options.zip:
        files.update(packages(outcome.rows, outcome.pairs, options.out_dir))
    files = {name: data for name, data in files.items() if not _holds(options.out_dir / name, data)}
    manifest = Manifest.read(options.out_dir)
    refused = [name for name, data in files.items() if os.path.lexists(options.out_dir / name)
               and manifest.why_not_replace(name, BATCH_SOURCE, data)]
    for name in refused:
        say(f"authoring: {options.out_dir / name} 已存在，{manifest.why_not_replace(name, BATCH_SOURCE, files[name])}；"
            "未覆盖，请把它改名或移走后再运行", err=True)
        del files[name]
    if not files:
        return
    try:
        write_together(options.out_dir, {**files, MANIFEST_NAME: manifest.with_written(BATCH_SOURCE, files)})
    except WriteFailed as exc:
        say(f"authoring: 汇总表未写入：{exc}", err=True)
        return
    for name in files:
        say(f"已写入 {options.out_dir / name}")


def _holds(path: Path, data: bytes) -> bool:
    """Whether path is a file with exactly these bytes already (then it is neither written nor reported)."""
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
