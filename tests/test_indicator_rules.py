"""Every indicator scored: questionnaire-declared rules, the 每项须有规则 setting, flat lists,
the 资金执行情况 block, and totals printed as stated under the profile's precision."""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from authoring.init import blank_questionnaire
from authoring.jurisdiction.profile import TEMPLATES_DIR
from authoring.jurisdiction.scoring import matches
from authoring.pipeline import check_file
from authoring.questionnaire.numbers import score
from authoring.report.context import build_context
from conftest import MINIMAL, at

OWN = """\
绩效指标:
  - 名称: 产出
    分值: 60
    下级:
      - {名称: 培训人次, 分值: 20, 得分: 18.33, 规则: 比率, 指标值: "≥600人次", 实际值: 550人次, 扣分原因: 部分培训延期}
      - {名称: 办结时长, 分值: 10, 得分: 8, 规则: 比率, 方向: 反向, 指标值: "≤10天", 实际值: 12天, 扣分原因: 个别事项超时}
      - {名称: 重点任务完成率, 分值: 30, 得分: 27.27, 规则: 完成率, 计划数: 11, 完成数: 10, 扣分原因: 一项任务未完成}
  - 名称: 效益
    分值: 40
    下级:
      - {名称: 社会效益, 分值: 30, 得分: 27, 规则: 定性, 评价档次: 达成, 扣分原因: 量化不足}
      - {名称: 服务对象满意度, 分值: 10, 得分: 10, 规则: 比率, 指标值: "≥90%", 实际值: 95%}
总分: 90.6
等级: 优
"""


def lines(path, *rules, templates_dir=TEMPLATES_DIR) -> list[str]:
    result = check_file(path, templates_dir)
    return [f.format() for f in result.findings if not rules or f.rule in rules]


def own(write, old: str = "", new: str = "", name: str = "q.yaml"):
    text = MINIMAL + OWN
    if old:
        assert old in text, old
        text = text.replace(old, new)
    return write(text, name)


# --- rules a questionnaire declares for its own indicators ------------------------------------------


def test_declared_rules_recompute_right_scores_without_findings(write):
    p = own(write)
    assert lines(p) == []
    a = check_file(p).assessment
    assert [(leaf.name, leaf.rule, leaf.origin, score(leaf.expected)) for leaf in a.leaves()] == [
        ("培训人次", "比率", "问卷", "18.33"), ("办结时长", "比率", "问卷", "8"),
        ("重点任务完成率", "完成率", "问卷", "27.27"), ("社会效益", "定性", "问卷", ""),
        ("服务对象满意度", "比率", "问卷", "10")]


def test_declared_forward_ratio_wrong_score(write):
    p = own(write, "得分: 18.33", "得分: 19")
    assert lines(p, "S7") == [
        f"{at(p, '得分: 19', 1, 4)}: 错误 [S7] 绩效指标[1].下级[1].得分: “培训人次”按比率规则应得 18.33 分（正向指标，实际值 550 未达到指标值 600："
        "550 ÷ 600 × 分值 20，按公式得 18.3333…，四舍五入保留两位小数为 18.33），实际填写 19 分"]


def test_declared_forward_ratio_reaching_its_target_gets_full_marks(write):
    p = own(write, "得分: 10, 规则: 比率, 指标值: \"≥90%\", 实际值: 95%", "得分: 9, 规则: 比率, 指标值: \"≥90%\", 实际值: 95%, 扣分原因: 无")
    assert lines(p, "S7") == [
        f"{at(p, '得分: 9,', 1, 4)}: 错误 [S7] 绩效指标[2].下级[2].得分: “服务对象满意度”按比率规则应得 10 分（正向指标，实际值 95 达到指标值 90，得满分 10），实际填写 9 分"]


def test_declared_reverse_ratio_wrong_score(write):
    p = own(write, "得分: 8, 规则: 比率", "得分: 9, 规则: 比率")
    assert lines(p, "S7") == [
        f"{at(p, '得分: 9, 规则', 1, 4)}: 错误 [S7] 绩效指标[1].下级[2].得分: “办结时长”按比率规则应得 8 分（反向指标，实际值 12 超过指标值 10："
        "(1 − (12 − 10) ÷ 10) × 分值 10 = 8），实际填写 9 分"]


