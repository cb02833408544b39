"""The questionnaire: what a finance clerk types, in the report's own vocabulary.

Field names are English; every field's alias is the Chinese key the clerk types,
and its description is what the JSON Schema shows in the editor.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from authoring.numbers import parse_amount, parse_count, parse_percent, parse_score, normalize

Amount = Annotated[Decimal, BeforeValidator(parse_amount), Field(json_schema_extra={"type": ["string", "number"]})]
Score = Annotated[Decimal, BeforeValidator(parse_score), Field(json_schema_extra={"type": ["string", "number"]})]
Percent = Annotated[Decimal, BeforeValidator(parse_percent), Field(json_schema_extra={"type": "string", "pattern": "%$"})]
Count = Annotated[int, BeforeValidator(parse_count), Field(json_schema_extra={"type": ["string", "integer"]})]


def _parse_measure(text: object) -> Decimal:
    s = normalize(str(text))
    return parse_score(s[:-1] if s.endswith("%") else s.removesuffix("分"))


Measure = Annotated[Decimal, BeforeValidator(_parse_measure), Field(json_schema_extra={"type": ["string", "number"]})]


def _f(alias: str, description: str, **kw):
    return Field(alias=alias, description=description, title=alias, **kw)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Subsection(Model):
    """一个小节：工具自动编号（1. →（1）），不要在标题里自己写编号。"""

    title: str = _f("标题", "小节标题，不写编号（编号由工具生成）")
    body: Content = _f("内容", "小节正文：一段文字（每行一段），或下一级小节的列表", default=None)


Content = Union[str, list[Union[str, Subsection]], None]
Subsection.model_rebuild()


class Unit(Model):
    name: str = _f("单位名称", "纳入决算汇编的独立核算单位名称")
    nature: str = _f("单位基本性质", "行政单位、参公事业单位、财政补助事业单位或经费自理事业单位")
    funding: str = _f("经费形式", "财政拨款、财政性资金基本保证、定额或定项补助、零补助")


TaskStatus = Literal["已完成", "部分完成", "未完成"]


class Task(Model):
    task: str = _f("工作任务", "重点工作任务名称")
    status: TaskStatus = _f("状态", "已完成、部分完成或未完成", default="已完成")
    result: str = _f("完成情况", "完成情况说明，如“已完成。形成专题调研报告报市委、市政府。”")


IncomeSource = Literal[
    "财政拨款收入",
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
]


class IncomeItem(Model):
    source: IncomeSource = _f("名称", "收入来源")
    amount: Amount = _f("金额", "金额（万元），按决算表填写，如 3093.93")
    share: Percent | None = _f("占比", "报告中写明的占收入合计的比重，如 99.28%", default=None)


class Income(Model):
    basis: Literal["决算", "预算"] = _f("口径", "收入数据的口径：决算（实际）或预算", default="决算")
    total: Amount = _f("合计", "收入合计（万元），照决算表抄写，工具会复核")
    items: list[IncomeItem] = _f("分项", "各项收入", default_factory=list)


class Columns(Model):
    """一行支出的三列：年初预算数、调整预算数、决算数（万元），没有的列留空。"""

    initial: Amount | None = _f("年初预算数", "年初预算数（万元）", default=None)
    adjusted: Amount | None = _f("调整预算数", "调整预算数（全年预算数，万元）", default=None)
    actual: Amount | None = _f("决算数", "决算数（全年实际支出，万元）", default=None)


class BasicExpenditure(Columns):
    personnel: Columns | None = _f("人员经费", "其中：人员经费", default=None)
    public: Columns | None = _f("日常公用经费", "其中：日常公用经费", default=None)


class ProjectExpenditure(Columns):
    construction: Columns | None = _f("其中基本建设类项目", "其中：基本建设类项目", default=None)


class Expenditure(Model):
    basic: BasicExpenditure | None = _f("基本支出", "一、基本支出", default=None)
    project: ProjectExpenditure | None = _f("项目支出", "二、项目支出", default=None)
    remitted: Columns | None = _f("上缴上级支出", "三、上缴上级支出", default=None)
    business: Columns | None = _f("经营支出", "四、经营支出", default=None)
    subsidiary: Columns | None = _f("对附属单位补助支出", "五、对附属单位补助支出", default=None)
    total: Columns = _f("合计", "支出合计，照决算表抄写，工具会复核")
    execution_rate: Percent | None = _f("预算执行率", "报告中写明的预算执行率（决算数÷调整预算数），如 98.79%", default=None)
    execution_note: str | None = _f("执行率说明", "执行率低于 90% 或高于 100% 时的原因说明", default=None)
    adjustment_note: str | None = _f("预算调整说明", "预算调整幅度较大时的原因说明", default=None)


QualitativeBand = Literal["达成", "部分达成", "未达成"]


class Indicator(Model):
    name: str = _f("名称", "指标名称，与本地区指标体系一致")
    weight: Score = _f("分值", "该指标的分值（权重）")
    score: Score | None = _f("得分", "自评得分（末级指标必填；上级指标可不填，由工具汇总）", default=None)
    deduction: str | None = _f("扣分原因", "得分低于分值时必须说明", default=None)
    band: QualitativeBand | None = _f("评价档次", "定性指标的档次：达成（80%–100%）、部分达成（60%–80%）、未达成（60%以下）", default=None)
    planned: Count | None = _f("计划数", "计划（应完成）数量，如计划重点工作 11 项、项目总数 9 个", default=None)
    done: Count | None = _f("完成数", "实际完成数量，如已完成 11 项、已自评 9 个", default=None)
    rate: Percent | None = _f("完成率", "报告中写明的完成率（完成数÷计划数），如 100%", default=None)
    actual: Measure | None = _f("实际值", "实际完成值，如满意度 98.01", default=None)
    target: Measure | None = _f("目标值", "年度指标值，如满意度 90", default=None)
    analysis: Content = _f("分析", "该指标的分析文字（报告中该指标小节的正文）", default=None)
    children: list[Indicator] | None = _f("下级", "下级指标", default=None)


class Project(Model):
    name: str = _f("项目名称", "项目名称")
    funds: Amount | None = _f("项目资金", "项目资金（万元），用于按资金加权计算项目绩效目标完成率", default=None)
    score: Score = _f("自评得分", "项目自评得分")
    grade: str | None = _f("评价等级", "项目评价等级（照报告填写，工具会复核）", default=None)


class Member(Model):
    name: str = _f("姓名", "姓名")
    unit: str = _f("工作单位", "工作单位")
    post: str = _f("职务", "职务")
    title: str | None = _f("职称", "职称（没有可写“无”）", default=None)


class Questionnaire(Model):
    profile: str = _f("地区", "适用的地区规则（templates/ 下的文件夹名），如 foshan、guangzhou、hebei、national")
    year: int = _f("年度", "评价年度，如 2021", ge=2000, le=2100)
    department: str = _f("部门全称", "部门全称，用于标题")
    short_name: str = _f("部门简称", "部门简称，用于正文")
    annex: int | None = _f("附件序号", "作为附件报送时的序号（如 3 → “附件3”），不是附件就不填", default=None, ge=1)
    report_date: dt.date | None = _f("报告日期", "成文日期，如 2022年3月15日 或 2022-03-15；也用作文件日期", default=None)
    evaluator: str | None = _f("评价单位", "落款单位（不填则用部门全称）", default=None)
    title: str | None = _f("标题", "自定义报告标题（一般不填，由工具按地区格式生成）", default=None)
    intro: Content = _f("引言", "标题下、第一部分前的引言段落", default=None)
    functions: Content = _f("部门职能", "部门职能")
    organisation: Content = _f("机构设置", "机构设置（内设机构、下属单位、编制和人员）", default=None)
    units: list[Unit] | None = _f("决算单位构成", "纳入决算汇编的单位（河北格式的决算单位构成表）", default=None)
    work: Content = _f("年度总体工作和重点工作任务", "年度总体工作和重点工作任务", default=None)
    tasks: list[Task] | None = _f("重点工作", "重点工作完成情况表的各行", default=None)
    goals: Content = _f("部门整体支出绩效目标", "部门整体支出绩效目标（写目标和指标，不写已取得的成绩）", default=None)
    income: Income | None = _f("收入", "收入情况（万元）", default=None)
    expenditure: Expenditure | None = _f("支出", "支出情况（部门预算支出明细表，万元）", default=None)
    finance_note: Content = _f("收支补充说明", "收支情况的补充说明（工具会根据收入、支出自动生成收支概述）", default=None)
    management: Content = _f("部门整体绩效管理情况", "部门整体绩效管理情况", default=None)
    self_eval_organisation: Content = _f("自评组织工作", "自评的组织工作", default=None)
    self_eval_method: Content = _f("自评方法和过程", "自评的方法和过程", default=None)
    overall_goal: Content = _f("总体绩效目标实现情况", "总体绩效目标实现情况", default=None)
    sub_goals: Content = _f("分项绩效目标实现情况", "分项绩效目标实现情况及指标分析", default=None)
    conclusion: Content = _f("自评结论", "自评结论的说明文字（得分和等级那句话由工具生成）", default=None)
    effectiveness: Content = _f("履职效能分析", "履职效能分析（不按指标逐项写时填写）", default=None)
    efficiency: Content = _f("管理效率分析", "管理效率分析（不按指标逐项写时填写）", default=None)
    indicators: list[Indicator] | None = _f("绩效指标", "指标得分：一级指标及其下级指标，末级指标填写得分", default=None)
    projects: list[Project] | None = _f("项目自评", "项目自评得分表", default=None)
    total: Score | None = _f("总分", "报告中写明的部门整体自评总分（工具会复核）", default=None)
    grade: str | None = _f("等级", "报告中写明的评价等级（工具会复核）", default=None)
    problems: Content = _f("存在问题", "存在的主要问题")
    measures: Content = _f("改进措施", "下一步改进措施及有关建议")
    other: Content = _f("其他自评情况", "其他自评情况（没有可写“无”）", default=None)
    team: list[Member] | None = _f("评价工作组", "评价工作组人员名单", default=None)
    extra_sections: dict[str, Content] | None = _f("其他章节", "地区大纲中自定义章节的内容，键为大纲中写的名称", default=None)

    @field_validator("report_date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        if value is None or isinstance(value, dt.date):
            return value
        s = normalize(str(value))
        m = re.fullmatch(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?", s)
        if not m:
            raise ValueError(f"日期应写成 2022年3月15日 或 2022-03-15，实际为“{value}”")
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"没有这一天：“{value}”") from None
