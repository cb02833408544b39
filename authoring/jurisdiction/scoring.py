"""Pure scoring: questionnaire + profile → per-indicator scores, total and grade.

Every leaf is scored by a rule: the profile's when it names the indicator with one, else
the 规则 the questionnaire gives it (a unit's own 个性指标). The 资金执行情况 block counts
as an indicator 预算执行率 when it has a 分值. No formatting of findings and no I/O here:
what cannot be computed is recorded on the indicator for the checks to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from authoring.jurisdiction import formulas
from authoring.jurisdiction.model import IndicatorSpec, Profile
from authoring.questionnaire.indicator_tree import Node, TreeProblem, indicator_tree
from authoring.questionnaire.indicators import Indicator
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.numbers import amount, measure_number, normalize, percent, percent_of, round_half_up

HUNDRED = Decimal(100)
FUNDING = ("资金执行情况",)
FUNDING_NAME = "预算执行率"


@dataclass
class ExecutionRate:
    value: Decimal  # percent, 2 dp
    actual: Decimal
    base: Decimal
    basis: str  # "调整预算数" or "收入合计"


@dataclass(frozen=True)
class RuleIssue:
    """Why a rule could not score an indicator, or a 规则 in the wrong place.

    kind: "unreadable" (a value is there but holds no number: always an error), "missing"
    (an input is not filled: an error when the questionnaire chose the rule or the profile
    requires every leaf to be recomputed) or "misplaced" (a 规则 on a group: a warning)."""

    key: tuple  # the questionnaire keys below the indicator, e.g. ("实际值",); () for the indicator itself
    message: str
    kind: str


@dataclass(frozen=True)
class RuleConflict:
    key: str  # 规则 or 方向
    profile: str
    questionnaire: str


@dataclass
class ScoredIndicator:
    path: tuple
    name: str
    level: int
    weight: Decimal
    stated: Decimal | None  # 得分 as typed
    score: Decimal | None  # 得分 as the report prints it (see _printed)
    spec: IndicatorSpec | None
    rule: str
    expected: Decimal | None = None  # what the rule gives, 2 dp
    rate: Decimal | None = None
    basis: str = ""  # the rule's working, in words
    source: Indicator | None = None
    children: list[ScoredIndicator] = field(default_factory=list)
    computed: Decimal | None = None  # leaf: stated; group: exact sum of its children's
    origin: str = ""  # who chose the rule: "地区", "问卷" or "" (none, 手工)
    issues: list[RuleIssue] = field(default_factory=list)
    conflicts: list[RuleConflict] = field(default_factory=list)
    fields: dict[str, tuple] = field(default_factory=dict)  # where keys point when not below path
    derived: bool = False  # a group made from a flat list (weight = sum of its leaves, no 得分 of its own)
    funding: bool = False  # the 资金执行情况 block's 预算执行率, not an item of 绩效指标

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> list[ScoredIndicator]:
        return [self] if not self.children else [leaf for c in self.children for leaf in c.leaves()]

    def at(self, *keys) -> tuple:
        """The questionnaire path of one of this indicator's keys (得分, 分值, 名称 …)."""
        if len(keys) == 1 and keys[0] in self.fields:
            return self.fields[keys[0]]
        return self.path + tuple(keys)


@dataclass
class Assessment:
    indicators: list[ScoredIndicator]
    total: Decimal | None  # what the report prints: the stated 总分 when it agrees with the computed one, else the computed one rounded to the profile's places
    grade: str | None  # the band of total
    execution: ExecutionRate | None
    computed_total: Decimal | None = None  # exact sum of the leaves' 得分
    problems: list[TreeProblem] = field(default_factory=list)  # how 绩效指标 is written (flat/tree)
    funding_twin: ScoredIndicator | None = None  # the 执行率 leaf that the 资金执行情况 block's 分值/得分 stand for

    def walk(self) -> Iterator[ScoredIndicator]:
        """Every indicator, each parent before its children."""
        def down(items: list[ScoredIndicator]) -> Iterator[ScoredIndicator]:
            for item in items:
                yield item
                yield from down(item.children)

        return down(self.indicators)

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
    places = profile.settings.score_places
    scorer = _Scorer(q, profile)
    nodes, problems = indicator_tree(list(q.indicators or []))
    items = [scorer.score(node, 1, ()) for node in nodes]
    twin = None
    block = scorer.funding_indicator()
    if block is not None:
        twin = next((leaf for item in items for leaf in item.leaves() if leaf.rule == "执行率"), None)
        if twin is None:
            items.insert(0, block)
    for item in items:
        _settle(item, places)
    leaves = [leaf for item in items for leaf in item.leaves()]
    computed = None
    if items and all(leaf.stated is not None for leaf in leaves):
        computed = sum((leaf.stated for leaf in leaves), Decimal(0))
    total = _printed(q.total, computed, places) if computed is not None else None
    grade = grade_for(total, profile) if total is not None else None
    return Assessment(items, total, grade, scorer.execution, computed, problems, twin)


