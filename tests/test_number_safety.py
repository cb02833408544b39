"""Issue 8, items 3, 4 and 11: the figures that slipped through.

Rounding under the profile's 分数小数位 (one rounding, the stated total printed), a 0.01 tail only
where amounts were rounded one by one, scores and amounts in range and sign, rates written in the
narrative (M15), digits other than 0–9, and numbers too long for any report: each a located
Chinese finding, never an internal error (exit 4).
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from authoring.cli import main
from authoring.pipeline import check_file
from authoring.questionnaire.numbers import MAX_DIGITS_IN_TEXT, MAX_INTEGER_DIGITS, round_half_up
from authoring.report.context import build_context
from authoring.report.wording import wording_values
from conftest import MINIMAL, MONEY_HEAD, at, make_templates


def _lines(result, *rules: str) -> list[str]:
    return [f.format() for f in result.findings if not rules or f.rule in rules]


def _templates(tmp_path, places: int):
    name = f"places{places}"
    root = make_templates(tmp_path, {name: f"名称: {places}位小数地区\n继承: national\n设置:\n  分数小数位: {places}\n"})
    return name, root


def _two_leaves(profile: str, first: str, second: str, total: str) -> str:
    return MINIMAL.replace("地区: national", f"地区: {profile}") + (
        "绩效指标:\n"
        f"  - {{名称: 履职效能, 分值: 50, 得分: {first}, 扣分原因: 个别任务延期}}\n"
        f"  - {{名称: 管理效率, 分值: 50, 得分: {second}, 扣分原因: 制度执行不到位}}\n"
        f"总分: {total}\n")


# ---------------------------------------------------------------- 1. rounding (item 3)

@pytest.mark.parametrize("places, first, second, stated, exact", [
    (1, "49.75", "49.76", "99.5", "99.51"),
    (0, "49.7", "49.7", "99", "99.4"),
    (2, "49.755", "49.756", "99.51", "99.511"),
])
def test_a_total_right_once_rounded_is_accepted_and_printed_as_stated(write, tmp_path, places, first, second, stated, exact):
    profile, root = _templates(tmp_path, places)
    p = write(_two_leaves(profile, first, second, stated))
    result = check_file(p, root)
    assert [f.format() for f in result.errors] == []
    diff = D(exact) - D(stated)
    assert _lines(result, "S3") == [
        f"{at(p, '总分: ' + stated, offset=4)}: 警告 [S3] 总分: 总分 {stated} 是各指标得分之和 {first} + {second} = {exact} "
        f"四舍五入保留 {places} 位小数（本地区分数小数位），复核无误，报告印 {stated}；与各项得分之和有 {diff} 的尾差，"
        f"来自小数位多于它的得分“履职效能”{first}、“管理效率”{second}，请核对"]
    assert (result.assessment.computed_total, result.assessment.total) == (D(exact), D(stated))
    context = build_context(result)
    assert context["总分"] == stated
    words = wording_values(result.loaded.questionnaire, result.profile.profile, result.assessment)
    assert words["总分"] == stated
    sentences = "".join(b.get("文字", "") for b in context["正文"])
    assert f"自评得分{stated}分" in sentences
    table = next(b for b in context["正文"] if b.get("种类") == "指标得分表")
    assert table["行"][-1]["格"][:4] == ["合计", "", "100", stated]


@pytest.mark.parametrize("places, first, second, stated, exact, rounded", [
    (1, "49.75", "49.81", "99.5", "99.56", "99.6"),
    (0, "49.7", "49.8", "99", "99.5", "100"),
    (2, "49.755", "49.761", "99.51", "99.516", "99.52"),
    # one rounding, not two: 99.445 is 99.4 at one place (through 99.45 it would be 99.5)
    (1, "49.725", "49.72", "99.5", "99.445", "99.4"),
])
def test_a_total_wrong_once_rounded_is_an_error_naming_the_right_one(write, tmp_path, places, first, second, stated, exact, rounded):
    profile, root = _templates(tmp_path, places)
    p = write(_two_leaves(profile, first, second, stated))
    result = check_file(p, root)
    assert _lines(result, "S3") == [
        f"{at(p, '总分: ' + stated, offset=4)}: 错误 [S3] 总分: 总分应为各指标得分之和 {first} + {second} = {exact}"
        f"（保留 {places} 位小数为 {rounded}），实际填写 {stated}"]
    assert result.assessment.total == D(rounded)


def test_the_stated_total_is_what_docx_and_pdf_print(write):
    from authoring.render.docx import render_docx
    from authoring.render.pdf import render_pdf

    result = check_file(write(_two_leaves("national", "49.75", "49.76", "99.5") + "等级: 优\n"))
    assert result.errors == []
    context = build_context(result)
    with zipfile.ZipFile(io.BytesIO(render_docx(context, result.profile))) as z:
        docx = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/document.xml").decode()))
    pdf = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(context, result.profile))).pages))
    for text in (docx, pdf):
        assert "自评得分99.5分" in text
        assert "99.51" not in text


def test_a_group_score_follows_the_same_rule(write, tmp_path):
    body = (MINIMAL + "绩效指标:\n"
            "  - 名称: 投入\n    分值: 50\n    得分: 49.5\n    下级:\n"
            "      - {名称: 目标设定, 分值: 25, 得分: 24.75, 扣分原因: 量化不足}\n"
            "      - {名称: 预算配置, 分值: 25, 得分: 24.81, 扣分原因: 调整较多}\n"
            "  - {名称: 产出, 分值: 50, 得分: 50}\n")
    p = write(body)
    assert _lines(check_file(p), "S3") == [
        f"{at(p, '得分: 49.5', offset=4)}: 错误 [S3] 绩效指标[1].得分: “投入”得分应为下级得分之和 24.75 + 24.81 = 49.56"
        "（保留 1 位小数为 49.6），实际为 49.5"]


@pytest.mark.parametrize("stated, ok", [("10", True), ("9.9", True), ("9.88", True), ("9.8", False), ("9.89", False)])
def test_a_formula_score_is_compared_under_the_profiles_places(write, tmp_path, stated, ok):
    """分数小数位 0: the rule gives 9.88; 10 is it at the profile's places, 9.9 at the decimals typed."""
    profile, root = _templates(tmp_path, 0)
    body = MINIMAL.replace("地区: national", f"地区: {profile}") + (
        "资金执行情况:\n  分项:\n    - {名称: 年度资金总额, 全年预算数: 120.00, 全年执行数: 118.55}\n"
        f"  分值: 10\n  得分: {stated}\n"
        "绩效指标:\n  - {名称: 产出, 分值: 90, 得分: 90}\n")
    found = [f.split(": ", 2)[2] for f in _lines(check_file(write(body), root), "S7")]
    expected = [f"“预算执行率”按执行率规则应得 9.88 分（执行率 = 全年执行数 118.55 ÷ 全年预算数 120.00 = 98.79%，98.79% × 分值 10，"
                f"按公式得 9.879，四舍五入保留两位小数为 9.88），实际填写 {stated} 分"]
    assert found == ([] if ok else expected)


