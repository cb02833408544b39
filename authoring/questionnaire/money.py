"""收入 and 支出: the money a department states, in 万元."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from authoring.questionnaire.fields import Amount, Model, Percent, Score, field
from authoring.questionnaire.numbers import percent_of

# The income lines of the 部门决算 收入支出决算总表. The first group makes up 本年收入合计;
# 使用非财政拨款结余 (older name: 用事业基金弥补收支差额) and 年初结转和结余 (often written
# 上年结转) are added to it to give 收入总计.
CURRENT_INCOME = (
    "财政拨款收入",
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
)
CARRIED_INCOME = ("使用非财政拨款结余", "用事业基金弥补收支差额", "年初结转和结余", "上年结转")
FISCAL_INCOME = "财政拨款收入"
FISCAL_KINDS = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")

IncomeSource = Literal[CURRENT_INCOME + CARRIED_INCOME]  # type: ignore[valid-type]  # the lines above, as choices


class IncomeItem(Model):
    source: IncomeSource = field(
        "名称", "收入来源，照决算总表：财政拨款收入（或分为一般公共预算、政府性基金预算、国有资本经营预算财政拨款收入）、"
        "上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入；以及不属于本年收入的使用非财政拨款结余、"
        "年初结转和结余（上年结转）")
    amount: Amount = field("金额", "金额（万元），按决算表填写，如 3093.93")
    share: Percent | None = field(
        "占比", "报告中写明的比重，如 99.28%：占收入合计；列了结转结余时，本年收入各项也可以是占本年收入合计的比重",
        default=None)
    previous: Amount | None = field("上年数", "上年同一项的金额（万元），用于同比增减", default=None)


class Income(Model):
    basis: Literal["决算", "预算"] = field("口径", "收入数据的口径：决算（实际）或预算", default="决算")
    total: Amount = field(
        "合计", "收入合计（万元），即所列各项之和（列了使用非财政拨款结余、年初结转和结余的，就是收入总计），"
        "照决算表抄写，工具会复核")
    current_total: Amount | None = field(
        "本年收入合计", "本年收入合计（万元）：财政拨款收入至其他收入各项之和，不含使用非财政拨款结余、年初结转和结余；"
        "报告写了就填，工具会复核", default=None)
    previous: Amount | None = field("上年数", "上年收入合计（万元），即各项上年数之和，用于同比增减", default=None)
    items: list[IncomeItem] = field(
        "分项", "各项收入，照决算总表逐行填写：先写本年收入各项，再写使用非财政拨款结余、年初结转和结余（计入合计，"
        "不计入本年收入合计）", default_factory=list)

    def top_items(self) -> list[tuple[int, IncomeItem]]:
        """(index, item) of the lines that add up to 合计: the kinds of 财政拨款收入 are “其中” when it is listed too."""
        items = list(enumerate(self.items))
        names = {item.source for _, item in items}
        if FISCAL_INCOME in names and names & set(FISCAL_KINDS):
            return [(i, item) for i, item in items if item.source not in FISCAL_KINDS]
        return items

    def current_items(self) -> list[tuple[int, IncomeItem]]:
        """The top lines that make up 本年收入合计."""
        return [(i, item) for i, item in self.top_items() if item.source in CURRENT_INCOME]

    def carried_items(self) -> list[tuple[int, IncomeItem]]:
        """使用非财政拨款结余, 年初结转和结余 …: in 合计 (收入总计), not in 本年收入合计."""
        return [(i, item) for i, item in enumerate(self.items) if item.source in CARRIED_INCOME]

    def current_sum(self) -> Decimal:
        return sum((item.amount for _, item in self.current_items()), Decimal(0))

    def current_base(self) -> Decimal:
        """本年收入合计 as stated, else as the listed lines give it."""
        if self.current_total is not None:
            return self.current_total
        return self.current_sum() if self.carried_items() else self.total


class Columns(Model):
    """一行支出的各列：年初预算数、调整预算数、决算数（万元），以及上年数；没有的列留空。"""

    initial: Amount | None = field("年初预算数", "年初预算数（万元）", default=None)
    adjusted: Amount | None = field("调整预算数", "调整预算数（全年预算数，万元）", default=None)
    actual: Amount | None = field("决算数", "决算数（全年实际支出，万元）", default=None)
    previous: Amount | None = field("上年数", "上年决算数（万元），用于同比增减", default=None)


class BasicExpenditure(Columns):
    """基本支出；只写了人员经费和日常公用经费、没有基本支出小计时，三列可以不填。"""

    personnel: Columns | None = field("人员经费", "其中：人员经费", default=None)
    public: Columns | None = field("日常公用经费", "其中：日常公用经费（报告写“公用经费”的也填在这里）", default=None)


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


class FundingRow(Model):
    """自评表“年度预算资金”一块的一行。"""

    name: str = field("名称", "资金来源：年度资金总额（第一行，合计）、当年财政拨款、上年结转资金、其他资金")
    initial: Amount | None = field("年初预算数", "年初预算数（万元）", default=None)
    adjusted: Amount | None = field("全年预算数", "全年预算数（调整后，万元）", default=None)
    actual: Amount | None = field("全年执行数", "全年执行数（万元）", default=None)
    rate: Percent | None = field("执行率", "表中写明的执行率（全年执行数÷全年预算数），如 98.79%", default=None)

    @property
    def label(self) -> str:
        """The source without layout: “其中：当年财政拨款 ” → 当年财政拨款."""
        return re.sub(r"\s+", "", self.name).removeprefix("其中").strip("：:")

    def computed_rate(self) -> Decimal | None:
        """全年执行数 ÷ 全年预算数 × 100, 2 dp 四舍五入; None when it cannot be computed."""
        if self.adjusted is None or self.actual is None:
            return None
        return percent_of(self.actual, self.adjusted)


TOTAL_FUNDING = "年度资金总额"


class Funding(Model):
    """自评表的预算执行率一块：各资金来源的预算数、执行数，以及这一项的分值和得分。"""

    rows: list[FundingRow] = field("分项", "第一行为年度资金总额，其后为其中各项", default_factory=list)
    weight: Score | None = field("分值", "预算执行率的分值，如 10（计入总分）；绩效指标中已有按执行率评分的指标时，它就是该指标：分值、得分须与之相同，不重复计入", default=None)
    score: Score | None = field("得分", "预算执行率的得分（工具按 执行率 × 分值、不超过分值 复核）", default=None)
