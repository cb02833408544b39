"""Command line: the only module that prints and chooses exit codes.

Exit codes: 0 fine (warnings allowed), 1 findings/errors in the input,
2 usage problems (no such file, not YAML, unknown option), 3 broken profile/template,
4 an internal error (a bug), reported in one line instead of a traceback; 130 interrupted,
141 the reader of the output went away (`| head`), as for a command killed by SIGPIPE.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from authoring import __version__
from authoring.errors import AuthoringError, FindingsError
from authoring.findings import printable
from authoring.text_width import columns

TEMPLATES_ENV = "AUTHORING_TEMPLATES"  # read by authoring.jurisdiction.profile (not imported here: start-up time)


# argparse's own words (Python 3.11), each with its Chinese: the frame of every help and usage error.
_ARGPARSE_ERRORS = [
    (r"^argument (\S+): ", r"参数 \1："),
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"无效的选项 \1（可选：\2）"),
    (r"expected one argument", "需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"expected at most one argument", "最多只能有一个值"),
    (r"expected (\d+) arguments?", r"需要 \1 个值"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 有歧义，可能是：\2"),
    (r"not allowed with argument (.*)", r"不能与参数 \1 同时使用"),
    (r"one of the arguments (.*) is required", r"必须给出参数 \1 中的一个"),
    (r"invalid (\w+) value: (.*)", r"无效的 \1 值：\2"),
    (r"ignored explicit argument (.*)", r"多余的值 \1"),
    (r"can't open '(.*)': (.*)", r"无法打开“\1”：\2"),
]


def chinese_usage_error(message: str) -> str:
    for english, chinese in _ARGPARSE_ERRORS:
        message = re.sub(english, chinese, message)
    return message


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help in the clerk's language: 用法： instead of usage:, and epilogs (examples) printed as written."""

    def _format_usage(self, usage, actions, groups, prefix):
        prefix = "用法：" if prefix is None else prefix
        width = self._width
        try:  # wrapped again, narrower, until it fits in columns; continuation lines under the first
            for _ in range(8):
                text = super()._format_usage(usage, actions, groups, prefix)
                lines = text.rstrip("\n").split("\n")
                shift = " " * (columns(prefix) - len(prefix))
                lines = lines[:1] + [shift + line if line.strip() else line for line in lines[1:]]
                excess = max(columns(line) for line in lines) - width
                if excess <= 0:
                    break
                self._width -= excess
        finally:
            self._width = width
        return "\n".join(lines) + "\n\n"

    # argparse lines the help up by counting characters; a Chinese character takes two columns.
    def add_argument(self, action):
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            self._action_max_length = max(self._action_max_length,
                                          columns(self._format_action_invocation(action)) + self._current_indent)

    def _format_action(self, action):
        text = super()._format_action(action)
        if isinstance(action, argparse._SubParsersAction):  # the commands' own heading says it: no "命令" line
            return text.split("\n", 1)[1]
        header = " " * self._current_indent + self._format_action_invocation(action)
        first, newline, rest = text.partition("\n")
        help_text = first[len(header):].lstrip(" ")
        if first.startswith(header + "  ") and help_text:
            help_position = min(self._action_max_length + 2, self._max_help_position)
            if columns(header) + 2 <= help_position:
                first = header + " " * (help_position - columns(header)) + help_text
            else:  # too wide for the column once counted in columns: the help goes below, as argparse does
                first, newline, rest = header, "\n", " " * help_position + help_text + newline + rest
        return first + newline + rest

    def _split_lines(self, text, width):
        """Wrap by columns, a Latin word kept whole and any Chinese character a place to break."""
        lines, line = [], ""
        for token in re.findall(r"[\x21-\x7e]+|\s+|.", " ".join(text.split())):
            if line and columns(line) + columns(token) > width:
                lines.append(line.rstrip())
                line = "" if token.isspace() else token
            else:
                line += token
        return lines + [line.rstrip()] if line.strip() else lines