def test_a_total_over_rule_scores_names_no_tail(write):
    """9.88 is the rule's own score (S7 verified): 97.88 printed 97.9 at one place is the documented rounding."""
    body = MINIMAL + (
        "资金执行情况:\n  分项:\n    - {名称: 年度资金总额, 全年预算数: 120.00, 全年执行数: 118.55}\n  分值: 10\n  得分: 9.88\n"
        "绩效指标:\n  - {名称: 产出, 分值: 90, 得分: 88, 扣分原因: 一项延期}\n总分: 97.9\n")
    result = check_file(write(body))
    assert _lines(result, "S3", "S7") == []
    assert result.assessment.total == D("97.9")


def test_round_half_up_holds_any_number_of_digits():
    assert round_half_up(D("9" * 40 + ".5"), 0) == D("1" + "0" * 40)
    assert round_half_up(D("1" * 30) / D("0.0000000001"), 2).adjusted() == 39  # quantize alone raises InvalidOperation


# ---------------------------------------------------------------- 2. one cent (item 4)

def test_a_total_of_one_amount_has_no_rounding_tail(write):
    p = write(MONEY_HEAD + "收入:\n  合计: 3013.09\n  分项:\n    - {名称: 财政拨款收入, 金额: 3013.08}\n")
    assert _lines(check_file(p), "M1") == [
        f"{at(p, '3013.09')}: 错误 [M1] 收入.合计: 收入合计应为 财政拨款收入 3013.08 = 3013.08 万元，实际填写 3013.09 万元"
        "（相差 0.01；只有一项不为 0，不会有四舍五入尾差，请核对）"]


