"""The money figures the checks compare, and how far each one can be trusted.

`expenditure_lines` are the rows of the 部门预算支出明细表. A 基本支出 without columns of
its own is the sum of 人员经费 and 日常公用经费 (usual in Hunan reports).

`Readings` are two readings of the figures, so that one wrong figure gives one error:

- `typed`: what the clerk typed, except amounts about 10,000 times the others (元 typed
  where 万元 is meant, M14), which are read in 万元 so that the sums and rates built on
  them do not fail a second time;
- `summed`: every total that its parts prove wrong (M1, M3, M4, M5: more than the 0.01
  tail) replaced by the sum of its parts. A stated rate, share or score computed from such
  a total is no finding of its own: when it agrees with the summed reading it is right;
  when it agrees with the typed one it is named in the total's error (`fold`: “若改正支出
  合计（决算数），按它算出的预算执行率 … 也应改为 …”); when it agrees with neither it is a
  warning naming the wrong total (“因支出合计（决算数）有误，无法复核…”).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel

from authoring.findings import Finding
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.money import FISCAL_INCOME, FISCAL_KINDS, Columns
from authoring.questionnaire.numbers import YUAN_PER_WAN
from authoring.checks.verified import VerifiedIndex
from authoring.questionnaire.yamlsource import PathKey, dotted

TAU = Decimal("0.01")  # the rounding tail (尾差) a total of rounded amounts may show
COLUMNS = (("年初预算数", "initial"), ("调整预算数", "adjusted"), ("决算数", "actual"))
EXP: PathKey = ("支出",)
FISCAL, FISCAL_PARTS = FISCAL_INCOME, FISCAL_KINDS
CATEGORIES = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
# The figures the 预算执行率 is computed from (收入合计 when there is no 调整预算数).
RATE_INPUTS: tuple[PathKey, ...] = (EXP + ("合计", "决算数"), EXP + ("合计", "调整预算数"), ("收入", "合计"))

# M14: 元 typed where 万元 is meant. Sorted from the largest, the stated 收支 amounts fall
# into two groups at the first step down of SCALE_RATIO or more (元 → 万元 is 10,000). The
# upper group was typed in 元 when a 合计 is in the lower one (the totals of one questionnaire
# are of one size), or when the sums fail as typed and hold once it is read in 万元. Otherwise
# the lower group is a tail of tiny lines (经营支出 0.50 beside 3000.00), which a sum can have.
SCALE_RATIO = Decimal(1000)
_POOL_KEYS = ("收入", "支出", "资金执行情况")
_AMOUNT_KEYS = {"合计", "金额", "本年收入合计", "上年数", "年初预算数", "调整预算数", "决算数",
                "全年预算数", "全年执行数", "项目资金"}
_TOTAL_KEYS = {"合计", "本年收入合计"}


# ---------------------------------------------------------------- rows of the 明细表

@dataclass
class Line:
    """One row of the 部门预算支出明细表; a row with `parts` is their sum where it has no column of its own."""

    label: str
    path: PathKey
    cols: Columns | None
    parts: tuple[Line, ...] = ()

    def stated(self, attr: str) -> Decimal | None:
        return getattr(self.cols, attr) if self.cols is not None else None

    def get(self, attr: str) -> Decimal | None:
        value = self.stated(attr)
        if value is not None or not self.parts:
            return value
        filled = [p for p in self.parts if p.filled]
        if not filled or any(p.get(attr) is None for p in filled):
            return None
        return sum((p.get(attr) for p in filled), Decimal(0))

    def derived(self, attr: str) -> bool:
        """The column is the sum of the parts, not a figure the clerk typed."""
        return self.stated(attr) is None and self.get(attr) is not None

    @property
    def filled(self) -> bool:
        return any(self.get(attr) is not None for _, attr in COLUMNS)


def expenditure_lines(q: Questionnaire) -> list[Line]:
    """Every row of the 明细表, 合计 first."""
    exp = q.expenditure
    if exp is None:
        return []
    basic, project = exp.basic, exp.project
    personnel = Line("人员经费", EXP + ("基本支出", "人员经费"), basic.personnel if basic else None)
    public = Line("日常公用经费", EXP + ("基本支出", "日常公用经费"), basic.public if basic else None)
    return [
        Line("支出合计", EXP + ("合计",), exp.total),
        Line("基本支出", EXP + ("基本支出",), basic, (personnel, public)),
        personnel,
        public,
        Line("项目支出", EXP + ("项目支出",), project),
        Line("其中基本建设类项目", EXP + ("项目支出", "其中基本建设类项目"), project.construction if project else None),
        Line("上缴上级支出", EXP + ("上缴上级支出",), exp.remitted),
        Line("经营支出", EXP + ("经营支出",), exp.business),
        Line("对附属单位补助支出", EXP + ("对附属单位补助支出",), exp.subsidiary),
    ]


def expenditure_line(q: Questionnaire, label: str) -> Line:
    return next(line for line in expenditure_lines(q) if line.label == label)


def column_sum(parts: list[Line], attr: str) -> Decimal | None:
    """Σ of a column over the filled lines; None when one of them lacks the column."""
    filled = [line for line in parts if line.filled]
    if not filled or any(line.get(attr) is None for line in filled):
        return None
    return sum((line.get(attr) for line in filled), Decimal(0))


def tail_tolerance(parts: Iterable[Decimal]) -> Decimal:
    """How far a stated total may be from the sum of its stated parts.

    Each amount is rounded to the cent (0.01 万元) on its own, so a total of two or more
    non-zero amounts may differ from their sum by 0.01 (尾差, a warning); a total of one
    non-zero amount must equal it exactly, like any figure stated in two places."""
    return TAU if sum(1 for p in parts if p) >= 2 else Decimal(0)


def top_income_items(q: Questionnaire) -> list[tuple[int, Any]]:
    """Income items that add up to 收入合计 (sub-kinds of 财政拨款收入 are “其中” when both are listed)."""
    return q.income.top_items()


# ---------------------------------------------------------------- readings

@dataclass(frozen=True)
class Scaled:
    """An amount typed in 元 where 万元 is meant (M14)."""

    path: PathKey
    value: Decimal  # as typed
    reference: Decimal  # the largest of the questionnaire's amounts that are in 万元

    @property
    def in_wan(self) -> Decimal:
        return self.value / YUAN_PER_WAN


@dataclass(frozen=True)
class Wrong:
    """The wrong figure behind a figure that differs between the readings."""

    label: str  # “支出合计（决算数）”
    path: PathKey  # where its error stands


@dataclass(frozen=True)
class Readings:
    typed: Questionnaire
    summed: Questionnaire
    scaled: list[Scaled] = field(default_factory=list)
    # path of a figure that differs between the readings → the wrong figure reported behind it
    wrong: dict[PathKey, Wrong] = field(default_factory=dict)

    def behind(self, *paths: PathKey) -> list[Wrong]:
        """The wrong figures behind these inputs."""
        return list(dict.fromkeys(self.wrong[p] for p in paths if p in self.wrong))

    def cause(self, *paths: PathKey) -> str:
        """The wrong figures behind these inputs (“支出合计（决算数）”), empty when they all hold."""
        return "、".join(w.label for w in self.behind(*paths))


def read_figures(q: Questionnaire) -> Readings:
    """Both readings of q. A figure whose M14 (or M1, M3, M4, M5) finding is 已核实 is taken as typed."""
    verified = VerifiedIndex(q.verified or [])

    def confirmed(rules: tuple[str, ...], path: PathKey) -> bool:
        return any(verified.match(rule, dotted(path)) is not None for rule in rules)

    scaled = [s for s in out_of_scale(q) if not confirmed(("M14",), s.path)]
    typed = with_values(q, {s.path: s.in_wan for s in scaled})
    changes, wrong = _wrong_totals(typed, lambda path: confirmed(("M1", "M3", "M4", "M5"), path))
    return Readings(typed, with_values(typed, changes), scaled, wrong)


def out_of_scale(q: Questionnaire) -> list[Scaled]:
    """M14: the amounts typed in 元 (see SCALE_RATIO); 项目资金 above every 收支 amount in 万元 too."""
    amounts = list(_amounts(q.model_dump(by_alias=True, exclude_none=True), ()))
    pool = sorted(((v, p) for p, v in amounts if p[0] in _POOL_KEYS and v > 0), key=lambda vp: vp[0], reverse=True)
    if not pool:
        return []
    cut = next((i + 1 for i in range(len(pool) - 1) if pool[i][0] >= SCALE_RATIO * pool[i + 1][0]), 0)
    upper, lower = pool[:cut], pool[cut:]
    scaled = [Scaled(p, v, lower[0][0]) for v, p in upper]
    if upper and not any(_is_total(p) for _, p in lower):
        rescaled = with_values(q, {s.path: s.in_wan for s in scaled})
        if not _wrong_totals(q, _never)[1] or _wrong_totals(rescaled, _never)[1]:
            scaled = []  # the sums hold as typed, or fail either way: a tail of tiny lines
    return scaled + _project_funds(amounts, lower[0][0] if scaled else pool[0][0])


def _never(path: PathKey) -> bool:
    return False


def _project_funds(amounts: list[tuple[PathKey, Decimal]], largest: Decimal) -> list[Scaled]:
    """A project's funds are part of 项目支出: never SCALE_RATIO times the largest 收支 amount."""
    return [Scaled(p, v, largest) for p, v in amounts
            if p[0] not in _POOL_KEYS and v >= SCALE_RATIO * largest]


