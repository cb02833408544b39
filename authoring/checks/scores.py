"""S1–S11: indicator weights, scores, total and grade."""

from __future__ import annotations

import re
from decimal import Decimal

from authoring.checks.figures import RATE_INPUTS, Readings
from authoring.checks.indicator_rules import check_indicator_rules
from authoring.questionnaire import numbers as fmt
from authoring.findings import Finding, Severity, did_you_mean
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.numbers import decimals_of, percent_of
from authoring.jurisdiction.model import IndicatorSpec, Profile
from authoring.jurisdiction.scoring import Assessment, ScoredIndicator, decimals, grade_for, matches
from authoring.questionnaire.yamlsource import dotted, finding_at

W = Severity.WARNING
PROJECT_FULL_MARKS = 100
_BANDS = {"达成": (Decimal(80), Decimal(100)), "部分达成": (Decimal(60), Decimal(80)), "未达成": (Decimal(0), Decimal(60))}


def check_scores(loaded: Loaded, profile: Profile, a: Assessment,
                 alternative: Assessment | None = None, readings: Readings | None = None) -> list[Finding]:
    """S1–S11. `alternative` is the assessment of the `summed` reading of the money figures:
    a score computed from a wrong 合计 is checked against both (see checks/figures.py)."""
    out: list[Finding] = []
    out += _s1_weights(loaded, a)
    if profile.system.fixed:
        indicators = [i for i in a.indicators if not i.funding]
        out += _s1_fixed(loaded, indicators, profile.system.indicators, ("绩效指标",), profile.name)
    places = profile.settings.score_places
    others = {item.path: item for item in alternative.walk()} if alternative else {}
    cause = readings.cause(*RATE_INPUTS) if readings else ""
    leaf_findings: list[Finding] = []
    for item in a.walk():
        out += _s2_bounds(loaded, item)
        if item.is_leaf:
            out += _s5_deduction(loaded, item)
            out += _s6_counts(loaded, item)
            leaf_findings += _s7_formula(loaded, item, places, others.get(item.path), cause)
            out += _s8_band(loaded, item)
    out += leaf_findings
    doubtful = _doubtful_leaves(a, out)
    ruled = _ruled_leaves(a, others)
    for item in a.walk():
        out += _s3_parent(loaded, item, places, doubtful, ruled)
    out += _s3_total(loaded, a, places, doubtful, ruled)
    out += _s4_grade(loaded, profile, a, doubtful)
    out += _s9_s10(loaded, a)
    out += _s11_precision(loaded, profile, a)
    out += check_indicator_rules(loaded, profile, a)
    return out


def followers(a: Assessment, alternative: Assessment | None, readings: Readings | None,
              places: int | None = None) -> dict[str, list[str]]:
    """Scores computed from a wrong total (they agree with it, not with the sum of the parts),
    by the path of that total's error (see figures.fold); `places` is the profile's 分数小数位,
    as S7 compares them."""
    if alternative is None or readings is None:
        return {}
    others = {item.path: item for item in alternative.walk()}
    notes: dict[str, list[str]] = {}
    for leaf in a.leaves():
        other = others.get(leaf.path)
        if leaf.stated is None or leaf.expected is None or other is None or other.expected is None:
            continue
        if matches(leaf.stated, leaf.expected, places) and not matches(leaf.stated, other.expected, places):
            for wrong in (w for w in readings.behind(*RATE_INPUTS) if w.path in RATE_INPUTS):
                notes.setdefault(dotted(wrong.path), []).append(
                    f"若改正{wrong.label}，按它算出的“{leaf.name}”得分 {_s(leaf.stated)} 也应改为 {_s(other.expected)}")
    return notes


def _doubtful_leaves(a: Assessment, found: list[Finding]) -> dict[tuple, Decimal | None]:
    """Leaves whose stated score S2 or S7 disputes → the score the rule computes (None if unknown)."""
    s2 = {f.path for f in found if f.rule == "S2"}
    s7 = {f.path: f.is_error for f in found if f.rule == "S7"}
    out: dict[tuple, Decimal | None] = {}
    for leaf in a.leaves():
        where = dotted(leaf.at("得分"))
        if where in s7:
            out[leaf.path] = leaf.expected if s7[where] else None
        elif where in s2:
            out[leaf.path] = None
    return out