def test_zero_lines_carry_no_rounding_tail(write):
    p = write(MONEY_HEAD + "收入:\n  合计: 859.17\n  分项:\n    - {名称: 财政拨款收入, 金额: 859.16}\n"
                            "    - {名称: 事业收入, 金额: 0}\n    - {名称: 其他收入, 金额: 0.00}\n")
    assert [f.split(": ", 2)[1] for f in _lines(check_file(p), "M1")] == ["错误 [M1] 收入.合计"]


def test_a_total_of_two_rounded_amounts_may_show_a_tail(write):
    p = write(MONEY_HEAD + "收入:\n  合计: 3116.38\n  分项:\n    - {名称: 财政拨款收入, 金额: 3093.93}\n"
                            "    - {名称: 其他收入, 金额: 22.44}\n")
    assert _lines(check_file(p), "M1") == [
        f"{at(p, '3116.38')}: 警告 [M1] 收入.合计: 收入合计应为 财政拨款收入 3093.93 + 其他收入 22.44 = 3116.37 万元，"
        "实际填写 3116.38 万元（相差 0.01，可能是四舍五入尾差，请核对）"]


def test_a_component_equal_to_its_whole_is_exact(write):
    """基本支出 with one of its two parts filled is that part: 0.01 off is an error."""
    p = write(MONEY_HEAD + "支出:\n  基本支出:\n    决算数: 100.01\n    人员经费: {决算数: 100.00}\n"
                            "  合计: {决算数: 100.01}\n")
    assert [f.split(": ", 2)[1] for f in _lines(check_file(p), "M4")] == ["错误 [M4] 支出.基本支出.决算数"]


# ---------------------------------------------------------------- 3. range and sign (item 4)

@pytest.mark.parametrize("score", ["100.01", "101", "250"])
def test_a_project_score_is_out_of_100(write, score):
    p = write(MINIMAL + f"项目自评:\n  - {{项目名称: 调研经费, 自评得分: {score}}}\n")
    assert _lines(check_file(p), "S2") == [
        f"{at(p, score)}: 错误 [S2] 项目自评[1].自评得分: 项目“调研经费”的自评得分应在 0 到 100 之间（项目自评满分 100 分），"
        f"实际为 {score}"]


@pytest.mark.parametrize("body, needle, path, what", [
    ("项目自评:\n  - {项目名称: 调研经费, 自评得分: -5}\n", "-5", "项目自评[1].自评得分", "分数"),
    ("项目自评:\n  - {项目名称: 调研经费, 项目资金: -3.00, 自评得分: 90}\n", "-3.00", "项目自评[1].项目资金", "金额"),
    ("收入:\n  合计: -10.00\n", "-10.00", "收入.合计", "金额"),
    ("收入:\n  合计: 10.00\n  分项:\n    - {名称: 其他收入, 金额: 10.00, 上年数: -1}\n", "-1", "收入.分项[1].上年数", "金额"),
    ("支出:\n  合计: {决算数: −5.00}\n".replace("−", "-"), "-5.00", "支出.合计.决算数", "金额"),
    ("资金执行情况:\n  分项:\n    - {名称: 年度资金总额, 全年执行数: -1.00}\n", "-1.00", "资金执行情况.分项[1].全年执行数", "金额"),
    ("支出:\n  合计: {决算数: 5.00, 调整预算数: 5.00}\n  预算执行率: -100%\n", "-100%", "支出.预算执行率", "百分数"),
    ("绩效指标:\n  - {名称: 产出, 分值: -100, 得分: 0}\n", "-100", "绩效指标[1].分值", "分数"),
    ("绩效指标:\n  - {名称: 产出, 分值: 100, 得分: -1}\n", "-1", "绩效指标[1].得分", "分数"),
    ("总分: －3\n", "－3", "总分", "分数"),
])
def test_a_negative_amount_score_or_rate_is_refused_where_it_was_typed(write, body, needle, path, what):
    p = write(MINIMAL + body)
    result = check_file(p)
    assert f"{at(p, needle)}: 错误 [Q1] {path}: {what}不能为负数，实际为“{needle}”" in _lines(result, "Q1")


