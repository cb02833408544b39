"""Pure scoring: questionnaire + profile → per-indicator scores, total and grade.

No formatting and no I/O here; strings for people are made in context.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from authoring.questionnaire.numbers import measure_number, percent_of, round_half_up
from authoring.jurisdiction.model import IndicatorSpec, Profile
from authoring.questionnaire.indicators import Indicator
from authoring.questionnaire.model import Questionnaire

HUNDRED = Decimal(100)


@dataclass
class ExecutionRate:
    value: Decimal  # percent, 2 dp
    actual: Decimal
    base: Decimal
    basis: str  # "调整预算数" or "收入合计"


@dataclass
class ScoredIndicator:
    path: tuple
    name: str
    level: int
    weight: Decimal
    stated: Decimal | None
    score: Decimal | None
    spec: IndicatorSpec | None
    rule: str
    expected: Decimal | None = None
    rate: Decimal | None = None
    basis: str = ""
    source: Indicator | None = None
    children: list[ScoredIndicator] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> list[ScoredIndicator]:
        return [self] if not self.children else [leaf for c in self.children for leaf in c.leaves()]


@dataclass
class Assessment:
    indicators: list[ScoredIndicator]
    total: Decimal | None
    grade: str | None
    execution: ExecutionRate | None

    def leaves(self) -> list[ScoredIndicator]:
        return [leaf for item in self.indicators for leaf in item.leaves()]


def grade_for(total: Decimal, profile: Profile) -> str:
    for band in profile.bands:
        if total >= band.lower:
            return band.label
    return profile.bands[-1].label


def execution_rate(q: Questionnaire) -> ExecutionRate | None:
    exp = q.expenditure
    if exp is None or exp.total.actual is None:
        return None
    if exp.total.adjusted:
        return ExecutionRate(percent_of(exp.total.actual, exp.total.adjusted), exp.total.actual, exp.total.adjusted, "调整预算数")
    if q.income is not None and q.income.total:
        return ExecutionRate(percent_of(exp.total.actual, q.income.total), exp.total.actual, q.income.total, "收入合计")
    return None


def assess(q: Questionnaire, profile: Profile) -> Assessment:
    execution = execution_rate(q)
    specs = _spec_index(profile.system.indicators)
    items = [
        _score(ind, ("绩效指标", i), 1, specs, q, execution)
        for i, ind in enumerate(q.indicators or [])
    ]
    leaves_scored = [leaf for it in items for leaf in it.leaves()]
    total = None
    if items and all(leaf.stated is not None for leaf in leaves_scored):
        total = sum((leaf.stated for leaf in leaves_scored), Decimal(0))
    grade = grade_for(total, profile) if total is not None else None
    return Assessment(items, total, grade, execution)


def _spec_index(specs: list[IndicatorSpec], prefix: tuple = ()) -> dict[tuple, IndicatorSpec]:
    out: dict[tuple, IndicatorSpec] = {}
    for s in specs:
        out[prefix + (s.name,)] = s
        out.setdefault((s.name,), s)
        if s.children:
            out.update(_spec_index(s.children, prefix + (s.name,)))
    return out


def _score(ind: Indicator, path: tuple, level: int, specs: dict, q: Questionnaire,
           execution: ExecutionRate | None, names: tuple = ()) -> ScoredIndicator:
    names = names + (ind.name,)
    spec = specs.get(names) or specs.get((ind.name,))
    rule = spec.rule if spec else "手工"
    item = ScoredIndicator(path, ind.name, level, ind.weight, ind.score, ind.score, spec, rule, source=ind)
    if ind.children:
        item.children = [
            _score(c, path + ("下级", j), level + 1, specs, q, execution, names)
            for j, c in enumerate(ind.children)
        ]
        child_scores = [c.score for c in item.children]
        if all(s is not None for s in child_scores):
            item.score = sum(child_scores, Decimal(0))
        return item
    if spec is not None:
        _expected(item, spec, ind, q, execution)
    return item


def _linear(rate: Decimal, full_at: Decimal, weight: Decimal) -> Decimal:
    if rate >= full_at:
        return weight
    return round_half_up(rate / full_at * weight, 2)


def _expected(item: ScoredIndicator, spec: IndicatorSpec, ind: Indicator, q: Questionnaire,
              execution: ExecutionRate | None) -> None:
    w = ind.weight
    if spec.rule == "完成率":
        planned, done = ind.planned, ind.done
        if spec.link == "重点工作" and q.tasks:
            planned = planned if planned is not None else len(q.tasks)
            done = done if done is not None else sum(1 for t in q.tasks if t.status == "已完成")
        if planned:
            item.rate = percent_of(Decimal(done or 0), Decimal(planned))
            item.expected = _linear(item.rate, HUNDRED, w)
            item.basis = f"完成率 {done}/{planned} = {item.rate}%"
    elif spec.rule == "执行率" and execution is not None:
        item.rate = execution.value
        item.expected = _linear(execution.value, spec.full_at, w)
        item.basis = f"预算执行率 {execution.value}%，满分线 {spec.full_at}%"
    elif spec.rule == "比率" and measure_number(ind.actual) is not None:
        item.rate = _ratio(ind)
        if spec.reverse:
            item.expected = _reverse(ind, w)
        else:
            item.expected = _linear(item.rate, spec.full_at, w)
        item.basis = f"实际值 {ind.actual}" + (f"、指标值 {ind.target}" if ind.target else "") + f"，满分线 {spec.full_at}%"
    elif spec.rule == "阈值" and spec.thresholds:
        rate = {"执行率": execution.value if execution else None,
                "完成率": percent_of(Decimal(ind.done), Decimal(ind.planned)) if ind.planned else None,
                "实际值": _ratio(ind) if measure_number(ind.actual) is not None else None}[spec.rate_from]
        if rate is not None:
            item.rate = rate
            ratio = next((t.ratio for t in spec.thresholds if rate >= t.lower), Decimal(0))
            item.expected = round_half_up(w * ratio / HUNDRED, 2)
            item.basis = f"{spec.rate_from} {rate}% 按阈值表得分率 {ratio}%"
    elif spec.rule == "项目加权" and q.projects and all(p.funds for p in q.projects):
        funds = sum((p.funds for p in q.projects), Decimal(0))
        if funds:
            weighted = sum((p.score * p.funds for p in q.projects), Decimal(0)) / funds
            item.rate = round_half_up(weighted, 2)
            item.expected = round_half_up(weighted / HUNDRED * w, 2)
            item.basis = f"按项目资金加权的项目自评分 {item.rate}"


def _ratio(ind: Indicator) -> Decimal:
    actual, target = measure_number(ind.actual), measure_number(ind.target)
    if target:
        return percent_of(actual, target)
    return actual


def _reverse(ind: Indicator, w: Decimal) -> Decimal:
    actual, target = measure_number(ind.actual), measure_number(ind.target) or Decimal(0)
    if target == 0:
        return w if actual <= 0 else Decimal(0)
    if actual <= target:
        return w
    if actual >= 2 * target:
        return Decimal(0)
    return round_half_up((1 - (actual - target) / target) * w, 2)


def matches(stated: Decimal, expected: Decimal) -> bool:
    """A stated figure agrees with a computed one when it is the computed value rounded
    四舍五入 to the stated number of decimals (an integer must be exact)."""
    exponent = stated.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    exact = round_half_up(expected, 2)
    if places == 0:
        return stated == exact
    return stated == round_half_up(exact, places)
