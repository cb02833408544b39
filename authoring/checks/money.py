"""M1–M11 and M14: money identities (DOMAIN.md §3.1) and amounts typed in 元 (M14).

Every finding stands on the figure that disagrees (the stated total or rate) and
names the components it was compared with. A total of two or more non-zero rounded
amounts allows a 0.01 万元 tail (尾差): |diff| = 0.01 is a warning that says so, more
is an error. Anything else that repeats a figure must repeat it exactly: a total of a
single non-zero amount, a stated rate or share (to ±0.005 个百分点 of the 2-dp value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Callable, Iterator

from authoring.checks.figures import (
    CATEGORIES, COLUMNS, EXP, FISCAL, FISCAL_PARTS, RATE_INPUTS, TAU, Line, Readings, column_sum, expenditure_line,
    expenditure_lines, fold, read_figures, tail_tolerance, top_income_items,
)
from authoring.findings import Finding, Severity
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.numbers import decimals_of, in_wan, parse_amount, percent_of, round_half_up
from authoring.jurisdiction.model import IndicatorSpec, Profile
from authoring.questionnaire.model import Questionnaire, content_keys
from authoring.questionnaire.money import CURRENT_INCOME, Income, IncomeItem
from authoring.jurisdiction.scoring import ExecutionRate, execution_rate
from authoring.questionnaire.yamlsource import PathKey, dotted, finding_at

ERROR, WARNING = Severity.ERROR, Severity.WARNING
RATE_TOLERANCE = Decimal("0.005")
HUNDRED = Decimal(100)


def check_money(loaded: Loaded, profile: Profile, readings: Readings | None = None) -> list[Finding]:
    """All money findings of a questionnaire at once.

    The rules read the `typed` figures (amounts typed in 元 already in 万元, see M14);
    a rule built on a total that its parts prove wrong also tries the `summed` reading."""
    r = readings or read_figures(loaded.questionnaire)
    typed = replace(loaded, questionnaire=r.typed)
    found = [
        *_out_of_scale(loaded, r),
        *_income_total(typed),
        *_fiscal_breakdown(typed),
        *_income_shares(typed, r),
        *_income_share_sum(typed, r),
        *_category_totals(typed, r),
        *_basic_breakdown(typed),
        *_construction_within_project(typed),
    ]
    if _rate_inputs_valid(loaded):
        found += [*_stated_rate(typed, r), *_rate_without_budget(typed, profile), *_rate_range(typed, profile, r)]
    found += [
        *_adjustment_rate(typed, profile, r),
        *_narrative_amounts(typed, r),
        *_budget_equals_actual(typed),
        *_budget_income_equals_actual(typed),
    ]
    return fold(found, _followers(typed, r))


def _rate_inputs_valid(loaded: Loaded) -> bool:
    """Without 调整预算数 the rate is taken over 收入合计: not when 收入 could not be read."""
    exp = loaded.questionnaire.expenditure
    return loaded.usable("收入") or (exp is not None and bool(exp.total.adjusted))


def _followers(loaded: Loaded, r: Readings) -> dict[str, list[str]]:
    """Stated rates computed from a wrong total (they agree with it, not with the sum of the
    parts): said in that total's error, so that one wrong figure gives one error. Not through
    a wrong 基本支出: the 合计 that agrees with it may be right and its parts wrong."""
    q, notes = loaded.questionnaire, {}
    exp = q.expenditure
    if exp is not None and exp.execution_rate is not None:
        typed, summed = execution_rate(q), execution_rate(r.summed)
        if _follows(exp.execution_rate, typed and typed.value, summed and summed.value):
            for wrong in (w for w in r.behind(*RATE_INPUTS) if w.path in RATE_INPUTS):
                notes.setdefault(dotted(wrong.path), []).append(
                    f"若改正{wrong.label}，按它算出的预算执行率 {exp.execution_rate}% 也应改为 {summed.value}%")
    if q.income is not None and q.income.total and r.summed.income.total:
        for item in q.income.items:
            typed, summed = percent_of(item.amount, q.income.total), percent_of(item.amount, r.summed.income.total)
            # a share of 本年收入合计 stays right when the carried lines were left out of 收入合计
            if item.share is not None and _follows(item.share, typed, summed) and not _share_matches(r.summed.income, item):
                for wrong in r.behind(("收入", "合计")):
                    notes.setdefault(dotted(wrong.path), []).append(
                        f"若改正{wrong.label}，按它算出的{item.source}占比 {item.share}% 也应改为 {summed}%")
    return notes


def _follows(stated: Decimal, typed: Decimal | None, summed: Decimal | None) -> bool:
    return (typed is not None and summed is not None and abs(stated - typed) <= RATE_TOLERANCE
            and abs(stated - summed) > RATE_TOLERANCE)


# ---------------------------------------------------------------- helpers

def _amount(value: Decimal) -> str:
    """An amount in the clerk's terms: 2 decimals, more only if typed; never an exponent (1E-10)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return format(round_half_up(value, 2), "f")
    return format(value, "f")


