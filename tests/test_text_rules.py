"""T1–T12 (DOMAIN.md §3.3): a passing and a failing case per rule, located to the character.

Failing cases include the real mistakes of the published seed reports (DOMAIN.md §3.4).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from authoring.checks.text import check_text
from authoring.findings import Finding, Severity
from authoring.questionnaire.loader import load_questionnaire
from authoring.jurisdiction.profile import TEMPLATES_DIR, load_profile

HEAD = """\
地区: {profile}
年度: {year}
部门全称: {dept}
部门简称: 本部门
部门职能: 负责本部门职能范围内的工作。
存在问题: 预算编制精细化程度不够。
改进措施: 加强预算编制。
"""
FIRST = 8  # the first line after HEAD


@pytest.fixture
def check(tmp_path):
    """Write HEAD + body, load it, return the T findings (optionally of one rule)."""

    def _check(body: str = "", rule: str | None = None, *, profile: str = "national", year: int = 2023,
               dept: str = "某某市某某局", head: str | None = None, templates: Path = TEMPLATES_DIR) -> list[Finding]:
        path = tmp_path / "q.yaml"
        text = (head if head is not None else HEAD).format(profile=profile, year=year, dept=dept) + body
        path.write_text(text, encoding="utf-8")
        loaded = load_questionnaire(path)
        found = check_text(loaded, load_profile(profile, templates).profile)
        return [f for f in found if rule is None or f.rule == rule]

    return _check


def lines(found: list[Finding]) -> list[str]:
    return [f.format().replace(f.file, "q.yaml") for f in found]


def at(found: Finding) -> str:
    """The characters of the file at the finding's line:col (to prove the location)."""
    text = Path(found.file).read_text(encoding="utf-8").split("\n")[found.line - 1]
    return text[found.col - 1:]


# ---- T1 numbering -------------------------------------------------------------------

def test_t1_heading_with_its_own_number(check):
    found = check("履职效能分析:\n  - 标题: 1、预算管理\n    内容: 严格预算管理。\n", "T1")
    assert lines(found) == [
        f"q.yaml:{FIRST + 1}:9: 警告 [T1] 履职效能分析[1].标题: 标题编号由工具自动生成，请删去“1、”"]


@pytest.mark.parametrize("number", ["一、", "（一）", "(一)", "1.", "1．", "（1）", "(1)", "十一、"])
def test_t1_every_heading_number_style(check, number):
    found = check(f"履职效能分析:\n  - 标题: {number}预算管理\n    内容: 严格预算管理。\n", "T1")
    assert [f.message for f in found] == [f"标题编号由工具自动生成，请删去“{number}”"]
    assert at(found[0]).startswith(number)


@pytest.mark.parametrize("title", ["预算管理", "落实省委“1310”具体部署", "十四五规划编制", "1.5万张评议票的分析"])
def test_t1_heading_without_number_passes(check, title):
    assert check(f"履职效能分析:\n  - 标题: {title}\n    内容: 严格预算管理。\n", "T1") == []


def test_t1_paragraph_numbers_repeat_and_skip(check):
    body = "管理效率分析: |\n  1、预算管理。\n  2、绩效管理。\n  2、采购管理。\n  4、资产管理。\n"
    assert lines(check(body, "T1")) == [
        f"q.yaml:{FIRST + 3}:3: 警告 [T1] 管理效率分析: 段首编号“2、”重复：前面已有“2、”，这里应为“3、”",
        f"q.yaml:{FIRST + 4}:3: 警告 [T1] 管理效率分析: 段首编号不连续：前面是“2、”，这里应为“3、”，实际为“4、”",
    ]


def test_t1_seed001_double_level_four(check):
    # Seed 001: “（4）积极扩大政协宣传效应” followed by “（4） 部门整体支出情况”.
    body = ("履职效能分析:\n  - （1）加强理论学习。\n  - （2）提高协商质量。\n  - （3）加强委员队伍建设。\n"
            "  - （4）积极扩大政协宣传效应。\n  - （4） 部门整体支出情况。\n")
    found = check(body, "T1")
    assert [f.message for f in found] == ["段首编号“（4）”重复：前面已有“（4）”，这里应为“（5）”"]
    assert found[0].path == "履职效能分析[5]"