def _ruled_leaves(a: Assessment, others: dict[tuple, ScoredIndicator]) -> set[tuple]:
    """Leaves whose stated score is exactly what their rule computes (in either reading of the money)."""
    out = set()
    for leaf in a.leaves():
        other = others.get(leaf.path)
        if leaf.stated is not None and (leaf.stated == leaf.expected or (other is not None and leaf.stated == other.expected)):
            out.add(leaf.path)
    return out


def _fixed_sum(leaves: list[ScoredIndicator], doubtful: dict[tuple, Decimal | None]) -> Decimal | None:
    """Σ of the leaves with the scores their rules compute; None when one of those is unknown."""
    if any(leaf.stated is None for leaf in leaves) or any(doubtful.get(leaf.path, 0) is None for leaf in leaves):
        return None
    return sum((doubtful[leaf.path] if leaf.path in doubtful else leaf.stated for leaf in leaves), Decimal(0))


def _doubtful_names(leaves: list[ScoredIndicator], doubtful: dict[tuple, Decimal | None]) -> str:
    return "、".join(f"“{leaf.name}”" for leaf in leaves if leaf.path in doubtful)


def _at(loaded: Loaded, path: tuple, rule: str, message: str, severity=Severity.ERROR) -> Finding:
    return finding_at(loaded.source, path, rule, message, severity)


def _s(v: Decimal | None) -> str:
    return fmt.score(v) if v is not None else "（空）"


def _s1_weights(loaded: Loaded, a: Assessment) -> list[Finding]:
    """Top weights (with the 资金执行情况 block) sum to 100; a flat list's leaves do."""
    tops = a.indicators
    if not tops:
        return []
    out = []
    flat = any(t.derived for t in tops)
    parts = [leaf for t in tops for leaf in t.leaves()] if flat else tops
    total = sum((i.weight for i in parts), Decimal(0))
    if total != 100:
        where = "末级指标" if flat else "一级指标"
        if any(t.funding for t in tops):
            where += "和资金执行情况的"
        first = next((i for i in tops if not i.funding), tops[0])
        target = first.leaves()[0].at("分值") if flat else first.at("分值")
        joined = " + ".join(_s(i.weight) for i in parts)
        out.append(_at(loaded, target, "S1", f"{where}分值之和应为 100，实际为 {joined} = {_s(total)}"))
    for i in tops:
        out += _s1_children(loaded, i)
    return out


def _s1_children(loaded: Loaded, item: ScoredIndicator) -> list[Finding]:
    if not item.children:
        return []
    out = []
    total = sum((c.weight for c in item.children), Decimal(0))
    if not item.derived and total != item.weight:
        parts = " + ".join(_s(c.weight) for c in item.children)
        out.append(_at(loaded, item.at("分值"), "S1", f"下级指标分值之和应为 {_s(item.weight)}，实际为 {parts} = {_s(total)}"))
    for c in item.children:
        out += _s1_children(loaded, c)
    return out


def _s1_fixed(loaded: Loaded, items: list[ScoredIndicator], specs: list[IndicatorSpec], path: tuple, system: str) -> list[Finding]:
    out = []
    names = [s.name for s in specs]
    by_name = {s.name: s for s in specs}
    seen = set()
    for item in items:
        spec = by_name.get(item.name)
        if spec is None:
            tip = did_you_mean(item.name, names, cutoff=0.3)
            out.append(_at(loaded, item.at("名称"), "S1", f"指标“{item.name}”不在{system}指标体系中{tip}该级应为：{'、'.join(names)}"))
            continue
        seen.add(item.name)
        if spec.weight != item.weight:
            actual = f"其末级指标分值之和为 {_s(item.weight)}" if item.derived else f"实际为 {_s(item.weight)}"
            out.append(_at(loaded, item.at("分值"), "S1", f"指标“{item.name}”的分值应为 {_s(spec.weight)}（{system}指标体系），{actual}"))
        if spec.children:
            out += _s1_fixed(loaded, item.children, spec.children, item.at("下级"), system)
    missing = [n for n in names if n not in seen]
    if missing and (items or len(path) == 1):
        where = path if items else path
        out.append(_at(loaded, where, "S1", f"缺少{system}指标体系中的指标：{'、'.join(missing)}"))
    return out