def test_reverse_ratio_at_twice_the_target_scores_zero_and_direction_is_read_from_the_target(write):
    p = own(write, "方向: 反向, 指标值: \"≤10天\", 实际值: 12天", "指标值: \"≤10天\", 实际值: 20天")
    assert lines(p, "S7") == [
        f"{at(p, '得分: 8, 规则', 1, 4)}: 错误 [S7] 绩效指标[1].下级[2].得分: “办结时长”按比率规则应得 0 分（反向指标，实际值 20 达到指标值 10 的 2 倍及以上，得 0 分），实际填写 8 分"]


def test_a_zero_target_is_met_only_by_zero(write):
    p = own(write, "方向: 反向, 指标值: \"≤10天\", 实际值: 12天", "指标值: \"=0起\", 实际值: 1起")
    assert lines(p, "S7") == [
        f"{at(p, '得分: 8, 规则', 1, 4)}: 错误 [S7] 绩效指标[1].下级[2].得分: “办结时长”按比率规则应得 0 分（指标值为 0，实际值 1 大于 0，得 0 分），实际填写 8 分"]


def test_declared_completion_rate_wrong_score(write):
    p = own(write, "得分: 27.27", "得分: 30")
    assert lines(p, "S7") == [
        f"{at(p, '得分: 30', 1, 4)}: 错误 [S7] 绩效指标[1].下级[3].得分: “重点任务完成率”按完成率规则应得 27.27 分（完成数 10 ÷ 计划数 11 × 分值 30，"
        "按公式得 27.2727…，四舍五入保留两位小数为 27.27），实际填写 30 分"]


def test_declared_qualitative_rule_checks_the_band_and_needs_one(write):
    p = own(write, "评价档次: 达成", "评价档次: 部分达成")
    assert lines(p, "S8") == [
        f"{at(p, '得分: 27,', 1, 4)}: 错误 [S8] 绩效指标[2].下级[1].得分: 评价档次“部分达成”的得分应在分值的 60%–80% 之间，即 [18, 24)，实际为 27"]
    p = own(write, ", 评价档次: 达成", "", "no_band.yaml")
    assert lines(p, "S8") == [
        f"{at(p, '{名称: 社会效益')}: 错误 [S8] 绩效指标[2].下级[1].评价档次: “社会效益”：定性规则按评价档次复核得分：请填写评价档次（达成、部分达成、未达成）"]


def test_numbers_a_rule_cannot_read_are_located_errors(write):
    p = own(write, "实际值: 550人次", "实际值: 约五百人次")
    assert lines(p, "S7") == [
        f"{at(p, '约五百人次')}: 错误 [S7] 绩效指标[1].下级[1].实际值: “培训人次”：无法从实际值“约五百人次”读出数字：比率规则按数字计算得分，请写成如 98.01%、11项"]
    p = own(write, ", 指标值: \"≥600人次\"", "", "no_target.yaml")
    assert lines(p, "S7") == [
        f"{at(p, '{名称: 培训人次')}: 错误 [S7] 绩效指标[1].下级[1].指标值: “培训人次”：比率规则按实际值和指标值计算得分：请填写指标值（如 ≥90%、11项）"]
    p = own(write, "计划数: 11, ", "", "no_plan.yaml")
    assert lines(p, "S7") == [
        f"{at(p, '{名称: 重点任务完成率')}: 错误 [S7] 绩效指标[1].下级[3].计划数: “重点任务完成率”：完成率规则按 完成数 ÷ 计划数 × 分值 复核得分：请填写计划数"]


def test_threshold_rule_needs_the_profiles_table(write):
    p = own(write, "规则: 完成率", "规则: 阈值")
    assert lines(p, "S7") == [
        f"{at(p, '阈值')}: 错误 [S7] 绩效指标[1].下级[3].规则: “重点任务完成率”：阈值规则的分档写在地区规则的阈值表中，问卷不能单独使用阈值规则：请改用比率、完成率、执行率或定性"]


