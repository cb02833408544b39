"""Findings a clerk can trust: no false errors on correct reports from other jurisdictions,
errors only for what the figures prove, 已核实, one error per wrong figure, amounts typed
in 元, and the checks of every valid part even when another part is broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from authoring.checks.figures import out_of_scale
from authoring.cli import main
from authoring.pipeline import check_file
from authoring.questionnaire.loader import load_partial
from authoring.summary import summary_line
from conftest import INDICATORS, MINIMAL, ROOT, at

# Hunan style: 人员经费 and 日常公用经费 without a 基本支出 subtotal (Foshan 2021's figures).
HUNAN = """\
支出:
  基本支出:
    人员经费: {年初预算数: 3311.82, 调整预算数: 3571.80, 决算数: 3551.51}
    日常公用经费: {年初预算数: 286.31, 调整预算数: 303.96, 决算数: 303.30}
  项目支出: {年初预算数: 884.12, 调整预算数: 937.64, 决算数: 900.18}
  合计: {年初预算数: 4482.25, 调整预算数: 4813.40, 决算数: 4754.99}
  预算执行率: 98.79%
"""

# Seed 002's income and spending (all identities hold).
INCOME = """\
收入:
  合计: 3116.37
  分项:
    - {名称: 财政拨款收入, 金额: 3093.93, 占比: 99.28%}
    - {名称: 其他收入, 金额: 22.44, 占比: 0.72%}
"""
SPENDING = """\
支出:
  基本支出: {决算数: 2711.32}
  项目支出: {决算数: 387.98}
  合计: {决算数: 3099.30}
"""
PANYU = INCOME + SPENDING

# National indicators with 预算执行 (30) scored from the 执行率: 98.79% × 30 = 29.64.
RATE_SCORED = INDICATORS.replace("{名称: 预算执行, 分值: 30, 得分: 30}",
                                 "{名称: 预算执行, 分值: 30, 得分: 29.64, 扣分原因: 执行率未达100%}")
FOSHAN_SPENDING = """\
支出:
  基本支出: {调整预算数: 3875.76, 决算数: 3854.81}
  项目支出: {调整预算数: 937.64, 决算数: 900.18}
  合计: {调整预算数: 4813.40, 决算数: 4754.99}
  预算执行率: 98.79%
"""


def lines(path: Path, *rules: str) -> list[str]:
    return [f.format() for f in check_file(path).findings if not rules or f.rule in rules]


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


# ---------------------------------------------------------------- 1. two false errors

def test_basic_expenditure_given_as_its_parts_adds_up(write):
    assert lines(write(MINIMAL + HUNAN)) == []


def test_basic_expenditure_given_as_its_parts_is_named_when_the_total_disagrees(write):
    p = write(MINIMAL + HUNAN.replace("决算数: 4754.99", "决算数: 4755.99"))
    assert lines(p) == [
        f"{at(p, '4755.99')}: 错误 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 3854.81（人员经费 3551.51 "
        f"+ 日常公用经费 303.30，未填基本支出小计） + 项目支出 900.18 = 4754.99 万元，实际填写 4755.99 万元（相差 1.00，请核对）",
    ]


@pytest.mark.parametrize("sentence", [
    "项目支出包括会议经费20.00万元。",
    "项目支出其中培训费10.00万元。",
    "项目支出主要用于调研5.00万元。",
    "项目支出中会议费20.00万元。",
    "基本支出含离退休人员经费300.00万元。",
    "项目支出用于专项工作经费12.00万元。",
    "支出合计3099.30万元，其中项目支出20.00万元用于培训。",
])
def test_m10_a_part_of_a_figure_is_not_the_figure(write, sentence):
    assert lines(write(MINIMAL + PANYU + f"部门整体支出绩效目标: {sentence}\n")) == []


def test_m10_still_compares_the_total_and_is_a_warning(write):
    p = write(MINIMAL + PANYU + "部门整体支出绩效目标: 项目支出387.89万元，其中会议费20.00万元。\n")
    assert lines(p) == [
        f"{at(p, '387.89')}: 警告 [M10] 部门整体支出绩效目标: 正文写的项目支出 387.89 万元与支出表中项目支出的决算数 "
        f"387.98 万元不一致，请核对",
    ]


# ---------------------------------------------------------------- 2. errors only for what the figures prove

def test_what_is_read_from_prose_is_a_warning(write, capsys):
    prose = ("部门整体支出绩效目标: 一是加强学习。三是完善制度。2015年开展调研，支出合计3099.03万元，推文1449余篇,"
             "金额2,000万元。\n")
    p = write(MINIMAL + PANYU + prose)
    found = check_file(p).findings
    assert sorted({f.rule for f in found}) == ["M10", "T10", "T2", "T5", "T8"]
    assert all(f.severity.value == "警告" for f in found), [f.format() for f in found]
    code, _ = run(capsys, "check", str(p))
    assert code == 0


# ---------------------------------------------------------------- 3. 已核实

VERIFIED = SPENDING.replace("合计: {决算数: 3099.30}", "合计: {决算数: 3100.30}") + """\
部门整体支出绩效目标:
  - 标题: 预算执行
    内容: 全年支出合计3099.03万元。
