"""One function per CLI command: call the library, print the outcome, return the exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from authoring import console
from authoring.errors import ProfileError, UsageError
from authoring.findings import printable
from authoring.summary import summary_line


def _out(text: str = "") -> None:
    console.current.out(text)


def _err(text: str) -> None:
    console.current.err(text)


def _detail(text: str) -> None:
    console.current.detail(text)


def _detail_templates_path() -> None:
    from authoring.jurisdiction.profile import templates_path

    _detail("地区规则的查找顺序：" + "、".join(str(folder) for folder in templates_path()))


def cmd_check(args) -> int:
    _detail_templates_path()
    from authoring.runs import check_all, report_unchecked
    from authoring.tally import Tally

    files, worst = questionnaires(args.files, "只校验一次")
    tally = Tally()
    for item in check_all(files):
        tally.add(item.kind(args.strict))
        if item.result is None:
            worst = max(worst, report_unchecked(item, _err, "未能校验"))
            continue
        for f in item.result.findings:
            _out(f.format())
        _out(summary_line(item.result))
        if item.result.profile is not None:
            _detail(f"{printable(item.file)}: 地区规则 {item.result.profile.id}，读取了 "
                    + "、".join(str(folder / "profile.yaml") for folder in item.result.profile.chain))
        failed = bool(item.result.errors) or (args.strict and bool(item.result.warnings))
        worst = max(worst, 1 if failed else 0)
    if len(files) > 1:
        _out(tally.line())
    return worst


def questionnaires(typed: list[str], done: str) -> tuple[list[str], int]:
    """The files named by files, folders and patterns; exit code 2 when one of them names nothing."""
    from authoring.inputs import expand, unique

    found = expand(typed)
    for problem in found.problems:
        _err(f"authoring: {printable(problem)}")
    return unique(found.files, _err, done), 2 if found.problems else 0


def report_profile_error(exc: ProfileError, summary: str, err) -> None:
    for f in exc.findings:
        err(f.format())
    err(summary)


def cmd_profiles(args) -> int:
    """The good profiles on stdout; each broken one's findings on stderr (exit 3), never hiding the others."""
    from authoring.jurisdiction.profile import available, load_profile

    worst = 0
    for pid in available():
        try:
            lp = load_profile(pid)
        except ProfileError as exc:
            report_profile_error(exc, f"{pid}: 地区配置有 {len(exc.findings)} 处错误，未列出", _err)
            worst = exc.exit_code
            continue
        parent = f"（继承 {lp.profile.extends}）" if lp.profile.extends else ""
        bands = "、".join(f"{b.label}≥{b.lower}" for b in lp.profile.bands)
        _out(f"{pid}\t{lp.profile.name}{parent}\t等级：{bands}")
    return worst


def cmd_schema(args) -> int:
    from authoring.schema import profile_schema_text, schema_text

    if args.profile_schema and args.profile:
        raise UsageError("--profile-schema 与 --profile 不能同时使用：前者输出 profile.yaml 的 Schema，后者输出某地区问卷的 Schema")
    text = profile_schema_text() if args.profile_schema else schema_text(args.profile)
    if args.output:
        target = _file_target(args.output, "schema.json")
        _write_file(target, text.encode("utf-8"))
        _out(f"已写入 {target}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_init(args) -> int:
    from authoring.schema import schema_reference

    target = _file_target(args.file, "问卷.yaml") if args.file else None
    if target is not None and os.path.lexists(target) and not args.force:
        raise UsageError(f"{target} 已存在；如要覆盖请加 --force")
    # The schema is named as seen from where the file goes (the current folder when it is printed).
    folder = target.parent if target is not None else Path.cwd()
    if args.previous:
        if args.profile:
            raise UsageError("用 --from 时地区取自上年的问卷，不要同时写 --profile")
        from authoring.new_year import next_year_questionnaire

        text = next_year_questionnaire(args.previous, folder)
    elif args.profile:
        from authoring.init import blank_questionnaire

        text = blank_questionnaire(args.profile, schema_ref=schema_reference(folder))
    else:
        raise UsageError("请用 --profile 指定地区（可用的地区见 authoring profiles），或用 --from 指定上年的问卷")
    if target is None:
        sys.stdout.write(text)  # the questionnaire itself: never filtered (-q) or coloured
        return 0
    _write_file(target, text.encode("utf-8"))
    _out(f"已写入 {printable(str(target))}")
    return 0


def _file_target(typed: str, example: str) -> Path:
    """The file a command writes to: never a folder (or a name ending in a slash), a device or a pipe."""
    target = Path(typed)
    if typed.endswith(("/", os.sep)) or os.path.isdir(target):
        raise UsageError(f"{typed} 是文件夹，不是文件；请写出文件名，如 {target / example}")
    if os.path.lexists(target) and not os.path.isfile(target):
        raise UsageError(f"{typed} 不是普通文件（是设备、管道或失效的链接），不能写入；请换一个文件名")
    return target


def _write_file(target: Path, data: bytes) -> None:
    from authoring.atomic import WriteFailed, recover, write_atomic

    for note in recover(target.parent):
        _err(f"authoring: {note}")
    try:
        write_atomic(target, data)
    except WriteFailed as exc:
        raise UsageError(f"{exc}；未写入任何文件") from None


def cmd_build(args) -> int:
    from authoring.build import build_files

    _detail_templates_path()
    if args.pdfa and args.format in ("docx", "xlsx"):
        _err("authoring: 用法错误：--pdfa 只用于 PDF，不能与 --format docx 或 xlsx 一起用")
        return 2
    files, worst = questionnaires(args.files, "只生成一次")
    code = build_files(files, Path(args.output), args.format, args.strict, _out, _err, force=args.force,
                       pdfa=args.pdfa)
    return max(worst, code)


def cmd_batch(args) -> int:
    from authoring.batch.progress import progress_for
    from authoring.batch.runner import FORMATS, Options, run_batch
    from authoring.build import without_missing_pdf

    files, worst = questionnaires(args.files, "只处理一次")
    formats = FORMATS if args.format == "all" else (args.format,)
    formats, missing = without_missing_pdf(list(formats), _err)
    if not formats:
        return missing
    options = Options(Path(args.output), args.jobs, args.force, args.strict, args.timeout, args.csv, args.zip,
                      tuple(formats))
    return run_batch(files, options, progress_for(sys.stderr), max(worst, missing))


def cmd_templates(args) -> int:
    from authoring.render.template_check import cmd_templates_check

    if args.templates_command != "check":
        _err("用法：authoring templates check [地区...]")
        return 2
    return cmd_templates_check(args.ids, _out)


def cmd_fonts(args) -> int:
    from authoring.render.fonts import cmd_fonts as run

    return run(_out)


def cmd_serve(args) -> int:
    from authoring.serve.server import serve

    def say(text: str) -> None:
        print(text, flush=True)  # read at once by whoever started the server

    return serve(args.path, args.host, args.port, not args.no_browser, say, _err)
