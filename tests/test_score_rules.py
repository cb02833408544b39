"""S1–S11, each with a passing and a failing case, on the exact output line."""

from __future__ import annotations


from authoring.pipeline import check_file
from conftest import INDICATORS, MINIMAL, at


def lines(path, rule=None) -> list[str]:
    result = check_file(path)
    return [f.format() for f in result.findings if rule is None or f.rule == rule]


def test_clean_questionnaire_has_no_score_findings(write):
    p = write(MINIMAL + INDICATORS)
    result = check_file(p)
    assert [f for f in result.findings if f.rule.startswith("S")] == []
    assert str(result.assessment.total) == "98" and result.assessment.grade == "优"


def test_s1_weights_must_add_up(write):
    p = write(MINIMAL + INDICATORS.replace("分值: 20\n", "分值: 25\n", 1))
    assert lines(p, "S1") == [f"{at(p, '分值: 10', 1, 4)}: 错误 [S1] 绩效指标[1].分值: 一级指标分值之和应为 100，实际为 10 + 60 + 25 + 10 = 105",
                            f"{at(p, '分值: 25', 1, 4)}: 错误 [S1] 绩效指标[3].分值: 下级指标分值之和应为 25，实际为 20 = 20"]


def test_s1_children_must_add_up_to_parent(write):
    p = write(MINIMAL + INDICATORS.replace("{名称: 资产管理, 分值: 10, 得分: 10}", "{名称: 资产管理, 分值: 12, 得分: 10}"))
    out = lines(p, "S1")
    assert out == [f"{at(p, '分值: 60', 1, 4)}: 错误 [S1] 绩效指标[2].分值: 下级指标分值之和应为 60，实际为 30 + 20 + 12 = 62"]


FOSHAN_TREE = """\
地区: foshan
年度: 2021
部门全称: 佛山测试办公室
部门简称: 测试办
部门职能: 负责测试。
存在问题: 一是问题。
改进措施: 一是措施。
绩效指标:
  - 名称: 管理效率
    分值: 50
    下级:
      - {名称: 预算管理, 分值: 10, 得分: 10}
      - {名称: 绩效管理, 分值: 8, 得分: 8}
      - {名称: 财务管理, 分值: 19, 得分: 19}
      - {名称: 项目管理, 分值: 8, 得分: 8}
      - {名称: 资产管理, 分值: 5, 得分: 5}
  - 名称: 履职效能
    分值: 50
    下级:
      - {名称: 重点工作完成率, 分值: 10, 得分: 10}
      - {名称: 项目绩效目标完成率, 分值: 10, 得分: 10}
      - {名称: 部门预算资金支出率, 分值: 10, 得分: 10}
      - {名称: 社会经济生态效益, 分值: 15, 得分: 15}
      - {名称: 公众或服务对象满意度, 分值: 5, 得分: 5}
"""


def test_s1_fixed_system_passes(write):
    assert lines(write(FOSHAN_TREE), "S1") == []


def test_s1_fixed_system_names_and_weights(write):
    p = write(FOSHAN_TREE.replace("{名称: 预算管理, 分值: 10, 得分: 10}", "{名称: 预算管里, 分值: 10, 得分: 10}")
              .replace("{名称: 资产管理, 分值: 5, 得分: 5}", "{名称: 资产管理, 分值: 6, 得分: 5}"))
    out = lines(p, "S1")
    assert f"{at(p, '预算管里')}: 错误 [S1] 绩效指标[1].下级[1].名称: 指标“预算管里”不在佛山市（市级）指标体系中，是否想写“预算管理”？该级应为：预算管理、绩效管理、财务管理、项目管理、资产管理" in out
    assert f"{at(p, '分值: 6', 1, 4)}: 错误 [S1] 绩效指标[1].下级[5].分值: 指标“资产管理”的分值应为 5（佛山市（市级）指标体系），实际为 6" in out


def test_s2_score_within_weight(write):
    p = write(MINIMAL + INDICATORS.replace("{名称: 职责履行, 分值: 20, 得分: 20}", "{名称: 职责履行, 分值: 20, 得分: 21}"))
    assert f"{at(p, '得分: 21', 1, 4)}: 错误 [S2] 绩效指标[3].下级[1].得分: “职责履行”得分应在 0 到 20 之间，实际为 21" in lines(p, "S2")


