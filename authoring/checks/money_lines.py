"""Money as departments state it beyond the 明细表: 本年收入合计, the 上年数 column and the 自评表's 执行率 block.

Rule ids: M1 收入 (本年收入合计 = Σ 本年 lines; 上年数 sums), M4 基本支出 上年数, M5 支出合计 上年数,
M6 a stated 执行率 of the block, M12 the block's own identities, M13 the block against 支出.
Sums keep the 0.01 万元 tail rule of checks/money.py; M13 compares one figure stated twice, which
has no tail: any difference is an error. A 上年数 column that nobody filled is not asked for:
only a column that some lines state and others leave out is incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from authoring.checks.figures import Readings, tail_tolerance
from authoring.checks.money import EXP, RATE_TOLERANCE, WARNING, _amount, _sum_check
from authoring.findings import Finding
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.money import (FISCAL_INCOME, FISCAL_KINDS, TOTAL_FUNDING, Columns, Funding, FundingRow,
                                           Income)
from authoring.questionnaire.numbers import decimals_of
from authoring.questionnaire.yamlsource import PathKey, finding_at

PREVIOUS = "上年数"
FUND: PathKey = ("资金执行情况",)
FUNDING_COLUMNS = (("年初预算数", "initial"), ("全年预算数", "adjusted"), ("全年执行数", "actual"))
# 资金执行情况 column → the 支出合计 column that states the same money
FUNDING_VS_EXPENDITURE = (("年初预算数", "initial", "年初预算数"), ("全年预算数", "adjusted", "调整预算数"),
                          ("全年执行数", "actual", "决算数"))


@dataclass
class Cell:
    """One line's value in the column being checked (None when the line leaves it out)."""

    label: str
    row: PathKey
    value: Decimal | None


def check_money_lines(loaded: Loaded, readings: Readings | None = None) -> list[Finding]:
    """All findings on 本年收入合计, 上年数 and 资金执行情况 at once; `readings` (checks/figures.py)
    tell a wrong 支出合计 from a wrong 资金执行情况."""
    return [
        *_current_income_total(loaded),
        *_previous_income(loaded),
        *_previous_expenditure(loaded),
        *_funding_first_row(loaded),
        *_funding_columns(loaded),
        *_funding_rates(loaded),
        *_funding_matches_expenditure(loaded, readings),
    ]


def _names(cells: list[Cell]) -> str:
    return "、".join(cell.label for cell in cells)


def _column_total(loaded: Loaded, rule: str, whole: Cell, parts: list[Cell], key: str) -> list[Finding]:
    """whole = Σ parts in column `key`; a column stated by some lines and not others is a warning."""
    having = [cell for cell in parts if cell.value is not None]
    if not having:
        return []
    if whole.value is None:
        message = f"{_names(having)}填写了{key}，但{whole.label}没有填写{key}，请补充"
        return [finding_at(loaded.source, whole.row, rule, message, WARNING)]
    lacking = [cell for cell in parts if cell.value is None]
    if lacking:
        return [finding_at(loaded.source, cell.row, rule,
                           f"{cell.label}没有填写{key}（{_names(having)}填写了），{whole.label}的{key}无法复核，"
                           f"请补充（没有发生额的填 0）", WARNING) for cell in lacking]
    values = [(cell.label, cell.value) for cell in having]
    return _sum_check(loaded, rule, whole.row + (key,), f"{whole.label}（{key}）", values, whole.value)


# ---------------------------------------------------------------- 收入

def _current_income_total(loaded: Loaded) -> list[Finding]:
    """M1: a stated 本年收入合计 = Σ the 本年 lines (carried lines are not 本年 income)."""
    income = loaded.questionnaire.income
    if income is None or income.current_total is None or not income.current_items():
        return []
    parts = [(item.source, item.amount) for _, item in income.current_items()]
    return _sum_check(loaded, "M1", ("收入", "本年收入合计"), "本年收入合计", parts, income.current_total)