def test_a_change_on_last_year_stays_signed(write):
    p = write(MONEY_HEAD + "收入:\n  合计: 400.00\n  上年数: 412.52\n  分项:\n    - {名称: 财政拨款收入, 金额: 400.00, 上年数: 412.52}\n")
    result = check_file(p)
    assert result.errors == []
    income = wording_values(result.loaded.questionnaire, result.profile.profile, result.assessment)["收入"]
    assert (income["增减额"], income["增减率"], income["增减"]) == ("-12.52", "-3.04%", "减少")


# ---------------------------------------------------------------- 4. rates in the narrative (M15)

SPENDING = """\
收入:
  合计: 3116.37
  分项:
    - {名称: 财政拨款收入, 金额: 3093.93, 占比: 99.28%}
    - {名称: 其他收入, 金额: 22.44, 占比: 0.72%}
支出:
  基本支出: {调整预算数: 3875.76, 决算数: 3854.81}
  项目支出: {调整预算数: 937.64, 决算数: 900.18}
  合计: {调整预算数: 4813.40, 决算数: 4754.99}
  预算执行率: 98.79%
重点工作:
  - {工作任务: 专题调研, 完成情况: 已完成。}
  - {工作任务: 协商座谈, 完成情况: 已完成。}
  - {工作任务: 视察活动, 状态: 部分完成, 完成情况: 完成一半。}
"""


def _narrative(write, text: str):
    p = write(MONEY_HEAD.replace("部门职能: 负责测试。\n", "") + SPENDING + f"部门职能: {text}\n")
    return p, _lines(check_file(p), "M15")


@pytest.mark.parametrize("text, needle, message", [
    ("全年预算执行率为98.80%，支出情况良好。", "98.80%",
     "正文写的预算执行率 98.80% 与问卷填写的预算执行率 98.79%不一致，请核对"),
    ("部门预算执行进度达97%。", "97%", "正文写的预算执行进度 97% 与问卷填写的预算执行率 98.79%不一致，请核对"),
    ("全年支出完成率为９８．７０％。", "９８．７０％", "正文写的支出完成率 98.70% 与问卷填写的预算执行率 98.79%不一致，请核对"),
    ("财政拨款收入3093.93万元，占收入合计的99.82%。", "99.82%",
     "正文写的财政拨款收入占比 99.82% 与问卷填写的财政拨款收入占比 99.28%不一致，请核对"),
    ("其他收入占比0.8%。", "0.8%", "正文写的其他收入占比 0.8% 与问卷填写的其他收入占比 0.72%不一致，请核对"),
    ("重点工作完成率为100%。", "100%", "正文写的重点工作完成率 100% 与重点工作表的完成率（2/3） 66.67%不一致，请核对"),
])
def test_a_rate_in_the_narrative_is_compared_with_its_figure(write, text, needle, message):
    p, found = _narrative(write, text)
    assert found == [f"{at(p, needle)}: 警告 [M15] 部门职能: {message}"]


@pytest.mark.parametrize("text", [
    "全年预算执行率为98.79%。",
    "预算执行率约98.8%，较上年提高5%。",  # prose may round, as M10 lets it round amounts
    "项目支出执行率为96.00%，基本支出执行率为99.46%。",  # other rates
    "财政拨款资金执行率为90%。",
    "预算执行率不低于90%，力争达到95%以上。",  # targets
    "服务对象满意度98%，提案办理增长10%，代表参与率达82.15%。",  # percentages of other things
    "财政拨款收入3093.93万元，占99.28%；其他收入22.44万元，占0.72%。",
    "财政拨款收入3093.93万元，其中基本支出占87%。",  # a share of something else
    "重点工作完成率为66.67%。",
    "预算执行率为٩٨٫٨٠٪。",  # not digits 0–9: no number to compare
])
def test_other_percentages_and_agreeing_rates_are_not_flagged(write, text):
    assert _narrative(write, text)[1] == []