def test_t1_paragraph_numbers_consecutive_and_nested_pass(check):
    body = ("管理效率分析: |\n  1、预算管理。\n  （1）预算编制。\n  （2）预算执行。\n"
            "  2、绩效管理。\n  （1）目标管理。\n  3.采购管理。\n  1.5万元以下的采购由科室自行组织。\n")
    assert check(body, "T1") == []


def test_t1_halfwidth_parentheses(check):
    found = check("管理效率分析: 主要做法：(1)完善制度；（2）加强审核。\n", "T1")
    assert lines(found) == [
        f"q.yaml:{FIRST}:14: 警告 [T1] 管理效率分析: 编号应使用全角括号“（1）”，这里是半角“(1)”"]
    assert at(found[0]).startswith("(1)")


# ---- T2 一是、二是 ---------------------------------------------------------------------

SEED003_ITEM1 = (
    "一是抓实市直机关主题教育。二是抓好“两个维护”制度机制落实。三是抓好理论研究和意识形态工作。"
    "印发《市直机关工委大兴调查研究的工作方案》，组织各单位开展党建课题调研190余项。三是抓牢常态化政治监督。"
)


def test_t2_seed003_sanshi_twice(check):
    found = check(f"年度总体工作和重点工作任务:\n  - 标题: 旗帜鲜明讲政治抓政治\n    内容: {SEED003_ITEM1}\n", "T2")
    col = 9 + SEED003_ITEM1.rindex("三是")
    assert lines(found) == [
        f"q.yaml:{FIRST + 2}:{col}: 警告 [T2] 年度总体工作和重点工作任务[1].内容: “三是”重复：前面已有“三是”，这里应为“四是”"]
    assert found[0].severity is Severity.WARNING
    assert at(found[0]).startswith("三是抓牢")


def test_t2_skip_names_the_expected_word(check):
    found = check("管理效率分析: 一是预算编制不够细。三是绩效目标不够明确。\n", "T2")
    assert [f.message for f in found] == ["“三是”不连续：前面是“一是”，这里应为“二是”"]


def test_t2_missing_yishi(check):
    found = check("管理效率分析: 主要有两点：二是加强审核。三是完善制度。\n", "T2")
    assert [f.message for f in found] == ["“二是”前面没有“一是”：列举应从“一是”开始"]


def test_t2_ten_and_eleven(check):
    words = "一二三四五六七八九"
    ok = "。".join(f"{w}是第{i + 1}项工作" for i, w in enumerate(words)) + "。十是第十项。十一是第十一项。"
    assert check(f"管理效率分析: {ok}\n", "T2") == []
    bad = "。".join(f"{w}是第{i + 1}项工作" for i, w in enumerate(words)) + "。十一是第十一项。"
    assert [f.message for f in check(f"管理效率分析: {bad}\n", "T2")] == ["“十一是”不连续：前面是“九是”，这里应为“十是”"]


def test_t2_restart_and_list_items_pass(check):
    body = ("管理效率分析:\n  - 一是加强预算编制。二是严格预算执行。\n  - 三是加强绩效管理。\n"
            "  - 标题: 资产管理\n    内容: 一是定期盘点。二是做到账实相符。唯一是标准统一是关键。\n")
    assert check(body, "T2") == []


def test_t2_continues_across_list_items(check):
    found = check("管理效率分析:\n  - 一是加强预算编制。\n  - 三是加强绩效管理。\n", "T2")
    assert [(f.path, f.message) for f in found] == [("管理效率分析[2]", "“三是”不连续：前面是“一是”，这里应为“二是”")]


# ---- T3 headings run into body ----------------------------------------------------------

