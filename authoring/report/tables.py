"""The report's tables: a profile's table declaration filled from the questionnaire and the assessment.

Each row source (authoring/jurisdiction/tables.py ROW_SOURCES) gives every row as a mapping
field → display text; the declaration picks and orders the columns, adds the total row and
merges the cells of its 分组 columns. The result is the 表格 block of docs/context.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.placement import outline_nodes
from authoring.jurisdiction.scoring import Assessment, ScoredIndicator, grade_for
from authoring.jurisdiction.tables import ROW_SOURCES, TableSpec
from authoring.questionnaire.money import Columns
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.numbers import change, percent_of
from authoring.report import formatting as fmt
from authoring.report.wording import render_wording

COMPACT_COLUMNS = 8  # from this many columns on, a table is set in 五号 type with narrow cell padding


@dataclass
class Record:
    values: dict[str, str]
    indent: int = 0


def build_table(name: str, q: Questionnaire, profile: Profile, a: Assessment, words: dict) -> dict | None:
    """The 表格 block of the declared table `name`, or None when its source has no rows."""
    spec = profile.tables[name]
    source = ROW_SOURCES[spec.source]
    records = ROWS[spec.source](q, profile, a)
    if not records:
        return None
    fields = spec.fields()
    rows = [_row([r.values.get(f, "") for f in fields], r.indent) for r in records]
    if spec.total is not None:
        rows.append(_total_row(spec, fields, q, profile, a, words))
    _merge_groups(rows, _group_columns(spec, fields))
    infos = [source.fields[f] for f in fields]
    return {
        "类型": "表格",
        "种类": name,
        "标题": render_wording(spec.title if spec.title is not None else name, words),
        "单位": spec.unit or "",
        "表头": spec.headers(),
        "字段": fields,
        "对齐": [c.align or info.align for c, info in zip(spec.columns, infos)],
        "列宽": [c.width or info.width for c, info in zip(spec.columns, infos)],
        "行": rows,
        "注": spec.note or "",
        "紧凑": len(fields) >= COMPACT_COLUMNS,
    }


def _row(cells: list[str], indent: int = 0, total: bool = False) -> dict:
    return {"格": cells, "缩进": indent, "合计": total, "跨行": [1] * len(cells)}


# ----------------------------------------------------------------------------- total row and merging


def _total_row(spec: TableSpec, fields: list[str], q: Questionnaire, profile: Profile, a: Assessment,
               words: dict) -> dict:
    assert spec.total is not None
    source = ROW_SOURCES[spec.source]
    values = dict(TOTALS[spec.source](q, profile, a))
    if source.label_field:
        values[source.label_field] = spec.total.label
    if spec.total.grade is not None:
        grade_field = source.canonical(spec.total.grade) or spec.total.grade
        values[grade_field] = render_wording(spec.total.grade_text, words) if a.grade else ""
    cells = [values.get(f, "") for f in fields]
    if source.label_field not in fields:
        free = next((i for i, f in enumerate(fields) if f not in values and f != "序号"), None)
        if free is not None:
            cells[free] = spec.total.label
    return _row(cells, total=True)


def _group_columns(spec: TableSpec, fields: list[str]) -> list[int]:
    """Column indexes of the 分组 fields, in the order the declaration lists them."""
    written = [c.field for c in spec.columns]
    source = ROW_SOURCES[spec.source]
    out = []
    for name in spec.group:
        index = written.index(name) if name in written else fields.index(source.canonical(name) or name)
        out.append(index)
    return out


def _merge_groups(rows: list[dict], columns: list[int]) -> None:
    """Consecutive body rows whose text in a grouped column (and in the grouped columns before it)
    is the same and not empty share one cell: the first gets 跨行 n, the others 0 and no text."""
    texts = [list(r["格"]) for r in rows]
    for k, col in enumerate(columns):
        keys = columns[: k + 1]
        i = 0
        while i < len(rows):
            if rows[i]["合计"] or not texts[i][col]:
                i += 1
                continue
            key = [texts[i][c] for c in keys]
            j = i + 1
            while j < len(rows) and not rows[j]["合计"] and [texts[j][c] for c in keys] == key:
                j += 1
            if j - i > 1:
                rows[i]["跨行"][col] = j - i
                for r in rows[i + 1: j]:
                    r["跨行"][col] = 0
                    r["格"][col] = ""
            i = j


# ----------------------------------------------------------------------------- 指标


def _leaf_paths(item: ScoredIndicator, above: tuple = ()) -> list[tuple[ScoredIndicator, ...]]:
    path = above + (item,)
    if not item.children:
        return [path]
    return [p for child in item.children for p in _leaf_paths(child, path)]


def _places_funding_table(profile: Profile) -> bool:
    """The outline prints the 资金执行情况 block as a table of its own (a 自评表's 执行率 block)."""
    return any(kind == "表格" and target in profile.tables and profile.tables[target].source == "资金"
               for node in outline_nodes(profile.outline) for part in node.parts for kind, target in part.items())


def _indicator_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[Record]:
    out: list[Record] = []
    # The block's 分值 and 得分 stand in its own table when there is one; the total row still counts them.
    own_table = _places_funding_table(profile)
    for top in a.indicators:
        if top.funding and own_table:
            continue
        for path in _leaf_paths(top):
            leaf = path[-1]
            src = leaf.source
            names = [p.name for p in path]
            if len(names) == 1 and src is not None and src.level1:  # a flat 自评表 row names its own groups
                names = [src.level1] + ([src.level2] if src.level2 else []) + [leaf.name]
            coefficient = ""
            if leaf.score is not None and leaf.weight:
                coefficient = fmt.percent(percent_of(leaf.score, leaf.weight))
            target = (src.target or "") if src else ""
            actual = (src.actual or "") if src else ""
            deduction = (src.deduction or "") if src else ""
            out.append(Record({
                "序号": str(len(out) + 1),
                "一级指标": names[0],
                "二级指标": names[1] if len(names) > 1 else "",
                "三级指标": names[2] if len(names) > 2 else "",
                "指标名称": leaf.name,
                "分值": fmt.score(leaf.weight),
                "得分": fmt.score(leaf.score),
                "得分系数": coefficient,
                "年度指标值": target,
                "年初指标值": ((src.initial_target or src.target) or "") if src else "",
                "调整指标值": target,
                "实际完成值": actual,
                "全年完成值": actual,
                "计量单位": (src.unit or "") if src else "",
                "指标性质": (src.nature or "") if src else "",
                "是否核心指标": (src.core or "") if src else "",
                "扣分原因": deduction,
                "偏差原因分析及改进措施": ((src.deviation or src.deduction) or "") if src else "",
            }))
    return out


def _indicator_total(q: Questionnaire, profile: Profile, a: Assessment) -> dict[str, str]:
    weights = sum((t.weight for t in a.indicators), Decimal(0))
    return {"分值": fmt.score(weights), "得分": fmt.score(a.total)}


# ----------------------------------------------------------------------------- 支出 and 收入


def _money_values(c: Columns | None, whole: Decimal | None, th: bool) -> dict[str, str]:
    c = c or Columns()
    diff, rate = change(c.actual, c.previous)
    execution = percent_of(c.actual, c.adjusted) if c.actual is not None and c.adjusted else None
    share = percent_of(c.actual, whole) if c.actual is not None and whole else None
    return {
        "年初预算数": fmt.amount(c.initial, th), "调整预算数": fmt.amount(c.adjusted, th),
        "决算数": fmt.amount(c.actual, th), "执行率": fmt.percent(execution),
        "上年数": fmt.amount(c.previous, th), "增减额": fmt.amount(diff, th), "增减率": fmt.percent(rate),
        "占比": fmt.percent(share),
    }


def _expenditure_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[Record]:
    e = q.expenditure
    if e is None:
        return []
    th = profile.settings.thousands
    whole = e.total.actual
    basic, project = e.basic, e.project

    def record(name: str, c: Columns | None, indent: int = 0) -> Record:
        return Record({"支出类别": name, **_money_values(c, whole, th)}, indent)

    return [
        record("一、基本支出", basic),
        record("人员经费", basic.personnel if basic else None, 1),
        record("日常公用经费", basic.public if basic else None, 1),
        record("二、项目支出", project),
        record("其中：基本建设类项目", project.construction if project else None, 1),
        record("三、上缴上级支出", e.remitted),
        record("四、经营支出", e.business),
        record("五、对附属单位补助支出", e.subsidiary),
    ]


def _expenditure_total(q: Questionnaire, profile: Profile, a: Assessment) -> dict[str, str]:
    e = q.expenditure
    assert e is not None
    return _money_values(e.total, e.total.actual, profile.settings.thousands)


def _income_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[Record]:
    if q.income is None:
        return []
    th = profile.settings.thousands
    out = []
    for i in q.income.items:
        diff, rate = change(i.amount, i.previous)
        out.append(Record({"收入项目": i.source, "金额": fmt.amount(i.amount, th), "占比": fmt.percent(i.share),
                           "上年数": fmt.amount(i.previous, th), "增减额": fmt.amount(diff, th),
                           "增减率": fmt.percent(rate)}))
    return out


def _income_total(q: Questionnaire, profile: Profile, a: Assessment) -> dict[str, str]:
    income = q.income
    assert income is not None
    th = profile.settings.thousands
    diff, rate = change(income.total, income.previous)
    return {"金额": fmt.amount(income.total, th), "占比": "100%", "上年数": fmt.amount(income.previous, th),
            "增减额": fmt.amount(diff, th), "增减率": fmt.percent(rate)}


# ----------------------------------------------------------------------------- 资金执行情况


def _funding_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[Record]:
    funding = q.funding
    if funding is None:
        return []
    th = profile.settings.thousands
    out = []
    for i, r in enumerate(funding.rows):
        name = r.name
        if i == 1 and not name.startswith("其中"):
            name = "其中：" + name
        rate = r.rate
        if rate is None and r.actual is not None and r.adjusted:
            rate = percent_of(r.actual, r.adjusted)
        out.append(Record({
            "资金来源": name,
            "年初预算数": fmt.amount(r.initial, th), "全年预算数": fmt.amount(r.adjusted, th),
            "全年执行数": fmt.amount(r.actual, th), "执行率": fmt.percent(rate),
            "分值": fmt.score(funding.weight) if i == 0 else "",
            "得分": fmt.score(funding.score) if i == 0 else "",
        }, indent=1 if i else 0))
    return out


# ----------------------------------------------------------------------------- lists


def _task_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[Record]:
    return [Record({"序号": str(i + 1), "工作任务": t.task, "状态": t.status, "完成情况": t.result})
            for i, t in enumerate(q.tasks or [])]


def _project_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[Record]:
    th = profile.settings.thousands
    return [Record({"序号": str(i + 1), "项目名称": p.name, "项目资金": fmt.amount(p.funds, th),
                    "自评得分": fmt.score(p.score), "评价等级": p.grade or grade_for(p.score, profile)})
            for i, p in enumerate(q.projects or [])]


def _team_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[Record]:
    return [Record({"序号": str(i + 1), "姓名": m.name, "工作单位": m.unit, "职务": m.post,
                    "职称": m.title or "", "签字": ""})
            for i, m in enumerate(q.team or [])]


def _unit_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[Record]:
    return [Record({"序号": str(i + 1), "单位名称": u.name, "单位基本性质": u.nature, "经费形式": u.funding})
            for i, u in enumerate(q.units or [])]


Rows = Callable[[Questionnaire, Profile, Assessment], list[Record]]
Totals = Callable[[Questionnaire, Profile, Assessment], dict[str, str]]

# One builder per row source of ROW_SOURCES (tests/test_table_declarations.py checks they agree).
ROWS: dict[str, Rows] = {
    "指标": _indicator_rows,
    "支出": _expenditure_rows,
    "收入": _income_rows,
    "资金": _funding_rows,
    "重点工作": _task_rows,
    "项目": _project_rows,
    "工作组": _team_rows,
    "决算单位": _unit_rows,
}
TOTALS: dict[str, Totals] = {
    "指标": _indicator_total,
    "支出": _expenditure_total,
    "收入": _income_total,
}