def matches(stated: Decimal, expected: Decimal, places: int | None = None) -> bool:
    """A stated figure agrees with a computed one when it is the computed value rounded 四舍五入,
    once, to the stated number of decimals or to the profile's `places`, whichever is more
    (99.5 for 99.51 at one place; not 99.5 for 99.4451, which is 99.4).
    Without `places` an integer must be exact (10 is not 9.88)."""
    written = decimals(stated)
    if places is not None:
        return stated == round_half_up(expected, max(written, places))
    if written == 0:
        return stated == expected
    return stated == round_half_up(expected, written)


def decimals(value: Decimal) -> int:
    """The decimals a figure was typed with: 95.60 claims two."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _printed(stated: Decimal | None, computed: Decimal | None, places: int) -> Decimal | None:
    """What was checked is what is printed: the stated figure when it agrees with the computed one."""
    if computed is None:
        return stated
    if stated is not None and matches(stated, computed, places):
        return stated
    rounded = round_half_up(computed, places)
    return computed if rounded == computed else rounded


def _settle(item: ScoredIndicator, places: int) -> None:
    """Fill computed (exact sums) and score (as printed) bottom-up."""
    if item.is_leaf:
        item.computed = item.score = item.stated
        return
    for child in item.children:
        _settle(child, places)
    sums = [c.computed for c in item.children]
    item.computed = sum(sums, Decimal(0)) if all(s is not None for s in sums) else None
    item.score = _printed(item.stated, item.computed, places)


_REVERSE_TARGET = re.compile(r"^\s*(?:[≤<＜≦]|不高于|不超过|小于|低于|不多于)")


@dataclass(frozen=True)
class _Rule:
    name: str
    origin: str
    reverse: bool
    spec: IndicatorSpec | None

    @property
    def full_at(self) -> Decimal:
        return self.spec.full_at if self.spec is not None else HUNDRED


class _Scorer:
    def __init__(self, q: Questionnaire, profile: Profile):
        self.q, self.profile = q, profile
        self.fixed = profile.system.fixed
        self.execution = execution_rate(q)
        self.specs = _spec_index(profile.system.indicators)
        self.by_name = {}
        for key, spec in self.specs.items():
            self.by_name.setdefault(key[-1], spec)

    def spec_for(self, names: tuple) -> IndicatorSpec | None:
        # A 固定 system matches names within their groups; otherwise a name anywhere will do.
        return self.specs.get(names) or (None if self.fixed else self.by_name.get(names[-1]))

    def score(self, node: Node, level: int, names: tuple) -> ScoredIndicator:
        names = names + (node.name,)
        spec = self.spec_for(names)
        ind = node.source
        item = ScoredIndicator(node.path, node.name, level, node.weight, ind.score if ind else None, None,
                               spec, spec.rule if spec else "手工", source=ind, fields=dict(node.fields),
                               derived=node.derived)
        if node.children:
            item.children = [self.score(child, level + 1, names) for child in node.children]
            if ind is not None and ind.rule is not None:
                item.issues.append(RuleIssue(("规则",), f"规则只对末级指标起作用：“{node.name}”有下级指标，请把规则填在下级指标上", "misplaced"))
            return item
        rule = self._choose(item, spec, ind)
        item.rule, item.origin = rule.name, rule.origin
        self._apply(item, rule, ind)
        return item

    def _choose(self, item: ScoredIndicator, spec: IndicatorSpec | None, ind: Indicator) -> _Rule:
        named = spec is not None and "rule" in spec.model_fields_set
        if named:
            name, origin = spec.rule, "地区"
            if ind.rule is not None and ind.rule != spec.rule:
                item.conflicts.append(RuleConflict("规则", spec.rule, ind.rule))
        elif ind.rule is not None:
            name, origin = ind.rule, "问卷"
        else:
            name, origin = "手工", ""
        if name == "手工":
            origin = ""
        if spec is not None and "reverse" in spec.model_fields_set:
            reverse = spec.reverse
            if ind.direction is not None and (ind.direction == "反向") != reverse:
                item.conflicts.append(RuleConflict("方向", "反向" if reverse else "正向", ind.direction))
        elif ind.direction is not None:
            reverse = ind.direction == "反向"
        else:
            reverse = bool(ind.target and _REVERSE_TARGET.match(normalize(ind.target)))
        return _Rule(name, origin, reverse, spec)

    def _apply(self, item: ScoredIndicator, rule: _Rule, ind: Indicator) -> None:
        outcome = getattr(self, _RULES[rule.name])(item, rule, ind) if rule.name in _RULES else None
        if outcome is not None:
            item.expected, item.rate, item.basis = outcome.expected, outcome.rate, outcome.basis

    def _missing(self, item: ScoredIndicator, key: tuple, message: str, kind: str = "missing") -> None:
        item.issues.append(RuleIssue(key, message, kind))

    def completion(self, item, rule: _Rule, ind: Indicator):
        planned, done = ind.planned, ind.done
        if rule.spec is not None and rule.spec.link == "重点工作" and self.q.tasks:
            planned = planned if planned is not None else len(self.q.tasks)
            done = done if done is not None else sum(1 for t in self.q.tasks if t.status == "已完成")
        if planned is None or done is None:
            key = "计划数" if planned is None else "完成数"
            return self._missing(item, (key,), f"完成率规则按 完成数 ÷ 计划数 × 分值 复核得分：请填写{key}")
        if planned == 0:
            return self._missing(item, ("计划数",), "计划数为 0，无法计算完成率", "unreadable")
        return formulas.completion(done, planned, item.weight)

    def execution_rule(self, item, rule: _Rule, ind: Indicator):
        e = self.execution
        block = self._block_rate()
        if e is not None and e.basis == "调整预算数":
            what = f"预算执行率 = 决算数 {amount(e.actual)} ÷ 调整预算数 {amount(e.base)} = {percent(e.value)}"
            rate = e.value
        elif block is not None:
            rate, what = block
        elif e is not None:
            what = f"支出占收入合计的比率（未填调整预算数）= 支出合计 {amount(e.actual)} ÷ 收入合计 {amount(e.base)} = {percent(e.value)}"
            rate = e.value
        else:
            return self._missing(item, ("规则",), "执行率规则需要部门的预算执行率：请填写支出合计的调整预算数和决算数，或资金执行情况的年度资金总额")
        return formulas.execution(rate, rule.full_at, item.weight, what)

    def _block_rate(self) -> tuple[Decimal, str] | None:
        f = self.q.funding
        row = f.rows[0] if f is not None and f.rows else None
        if row is None or row.adjusted is None or row.actual is None or row.adjusted == 0:
            return None
        rate = percent_of(row.actual, row.adjusted)
        return rate, f"执行率 = 全年执行数 {amount(row.actual)} ÷ 全年预算数 {amount(row.adjusted)} = {percent(rate)}"

    def ratio(self, item, rule: _Rule, ind: Indicator):
        actual = self._number(item, ind.actual, "实际值", "98.01%、11项")
        needs_target = rule.origin == "问卷" or rule.reverse
        target = self._number(item, ind.target, "指标值", "≥90%、11项", required=needs_target)
        if actual is None or (target is None and (needs_target or ind.target is not None)):
            return None
        return formulas.ratio(actual, target, item.weight, rule.full_at, rule.reverse)

    def _number(self, item, text: str | None, key: str, example: str, required: bool = True) -> Decimal | None:
        if text is None:
            if required:
                self._missing(item, (key,), f"比率规则按实际值和指标值计算得分：请填写{key}（如 {example}）")
            return None
        value = measure_number(text)
        if value is None:
            self._missing(item, (key,), f"无法从{key}“{text}”读出数字：比率规则按数字计算得分，请写成如 {example}", "unreadable")
        return value

    def threshold(self, item, rule: _Rule, ind: Indicator):
        spec = rule.spec
        if spec is None or not spec.thresholds:
            return self._missing(item, ("规则",), "阈值规则的分档写在地区规则的阈值表中，问卷不能单独使用阈值规则："
                                 "请改用比率、完成率、执行率或定性", "unreadable")
        source = spec.rate_from
        if source == "执行率":
            block = self._block_rate()
            rate = self.execution.value if self.execution else (block[0] if block else None)
        elif source == "完成率":
            rate = percent_of(Decimal(ind.done), Decimal(ind.planned)) if ind.planned and ind.done is not None else None
        else:
            actual, target = measure_number(ind.actual), measure_number(ind.target)
            rate = None if actual is None else (actual / target * HUNDRED if target else actual)
            rate = round_half_up(rate, 2) if rate is not None else None
        if rate is None:
            return self._missing(item, ("规则",), f"阈值规则按{source}分档：请填写计算{source}所需的数字")
        return formulas.threshold(rate, spec.thresholds, item.weight, source)

    def weighted(self, item, rule: _Rule, ind: Indicator):
        projects = self.q.projects or []
        if not projects or any(p.funds is None for p in projects):
            return self._missing(item, ("规则",), "项目加权规则按项目资金加权项目自评得分：请在项目自评中填写每个项目的项目资金")
        return formulas.weighted_projects([(p.score, p.funds) for p in projects], item.weight)

    def qualitative(self, item, rule: _Rule, ind: Indicator):
        if ind.band is None:
            self._missing(item, ("评价档次",), "定性规则按评价档次复核得分：请填写评价档次（达成、部分达成、未达成）")
        return None

    def funding_indicator(self) -> ScoredIndicator | None:
        """The 资金执行情况 block's 分值/得分 as an indicator 预算执行率: 执行率 × 分值, capped at 分值."""
        f = self.q.funding
        if f is None or f.weight is None:
            return None
        item = ScoredIndicator(FUNDING, FUNDING_NAME, 1, f.weight, f.score, None, None, "执行率", origin="问卷",
                               fields={"名称": FUNDING, "分值": FUNDING + ("分值",), "得分": FUNDING + ("得分",)},
                               funding=True)
        row = f.rows[0] if f.rows else None
        for key in ("adjusted", "actual"):
            if row is None or getattr(row, key) is None:
                label = {"adjusted": "全年预算数", "actual": "全年执行数"}[key]
                where = ("分项", 0, label) if row is not None else ("分项",)
                item.issues.append(RuleIssue(where, f"资金执行情况计入总分（分值 {formulas.n(f.weight)}），得分按 执行率 × 分值 复核："
                                                    f"请在第一行（年度资金总额）填写{label}", "unreadable"))
                return item
        if row.adjusted == 0:
            item.issues.append(RuleIssue(("分项", 0, "全年预算数"), "全年预算数为 0，无法计算执行率", "unreadable"))
            return item
        rate, what = self._block_rate()
        outcome = formulas.execution(rate, HUNDRED, f.weight, what)
        item.expected, item.rate, item.basis = outcome.expected, outcome.rate, outcome.basis
        return item


_RULES = {"完成率": "completion", "执行率": "execution_rule", "比率": "ratio", "阈值": "threshold",
          "项目加权": "weighted", "定性": "qualitative"}


def _spec_index(specs: list[IndicatorSpec], prefix: tuple = ()) -> dict[tuple, IndicatorSpec]:
    out: dict[tuple, IndicatorSpec] = {}
    for s in specs:
        out[prefix + (s.name,)] = s
        if s.children:
            out.update(_spec_index(s.children, prefix + (s.name,)))
    return out