def test_t3_seed000_heading_with_full_stop(check):
    found = check("管理效率分析:\n  - 标题: 预算管理。\n    内容: 建立了较为完善的预算管理制度。\n", "T3")
    assert lines(found) == [
        f"q.yaml:{FIRST + 1}:13: 警告 [T3] 管理效率分析[1].标题: 标题末尾不应有“。”：标题单独成行，不加标点"]
    assert at(found[0]) == "。"


def test_t3_heading_and_body_in_one(check):
    found = check("管理效率分析:\n  - 标题: 预算管理。区政协办公室根据职能和职责积极谋划\n", "T3")
    assert [f.message for f in found] == ["标题中有句号，疑为标题与正文连在一起：“区政协办公室根据职能…”起的文字请移到“内容”中"]
    assert at(found[0]).startswith("区政协")


def test_t3_heading_too_long(check):
    title = "高举旗帜、拥护核心，永葆“忠诚政协”的政治本色准确把握政协组织的鲜明政治属性把握方向"
    found = check(f"履职效能分析:\n  - 标题: {title}\n", "T3")
    assert [f.message for f in found] == [f"标题过长（{len(title)}字）：标题应在40字以内，疑为把正文接在了标题后面，正文请写在“内容”中"]


def test_t3_seed000_numbered_heading_in_body(check):
    found = check("自评结论: （一）自评结论根据全面实施绩效管理的要求，积极推进预算绩效管理。\n", "T3")
    assert lines(found) == [f"q.yaml:{FIRST}:7: 警告 [T3] 自评结论: 正文开头是标题“（一）自评结论”：章节标题由工具生成，请删去"]


def test_t3_good_headings_pass(check):
    body = ("管理效率分析:\n  - 标题: 预算管理\n    内容: 自评结论表明预算管理规范。\n"
            "  - 标题: 旗帜鲜明讲政治抓政治，把坚持“两个确立”、做到“两个维护”落到实际行动上\n"
            "自评结论: 自评结论：各项工作完成较好。\n")
    assert check(body, "T3") == []


# ---- T4 duplicated sentences --------------------------------------------------------------

PASSAGE = "印发《市直机关工委大兴调查研究的工作方案》，召开市直机关党建研究重点课题中期研讨会，组织各单位开展党建课题调研{n}余项。"


def test_t4_seed003_paragraph_twice(check):
    body = (f"年度总体工作和重点工作任务:\n  - 三是抓好理论研究和意识形态工作。{PASSAGE.format(n='190')}\n"
            f"  - 三是抓好理论研究和意识形态工作。{PASSAGE.format(n=' 190 ')}严格落实意识形态工作责任制。\n")
    found = check(body, "T4")
    assert lines(found) == [
        f"q.yaml:{FIRST + 2}:21: 警告 [T4] 年度总体工作和重点工作任务[2]: 句子重复：与第 {FIRST + 1} 行"
        f"（年度总体工作和重点工作任务[1]）的句子相同：“印发《市直机关工委大兴调查研究的…”，请删去或改写"]
    assert at(found[0]).startswith("印发")


def test_t4_repeated_passage_is_one_finding(check):
    text = "区政协办公室根据职能和职责积极谋划，确定目标任务，积极发挥监督职能作用。建立了较为完善的预算管理制度，在日常开支中严格控制“三公”经费支出。"
    found = check(f"部门整体绩效管理情况: {text}\n管理效率分析: {text}\n", "T4")
    assert [(f.line, f.path) for f in found] == [(FIRST + 1, "管理效率分析")]


SEED000_PASSAGE = ("围绕中心、着眼大局，勇于担当、主动作为，以协商民主助推改革发展，以为民初心回应群众关切，"
                   "以凝心聚力共绘发展画卷，全区政协工作焕发新活力、展现新气象，为番禺经济社会高质量发展作出了积极贡献。")


