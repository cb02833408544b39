"""The command line as a clerk meets it: output lines, exit codes, no tracebacks."""

from __future__ import annotations

import json

import pytest

from authoring.cli import main
from conftest import INDICATORS, MINIMAL, ROOT
from questionnaires import profiles_on_disk


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_clean_file(write, capsys):
    p = write(MINIMAL + INDICATORS)
    code, out, err = run(capsys, "check", str(p))
    assert code == 0
    assert out == f"{p}: 没有发现问题；计算总分 98 分，等级“优”（全国通用规则）\n"


def test_check_reports_every_error_and_exits_1(write, capsys):
    p = write(MINIMAL + INDICATORS.replace("总分: 98", "总分: 97").replace("等级: 优", "等级: 良"))
    code, out, _ = run(capsys, "check", str(p))
    assert code == 1
    lines = out.splitlines()
    assert any("[S3] 总分" in line for line in lines)
    assert any("[S4] 等级" in line for line in lines)
    assert lines[-1].startswith(f"{p}: 2 个错误，0 个警告；计算总分 98 分")


def test_warnings_pass_unless_strict(write, capsys):
    p = write(MINIMAL + INDICATORS + "收入:\n  合计: 100.00\n支出:\n  合计: {决算数: 100.00}\n")
    code, out, _ = run(capsys, "check", str(p))
    assert code == 0 and "警告" in out
    code, _, _ = run(capsys, "check", "--strict", str(p))
    assert code == 1


def test_several_files_worst_exit_code(write, capsys):
    good = write(MINIMAL + INDICATORS, "good.yaml")
    bad = write(MINIMAL.replace("某某市某某局", "某某市另一局") + "总分: 1\n", "bad.yaml")
    code, out, _ = run(capsys, "check", str(good), str(bad))
    assert code == 1
    assert f"{good}: 没有发现问题" in out and f"{bad}: 1 个错误" in out
    assert out.splitlines()[-1] == "2 份问卷：1 份通过，1 份有错误"


@pytest.mark.parametrize("argv, message", [
    (["check"], "缺少参数"),
    (["check", "--nope", "x.yaml"], "无法识别的参数"),
    (["frobnicate"], "无效的选项"),
])
def test_usage_errors_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_file_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "nope.yaml"))
    assert code == 2 and err == f"authoring: 找不到文件：{tmp_path / 'nope.yaml'}\n"


def test_not_yaml_exit_2(write, capsys):
    p = write("部门职能: [未闭合\n")
    code, _, err = run(capsys, "check", str(p))
    assert code == 2 and "[Y1]" in err


@pytest.mark.parametrize("content", [
    b"", b"\x00\x01\x02binary", "just a sentence".encode(), b"- 1\n- 2\n", "地区: [a, b]\n".encode(),
    "地区: nowhere\n年度: 2023\n部门全称: a\n部门简称: b\n部门职能: c\n存在问题: d\n改进措施: e\n".encode(),
    ("地区: national\n年度: 99999999999999999999\n").encode(),
    ("收入:\n  合计: 1e999999\n").encode(),
])
def test_no_traceback_for_any_input(tmp_path, capsys, content):
    p = tmp_path / "odd.yaml"
    p.write_bytes(content)
    code = main(["check", str(p)])
    out = capsys.readouterr()
    assert code in (1, 2)
    assert "Traceback" not in out.out + out.err


def test_unknown_profile_is_located(write, capsys):
    p = write(MINIMAL.replace("national", "nowhere"))
    code, out, _ = run(capsys, "check", str(p))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{p}:1:5: 错误 [Q2] 地区: 没有地区“nowhere”")


def test_profiles_command(capsys):
    code, out, _ = run(capsys, "profiles")
    assert code == 0
    assert "hebei\t河北省（继承 national）\t等级：优秀≥85、良好≥75、一般≥60、较差≥0" in out.splitlines()


