"""The 措辞 variables of money beyond the 明细表: year-on-year change, 本年收入合计, the 资金执行情况 block.

Amounts and percentages are display strings like every other wording value ("" when not computable).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from authoring.questionnaire.money import CURRENT_INCOME, Columns, Expenditure, Funding, FundingRow, Income, IncomeItem
from authoring.questionnaire.numbers import change
from authoring.report import formatting as fmt
from authoring.report.missing import MISSING, given


def change_words(current: Decimal | None, previous: Decimal | None, th: bool) -> dict[str, str]:
    """上年数, signed 增减额/增减率, the direction word 增减 and the unsigned 变动额/变动率 for “减少X万元”."""
    diff, rate = change(current, previous)
    direction = "" if diff is None else "增加" if diff > 0 else "减少" if diff < 0 else "持平"
    return {
        "上年数": given(previous, fmt.amount, th),
        "增减额": given(diff, fmt.amount, th),
        "增减率": given(rate, fmt.percent),
        "增减": direction or given(None),
        "变动额": given(abs(diff) if diff is not None else None, fmt.amount, th),
        "变动率": given(abs(rate) if rate is not None else None, fmt.percent),
    }


def income_words(income: Income, th: bool) -> dict[str, Any]:
    """收入: 本年收入合计 and 合计 against 上年数."""
    return {"本年收入合计": fmt.amount(income.current_base(), th), **change_words(income.total, income.previous, th)}


def income_item_words(item: IncomeItem, th: bool) -> dict[str, Any]:
    """收入.分项[]: 本年 (counts in 本年收入合计) and the item against its 上年数."""
    return {"本年": item.source in CURRENT_INCOME, **change_words(item.amount, item.previous, th)}


def _line_words(cols: Columns | None, th: bool) -> dict[str, str]:
    cols = cols or Columns()
    return {
        "年初预算数": given(cols.initial, fmt.amount, th),
        "调整预算数": given(cols.adjusted, fmt.amount, th),
        "决算数": given(cols.actual, fmt.amount, th),
        **change_words(cols.actual, cols.previous, th),
    }


def expenditure_words(e: Expenditure, th: bool) -> dict[str, Any]:
    """支出: 决算合计 against 上年数, and 类别.<支出类别> with every column and its change."""
    basic, project = e.basic, e.project
    lines = {
        "基本支出": basic,
        "人员经费": basic.personnel if basic else None,
        "日常公用经费": basic.public if basic else None,
        "项目支出": project,
        "其中基本建设类项目": project.construction if project else None,
        "上缴上级支出": e.remitted,
        "经营支出": e.business,
        "对附属单位补助支出": e.subsidiary,
    }
    return {**change_words(e.total.actual, e.total.previous, th),
            "类别": {label: _line_words(cols, th) for label, cols in lines.items()}}


def _funding_row_words(row: FundingRow, th: bool) -> dict[str, str]:
    rate = row.computed_rate()
    return {
        "名称": row.label,
        "年初预算数": given(row.initial, fmt.amount, th),
        "全年预算数": given(row.adjusted, fmt.amount, th),
        "全年执行数": given(row.actual, fmt.amount, th),
        "执行率": given(rate if rate is not None else row.rate, fmt.percent),
    }


def funding_words(funding: Funding | None, th: bool) -> Any:
    """资金: the 年度资金总额 row's figures at the top, every row (年度资金总额 first) in 分项."""
    if funding is None or not funding.rows:
        return MISSING
    rows = [_funding_row_words(row, th) for row in funding.rows]
    total = {key: value for key, value in rows[0].items() if key != "名称"}
    return {**total, "分项": rows}
