"""The scoring formulas (DOMAIN.md §1.3), each giving the score and its working in words.

A formula's score is rounded 四舍五入 to two decimals; the working says so whenever the
exact value has more ("按公式得 4.4444…，四舍五入保留两位小数为 4.44"), so a clerk can
redo the sum by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, localcontext

from authoring.questionnaire.numbers import percent, percent_of, round_half_up

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Outcome:
    expected: Decimal  # the score the formula gives, 2 dp
    rate: Decimal | None  # the percentage it was computed from, when there is one
    basis: str  # the working, for the message


def n(value: Decimal) -> str:
    """A number as people write it: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def _pct(value: Decimal) -> str:
    return f"{n(value)}%"


def worked(expression: str, raw: Decimal) -> tuple[Decimal, str]:
    """The score of a formula and the sentence showing it: exact when two decimals hold it."""
    rounded = round_half_up(raw, 2)
    if raw == rounded:
        return rounded, f"{expression} = {n(raw)}"
    with localcontext() as ctx:  # quantize must hold every digit of a large raw score
        ctx.prec = max(ctx.prec, raw.adjusted() + 6)
        shown = raw.quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    text = n(raw) if shown == raw else f"{n(shown)}…"
    return rounded, f"{expression}，按公式得 {text}，四舍五入保留两位小数为 {rounded:.2f}"


def full(weight: Decimal, why: str, rate: Decimal | None = None) -> Outcome:
    return Outcome(weight, rate, f"{why}，得满分 {n(weight)}")


def completion(done: int, planned: int, weight: Decimal) -> Outcome:
    """完成率: done ÷ planned × 分值, full marks once every planned item is done."""
    rate = percent_of(Decimal(done), Decimal(planned))
    if done >= planned:
        return full(weight, f"完成数 {done} 达到计划数 {planned}", rate)
    score, text = worked(f"完成数 {done} ÷ 计划数 {planned} × 分值 {n(weight)}", Decimal(done) / Decimal(planned) * weight)
    return Outcome(score, rate, text)


def execution(rate: Decimal, full_at: Decimal, weight: Decimal, what: str) -> Outcome:
    """执行率: rate × 分值, capped at 分值; with a 满分线, rate ÷ 满分线 × 分值."""
    if rate >= full_at:
        line = "100%" if full_at == HUNDRED else f"满分线 {_pct(full_at)}"
        return full(weight, f"{what}，达到 {line}", rate)
    if full_at == HUNDRED:
        score, text = worked(f"{what}，{percent(rate)} × 分值 {n(weight)}", rate / HUNDRED * weight)
    else:
        score, text = worked(f"{what}，未达到满分线 {_pct(full_at)}：{percent(rate)} ÷ {_pct(full_at)} × 分值 {n(weight)}",
                             rate / full_at * weight)
    return Outcome(score, rate, text)


def ratio(actual: Decimal, target: Decimal | None, weight: Decimal, full_at: Decimal, reverse: bool) -> Outcome:
    """比率 (正向 or 反向) against the 指标值; a target of 0 means “实际值 must not exceed 0”."""
    if target is not None and target == ZERO:
        if actual <= ZERO:
            return full(weight, f"指标值为 0，实际值 {n(actual)} 不超过 0")
        return Outcome(ZERO, None, f"指标值为 0，实际值 {n(actual)} 大于 0，得 0 分")
    if reverse:
        return _reverse(actual, target, weight)
    rate = actual / target * HUNDRED if target is not None else actual
    if full_at == HUNDRED and target is not None:
        if actual >= target:
            return full(weight, f"正向指标，实际值 {n(actual)} 达到指标值 {n(target)}", round_half_up(rate, 2))
        score, text = worked(f"正向指标，实际值 {n(actual)} 未达到指标值 {n(target)}：{n(actual)} ÷ {n(target)} × 分值 {n(weight)}",
                             actual / target * weight)
        return Outcome(score, round_half_up(rate, 2), text)
    shown = f"实际值 {n(actual)} ÷ 指标值 {n(target)} = {_pct(round_half_up(rate, 2))}" if target is not None else f"实际值 {_pct(actual)}"
    if rate >= full_at:
        return full(weight, f"{shown}，达到满分线 {_pct(full_at)}", round_half_up(rate, 2))
    score, text = worked(f"{shown}，未达到满分线 {_pct(full_at)}：{_pct(round_half_up(rate, 2))} ÷ {_pct(full_at)} × 分值 {n(weight)}",
                         rate / full_at * weight)
    return Outcome(score, round_half_up(rate, 2), text)


def _reverse(actual: Decimal, target: Decimal, weight: Decimal) -> Outcome:
    if actual <= target:
        return full(weight, f"反向指标，实际值 {n(actual)} 不超过指标值 {n(target)}")
    if actual >= 2 * target:
        return Outcome(ZERO, None, f"反向指标，实际值 {n(actual)} 达到指标值 {n(target)} 的 2 倍及以上，得 0 分")
    a, t = n(actual), n(target)
    score, text = worked(f"反向指标，实际值 {a} 超过指标值 {t}：(1 − ({a} − {t}) ÷ {t}) × 分值 {n(weight)}",
                         (1 - (actual - target) / target) * weight)
    return Outcome(score, None, text)


def threshold(rate: Decimal, table: list, weight: Decimal, what: str) -> Outcome:
    """阈值: the score ratio of the first band (from the top) whose 下限 the rate reaches."""
    band = next((t for t in table if rate >= t.lower), None)
    share = band.ratio if band is not None else ZERO
    where = f"不低于 {_pct(band.lower)}" if band is not None else "低于阈值表的最低一档"
    score, text = worked(f"{what} {_pct(rate)} {where}，得分率 {_pct(share)}：分值 {n(weight)} × {_pct(share)}", weight * share / HUNDRED)
    return Outcome(score, rate, text)


def weighted_projects(pairs: list[tuple[Decimal, Decimal]], weight: Decimal) -> Outcome | None:
    """项目加权: Σ(项目自评得分 × 项目资金) ÷ Σ项目资金 ÷ 100 × 分值; pairs are (score, funds)."""
    funds = sum((f for _, f in pairs), ZERO)
    if not funds:
        return None
    mean = sum((s * f for s, f in pairs), ZERO) / funds
    shown = round_half_up(mean, 2)
    score, text = worked(f"按项目资金加权的项目自评分 {n(shown)}：{n(shown)} ÷ 100 × 分值 {n(weight)}", mean / HUNDRED * weight)
    return Outcome(score, shown, text)