def _is_total(path: PathKey) -> bool:
    """收入.合计, 支出.合计.*, 本年收入合计, and the first row (年度资金总额) of 资金执行情况."""
    return path[-1] in _TOTAL_KEYS or path[1:2] == ("合计",) or path[:3] == ("资金执行情况", "分项", 0)


def _amounts(value: Any, path: PathKey) -> Iterator[tuple[PathKey, Decimal]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(sub, Decimal) and key in _AMOUNT_KEYS:
                yield path + (key,), sub
            else:
                yield from _amounts(sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _amounts(sub, path + (i,))


def _wrong_totals(q: Questionnaire, confirmed: Callable[[PathKey], bool]) -> tuple[dict[PathKey, Decimal], dict[PathKey, Wrong]]:
    """Totals their parts prove wrong → the sum of the parts, bottom-up (基本支出 before 合计);
    not the totals the clerk has confirmed (已核实)."""
    changes: dict[PathKey, Decimal] = {}
    wrong: dict[PathKey, Wrong] = {}
    lines = expenditure_lines(q)
    if lines:
        basic = next(line for line in lines if line.label == "基本支出")
        categories = [line for line in lines if line.label in CATEGORIES]
        for key, attr in COLUMNS:
            stated, parts = basic.stated(attr), column_sum(list(basic.parts), attr)
            if stated is not None and parts is not None \
                    and abs(stated - parts) > tail_tolerance(p.get(attr) for p in basic.parts if p.filled) \
                    and not confirmed(basic.path + (key,)):
                changes[basic.path + (key,)] = parts
                wrong[basic.path + (key,)] = Wrong(f"基本支出（{key}）", basic.path + (key,))
        for key, attr in COLUMNS:
            stated, typed = lines[0].get(attr), column_sum(categories, attr)
            if stated is None or typed is None:
                continue
            basic_fix = basic.path + (key,)
            summed = typed + changes[basic_fix] - basic.get(attr) if basic_fix in changes else typed
            path = lines[0].path + (key,)
            if confirmed(path):
                continue
            tau = tail_tolerance(line.get(attr) for line in categories if line.filled)
            if abs(stated - typed) > tau and abs(stated - summed) > tau:
                changes[path], wrong[path] = summed, Wrong(f"支出合计（{key}）", path)
            elif abs(stated - summed) > tau:  # 合计 agrees with the 基本支出 typed, not with its parts
                changes[path], wrong[path] = summed, wrong[basic_fix]
    if q.income is not None and q.income.items:
        amounts = [item.amount for _, item in top_income_items(q)]
        total = sum(amounts, Decimal(0))
        if abs(q.income.total - total) > tail_tolerance(amounts) and not confirmed(("收入", "合计")):
            changes[("收入", "合计")], wrong[("收入", "合计")] = total, Wrong("收入合计", ("收入", "合计"))
    return changes, wrong


def fold(found: list[Finding], notes: dict[str, list[str]]) -> list[Finding]:
    """Each field path's notes appended to the first error at that path (a wrong total's error
    names the stated figures computed from it)."""
    out = []
    for f in found:
        more = notes.pop(f.path, None) if f.is_error else None
        out.append(replace(f, message=f"{f.message}；{'；'.join(more)}") if more else f)
    return out


# ---------------------------------------------------------------- rewriting the model

def with_values(q: Questionnaire, values: dict[PathKey, Decimal]) -> Questionnaire:
    """A copy of q with the figures at these (questionnaire key) paths replaced."""
    for path, value in values.items():
        q = _replaced(q, path, value)
    return q


def _replaced(node: Any, path: PathKey, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, list):
        copy = list(node)
        copy[head] = _replaced(node[head], rest, value)
        return copy
    assert isinstance(node, BaseModel)
    name = next(n for n, f in type(node).model_fields.items() if (f.alias or n) == head)
    return node.model_copy(update={name: _replaced(getattr(node, name), rest, value)})