def _income_row(i: int) -> PathKey:
    return ("收入", "分项", i)


def _previous_income(loaded: Loaded) -> list[Finding]:
    """M1 in the 上年数 column: 收入合计 = Σ lines, 财政拨款收入 = Σ its kinds."""
    income: Income | None = loaded.questionnaire.income
    if income is None:
        return []
    parts = [Cell(item.source, _income_row(i), item.previous) for i, item in income.top_items()]
    found = _column_total(loaded, "M1", Cell("收入合计", ("收入",), income.previous), parts, PREVIOUS)
    fiscal = [(i, item) for i, item in enumerate(income.items) if item.source == FISCAL_INCOME]
    kinds = [Cell(item.source, _income_row(i), item.previous)
             for i, item in enumerate(income.items) if item.source in FISCAL_KINDS]
    if len(fiscal) == 1 and kinds:
        i, item = fiscal[0]
        found += _column_total(loaded, "M1", Cell(FISCAL_INCOME, _income_row(i), item.previous), kinds, PREVIOUS)
    return found


# ---------------------------------------------------------------- 支出 上年数

def _stated(cols: Columns | None) -> bool:
    return cols is not None and any(v is not None for v in (cols.initial, cols.adjusted, cols.actual, cols.previous))


def _previous_expenditure(loaded: Loaded) -> list[Finding]:
    """M5: 支出合计 上年数 = Σ categories; M4: 基本支出 上年数 = 人员经费 + 日常公用经费."""
    e = loaded.questionnaire.expenditure
    if e is None:
        return []
    basic = e.basic
    breakdown = [Cell(label, EXP + ("基本支出", label), cols.previous)
                 for label, cols in (("人员经费", basic.personnel), ("日常公用经费", basic.public))
                 if _stated(cols)] if basic is not None else []
    categories: list[Cell] = []
    if basic is not None and basic.previous is None and any(cell.value is not None for cell in breakdown):
        categories += breakdown  # no 基本支出 subtotal for last year: its two parts stand in for it
    elif _stated(basic):
        categories.append(Cell("基本支出", EXP + ("基本支出",), basic.previous))
    for label, cols in (("项目支出", e.project), ("上缴上级支出", e.remitted), ("经营支出", e.business),
                        ("对附属单位补助支出", e.subsidiary)):
        if _stated(cols):
            categories.append(Cell(label, EXP + (label,), cols.previous))
    found = _column_total(loaded, "M5", Cell("支出合计", EXP + ("合计",), e.total.previous), categories, PREVIOUS)
    if basic is not None and basic.previous is not None:
        found += _column_total(loaded, "M4", Cell("基本支出", EXP + ("基本支出",), basic.previous), breakdown, PREVIOUS)
    return found


# ---------------------------------------------------------------- 资金执行情况

def _rows(loaded: Loaded) -> list[FundingRow]:
    funding: Funding | None = loaded.questionnaire.funding
    return list(funding.rows) if funding is not None else []


def _has_total_row(rows: list[FundingRow]) -> bool:
    return bool(rows) and rows[0].label == TOTAL_FUNDING


def _fund_row(i: int) -> PathKey:
    return FUND + ("分项", i)


def _funding_first_row(loaded: Loaded) -> list[Finding]:
    """M12: the block opens with 年度资金总额, the row the 执行率 is scored from."""
    rows = _rows(loaded)
    if not rows or _has_total_row(rows):
        return []
    elsewhere = next((i for i, row in enumerate(rows) if row.label == TOTAL_FUNDING), None)
    where = f"（现在写在第 {elsewhere + 1} 行）" if elsewhere is not None else ""
    message = (f"第一行应为{TOTAL_FUNDING}（各项资金的合计），实际为“{rows[0].name}”{where}；"
               f"请把{TOTAL_FUNDING}写在第一行，其后写其中各项（当年财政拨款、上年结转资金、其他资金）")
    return [finding_at(loaded.source, _fund_row(0) + ("名称",), "M12", message)]