def test_completion_in_an_indicators_analysis_is_that_indicators(write):
    p = write(MINIMAL + "绩效指标:\n  - {名称: 项目管理, 分值: 100, 得分: 100, 计划数: 9, 完成数: 9, 完成率: 100%,\n"
                         "     分析: 对9个项目开展了自评，完成率为90%。}\n")
    assert _lines(check_file(p), "M15") == [
        f"{at(p, '90%')}: 警告 [M15] 绩效指标[1].分析: 正文写的完成率 90% 与“项目管理”填写的完成率 100%不一致，请核对"]


def test_the_funding_blocks_rate_counts_for_the_narrative(write):
    p = write(MINIMAL + "资金执行情况:\n  分项:\n    - {名称: 年度资金总额, 全年预算数: 3125.40, 全年执行数: 3018.62, 执行率: 96.58%}\n"
                         "收支补充说明: 全年执行预算资金3018.62万元，预算执行率96.85%。\n")
    assert _lines(check_file(p), "M15") == [
        f"{at(p, '96.85%')}: 警告 [M15] 收支补充说明: 正文写的预算执行率 96.85% 与资金执行情况中年度资金总额的执行率 96.58%"
        "不一致，请核对"]


# ---------------------------------------------------------------- 5. digit systems (item 4)

@pytest.mark.parametrize("typed, digit, name", [
    ("٣٠١٣", "٣", "arabic-indic digit three"),
    ("३०१३", "३", "devanagari digit three"),
    ("𝟑𝟎𝟏𝟑", "𝟑", "mathematical bold digit three"),
])
def test_other_digit_systems_are_not_numbers(write, typed, digit, name):
    p = write(MONEY_HEAD + f"收入:\n  合计: {typed}\n绩效指标:\n  - {{名称: 产出, 分值: 100, 得分: {typed}}}\n"
                           f"项目自评:\n  - {{项目名称: 调研, 自评得分: 90, 项目资金: {typed}.00}}\n")
    found = _lines(check_file(p), "Q1")
    assert f"{at(p, typed)}: 错误 [Q1] 收入.合计: 金额应为数字（用 0–9 书写），实际为“{typed}”：其中的“{digit}”（{name}）不是 0–9" in found
    assert any("[Q1] 绩效指标[1].得分: 分数应为数字（用 0–9 书写）" in f for f in found)
    assert any("[Q1] 项目自评[1].项目资金: 金额应为数字（用 0–9 书写）" in f for f in found)


@pytest.mark.parametrize("key, typed", [("年度", "٢٠٢٣"), ("附件序号", "٣")])
def test_integer_keys_take_only_0_to_9(write, key, typed):
    p = write(MINIMAL.replace("年度: 2023\n", "") + f"{key}: {typed}\n" + ("年度: 2023\n" if key != "年度" else ""))
    assert f"{at(p, typed)}: 错误 [Q1] {key}: 应为整数（用 0–9 书写），实际为“{typed}”：其中的“{typed[0]}”不是 0–9" in _lines(check_file(p))


def test_full_width_digits_are_numbers_everywhere(write):
    p = write(MINIMAL.replace("年度: 2023", "年度: ２０２３") + "附件序号: ２\n收入:\n  合计: ３０１３．０８\n"
              "  分项:\n    - {名称: 财政拨款收入, 金额: ３０１３．０８}\n")
    result = check_file(p)
    q = result.loaded.questionnaire
    assert (q.year, q.annex, q.income.total) == (2023, 2, D("3013.08"))
    assert [f for f in result.findings if f.rule.startswith("Q")] == []


def test_prose_rules_read_only_0_to_9(write):
    p = write(MINIMAL.replace("部门职能: 负责某某工作。", "部门职能: 推文١٤٤٩余篇，成立于٢٠١٥年；推文１４４９余篇。"))
    assert [f.split(": ", 2)[1] for f in _lines(check_file(p), "T5", "T8")] == ["警告 [T8] 部门职能"]


# ---------------------------------------------------------------- 6. huge numbers (item 11)

LONG = "1" * 5000


