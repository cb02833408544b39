"""The report's tables, built from the questionnaire and the computed results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from authoring.report import formatting as fmt
from authoring.jurisdiction.model import Profile
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.money import Columns
from authoring.jurisdiction.scoring import Assessment, grade_for
from authoring.jurisdiction.tables import TABLE_HEADERS
from authoring.report.wording import render_wording

_WIDTHS = {
    "部门预算支出明细表": [34, 22, 22, 22],
    "收入情况表": [50, 25, 25],
    "重点工作完成情况表": [8, 46, 46],
    "指标得分表": [16, 28, 10, 10, 36],
    "项目自评得分表": [60, 20, 20],
    "决算单位构成表": [8, 44, 24, 24],
}
_TEAM_WIDTHS = {"姓名": 14, "工作单位": 30, "职务": 20, "职称": 18, "签字": 18}


def _row(cells: list[str], indent: int = 0, total: bool = False) -> dict:
    return {"格": cells, "缩进": indent, "合计": total}


def build_table(kind: str, q: Questionnaire, profile: Profile, a: Assessment, words: dict) -> dict | None:
    rows = _ROWS[kind](q, profile, a)
    if not rows:
        return None
    spec = profile.tables.get(kind)
    title = spec.title if spec and spec.title is not None else kind
    header = TABLE_HEADERS.get(kind)
    widths = _WIDTHS.get(kind)
    if kind == "评价工作组人员名单":
        header = _team_columns(profile)
        widths = [_TEAM_WIDTHS.get(c, 18) for c in header]
    return {
        "类型": "表格",
        "种类": kind,
        "标题": render_wording(title, words),
        "单位": (spec.unit if spec else None) or "",
        "表头": header,
        "行": rows,
        "注": (spec.note if spec else None) or "",
        "列宽": widths,
    }


def _team_columns(profile: Profile) -> list[str]:
    spec = profile.tables.get("评价工作组人员名单")
    return list(spec.columns) if spec and spec.columns else TABLE_HEADERS["评价工作组人员名单"]


def _cols(c: Columns | None, th: bool) -> list[str]:
    if c is None:
        return ["", "", ""]
    return [fmt.amount(c.initial, th), fmt.amount(c.adjusted, th), fmt.amount(c.actual, th)]


def _budget_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[dict]:
    e = q.expenditure
    if e is None:
        return []
    th = profile.settings.thousands
    basic, project = e.basic, e.project
    return [
        _row(["一、基本支出"] + _cols(basic, th)),
        _row(["人员经费"] + _cols(basic.personnel if basic else None, th), indent=1),
        _row(["日常公用经费"] + _cols(basic.public if basic else None, th), indent=1),
        _row(["二、项目支出"] + _cols(project, th)),
        _row(["其中：基本建设类项目"] + _cols(project.construction if project else None, th), indent=1),
        _row(["三、上缴上级支出"] + _cols(e.remitted, th)),
        _row(["四、经营支出"] + _cols(e.business, th)),
        _row(["五、对附属单位补助支出"] + _cols(e.subsidiary, th)),
        _row(["合计"] + _cols(e.total, th), total=True),
    ]


def _income_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[dict]:
    if q.income is None:
        return []
    th = profile.settings.thousands
    rows = [_row([i.source, fmt.amount(i.amount, th), fmt.percent(i.share)]) for i in q.income.items]
    return rows + [_row(["合计", fmt.amount(q.income.total, th), "100%"], total=True)]


def _task_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[dict]:
    return [_row([str(i + 1), t.task, t.result]) for i, t in enumerate(q.tasks or [])]


def _score_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[dict]:
    rows: list[dict] = []
    for top in a.indicators:
        for j, leaf in enumerate(top.leaves()):
            first = top.name if j == 0 else ""
            deduction = (leaf.source.deduction or "") if leaf.source else ""
            second = leaf.name if leaf is not top else ""
            rows.append(_row([first, second, fmt.score(leaf.weight), fmt.score(leaf.score), deduction]))
    if rows:
        weights = sum((t.weight for t in a.indicators), Decimal(0))
        rows.append(_row(["合计", "", fmt.score(weights), fmt.score(a.total), f"评价等级：{a.grade}" if a.grade else ""], total=True))
    return rows


def _project_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[dict]:
    return [_row([p.name, fmt.score(p.score), p.grade or grade_for(p.score, profile)]) for p in q.projects or []]


def _team_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[dict]:
    columns = _team_columns(profile)
    values = lambda m: {"姓名": m.name, "工作单位": m.unit, "职务": m.post, "职称": m.title or "", "签字": ""}  # noqa: E731
    return [_row([values(m)[c] for c in columns]) for m in q.team or []]


def _unit_rows(q: Questionnaire, profile: Profile, a: Assessment) -> list[dict]:
    return [_row([str(i + 1), u.name, u.nature, u.funding]) for i, u in enumerate(q.units or [])]


_ROWS: dict[str, Any] = {
    "部门预算支出明细表": _budget_rows,
    "收入情况表": _income_rows,
    "重点工作完成情况表": _task_rows,
    "指标得分表": _score_rows,
    "项目自评得分表": _project_rows,
    "评价工作组人员名单": _team_rows,
    "决算单位构成表": _unit_rows,
}
