"""Which questionnaire keys a profile's report prints, worked out from its outline.

`check` warns about a filled key that no part of the outline prints, and `init` offers
only the keys that are printed. A key is printed by an outline part:
`内容` (the key itself), `表格` (the key its rows come from), `句子`/`注` (the keys
behind the 措辞 variables the sentence uses), `指标分析` (绩效指标, and the 分析 of the
indicators under it, and the tables the 指标体系 attaches to them); and by the title
block (标题, 附件序号, 引言) or the 落款 block when the profile asks for one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from jinja2 import Environment, TemplateSyntaxError, meta

from authoring.jurisdiction.model import IndicatorSpec, OutlineNode, Profile

# Printed by the title block of every report, whatever the outline.
HEADER_KEYS = ("年度", "部门全称", "部门简称", "附件序号", "标题", "引言")
# Printed by the 落款 block, which the profile's 设置.落款 switches on.
SIGNATURE_KEYS = ("评价单位", "报告日期")
# Instructions to the tool rather than report content, and an example's marks (printed wherever they apply).
TOOL_KEYS = ("地区", "已核实", "示例说明", "示意")
EXTRA_SECTIONS = "其他章节"
INDICATORS = "绩效指标"
ALL_INDICATORS = "全部"
DEDUCTION = "扣分原因"  # of an indicator: printed by the 指标得分表, or by 指标得分句 when it uses {{ 扣分原因 }}
SCORE_SENTENCE = "指标得分句"

# The questionnaire keys a table prints, by its row source (数据): its rows, and a total row's score and grade.
SOURCE_KEYS: dict[str, tuple[str, ...]] = {
    "指标": (INDICATORS, "总分", "等级"),
    "支出": ("支出",),
    "收入": ("收入",),
    "资金": ("资金执行情况",),
    "重点工作": ("重点工作",),
    "项目": ("项目自评",),
    "工作组": ("评价工作组",),
    "决算单位": ("决算单位构成",),
}
DEVIATION = "偏差原因分析及改进措施"  # its column shows the indicator's 扣分原因 only when this is not filled
# The questionnaire key behind a 措辞 variable (variables not listed come from the header).
WORDING_SOURCES: dict[str, str] = {
    "收入": "收入", "支出": "支出", "总分": "总分", "等级": "等级", "资金": "资金执行情况",
}

_PARSER = Environment()


@dataclass
class Placement:
    """Where a profile's report prints each questionnaire key."""

    keys: dict[str, str] = field(default_factory=dict)  # key → title of the first section printing it
    analysis: set[str] = field(default_factory=set)  # 一级指标 whose 分析 is printed; 全部 for all
    deductions: set[str] = field(default_factory=set)  # 一级指标 whose 扣分原因 is printed; 全部 for all
    deviations: set[str] = field(default_factory=set)  # … printed in place of an empty 偏差原因分析及改进措施
    extra_sections: list[str] = field(default_factory=list)  # 其他章节 names the outline places itself

    def prints(self, key: str) -> bool:
        return key in self.keys

    def prints_analysis(self, level1: str | None) -> bool:
        return _within(self.analysis, level1)

    def prints_deduction(self, level1: str | None, deviation_given: bool = False) -> bool:
        return _within(self.deductions, level1) or (not deviation_given and _within(self.deviations, level1))


def _within(scope: set[str], level1: str | None) -> bool:
    return ALL_INDICATORS in scope or (level1 is not None and level1 in scope)


def placement(profile: Profile) -> Placement:
    out = Placement()
    for key in HEADER_KEYS:
        out.keys[key] = "标题"
    if profile.settings.signature:
        for key in SIGNATURE_KEYS:
            out.keys[key] = "落款"
    for node in outline_nodes(profile.outline):
        for part in node.parts:
            for kind, target in part.items():
                for key in _part_keys(profile, kind, target, out):
                    out.keys.setdefault(key, node.title)
    return out