@pytest.mark.parametrize("body, needle, path, message", [
    ("收入:\n  合计: " + "9" * 30 + ".12\n", "9" * 30, "收入.合计",
     f"金额过大：“999999999999999…99.12（共 33 个字符）”，整数部分最多 {MAX_INTEGER_DIGITS} 位"),
    ("收入:\n  合计: 1.12345678901\n", "1.12345678901", "收入.合计", "金额的小数位数过多：“1.12345678901”，最多 10 位小数"),
    ("总分: " + "9" * 29 + "\n", "9" * 29, "总分", f"分数过大：“{'9' * 29}”，整数部分最多 {MAX_INTEGER_DIGITS} 位"),
    ("绩效指标:\n  - {名称: 产出, 分值: 100, 得分: 100, 计划数: " + LONG + ", 完成数: 1}\n", LONG, "绩效指标[1].计划数",
     f"数量过大：“111111111111111…11111（共 5000 个字符）”，整数部分最多 {MAX_INTEGER_DIGITS} 位"),
    ("附件序号: " + LONG + "\n", LONG, "附件序号",
     f"数值过大：“111111111111111…11111（共 5000 个字符）”，整数部分最多 {MAX_INTEGER_DIGITS} 位"),
])
def test_a_figure_too_long_is_a_located_error(write, body, needle, path, message):
    p = write(MINIMAL + body)
    assert f"{at(p, needle)}: 错误 [Q1] {path}: {message}" in _lines(check_file(p), "Q1")


@pytest.mark.parametrize("text, needle, quoted, digits", [
    (f"共发表{LONG}余篇。", "1" * 30, "111111111111111…11111（共 5000 个字符）", 5000),  # T8 would read the count
    (f"根据财预〔2020〕{LONG}号文件。", "1" * 30, "111111111111111…11111（共 5000 个字符）", 5000),  # T12 the 文号
    (f"在{LONG}年。", "1" * 30, "111111111111111…11111（共 5000 个字符）", 5000),  # T5 the year
    (f"支出{LONG}.123万元。", "1" * 30, "111111111111111…1.123（共 5004 个字符）", 5003),  # T10, M10 the amount
    (f"预算执行率为{LONG}%。", "1" * 30, "111111111111111…11111（共 5000 个字符）", 5000),  # M15 the rate
    (f"编号{'1,' * 2500}1。", "1,1,1,1", "1,1,1,1,1,1,1,1…1,1,1（共 5001 个字符）", 2501),
])
def test_a_number_too_long_in_the_text_is_a_located_error(write, text, needle, quoted, digits):
    p = write(MINIMAL.replace("部门职能: 负责某某工作。", f"部门职能: {text}"))
    assert [f.format() for f in check_file(p).errors] == [
        f"{at(p, needle)}: 错误 [Q4] 部门职能: 数字“{quoted}”有 {digits} 位，报告中的数字最多 {MAX_DIGITS_IN_TEXT} 位，"
        "请核对是否误输入"]


def test_a_long_but_plausible_number_in_the_text_is_fine(write):
    p = write(MINIMAL.replace("部门职能: 负责某某工作。", "部门职能: 统一社会信用代码11440600007171234X，身份证号440602199001011234。"))
    assert _lines(check_file(p), "Q4") == []


@pytest.mark.parametrize("body", [
    "收入:\n  合计: " + "9" * 40 + "\n",
    "部门职能: 共发表" + LONG + "余篇，财预〔2020〕" + LONG + "号。\n",
    "绩效指标:\n  - {名称: 产出, 分值: 100, 得分: 100, 规则: 比率, 指标值: '≥" + "9" * 40 + "', 实际值: '0." + "9" * 40 + "'}\n",
    "报告日期: " + "2" * 5000 + "年3月1日\n",
])
def test_huge_numbers_exit_1_not_4(write, capsys, body):
    p = write(MINIMAL.replace("部门职能: 负责某某工作。\n", "") + body)
    assert main(["check", str(p)]) == 1
    out = capsys.readouterr()
    assert "内部错误" not in out.out + out.err
    assert re.search(r"q\.yaml:\d+:\d+: 错误 \[Q[14]\]", out.out + out.err)
