"""The report's charts: a profile's chart declaration filled with the questionnaire's figures.

Only the data lives here — categories, series and their values as `Decimal`, exactly the figures the
questionnaire gives (and the assessment prints); drawing them is authoring/render/charts.py. The
result is the 图表 block of docs/context.md; `number` gives the blocks their 图N in reading order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from authoring.jurisdiction.charts import ChartSpec
from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.scoring import Assessment
from authoring.questionnaire.money import Columns
from authoring.questionnaire.model import Questionnaire
from authoring.report import formatting as fmt
from authoring.report.wording import render_wording

# A chart holds at most this many bars (or indicators): beyond it the chart could not be read at the
# width of the text block, and its drawing would cost more than the rest of the report.
MAX_BUDGET_CATEGORIES = 12
MAX_INDICATORS = 40

BUDGET_SERIES = (("年初预算数", "initial"), ("调整预算数", "adjusted"), ("决算数", "actual"))


def build_chart(name: str, q: Questionnaire, profile: Profile, a: Assessment, words: dict) -> dict | None:
    """The 图表 block of the declared chart `name`, or None when the questionnaire has nothing to plot."""
    spec = profile.charts[name]
    data = DATA[spec.kind](q, a)
    if data is None:
        return None
    categories, groups, series, left_out = data
    show = (lambda v: fmt.amount(v, profile.settings.thousands)) if spec.kind == "预算执行" else fmt.score
    for s in series:
        s["文字"] = [show(v) if v is not None else "" for v in s["数值"]]
    note = spec.note or ""
    if left_out:
        what = "指标" if spec.kind == "指标得分" else "类别"
        shown = len(categories)
        note += f"图中只列出前 {shown} 项{what}（共 {shown + left_out} 项），其余见表格。"
    return {
        "类型": "图表",
        "种类": spec.kind,
        "名称": name,
        "编号": "",
        "标题": _title(spec, name, words),
        "题注": "",
        "单位": spec.unit_text(),
        "注": note,
        "分类": categories,
        "分组": groups,
        "系列": series,
    }


def _title(spec: ChartSpec, name: str, words: dict) -> str:
    return render_wording(spec.title if spec.title is not None else name, words)


def number(blocks: list[dict], extra: list[dict] = ()) -> None:
    """图1, 图2 … in reading order (the body's charts, then those only a template places); 题注 = 图N + 标题."""
    for i, block in enumerate([b for b in blocks if b.get("类型") == "图表"] + list(extra), start=1):
        block["编号"] = f"图{i}"
        block["题注"] = f"图{i} {block['标题']}".rstrip()


# ----------------------------------------------------------------------------- the data of each kind

Data = tuple[list[str], list[str], list[dict], int]  # categories, group of each, series, categories left out


def _budget(q: Questionnaire, a: Assessment) -> Data | None:
    """Each spending category the questionnaire gives a figure for: 基本支出 (or, when only its parts are
    typed, 人员经费 and 日常公用经费), 项目支出, 上缴上级支出, 经营支出, 对附属单位补助支出."""
    e = q.expenditure
    if e is None:
        return None
    rows: list[tuple[str, Columns]] = []
    basic = e.basic
    if basic is not None and _has_figures(basic):
        rows.append(("基本支出", basic))
    elif basic is not None:
        rows += [(n, c) for n, c in (("人员经费", basic.personnel), ("日常公用经费", basic.public))
                 if c is not None and _has_figures(c)]
    for label, c in (("项目支出", e.project), ("上缴上级支出", e.remitted), ("经营支出", e.business),
                     ("对附属单位补助支出", e.subsidiary)):
        if c is not None and _has_figures(c):
            rows.append((label, c))
    if not rows:
        return None
    left_out = max(0, len(rows) - MAX_BUDGET_CATEGORIES)
    rows = rows[:MAX_BUDGET_CATEGORIES]
    series = [{"名称": label, "数值": [getattr(c, attr) for _, c in rows]} for label, attr in BUDGET_SERIES]
    series = [s for s in series if any(v is not None for v in s["数值"])]
    return [label for label, _ in rows], [], series, left_out


def _has_figures(c: Columns) -> bool:
    """A category worth a bar: at least one of its three figures is typed and not 0."""
    return any(v for v in (c.initial, c.adjusted, c.actual))


def _indicators(q: Questionnaire, a: Assessment) -> Data | None:
    """Each leaf indicator's 得分 against its 分值, grouped by its 一级指标 (the order of 绩效指标; the
    资金执行情况 block, when it counts toward the total, first under its own name)."""
    rows: list[tuple[str, str, Decimal, Decimal | None]] = []
    for top in a.indicators:
        for leaf in top.leaves():
            group = top.name if leaf is not top else ""
            if leaf is top and leaf.source is not None and leaf.source.level1:  # a flat 自评表 row
                group = leaf.source.level1
            rows.append((leaf.name, group, leaf.weight, leaf.score))
    if not rows:
        return None
    left_out = max(0, len(rows) - MAX_INDICATORS)
    rows = rows[:MAX_INDICATORS]
    series = [{"名称": "分值", "数值": [r[2] for r in rows]}, {"名称": "得分", "数值": [r[3] for r in rows]}]
    return [r[0] for r in rows], [r[1] for r in rows], series, left_out


DATA: dict[str, Callable[[Questionnaire, Assessment], Data | None]] = {
    "预算执行": _budget,
    "指标得分": _indicators,
}