def part_keys(profile: Profile, kind: str, target: str) -> list[str]:
    """The questionnaire keys one outline part prints (a 内容 part: its key as written, 其他章节.名称 included)."""
    return [target] if kind == "内容" else _part_keys(profile, kind, target, Placement())


def _part_keys(profile: Profile, kind: str, target: str, out: Placement) -> list[str]:
    if kind == "内容":
        if target.startswith(EXTRA_SECTIONS + "."):
            name = target.split(".", 1)[1]
            if name not in out.extra_sections:
                out.extra_sections.append(name)
            return [EXTRA_SECTIONS]
        return [target]
    if kind == "表格":
        columns = _indicator_columns(profile, target)
        if DEDUCTION in columns:
            out.deductions.add(ALL_INDICATORS)
        elif DEVIATION in columns:
            out.deviations.add(ALL_INDICATORS)
        return table_keys(profile, target)
    if kind == "句子":
        return wording_keys(profile.wording.get(target, ""))
    if kind == "注":
        return wording_keys((profile.bands_text if target == "等级说明" else profile.wording.get(target)) or "")
    if kind == "指标分析":
        out.analysis.add(target)
        if DEDUCTION in _variables(profile.wording.get(SCORE_SENTENCE, "")):
            out.deductions.add(target)
        keys = [INDICATORS]
        for spec in _specs_under(profile, target):
            if spec.table:
                keys += table_keys(profile, spec.table)
        return keys
    return []


def table_keys(profile: Profile, table: str) -> list[str]:
    spec = profile.tables.get(table)
    if spec is None:
        return []
    keys = list(SOURCE_KEYS.get(spec.source, ()))
    return keys + wording_keys(spec.title or "") + wording_keys(spec.lead or "")


def _indicator_columns(profile: Profile, table: str) -> list[str]:
    spec = profile.tables.get(table)
    return spec.fields() if spec is not None and spec.source == "指标" else []


def wording_keys(template: str) -> list[str]:
    """The questionnaire keys behind the variables a 措辞 template uses."""
    return sorted(WORDING_SOURCES[n] for n in _variables(template) if n in WORDING_SOURCES)


def _variables(template: str) -> set[str]:
    try:
        return meta.find_undeclared_variables(_PARSER.parse(template))
    except TemplateSyntaxError:  # reported when the profile is validated
        return set()


def _specs_under(profile: Profile, level1: str) -> Iterator[IndicatorSpec]:
    def walk(specs: list[IndicatorSpec]) -> Iterator[IndicatorSpec]:
        for s in specs:
            yield s
            yield from walk(s.children or [])

    for top in profile.system.indicators:
        if level1 == ALL_INDICATORS or top.name == level1:
            yield from walk([top])


def outline_nodes(nodes: list[OutlineNode] | None) -> Iterator[OutlineNode]:
    for node in nodes or []:
        yield node
        yield from outline_nodes(node.children)


def required_keys(profile: Profile) -> dict[str, list[str]]:
    """Each questionnaire key of a 必填 section → the keys of that section, one of which must be filled."""
    out: dict[str, list[str]] = {}
    for node in outline_nodes(profile.outline):
        if not node.required:
            continue
        group = [t for part in node.parts for kind, t in part.items() if kind == "内容"]
        for key in group:
            out.setdefault(key, group)
    return out


def score_sheet_parts(profile: Profile) -> list[str]:
    """The parts of the 自评表 workbook: the profile's 自评表 (table names and outline section titles), else
    its indicator tables (those the outline places, else the first one declared)."""
    if profile.score_sheet is not None:
        return list(profile.score_sheet)
    placed = [target for node in outline_nodes(profile.outline) for part in node.parts
              for kind, target in part.items()
              if kind == "表格" and target in profile.tables and profile.tables[target].source == "指标"]
    if placed:
        return list(dict.fromkeys(placed))
    return next(([name] for name, spec in profile.tables.items() if spec.source == "指标"), [])


def outline_section(profile: Profile, title: str) -> OutlineNode | None:
    """The first section of the outline with this title."""
    return next((node for node in outline_nodes(profile.outline) if node.title == title), None)