def test_t4_seed000_passage_inside_different_sentences(check):
    body = (f"部门整体支出绩效目标: 坚持以习近平新时代中国特色社会主义思想为指导，{SEED000_PASSAGE}\n"
            f"履职效能分析: 2023年是全面贯彻中共二十大精神的开局之年。这一年，区政协常委会{SEED000_PASSAGE}\n")
    found = check(body, "T4")
    assert lines(found) == [
        f"q.yaml:{FIRST + 1}:42: 警告 [T4] 履职效能分析: 文字重复：与第 {FIRST} 行（部门整体支出绩效目标）"
        "有一段60字以上的文字相同：“围绕中心、着眼大局，勇于担当、主…”，请删去或改写"]
    assert at(found[0]).startswith("围绕中心")


def test_t4_key_task_table_may_restate_the_narrative(check):
    text = "收集各类信息2000多篇，编报《佛山政协信息》普刊200期，被各级采用60多篇，助推一批民生热点、难点、重点问题得到解决。"
    body = f"年度总体工作和重点工作任务: 畅通反映社情民意渠道，{text}\n重点工作:\n  - {{工作任务: 反映社情民意, 完成情况: 已完成。{text}}}\n"
    assert check(body, "T4") == []


def test_t4_short_or_different_sentences_pass(check):
    body = "部门整体绩效管理情况: 严格预算管理。各项工作顺利完成。\n管理效率分析: 严格预算管理。各项工作顺利完成。\n"
    assert check(body, "T4") == []


# ---- T5 years -----------------------------------------------------------------------------

def test_t5_year_far_from_evaluation_year(check):
    found = check("管理效率分析: 本年度按时公开了2019年度预算。\n", "T5")
    assert lines(found) == [f"q.yaml:{FIRST}:17: 警告 [T5] 管理效率分析: 出现“2019年”，评价年度为2023年，请核对年份（疑为沿用往年文稿）"]
    assert at(found[0]).startswith("2019年度")


def test_t5_legitimate_years_pass(check):
    body = ("管理效率分析: 根据区财政局《关于开展2024年绩效自评工作的通知》（鹿发〔2019〕8号）要求，对2023年度预算项目开展自评，"
            "完成2022年度基评工作，落实《2019年政府工作报告》，对接“十四五”规划（2021—2025年），到2035年基本实现现代化。"
            "区政协成立于1955年，自2018年以来坚持开展提案督办。\n报告日期: 2024年3月15日\n")
    assert check(body, "T5") == []


def test_t5_report_date(check):
    found = check("报告日期: 2026-03-01\n", "T5")
    assert lines(found) == [f"q.yaml:{FIRST}:7: 警告 [T5] 报告日期: 报告日期为2026年，评价年度为2023年：报告日期应在2023年或2024年，请核对"]


# ---- T6 stale phrases ---------------------------------------------------------------------

SEED004_STALE = "全面把握总体要求。紧扣全面建成小康社会目标任务，坚持稳中求进工作基调。"


def test_t6_seed004_moderately_prosperous_in_2023(check):
    found = check(f"分项绩效目标实现情况: {SEED004_STALE}\n", "T6")
    assert lines(found) == [
        f"q.yaml:{FIRST}:22: 警告 [T6] 分项绩效目标实现情况: 过时提法“紧扣全面建成小康社会”（2023年度）：2021年已宣告全面建成小康社会，不应再作为目标"]
    assert at(found[0]).startswith("紧扣")


def test_t6_same_text_before_2021_passes(check):
    assert check(f"分项绩效目标实现情况: {SEED004_STALE}\n", "T6", year=2020) == []


def test_t6_blue_sky(check):
    found = check("分项绩效目标实现情况: 围绕重点项目建设、打好蓝天保卫战开展视察。\n", "T6")
    assert [f.message for f in found] == ["过时提法“打好蓝天保卫战”（2023年度）：“十四五”起提法为“深入打好污染防治攻坚战”"]
    assert check("分项绩效目标实现情况: 围绕重点项目建设、深入打好蓝天保卫战开展视察。\n", "T6") == []


# ---- T7 residue ---------------------------------------------------------------------------