def _names(lines: list[Line]) -> str:
    return "、".join(line.label for line in lines)


def _sum_check(loaded: Loaded, rule: str, path: PathKey, what: str,
               parts: list[tuple[str, Decimal]], stated: Decimal, notes: dict[str, str] | None = None) -> list[Finding]:
    """stated = Σ parts: a 0.01 tail of two or more non-zero parts → warning, any other
    difference → error (see figures.tail_tolerance). A note follows a part's value."""
    expected = sum((value for _, value in parts), Decimal(0))
    diff = abs(stated - expected)
    if diff == 0:
        return []
    notes = notes or {}
    terms = " + ".join(f"{label} {_amount(value)}{notes.get(label, '')}" for label, value in parts)
    if diff <= tail_tolerance(value for _, value in parts):
        severity, tail = WARNING, f"相差 {_amount(diff)}，可能是四舍五入尾差，请核对"
    elif diff <= TAU:
        severity, tail = ERROR, f"相差 {_amount(diff)}；只有一项不为 0，不会有四舍五入尾差，请核对"
    else:
        severity, tail = ERROR, f"相差 {_amount(diff)}，请核对"
    message = f"{what}应为 {terms} = {_amount(expected)} 万元，实际填写 {_amount(stated)} 万元（{tail}）"
    return [finding_at(loaded.source, path, rule, message, severity)]


def _cannot_verify(cause: str, what: str, typed: str, summed: str, stated: str) -> str:
    """The message of a figure computed from a wrong total that agrees with neither reading."""
    return (f"因{cause}有误，无法复核{what}：按填写的数字应为 {typed}，按各项之和应为 {summed}，"
            f"实际填写 {stated}；请先改正{cause}，再核对{what}")


def _filled_text(text: str | None) -> bool:
    return bool(text and text.strip())


def _budget_income(q: Questionnaire) -> bool:
    """收入 was given on the 预算 basis: its 合计 is a budget figure."""
    return q.income is not None and q.income.basis == "预算"


def _formula(q: Questionnaire, rate: ExecutionRate) -> str:
    if rate.basis == "调整预算数":
        base = "调整预算数"
    else:
        base = "预算收入合计" if _budget_income(q) else "收入合计"
    return f"支出合计决算数 {_amount(rate.actual)} ÷ {base} {_amount(rate.base)} × 100%"


def _rate_path(q: Questionnaire) -> PathKey:
    if q.expenditure is not None and q.expenditure.execution_rate is not None:
        return EXP + ("预算执行率",)
    return EXP + ("合计", "决算数")


def _line(q: Questionnaire, label: str) -> Line:
    return expenditure_line(q, label)


def _both(r: Readings, inputs: tuple[PathKey, ...], check: Callable[[Questionnaire], list[Finding]]) -> list[Finding]:
    """A warning-only rule on figures built from totals: kept when the summed reading keeps it too."""
    found = check(r.typed)
    if found and r.cause(*inputs) and not check(r.summed):
        return []
    return found


# ---------------------------------------------------------------- M14 amounts typed in 元

