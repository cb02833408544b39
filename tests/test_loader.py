"""The questionnaire loader: text-only YAML, located errors, every problem at once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from authoring.errors import FindingsError, UsageError
from authoring.questionnaire.loader import load_questionnaire
from conftest import MINIMAL


def errors_of(path) -> list[str]:
    with pytest.raises(FindingsError) as exc:
        load_questionnaire(path)
    return [f.format() for f in exc.value.findings]


def test_minimal_questionnaire_loads(write):
    q = load_questionnaire(write(MINIMAL)).questionnaire
    assert q.year == 2023 and q.department == "某某市某某局"


@pytest.mark.parametrize("typed, expected", [
    ("3013.08", Decimal("3013.08")),
    ("3,013.08", Decimal("3013.08")),
    ("'3013.08'", Decimal("3013.08")),
    ("３０１３．０８", Decimal("3013.08")),
    ("123456789012345.67", Decimal("123456789012345.67")),  # 17 significant digits: more than a float holds
    ("010101", Decimal("10101")),
    ("3013.08万元", Decimal("3013.08")),
])
def test_amounts_are_read_from_the_text_typed(write, typed, expected):
    p = write(MINIMAL + f"收入:\n  合计: {typed}\n")
    assert load_questionnaire(p).questionnaire.income.total == expected


def test_yaml11_traps_stay_text(write):
    # `no` is not False and 010101 is not octal 4161: both stay what was typed.
    p = write(MINIMAL.replace("部门简称: 某某局", "部门简称: no") + "机构设置: 010101\n")
    q = load_questionnaire(p).questionnaire
    assert q.short_name == "no"
    assert q.organisation == "010101"


def test_percent_needs_percent_sign(write):
    p = write(MINIMAL + "支出:\n  合计: {决算数: 1}\n  预算执行率: 98.79\n")
    assert errors_of(p) == [f"{p}:10:10: 错误 [Q1] 支出.预算执行率: 比率应写成百分数（如 98.79%），实际为“98.79”"]


def test_bad_thousands_separator(write):
    p = write(MINIMAL + "收入:\n  合计: 3,01.3\n")
    assert errors_of(p) == [f"{p}:9:7: 错误 [Q1] 收入.合计: 金额的千分位逗号位置不对：“3,01.3”，应写成 3,013.08 或 3013.08"]


def test_unknown_key_suggests_the_closest(write):
    p = write(MINIMAL + "部门职责: 写错了键\n")
    (line,) = errors_of(p)
    assert line.startswith(f"{p}:8:1: 错误 [Q1] 部门职责: 未知的键“部门职责”，是否想写“部门职能”？")


def test_every_problem_at_once(write):
    p = write(MINIMAL + "年度: 2023\n收入:\n  合计: abc\n绩效指标:\n  - {名称: a, 分值: x, 得份: 1}\n")
    lines = errors_of(p)
    # the duplicate key is a structural error, reported before the model is even looked at
    assert lines == [f"{p}:8:1: 错误 [Y4] 键“年度”重复出现（第一次在第 2 行）：YAML 只会保留最后一个，请合并或删除"]


def test_all_model_errors_together(write):
    p = write(MINIMAL + "收入:\n  合计: abc\n绩效指标:\n  - {名称: a, 分值: x, 得份: 1}\n")
    lines = errors_of(p)
    assert len(lines) == 3
    assert any("[Q1] 收入.合计: 金额应为数字，实际为“abc”" in line for line in lines)
    assert any("绩效指标[1].分值: 分数应为数字" in line for line in lines)
    assert any("绩效指标[1].得份: 未知的键“得份”，是否想写“得分”？" in line for line in lines)


@pytest.mark.parametrize("text, rule", [
    ("部门职能: !!python/object/apply:os.system ['echo hi']\n", "Y2"),
    ("部门职能: !!int 3\n", "Y2"),
    ("a: &x [1, 2]\n", "Y2"),
    ("部门职能: *x\n", "Y2"),
])
def test_tags_anchors_and_aliases_are_refused(write, text, rule):
    p = write("地区: national\n" + text)
    lines = errors_of(p)
    assert any(f"[{rule}]" in line for line in lines), lines


def test_billion_laughs_is_refused(write):
    bomb = "a: &a ['x','x']\nb: &b [*a,*a]\nc: [*b,*b]\n"
    p = write(bomb)
    assert any("[Y2]" in line for line in errors_of(p))


def test_not_yaml_is_a_usage_problem(write):
    p = write("部门职能: [未闭合\n")
    with pytest.raises(FindingsError) as exc:
        load_questionnaire(p)
    assert exc.value.exit_code == 2
    assert exc.value.findings[0].rule == "Y1"


def test_tab_indentation_message(write):
    p = write("收入:\n\t合计: 1\n")
    with pytest.raises(FindingsError) as exc:
        load_questionnaire(p)
    assert "Tab" in exc.value.findings[0].message


def test_missing_file(tmp_path):
    with pytest.raises(UsageError, match="找不到文件"):
        load_questionnaire(tmp_path / "nope.yaml")


def test_not_utf8(tmp_path):
    p = tmp_path / "gbk.yaml"
    p.write_bytes("部门职能: 测试".encode("gbk"))
    with pytest.raises(UsageError, match="UTF-8"):
        load_questionnaire(p)


def test_top_level_must_be_a_mapping(write):
    assert errors_of(write("- 一\n- 二\n"))[0].endswith("问卷应为键值对（“部门全称: …”这样的写法），实际不是")


def test_dates(write):
    q = load_questionnaire(write(MINIMAL + "报告日期: 2024年3月5日\n")).questionnaire
    assert q.report_date.isoformat() == "2024-03-05"
    q = load_questionnaire(write(MINIMAL + "报告日期: 2024-03-05\n")).questionnaire
    assert q.report_date.isoformat() == "2024-03-05"
    assert "没有这一天" in errors_of(write(MINIMAL + "报告日期: 2024-02-30\n"))[0]


def test_block_scalar_positions(write):
    from authoring.questionnaire.loader import load_questionnaire as load

    loaded = load(write(MINIMAL.replace("部门职能: 负责某某工作。", "部门职能: |\n  第一段。\n  第二段有错字。")))
    text = loaded.source.where(("部门职能",)).text
    assert loaded.source.text_position(("部门职能",), text.index("错字")) == (7, 7)