def test_a_rule_on_a_group_is_a_warning(write):
    p = own(write, "  - 名称: 效益\n    分值: 40\n", "  - 名称: 效益\n    分值: 40\n    规则: 定性\n")
    assert lines(p, "S7") == [
        f"{at(p, '规则: 定性', 1, 4)}: 警告 [S7] 绩效指标[2].规则: 规则只对末级指标起作用：“效益”有下级指标，请把规则填在下级指标上"]


# --- when the profile names the indicator, its rule wins -------------------------------------------------

FOSHAN = """\
地区: foshan
年度: 2021
部门全称: 佛山测试办公室
部门简称: 测试办
部门职能: 负责测试。
年度总体工作和重点工作任务: 测试。
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
      - {名称: 公众或服务对象满意度, 分值: 5, 得分: 5, 实际值: 98.01, 指标值: 100}
总分: 100
等级: 优
"""


def test_a_rule_contradicting_a_fixed_profile_is_a_located_error(write):
    p = write(FOSHAN.replace("{名称: 部门预算资金支出率, 分值: 10, 得分: 10}", "{名称: 部门预算资金支出率, 分值: 10, 得分: 10, 规则: 比率}"))
    assert lines(p, "S1", "S7") == [
        f"{at(p, '比率')}: 错误 [S1] 绩效指标[2].下级[3].规则: “部门预算资金支出率”的评分规则应为“执行率”（佛山市（市级）指标体系），实际填写“比率”"]
    assert check_file(p).assessment.leaves()[7].rule == "执行率"


def test_a_rule_contradicting_an_open_profile_is_overruled_with_a_warning(write):
    p = write(MINIMAL.replace("national", "guangzhou") + """\
绩效指标:
  - 名称: 履职效能
    分值: 100
    下级:
      - {名称: 履职效益, 分值: 100, 得分: 100, 规则: 比率, 指标值: 100%, 实际值: 90%}
""")
    assert lines(p, "S1", "S7") == [
        f"{at(p, '比率')}: 警告 [S7] 绩效指标[1].下级[1].规则: “履职效益”按广州市规则的评分规则“定性”复核，问卷填写的“比率”未采用"]


# --- 每项须有规则 -------------------------------------------------------------------------------------

STRICT = """\
名称: 严格市
继承: national
设置:
  每项须有规则: true
"""

UNRULED = """\
绩效指标:
  - 名称: 产出
    分值: 60
    下级:
      - {名称: 培训人次, 分值: 30, 得分: 30}
      - {名称: 信息报送, 分值: 30, 得分: 30, 规则: 手工}
  - 名称: 效果
    分值: 40
    下级:
      - {名称: 履职效益, 分值: 40, 得分: 40}
总分: 100
等级: 优
"""


@pytest.fixture
def strict_templates(tmp_path):
    root = tmp_path / "templates"
    (root / "strict").mkdir(parents=True)
    (root / "strict" / "profile.yaml").write_text(STRICT, encoding="utf-8")
    (root / "national").symlink_to(TEMPLATES_DIR / "national")
    return root


def test_every_leaf_must_have_a_rule_when_the_profile_says_so(write, strict_templates):
    assert lines(write(MINIMAL + UNRULED, "open.yaml"), "S7", "S8") == []
    p = write(MINIMAL.replace("national", "strict") + UNRULED)
    need = "请填写规则：定性、完成率、执行率、比率或项目加权（手工不算）"
    assert lines(p, "S7", "S8", templates_dir=strict_templates) == [
        f"{at(p, '{名称: 培训人次')}: 错误 [S7] 绩效指标[1].下级[1].规则: “培训人次”没有评分规则：严格市要求每个末级指标的得分都按规则复核（设置“每项须有规则”），{need}",
        f"{at(p, '手工')}: 错误 [S7] 绩效指标[1].下级[2].规则: “信息报送”没有评分规则：严格市要求每个末级指标的得分都按规则复核（设置“每项须有规则”），{need}",
        # 履职效益 has the profile's 定性 rule; under the setting its missing 评价档次 is an error too
        f"{at(p, '{名称: 履职效益')}: 错误 [S8] 绩效指标[2].下级[1].评价档次: “履职效益”：定性规则按评价档次复核得分：请填写评价档次（达成、部分达成、未达成）",
    ]


