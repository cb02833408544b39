"""Nothing lost, nothing broken: sentences with missing values, empty sections, filled text that an
outline never prints (T13), folded lines (T14), required sections (T11) and what `init` offers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from authoring.cli import main
from authoring.init import blank_questionnaire
from authoring.jurisdiction.profile import TEMPLATES_DIR
from authoring.pipeline import check_file
from authoring.report.context import build_context
from authoring.report.wording import MISSING, render_wording
from conftest import INDICATORS, MINIMAL, at


def context_of(path: Path, templates: Path | None = None) -> dict:
    result = check_file(path, templates)
    assert result.assessment is not None, [f.format() for f in result.findings]
    return build_context(result)


def outline(context: dict) -> list[str]:
    """Headings and run-in titles as printed: 编号 + 文字."""
    return [b["编号"] + (b["文字"] if b["类型"] == "标题" else b["标题"] + "。")
            for b in context["正文"] if b["类型"] in ("标题", "连排")]


def texts(context: dict) -> list[str]:
    return [b["文字"] for b in context["正文"] if b["类型"] in ("段落", "注")]


def findings(path: Path, rule: str, templates: Path | None = None) -> list[str]:
    return [f.format() for f in check_file(path, templates).findings if f.rule == rule]


@pytest.fixture
def templates(tmp_path) -> Path:
    """A templates folder beside the shipped ones, for profiles written by a test."""
    root = tmp_path / "templates"
    root.mkdir()
    for pid in ("national", "guangzhou", "foshan", "hebei"):
        (root / pid).symlink_to(TEMPLATES_DIR / pid)
    return root


def profile(root: Path, pid: str, text: str) -> None:
    (root / pid).mkdir()
    (root / pid / "profile.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


# ---- 措辞 with missing values ----------------------------------------------------------------------

def test_a_sentence_that_prints_a_missing_value_is_dropped():
    sentence = "自评得分{{ 总分 }}分，评级为“{{ 等级 }}”。"
    assert render_wording(sentence, {"总分": MISSING, "等级": MISSING}) == ""
    assert render_wording(sentence, {"总分": "98", "等级": "优"}) == "自评得分98分，评级为“优”。"
    assert render_wording("支出{{ 支出.决算合计 }}万元。", {"支出": MISSING}) == ""
    assert render_wording("收入{{ '合计' ~ 收入.合计 }}。", {"收入": MISSING}) == ""


def test_a_profile_can_write_the_sentence_for_the_missing_case():
    values = {"总分": MISSING, "收入": MISSING}
    assert render_wording("{% if 总分 %}得分{{ 总分 }}分。{% else %}尚未评分。{% endif %}", values) == "尚未评分。"
    assert render_wording("{% for x in 收入.分项 %}{{ x.名称 }}{% endfor %}收入情况见下。", values) == "收入情况见下。"
    assert render_wording("得分{{ 总分|default('未评', true) }}。", values) == "得分未评。"
    assert render_wording("{{ '有' if 总分 is defined else '无' }}得分。", values) == "无得分。"


def test_no_scores_no_score_sentence(write):
    context = context_of(write(MINIMAL))
    assert not any("自评得分" in t for t in texts(context))
    assert context["总分"] == "" and context["等级"] == ""
    assert "2023年度某某局部门整体支出绩效自评得分98分，评级为“优”。" in texts(context_of(write(MINIMAL + INDICATORS)))


def test_income_without_shares_still_prints_the_amounts(write):
    income = "收入:\n  合计: 100.00\n  分项:\n    - {名称: 财政拨款收入, 金额: 90.00}\n    - {名称: 其他收入, 金额: 10.00}\n"
    assert "2023年收入合计100.00万元，其中：财政拨款收入90.00万元；其他收入10.00万元。" in texts(context_of(write(MINIMAL + income)))
    shares = income.replace("金额: 90.00}", "金额: 90.00, 占比: 90.00%}").replace("金额: 10.00}", "金额: 10.00, 占比: 10.00%}")
    assert ("2023年收入合计100.00万元，其中：财政拨款收入90.00万元，占90.00%；其他收入10.00万元，占10.00%。"
            in texts(context_of(write(MINIMAL + shares))))


def test_foshan_spending_sentence_without_basic_spending(write):
    text = MINIMAL.replace("地区: national", "地区: foshan") + "支出:\n  项目支出: {决算数: 80.00}\n  合计: {决算数: 80.00}\n"
    assert ("根据2023年度部门决算信息，2023年部门整体支出80.00万元，其中：项目支出80.00万元。部门预算支出明细详见下表："
            in texts(context_of(write(text))))


def test_a_table_title_with_a_missing_value_is_left_out(write, templates):
    profile(templates, "x", """\
        名称: 某市
        继承: national
        表格:
          重点工作完成情况表: {标题: "{{ 总分 }}分的重点工作", 引导语: "得分{{ 总分 }}分，重点工作见下表："}
        大纲:
          - {标题: 重点工作, 组成: [{表格: 重点工作完成情况表}]}
        """)
    context = context_of(write(MINIMAL.replace("national", "x") + "重点工作:\n  - {工作任务: 调研, 完成情况: 已完成。}\n"), templates)
    (table,) = [b for b in context["正文"] if b["类型"] == "表格"]
    assert table["标题"] == "" and texts(context) == []


def test_a_report_title_with_a_missing_value_falls_back_to_the_plain_title(write, templates):
    profile(templates, "x", '名称: 某市\n继承: national\n标题格式: "{{ 部门简称 }}{{ 年度 }}年度自评报告（{{ 等级 }}）"\n')
    assert context_of(write(MINIMAL.replace("national", "x")), templates)["标题"] == "2023年度某某市某某局部门整体支出绩效自评报告"
    assert context_of(write(MINIMAL.replace("national", "x") + INDICATORS), templates)["标题"] == "某某局2023年度自评报告（优）"


# ---- empty sections ----------------------------------------------------------------------------------

def test_sections_without_content_are_left_out_and_numbers_close_up(write):
    text = MINIMAL.replace("部门职能: 负责某某工作。\n", "")
    assert outline(context_of(write(text))) == [
        "一、绩效自评情况", "（一）自评结论", "二、存在的主要问题", "三、下一步改进措施"]


def test_empty_text_of_the_outline_is_printed_instead(write):
    text = MINIMAL.replace("地区: national", "地区: foshan") + "年度总体工作和重点工作任务: 完成年度工作。\n"
    context = context_of(write(text))
    assert outline(context)[-1] == "五、其他自评情况"
    assert context["正文"][-1] == {"类型": "段落", "文字": "无"}


def test_indicators_without_analysis_or_score_leave_no_heading(write):
    indicators = """\
        绩效指标:
          - 名称: 投入
            分值: 10
            分析: 投入总体合理。
            下级:
              - {名称: 目标设定, 分值: 5}
              - {名称: 预算配置, 分值: 5, 分析: 预算配置合理。}
          - 名称: 过程
            分值: 90
            下级:
              - {名称: 预算执行, 分值: 90}
        """
    context = context_of(write(MINIMAL + textwrap.dedent(indicators)))
    assert outline(context)[4:] == ["（二）指标分析", "1.投入", "（1）预算配置", "三、存在的主要问题", "四、下一步改进措施"]
    assert texts(context)[2:4] == ["投入总体合理。", "预算配置合理。"]


def test_a_title_with_nothing_under_it_runs_in(write):
    text = MINIMAL.replace("改进措施: 一是加强预算编制。", "改进措施:\n  - 标题: 完善制度\n  - 标题: 细化预算\n  - 标题: 加强审核\n  - 审核全部支出。")
    assert outline(context_of(write(text)))[-4:] == ["四、下一步改进措施", "（一）完善制度。", "（二）细化预算。", "（三）加强审核"]


def test_other_sections_the_outline_does_not_name_follow_it_in_the_order_typed(write, templates):
    profile(templates, "x", """\
        名称: 某市
        继承: national
        大纲:
          - {标题: 部门职能, 必填: true, 组成: [{内容: 部门职能}]}
          - {标题: 党建工作, 组成: [{内容: 其他章节.党建工作}]}
          - {标题: 存在的主要问题, 组成: [{内容: 存在问题}]}
        """)
    extra = "其他章节:\n  附记: 本报告经党组会议审议。\n  党建工作: 抓好机关党建。\n  致谢: '   '\n  说明: 数据来源于部门决算。\n"
    context = context_of(write(MINIMAL.replace("national", "x").replace("改进措施: 一是加强预算编制。\n", "") + extra), templates)
    assert outline(context) == ["一、部门职能", "二、党建工作", "三、存在的主要问题", "四、附记", "五、说明"]
    assert texts(context) == ["负责某某工作。", "抓好机关党建。", "一是预算编制精细化程度不够。", "本报告经党组会议审议。", "数据来源于部门决算。"]


# ---- T13 filled but never printed ---------------------------------------------------------------------

GUANGZHOU = MINIMAL.replace("地区: national", "地区: guangzhou") + "年度总体工作和重点工作任务: 完成年度工作。\n"


def test_t13_guangzhou_does_not_print_these(write):
    body = """\
        评价单位: 某某局评价组
        机构设置: 内设办公室。
        自评组织工作: 成立自评工作组。
        自评方法和过程: 采用比较分析法。
        总体绩效目标实现情况: 总体目标已实现。
        分项绩效目标实现情况: 各项目标均已实现。
        其他自评情况: 无
        绩效指标:
          - 名称: 履职效能
            分值: 100
            下级:
              - {名称: 履职效益, 分值: 100, 得分: 100, 分析: 成效明显。}
        """
    p = write(GUANGZHOU + textwrap.dedent(body))
    why = "不会印在报告中：广州市规则（guangzhou）的大纲没有这一节；请把内容并入大纲中的章节，或删去此项"
    assert findings(p, "T13") == [
        f"{at(p, '评价单位')}: 警告 [T13] 评价单位: “评价单位”不会印在报告中：广州市规则（guangzhou）不加落款（设置.落款）；不需要可删去此项",
        f"{at(p, '机构设置')}: 警告 [T13] 机构设置: “机构设置”{why}",
        f"{at(p, '自评组织工作')}: 警告 [T13] 自评组织工作: “自评组织工作”{why}",
        f"{at(p, '自评方法和过程')}: 警告 [T13] 自评方法和过程: “自评方法和过程”{why}",
        f"{at(p, '总体绩效目标实现情况')}: 警告 [T13] 总体绩效目标实现情况: “总体绩效目标实现情况”{why}",
        f"{at(p, '分项绩效目标实现情况')}: 警告 [T13] 分项绩效目标实现情况: “分项绩效目标实现情况”{why}",
        f"{at(p, '其他自评情况')}: 警告 [T13] 其他自评情况: “其他自评情况”{why}",
        f"{at(p, '分析: 成效')}: 警告 [T13] 绩效指标[1].下级[1].分析: 指标的“分析”不会印在报告中：广州市规则（guangzhou）"
        "的大纲没有逐项的指标分析；请把内容写进大纲中的章节（如履职效能分析、管理效率分析），或删去此项",
    ]
    assert main(["check", str(p)]) == 0  # warnings only


def test_t13_data_only_keys_and_dates(write):
    p = write(GUANGZHOU + "报告日期: 2024年3月5日\n重点工作:\n  - {工作任务: 调研, 完成情况: 已完成。}\n")
    assert findings(p, "T13") == [
        f"{at(p, '报告日期')}: 警告 [T13] 报告日期: “报告日期”不会印在报告中（只作为文件属性中的日期）："
        "广州市规则（guangzhou）不加落款（设置.落款）；不需要可删去此项",
        f"{at(p, chr(10) + '重点工作', offset=1)}: 警告 [T13] 重点工作: “重点工作”不会印在报告中（只用于复核）："
        "广州市规则（guangzhou）的大纲没有用到它的表格或句子；不需要可删去此项",
    ]


def test_t13_analysis_outside_the_indicators_the_outline_analyses(write):
    body = """\
        年度总体工作和重点工作任务: 完成年度工作。
        绩效指标:
          - 名称: 管理效率
            分值: 50
            下级:
              - {名称: 预算管理, 分值: 50, 得分: 50, 分析: 预算编制规范。}
          - 名称: 其他
            分值: 50
            下级:
              - {名称: 宣传, 分值: 50, 得分: 50, 分析: 宣传有力。}
        """
    p = write(MINIMAL.replace("地区: national", "地区: foshan") + textwrap.dedent(body))
    assert findings(p, "T13") == [
        f"{at(p, '分析', 2)}: 警告 [T13] 绩效指标[2].下级[1].分析: 指标的“分析”不会印在报告中：佛山市（市级）规则（foshan）"
        "的大纲只逐项分析“履职效能”“管理效率”下的指标；请把内容写进大纲中的章节，或删去此项"]


def test_t13_deduction_without_a_score_table_or_sentence(write, templates):
    profile(templates, "x", """\
        名称: 某市
        继承: national
        大纲:
          - {标题: 部门职能, 组成: [{内容: 部门职能}]}
          - {标题: 指标分析, 组成: [{指标分析: 全部}]}
        """)
    body = "绩效指标:\n  - {名称: 投入, 分值: 100, 得分: 99, 扣分原因: 目标不够细化。}\n"
    p = write(MINIMAL.replace("national", "x").replace("存在问题: 一是预算编制精细化程度不够。\n改进措施: 一是加强预算编制。\n", "") + body)
    assert findings(p, "T13", templates) == [
        f"{at(p, '扣分原因')}: 警告 [T13] 绩效指标[1].扣分原因: “扣分原因”不会印在报告中（只用于复核）：某市规则（x）的大纲"
        "没有指标得分表，指标得分句也不用扣分原因；请在该指标的“分析”中照写扣分原因"]
    # written word for word in the printed 分析 (as the Foshan report does): nothing is lost
    said = body.replace("扣分原因: 目标不够细化。}", "扣分原因: 目标不够细化。, 分析: 目标设置合理，但目标不够细化。}")
    p = write(MINIMAL.replace("national", "x").replace("存在问题: 一是预算编制精细化程度不够。\n改进措施: 一是加强预算编制。\n", "") + said)
    assert findings(p, "T13", templates) == []


def test_t13_deduction_beside_a_filled_deviation_column(write, templates):
    profile(templates, "form", """\
        名称: 表式
        继承: national
        大纲:
          - {标题: 绩效指标, 组成: [{表格: 自评表}]}
        表格:
          自评表:
            数据: 指标
            列: [一级指标, 二级指标, 分值, 得分, 偏差原因分析及改进措施]
        """)
    body = ("绩效指标:\n  - 名称: 产出\n    分值: 100\n    下级:\n"
            "      - {名称: 数量, 分值: 50, 得分: 49, 扣分原因: 少完成一项}\n"
            "      - {名称: 质量, 分值: 50, 得分: 49, 扣分原因: 合格率不足, 偏差原因分析及改进措施: 加强质量管理}\n")
    head = "地区: form\n年度: 2023\n部门全称: 某某市某某局\n部门简称: 某某局\n"
    p = write(head + body)
    # the column shows 少完成一项 (no 偏差原因 given), but only 加强质量管理 for 质量: its 扣分原因 is lost
    assert findings(p, "T13", templates) == [
        f"{at(p, '扣分原因', 2)}: 警告 [T13] 绩效指标[1].下级[2].扣分原因: “扣分原因”不会印在报告中：自评表的"
        "“偏差原因分析及改进措施”一列填写了的，只印这一列；请把扣分原因并入“偏差原因分析及改进措施”，或删去此项"]


def test_t13_examples_print_everything_they_fill():
    for path in sorted((TEMPLATES_DIR.parent / "inputs").glob("*.yaml")):
        assert findings(path, "T13") == []


# ---- T14 folded lines ----------------------------------------------------------------------------------

def test_t14_lines_typed_without_a_bar_are_joined(write):
    body = ("部门职能: 负责全市某某工作，\n  统筹推进某某改革。\n"
            "存在问题:\n  - 一是预算编制不细，\n    二是绩效目标不明。\n"
            "改进措施: \"一是细化预算，\n  二是明确目标。\"\n")
    p = write(MINIMAL.replace("部门职能: 负责某某工作。\n", "").replace("存在问题: 一是预算编制精细化程度不够。\n", "")
              .replace("改进措施: 一是加强预算编制。\n", "") + body)
    advice = "会被合并成一段（行与行之间还会多出空格）；要按行分段，请改成“|”开头的多行文字（“|”后换行，每行一段）"
    assert findings(p, "T14") == [
        f"{at(p, '负责全市')}: 警告 [T14] 部门职能: 第 5–6 行没有用“|”，{advice}",
        f"{at(p, '一是预算')}: 警告 [T14] 存在问题[1]: 第 8–9 行没有用“|”，{advice}",
        f"{at(p, '一是细化')}: 警告 [T14] 改进措施: 第 10–11 行没有用“|”，{advice}",
    ]


def test_t14_bar_blank_lines_and_escaped_breaks_keep_their_meaning(write):
    body = ("机构设置: |\n  内设办公室。\n  下设中心。\n"
            "部门整体支出绩效目标: 第一段。\n\n  第二段。\n"
            "收支补充说明: \"本年度无跨年退款，\\\n  无上年结转。\"\n")
    assert findings(write(MINIMAL + body), "T14") == []


# ---- T11 required sections -----------------------------------------------------------------------------

def test_t11_a_required_key_never_typed_points_where_to_add_it(write):
    p = write(MINIMAL.replace("存在问题: 一是预算编制精细化程度不够。\n", "") + INDICATORS)
    last = len(p.read_text(encoding="utf-8").rstrip().splitlines())
    assert findings(p, "T11") == [
        f"{p}:{last + 1}:1: 错误 [T11] 存在问题: 缺少必填章节“存在的主要问题”：大纲要求填写，"
        "请在问卷中加上“存在问题”（如“存在问题: |”，下一行起写内容）"]


# ---- init ---------------------------------------------------------------------------------------------

def _keys(text: str) -> list[str]:
    return [line.split(":", 1)[0] for line in text.splitlines() if line and not line.startswith(("#", " ", "-"))]


def test_init_offers_what_the_outline_prints():
    keys = _keys(blank_questionnaire("guangzhou"))
    assert keys == ["地区", "年度", "部门全称", "部门简称", "附件序号", "引言", "部门职能", "年度总体工作和重点工作任务",
                    "部门整体支出绩效目标", "收入", "支出", "收支补充说明", "部门整体绩效管理情况", "自评结论",
                    "履职效能分析", "管理效率分析", "总分", "等级", "存在问题", "改进措施", "绩效指标"]
    hebei = _keys(blank_questionnaire("hebei"))
    assert {"报告日期", "评价单位", "机构设置", "决算单位构成", "自评组织工作", "项目自评", "评价工作组"} <= set(hebei)
    assert "履职效能分析" not in hebei and "已核实" not in hebei


def test_init_marks_required_keys_and_offers_analysis_only_where_printed():
    hebei = blank_questionnaire("hebei").splitlines()
    assert hebei[hebei.index("部门职能:") - 1] == "# 【必填：部门职能、机构设置至少填一项】部门职能"
    assert hebei[hebei.index("存在问题:") - 1] == "# 【必填】存在的主要问题"
    assert hebei[hebei.index("自评结论:") - 1] == "# 自评结论的说明文字（得分和等级那句话由工具生成）"
    assert "分析: |" not in blank_questionnaire("guangzhou")
    assert blank_questionnaire("foshan").count("分析: |") == 10