def _out_of_scale(loaded: Loaded, r: Readings) -> list[Finding]:
    """M14: an amount about 10,000 times the others was typed in 元 (see figures.SCALE_RATIO)."""
    found = []
    for s in r.scaled:
        typed = (loaded.source.where(s.path).text or str(s.value)).strip()
        ratio = round_half_up(s.value / s.reference, 0)
        message = (f"金额单位是万元，请换算（{typed}元 = {in_wan(s.in_wan)}万元）：这个金额是本问卷其他收支金额"
                   f"（最大 {_amount(s.reference)} 万元）的 {ratio} 倍，疑为按元填写")
        found.append(finding_at(loaded.source, s.path, "M14", message))
    return found


# ---------------------------------------------------------------- M1, M2 income

def _income_total(loaded: Loaded) -> list[Finding]:
    """M1: 收入合计 = Σ 分项."""
    q = loaded.questionnaire
    if q.income is None or not q.income.items:
        return []
    parts = [(item.source, item.amount) for _, item in top_income_items(q)]
    return _sum_check(loaded, "M1", ("收入", "合计"), "收入合计", parts, q.income.total)


def _fiscal_breakdown(loaded: Loaded) -> list[Finding]:
    """M1: 财政拨款收入 = Σ its sub-kinds, when both are listed."""
    q = loaded.questionnaire
    if q.income is None:
        return []
    items = list(enumerate(q.income.items))
    whole = [(i, item) for i, item in items if item.source == FISCAL]
    parts = [(item.source, item.amount) for _, item in items if item.source in FISCAL_PARTS]
    if len(whole) != 1 or not parts:
        return []
    i, item = whole[0]
    return _sum_check(loaded, "M1", ("收入", "分项", i, "金额"), FISCAL, parts, item.amount)


def _share_bases(income: Income, item: IncomeItem) -> list[tuple[str, Decimal]]:
    """What a stated 占比 may be a share of: 收入合计, or for a 本年 line 本年收入合计 (usual when carried lines are listed)."""
    bases = [("收入合计", income.total)]
    if item.source in CURRENT_INCOME and (income.carried_items() or income.current_total is not None):
        current = income.current_sum()  # as the lines give it: a wrong stated 本年收入合计 is M1's finding
        if current and current != income.total:
            bases.insert(0, ("本年收入合计", current))
    return bases


def _share_matches(income: Income, item: IncomeItem) -> bool:
    return any(abs(item.share - percent_of(item.amount, base)) <= RATE_TOLERANCE
               for _, base in _share_bases(income, item) if base)


def _share_ways(income: Income, item: IncomeItem) -> str:
    return "，或 ".join(f"{_amount(item.amount)} ÷ {name} {_amount(base)} × 100% = {percent_of(item.amount, base)}%"
                       for name, base in _share_bases(income, item) if base)


def _share_incomes(r: Readings) -> list[Income]:
    """收入 in each reading: one when 收入合计 holds, two (as typed, as summed) when it is wrong."""
    return list({x.income.total: x.income for x in (r.typed, r.summed)}.values())


def _income_shares(loaded: Loaded, r: Readings) -> list[Finding]:
    """M2: each stated 占比 = 金额 ÷ 收入合计 (or 本年收入合计) × 100, 2 dp 四舍五入."""
    q = loaded.questionnaire
    if q.income is None or not q.income.total:
        return []
    incomes = _share_incomes(r)
    found = []
    for i, item in enumerate(q.income.items):
        if item.share is None or any(_share_matches(income, item) for income in incomes):
            continue
        path = ("收入", "分项", i, "占比")
        if len(incomes) > 1:
            message = _cannot_verify(r.cause(("收入", "合计")), f"{item.source}占比", _share_ways(incomes[0], item),
                                     _share_ways(incomes[1], item), f"{item.share}%")
            found.append(finding_at(loaded.source, path, "M2", message, WARNING))
            continue
        message = f"{item.source}占比应为 {_share_ways(q.income, item)}，实际填写 {item.share}%"
        found.append(finding_at(loaded.source, path, "M2", message))
    return found