def _funding_columns(loaded: Loaded) -> list[Finding]:
    """M12: the 其中 rows add up to 年度资金总额 in every column."""
    rows = _rows(loaded)
    if not _has_total_row(rows):
        return []
    found: list[Finding] = []
    for key, attr in FUNDING_COLUMNS:
        parts = [Cell(row.label, _fund_row(i), getattr(row, attr))
                 for i, row in enumerate(rows) if i and _row_stated(row)]
        whole = Cell(TOTAL_FUNDING, _fund_row(0), getattr(rows[0], attr))
        found += _column_total(loaded, "M12", whole, parts, key)
    return found


def _row_stated(row: FundingRow) -> bool:
    return any(getattr(row, attr) is not None for _, attr in FUNDING_COLUMNS)


def _funding_rates(loaded: Loaded) -> list[Finding]:
    """M6: each stated 执行率 of the block = 全年执行数 ÷ 全年预算数 × 100, 2 dp 四舍五入."""
    found = []
    for i, row in enumerate(_rows(loaded)):
        if row.rate is None:
            continue
        path, label = _fund_row(i) + ("执行率",), row.label
        expected = row.computed_rate()
        if expected is None:
            missing = "、".join(key for key, value in (("全年预算数", row.adjusted), ("全年执行数", row.actual))
                               if value is None) or "不为 0 的全年预算数"
            message = f"{label}填写了执行率 {row.rate}%，但没有{missing}，无法复核；请补充"
            found.append(finding_at(loaded.source, path, "M6", message, WARNING))
            continue
        if abs(row.rate - expected) <= RATE_TOLERANCE:
            continue
        message = (f"{label}执行率应为 全年执行数 {_amount(row.actual)} ÷ 全年预算数 {_amount(row.adjusted)} × 100% "
                   f"= {expected}%，实际填写 {row.rate}%")
        if decimals_of(str(row.rate)) < 2:
            message += "（执行率应保留两位小数并四舍五入，不能截断或取整）"
        found.append(finding_at(loaded.source, path, "M6", message))
    return found


def _funding_matches_expenditure(loaded: Loaded, readings: Readings | None) -> list[Finding]:
    """M13: 年度资金总额 and 支出合计 state the same money: their budget and actual figures are equal.

    One figure stated twice has no rounding tail, so any difference is an error, unless one of
    the two is a total its own parts prove wrong (M3/M5, M12) and the other agrees with those parts:
    that total's error is the one to fix."""
    rows, e = _rows(loaded), loaded.questionnaire.expenditure
    if e is None or not _has_total_row(rows):
        return []
    summed = readings.summed.expenditure if readings is not None else None
    found = []
    for key, attr, theirs_key in FUNDING_VS_EXPENDITURE:
        mine, theirs = getattr(rows[0], attr), getattr(e.total, attr)
        if mine is None or theirs is None or mine == theirs:
            continue
        theirs_summed = getattr(summed.total, attr) if summed is not None else None
        if theirs_summed == mine or _proved_wrong_total(rows, attr) == theirs:
            continue  # the wrong one is the total that M3/M5 or M12 report
        message = (f"{TOTAL_FUNDING}的{key} {_amount(mine)} 万元与支出合计的{theirs_key} {_amount(theirs)} 万元不一致："
                   f"两处是同一笔资金，应完全相同，请核对")
        found.append(finding_at(loaded.source, _fund_row(0) + (key,), "M13", message))
    return found


def _proved_wrong_total(rows: list[FundingRow], attr: str) -> Decimal | None:
    """Σ of the 其中 rows in one column when it proves 年度资金总额 wrong (an M12 error, not a tail)."""
    parts = [getattr(row, attr) for row in rows[1:] if _row_stated(row)]
    if not parts or any(value is None for value in parts):
        return None
    total = sum(parts, Decimal(0))
    return total if abs(total - getattr(rows[0], attr)) > tail_tolerance(parts) else None