def test_schema_command_matches_committed_file(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    committed = (ROOT / "schema" / "questionnaire.schema.json").read_text(encoding="utf-8")
    assert out == committed, "schema/questionnaire.schema.json is stale: run `authoring schema -o schema/questionnaire.schema.json`"
    schema = json.loads(out)
    assert schema["properties"]["部门全称"]["description"] == "部门全称，用于标题"
    assert "部门全称" in schema["required"]


def test_examples_reference_the_schema():
    for path in sorted((ROOT / "inputs").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/questionnaire.schema.json", path


@pytest.mark.parametrize("pid", profiles_on_disk())
def test_init_writes_a_commented_blank_with_the_indicators(tmp_path, capsys, pid):
    from authoring.jurisdiction.profile import load_profile

    target = tmp_path / "new.yaml"
    code, out, _ = run(capsys, "init", "--profile", pid, str(target))
    assert code == 0 and out == f"已写入 {target}\n"
    text = target.read_text(encoding="utf-8")
    assert f"地区: {pid}" in text
    for spec in load_profile(pid).profile.system.indicators:
        assert f"- 名称: {spec.name}" in text
    # every key line carries a Chinese comment above it
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith(("#", " ")) and line.endswith(":"):
            assert lines[i - 1].startswith("#"), line
    # a blank questionnaire loads as YAML and reports what is missing, no traceback
    code, out, _ = run(capsys, "check", str(target))
    assert code == 1 and "缺少" in out or "未填写" in out or "为空" in out


def test_init_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "new.yaml"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run(capsys, "init", "--profile", "national", str(target))
    assert code == 2 and "已存在" in err and target.read_text(encoding="utf-8") == "keep"


def test_examples_validate_against_the_schema_as_an_editor_reads_them():
    """A YAML language server parses numbers as numbers: the schema must accept what clerks type."""
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schema" / "questionnaire.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "inputs").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], path


def test_check_takes_folders_and_patterns_and_goes_on_past_unreadable_files(tmp_path, capsys):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    (inbox / "a-gbk.yaml").write_bytes((MINIMAL + INDICATORS).encode("gbk"))
    (inbox / "b.yaml").write_text(MINIMAL + INDICATORS, encoding="utf-8")
    (inbox / "c.yml").write_text(MINIMAL.replace("某某市某某局", "某某市另一局") + INDICATORS, encoding="utf-8")
    (inbox / "readme.txt").write_text("not a questionnaire", encoding="utf-8")
    code, out, err = run(capsys, "check", str(inbox), str(tmp_path / "*.yaml"), str(inbox / "c.*"))
    assert code == 2  # the worst: one file could not be read
    assert err.splitlines() == [f"authoring: {tmp_path / '*.yaml'}: 没有与这个通配符匹配的文件",
                                f"{inbox / 'c.yml'}: 重复列出，只校验一次",
                                f"authoring: {inbox / 'a-gbk.yaml'}: 文件不是 UTF-8 编码的文本（请在编辑器中另存为 UTF-8）"]
    assert out.splitlines() == [f"{inbox / 'b.yaml'}: 没有发现问题；计算总分 98 分，等级“优”（全国通用规则）",
                                f"{inbox / 'c.yml'}: 没有发现问题；计算总分 98 分，等级“优”（全国通用规则）",
                                "3 份问卷：2 份通过，1 份无法读取"]


def test_one_department_and_year_in_two_files_is_an_error_naming_both(tmp_path, capsys):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(MINIMAL + INDICATORS, encoding="utf-8")
    b.write_text(MINIMAL.replace("某某市某某局", "某某市 某某局") + INDICATORS, encoding="utf-8")  # a space is no other name
    code, out, _ = run(capsys, "check", str(a), str(b))
    assert code == 1
    advice = "同一部门同一年度只应报送一份；请确认是重复报送（删去其中一份）还是部门全称填错了"
    assert out.splitlines() == [
        f"{a}:3:7: 错误 [B1] 部门全称: {b} 也是“某某市某某局”2023 年度的问卷：{advice}",
        f"{a}: 1 个错误，0 个警告；计算总分 98 分，等级“优”（全国通用规则）",
        f"{b}:3:7: 错误 [B1] 部门全称: {a} 也是“某某市 某某局”2023 年度的问卷：{advice}",
        f"{b}: 1 个错误，0 个警告；计算总分 98 分，等级“优”（全国通用规则）",
        "2 份问卷：0 份通过，2 份有错误"]