def _income_share_sum(loaded: Loaded, r: Readings) -> list[Finding]:
    """M2: Σ stated 占比 = 100.00 ± 0.01 (not repeated when a single 占比 is already wrong)."""
    q = loaded.questionnaire
    if q.income is None or not q.income.items or not q.income.total:
        return []
    groups = [[item for _, item in top_income_items(q)]]
    if q.income.carried_items():  # the 本年 lines alone, when their shares are of 本年收入合计
        groups.append([item for _, item in q.income.current_items()])
    groups = [g for g in groups if g and all(item.share is not None for item in g)]
    incomes = _share_incomes(r)
    if not groups or not all(any(_share_matches(inc, item) for inc in incomes) for item in groups[0]):
        return []
    sums = [sum((item.share for item in g), Decimal(0)) for g in groups]
    if any(abs(total - HUNDRED) <= TAU for total in sums):
        return []
    items, total = groups[0], sums[0]
    terms = " + ".join(f"{item.source} {item.share}%" for item in items)
    message = f"各项收入占比之和应为 100.00%（允许 ±0.01 尾差），实际为 {terms} = {total}%"
    return [finding_at(loaded.source, ("收入", "分项"), "M2", message)]


# ---------------------------------------------------------------- M3, M4, M5 expenditure

def _category_totals(loaded: Loaded, r: Readings) -> list[Finding]:
    """M3 (决算数) and M5 (年初预算数, 调整预算数): 支出合计 = Σ 支出类别.

    A 合计 that agrees with the parts once a wrong 基本支出 is replaced by 人员经费 +
    日常公用经费 is right: M4 reports the 基本支出."""
    q = loaded.questionnaire
    if q.expenditure is None:
        return []
    parts = [_line(q, label) for label in CATEGORIES]
    summed = [expenditure_line(r.summed, label) for label in CATEGORIES]
    return _column_identity(loaded, _line(q, "支出合计"), parts, {"决算数": "M3"}, "M5", summed)


def _basic_breakdown(loaded: Loaded) -> list[Finding]:
    """M4: 基本支出 = 人员经费 + 日常公用经费, in every column the 基本支出 states."""
    q = loaded.questionnaire
    if q.expenditure is None or q.expenditure.basic is None:
        return []
    parts = [_line(q, "人员经费"), _line(q, "日常公用经费")]
    return _column_identity(loaded, _line(q, "基本支出"), parts, {}, "M4")


def _column_identity(loaded: Loaded, whole: Line, parts: list[Line], rules: dict[str, str],
                     default_rule: str, alternative: list[Line] | None = None) -> list[Finding]:
    parts = [line for line in parts if line.filled]
    if not parts:
        return []
    found: list[Finding] = []
    for key, attr in COLUMNS:
        column = _column_sum(loaded, rules.get(key, default_rule), whole, parts, key, attr)
        other = column_sum(alternative, attr) if alternative else None
        stated = whole.get(attr)
        tau = tail_tolerance(line.get(attr) for line in alternative or [] if line.filled)
        if other is not None and stated is not None and abs(stated - other) <= tau:
            column = [f for f in column if not f.is_error]
        found += column
    return found


def _column_sum(loaded: Loaded, rule: str, whole: Line, parts: list[Line],
                key: str, attr: str) -> list[Finding]:
    """One column of an identity; a column present on one side only is a warning."""
    stated = whole.get(attr)
    having = [line for line in parts if line.get(attr) is not None]
    lacking = [line for line in parts if line.get(attr) is None]
    if not having:
        if stated is None:
            return []
        message = (f"{whole.label}填写了{key} {_amount(stated)} 万元，但{_names(parts)}都没有填写{key}，"
                   f"无法复核，请补充各项的{key}")
        return [finding_at(loaded.source, whole.path + (key,), rule, message, WARNING)]
    if stated is None:
        message = f"{_names(having)}填写了{key}，但{whole.label}没有填写{key}，请补充"
        return [finding_at(loaded.source, whole.path, rule, message, WARNING)]
    if lacking:
        return [_column_gap(loaded, rule, whole, having, line, key) for line in lacking]
    values = [(line.label, line.get(attr)) for line in having]
    notes = {line.label: _derivation(line, attr) for line in having if line.derived(attr)}
    return _sum_check(loaded, rule, whole.path + (key,), f"{whole.label}（{key}）", values, stated, notes)


