"""The questionnaire: what a finance clerk types, in the report's own vocabulary.

Field names are English; every field's alias is the Chinese key the clerk types,
and its description is what the JSON Schema shows in the editor.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import field_validator

from authoring.questionnaire.fields import Content, Integer, Model, Ordinal, Score, field
from authoring.questionnaire.indicators import Indicator, Project
from authoring.questionnaire.money import Expenditure, Funding, Income
from authoring.questionnaire.numbers import normalize, shown


class Unit(Model):
    name: str = field("单位名称", "纳入决算汇编的独立核算单位名称")
    nature: str = field("单位基本性质", "行政单位、参公事业单位、财政补助事业单位或经费自理事业单位")
    funding: str = field("经费形式", "财政拨款、财政性资金基本保证、定额或定项补助、零补助")


TaskStatus = Literal["已完成", "部分完成", "未完成"]


class Task(Model):
    task: str = field("工作任务", "重点工作任务名称")
    status: TaskStatus = field("状态", "已完成、部分完成或未完成", default="已完成")
    result: str = field("完成情况", "完成情况说明，如“已完成。形成专题调研报告报市委、市政府。”")


class Member(Model):
    name: str = field("姓名", "姓名")
    unit: str = field("工作单位", "工作单位")
    post: str = field("职务", "职务")
    title: str | None = field("职称", "职称（没有可写“无”）", default=None)


class Verified(Model):
    """一条已核实的问题：check 报出的规则编号和字段与此相同时，该问题显示为“已核实”，不再阻止生成。"""

    rule: str = field("规则", "问题的规则编号，如 M10")
    path: str = field("字段", "问题所在的字段，照 check 输出填写，如 履职效能分析[2].内容 或 支出.合计.决算数；"
                            "写上级字段（如 履职效能分析、支出.合计）则包括其下各字段中该规则的问题")
    reason: str = field("理由", "为什么这样写是对的（只作说明，不参加文字检查）")


class Illustrative(Model):
    """示例报告中原报告没有、为演示补充的内容：报告在印出它的表格、句子或章节之后加注【示意】说明。"""

    paths: str | list[str] = field(
        "字段", "补充的内容所在的字段，照问卷的键写，如 绩效指标、总分、评价工作组.职称、绩效指标[2]；"
                "几个字段共用一条说明时写成列表，如 [总分, 等级]")
    note: str = field("说明", "印在这些内容之后的说明：补充了什么、为什么补充（原报告没有什么），"
                            "如“原报告没有印出指标得分，表中的分值、得分为示意，不是该部门的评价结果”")


class Questionnaire(Model):
    profile: str = field("地区", "适用的地区规则（templates/ 下的文件夹名），如 foshan、guangzhou、hebei、national")
    year: Integer = field("年度", "评价年度，如 2021", ge=2000, le=2100)
    department: str = field("部门全称", "部门全称，用于标题")
    short_name: str = field("部门简称", "部门简称，用于正文")
    annex: Ordinal | None = field("附件序号", "作为附件报送时的序号（如 3 → “附件3”），不是附件就不填", default=None)
    report_date: dt.date | None = field("报告日期", "成文日期，如 2022年3月15日 或 2022-03-15；也用作文件日期", default=None)
    evaluator: str | None = field("评价单位", "落款单位（不填则用部门全称）", default=None)
    title: str | None = field("标题", "自定义报告标题（一般不填，由工具按地区格式生成）；写“|”指定标题的断行处", default=None)
    intro: Content = field("引言", "标题下、第一部分前的引言段落", default=None)
    functions: Content = field("部门职能", "部门职能", default=None)
    organisation: Content = field("机构设置", "机构设置（内设机构、下属单位、编制和人员）", default=None)
    units: list[Unit] | None = field("决算单位构成", "纳入决算汇编的单位（河北格式的决算单位构成表）", default=None)
    work: Content = field("年度总体工作和重点工作任务", "年度总体工作和重点工作任务", default=None)
    tasks: list[Task] | None = field("重点工作", "重点工作完成情况表的各行", default=None)
    goals: Content = field("部门整体支出绩效目标", "部门整体支出绩效目标（写目标和指标，不写已取得的成绩）", default=None)
    income: Income | None = field("收入", "收入情况（万元）", default=None)
    expenditure: Expenditure | None = field("支出", "支出情况（部门预算支出明细表，万元）", default=None)
    funding: Funding | None = field("资金执行情况", "自评表的预算执行率一块：年度资金总额及其中各项的年初预算数、全年预算数、全年执行数，分值和得分", default=None)
    finance_note: Content = field("收支补充说明", "收支情况的补充说明（工具会根据收入、支出自动生成收支概述）", default=None)
    management: Content = field("部门整体绩效管理情况", "部门整体绩效管理情况", default=None)
    self_eval_organisation: Content = field("自评组织工作", "自评的组织工作", default=None)
    self_eval_method: Content = field("自评方法和过程", "自评的方法和过程", default=None)
    overall_goal: Content = field("总体绩效目标实现情况", "总体绩效目标实现情况", default=None)
    sub_goals: Content = field("分项绩效目标实现情况", "分项绩效目标实现情况及指标分析", default=None)
    conclusion: Content = field("自评结论", "自评结论的说明文字（得分和等级那句话由工具生成）", default=None)
    effectiveness: Content = field("履职效能分析", "履职效能分析（不按指标逐项写时填写）", default=None)
    efficiency: Content = field("管理效率分析", "管理效率分析（不按指标逐项写时填写）", default=None)
    indicators: list[Indicator] | None = field("绩效指标", "指标得分：一级指标及其下级指标，末级指标填写得分", default=None)
    projects: list[Project] | None = field("项目自评", "项目自评得分表", default=None)
    total: Score | None = field("总分", "报告中写明的部门整体自评总分（工具会复核）", default=None)
    grade: str | None = field("等级", "报告中写明的评价等级（工具会复核）", default=None)
    problems: Content = field("存在问题", "存在的主要问题", default=None)
    measures: Content = field("改进措施", "下一步改进措施及有关建议", default=None)
    other: Content = field("其他自评情况", "其他自评情况（没有可写“无”）", default=None)
    team: list[Member] | None = field("评价工作组", "评价工作组人员名单", default=None)
    extra_sections: dict[str, Content] | None = field("其他章节", "地区大纲中自定义章节的内容，键为大纲中写的名称", default=None)
    verified: list[Verified] | None = field(
        "已核实", "已经核实无误、不必修改的问题：写明规则编号、字段和理由，该问题显示为“已核实”，不再算作错误或警告，"
        "不阻止生成；没有对应问题的记录会给出警告", default=None)
    example: str | None = field(
        "示例说明", "本问卷是示例、不是部门报送的正式报告时写明：依据什么整理、用来做什么。写了它（或“示意”）的报告"
        "每页页眉印“示例”，标题下印这段说明", default=None)
    illustrative: list[Illustrative] | None = field(
        "示意", "示例中原报告没有、为演示补充的内容（如指标得分、总分、等级）：每条写明字段和说明，报告在印出这些内容的"
        "表格、句子或章节之后加注【示意】说明，页眉印“示例”", default=None)

    @field_validator("report_date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        if value is None or isinstance(value, dt.date):
            return value
        s = normalize(str(value))
        m = re.fullmatch(DATE_FORM, s)
        if not m:
            raise ValueError(f"日期应写成 2022年3月15日 或 2022-03-15，实际为“{shown(value)}”")
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"没有这一天：“{value}”") from None


# The date forms the comments and docs recommend (2022年3月15日, 2022-03-15, 2022.3.15, 2022/3/15), once
# normalize() has made full-width digits half-width; authoring/schema.py gives editors the same forms.
DATE_FORM = r"([0-9]{4})\s*[年\-./]\s*([0-9]{1,2})\s*[月\-./]\s*([0-9]{1,2})\s*日?"


def content_keys() -> list[str]:
    """Questionnaire keys whose value is narrative content an outline can place."""
    return [f.alias for f in Questionnaire.model_fields.values() if f.annotation == Content]