def test_s2_leaf_needs_a_score(write):
    p = write(MINIMAL + INDICATORS.replace("{名称: 职责履行, 分值: 20, 得分: 20}", "{名称: 职责履行, 分值: 20}"))
    assert lines(p, "S2") == [f"{at(p, '{名称: 职责履行')}: 错误 [S2] 绩效指标[3].下级[1]: 末级指标“职责履行”缺少得分（应在 0 到 20 之间）"]


def test_s3_total_must_equal_sum(write):
    p = write(MINIMAL + INDICATORS.replace("总分: 98", "总分: 97"))
    assert lines(p, "S3") == [f"{at(p, '总分: 97', 1, 4)}: 错误 [S3] 总分: 总分应为各指标得分之和 10 + 59 + 20 + 9 = 98，实际填写 97"]


def test_s3_parent_score_must_equal_children(write):
    p = write(MINIMAL + INDICATORS.replace("  - 名称: 产出\n    分值: 20\n", "  - 名称: 产出\n    分值: 20\n    得分: 19\n"))
    assert lines(p, "S3") == [f"{at(p, '    得分: 19', 1, 8)}: 错误 [S3] 绩效指标[3].得分: “产出”得分应为下级得分之和 20 = 20，实际为 19"]


def test_s4_grade_must_match_band(write):
    p = write(MINIMAL + INDICATORS.replace("等级: 优", "等级: 良"))
    assert lines(p, "S4") == [f"{at(p, '等级: 良', 1, 4)}: 错误 [S4] 等级: 总分 98 分按全国通用等级划分应为“优”，实际填写“良”"]


def test_s4_grade_label_from_profile(write):
    p = write(MINIMAL.replace("national", "hebei") + INDICATORS.replace("等级: 优", "等级: 优"))
    assert lines(p, "S4") == [f"{at(p, '等级: 优', 1, 4)}: 错误 [S4] 等级: 等级应为河北省规定的 优秀、良好、一般、较差 之一，实际为“优”"]
    p2 = write(MINIMAL.replace("national", "hebei") + INDICATORS.replace("等级: 优", "等级: 优秀"), "ok.yaml")
    assert lines(p2, "S4") == []


def test_s5_deduction_reason_required(write):
    p = write(MINIMAL + INDICATORS.replace(", 扣分原因: 效益指标量化不足", ""))
    assert lines(p, "S5") == [f"{at(p, '得分: 9}', 1, 4)}: 错误 [S5] 绩效指标[4].下级[1].得分: “履职效益”扣了 1 分（分值 10，得分 9），必须填写扣分原因"]
    # a 自评表's 偏差原因分析及改进措施 column is the reason too
    p2 = write(MINIMAL + INDICATORS.replace("扣分原因: 效益指标量化不足", "偏差原因分析及改进措施: 效益指标量化不足，下年细化"), "dev.yaml")
    assert lines(p2, "S5") == []


def test_s6_counts_and_table_rows(write):
    ok = FOSHAN_TREE.replace("{名称: 重点工作完成率, 分值: 10, 得分: 10}", "{名称: 重点工作完成率, 分值: 10, 得分: 10, 计划数: 2, 完成数: 2, 完成率: 100%}")
    tasks = "重点工作:\n  - {工作任务: 甲, 完成情况: 已完成。}\n  - {工作任务: 乙, 完成情况: 已完成。}\n"
    assert lines(write(ok + tasks), "S6") == []
    bad = ok.replace("计划数: 2, 完成数: 2, 完成率: 100%", "计划数: 3, 完成数: 2, 完成率: 100%")
    p = write(bad + tasks, "bad.yaml")
    out = lines(p, "S6")
    assert f"{at(p, '100%')}: 错误 [S6] 绩效指标[2].下级[1].完成率: 完成率应为 完成数 2 ÷ 计划数 3 = 66.67%，实际填写 100%" in out
    assert f"{at(p, '计划数: 3', 1, 5)}: 错误 [S6] 绩效指标[2].下级[1].计划数: 计划数应等于重点工作完成情况表的行数 2，实际填写 3" in out