def _derivation(line: Line, attr: str) -> str:
    """“（人员经费 A + 日常公用经费 B，未填基本支出小计）”: where a derived column comes from."""
    parts = " + ".join(f"{p.label} {_amount(p.get(attr))}" for p in line.parts if p.filled)
    return f"（{parts}，未填{line.label}小计）"


def _column_gap(loaded: Loaded, rule: str, whole: Line, having: list[Line], line: Line, key: str) -> Finding:
    message = (f"{line.label}没有填写{key}（{_names(having)}填写了），{whole.label}的{key}无法复核，"
               f"请补充（没有发生额的填 0）")
    return finding_at(loaded.source, line.path, rule, message, WARNING)


def _construction_within_project(loaded: Loaded) -> list[Finding]:
    """M4: 项目支出 ≥ 其中基本建设类项目, in every column."""
    q = loaded.questionnaire
    if q.expenditure is None or q.expenditure.project is None:
        return []
    project, construction = _line(q, "项目支出"), _line(q, "其中基本建设类项目")
    found = []
    for key, attr in COLUMNS:
        whole, part = project.get(attr), construction.get(attr)
        if whole is not None and part is not None and part > whole:
            message = (f"项目支出（{key}）{_amount(whole)} 万元小于其中基本建设类项目 {_amount(part)} 万元："
                       f"“其中”数不能大于项目支出，请核对")
            found.append(finding_at(loaded.source, project.path + (key,), "M4", message))
    return found


# ---------------------------------------------------------------- M6–M9 rates

def _stated_rate(loaded: Loaded, r: Readings) -> list[Finding]:
    """M6: stated 预算执行率 = computed, 2 dp 四舍五入 (±0.005 个百分点).

    When the 合计 it is computed from is wrong, a rate that agrees with the sum of the
    parts is right, and one that agrees with neither cannot be verified (a warning)."""
    q = loaded.questionnaire
    rate = execution_rate(q)
    if q.expenditure is None or q.expenditure.execution_rate is None or rate is None:
        return []
    stated = q.expenditure.execution_rate
    if abs(stated - rate.value) <= RATE_TOLERANCE:
        return []
    other = execution_rate(r.summed)
    if other is not None and other.value != rate.value:
        if abs(stated - other.value) <= RATE_TOLERANCE:
            return []
        message = _cannot_verify(r.cause(*RATE_INPUTS), "预算执行率", f"{_formula(q, rate)} = {rate.value}%",
                                 f"{_formula(r.summed, other)} = {other.value}%", f"{stated}%")
        return [finding_at(loaded.source, EXP + ("预算执行率",), "M6", message, WARNING)]
    message = f"预算执行率应为 {_formula(q, rate)} = {rate.value}%，实际填写 {stated}%"
    if decimals_of(str(stated)) < 2:
        message += "（执行率应保留两位小数并四舍五入，不能截断或取整）"
    return [finding_at(loaded.source, EXP + ("预算执行率",), "M6", message)]


def _rate_spec_names(specs: list[IndicatorSpec]) -> set[str]:
    """Names of the profile's indicators scored from the 执行率."""
    names: set[str] = set()
    for spec in specs:
        if spec.rule == "执行率" or (spec.rule == "阈值" and spec.rate_from == "执行率"):
            names.add(spec.name)
        names |= _rate_spec_names(spec.children or [])
    return names


def _indicator_names(items: list | None) -> set[str]:
    names: set[str] = set()
    for item in items or []:
        names.add(item.name)
        names |= _indicator_names(item.children)
    return names


def _scores_execution_rate(q: Questionnaire, profile: Profile) -> bool:
    """Whether one of the questionnaire's indicators is scored from the 执行率."""
    return bool(_rate_spec_names(profile.system.indicators) & _indicator_names(q.indicators))


