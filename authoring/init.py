"""`authoring init`: a blank questionnaire with a Chinese comment on every field."""

from __future__ import annotations

from pydantic import BaseModel

from authoring.jurisdiction.model import IndicatorSpec
from authoring.jurisdiction.profile import load_profile
from authoring.questionnaire import numbers as fmt
from authoring.questionnaire.indicators import Project
from authoring.questionnaire.model import Member, Questionnaire, Task, Unit
from authoring.questionnaire.money import BasicExpenditure, Columns, Expenditure, Income, IncomeItem

_SKIP = {"地区", "绩效指标", "其他章节", "标题"}
_EXAMPLE_ROWS: dict[str, type[BaseModel]] = {
    "决算单位构成": Unit, "重点工作": Task, "项目自评": Project, "评价工作组": Member,
}
# Questionnaire lists asked for only when a table the profile places shows them (its row source).
_SOURCE_OF = {"决算单位构成": "决算单位", "重点工作": "重点工作", "项目自评": "项目", "评价工作组": "工作组"}


def _sources_used(p) -> set[str]:
    """The row sources of the tables the outline and the indicator specs place."""
    used: set[str] = set()
    sources: set[str] = set()

    def nodes(items):
        for n in items:
            for part in n.parts:
                used.update(v for k, v in part.items() if k == "表格")
            nodes(n.children or [])

    def specs(items):
        for s in items:
            if s.table:
                used.add(s.table)
            if s.link == "重点工作":
                sources.add("重点工作")
            specs(s.children or [])

    nodes(p.outline)
    specs(p.system.indicators)
    return sources | {p.tables[name].source for name in used if name in p.tables}


def blank_questionnaire(profile_id: str) -> str:
    lp = load_profile(profile_id)
    p = lp.profile
    lines = [
        "# yaml-language-server: $schema=../schema/questionnaire.schema.json",
        f"# 部门整体支出绩效自评问卷（{p.name}）。填写说明：",
        "# - 金额单位为万元，照决算表填写，如 3013.08 或 3,013.08；比率写百分数，如 98.79%。",
        "# - 合计、比率、总分、等级照报告填写，工具会逐项复核，不会替你改。",
        "# - 多段文字用“|”开头，每行一段；小节写成“- 标题: …”加“内容: …”，标题不要写编号。",
        "",
        "# 适用的地区规则",
        f"地区: {profile_id}",
    ]
    used = _sources_used(p)
    for name, field in Questionnaire.model_fields.items():
        key = field.alias
        if key in _SKIP or (key in _SOURCE_OF and _SOURCE_OF[key] not in used):
            continue
        lines.append(f"# {field.description}")
        if key in _EXAMPLE_ROWS:
            lines.append(f"{key}:")
            lines += _list_item(_EXAMPLE_ROWS[key], "  ")
        elif key == "收入":
            lines.append(f"{key}:")
            lines += _model_lines(Income, "  ", skip={"分项"})
            lines.append("  # 各项收入")
            lines.append("  分项:")
            lines += _list_item(IncomeItem, "    ")
        elif key == "支出":
            lines.append(f"{key}:")
            lines += _expenditure_lines("  ")
        else:
            lines.append(f"{key}:")
        lines.append("")
    lines.append("# 指标得分：按本地区指标体系填写末级指标的得分；得分低于分值须写扣分原因")
    lines.append("绩效指标:")
    for spec in p.system.indicators:
        lines += _indicator_lines(spec, "  ")
    return "\n".join(lines) + "\n"


def _model_lines(model: type[BaseModel], indent: str, skip: set[str] = frozenset()) -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        if field.alias in skip:
            continue
        out.append(f"{indent}# {field.description}")
        out.append(f"{indent}{field.alias}:")
    return out


def _list_item(model: type[BaseModel], indent: str) -> list[str]:
    inner = _model_lines(model, indent + "  ")
    first = inner[1].lstrip()
    return [f"{indent}- {first}  {inner[0].strip()}"] + inner[2:]


def _expenditure_lines(indent: str) -> list[str]:
    out = []
    for name, field in Expenditure.model_fields.items():
        out.append(f"{indent}# {field.description}")
        out.append(f"{indent}{field.alias}:")
        if field.alias in ("基本支出",):
            out += _model_lines(BasicExpenditure, indent + "  ", skip={"人员经费", "日常公用经费"})
            for sub in ("人员经费", "日常公用经费"):
                out.append(f"{indent}  {sub}:")
                out += _model_lines(Columns, indent + "    ")
        elif field.alias in ("项目支出", "合计"):
            out += _model_lines(Columns, indent + "  ")
    return out


def _indicator_lines(spec: IndicatorSpec, indent: str) -> list[str]:
    out = [f"{indent}- 名称: {spec.name}", f"{indent}  分值: {fmt.score(spec.weight)}"]
    if spec.note:
        out.insert(0, f"{indent}# {spec.note}")
    if spec.children:
        out.append(f"{indent}  下级:")
        for child in spec.children:
            out += _indicator_lines(child, indent + "    ")
    else:
        hint = {"完成率": "（另填 计划数、完成数）", "比率": "（另填 实际值、指标值）", "定性": "（可填 评价档次）"}.get(spec.rule, "")
        out.append(f"{indent}  # 规则：{spec.rule}{hint}")
        out.append(f"{indent}  得分:")
        out.append(f"{indent}  扣分原因:")
        out.append(f"{indent}  分析: |")
        out.append(f"{indent}    ")
    return out