def test_init_says_how_scores_are_rounded():
    text = blank_questionnaire("national")
    assert "# - 按公式得出的得分四舍五入保留两位小数，如按公式得 4.437，四舍五入保留两位小数为 4.44。" in text
    assert "# - 总分和上级指标得分按四舍五入保留 1 位小数复核，报告印所填写的数；不填则印计算结果（四舍五入保留 1 位小数）。" in text
    assert "        # 规则：执行率；按公式得出的得分四舍五入保留两位小数" in text
    assert "# - 总分和上级指标得分按四舍五入取整数复核" in blank_questionnaire("foshan")


# --- flat lists --------------------------------------------------------------------------------------

FOSHAN_FLAT = FOSHAN.split("绩效指标:")[0] + """\
绩效指标:
  - {一级指标: 管理效率, 名称: 预算管理, 分值: 10, 得分: 10}
  - {一级指标: 管理效率, 名称: 绩效管理, 分值: 8, 得分: 8}
  - {一级指标: 管理效率, 名称: 财务管理, 分值: 19, 得分: 19}
  - {一级指标: 管理效率, 名称: 项目管理, 分值: 8, 得分: 8}
  - {一级指标: 履职效能, 名称: 重点工作完成率, 分值: 10, 得分: 10}
  - {一级指标: 履职效能, 名称: 项目绩效目标完成率, 分值: 10, 得分: 10}
  - {一级指标: 履职效能, 名称: 部门预算资金支出率, 分值: 10, 得分: 10}
  - {一级指标: 履职效能, 名称: 社会经济生态效益, 分值: 15, 得分: 15}
  - {一级指标: 履职效能, 名称: 公众或服务对象满意度, 分值: 5, 得分: 5, 实际值: 98.01, 指标值: 100}
  - {一级指标: 管理效率, 名称: 资产管理, 分值: 5, 得分: 5}
总分: 100
等级: 优
"""


def _shape(items) -> list:
    return [(i.name, score(i.weight), score(i.score), i.rule, score(i.expected), _shape(i.children)) for i in items]


def _messages(path) -> list[str]:
    return [f"{f.severity.value} [{f.rule}] {f.message}" for f in check_file(path).findings]


def test_a_flat_list_gives_the_same_assessment_as_the_tree(write):
    tree, flat = write(FOSHAN, "tree.yaml"), write(FOSHAN_FLAT, "flat.yaml")
    a, b = check_file(tree).assessment, check_file(flat).assessment
    # grouped in order of first appearance: 资产管理 comes last but joins 管理效率
    assert _shape(b.indicators) == _shape(a.indicators)
    assert (b.total, b.grade) == (a.total, a.grade) == (D(100), "优")
    assert _messages(flat) == _messages(tree) == []


def test_findings_on_a_flat_list_point_at_its_items(write):
    p = write(FOSHAN_FLAT.replace("名称: 项目管理, 分值: 8", "名称: 项目管里, 分值: 8")
              .replace("名称: 资产管理, 分值: 5, 得分: 5", "名称: 资产管理, 分值: 6, 得分: 5, 扣分原因: 盘点不及时")
              .replace("实际值: 98.01", "实际值: 80"))
    assert lines(p, "S1", "S7") == [
        f"{at(p, '管理效率')}: 错误 [S1] 绩效指标[1].一级指标: 指标“管理效率”的分值应为 50（佛山市（市级）指标体系），其末级指标分值之和为 51",
        f"{at(p, '管理效率')}: 错误 [S1] 绩效指标[1].一级指标: 缺少佛山市（市级）指标体系中的指标：项目管理",
        f"{at(p, '分值: 10', 1, 4)}: 错误 [S1] 绩效指标[1].分值: 末级指标分值之和应为 100，实际为 10 + 8 + 19 + 8 + 6 + 10 + 10 + 10 + 15 + 5 = 101",
        f"{at(p, '项目管里')}: 错误 [S1] 绩效指标[4].名称: 指标“项目管里”不在佛山市（市级）指标体系中，是否想写“项目管理”？该级应为：预算管理、绩效管理、财务管理、项目管理、资产管理",
        f"{at(p, '得分: 5, 实际值', 1, 4)}: 错误 [S7] 绩效指标[9].得分: “公众或服务对象满意度”按比率规则应得 4.44 分（实际值 80 ÷ 指标值 100 = 80%，"
        "未达到满分线 90%：80% ÷ 90% × 分值 5，按公式得 4.4444…，四舍五入保留两位小数为 4.44），实际填写 5 分",
        f"{at(p, '分值: 6', 1, 4)}: 错误 [S1] 绩效指标[10].分值: 指标“资产管理”的分值应为 5（佛山市（市级）指标体系），实际为 6",
    ]


