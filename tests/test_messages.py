"""What the clerk and the bureau are told when something is wrong: located, Chinese, one line each,
with the right exit code (issue 8 items 11–16, 18), and never "内部错误" for their own mistakes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from authoring.cli import main
from authoring.findings import Finding, Severity, printable
from authoring.questionnaire.yamlsource import load_text
from conftest import MINIMAL, ROOT, edit_docx_xml, make_templates

NATIONAL = ROOT / "templates" / "national"
HEAD = "地区: national\n年度: 2023\n部门全称: 某某市某某局\n"  # 3 lines: the mistake is on line 4 or below


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def check_lines(capsys, path: Path) -> tuple[int, list[str]]:
    code, out, err = run(capsys, "check", path)
    return code, (out + err).splitlines()


# ----------------------------------------------------------------- 11. nesting


@pytest.mark.parametrize("body, line, col", [
    ("部门职能: " + "[" * 5000 + "]" * 5000 + "\n", 4, 56),  # the document's mapping is the first level
    ("部门职能:\n" + "".join("  " * i + "- \n" for i in range(1, 400)), 54, 101),
    ("部门职能: " + "{a: " * 3000 + "}" * 3000 + "\n", 4, 200),
])
def test_deep_nesting_is_a_located_finding_not_a_crash(write, capsys, body, line, col):
    p = write(HEAD + body)
    code, lines = check_lines(capsys, p)
    assert code == 1
    assert lines[0] == (f"{p}:{line}:{col}: 错误 [Y2] 嵌套超过 50 层（列表套列表、键套键）：问卷用不到这么多层，"
                        "请检查这里的缩进或成串的“[”“{”")


def test_nesting_a_real_file_needs_is_read(write):
    data, _ = load_text("a: " + "[" * 40 + "x" + "]" * 40 + "\n", "q.yaml")
    depth = 0
    value = data["a"]
    while isinstance(value, list):
        value, depth = value[0], depth + 1
    assert (depth, value) == (40, "x")


def test_a_deeply_nested_profile_is_exit_3(tmp_path, capsys, write, monkeypatch):
    root = make_templates(tmp_path, {"deep": "名称: 深\n继承: national\n措辞:\n  x: " + "[" * 3000 + "]" * 3000 + "\n"})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    p = write(MINIMAL.replace("national", "deep"))
    code, _, err = run(capsys, "check", p)
    assert code == 3 and "[Y2] 嵌套超过 50 层" in err


# ------------------------------------------------------ 12. characters the report cannot show


def test_lone_surrogate_is_an_error_at_the_character_and_blocks_build(write, capsys, tmp_path):
    p = write(MINIMAL.replace("部门职能: 负责某某工作。", '部门职能: "负责\\ud800工作。"'))
    code, out, err = run(capsys, "build", p, "-o", tmp_path / "out")
    assert code == 1 and not (tmp_path / "out").exists()
    assert (f"{p}:5:10: 错误 [Y5] 部门职能: 文字中有不成对的代理码 U+D800：不是一个完整的字符（通常是 \\uD83D\\uDE00 "
            "这类转义只写了一半），报告无法生成，请删除（常见于从网页或其他软件复制的文字）") in err.splitlines()


def test_json_style_surrogate_pair_is_the_character_it_encodes(write, capsys):
    p = write(MINIMAL.replace("部门职能: 负责某某工作。", '部门职能: "负责\\ud83d\\ude00工作。"'))
    data, source = load_text(p.read_text(encoding="utf-8"), str(p))
    assert data["部门职能"] == "负责😀工作。"
    assert source.text_position(("部门职能",), 3) == (5, 22)  # 工: after the twelve characters of the pair
    code, out, _ = run(capsys, "check", p)
    assert code == 0 and "[Y5]" not in out


@pytest.mark.parametrize("escape, col, message", [
    ("\\x1b[2J", 11, "文字中有控制字符 U+001B（ESC）：报告中无法显示（Word 文件容纳不了，PDF 中是方框）"),
    ("\\x00\\x01", 11, "文字中有 2 个控制字符 U+0000（NUL）、U+0001：报告中无法显示（Word 文件容纳不了，PDF 中是方框）"),
    ("\\x85", 11, "文字中有控制字符 U+0085（NEL）：报告中无法显示（Word 文件容纳不了，PDF 中是方框）"),
    ("\\ufdd0", 11, "文字中有Unicode 非字符 U+FDD0：不能用于文字，报告中无法显示"),
    ("\\U0001FFFE", 11, "文字中有Unicode 非字符 U+1FFFE：不能用于文字，报告中无法显示"),
])
def test_characters_xml_cannot_hold_are_errors_at_the_character(write, capsys, escape, col, message):
    p = write(MINIMAL.replace("部门职能: 负责某某工作。", f'部门职能: "负责某{escape}某工作。"'))
    code, lines = check_lines(capsys, p)
    assert code == 1
    assert f"{p}:5:{col}: 错误 [Y5] 部门职能: {printable(message)}，请删除（常见于从网页或其他软件复制的文字）" in lines


@pytest.mark.parametrize("escape, message", [
    ("\\u202e", "文字中有看不见的文字方向控制符 U+202E（RIGHT-TO-LEFT OVERRIDE）：会打乱报告中文字的显示顺序"),
    ("\\ue000", "文字中有私用区字符（造字） U+E000：报告所用的字体中没有，PDF 中会显示为方框"),
])
def test_direction_controls_and_private_use_characters_are_warnings(write, capsys, escape, message):
    p = write(MINIMAL.replace("部门职能: 负责某某工作。", f'部门职能: "负责某{escape}某工作。"'))
    code, lines = check_lines(capsys, p)
    assert code == 0
    assert f"{p}:5:11: 警告 [Y5] 部门职能: {message}，请删除（常见于从网页或其他软件复制的文字）" in lines


def test_keys_and_list_items_are_checked_too(write, capsys):
    p = write(MINIMAL + '"其他\\x07章节": x\n存在问题2:\n  - "一是\\x08"\n')
    code, lines = check_lines(capsys, p)
    assert code == 1
    assert any(line.startswith(f"{p}:8:4: 错误 [Y5] 其他\\x07章节: 键中有控制字符 U+0007（BEL）") for line in lines)
    assert any(line.startswith(f"{p}:10:8: 错误 [Y5] 存在问题2[1]: 文字中有控制字符 U+0008（退格）") for line in lines)


def test_a_profile_with_a_control_character_is_exit_3(tmp_path, capsys, write, monkeypatch):
    root = make_templates(tmp_path, {"esc": '名称: "某\\x1b局"\n继承: national\n'})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    code, _, err = run(capsys, "check", write(MINIMAL.replace("national", "esc")))
    assert code == 3
    assert f"{root}/esc/profile.yaml:1:7: 错误 [Y5] 名称: 文字中有控制字符 U+001B（ESC）" in err


# ------------------------------------------------------------------ 13. the console


def test_a_console_that_cannot_encode_a_character_gets_an_escape(tmp_path):
    p = tmp_path / "问卷😀.yaml"
    p.write_text(MINIMAL.replace("部门全称: 某某市某某局", "部门全称: 某某市某某局😀") + "键😀: x\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "authoring", "check", p.name], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    out, err = done.stdout.decode("gbk"), done.stderr.decode("gbk")
    assert done.returncode == 1, err
    assert "内部错误" not in err
    assert out.splitlines()[0].startswith("问卷\\U0001f600.yaml:8:1: 错误 [Q1] 键\\U0001f600: 未知的键“键\\U0001f600”")


# -------------------------------------------------------- 14. template and profile problems


def _bureau(tmp_path: Path, files: dict[str, str | bytes], profile: str = "名称: 某局\n继承: national\n") -> Path:
    root = make_templates(tmp_path, {"bureau": profile})
    for name, content in files.items():
        target = root / "bureau" / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def _html(replace_first: str) -> str:
    """The national PDF template with replace_first put before its first {{ (line 16)."""
    return (NATIONAL / "report.html.j2").read_text(encoding="utf-8").replace("{{", replace_first + "{{", 1)


def _build(capsys, write, tmp_path, root, monkeypatch, fmt="pdf"):
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "build", write(MINIMAL.replace("national", "bureau")), "-o", out_dir, "--format", fmt)
    assert not out_dir.exists() or not any(out_dir.iterdir())
    return code, err.splitlines()


@pytest.mark.parametrize("inserted, message", [
    ("{% if %}", "PDF 模板出错：模板标签语法错误（Expected an expression, got 'end of statement block'）"),
    ("{{ 不存在 }}", "PDF 模板出错：模板使用了未知的变量“不存在”（可用的变量见 docs/模板编写指南.md）"),
    ("{{ 1 // 0 }}", "PDF 模板出错：模板渲染出错（ZeroDivisionError: integer division or modulo by zero）"),
    ("{{ 标题.__class__ }}", "PDF 模板出错：模板使用了不允许的操作（access to attribute '__class__' of 'str' object is unsafe.）"),
])
def test_pdf_template_errors_are_exit_3_at_the_template_line(tmp_path, capsys, write, monkeypatch, inserted, message):
    root = _bureau(tmp_path, {"report.html.j2": _html(inserted)})
    code, lines = _build(capsys, write, tmp_path, root, monkeypatch)
    assert code == 3
    assert f"{root}/bureau/report.html.j2:16:1: 错误 [H1] {message}" in lines


def test_a_stylesheet_weasyprint_cannot_lay_out_is_exit_3(tmp_path, capsys, write, monkeypatch):
    root = _bureau(tmp_path, {"report.css": "body { font-size: 1e30px; }\n"})
    code, lines = _build(capsys, write, tmp_path, root, monkeypatch)
    assert code == 3
    assert any(line.startswith(f"{root}/bureau/report.css:1:1: 错误 [H2] WeasyPrint 排版 PDF 时出错（ZeroDivisionError")
               for line in lines), lines


@pytest.mark.parametrize("name", ["report.html.j2", "report.css"])
def test_a_pdf_template_or_stylesheet_not_in_utf8_is_exit_3(tmp_path, capsys, write, monkeypatch, name):
    root = _bureau(tmp_path, {name: "body { font-family: “仿宋”; }\n".encode("gbk")})
    code, lines = _build(capsys, write, tmp_path, root, monkeypatch)
    assert code == 3
    assert any(line.startswith(f"{root}/bureau/{name}:1:1: 错误 [") and "不是 UTF-8 编码的文本" in line
               for line in lines), lines


@pytest.mark.parametrize("tag", ['{% include "profile.yaml" %}', '{% import "x" as y %}'])
def test_include_or_import_in_the_word_template_is_exit_3(tmp_path, capsys, write, monkeypatch, tag):
    from docx import Document

    root = _bureau(tmp_path, {})
    document = Document(str(NATIONAL / "report.docx"))
    document.add_paragraph(tag)
    document.save(str(root / "bureau" / "report.docx"))
    code, lines = _build(capsys, write, tmp_path, root, monkeypatch, "docx")
    assert code == 3
    assert any(line.startswith(f"{root}/bureau/report.docx:") and "[D1] word/document.xml: " in line and "不能引用其他模板" in line
               for line in lines), lines


@pytest.mark.parametrize("missing, fmt, what", [("report.docx", "docx", "Word 模板"), ("report.html.j2", "pdf", "PDF 模板")])
def test_a_missing_template_is_exit_3(tmp_path, capsys, write, monkeypatch, missing, fmt, what):
    root = tmp_path / "templates"
    shutil.copytree(NATIONAL, root / "bureau")
    (root / "bureau" / missing).unlink()
    code, lines = _build(capsys, write, tmp_path, root, monkeypatch, fmt)
    assert code == 3
    assert (f"{root}/bureau/{missing}:1:1: 错误 [D3] 地区“bureau”没有 {what} {missing}"
            f"（查找过：{root}/bureau）：请放入这个文件，或在 profile.yaml 中继承一个有模板的地区") in lines


@pytest.mark.parametrize("text, line", [
    ("名称: 某局\n继承: national\n\t措辞: {}\n".encode(), "profile.yaml:3:1: 错误 [Y1] 不是有效的 YAML：用了 Tab 缩进"),
    ("名称: 某局\n继承: national\n".encode("gbk"), "profile.yaml:1:1: 错误 [P0]"),
])
@pytest.mark.parametrize("command", ["check", "build", "templates"])
def test_a_profile_with_a_tab_or_not_in_utf8_is_exit_3_for_every_command(tmp_path, capsys, write, monkeypatch,
                                                                       text, line, command):
    root = _bureau(tmp_path, {"profile.yaml": text})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    q = write(MINIMAL.replace("national", "bureau"))
    argv = {"check": ["check", q], "build": ["build", q, "-o", tmp_path / "out"], "templates": ["templates", "check", "bureau"]}
    code, out, err = run(capsys, *argv[command])
    assert code == 3
    assert f"{root}/bureau/{line}" in out + err
    assert "[Q2]" not in out + err  # the bureau's file is blamed, not the questionnaire's 地区


@pytest.mark.parametrize("files, expected", [
    ({"report.html.j2": _html("{% if %}")},
     "templates/bureau/report.html.j2: 错误：第 16 行：语法错误（Expected an expression, got 'end of statement block'）"),
    ({"report.html.j2": _html("{{ 不存在 }}")},
     "templates/bureau/report.html.j2: 错误：第 16 行：未知变量“不存在”：ReportContext 中没有它，它也不是循环变量"),
    ({"report.html.j2": _html("{{ 1 // 0 }}")},
     "templates/bureau/report.html.j2: 错误：试渲染（地区 bureau）第 16 行：PDF 模板出错：模板渲染出错"
     "（ZeroDivisionError: integer division or modulo by zero）"),
    ({"report.html.j2": (NATIONAL / "report.html.j2").read_text(encoding="utf-8").replace("{{ b.文字 }}", "{{ b.文字|safe }}")},
     "templates/bureau/report.html.j2: 错误：试渲染（地区 bureau）：1级标题的文字没有原样输出"),
    ({"report.css": "body { font-size: 1e30px; }\n"},
     "templates/bureau/report.css: 错误：试渲染（地区 bureau）：WeasyPrint 排版 PDF 时出错（ZeroDivisionError: "
     "float division by zero）"),
])
def test_templates_check_covers_the_pdf_template(tmp_path, files, expected):
    from authoring.render.template_check import cmd_templates_check

    root = _bureau(tmp_path, files)
    lines: list[str] = []
    code = cmd_templates_check(["bureau"], lines.append, templates_dir=root)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines
    shown = next(line for line in lines if line.startswith(expected)).split(":", 1)[0]
    assert any(line.startswith(f"{shown}: 未通过（") for line in lines)


# ------------------------------------------------------------------ 15. YAML syntax errors


@pytest.mark.parametrize("body, expected", [
    ("部门简称: 某某局\n支出:\n  合计:\n    决算数: 1\n     调整预算数: 2\n",
     "8:1: 错误 [Y1] 不是有效的 YAML：缩进不一致（应为 4 个空格，与第 7 行对齐）：这一行缩进了 5 个空格，会被当作上一行文字的续行"),
    ("部门简称: 某某局\n支出:\n  合计:\n    决算数: 1\n   调整预算数: 2\n",
     "8:1: 错误 [Y1] 不是有效的 YAML：缩进不一致（应为 4 个空格或 2 个空格）：这一行缩进了 3 个空格，和上面同一层的键对不齐；"
     "同一层的键要左对齐"),
    ("部门简称: 某某局\n存在问题:\n  - 一是\n  - 二是\n  改进措施: 无\n",
     "8:1: 错误 [Y1] 不是有效的 YAML：缩进不一致（应为 0 个空格）：这一行缩进了 2 个空格，和上面同一层的键对不齐；同一层的键要左对齐"),
    ("部门简称：某某局\n# 注释\n存在问题: 无\n",
     "4:5: 错误 [Y1] 不是有效的 YAML：“部门简称”后面用了中文冒号“：”：键和值之间要用英文冒号加空格（“部门简称: …”）"),
    ("部门简称: 某某局\n支出:\n  合计：\n    决算数: 1\n# 注释\n存在问题: 无\n",
     "6:5: 错误 [Y1] 不是有效的 YAML：“合计”后面用了中文冒号“：”：键和值之间要用英文冒号加空格（“合计: …”）"),
    ("部门简称: 某某局\n支出:\n  合计:\n    决算数:\u30001\n    调整预算数: 2\n",
     "7:9: 错误 [Y1] 不是有效的 YAML：冒号后面用了全角空格（中文输入法的空格）：这里要用半角空格，请切换到英文输入法重新输入空格"),
    ("部门简称: 某某局\n支出:\n  合计:\n\u3000\u3000决算数: 1\n    调整预算数: 2\n",
     "7:1: 错误 [Y1] 不是有效的 YAML：缩进用了全角空格（中文输入法的空格）：缩进只能用半角空格，请切换到英文输入法重新输入空格"),
    ("部门简称: 某某局\n存在问题: - 一是不够\n",
     "5:7: 错误 [Y1] 不是有效的 YAML：值以“- ”开头，YAML 会把它当作列表：要写成列表，请把“- …”移到下一行并缩进；"
     "要原样印出，请给整段文字加引号"),
    ("部门简称: 某某局\n存在问题: 一是不够。\n 二是不够: 多。\n",
     "6:6: 错误 [Y1] 不是有效的 YAML：第 5 行“存在问题”的文字写了多行，这一行又含有“: ”：多段文字请用“|”"
     "（写成“存在问题: |”，下一行起每行一段，每行缩进相同）；如果这一行是另一个键，缩进应为 0 个空格"),
    ("部门简称: 某某局\n存在问题: 一是: 不够\n",
     "5:9: 错误 [Y1] 不是有效的 YAML：文字中的“: ”（英文冒号加空格）会被当作键和值的分隔：请改用中文冒号“：”，或给整段文字加引号"),
    ('部门简称: "某某局\n存在问题: 无\n',
     "4:7: 错误 [Y1] 不是有效的 YAML：引号没有结束：从这里开始的引号缺少配对的另一半；文字中要用引号时请用中文引号“”"),
    ("部门简称: 某某局\n存在问题: [无\n改进措施: 无\n",
     "5:7: 错误 [Y1] 不是有效的 YAML：以“[”开头的值没有配对的“]”，或其中的“,”“:”用法不对：YAML 把“[”“{”开头的值当作列表或映射；"
     "要原样印出，请给整段文字加引号"),
    ("部门简称: 某某局\n存在问题: 无\x00\n",
     "5:8: 错误 [Y1] 不是有效的 YAML：有不可见的控制字符 U+0000（NUL），YAML 文件中不允许：请删除（常见于从其他软件复制的文字，"
     "或文件不是文本）"),
    ("部门简称:\t某某局\n",
     "4:6: 错误 [Y1] 不是有效的 YAML：用了 Tab：YAML 只认半角空格，请把 Tab 改成空格"),
    ("部门简称: 某某局\n存在问题: |文字\n",
     "5:8: 错误 [Y1] 不是有效的 YAML：“|”或“>”后面要直接换行，文字从下一行起缩进书写"),
    ('部门简称: "某\\q局"\n',
     "4:9: 错误 [Y1] 不是有效的 YAML：双引号里的“\\”开始了一个无效的转义：要写反斜杠请写成“\\\\”，或改用单引号、不加引号"),
    ("部门简称: @某某局\n",
     "4:7: 错误 [Y1] 不是有效的 YAML：值不能以“@”开头：请给这段文字加引号"),
    ("部门简称: 某某局\n---\n存在问题: 无\n",
     "5:1: 错误 [Y1] 不是有效的 YAML：行首的“---”是 YAML 文档的分隔符，问卷中不能用：如果是文字，请给整段文字加引号，或不要写在行首"),
    ("部门简称: 某某局\n存在问题: |\n  一是不够。\n二是不够。\n改进措施: 无\n",
     "7:1: 错误 [Y1] 不是有效的 YAML：“|”开始的多行文字，每一行都要和第一行（第 6 行）一样缩进 2 个空格：这一行缩进了 0 个空格，"
     "文字到上一行就结束了"),
    ("部门简称: 某某局\n存在问题: |\n      一是不够。\n  二是不够。\n改进措施: 无\n",
     "7:1: 错误 [Y1] 不是有效的 YAML：“|”开始的多行文字，每一行都要和第一行（第 6 行）一样缩进 6 个空格：这一行缩进了 2 个空格，"
     "文字到上一行就结束了"),
    ("部门简称: 某某局\n\u3000\u3000\n存在问题: 无\n",
     "5:1: 错误 [Y1] 不是有效的 YAML：这一行只有全角空格（中文输入法的空格）：YAML 把它当作文字，请删除这些空格"),
    ("部门简称: 某某局\n存在问题: 无\u2028改进措施: 无\n",
     "5:8: 错误 [Y1] 不是有效的 YAML：有编辑器里看不见的换行符 U+2028（LINE SEPARATOR），YAML 会在这里换行："
     "请删除（常见于从其他软件复制的文字，或文件不是文本）"),
    ("  部门简称: 某某局\n存在问题: 无\n",
     "4:1: 错误 [Y1] 不是有效的 YAML：缩进不一致（应为 0 个空格，与第 3 行对齐）：这一行缩进了 2 个空格，会被当作上一行文字的续行"),
    ("部门简称: 某某局\n存在问题 无\n改进措施: 无\n",
     "5:1: 错误 [Y1] 不是有效的 YAML：这一行缺少“: ”（键和值之间要用英文冒号加空格）；如果是上一段文字的续行，多段文字请用“|”"),
    ("部门简称: 某某局\n存在问题: 无\n}\n",
     "6:1: 错误 [Y1] 不是有效的 YAML：这一行以“}”开头：是多余的括号或逗号吗？请删除，或给整段文字加引号"),
    ('部门简称: "某某"局\n存在问题: 无\n',
     "4:11: 错误 [Y1] 不是有效的 YAML：引号里的文字在前面就结束了，后面还有文字：整段文字都要写在一对引号之内"
     "（文字中的引号请用中文引号“”，或在双引号前加“\\”）"),
])
def test_yaml_errors_are_chinese_and_on_the_line_to_change(write, capsys, body, expected):
    p = write(HEAD + body)
    code, lines = check_lines(capsys, p)
    assert (code, lines) == (2, [f"{p}:{expected}"])


def test_an_indented_first_key_is_named(write, capsys):
    p = write("# 问卷\n  地区: national\n年度: 2023\n")
    code, lines = check_lines(capsys, p)
    assert (code, lines) == (2, [f"{p}:2:1: 错误 [Y1] 不是有效的 YAML：第一个键前面有 2 个空格：顶层的键都要从第 1 列写起"])


def test_thousands_separator_inside_braces_is_explained(write, capsys):
    p = write(HEAD + "部门简称: 某某局\n支出: {合计: {决算数: 3,013.08, 调整预算数: 3,100.00}}\n")
    code, lines = check_lines(capsys, p)
    assert code == 1
    assert lines == [
        f"{p}:5:16: 错误 [Y6] “3,013.08”写在“{{ }}”或“[ ]”里，其中的逗号会把它拆成“3”和“013.08”两项："
        '请去掉千位分隔符（写 3013.08），或给它加引号（"3,013.08"），或改为每项一行的写法',
        f"{p}:5:33: 错误 [Y6] “3,100.00”写在“{{ }}”或“[ ]”里，其中的逗号会把它拆成“3”和“100.00”两项："
        '请去掉千位分隔符（写 3100.00），或给它加引号（"3,100.00"），或改为每项一行的写法',
        f"{p}: 2 个错误，0 个警告",
    ]


def test_a_full_width_space_before_a_key_is_named(write, capsys):
    p = write(HEAD + "部门简称: 某某局\n支出:\n\u3000\u3000合计: 1\n")
    code, lines = check_lines(capsys, p)
    assert code == 1
    assert lines[0] == (f"{p}:6:1: 错误 [Y6] 键“合计”前面有全角空格（中文输入法的空格），YAML 会把它当作另一个键："
                        "缩进和冒号前后只能用半角空格")


def test_chinese_colons_in_list_items_are_not_blamed(write, capsys):
    p = write(HEAD + "存在问题:\n  - 一是：预算编制不够精细。\n  - 二是：资产管理不够规范。\n  改进措施: 无\n")
    code, lines = check_lines(capsys, p)
    assert (code, lines) == (2, [f"{p}:7:1: 错误 [Y1] 不是有效的 YAML：缩进不一致（应为 0 个空格）：这一行缩进了 2 个空格，"
                                 "和上面同一层的键对不齐；同一层的键要左对齐"])


# ------------------------------------------------------------------ 16. one finding per line


def test_a_finding_is_one_line_whatever_it_quotes():
    f = Finding(Severity.ERROR, "Q1", "a\x1b[2Jb\n.yaml", 3, 4, "键\n名",
                "未知的键“x\ny\u202ez\u2028w\ud800”", reason="理由\r\n第二行")
    assert f.format() == ("a\\x1b[2Jb\\n.yaml:3:4: 错误 [Q1] 键\\n名: 未知的键“x\\ny\\u202ez\\u2028w\\ud800”"
                          "（理由：理由\\r\\n第二行）")


def test_chinese_text_and_full_width_spaces_are_left_alone():
    assert printable("一是　加强管理；二是，😀") == "一是　加强管理；二是，😀"


def test_a_key_with_a_line_break_gives_one_line_per_finding(write, capsys):
    p = write(MINIMAL + '"其他\\n章节\\e[2J": x\n')
    code, out, _ = run(capsys, "check", p)
    assert code == 1 and "\x1b" not in out
    for line in out.splitlines()[:-1]:
        assert line.startswith(f"{p}:8:")
    assert f"{p}:8:2: 错误 [Q1] 其他\\n章节\\x1b[2J: 未知的键“其他\\n章节\\x1b[2J”" in out


def test_a_file_name_with_control_characters_is_escaped(tmp_path, capsys):
    p = tmp_path / "a\x1b]0;x\x07.yaml"
    p.write_text(MINIMAL + "未知: 1\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", p)
    assert code == 1 and "\x1b" not in out and "\x07" not in out
    shown = str(p).replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    assert out.splitlines()[-1].startswith(f"{shown}: 1 个错误")


# ------------------------------------------- 18. Word templates saved by LibreOffice or WPS


def test_a_template_saved_by_libreoffice_passes_and_renders(tmp_path):
    """tests/data/libreoffice_report.docx: templates/national/report.docx saved by
    `soffice --headless --convert-to docx`, which splits every tag at the Latin/CJK boundary."""
    import io
    import zipfile

    from authoring.jurisdiction.profile import load_profile
    from authoring.render.docx import render_template
    from authoring.render.template_check import check_template, sentinel_context

    template = ROOT / "tests" / "data" / "libreoffice_report.docx"
    assert check_template(template, [load_profile("national"), load_profile("zipingbiao")]) == []
    context, _ = sentinel_context(None)
    with zipfile.ZipFile(io.BytesIO(render_template(template, context))) as z:
        names = z.namelist()
    assert len(names) == len(set(names))  # one docProps/core.xml, though python-docx adds its own


def test_a_split_marked_east_asian_by_wps_is_no_problem(tmp_path):
    from authoring.render.template_check import check_template

    hint = '<w:rPr><w:rFonts w:hint="eastAsia"/><w:lang w:eastAsia="zh-CN"/></w:rPr>'
    bad = edit_docx_xml(NATIONAL / "report.docx", tmp_path / "t.docx",
                        ('<w:t xml:space="preserve">{{ 标题 }}</w:t>', f'<w:t xml:space="preserve">{{{{ </w:t></w:r><w:r>{hint}<w:t>标题</w:t>'
                                                  '</w:r><w:r><w:t xml:space="preserve"> }}</w:t>'))
    assert check_template(bad) == []


def test_a_split_delimiter_is_an_error(tmp_path):
    from authoring.render.template_check import ERROR, check_template

    bad = edit_docx_xml(NATIONAL / "report.docx", tmp_path / "t.docx",
                        ('<w:t xml:space="preserve">{{ 标题 }}</w:t>', "<w:t>{</w:t></w:r><w:r><w:t>{ 标题 }}</w:t>"))
    errors = [f"{p.where}：{p.message}" for p in check_template(bad) if p.severity == ERROR]
    assert errors[0].startswith("正文第 14 段：标签“{{ 标题 }}”的“{{”或“}}”被拆到了两段（run）里，docxtpl 认不出这个标签")


def test_readme_states_the_promises():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## 承诺", 1)[1].split("\n## ", 1)[0]
    for promise in ("退出码", "文件:行:列", "不为它写任何文件", "半个文件", "沙箱", "模板文件夹", "内部错误"):
        assert promise in section, promise
