"""收入 and 支出: the money a department states, in 万元."""

from __future__ import annotations

from typing import Literal

from authoring.questionnaire.fields import Amount, Model, Percent, field


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
    source: IncomeSource = field("名称", "收入来源")
    amount: Amount = field("金额", "金额（万元），按决算表填写，如 3093.93")
    share: Percent | None = field("占比", "报告中写明的占收入合计的比重，如 99.28%", default=None)


class Income(Model):
    basis: Literal["决算", "预算"] = field("口径", "收入数据的口径：决算（实际）或预算", default="决算")
    total: Amount = field("合计", "收入合计（万元），照决算表抄写，工具会复核")
    items: list[IncomeItem] = field("分项", "各项收入", default_factory=list)


class Columns(Model):
    """一行支出的三列：年初预算数、调整预算数、决算数（万元），没有的列留空。"""

    initial: Amount | None = field("年初预算数", "年初预算数（万元）", default=None)
    adjusted: Amount | None = field("调整预算数", "调整预算数（全年预算数，万元）", default=None)
    actual: Amount | None = field("决算数", "决算数（全年实际支出，万元）", default=None)


class BasicExpenditure(Columns):
    personnel: Columns | None = field("人员经费", "其中：人员经费", default=None)
    public: Columns | None = field("日常公用经费", "其中：日常公用经费", default=None)


class ProjectExpenditure(Columns):
    construction: Columns | None = field("其中基本建设类项目", "其中：基本建设类项目", default=None)


class Expenditure(Model):
    basic: BasicExpenditure | None = field("基本支出", "一、基本支出", default=None)
    project: ProjectExpenditure | None = field("项目支出", "二、项目支出", default=None)
    remitted: Columns | None = field("上缴上级支出", "三、上缴上级支出", default=None)
    business: Columns | None = field("经营支出", "四、经营支出", default=None)
    subsidiary: Columns | None = field("对附属单位补助支出", "五、对附属单位补助支出", default=None)
    total: Columns = field("合计", "支出合计，照决算表抄写，工具会复核")
    execution_rate: Percent | None = field("预算执行率", "报告中写明的预算执行率（决算数÷调整预算数），如 98.79%", default=None)
    execution_note: str | None = field("执行率说明", "执行率低于 90% 或高于 100% 时的原因说明", default=None)
    adjustment_note: str | None = field("预算调整说明", "预算调整幅度较大时的原因说明", default=None)