def test_flat_items_with_second_level_groups(write):
    p = write(MINIMAL + """\
绩效指标:
  - {一级指标: 产出指标, 二级指标: 数量指标, 名称: 培训人次, 分值: 30, 得分: 30}
  - {一级指标: 效益指标, 二级指标: 社会效益指标, 名称: 政策知晓率, 分值: 30, 得分: 30}
  - {一级指标: 产出指标, 二级指标: 质量指标, 名称: 合格率, 分值: 20, 得分: 20}
  - {一级指标: 产出指标, 二级指标: 数量指标, 名称: 调研次数, 分值: 10, 得分: 10}
  - {一级指标: 满意度指标, 名称: 服务对象满意度, 分值: 10, 得分: 10}
总分: 100
等级: 优
""")
    a = check_file(p).assessment
    assert [(i.name, str(i.weight), [(c.name, str(c.weight), [g.name for g in c.children]) for c in i.children]) for i in a.indicators] == [
        ("产出指标", "60", [("数量指标", "40", ["培训人次", "调研次数"]), ("质量指标", "20", ["合格率"])]),
        ("效益指标", "30", [("社会效益指标", "30", ["政策知晓率"])]),
        ("满意度指标", "10", [("服务对象满意度", "10", [])]),
    ]
    assert lines(p, "S1", "S2", "S3") == []


def test_mixing_flat_and_tree_items_is_a_located_error(write):
    p = write(MINIMAL + """\
绩效指标:
  - {一级指标: 产出指标, 名称: 培训人次, 分值: 50, 得分: 50}
  - 名称: 效益指标
    分值: 50
    下级:
      - {名称: 社会效益, 分值: 50, 得分: 50}
""")
    assert lines(p, "S1") == [
        f"{at(p, '名称: 效益指标', 1, 4)}: 错误 [S1] 绩效指标[2].名称: 绩效指标的平铺写法和树形写法不能混用：第1项是平铺写法（每项填一级指标），本项是树形写法，请统一"]


# --- the 资金执行情况 block ------------------------------------------------------------------------------

FUNDING = """\
资金执行情况:
  分项:
    - {名称: 年度资金总额, 年初预算数: 100.00, 全年预算数: 120.00, 全年执行数: 118.55}
  分值: 10
  得分: 9.88
绩效指标:
  - 名称: 产出
    分值: 50
    下级:
      - {名称: 培训人次, 分值: 50, 得分: 50}
  - 名称: 效益
    分值: 40
    下级:
      - {名称: 社会效益, 分值: 40, 得分: 38, 扣分原因: 量化不足}
总分: 97.9
等级: 优
"""


def test_the_funding_block_counts_as_the_indicator_预算执行率(write):
    p = write(MINIMAL + FUNDING)
    result = check_file(p)
    # 97.88 is 97.9 at one place; its second decimal is the rule's own (9.88, verified): no tail to name
    assert [f.format() for f in result.findings if f.rule.startswith("S")] == []
    a = result.assessment
    assert [(i.name, score(i.weight), score(i.score), i.funding) for i in a.indicators] == [
        ("预算执行率", "10", "9.88", True), ("产出", "50", "50", False), ("效益", "40", "38", False)]
    assert (a.computed_total, a.total, a.grade) == (D("97.88"), D("97.9"), "优")
    table = next(b for b in build_context(result)["正文"] if b.get("种类") == "指标得分表")
    assert [r["格"] for r in table["行"]][0] == ["预算执行率", "", "10", "9.88", ""]
    assert table["行"][-1]["格"][:4] == ["合计", "", "100", "97.9"]


