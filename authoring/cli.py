"""Command line: the only module that prints and chooses exit codes.

Exit codes: 0 fine (warnings allowed), 1 findings/errors in the input,
2 usage problems (no such file, not YAML, unknown option), 3 broken profile/template,
4 an internal error (a bug), reported in one line instead of a traceback.
"""

from __future__ import annotations

import argparse
import sys

from authoring import __version__
from authoring.errors import AuthoringError, FindingsError
from authoring.findings import printable


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's English usage errors → Chinese, exit 2
        message = (message.replace("the following arguments are required", "缺少参数")
                   .replace("unrecognized arguments", "无法识别的参数")
                   .replace("invalid choice", "无效的选项")
                   .replace("argument", "参数"))
        self.print_usage(sys.stderr)
        print(f"authoring: 用法错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="authoring", description="部门整体支出绩效自评报告：校验问卷、计算得分、生成 DOCX/PDF。")
    p.add_argument("--version", action="version", version=f"authoring {__version__}")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    c = sub.add_parser("check", help="校验问卷，列出全部问题，并给出计算的总分和等级")
    c.add_argument("files", nargs="+", metavar="问卷.yaml", help="问卷文件、文件夹（其中的 .yaml/.yml）或通配符")
    c.add_argument("--strict", action="store_true", help="有警告也按失败处理")

    b = sub.add_parser("build", help="校验通过后生成报告（DOCX 和/或 PDF）")
    b.add_argument("files", nargs="+", metavar="问卷.yaml", help="问卷文件、文件夹（其中的 .yaml/.yml）或通配符")
    b.add_argument("-o", "--output", default="outputs", metavar="目录", help="输出目录（默认 outputs/）")
    b.add_argument("--format", choices=["docx", "pdf", "xlsx", "all"], default="all",
                   help="输出格式（默认 all：DOCX 和 PDF；xlsx：自评表）")
    b.add_argument("--strict", action="store_true", help="有警告也不生成")
    b.add_argument("--force", action="store_true",
                   help="覆盖已有的报告文件，即使它不是上次由同一份问卷生成的（如手工修改过）")

    w = sub.add_parser("batch", help="财政局批量处理：校验并生成一个文件夹中全部问卷的报告、自评表和汇总表")
    w.add_argument("files", nargs="+", metavar="问卷或文件夹", help="问卷文件、文件夹（其中的 .yaml/.yml）或通配符")
    w.add_argument("-o", "--output", default="outputs", metavar="目录", help="输出目录（默认 outputs/）")
    w.add_argument("-j", "--jobs", type=_positive_int, metavar="N", help="同时处理的问卷数（默认每个 CPU 核一份）")
    w.add_argument("--format", choices=["docx", "pdf", "xlsx", "all"], default="all",
                   help="只生成一种格式（默认 all：DOCX、PDF 和自评表 XLSX）")
    w.add_argument("--force", action="store_true", help="全部重新生成（默认只重新生成改动过的问卷）")
    w.add_argument("--strict", action="store_true", help="有警告也不生成")
    w.add_argument("--csv", action="store_true", help="另外把汇总表的三张表写成 CSV 文件（UTF-8，Excel、WPS 可直接打开）")
    w.add_argument("--zip", action="store_true", help="每个地区另外打一个报送压缩包（报告、自评表和汇总表）")
    w.add_argument("--timeout", type=_positive_float, metavar="秒",
                   help="每份问卷的时间上限（默认按问卷大小，至少 120 秒）；超时的问卷记为未能生成，其余照常处理")

    sub.add_parser("profiles", help="列出可用的地区规则")

    s = sub.add_parser("schema", help="输出问卷（或地区规则 profile.yaml）的 JSON Schema")
    s.add_argument("-o", "--output", metavar="文件", help="写入文件（默认输出到屏幕）")
    s.add_argument("--profile-schema", action="store_true",
                   help="输出地区规则 profile.yaml 的 JSON Schema（schema/profile.schema.json）")

    i = sub.add_parser("init", help="为某地区生成空白问卷（带中文注释和该地区的指标）")
    i.add_argument("--profile", required=True, metavar="地区")
    i.add_argument("file", nargs="?", metavar="问卷.yaml", help="写入的文件（默认输出到屏幕）")
    i.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    t = sub.add_parser("templates", help="模板工具")
    tsub = t.add_subparsers(dest="templates_command", metavar="子命令", parser_class=_Parser)
    tc = tsub.add_parser("check", help="检查 Word 模板（report.docx）和 PDF 模板（report.html.j2、report.css）")
    tc.add_argument("ids", nargs="*", metavar="地区")

    sub.add_parser("fonts", help="显示每种字体角色实际使用的字体文件")
    return p


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应至少为 1，而不是 {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是数字") from None
    if not 0 < value < 10 ** 6:
        raise argparse.ArgumentTypeError(f"应大于 0，而不是 {text}")
    return value


def safe_console() -> None:
    """A console that cannot encode a character (GBK on Windows, PYTHONIOENCODING=gbk) prints it as an
    escape (\\U0001f600) instead of failing in the middle of a report."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):  # not a text file (None, a test double): leave it
            pass


def main(argv: list[str] | None = None) -> int:
    safe_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        from authoring import commands

        return getattr(commands, f"cmd_{args.command}")(args)
    except FindingsError as exc:
        for f in exc.findings:
            print(f.format(), file=sys.stderr)
        return exc.exit_code
    except AuthoringError as exc:
        print(f"authoring: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("authoring: 已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so plainly; AUTHORING_DEBUG=1 shows the traceback
        import os

        if os.environ.get("AUTHORING_DEBUG"):
            raise
        print(f"authoring: 内部错误（{type(exc).__name__}: {printable(str(exc))}）。没有写入任何文件。"
              "请把这条信息和问卷发给维护人员；设置 AUTHORING_DEBUG=1 可看到详细信息。", file=sys.stderr)
        return 4