def _rate_without_budget(loaded: Loaded, profile: Profile) -> list[Finding]:
    """M7: an 执行率 stated, or computed for scoring, without 调整预算数."""
    q = loaded.questionnaire
    exp = q.expenditure
    if exp is None or exp.total.adjusted:
        return []
    rate = execution_rate(q)
    if exp.execution_rate is None and not (rate and _scores_execution_rate(q, profile)):
        return []
    path = EXP + ("预算执行率",) if exp.execution_rate is not None else EXP + ("合计",)
    if rate is None:
        message = ("没有填写支出合计的调整预算数，无法计算预算执行率（决算数 ÷ 调整预算数）；"
                   "请补充调整预算数（全年预算数）")
    elif _budget_income(q):
        message = (f"没有填写支出合计的调整预算数，预算执行率只能按 {_formula(q, rate)} = {rate.value}% 计算，"
                   f"没有反映年中预算调整；请补充调整预算数（全年预算数）")
    else:
        message = (f"没有填写支出合计的调整预算数，预算执行率只能按 {_formula(q, rate)} = {rate.value}% 计算，"
                   f"这是支出占收入的比例，不是严格意义上的预算执行率；请补充调整预算数（全年预算数）")
    return [finding_at(loaded.source, path, "M7", message, WARNING)]


def _rate_range(loaded: Loaded, profile: Profile, r: Readings) -> list[Finding]:
    """M8: computed 执行率 above 100% or below 执行率预警下限 needs 执行率说明."""
    return _both(r, RATE_INPUTS, lambda q: _rate_out_of_range(replace(loaded, questionnaire=q), profile))


def _rate_out_of_range(loaded: Loaded, profile: Profile) -> list[Finding]:
    q = loaded.questionnaire
    rate = execution_rate(q)
    if rate is None or _filled_text(q.expenditure.execution_note):
        return []
    low = profile.settings.low_execution
    if rate.value > HUNDRED:
        message = (f"预算执行率 {rate.value}%（{_formula(q, rate)}）超过 100%，一般只有使用上年结转资金时才会出现，"
                   f"请核对，并在“执行率说明”中说明原因")
    elif rate.value < low:
        message = f"预算执行率 {rate.value}%（{_formula(q, rate)}）低于 {low}%，请在“执行率说明”中说明原因"
    else:
        return []
    return [finding_at(loaded.source, _rate_path(q), "M8", message, WARNING)]


def _adjustment_rate(loaded: Loaded, profile: Profile, r: Readings) -> list[Finding]:
    """M9: 预算调整率 = (调整预算数 − 年初预算数) ÷ 年初预算数 beyond 预算调整率预警 needs 预算调整说明."""
    inputs = (EXP + ("合计", "年初预算数"), EXP + ("合计", "调整预算数"))
    return _both(r, inputs, lambda q: _large_adjustment(replace(loaded, questionnaire=q), profile))


def _large_adjustment(loaded: Loaded, profile: Profile) -> list[Finding]:
    q = loaded.questionnaire
    exp = q.expenditure
    if exp is None or not exp.total.initial or exp.total.adjusted is None:
        return []
    if _filled_text(exp.adjustment_note):
        return []
    initial, adjusted = exp.total.initial, exp.total.adjusted
    rate = percent_of(adjusted - initial, initial)
    limit = profile.settings.adjustment_warning
    if abs(rate) <= limit:
        return []
    message = (f"预算调整率为 (调整预算数 {_amount(adjusted)} − 年初预算数 {_amount(initial)}) ÷ 年初预算数 "
               f"{_amount(initial)} × 100% = {rate}%，幅度超过 {limit}%，请在“预算调整说明”中说明调整原因")
    return [finding_at(loaded.source, EXP + ("合计", "调整预算数"), "M9", message, WARNING)]


# ---------------------------------------------------------------- M10 narrative amounts

@dataclass
class Figure:
    """What the questionnaire says about one label: a subject and its values."""

    subject: str
    values: list[tuple[str, Decimal]]