def _s2_bounds(loaded: Loaded, item: ScoredIndicator) -> list[Finding]:
    if item.is_leaf and item.stated is None:
        what = f"资金执行情况填了分值 {_s(item.weight)}，计入总分，" if item.funding else f"末级指标“{item.name}”"
        where = item.at("分值") if item.funding else item.path
        return [_at(loaded, where, "S2", f"{what}缺少得分（应在 0 到 {_s(item.weight)} 之间）")]
    s = item.stated
    if s is not None and not (Decimal(0) <= s <= item.weight):
        return [_at(loaded, item.at("得分"), "S2", f"“{item.name}”得分应在 0 到 {_s(item.weight)} 之间，实际为 {_s(s)}")]
    return []


def _s3_parent(loaded: Loaded, item: ScoredIndicator, places: int, doubtful: dict, ruled: set[tuple]) -> list[Finding]:
    if item.is_leaf or item.stated is None or item.computed is None:
        return []
    parts = " + ".join(_s(c.computed) for c in item.children)
    what = f"“{item.name}”得分"
    if matches(item.stated, item.computed, places):
        return _s3_tail(loaded, item.at("得分"), what, f"下级得分之和 {parts}", item.stated, item.computed, places,
                        item.leaves(), ruled)
    message = (f"“{item.name}”得分应为下级得分之和 {parts} = {_s(item.computed)}{_rounded(item.computed, places)}，"
               f"实际为 {_s(item.stated)}")
    return _s3_doubt(loaded, item.at("得分"), message, item.stated, item.leaves(), doubtful, what, places)


def _rounded(value: Decimal, places: int) -> str:
    shown = fmt.round_half_up(value, places)
    return "" if shown == value else f"（保留 {places} 位小数为 {shown}）"


def _s3_total(loaded: Loaded, a: Assessment, places: int, doubtful: dict, ruled: set[tuple]) -> list[Finding]:
    q = loaded.questionnaire
    computed = a.computed_total
    if q.total is None or computed is None:
        return []
    tops = " + ".join(_s(i.computed) for i in a.indicators)
    if matches(q.total, computed, places):
        return _s3_tail(loaded, ("总分",), "总分", f"各指标得分之和 {tops}", q.total, computed, places, a.leaves(), ruled)
    message = f"总分应为各指标得分之和 {tops} = {_s(computed)}{_rounded(computed, places)}，实际填写 {_s(q.total)}"
    return _s3_doubt(loaded, ("总分",), message, q.total, a.leaves(), doubtful, "总分", places)


def _s3_tail(loaded: Loaded, path: tuple, what: str, sum_text: str, stated: Decimal, computed: Decimal,
             places: int, leaves: list[ScoredIndicator], ruled: set[tuple]) -> list[Finding]:
    """A stated total that is the sum of its parts only once rounded is right (the report prints
    it). When the decimals it drops come from scores typed by hand (not the 2-dp scores a rule
    computed and S7 verified), a score off by less than the rounding would go unseen, and the
    parts printed beside the total do not add up to it: a warning names the tail and those scores."""
    if stated == computed:
        return []
    kept = max(decimals(stated), places)
    loose = [leaf for leaf in leaves
             if leaf.stated is not None and decimals(leaf.stated) > kept and leaf.path not in ruled]
    if not loose:
        return []
    why = "本地区分数小数位" if kept == places else "按填写的小数位"
    names = "、".join(f"“{leaf.name}”{_s(leaf.stated)}" for leaf in loose)
    return [_at(loaded, path, "S3",
                f"{what} {_s(stated)} 是{sum_text} = {_s(computed)} 四舍五入保留 {kept} 位小数（{why}），复核无误，"
                f"报告印 {_s(stated)}；与各项得分之和有 {_s(abs(stated - computed))} 的尾差，来自小数位多于它的得分"
                f"{names}，请核对", W)]


def _s3_doubt(loaded: Loaded, path: tuple, message: str, stated: Decimal,
              leaves: list[ScoredIndicator], doubtful: dict, what: str, places: int) -> list[Finding]:
    """S3 over leaves another rule disputes: right if it is the sum of the scores the rules
    compute, a warning (cannot be verified) otherwise; an error only over undisputed leaves."""
    names = _doubtful_names(leaves, doubtful)
    if not names:
        return [_at(loaded, path, "S3", message)]
    fixed = _fixed_sum(leaves, doubtful)
    if fixed is not None and matches(stated, fixed, places):
        return []
    tail = f"；按规则复核后的得分计算为 {_s(fixed)}" if fixed is not None else ""
    return [_at(loaded, path, "S3", f"因{names}的得分有误，无法复核{what}：{message}{tail}；"
                                    f"请先改正{names}的得分，再核对{what}", W)]


