"""`authoring init`: a blank questionnaire with a Chinese comment on every field."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from authoring.jurisdiction.model import IndicatorSpec
from authoring.jurisdiction.placement import placement, required_keys
from authoring.jurisdiction.profile import load_profile
from authoring.questionnaire import numbers as fmt
from authoring.questionnaire.indicators import Project
from authoring.questionnaire.model import Member, Questionnaire, Task, Unit
from authoring.questionnaire.money import (TOTAL_FUNDING, BasicExpenditure, Columns, Expenditure, Funding, FundingRow,
                                           Income, IncomeItem)
from authoring.schema import modeline, schema_reference

_SKIP = {"地区", "绩效指标", "其他章节", "标题"}
_EXAMPLE_ROWS: dict[str, type[BaseModel]] = {
    "决算单位构成": Unit, "重点工作": Task, "项目自评": Project, "评价工作组": Member,
}


def _required_mark(key: str, required: dict[str, list[str]]) -> str:
    group = required.get(key)
    if not group:
        return ""
    if len(group) == 1:
        return "【必填】"
    return f"【必填：{'、'.join(group)}至少填一项】"


def blank_questionnaire(profile_id: str, templates_dir: Path | None = None, schema_ref: str | None = None) -> str:
    """The blank questionnaire; schema_ref is how its first line names the schema (schema.schema_reference)."""
    lp = load_profile(profile_id) if templates_dir is None else load_profile(profile_id, templates_dir)
    p = lp.profile
    lines = [
        modeline(schema_ref or schema_reference(None)),
        f"# 部门整体支出绩效自评问卷（{p.name}）。填写说明：",
        "# - 金额单位为万元，照决算表填写，如 3013.08 或 3,013.08；比率写百分数，如 98.79%。",
        "# - 合计、比率、总分、等级照报告填写，工具会逐项复核，不会替你改。",
        "# - 多段文字用“|”开头，每行一段；小节写成“- 标题: …”加“内容: …”，标题不要写编号。",
        "",
        "# 适用的地区规则",
        f"地区: {profile_id}",
    ]
    where = placement(p)  # only what this jurisdiction's report prints is offered
    required = required_keys(p)
    for name, field in Questionnaire.model_fields.items():
        key = field.alias
        if key in _SKIP or not where.prints(key):
            continue
        lines.append(f"# {_required_mark(key, required)}{field.description}")
        if key in _EXAMPLE_ROWS:
            lines.append(f"{key}:")
            lines += _list_item(_EXAMPLE_ROWS[key], "  ")
        elif key == "收入":
            lines.append(f"{key}:")
            lines += _model_lines(Income, "  ", skip={"分项"})
            lines.append(f"  # {Income.model_fields['items'].description}")
            lines.append("  分项:")
            lines += _list_item(IncomeItem, "    ")
        elif key == "支出":
            lines.append(f"{key}:")
            lines += _expenditure_lines("  ")
        elif key == "资金执行情况":
            lines.append(f"{key}:")
            lines += _funding_lines("  ")
        else:
            lines.append(f"{key}:")
        lines.append("")
    if where.extra_sections:
        lines.append("# 本地区大纲中的其他章节（键为章节名称）")
        lines.append("其他章节:")
        for section in where.extra_sections:
            mark = _required_mark(f"其他章节.{section}", required)
            lines += [f"  # {mark}"] if mark else []
            lines.append(f"  {section}:")
        lines.append("")
    lines += _indicator_notes(p)
    lines.append("绩效指标:")
    for spec in p.system.indicators:
        lines += _indicator_lines(spec, "  ", where.prints_analysis(spec.name))
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


def _funding_lines(indent: str) -> list[str]:
    """Commented out: the block is filled only when the report has a 自评表 with 年度预算资金."""
    columns = ", ".join(f"{f.alias}: " for name, f in FundingRow.model_fields.items() if name != "name")
    rows = [f"{indent}#   - {{名称: {name}, {columns}}}" for name in (TOTAL_FUNDING, "当年财政拨款", "上年结转资金", "其他资金")]
    return [
        f"{indent}# 报告附有自评表“年度预算资金”一块时，去掉下面各行开头的“#”照表填写（万元）：",
        f"{indent}# 第一行必须是{TOTAL_FUNDING}，其后是其中各项，各列之和等于{TOTAL_FUNDING}；",
        f"{indent}# 执行率 = 全年执行数 ÷ 全年预算数 × 100%，保留两位小数、四舍五入；"
        f"{TOTAL_FUNDING}应与支出合计的调整预算数、决算数一致",
        f"{indent}# 分项:",
        *rows,
        f"{indent}# {Funding.model_fields['weight'].description}",
        f"{indent}# 分值:",
        f"{indent}# {Funding.model_fields['score'].description}",
        f"{indent}# 得分:",
    ]


def _indicator_notes(p) -> list[str]:
    places = p.settings.score_places
    kept = "取整数" if places == 0 else f"保留 {places} 位小数"
    notes = ["# 指标得分：按本地区指标体系填写末级指标的得分；得分低于分值须写扣分原因"]
    if not p.system.fixed:
        notes.append("# - 本地区指标体系没有列出的指标（个性指标）填写“规则”：定性（另填 评价档次）、完成率（另填 计划数、完成数）、"
                     "执行率、比率（另填 指标值、实际值，反向指标另填 方向: 反向）、项目加权，工具按规则复核得分。")
    notes += [
        "# - 按公式得出的得分四舍五入保留两位小数，如按公式得 4.437，四舍五入保留两位小数为 4.44。",
        f"# - 总分和上级指标得分按四舍五入{kept}复核，报告印所填写的数；不填则印计算结果（四舍五入{kept}）。",
        "# - 也可以照自评表平铺填写：每项写 一级指标、二级指标、名称、分值、得分……，不用“下级”；两种写法不能混用。",
        "# - 自评表的预算执行率一块填在“资金执行情况”（分值、得分计入总分，得分 = 执行率 × 分值，不超过分值）。",
    ]
    if p.settings.require_rules:
        notes.append("# - 本地区要求每个末级指标都有评分规则（手工不算），全部得分都要能复核。")
    return notes


def _indicator_lines(spec: IndicatorSpec, indent: str, analysis: bool) -> list[str]:
    out = [f"{indent}- 名称: {spec.name}", f"{indent}  分值: {fmt.score(spec.weight)}"]
    if spec.note:
        out.insert(0, f"{indent}# {spec.note}")
    if spec.children:
        out.append(f"{indent}  下级:")
        for child in spec.children:
            out += _indicator_lines(child, indent + "    ", analysis)
    else:
        hint = {"完成率": "（另填 计划数、完成数）", "比率": "（另填 实际值、指标值）", "定性": "（可填 评价档次）"}.get(spec.rule, "")
        rounding = "；按公式得出的得分四舍五入保留两位小数" if spec.rule not in ("手工", "定性") else ""
        out.append(f"{indent}  # 规则：{spec.rule}{hint}{rounding}")
        out.append(f"{indent}  得分:")
        out.append(f"{indent}  扣分原因:")
        if analysis:
            out.append(f"{indent}  分析: |")
            out.append(f"{indent}    ")
    return out