def test_t7_seed000_speech_thanks(check):
    text = "成绩来之不易，奋斗充满荣光。在此，我代表区政协常委会，向大家表示崇高的敬意和衷心的感谢！"
    found = check(f"履职效能分析: {text}\n", "T7", dept="中国人民政治协商会议广州市番禺区委员会办公室")
    assert lines(found) == [
        f"q.yaml:{FIRST}:26: 警告 [T7] 履职效能分析: “我代表”“表示崇高的敬意”“衷心的感谢”不属于部门整体支出绩效自评报告的用语（疑为从讲话稿或项目报告复制），请改写"]
    assert at(found[0]).startswith("我代表")


def test_t7_seed001_bureau_website_in_cppcc(check):
    text = "在预决算信息公开方面，市政协办公室按照当年工作要求，在局网站公开了当年预算和决算。"
    found = check(f"管理效率分析: {text}\n", "T7", dept="中国人民政治协商会议广东省佛山市委员会办公室")
    assert [f.message for f in found] == [
        "本部门（中国人民政治协商会议广东省佛山市委员会办公室）不是“局”，却出现“局网站”：疑为套用其他单位的文稿，请改为本部门的名称或网站"]
    assert at(found[0]).startswith("局网站")
    assert check(f"管理效率分析: {text}\n", "T7", dept="佛山市财政局") == []


def test_t7_seed004_project_wording(check):
    found = check("自评方法和过程: 运用比较分析、因素分析等方法，综合评价该项目绩效。\n", "T7", dept="鹿泉区政协")
    assert [f.message for f in found] == ["“该项目”不属于部门整体支出绩效自评报告的用语（疑为从讲话稿或项目报告复制），请改写"]


def test_t7_plain_department_wording_passes(check):
    text = "区政协办公室在门户网站公开了预算和决算，基本局面保持稳定，综合评价部门整体支出绩效。"
    assert check(f"管理效率分析: {text}\n", "T7", dept="中国人民政治协商会议广州市番禺区委员会办公室") == []


# ---- T8 “余” after an exact number ------------------------------------------------------------

def test_t8_seed003_1449_yu(check):
    found = check("履职效能分析: 工委“一报一网双微”发出推文 1449 余篇，视频 428 条。\n", "T8")
    assert lines(found) == [
        f"q.yaml:{FIRST}:24: 警告 [T8] 履职效能分析: “1449余”：“余”表示约数，只能接在整数后面（如“1400余”）；如是确数，请删去“余”"]
    assert at(found[0]).startswith("1449")


def test_t8_small_exact_number(check):
    assert [f.message for f in check("履职效能分析: 参加培训15余人。\n", "T8")] == [
        "“15余”：“余”表示约数，只能接在整数后面（如“10余”）；如是确数，请删去“余”"]


def test_t8_round_numbers_pass(check):
    body = "履职效能分析: 开展党建课题调研190余项，发出推文2000余篇，10余篇次被省级媒体选用，账户结余资金12余额为0。\n"
    assert check(body, "T8") == []


# ---- T9 typos -----------------------------------------------------------------------------

def test_t9_seed000_missing_fa(check):
    text = "规范政府采购行政和政府采购工作挥了积极作用。"
    found = check(f"管理效率分析:\n  - 标题: 政府采购管理\n    内容: {text}\n", "T9")
    assert lines(found) == [f"q.yaml:{FIRST + 2}:24: 警告 [T9] 管理效率分析[1].内容: “挥了积极作用”应为“发挥了积极作用”"]
    assert at(found[0]).startswith("挥了")


def test_t9_seed000_seed003_typos(check):
    body = ("履职效能分析: |\n  区政协不断强化基层织的堡垒作用。\n  提案工作迈上新合阶。\n"
            "  按照市财局要求编写门本级预决算公开文本，认真较对数据，开展帐实核对。\n")
    found = check(body, "T9")
    assert [f.message for f in found] == [
        "“基层织”应为“基层组织”", "“新合阶”应为“新台阶”", "“较对”应为“校对”",
        "“帐实”应为“账实”", "“市财局”应为“市财政局”", "“编写门本级”应为“编写部门本级”"]
    assert sorted(at(f)[:2] for f in found) == sorted(["基层", "新合", "较对", "帐实", "市财", "编写"])