def _s4_grade(loaded: Loaded, profile: Profile, a: Assessment, doubtful: dict) -> list[Finding]:
    q = loaded.questionnaire
    out = []
    labels = [b.label for b in profile.bands]
    if q.grade is not None and q.grade not in labels:
        out.append(_at(loaded, ("等级",), "S4", f"等级应为{profile.name}规定的 {'、'.join(labels)} 之一，实际为“{q.grade}”"))
    elif q.grade is not None:
        basis = a.total if a.total is not None else q.total
        if basis is not None:
            expected = grade_for(basis, profile)
            if expected != q.grade:
                message = f"总分 {_s(basis)} 分按{profile.name}等级划分应为“{expected}”，实际填写“{q.grade}”"
                out.append(_s4_doubt(loaded, profile, a, doubtful, message))
    return out


def check_projects(loaded: Loaded, profile: Profile) -> list[Finding]:
    """项目自评: each project's 自评得分 is a score out of 100 (S2) and its 评价等级 the band of it (S4)."""
    out = []
    for i, p in enumerate(loaded.questionnaire.projects or []):
        if p.score > PROJECT_FULL_MARKS:
            out.append(_at(loaded, ("项目自评", i, "自评得分"), "S2",
                           f"项目“{p.name}”的自评得分应在 0 到 {PROJECT_FULL_MARKS} 之间（项目自评满分 {PROJECT_FULL_MARKS} 分），实际为 {_s(p.score)}"))
            continue
        if p.grade is None:
            continue
        expected = grade_for(p.score, profile)
        if p.grade != expected:
            out.append(_at(loaded, ("项目自评", i, "评价等级"), "S4", f"项目得分 {_s(p.score)} 分按{profile.name}等级划分应为“{expected}”，实际填写“{p.grade}”"))
    return out


def _s4_doubt(loaded: Loaded, profile: Profile, a: Assessment, doubtful: dict, message: str) -> Finding:
    """A grade that fits the stated total or the rules' scores, where S3 disputes the total: a warning."""
    q = loaded.questionnaire
    causes = []
    computed = a.computed_total
    if q.total is not None and computed is not None and not matches(q.total, computed, profile.settings.score_places):
        causes.append(("总分", q.total))
    names = _doubtful_names(a.leaves(), doubtful)
    fixed = _fixed_sum(a.leaves(), doubtful) if names else None
    if fixed is not None:
        causes.append((f"{names}的得分", fixed))
    for cause, total in causes:
        if grade_for(total, profile) == q.grade:
            return _at(loaded, ("等级",), "S4", f"因{cause}有误，无法复核等级：{message}（按{_s(total)}分则为“{q.grade}”）；"
                                                f"请先改正{cause}，再核对等级", W)
    return _at(loaded, ("等级",), "S4", message)


def _s5_deduction(loaded: Loaded, item: ScoredIndicator) -> list[Finding]:
    # The 资金执行情况 block has no 扣分原因: its deduction is the execution rate itself.
    if item.funding or item.stated is None or item.stated >= item.weight:
        return []
    # A 自评表 gives the reason in its 偏差原因分析及改进措施 column.
    reasons = (item.source.deduction, item.source.deviation) if item.source else ()
    if any(reason and reason.strip() for reason in reasons):
        return []
    lost = item.weight - item.stated
    return [_at(loaded, item.at("得分"), "S5", f"“{item.name}”扣了 {_s(lost)} 分（分值 {_s(item.weight)}，得分 {_s(item.stated)}），必须填写扣分原因")]


def _s6_counts(loaded: Loaded, item: ScoredIndicator) -> list[Finding]:
    ind = item.source
    if ind is None:
        return []
    out = []
    if ind.planned is not None and ind.done is not None:
        if ind.done > ind.planned:
            out.append(_at(loaded, item.path + ("完成数",), "S6", f"完成数 {ind.done} 不应大于计划数 {ind.planned}"))
        elif ind.rate is not None and ind.planned:
            rate = percent_of(Decimal(ind.done), Decimal(ind.planned))
            if abs(rate - ind.rate) > Decimal("0.005"):
                out.append(_at(loaded, item.path + ("完成率",), "S6", f"完成率应为 完成数 {ind.done} ÷ 计划数 {ind.planned} = {fmt.percent(rate)}，实际填写 {fmt.percent(ind.rate)}"))
    tasks = loaded.questionnaire.tasks
    if item.spec is not None and item.spec.link == "重点工作" and tasks:
        done = sum(1 for t in tasks if t.status == "已完成")
        if ind.planned is not None and ind.planned != len(tasks):
            out.append(_at(loaded, item.path + ("计划数",), "S6", f"计划数应等于重点工作完成情况表的行数 {len(tasks)}，实际填写 {ind.planned}"))
        if ind.done is not None and ind.done != done:
            out.append(_at(loaded, item.path + ("完成数",), "S6", f"完成数应等于重点工作中状态为“已完成”的项数 {done}，实际填写 {ind.done}"))
    return out