def test_the_funding_block_score_is_recomputed(write):
    p = write(MINIMAL + FUNDING.replace("得分: 9.88", "得分: 10").replace("总分: 97.9", "总分: 98"))
    assert lines(p, "S7") == [
        f"{at(p, '得分: 10', 1, 4)}: 错误 [S7] 资金执行情况.得分: “预算执行率”按执行率规则应得 9.88 分（执行率 = 全年执行数 118.55 ÷ 全年预算数 120.00 = 98.79%，"
        "98.79% × 分值 10，按公式得 9.879，四舍五入保留两位小数为 9.88），实际填写 10 分"]


def test_the_funding_block_weight_counts_toward_100_and_needs_a_score(write):
    p = write(MINIMAL + FUNDING.replace("分值: 10\n", "分值: 15\n").replace("  得分: 9.88\n", ""))
    assert lines(p, "S1", "S2") == [
        f"{at(p, '分值: 15', 1, 4)}: 错误 [S2] 资金执行情况.分值: 资金执行情况填了分值 15，计入总分，缺少得分（应在 0 到 15 之间）",
        f"{at(p, '分值: 50', 1, 4)}: 错误 [S1] 绩效指标[1].分值: 一级指标和资金执行情况的分值之和应为 100，实际为 15 + 50 + 40 = 105",
    ]
    p = write(MINIMAL + FUNDING.replace("  分值: 10\n", ""), "no_weight.yaml")
    assert lines(p, "S2") == [f"{at(p, '得分: 9.88', 1, 4)}: 错误 [S2] 资金执行情况.得分: 资金执行情况填了得分 9.88，但没有分值：填写分值才能计入总分"]


def test_the_funding_block_is_the_profiles_execution_indicator_when_there_is_one(write):
    p = write(MINIMAL.replace("national", "guangzhou") + """\
年度总体工作和重点工作任务: 测试。
资金执行情况:
  分项:
    - {名称: 年度资金总额, 全年预算数: 100.00, 全年执行数: 90.00}
  分值: 15
  得分: 12
绩效指标:
  - 名称: 履职效能
    分值: 50
    下级:
      - {名称: 预算执行率, 分值: 15, 得分: 13.5, 扣分原因: 执行率 90%}
      - {名称: 履职效益, 分值: 35, 得分: 35}
  - 名称: 管理效率
    分值: 50
    下级:
      - {名称: 预算管理, 分值: 50, 得分: 50}
总分: 98.5
等级: 优
""")
    result = check_file(p)
    assert [i.name for i in result.assessment.indicators] == ["履职效能", "管理效率"]  # not counted twice
    assert [f.format() for f in result.findings if f.rule.startswith("S")] == [
        f"{at(p, '得分: 12', 1, 4)}: 错误 [S3] 资金执行情况.得分: 预算执行率已作为指标“预算执行率”（绩效指标[1].下级[1]）计入总分，资金执行情况的得分应与之相同，为 13.5，实际为 12"]


# --- precision: what is printed is what was checked ---------------------------------------------------

PRECISE = """\
绩效指标:
  - 名称: 投入
    分值: 10
    下级:
      - {名称: 目标设定, 分值: 5, 得分: 4.61, 扣分原因: 指标量化不足}
      - {名称: 预算配置, 分值: 5, 得分: 5}
  - 名称: 过程
    分值: 60
    下级:
      - {名称: 预算执行, 分值: 30, 得分: 30}
      - {名称: 预算管理, 分值: 20, 得分: 19, 扣分原因: 个别制度未及时修订}
      - {名称: 资产管理, 分值: 10, 得分: 10}
  - 名称: 产出
    分值: 20
    下级:
      - {名称: 职责履行, 分值: 20, 得分: 18, 扣分原因: 一项任务延期}
  - 名称: 效果
    分值: 10
    下级:
      - {名称: 履职效益, 分值: 10, 得分: 9, 扣分原因: 效益指标量化不足}
总分: 95.6
等级: 优
"""


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_the_stated_total_is_printed_not_the_recomputed_one(write):
    from authoring.render.docx import render_docx
    from authoring.render.pdf import render_pdf

    p = write(MINIMAL + PRECISE)
    result = check_file(p)
    assert [f.format() for f in result.findings if f.rule.startswith("S")] == [
        f"{at(p, '总分: 95.6', offset=4)}: 警告 [S3] 总分: 总分 95.6 是各指标得分之和 9.61 + 59 + 18 + 9 = 95.61 "
        "四舍五入保留 1 位小数（本地区分数小数位），复核无误，报告印 95.6；与各项得分之和有 0.01 的尾差，来自小数位多于它的得分“目标设定”4.61，请核对"]
    assert (result.assessment.computed_total, result.assessment.total) == (D("95.61"), D("95.6"))
    context = build_context(result)
    assert context["总分"] == "95.6"
    docx = _docx_text(render_docx(context, result.profile))
    pdf = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(context, result.profile))).pages))
    for text in (docx, pdf):
        assert "部门整体支出绩效自评得分95.6分，评级为“优”" in text
        assert "95.61" not in text
    assert "合计10095.6" in pdf  # the score table's total row


