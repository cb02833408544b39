"""One function per CLI command: call the library, print the outcome, return the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from authoring.pipeline import CheckResult, check_file
from authoring.numbers import round_half_up


def _out(text: str = "") -> None:
    print(text)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def summary_line(result: CheckResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    head = f"{result.file}: "
    head += "没有发现问题" if not (errors or warnings) else f"{errors} 个错误，{warnings} 个警告"
    a = result.assessment
    if a is not None and a.total is not None:
        total = format(a.total.normalize(), "f")
        head += f"；计算总分 {total} 分，等级“{a.grade}”"
        if result.profile is not None:
            head += f"（{result.profile.profile.name}规则）"
    elif result.loaded is not None:
        head += "；未能计算总分（缺少指标得分）"
    if a is not None and a.execution is not None:
        from authoring.formatting import percent

        if a.execution.basis == "调整预算数":
            head += f"；预算执行率 {percent(a.execution.value)}"
        else:  # M7: without 调整预算数 this ratio is not an execution rate, so do not call it one
            head += f"；支出占{a.execution.basis} {percent(a.execution.value)}（未填调整预算数，无法计算预算执行率）"
    return head


def cmd_check(args) -> int:
    worst = 0
    for file in args.files:
        result = check_file(file)
        for f in result.findings:
            _out(f.format())
        _out(summary_line(result))
        failed = bool(result.errors) or (args.strict and bool(result.warnings))
        worst = max(worst, 1 if failed else 0)
    return worst


def cmd_profiles(args) -> int:
    from authoring.profile import available, load_profile

    for pid in available():
        lp = load_profile(pid)
        parent = f"（继承 {lp.profile.extends}）" if lp.profile.extends else ""
        bands = "、".join(f"{b.label}≥{b.lower}" for b in lp.profile.bands)
        _out(f"{pid}\t{lp.profile.name}{parent}\t等级：{bands}")
    return 0


def cmd_schema(args) -> int:
    from authoring.schema import schema_text

    text = schema_text()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        _out(f"已写入 {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_init(args) -> int:
    from authoring.init import blank_questionnaire
    from authoring.errors import UsageError
    from authoring.pipeline import write_atomic

    text = blank_questionnaire(args.profile)
    if not args.file:
        _out(text)
        return 0
    target = Path(args.file)
    if target.exists() and not args.force:
        raise UsageError(f"{target} 已存在；如要覆盖请加 --force")
    write_atomic(target, text.encode("utf-8"))
    _out(f"已写入 {target}")
    return 0


def cmd_build(args) -> int:
    from authoring.build import build_files

    return build_files(args.files, Path(args.output), args.format, args.strict, _out, _err)


def cmd_templates(args) -> int:
    from authoring.template_check import cmd_templates_check

    if args.templates_command != "check":
        _err("用法：authoring templates check [地区...]")
        return 2
    return cmd_templates_check(args.ids, _out)


def cmd_fonts(args) -> int:
    from authoring.fonts import cmd_fonts as run

    return run(_out)
