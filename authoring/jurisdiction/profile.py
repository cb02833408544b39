"""Jurisdiction profiles: `templates/<id>/profile.yaml`, with `继承:` (extends).

A profile is data only: outline, indicator tree and scoring rules, grade bands,
wording, fonts and text-check lists. Adding a jurisdiction is adding a folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from authoring.errors import ProfileError, UsageError
from authoring.jurisdiction.outline import PART_TARGETS
from authoring.findings import Finding, Severity
from authoring.questionnaire.numbers import parse_percent, parse_score
from authoring.questionnaire.validation import pydantic_findings
from authoring.questionnaire.yamlsource import Located, SourceMap, dotted, load_file

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

Num = Annotated[Decimal, BeforeValidator(parse_score)]
Pct = Annotated[Decimal, BeforeValidator(parse_percent)]


def _f(alias: str, description: str, **kw):
    return Field(alias=alias, description=description, **kw)


class P(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Rule = Literal["手工", "定性", "完成率", "执行率", "比率", "阈值", "项目加权"]


class Threshold(P):
    lower: Pct = _f("下限", "比率不低于此值（含）时")
    ratio: Pct = _f("得分率", "得分占分值的比例")


class IndicatorSpec(P):
    name: str = _f("名称", "指标名称")
    weight: Num = _f("分值", "分值（权重）")
    rule: Rule = _f("规则", "评分规则", default="手工")
    full_at: Pct = _f("满分线", "比率达到此值即得满分（执行率、比率规则）", default=Decimal(100))
    reverse: bool = _f("反向", "反向指标：实际值越小越好", default=False)
    thresholds: list[Threshold] | None = _f("阈值表", "阈值规则的分档，从高到低", default=None)
    rate_from: Literal["执行率", "完成率", "实际值"] = _f("比率来源", "阈值规则用哪个比率", default="实际值")
    link: Literal["重点工作"] | None = _f("关联", "完成率从哪张表核对计划数和完成数", default=None)
    table: str | None = _f("表格", "在该指标小节后插入的表格", default=None)
    note: str | None = _f("说明", "规则说明或来源（不确定之处在此注明）", default=None)
    children: list[IndicatorSpec] | None = _f("下级", "下级指标", default=None)


class IndicatorSystem(P):
    fixed: bool = _f("固定", "问卷必须使用下列指标（名称、分值一致）；为 false 时下列仅作为 init 的默认值", default=False)
    indicators: list[IndicatorSpec] = _f("指标", "指标树", default_factory=list)


class Band(P):
    lower: Num = _f("下限", "总分不低于此值（含）")
    label: str = _f("等级", "等级名称")


PartKind = Literal["内容", "句子", "表格", "指标分析", "注"]


class OutlineNode(P):
    title: str = _f("标题", "章节标题（不写编号）")
    parts: list[dict[PartKind, str]] = _f("组成", "本节依次包含的内容", default_factory=list)
    required: bool = _f("必填", "问卷必须填写本节内容", default=False)
    empty_text: str | None = _f("空白时", "内容为空时显示的文字，如“无”", default=None)
    children: list[OutlineNode] | None = _f("下级", "下级章节", default=None)


class TableSpec(P):
    title: str | None = _f("标题", "表格标题（表格上方居中）", default=None)
    lead: str | None = _f("引导语", "表格前的一句话，如“重点工作完成情况见下表：”（Jinja 表达式）", default=None)
    unit: str | None = _f("单位", "单位说明，如“单位：万元”", default=None)
    note: str | None = _f("注", "表格下方的注", default=None)
    columns: list[str] | None = _f("列", "列名（可删减可选列）", default=None)


class Fonts(P):
    body: str = _f("正文", "正文字体", default="仿宋_GB2312")
    title: str = _f("标题", "文件标题字体", default="方正小标宋简体")
    level1: str = _f("一级标题", "一级标题字体", default="黑体")
    level2: str = _f("二级标题", "二级标题字体", default="楷体_GB2312")
    level3: str = _f("三级标题", "三级、四级标题字体", default="仿宋_GB2312")
    latin: str = _f("数字", "数字和西文字体", default="Times New Roman")
    page_number: str = _f("页码", "页码字体", default="宋体")
    table: str = _f("表格", "表格字体", default="仿宋_GB2312")


class StalePhrase(P):
    phrase: str = _f("提法", "过时提法")
    from_year: int = _f("自年度", "从该年度起视为过时")
    hint: str = _f("说明", "提示")


class TextRules(P):
    stale: list[StalePhrase] = _f("过时提法", "按年度判断的过时提法", default_factory=list)
    typos: dict[str, str] = _f("错别字", "错别字 → 正确写法", default_factory=dict)
    residue: list[str] = _f("文体残留", "不应出现在部门整体报告中的词句", default_factory=list)
    bureau_residue: list[str] = _f("局名残留", "部门名称不含“局”时不应出现的词", default_factory=list)


class Settings(P):
    score_places: int = _f("分数小数位", "总分和得分保留的小数位数", default=1)
    thousands: bool = _f("千分位", "金额是否使用千分位逗号", default=False)
    low_execution: Pct = _f("执行率预警下限", "执行率低于此值须说明原因", default=Decimal(90))
    adjustment_warning: Pct = _f("预算调整率预警", "预算调整率超过此值须说明原因", default=Decimal(20))
    run_in_level: int = _f("连排层级", "从这一级起小节标题与正文连排（如“（1）标题。正文”）", default=4)
    score_sentence_inline: bool = _f("得分句段尾", "指标得分句接在分析最后一段之后（否则另起一段）", default=True)
    signature: bool = _f("落款", "文末是否加落款单位和日期", default=False)


class Profile(P):
    name: str = _f("名称", "地区名称")
    extends: str | None = _f("继承", "继承的上级地区", default=None)
    title: str = _f("标题格式", "报告标题（Jinja 表达式）")
    bands: list[Band] = _f("等级", "评价等级，从高到低")
    bands_text: str | None = _f("等级说明", "等级划分的说明文字", default=None)
    system: IndicatorSystem = _f("指标体系", "指标体系", default_factory=IndicatorSystem)
    outline: list[OutlineNode] = _f("大纲", "报告大纲")
    tables: dict[str, TableSpec] = _f("表格", "表格的标题、单位和注", default_factory=dict)
    wording: dict[str, str] = _f("措辞", "由工具生成的句子（Jinja 表达式）", default_factory=dict)
    fonts: Fonts = _f("字体", "各角色字体（DOCX 中使用的字体名）", default_factory=Fonts)
    text_rules: TextRules = _f("文字检查", "文字检查用的词表", default_factory=TextRules)
    settings: Settings = _f("设置", "其他设置", default_factory=Settings)


IndicatorSpec.model_rebuild()
OutlineNode.model_rebuild()


@dataclass
class LoadedProfile:
    id: str
    profile: Profile
    chain: list[Path]  # own folder first, then parents: the template search path
    origins: dict[tuple, tuple[str, Located]] = field(default_factory=dict)

    @property
    def search_path(self) -> list[Path]:
        return self.chain

    def find_file(self, name: str) -> Path | None:
        for folder in self.chain:
            candidate = folder / name
            if candidate.exists():
                return candidate
        return None


def available(templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    return sorted(p.name for p in templates_dir.iterdir() if (p / "profile.yaml").exists())


def load_profile(profile_id: str, templates_dir: Path = TEMPLATES_DIR) -> LoadedProfile:
    data, origins, chain = _load_chain(profile_id, templates_dir, [])
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError([_relocate(f, origins) for f in pydantic_findings(exc, Profile, _merged_map(origins))]) from None
    problems = validate_profile(profile, origins)
    if problems:
        raise ProfileError(problems)
    return LoadedProfile(profile_id, profile, chain, origins)


def _load_chain(profile_id: str, templates_dir: Path, seen: list[str]):
    folder = templates_dir / profile_id
    file = folder / "profile.yaml"
    if not file.exists():
        names = "、".join(available(templates_dir)) or "（无）"
        raise UsageError(f"没有地区“{profile_id}”（{file} 不存在）。可用的地区：{names}")
    if profile_id in seen:
        cycle = " → ".join(seen + [profile_id])
        raise ProfileError([Finding(Severity.ERROR, "P1", str(file), 1, 1, "继承", f"继承关系成环：{cycle}")])
    data, source = load_file(file)
    if not isinstance(data, dict):
        raise ProfileError([Finding(Severity.ERROR, "P0", str(file), 1, 1, "", "地区配置应为键值对（映射）")])
    origins = {path: (str(file), loc) for path, loc in source.values.items()}
    parent = data.get("继承")
    if not parent:
        return data, origins, [folder]
    try:
        pdata, porigins, pchain = _load_chain(parent, templates_dir, seen + [profile_id])
    except UsageError as exc:
        loc = source.where(("继承",))
        raise ProfileError([Finding(Severity.ERROR, "P1", str(file), loc.line, loc.col, "继承", str(exc))]) from None
    merged = _deep_merge(pdata, data)
    porigins.update(origins)
    return merged, porigins, [folder] + pchain


def _deep_merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = _deep_merge(base[key], value) if key in base else value
        return out
    return override


def _merged_map(origins: dict) -> SourceMap:
    sm = SourceMap("")
    sm.values = {path: loc for path, (_, loc) in origins.items()}
    return sm


def _relocate(f: Finding, origins: dict) -> Finding:
    path = _path_of(f.path)
    while path and path not in origins:
        path = path[:-1]
    file, _ = origins.get(path, (f.file, None))
    return Finding(f.severity, f.rule, file, f.line, f.col, f.path, f.message)


def _path_of(dotted_path: str) -> tuple:
    out: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", dotted_path):
        out.append(int(index) - 1 if index else name)
    return tuple(out)


def _at(origins: dict, path: tuple, rule: str, message: str) -> Finding:
    p = path
    while p and p not in origins:
        p = p[:-1]
    file, loc = origins.get(p, ("profile.yaml", Located(1, 1)))
    return Finding(Severity.ERROR, rule, file, loc.line, loc.col, dotted(path), message)


def validate_profile(profile: Profile, origins: dict) -> list[Finding]:
    out: list[Finding] = []
    # bands: strictly decreasing lower bounds, last one 0, labels unique
    lowers = [b.lower for b in profile.bands]
    for i in range(1, len(lowers)):
        if lowers[i] >= lowers[i - 1]:
            out.append(_at(origins, ("等级", i, "下限"), "P2",
                           f"等级区间重叠或顺序颠倒：应从高到低排列，下限 {lowers[i]} 不应大于等于上一档的 {lowers[i - 1]}"))
    if lowers and lowers[-1] != 0:
        out.append(_at(origins, ("等级", len(lowers) - 1, "下限"), "P2", f"最低一档的下限应为 0，实际为 {lowers[-1]}"))
    labels = [b.label for b in profile.bands]
    if len(set(labels)) != len(labels):
        out.append(_at(origins, ("等级",), "P2", f"等级名称重复：{'、'.join(labels)}"))
    out += _check_weights(profile.system.indicators, ("指标体系", "指标"), origins, Decimal(100))
    out += _check_outline(profile, origins, PART_TARGETS)
    return out


def _check_weights(specs: list[IndicatorSpec], path: tuple, origins: dict, expected: Decimal) -> list[Finding]:
    if not specs:
        return []
    out: list[Finding] = []
    total = sum((s.weight for s in specs), Decimal(0))
    if total != expected:
        what = "一级指标分值之和" if len(path) == 2 else "下级指标分值之和"
        out.append(_at(origins, path, "S1", f"{what}应为 {expected}，实际为 {total}"))
    for i, s in enumerate(specs):
        if s.children:
            out += _check_weights(s.children, path + (i, "下级"), origins, s.weight)
        if s.rule == "阈值" and not s.thresholds:
            out.append(_at(origins, path + (i,), "P3", f"指标“{s.name}”用阈值规则，但没有阈值表"))
    return out


def _check_outline(profile: Profile, origins: dict, targets: dict) -> list[Finding]:
    out: list[Finding] = []
    level1 = {s.name for s in profile.system.indicators}

    def walk(nodes, path):
        for i, node in enumerate(nodes):
            for j, part in enumerate(node.parts):
                for kind, target in part.items():
                    allowed = targets.get(kind)
                    ok = True
                    if kind == "内容":
                        ok = target in allowed or target.startswith("其他章节.")
                    elif kind == "句子":
                        ok = target in profile.wording
                    elif kind == "表格":
                        ok = target in allowed
                    elif kind == "指标分析":
                        ok = not profile.system.fixed or target in level1
                    if not ok:
                        choices = "、".join(sorted(allowed or profile.wording)) if kind != "指标分析" else "、".join(level1)
                        out.append(_at(origins, path + (i, "组成", j, kind), "P4",
                                       f"大纲引用了未知的{kind}“{target}”；可用的有：{choices}"))
            if node.children:
                walk(node.children, path + (i, "下级"))

    walk(profile.outline, ("大纲",))
    return out