def test_without_a_stated_total_the_computed_one_is_printed_rounded(write):
    p = write(MINIMAL + PRECISE.replace("总分: 95.6\n", ""))
    result = check_file(p)
    assert (result.assessment.computed_total, result.assessment.total) == (D("95.61"), D("95.6"))
    assert "自评得分95.6分" in "".join(b.get("文字", "") for b in build_context(result)["正文"])


def test_a_stated_total_is_checked_under_the_profiles_rounding(write):
    p = write(MINIMAL + PRECISE.replace("总分: 95.6", "总分: 96"))
    assert lines(p, "S3") == [
        f"{at(p, '总分: 96', 1, 4)}: 错误 [S3] 总分: 总分应为各指标得分之和 9.61 + 59 + 18 + 9 = 95.61（保留 1 位小数为 95.6），实际填写 96"]


@pytest.mark.parametrize("stated, computed, places, ok", [
    ("95.6", "95.61", 1, True), ("96", "95.61", 1, False), ("96", "95.61", 0, True),
    ("95.61", "95.61", 1, True), ("95.60", "95.61", 1, False), ("10", "9.88", 1, False), ("9.9", "9.88", 1, True),
])
def test_matches_under_the_profiles_places(stated, computed, places, ok):
    assert matches(D(stated), D(computed), places) is ok


def test_a_stated_group_score_is_checked_under_the_profiles_rounding(write):
    p = write(MINIMAL + textwrap.dedent(PRECISE).replace("  - 名称: 投入\n    分值: 10\n", "  - 名称: 投入\n    分值: 10\n    得分: 9.6\n"))
    result = check_file(p)
    assert lines(p, "S3") == [
        f"{at(p, '得分: 9.6', offset=4)}: 警告 [S3] 绩效指标[1].得分: “投入”得分 9.6 是下级得分之和 4.61 + 5 = 9.61 "
        "四舍五入保留 1 位小数（本地区分数小数位），复核无误，报告印 9.6；与各项得分之和有 0.01 的尾差，来自小数位多于它的得分“目标设定”4.61，请核对",
        f"{at(p, '总分: 95.6', offset=4)}: 警告 [S3] 总分: 总分 95.6 是各指标得分之和 9.61 + 59 + 18 + 9 = 95.61 "
        "四舍五入保留 1 位小数（本地区分数小数位），复核无误，报告印 95.6；与各项得分之和有 0.01 的尾差，来自小数位多于它的得分“目标设定”4.61，请核对"]
    assert result.assessment.indicators[0].score == D("9.6")


def test_the_grade_follows_the_printed_total(write):
    just_under = PRECISE.replace("得分: 18, 扣分原因: 一项任务延期", "得分: 12.35, 扣分原因: 一项任务延期")
    a = check_file(write(MINIMAL + just_under.replace("总分: 95.6\n等级: 优\n", ""))).assessment
    assert (a.computed_total, a.total, a.grade) == (D("89.96"), D("90.0"), "优")  # 89.96 is 90.0 with one place
    a = check_file(write(MINIMAL + just_under.replace("总分: 95.6\n等级: 优\n", "总分: 89.96\n"), "stated.yaml")).assessment
    assert (a.total, a.grade) == (D("89.96"), "良")
