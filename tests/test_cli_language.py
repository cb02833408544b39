"""The CLI speaks the clerk's language: Chinese help with examples, colour on a terminal only, -q/-v,
a closed pipe that ends quietly, and build's summary line."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

import pytest

from authoring.cli import build_parser, main
from conftest import INDICATORS, MINIMAL, ROOT

SEED = ROOT / "tests" / "seeds" / "panyu-zhengxie-2023.yaml"  # 2 errors (M6, S9) and 13 warnings
ENGLISH_FRAME = re.compile(r"usage:|positional arguments|options:|optional arguments|show this help|"
                           r"show program|error:|the following|unrecognized|invalid choice|expected one", re.I)
RED, YELLOW = "\x1b[31m", "\x1b[33m"


def env(**extra) -> dict:
    out = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    out["PYTHONPATH"] = str(ROOT)
    out.update(extra)
    return out


def cli(*argv, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "authoring", *argv], capture_output=True, text=True,
                          env=kwargs.pop("env", env()), timeout=120, **kwargs)


def every_parser() -> list[tuple[str, argparse.ArgumentParser]]:
    found = []

    def walk(name: str, parser: argparse.ArgumentParser) -> None:
        found.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(f"{name} {sub}", child)

    walk("authoring", build_parser())
    return found


@pytest.mark.parametrize("name,parser", every_parser(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_help_is_chinese_with_an_example(name, parser):
    text = parser.format_help()
    assert not ENGLISH_FRAME.search(text), text
    assert text.startswith("用法：") and "选项:" in text and "显示本帮助并退出" in text
    assert "示例：\n  authoring " in text, f"{name}: every command's help shows an example (epilog=examples(...))"


def test_help_as_printed():
    done = cli("build", "--help")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("用法：authoring build [-h] [-q] [-v] [--templates 目录]")
    assert "  --format {docx,pdf,xlsx,all}\n                        输出格式（默认 all：DOCX 和 PDF" in done.stdout
    assert "示例：\n  authoring build 我的问卷.yaml" in done.stdout
    top = cli("--help").stdout
    assert "命令:\n    check " in top and "退出码：0 没有错误" in top


@pytest.mark.parametrize("argv,message", [
    (["chek"], "authoring: 用法错误：参数 命令：无效的选项 'chek'（可选：'check', 'build'"),
    (["build", "--format", "odt", "x.yaml"], "authoring: 用法错误：参数 --format：无效的选项 'odt'（可选：'docx', 'pdf', 'xlsx', 'all'）"),
    (["check"], "authoring: 用法错误：缺少参数：问卷.yaml"),
    (["build", "x.yaml", "-o"], "authoring: 用法错误：参数 -o/--output：需要一个值"),
    (["check", "x.yaml", "--bogus"], "authoring: 用法错误：无法识别的参数：--bogus"),
])
def test_usage_errors_are_chinese(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.splitlines()[0].startswith("用法：authoring")
    assert err.splitlines()[-1].startswith(message)
    assert not ENGLISH_FRAME.search(err)


# ------------------------------------------------------------------ colour


def test_colour_when_forced_and_none_when_piped_or_no_color(monkeypatch, capsys):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert main(["check", str(SEED)]) == 1
    out = capsys.readouterr().out
    assert f": {RED}错误\x1b[0m [M6] 支出.预算执行率:" in out
    assert f": {YELLOW}警告\x1b[0m [T9]" in out
    monkeypatch.setenv("NO_COLOR", "1")  # NO_COLOR wins over FORCE_COLOR
    main(["check", str(SEED)])
    assert "\x1b[" not in capsys.readouterr().out
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("FORCE_COLOR")
    main(["check", str(SEED)])  # capsys is not a terminal: plain text
    assert "\x1b[" not in capsys.readouterr().out


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are a POSIX feature")
def test_colour_on_a_real_terminal_not_through_a_pipe():
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "authoring", "check", str(SEED)], stdout=follower,
                              stderr=subprocess.PIPE, env=env(TERM="xterm"), timeout=120)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    shown = b"".join(chunks).decode("utf-8")
    assert done.returncode == 1 and RED + "错误" in shown and YELLOW + "警告" in shown
    piped = cli("check", str(SEED), env=env(TERM="xterm"))
    assert piped.returncode == 1 and "\x1b[" not in piped.stdout and "错误 [M6]" in piped.stdout


# ------------------------------------------------------------------ -q and -v


def test_quiet_keeps_errors_and_the_summary_line(capsys):
    assert main(["check", str(SEED)]) == 1
    full = capsys.readouterr().out.splitlines()
    assert main(["check", "-q", str(SEED)]) == 1
    quiet = capsys.readouterr().out.splitlines()
    assert quiet == [line for line in full if " 错误 [" in line] + [full[-1]]
    assert len(quiet) == 3 and quiet[-1].startswith(f"{SEED}: 2 个错误，13 个警告")
    assert main(["-q", "check", str(SEED)]) == 1  # before or after the command
    assert capsys.readouterr().out.splitlines() == quiet


def test_verbose_says_which_files_were_read(write, capsys):
    p = write(MINIMAL + INDICATORS)
    assert main(["check", "-v", str(p)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{p}: 没有发现问题；计算总分 98 分，等级“优”（全国通用规则）\n"
    lines = captured.err.splitlines()
    assert lines[0].startswith("地区规则的查找顺序：") and lines[0].endswith("templates")
    assert lines[1] == f"{p}: 地区规则 national，读取了 {ROOT / 'templates' / 'national' / 'profile.yaml'}"


# ------------------------------------------------------------------ pipes


@pytest.mark.skipif(sys.platform == "win32", reason="a shell pipeline with head")
def test_a_closed_pipe_ends_quietly():
    """`authoring init … | head -3`: the first lines, then silence; never 内部错误 or a traceback."""
    done = subprocess.run(f"'{sys.executable}' -m authoring init --profile national | head -3; "
                          "echo \"status ${PIPESTATUS[0]}\"", shell=True, executable="/bin/bash",
                          capture_output=True, text=True, env=env(), timeout=120)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=") and len(lines) == 4
    assert lines[-1] in ("status 0", "status 141")
    assert done.stderr == ""


def test_a_reader_that_closes_early_gets_no_traceback():
    proc = subprocess.Popen([sys.executable, "-m", "authoring", "schema"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env())
    proc.stdout.read(10)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 141) and err == b""


# ------------------------------------------------------------------ build says what check says


def test_build_prints_the_summary_line_of_check(write, tmp_path, capsys):
    p = write(MINIMAL + INDICATORS)
    assert main(["check", str(p)]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert "计算总分 98 分，等级“优”" in summary
    assert main(["build", "--format", "docx", "-o", str(tmp_path / "out"), str(p)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == summary and out[-1].startswith(f"已生成 {tmp_path / 'out'}")


def test_quiet_build_shows_no_progress(write, tmp_path, capsys):
    p = write(MINIMAL + INDICATORS)
    assert main(["build", "-q", "--format", "docx", "-o", str(tmp_path / "out"), str(p)]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and len(captured.out.splitlines()) == 2


def test_help_lines_up_and_fits_by_columns_not_characters(monkeypatch):
    """A Chinese character takes two columns: the help texts start in one column and no line passes 80."""
    from authoring.cli import columns

    monkeypatch.setenv("COLUMNS", "80")
    for name, parser in every_parser():
        lines = parser.format_help().splitlines()
        assert max(columns(line) for line in lines) <= 80, name
        starts = {columns(re.match(r"(\s+-\S.*?\S\s{2,})\S", line).group(1))
                  for line in lines if re.match(r"\s+-\S.*?\S\s{2,}\S", line)}
        assert len(starts) == 1, (name, starts)