已核实:
  - {规则: M3, 字段: 支出.合计, 理由: 决算表的合计含上缴上级支出1.00万元}
  - {规则: m10, 字段: 部门整体支出绩效目标, 理由: 这里写的是上年的支出合计}
"""


def test_verified_findings_are_shown_as_such_and_do_not_count(write, capsys):
    p = write(MINIMAL + VERIFIED)
    assert lines(p) == [
        f"{at(p, '3100.30')}: 已核实 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 2711.32 + 项目支出 387.98 "
        f"= 3099.30 万元，实际填写 3100.30 万元（相差 1.00，请核对）（理由：决算表的合计含上缴上级支出1.00万元）",
        f"{at(p, '3099.03')}: 已核实 [M10] 部门整体支出绩效目标[1].内容: 正文写的支出合计 3099.03 万元与支出表中支出合计的"
        f"决算数 3100.30 万元不一致，请核对（理由：这里写的是上年的支出合计）",
    ]
    assert summary_line(check_file(p)) == f"{p}: 0 个错误，0 个警告，2 个已核实；未能计算总分（缺少指标得分）"
    assert run(capsys, "check", "--strict", str(p))[0] == 0


def test_verified_error_no_longer_blocks_build(write, tmp_path, capsys):
    p = write(MINIMAL + INDICATORS + VERIFIED)
    out_dir = tmp_path / "out"
    code, out = run(capsys, "build", "--strict", str(p), "--format", "docx", "-o", str(out_dir))
    assert code == 0, out
    assert [f.name for f in out_dir.glob("*.docx")] == ["2023年度某某市某某局部门整体支出绩效自评报告.docx"]


def test_summary_counts_errors_warnings_and_verified(write):
    income = INCOME.replace("3093.93, 占比: 99.28%", "3093.93, 占比: 99.18%")
    p = write(MINIMAL.replace("部门职能: 负责某某工作。", "部门职能: 推文1449余篇，三是加强。") + income + VERIFIED)
    result = check_file(p)
    assert [f.rule for f in result.findings if not f.is_verified] == ["T8", "T2", "M2"]
    assert summary_line(result).startswith(f"{p}: 1 个错误，2 个警告，2 个已核实；")


def test_a_parent_field_covers_its_children_but_not_a_longer_name(write):
    p = write(MINIMAL + PANYU + "部门整体支出绩效目标:\n  - 标题: 一\n    内容: 支出合计3099.03万元。\n"
              "已核实:\n  - {规则: M10, 字段: 部门整体支出, 理由: 不对应}\n")
    assert lines(p) == [
        f"{at(p, '3099.03')}: 警告 [M10] 部门整体支出绩效目标[1].内容: 正文写的支出合计 3099.03 万元与支出表中支出合计的"
        f"决算数 3099.30 万元不一致，请核对",
        f"{at(p, '{规则: M10')}: 警告 [V1] 已核实[1]: 这条已核实记录（规则 M10，字段 部门整体支出）没有对应的问题："
        f"问题可能已经改正，或规则编号、字段与 check 的输出不一致；请删除或照 check 的输出改正",
    ]


def test_a_stale_entry_is_a_warning_at_the_entry(write, capsys):
    p = write(MINIMAL + PANYU + "已核实:\n  - {规则: T9, 字段: 部门职能, 理由: 已改正}\n")
    assert lines(p) == [
        f"{at(p, '{规则: T9')}: 警告 [V1] 已核实[1]: 这条已核实记录（规则 T9，字段 部门职能）没有对应的问题："
        f"问题可能已经改正，或规则编号、字段与 check 的输出不一致；请删除或照 check 的输出改正",
    ]
    assert run(capsys, "check", str(p))[0] == 0
    assert run(capsys, "check", "--strict", str(p))[0] == 1


def test_reasons_do_not_trigger_text_rules(write):
    reason = ("2015年挥了积极作用，全面建成小康社会，推文1449余篇,自评总分100分，一是…三是…，"
              "金额2,000万元，财预〔2020〕第010号，在局网站公开")
    p = write(MINIMAL + PANYU + f"已核实:\n  - 规则: T9\n    字段: 部门职能\n    理由: {reason}\n")
    assert [f.rule for f in check_file(p).findings] == ["V1"]


# ---------------------------------------------------------------- 4. one wrong figure, one error

def test_a_wrong_total_does_not_fail_the_rate_score_and_text_built_on_the_right_one(write):
    body = FOSHAN_SPENDING.replace("决算数: 4754.99", "决算数: 4745.99") + "收支补充说明: 全年支出合计4754.99万元。\n"
    p = write(MINIMAL + RATE_SCORED.replace("总分: 98", "总分: 97.6") + body)
    assert lines(p) == [
        f"{at(p, '4745.99')}: 错误 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 3854.81 + 项目支出 900.18 "
        f"= 4754.99 万元，实际填写 4745.99 万元（相差 9.00，请核对）",
    ]


def test_figures_from_a_wrong_total_that_agree_with_neither_reading_are_warnings(write):
    body = (FOSHAN_SPENDING.replace("决算数: 4754.99", "决算数: 4745.99").replace("98.79%", "98.50%"))
    p = write(MINIMAL + RATE_SCORED.replace("得分: 29.64", "得分: 29").replace("总分: 98", "总分: 97") + body)
    assert lines(p) == [
        f"{at(p, '得分: 29,', 1, 4)}: 警告 [S7] 绩效指标[2].下级[1].得分: 因支出合计（决算数）有误，无法复核“预算执行”的得分："
        f"按填写的数字应得 29.58 分（预算执行率 = 决算数 4745.99 ÷ 调整预算数 4813.40 = 98.60%，98.60% × 分值 30 = 29.58），"
        f"按各项之和应得 29.64 分（预算执行率 = 决算数 4754.99 ÷ 调整预算数 4813.40 = 98.79%，98.79% × 分值 30，"
        f"按公式得 29.637，四舍五入保留两位小数为 29.64），实际填写 29 分；请先改正支出合计（决算数），再核对得分",
        f"{at(p, '4745.99')}: 错误 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 3854.81 + 项目支出 900.18 "
        f"= 4754.99 万元，实际填写 4745.99 万元（相差 9.00，请核对）",
        f"{at(p, '98.50%')}: 警告 [M6] 支出.预算执行率: 因支出合计（决算数）有误，无法复核预算执行率：按填写的数字应为 "
        f"支出合计决算数 4745.99 ÷ 调整预算数 4813.40 × 100% = 98.60%，按各项之和应为 支出合计决算数 4754.99 ÷ "
        f"调整预算数 4813.40 × 100% = 98.79%，实际填写 98.50%；请先改正支出合计（决算数），再核对预算执行率",
    ]


def test_figures_computed_from_a_wrong_total_are_named_in_its_error(write):
    p = write(MINIMAL + FOSHAN_SPENDING.replace("决算数: 4754.99", "决算数: 4745.99").replace("98.79%", "98.60%"))
    assert lines(p) == [
        f"{at(p, '4745.99')}: 错误 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 3854.81 + 项目支出 900.18 "
        f"= 4754.99 万元，实际填写 4745.99 万元（相差 9.00，请核对）；若改正支出合计（决算数），按它算出的预算执行率 "
        f"98.60% 也应改为 98.79%",
    ]
    body = FOSHAN_SPENDING.replace("决算数: 4754.99", "决算数: 4745.99").replace("预算执行率: 98.79%\n", "")
    p = write(MINIMAL + RATE_SCORED.replace("得分: 29.64", "得分: 29.58").replace("总分: 98", "总分: 97.58") + body)
    assert lines(p, "M3", "S3", "S7") == [
        f"{at(p, '4745.99')}: 错误 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 3854.81 + 项目支出 900.18 "
        f"= 4754.99 万元，实际填写 4745.99 万元（相差 9.00，请核对）；若改正支出合计（决算数），按它算出的“预算执行”得分 "
        f"29.58 也应改为 29.64",
    ]
    p = write(MINIMAL + PANYU.replace("合计: 3116.37", "合计: 3116.73").replace("99.28%", "99.27%"))
    assert lines(p) == [
        f"{at(p, '3116.73')}: 错误 [M1] 收入.合计: 收入合计应为 财政拨款收入 3093.93 + 其他收入 22.44 = 3116.37 万元，"
        f"实际填写 3116.73 万元（相差 0.36，请核对）；若改正收入合计，按它算出的财政拨款收入占比 99.27% 也应改为 99.28%",
    ]


def test_a_wrong_budget_total_does_not_raise_rate_warnings(write):
    p = write(MINIMAL + FOSHAN_SPENDING.replace("调整预算数: 4813.40", "调整预算数: 4313.40"))
    assert lines(p) == [
        f"{at(p, '4313.40')}: 错误 [M5] 支出.合计.调整预算数: 支出合计（调整预算数）应为 基本支出 3875.76 + 项目支出 "
        f"937.64 = 4813.40 万元，实际填写 4313.40 万元（相差 500.00，请核对）",
    ]


def test_a_wrong_income_total_does_not_fail_the_shares(write):
    p = write(MINIMAL + PANYU.replace("合计: 3116.37", "合计: 3116.73"))
    assert lines(p) == [
        f"{at(p, '3116.73')}: 错误 [M1] 收入.合计: 收入合计应为 财政拨款收入 3093.93 + 其他收入 22.44 = 3116.37 万元，"
        f"实际填写 3116.73 万元（相差 0.36，请核对）",
    ]


def test_a_wrong_basic_expenditure_is_one_error_not_two(write):
    spending = HUNAN.replace("    人员经费", "    决算数: 3845.81\n    人员经费", 1)
    p = write(MINIMAL + spending)
    assert lines(p) == [
        f"{at(p, '3845.81')}: 错误 [M4] 支出.基本支出.决算数: 基本支出（决算数）应为 人员经费 3551.51 + 日常公用经费 "
        f"303.30 = 3854.81 万元，实际填写 3845.81 万元（相差 9.00，请核对）",
    ]


def test_s3_total_over_a_wrong_leaf(write):
    # 预算执行 should score 29.64 (98.79% × 30); the total 97.6 is right with that score.
    p = write(MINIMAL + INDICATORS.replace("总分: 98", "总分: 97.6") + FOSHAN_SPENDING)
    assert lines(p) == [
        f"{at(p, '得分: 30}', 1, 4)}: 错误 [S7] 绩效指标[2].下级[1].得分: “预算执行”按执行率规则应得 29.64 分"
        f"（预算执行率 = 决算数 4754.99 ÷ 调整预算数 4813.40 = 98.79%，98.79% × 分值 30，按公式得 29.637，"
        f"四舍五入保留两位小数为 29.64），实际填写 30 分",
    ]


def test_a_grade_that_follows_a_wrong_total_is_a_warning(write):
    body = INDICATORS.replace("得分: 9, 扣分原因: 效益指标量化不足", "得分: 1, 扣分原因: 效益指标量化不足")
    p = write(MINIMAL + body.replace("总分: 98", "总分: 89").replace("等级: 优", "等级: 良"))
    assert lines(p, "S3", "S4") == [
        f"{at(p, '总分: 89', 1, 4)}: 错误 [S3] 总分: 总分应为各指标得分之和 10 + 59 + 20 + 1 = 90，实际填写 89",
        f"{at(p, '等级: 良', 1, 4)}: 警告 [S4] 等级: 因总分有误，无法复核等级：总分 90 分按全国通用等级划分应为“优”，"
        f"实际填写“良”（按89分则为“良”）；请先改正总分，再核对等级",
    ]


# ---------------------------------------------------------------- 5. units

@pytest.mark.parametrize("typed, hint", [
    ("30130800元", "30130800元 = 3013.08万元"),
    ("3013.08元", "3013.08元 = 0.301308万元"),
    ("0.30亿元", "0.30亿元 = 3000.00万元"),
])
def test_an_amount_typed_with_yuan_is_an_error_at_the_value(write, typed, hint):
    p = write(MINIMAL + PANYU.replace("合计: 3116.37", f"合计: {typed}"))
    assert lines(p) == [f"{at(p, typed)}: 错误 [Q1] 收入.合计: 金额单位是万元，请换算（{hint}）"]


def test_an_amount_ten_thousand_times_the_others_is_one_error(write):
    body = FOSHAN_SPENDING.replace("决算数: 4754.99", "决算数: 47549900")
    p = write(MINIMAL + RATE_SCORED.replace("总分: 98", "总分: 97.6") + body)
    assert lines(p) == [
        f"{at(p, '47549900')}: 错误 [M14] 支出.合计.决算数: 金额单位是万元，请换算（47549900元 = 4754.99万元）："
        f"这个金额是本问卷其他收支金额（最大 4813.40 万元）的 9879 倍，疑为按元填写",
    ]


def test_several_amounts_in_yuan_are_each_located(write):
    body = PANYU.replace("决算数: 387.98", "决算数: 3879800").replace("决算数: 3099.30", "决算数: 30993000")
    p = write(MINIMAL + body)
    assert [line.split(": ")[0] + " " + line.split(" ")[2] for line in lines(p)] == [
        f"{at(p, '3879800')} [M14]", f"{at(p, '30993000')} [M14]"]


@pytest.mark.parametrize("spending", [
    # tiny lines beside large ones are a tail of a sum, not 元
    "  基本支出: {决算数: 2999.00}\n  经营支出: {决算数: 0.50}\n  上缴上级支出: {决算数: 0.30}\n"
    "  对附属单位补助支出: {决算数: 0.20}\n  合计: {决算数: 3000.00}\n",
    "  基本支出: {决算数: 2999.99}\n  经营支出: {决算数: 0.01}\n  合计: {决算数: 3000.00}\n",
])
def test_tiny_lines_are_not_taken_for_yuan(write, spending):
    assert lines(write(MINIMAL + "支出:\n" + spending)) == []


@pytest.mark.parametrize("path", sorted((ROOT / "inputs").glob("*.yaml")) + sorted((ROOT / "tests" / "seeds").glob("*.yaml")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_unit_rule_never_fires_on_the_examples_and_seeds(path):
    assert out_of_scale(load_partial(path).questionnaire) == []


# ---------------------------------------------------------------- 6. a broken part hides nothing else

def test_a_broken_indicator_tree_still_shows_the_spending_error(write, tmp_path, capsys):
    body = PANYU.replace("决算数: 3099.30", "决算数: 3099.39") + INDICATORS.replace("分值: 60", "分值: 六十")
    p = write(MINIMAL + body)
    assert lines(p) == [
        f"{at(p, '3099.39')}: 错误 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 2711.32 + 项目支出 387.98 "
        f"= 3099.30 万元，实际填写 3099.39 万元（相差 0.09，请核对）",
        f"{at(p, '六十')}: 错误 [Q1] 绩效指标[2].分值: 分数应为数字，实际为“六十”",
    ]
    assert summary_line(check_file(p)) == (f"{p}: 2 个错误，0 个警告；未能计算总分（绩效指标填写有误）；"
                                           f"支出占收入合计 99.46%（未填调整预算数，无法计算预算执行率）")
    out_dir = tmp_path / "out"
    assert run(capsys, "check", str(p))[0] == 1
    assert run(capsys, "build", str(p), "--format", "docx", "-o", str(out_dir))[0] == 1
    assert not out_dir.exists()


def test_rules_that_need_a_broken_key_are_skipped(write):
    head = MINIMAL.replace("年度: 2023", "年度: 二〇二三").replace("部门全称: 某某市某某局", "部门全称: [某某, 办公室]")
    p = write(head + "部门整体支出绩效目标: 2015年起在局网站公开预算，基层织的作用。\n")
    assert lines(p) == [
        f"{at(p, '二〇二三')}: 错误 [Q1] 年度: 应为整数，实际为“二〇二三”",
        f"{at(p, '[某某')}: 错误 [Q1] 部门全称: 应为一段文字，实际为列表",
        f"{at(p, '基层织')}: 警告 [T9] 部门整体支出绩效目标: “基层织”应为“基层组织”",
    ]