_SYNONYMS = {
    "支出合计": ("支出合计", "整体支出", "支出总额", "总支出"),
    "基本支出": ("基本支出",),
    "项目支出": ("项目支出",),
    "人员经费": ("人员经费",),
    "日常公用经费": ("日常公用经费", "公用经费"),
    "其中基本建设类项目": ("基本建设类项目",),
    "上缴上级支出": ("上缴上级支出",),
    "经营支出": ("经营支出",),
    "对附属单位补助支出": ("对附属单位补助支出",),
}
_INCOME_TOTAL = ("收入合计", "收入总额", "总收入", "收入总计")
_CURRENT_INCOME_TOTAL = "本年收入合计"  # without carried lines; not the 收入合计 it ends with
_INCOME_NAMES = (FISCAL, *FISCAL_PARTS, "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
_ALL_LABELS = sorted({*(s for group in _SYNONYMS.values() for s in group), *_INCOME_TOTAL, _CURRENT_INCOME_TOTAL,
                      *_INCOME_NAMES},
                     key=len, reverse=True)
_LABEL_RE = re.compile("|".join(map(re.escape, _ALL_LABELS)))
_AFTER_RE = re.compile(r"([^0-9０-９%％。；;，,、！？!?\n]{0,12}?)([0-9０-９][0-9０-９,]*(?:[.．][0-9０-９]+)?)\s*万元")
_STOP_WORDS = ("增", "减", "降", "比", "较", "同期", "上年", "去年", "节约", "结余", "结转", "占", "超",
               "约", "近", "分别", "累计", "平均", "人均", "以上", "以下", "预计",
               # a part of the figure, not the figure: 项目支出包括培训经费20万元, 其中…, 主要用于…
               "其中", "包括", "包含", "含", "主要", "用于", "涉及", "中", "费")
_PART_AFTER = ("用于", "主要用于", "是用于")
_PRECEDING_OK = set("中年度门括含为和及与是际计的其即共了")


def _figures(q: Questionnaire) -> dict[str, Figure]:
    """label in text → the questionnaire's figure for it."""
    out: dict[str, Figure] = {}
    for line in expenditure_lines(q):
        values = [(key, line.get(attr)) for key, attr in COLUMNS if line.get(attr) is not None]
        for synonym in _SYNONYMS[line.label] if values else ():
            out[synonym] = Figure(f"支出表中{line.label}", values)
    if q.income is not None:
        for synonym in _INCOME_TOTAL:
            out[synonym] = Figure("收入合计", [("", q.income.total)])
        out[_CURRENT_INCOME_TOTAL] = Figure("本年收入合计", [("", q.income.current_base())])
        for item in q.income.items:
            figure = out.setdefault(item.source, Figure(f"收入分项“{item.source}”", []))
            figure.values.append(("金额", item.amount))
    return out


def _walk_content(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield from _walk_content(item.get("标题"), path + (i, "标题"))
                yield from _walk_content(item.get("内容"), path + (i, "内容"))
            else:
                yield from _walk_content(item, path + (i,))


def _walk_indicators(items: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield from _walk_content(item.get("分析"), path + (i, "分析"))
            yield from _walk_indicators(item.get("下级"), path + (i, "下级"))


def _narratives(raw: dict) -> Iterator[tuple[PathKey, str]]:
    """Every narrative string of the questionnaire, with its path."""
    for key in content_keys():
        yield from _walk_content(raw.get(key), (key,))
    yield from _walk_indicators(raw.get("绩效指标"), ("绩效指标",))
    extra = raw.get("其他章节")
    for name, value in (extra.items() if isinstance(extra, dict) else ()):
        yield from _walk_content(value, ("其他章节", name))
    exp = raw.get("支出")
    for key in ("执行率说明", "预算调整说明"):
        yield from _walk_content(exp.get(key) if isinstance(exp, dict) else None, EXP + (key,))


def _mentions(text: str) -> Iterator[tuple[str, int, str]]:
    """(label, offset of the amount, amount as written) for “<label>…N万元” in text."""
    for m in _LABEL_RE.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if "\u4e00" <= before <= "\u9fff" and before not in _PRECEDING_OK:
            continue  # “某某项目支出”, “财政拨款基本支出”: a different figure
        after = _AFTER_RE.match(text, m.end())
        if after is None:
            continue
        gap = after.group(1)
        if any(word in gap for word in _STOP_WORDS) or _LABEL_RE.search(gap):
            continue
        if text.startswith(_PART_AFTER, after.end()):
            continue  # “项目支出20.00万元用于培训”: a part spent on something
        yield m.group(), after.start(2), after.group(2)


def _agrees(written: str, value: Decimal) -> bool:
    """Text may round: “2,824 万元” agrees with 2824.00, “3,432.3 万元” with 3432.30."""
    amount = parse_amount(written)
    places = decimals_of(written)
    return amount == value if places >= 2 else amount == round_half_up(value, places)


def _narrative_amounts(loaded: Loaded, r: Readings) -> list[Finding]:
    """M10: an amount written in the text equals the figure of its label (in either reading:
    text that gives the sum of the parts of a wrong 合计 is right)."""
    figures, summed = _figures(loaded.questionnaire), _figures(r.summed)
    found = []
    for path, text in _narratives(loaded.raw):
        for label, offset, written in _mentions(text):
            figure = figures.get(label)
            if figure is None:
                continue
            values = figure.values + (summed[label].values if label in summed else [])
            try:
                if any(_agrees(written, v) for _, v in values):
                    continue
            except ValueError:
                continue  # not a well-formed number; T10 reports formats
            found.append(_narrative_finding(loaded, path, offset, label, written, figure))
    return found


def _narrative_finding(loaded: Loaded, path: PathKey, offset: int, label: str,
                       written: str, figure: Figure) -> Finding:
    if len(figure.values) == 1:
        key, value = figure.values[0]
        stated = f"{figure.subject}{'的' + key if key else ''} {_amount(value)} 万元"
    else:
        stated = f"{figure.subject}（" + "、".join(f"{k} {_amount(v)}" for k, v in figure.values) + " 万元）都"
    message = f"正文写的{label} {written} 万元与{stated}不一致，请核对"
    line, col = loaded.source.text_position(path, offset)
    return Finding(WARNING, "M10", loaded.source.file, line, col, dotted(path), message)


# ---------------------------------------------------------------- M11

def _budget_equals_actual(loaded: Loaded) -> list[Finding]:
    """M11: 预算数 = 决算数 in every line (at least 2) → the adjusted budget was probably copied."""
    q = loaded.questionnaire
    pairs = []
    for line in expenditure_lines(q):
        budget = line.get("adjusted") if line.get("adjusted") is not None else line.get("initial")
        if budget is not None and line.get("actual") is not None:
            pairs.append((budget, line.get("actual")))
    if len(pairs) < 2 or any(budget != actual for budget, actual in pairs):
        return []
    if q.expenditure.adjustment_note and q.expenditure.adjustment_note.strip():
        return []  # the clerk has explained that the budget was adjusted to the actuals
    message = (f"预算数与决算数每一行都相同，请核对调整预算数（{len(pairs)} 行的预算数都等于决算数，"
               f"执行率均为 100%；如确是年中按实际支出调整了预算，请在“预算调整说明”中说明）")
    return [finding_at(loaded.source, EXP + ("合计",), "M11", message, WARNING)]


def _budget_income_equals_actual(loaded: Loaded) -> list[Finding]:
    """M11: with no budget column, a 预算-basis 收入合计 equal to 支出合计决算数 to the cent."""
    q = loaded.questionnaire
    exp = q.expenditure
    if not _budget_income(q) or exp is None or exp.total.actual is None:
        return []
    if exp.total.adjusted is not None or exp.total.initial is not None or q.income.total != exp.total.actual:
        return []
    message = (f"预算收入合计 {_amount(q.income.total)} 万元与支出合计决算数 {_amount(exp.total.actual)} 万元完全相同"
               f"（执行率 100%），请核对预算数：是否把决算数当成了预算数；请补充支出的调整预算数")
    return [finding_at(loaded.source, ("收入", "合计"), "M11", message, WARNING)]