def test_s7_formula_scored_indicator(write):
    ok = FOSHAN_TREE.replace("{名称: 公众或服务对象满意度, 分值: 5, 得分: 5}", "{名称: 公众或服务对象满意度, 分值: 5, 得分: 5, 实际值: 98.01, 指标值: 100}")
    assert lines(write(ok), "S7") == []
    p = write(ok.replace("实际值: 98.01", "实际值: 80"), "bad.yaml")
    assert lines(p, "S7") == [f"{at(p, '得分: 5, 实际值', 1, 4)}: 错误 [S7] 绩效指标[2].下级[5].得分: “公众或服务对象满意度”按比率规则应得 4.44 分（实际值 80 ÷ 指标值 100 = 80%，未达到满分线 90%：80% ÷ 90% × 分值 5，按公式得 4.4444…，四舍五入保留两位小数为 4.44），实际填写 5 分"]


def test_s7_execution_rate_rule(write):
    exp = "支出:\n  合计: {调整预算数: 100.00, 决算数: 80.00}\n  执行率说明: 项目延期\n"
    p = write(FOSHAN_TREE + exp)
    assert lines(p, "S7") == [f"{at(p, '支出率, 分值: 10, 得分: 10', 1, 17)}: 错误 [S7] 绩效指标[2].下级[3].得分: “部门预算资金支出率”按执行率规则应得 8.42 分（预算执行率 = 决算数 80.00 ÷ 调整预算数 100.00 = 80.00%，未达到满分线 95%：80.00% ÷ 95% × 分值 10，按公式得 8.421…，四舍五入保留两位小数为 8.42），实际填写 10 分"]


def test_s8_qualitative_band(write):
    ok = MINIMAL + INDICATORS.replace("{名称: 履职效益, 分值: 10, 得分: 9, 扣分原因: 效益指标量化不足}", "{名称: 履职效益, 分值: 10, 得分: 9, 扣分原因: 效益指标量化不足, 评价档次: 达成}")
    assert lines(write(ok), "S8") == []
    p = write(ok.replace("评价档次: 达成", "评价档次: 部分达成"), "bad.yaml")
    assert lines(p, "S8") == [f"{at(p, '得分: 9,', 1, 4)}: 错误 [S8] 绩效指标[4].下级[1].得分: 评价档次“部分达成”的得分应在分值的 60%–80% 之间，即 [6, 8)，实际为 9"]


def test_s9_total_without_breakdown(write):
    assert lines(write(MINIMAL), "S9") == []
    p = write(MINIMAL + "总分: 93.4\n等级: 优\n", "bad.yaml")
    assert lines(p, "S9") == [f"{at(p, '总分: 93.4', 1, 4)}: 错误 [S9] 总分: 填写了总分 93.4，但没有“绩效指标”得分明细，总分无法核实：请按指标体系填写各指标得分"]


def test_s10_projects_without_department_total(write):
    projects = "项目自评:\n  - {项目名称: 会议费, 自评得分: 100, 评价等级: 优}\n"
    assert lines(write(MINIMAL + INDICATORS + projects), "S10") == []
    p = write(MINIMAL + projects, "bad.yaml")
    assert lines(p, "S10") == [f"{at(p, '  - {项目名称', 1, 2)}: 错误 [S10] 项目自评: 只有项目自评得分，没有部门整体支出的总分和等级：请填写“绩效指标”得分（以及总分、等级）"]


def test_s11_precision_and_full_mark_wording(write):
    assert lines(write(MINIMAL + INDICATORS), "S11") == []
    p = write(MINIMAL.replace("负责某某工作。", "自评总分100分，自评得分98分。") + INDICATORS.replace("总分: 98", "总分: 98.00"), "bad.yaml")
    out = lines(p, "S11")
    assert f"{at(p, '总分: 98.00', 1, 4)}: 警告 [S11] 总分: 总分的小数位数应不超过 1 位（全国通用），实际为“98.00”" in out
    assert f"{at(p, '自评总分100分')}: 警告 [S11] 部门职能: “自评总分100分”混淆了满分和得分：应写“满分100分，自评得分N分”" in out