def test_t9_correct_words_pass(check):
    body = "管理效率分析: 规范政府采购工作发挥了积极作用，建立健全制度，比较对照往年数据，认真校对，做到账实相符。\n"
    assert check(body, "T9") == []


# ---- T10 number formats -------------------------------------------------------------------

def test_t10_seed000_amount_without_decimals(check):
    found = check("收支补充说明: 支出总额为 2,824 万元，完成预算执行率为93.72%。\n", "T10")
    assert lines(found) == [
        f"q.yaml:{FIRST}:15: 警告 [T10] 收支补充说明: “2,824万元”应写作“2824.00万元”（金额保留两位小数；本地区规则数字不用千分位逗号）"]
    assert at(found[0]).startswith("2,824")


def test_t10_seed003_one_decimal(check):
    found = check("收支补充说明: 基本支出 3432.3 万元，项目支出 538.34 万元。\n", "T10")
    assert [f.message for f in found] == ["“3432.3万元”应写作“3432.30万元”（金额保留两位小数）"]


def test_t10_seed000_mixed_separators(check):
    found = check("收支补充说明: 收入3013.08万元，其中财政拨款收入3,013.08万元。\n", "T10")
    assert [f.message for f in found] == ["“3,013.08万元”应写作“3013.08万元”（本地区规则数字不用千分位逗号）"]


def test_t10_full_width_percent(check):
    found = check("收支补充说明: 预算执行率为98.79％。\n", "T10")
    assert [f.message for f in found] == ["百分号应使用半角“%”，这里是全角“％”"]
    assert at(found[0]) == "％。"


def test_t10_seed002_halfwidth_comma(check):
    found = check("履职效能分析: 听取审议“十四五”规划纲要实施中期情况报告,审查和批准主要指标。\n", "T10")
    assert lines(found) == [f"q.yaml:{FIRST}:30: 警告 [T10] 履职效能分析: 中文里应使用全角标点“，”，这里是半角“,”"]
    assert at(found[0]).startswith(",审查")


def test_t10_halfwidth_brackets(check):
    found = check("机构设置: 纳入决算的单位为鹿泉区政协(本级)。\n", "T10")
    assert [f.message for f in found] == ["中文里应使用全角括号“（本级）”，这里是半角“(本级)”"]


def test_t10_good_numbers_pass(check):
    body = ("收支补充说明: 本年度跨年退款0.07万元，收入3013.08万元，占比99.28%，捐赠物资价值300多万元，约70万元用于培训，"
            "审核5万元以上采购项目，经营支出0万元，人均1500元，访谈党员1049名，2023年，时间9:30，比例1:1，(1)由T1检查。\n")
    assert check(body, "T10") == []


def test_t10_thousands_profile(check, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR / "national", templates / "national")
    (templates / "comma").mkdir()
    (templates / "comma" / "profile.yaml").write_text("名称: 千分位\n继承: national\n设置:\n  千分位: true\n", encoding="utf-8")
    found = check("收支补充说明: 收入3013.08万元，支出2,824.00万元。\n", "T10", templates=templates, profile="comma")
    assert [f.message for f in found] == ["“3013.08万元”应写作“3,013.08万元”（本地区规则数字使用千分位逗号）"]


def test_t10_typed_figures(check):
    body = "收入:\n  合计: 3013.08\n  分项:\n    - {名称: 财政拨款收入, 金额: '3,013.08'}\n    - {名称: 其他收入, 金额: 0}\n" \
           "支出:\n  基本支出: {决算数: 2487.46}\n  项目支出: {决算数: 336.54}\n  合计: {决算数: 2824}\n"
    found = check(body, "T10")
    assert lines(found) == [
        f"q.yaml:{FIRST + 3}:25: 警告 [T10] 收入.分项[1].金额: 金额“3,013.08”应写作“3013.08”（本地区规则金额不用千分位逗号）",
        f"q.yaml:{FIRST + 8}:13: 警告 [T10] 支出.合计.决算数: 金额“2824”应写作“2824.00”（金额保留两位小数）",
    ]
    assert [at(f)[:5] for f in found] == ["3,013", "2824}"]