class ChineseParser(argparse.ArgumentParser):
    """Every parser of the CLI, the sub-commands' included (parser_class): Chinese frame, Chinese usage
    errors with exit 2, and the common options (-q, -v, --templates) on every command."""

    def __init__(self, *args, add_help: bool = True, formatter_class=ChineseHelpFormatter, **kwargs):
        super().__init__(*args, add_help=False, formatter_class=formatter_class, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")
        add_common_options(self)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", ChineseParser)
        return super().add_subparsers(**kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(f"authoring: 用法错误：{chinese_usage_error(message)}", file=sys.stderr)
        raise SystemExit(2)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Accepted before or after the command (`authoring -q check …`, `authoring check -q …`): SUPPRESS
    keeps a sub-command from resetting what was given before it."""
    group = parser.add_argument_group("通用选项")
    group.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                       help="只显示错误和每份问卷的结论行")
    group.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                       help="显示更多细节（使用的地区规则文件、内部错误的详细信息）")
    group.add_argument("--templates", action="append", metavar="目录", default=argparse.SUPPRESS,
                       help=f"先在这个文件夹中查找地区规则，再查找自带的 templates/（可写多次；"
                            f"也可用环境变量 {TEMPLATES_ENV}，多个文件夹用“{os.pathsep}”分隔）")


def examples(*lines: str) -> str:
    """An epilog: the command lines a clerk would type, each with what it does after #."""
    return "示例：\n" + "\n".join(f"  {line}" for line in lines)


def build_parser() -> argparse.ArgumentParser:
    p = ChineseParser(
        prog="authoring", description="部门整体支出绩效自评报告：校验问卷、计算得分、生成 DOCX/PDF。",
        epilog=examples("authoring init --profile guangzhou 我的问卷.yaml   # 生成空白问卷",
                        "authoring check 我的问卷.yaml                      # 校验，给出总分和等级",
                        "authoring build 我的问卷.yaml -o 报告              # 生成 DOCX 和 PDF",
                        "authoring 命令 -h                                 # 某个命令的说明")
        + "\n\n退出码：0 没有错误（可以有警告），1 问卷有错误，2 用法错误，\n"
          "        3 地区规则或模板有错误，4 内部错误。\n"
          "环境变量：NO_COLOR 不用颜色；AUTHORING_TEMPLATES 地区规则的查找目录；\n"
          "          AUTHORING_DEBUG=1 显示内部错误的详情。")
    p.add_argument("--version", action="version", version=f"authoring {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", title="命令", metavar="命令")

    c = sub.add_parser("check", help="校验问卷，列出全部问题，并给出计算的总分和等级",
                       description="校验问卷，列出全部问题（文件:行:列），并给出计算的总分、等级和预算执行率。",
                       epilog=examples("authoring check 我的问卷.yaml", "authoring check -q 收件/   # 一个文件夹中的全部问卷，只看错误和结论",
                                       "authoring check --strict 我的问卷.yaml   # 有警告也算失败"))
    c.add_argument("files", nargs="+", metavar="问卷.yaml", help="问卷文件、文件夹（其中的 .yaml/.yml）或通配符")
    c.add_argument("--strict", action="store_true", help="有警告也按失败处理")

    b = sub.add_parser("build", help="校验通过后生成报告（DOCX 和/或 PDF）",
                       description="校验问卷，没有错误时生成报告，并像 check 一样给出总分、等级和预算执行率。",
                       epilog=examples("authoring build 我的问卷.yaml                 # 生成到 outputs/",
                                       "authoring build 我的问卷.yaml -o 报告 --format docx"))
    b.add_argument("files", nargs="+", metavar="问卷.yaml", help="问卷文件、文件夹（其中的 .yaml/.yml）或通配符")
    b.add_argument("-o", "--output", default="outputs", metavar="目录", help="输出目录（默认 outputs/）")
    b.add_argument("--format", choices=["docx", "pdf", "xlsx", "all"], default="all",
                   help="输出格式（默认 all：DOCX 和 PDF；xlsx：自评表）")
    b.add_argument("--strict", action="store_true", help="有警告也不生成")
    b.add_argument("--pdfa", action="store_true",
                   help="PDF 按 PDF/A-2b 归档格式生成（嵌入全部字体、sRGB 输出意图、XMP 元数据），供档案保存")
    b.add_argument("--force", action="store_true",
                   help="覆盖已有的报告文件，即使它不是上次由同一份问卷生成的（如手工修改过）")

    w = sub.add_parser("batch", help="财政局批量处理：校验并生成一个文件夹中全部问卷的报告、自评表和汇总表",
                       description="校验一个文件夹中的全部问卷，用多个进程生成通过的问卷的 DOCX、PDF 和自评表 XLSX，\n"
                                   "写出汇总表.xlsx（汇总、问题清单、雷同文字）；再次运行只生成改动过的问卷。",
                       epilog=examples("authoring batch 收件/ -o 报送/", "authoring batch 收件/ -o 报送/ --zip --csv",
                                       "authoring batch \"收件/*.yaml\" -o 报送/ -j 2 --format xlsx"))
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

    sub.add_parser("profiles", help="列出可用的地区规则", description="列出可用的地区规则：名称、继承关系和等级划分。",
                   epilog=examples("authoring profiles", "authoring --templates 本局规则 profiles   # 连同本局自己的地区规则"))

    s = sub.add_parser("schema", help="输出问卷（或地区规则 profile.yaml）的 JSON Schema",
                       description="输出 JSON Schema，供编辑器（如 VS Code 的 YAML 插件）提示和检查问卷。",
                       epilog=examples("authoring schema -o 问卷.schema.json",
                                       "authoring schema --profile guangzhou -o 广州.schema.json  # 提示广州的指标",
                                       "authoring schema --profile-schema -o profile.schema.json"))
    s.add_argument("-o", "--output", metavar="文件", help="写入文件（默认输出到屏幕）")
    s.add_argument("--profile-schema", action="store_true",
                   help="输出地区规则 profile.yaml 的 JSON Schema（schema/profile.schema.json）")
    s.add_argument("--profile", metavar="地区", help="问卷的 Schema 只接受这个地区，并提示它的指标名称和分值")

    i = sub.add_parser("init", help="为某地区生成空白问卷，或从上年的问卷开始新的一年",
                       description="生成带中文注释的空白问卷；或用 --from 从上年的问卷开始：保留结构和文字，\n"
                                   "年度加一，清空金额和得分，并用注释标出要重写的地方。",
                       epilog=examples("authoring init --profile guangzhou 我的问卷.yaml",
                                       "authoring init --from 2024年问卷.yaml 2025年问卷.yaml",
                                       "authoring init --profile national | less   # 先看一看"))
    i.add_argument("--profile", metavar="地区", help="地区（见 authoring profiles）；用 --from 时取上年问卷的地区")
    i.add_argument("--from", dest="previous", metavar="上年问卷.yaml", help="从上年的问卷开始新的一年")
    i.add_argument("file", nargs="?", metavar="问卷.yaml", help="写入的文件（默认输出到屏幕）")
    i.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    t = sub.add_parser("templates", help="模板工具", description="检查地区的 Word 模板和 PDF 模板。",
                       epilog=examples("authoring templates check", "authoring templates check guangzhou"))
    tsub = t.add_subparsers(dest="templates_command", title="子命令", metavar="子命令")
    tc = tsub.add_parser("check", help="检查 Word 模板（report.docx）和 PDF 模板（report.html.j2、report.css）",
                         description="检查 Word 模板（report.docx）和 PDF 模板（report.html.j2、report.css）。",
                         epilog=examples("authoring templates check", "authoring templates check guangzhou hebei"))
    tc.add_argument("ids", nargs="*", metavar="地区", help="要检查的地区（默认全部）")

    sub.add_parser("fonts", help="显示每种字体角色实际使用的字体文件，以及生成 PDF 所需的系统库是否齐全",
                   description="显示每种字体角色实际使用的字体文件，以及生成 PDF 所需的系统库（Pango）是否齐全。",
                   epilog=examples("authoring fonts"))

    v = sub.add_parser("serve", help="在浏览器中查看问卷的问题、得分和报告预览，保存后自动更新",
                       description="在本机启动一个网页：问卷的全部问题、摘要和报告预览，\n"
                                   "保存问卷后自动更新；可下载 DOCX 和 PDF。",
                       epilog=examples("authoring serve 我的问卷.yaml           # 打开一份问卷的预览",
                                       "authoring serve 问卷/ --port 8800 --no-browser"))
    v.add_argument("path", metavar="问卷.yaml或文件夹", help="一份问卷，或存放问卷的文件夹（首页是全部问卷的一览表）")
    v.add_argument("--port", metavar="端口", help="端口（默认 8765，被占用时自动另选；0 或 auto 自动选择）")
    v.add_argument("--host", default="127.0.0.1", metavar="地址",
                   help="监听的地址（默认 127.0.0.1，只有本机能访问）")
    v.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
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
    from authoring import console

    say = console.use(console.Console(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False)))
    try:
        with templates_first(getattr(args, "templates", [])):
            from authoring import commands

            code = getattr(commands, f"cmd_{args.command}")(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at the interpreter's exit
        return code
    except BrokenPipeError:
        return quiet_broken_pipe()
    except FindingsError as exc:
        for f in exc.findings:
            say.err(f.format())
        return exc.exit_code
    except AuthoringError as exc:
        say.err(f"authoring: {printable(str(exc))}")
        return exc.exit_code
    except KeyboardInterrupt:
        say.err("authoring: 已中断")
        return 130
    except Exception as exc:  # a bug of ours: say so plainly; -v or AUTHORING_DEBUG=1 shows the traceback
        if os.environ.get("AUTHORING_DEBUG"):
            raise
        if say.verbose:
            import traceback

            traceback.print_exc()
        say.err(f"authoring: 内部错误（{type(exc).__name__}: {printable(str(exc))}）。没有写入任何文件。"
                "请把这条信息和问卷发给维护人员；加 -v 或设置 AUTHORING_DEBUG=1 可看到详细信息。")
        return 4


class templates_first:
    """`--templates DIR` (several allowed): those folders go before $AUTHORING_TEMPLATES's for this run."""

    def __init__(self, folders: list[str]):
        self.folders = [f for f in folders if f.strip()]
        self.saved: str | None = None

    def __enter__(self):
        if self.folders:
            self.saved = os.environ.get(TEMPLATES_ENV)
            os.environ[TEMPLATES_ENV] = os.pathsep.join(self.folders + ([self.saved] if self.saved else []))
        return self

    def __exit__(self, *exc):
        if self.folders:
            if self.saved is None:
                os.environ.pop(TEMPLATES_ENV, None)
            else:
                os.environ[TEMPLATES_ENV] = self.saved
        return False


def quiet_broken_pipe() -> int:
    """The reader went away (`authoring init … | head`): stop without a word, as a command killed by
    SIGPIPE would (exit 141), and point stdout at /dev/null so that Python's final flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test double): nothing left to flush
        pass
    return 141