def _s7_formula(loaded: Loaded, item: ScoredIndicator, places: int, other: ScoredIndicator | None,
                cause: str) -> list[Finding]:
    """S7; `other` is the indicator scored from the summed reading, where `cause` names the wrong 合计."""
    if item.expected is None or item.stated is None or item.rule in ("手工", "定性"):
        return []
    if matches(item.stated, item.expected, places):
        return []
    path = item.at("得分")
    if cause and other is not None and other.expected is not None and other.expected != item.expected:
        if matches(item.stated, other.expected, places):
            return []
        return [_at(loaded, path, "S7",
                    f"因{cause}有误，无法复核“{item.name}”的得分：按填写的数字应得 {_s(item.expected)} 分（{item.basis}），"
                    f"按各项之和应得 {_s(other.expected)} 分（{other.basis}），实际填写 {_s(item.stated)} 分；"
                    f"请先改正{cause}，再核对得分", W)]
    return [_at(loaded, path, "S7",
                f"“{item.name}”按{item.rule}规则应得 {_s(item.expected)} 分（{item.basis}），实际填写 {_s(item.stated)} 分")]


def _s8_band(loaded: Loaded, item: ScoredIndicator) -> list[Finding]:
    ind = item.source
    if ind is None or ind.band is None or item.stated is None or not item.weight:
        return []
    low, high = _BANDS[ind.band]
    ratio = item.stated / item.weight * 100
    inside = low <= ratio <= high if ind.band == "达成" else low <= ratio < high
    if inside:
        return []
    lo, hi = item.weight * low / 100, item.weight * high / 100
    closing = "]" if ind.band == "达成" else ")"
    return [_at(loaded, item.at("得分"), "S8",
                f"评价档次“{ind.band}”的得分应在分值的 {_s(low)}%–{_s(high)}% 之间，即 [{_s(lo)}, {_s(hi)}{closing}，实际为 {_s(item.stated)}")]


def _s9_s10(loaded: Loaded, a: Assessment) -> list[Finding]:
    q = loaded.questionnaire
    out = []
    if q.total is not None and not q.indicators:
        out.append(_at(loaded, ("总分",), "S9", f"填写了总分 {_s(q.total)}，但没有“绩效指标”得分明细，总分无法核实：请按指标体系填写各指标得分"))
    if q.projects and q.total is None and not q.indicators:
        out.append(_at(loaded, ("项目自评",), "S10", "只有项目自评得分，没有部门整体支出的总分和等级：请填写“绩效指标”得分（以及总分、等级）"))
    return out


_FULL_MARK_CONFUSION = re.compile(r"自评总分\s*100\s*分")


def _s11_precision(loaded: Loaded, profile: Profile, a: Assessment) -> list[Finding]:
    out = []
    places = profile.settings.score_places
    q = loaded.questionnaire
    if q.total is not None:
        text = loaded.source.where(("总分",)).text or ""
        if decimals_of(text) > places:
            out.append(_at(loaded, ("总分",), "S11", f"总分的小数位数应不超过 {places} 位（{profile.name}），实际为“{text}”", W))
    for item in a.walk():
        if item.stated is None:
            continue
        text = loaded.source.where(item.at("得分")).text or ""
        if decimals_of(text) > max(places, 2):
            out.append(_at(loaded, item.at("得分"), "S11", f"得分的小数位数过多：“{text}”", W))
    for path, loc in loaded.source.values.items():
        if path[:1] == ("已核实",):
            continue  # the clerk's reasons quote findings; they are not report text
        if loc.text and _FULL_MARK_CONFUSION.search(loc.text):
            m = _FULL_MARK_CONFUSION.search(loc.text)
            line, col = loaded.source.text_position(path, m.start())
            out.append(Finding(W, "S11", loaded.source.file, line, col, dotted(path),
                               "“自评总分100分”混淆了满分和得分：应写“满分100分，自评得分N分”"))
    return out