# ---- T11 required sections and table columns ------------------------------------------------

def test_t11_required_section_empty(check):
    found = check(head=HEAD.replace("存在问题: 预算编制精细化程度不够。", "存在问题:"), rule="T11")
    assert lines(found) == [
        "q.yaml:6:1: 错误 [T11] 存在问题: 缺少必填章节“存在的主要问题”：大纲要求填写，请在“存在问题”中写明内容"]
    assert found[0].severity is Severity.ERROR


def test_t11_required_sections_filled_pass(check):
    assert check("", "T11") == []
    assert check("年度总体工作和重点工作任务: 完成年度工作。\n其他自评情况: 无\n", "T11", profile="foshan") == []


def test_t11_hebei_part_of_several_contents(check):
    head = HEAD.replace("部门职能: 负责本部门职能范围内的工作。", "部门职能: ''")
    assert [f.message for f in check(head=head, rule="T11", profile="hebei")] == [
        "缺少必填章节“部门概况”：大纲要求填写，请在“部门职能”或“机构设置”中写明内容"]
    assert check("机构设置: 内设办公室、研究室。\n", head=head, rule="T11", profile="hebei") == []


SEED004_TEAM = "评价工作组:\n  - {姓名: 王建坤, 工作单位: 鹿泉区政协, 职务: 办公室主任}\n  - {姓名: 刘慧君, 工作单位: 鹿泉区政协, 职务: 经技委主任, 职称: 无}\n"


def test_t11_seed004_team_without_title(check):
    found = check(SEED004_TEAM, "T11", profile="hebei", dept="中国人民政治协商会议石家庄市鹿泉区委员会")
    assert lines(found) == [
        f"q.yaml:{FIRST + 1}:5: 错误 [T11] 评价工作组[1]: 表格要求列出职称（大纲标题写明“职称”），但王建坤未填写职称（没有职称可写“无”）"]


def test_t11_team_not_in_outline_passes(check):
    assert check(SEED004_TEAM, "T11", profile="national") == []


def test_t11_heading_promises_missing_column(check, tmp_path):
    templates = tmp_path / "templates"
    for pid in ("national", "hebei"):
        shutil.copytree(TEMPLATES_DIR / pid, templates / pid)
    (templates / "nosign").mkdir()
    (templates / "nosign" / "profile.yaml").write_text(
        "名称: 无签字列\n继承: hebei\n表格:\n  评价工作组人员名单: {列: [姓名, 工作单位, 职务, 职称]}\n", encoding="utf-8")
    team = SEED004_TEAM.replace("职务: 办公室主任}", "职务: 办公室主任, 职称: 会计师}")
    found = check(team, "T11", profile="nosign", templates=templates)
    assert lines(found) == [
        f"q.yaml:{FIRST}:1: 错误 [T11] 评价工作组: 大纲标题“评价工作组人员名单及签字（姓名、工作单位、职务、职称）”写明“签字”，"
        "但表格“评价工作组人员名单”的列只有“姓名、工作单位、职务、职称”：请在地区规则“表格.评价工作组人员名单.列”中加上“签字”"]
    assert check(team, "T11", profile="hebei") == []


# ---- T12 document numbers -----------------------------------------------------------------

@pytest.mark.parametrize("written", ["财预[2020]10号", "财预（2020）10号", "财预(2020)10号", "财预〔2020〕第10号",
                                     "财预〔2020〕010号", "财预【2020】10号", "财预 〔2020〕 10号"])
def test_t12_wrong_document_numbers(check, written):
    found = check(f"引言: 根据财政部《项目支出绩效评价管理办法》（{written}）开展自评。\n", "T12")
    assert [f.message for f in found] == [
        f"文号“{written}”写法不规范，应为“财预〔2020〕10号”（年份用六角括号〔〕，序号不加“第”、不编虚位）"]
    assert at(found[0]).startswith("财预")


def test_t12_exact_line(check):
    found = check("引言: 根据财预[2020]10号文件要求开展自评。\n", "T12")
    assert lines(found) == [
        f"q.yaml:{FIRST}:7: 警告 [T12] 引言: 文号“财预[2020]10号”写法不规范，应为“财预〔2020〕10号”（年份用六角括号〔〕，序号不加“第”、不编虚位）"]


def test_t12_correct_numbers_pass(check):
    body = "引言: 根据《关于全面实施预算绩效管理的实施意见》（鹿发〔2019〕8号）和财预〔2020〕10号、中发〔2018〕34号开展自评。\n"
    assert check(body, "T12") == []


# ---- all at once, located in any kind of scalar ---------------------------------------------

def test_all_findings_are_returned(check):
    body = ("履职效能分析: |\n  一是推文1449余篇。一是基层织建设。\n  三是挥了积极作用。\n"
            "管理效率分析:\n  - 标题: 1、预算管理。\n    内容: 预算执行率98.79％。\n")
    rules = sorted({f.rule for f in check(body)})
    assert rules == ["T1", "T10", "T2", "T3", "T8", "T9"]


@pytest.mark.parametrize("value", [
    "履职效能分析: 第一行文字\n  区政协不断强化基层织的堡垒作用。\n",           # plain, folded over two lines
    "履职效能分析: |\n  第一行文字\n    缩进行\n  区政协不断强化基层织的堡垒作用。\n",  # literal block
    "履职效能分析: >\n  第一行文字\n\n  区政协不断强化基层织的堡垒作用。\n",       # folded block
    "履职效能分析: \"第一行\\\"文字\\u3002\n  区政协不断强化基层织的堡垒作用。\"\n",  # double quotes with escapes
    "履职效能分析: '第一行''文字'' 区政协不断强化基层织的堡垒作用。'\n",           # single quotes
    "履职效能分析: |-  # 注释\n\n  区政协不断强化基层织的堡垒作用。\n",            # header comment, blank first line
])
def test_positions_inside_every_scalar_style(check, value):
    found = check(value, "T9")
    assert len(found) == 1 and at(found[0]).startswith("基层织")


def test_legitimate_report_prose_has_no_text_findings(check):
    body = (
        "年度总体工作和重点工作任务:\n"
        "  - 2023年，在市委坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，"
        "落实省委“1310”具体部署及市委“1312”思路举措。\n"
        "  - 标题: 旗帜鲜明讲政治抓政治，把坚持“两个确立”、做到“两个维护”落到实际行动上\n"
        "    内容: 一是抓实主题教育。二是抓好“两个维护”制度机制落实。三是抓牢常态化政治监督，对48个市直单位机关党委、"
        "180个基层党支部进行现场督查帮带，访谈党员1049名。\n"
        "  - 标题: 驰而不息正风肃纪\n"
        "    内容: 完成2022年度基评工作，深入分析研判17.87万张有效评议票和2019条意见建议，制定实施6个方面20条优化措施。\n"
        "收支补充说明: 本年度跨年退款0.07万元，退款主要原因：一是收回以前年度支付桶装水押金并退回国库；二是收回2022年度多列经费支出并退回国库。\n"
        "管理效率分析:\n"
        "  - 标题: 采购管理情况\n"
        "    内容: 成立内部评审小组，负责审核内部采购达5万元以上采购项目。\n"
        "  - 标题: 资产管理情况\n"
        "    内容: 对固定资产进行了全面盘点清查、账实核对并对共180件（套）资产进行了报废处置。\n"
        "分项绩效目标实现情况: 围绕重点项目建设、深入打好蓝天保卫战等问题深入开展专题视察活动，全面推进乡村振兴。\n"
        "报告日期: 2024年3月15日\n"
    )
    assert lines(check(body, dept="中国共产党广州市直属机关工作委员会", profile="guangzhou")) == []
