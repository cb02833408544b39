"""The profile model: what a `templates/<id>/profile.yaml` may say (docs/地区配置参考.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, WithJsonSchema

from authoring.jurisdiction.base import P, _f
from authoring.jurisdiction.tables import TableSpec
from authoring.questionnaire.model import content_keys
from authoring.questionnaire.numbers import parse_percent, parse_score

# The JSON Schema describes the file as an editor reads it: 90 is a number, 95% a string.
Num = Annotated[Decimal, BeforeValidator(parse_score), WithJsonSchema({"type": ["number", "string"]})]
Pct = Annotated[Decimal, BeforeValidator(parse_percent),
                WithJsonSchema({"type": "string", "pattern": "[%％]\\s*$", "examples": ["95%"]})]


def _pct_default(text: str) -> dict:
    return {"default": Decimal(text.rstrip("%")), "json_schema_extra": {"default": text}}


Rule = Literal["手工", "定性", "完成率", "执行率", "比率", "阈值", "项目加权"]

# One line per rule: the formula (docs/地区配置参考.md explains each with an example).
RULES: dict[str, str] = {
    "手工": "不复核得分，照问卷填写的得分计分",
    "定性": "不按公式计算；填了评价档次时复核得分落在该档的区间内（S8）",
    "完成率": "完成率 = 完成数 ÷ 计划数 × 100；完成率 ≥ 100% 得满分，否则得 完成率 ÷ 100 × 分值",
    "执行率": "预算执行率 = 决算数 ÷ 调整预算数 × 100；执行率 ≥ 满分线 得满分，否则得 执行率 ÷ 满分线 × 分值",
    "比率": "比率 = 实际值 ÷ 指标值 × 100（没有指标值时取实际值）；比率 ≥ 满分线 得满分，否则得 比率 ÷ 满分线 × 分值；反向指标另算",
    "阈值": "按比率来源取比率，在阈值表中取第一个“比率 ≥ 下限”的档，得 分值 × 得分率",
    "项目加权": "按项目资金加权的项目自评分 = Σ(项目得分 × 项目资金) ÷ Σ项目资金；得 加权分 ÷ 100 × 分值",
}


class Threshold(P):
    lower: Pct = _f("下限", "比率不低于此值（含）时")
    ratio: Pct = _f("得分率", "得分占分值的比例")


class IndicatorSpec(P):
    name: str = _f("名称", "指标名称")
    weight: Num = _f("分值", "分值（权重）")
    rule: Rule = _f("规则", f"评分规则：{'、'.join(RULES)}（公式见 docs/地区配置参考.md）", default="手工",
                    json_schema_extra={"markdownEnumDescriptions": list(RULES.values())})
    full_at: Pct = _f("满分线", "比率达到此值即得满分（执行率、比率规则）", **_pct_default("100%"))
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

_PART_SCHEMA = {
    "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
    "properties": {
        "内容": {"type": "string", "description": "问卷中的一项内容（问卷的键，如 部门职能），或“其他章节.名称”",
                 "anyOf": [{"enum": content_keys()}, {"pattern": "^其他章节\\."}]},
        "句子": {"type": "string", "description": "由工具生成的一句话：措辞中的键，如 收入概述"},
        "表格": {"type": "string", "description": "一张表格：表格中的名称，如 部门预算支出明细表"},
        "指标分析": {"type": "string", "description": "一个一级指标的下级指标逐项分析（写一级指标名称），或“全部”"},
        "注": {"type": "string", "description": "注释：措辞中的键，或 等级说明"},
    },
}
Part = Annotated[dict[PartKind, str], WithJsonSchema(_PART_SCHEMA)]


class OutlineNode(P):
    title: str = _f("标题", "章节标题（不写编号）")
    parts: list[Part] = _f("组成", "本节依次包含的内容，每项写一个“种类: 名称”", default_factory=list)
    required: bool = _f("必填", "问卷必须填写本节内容", default=False)
    empty_text: str | None = _f("空白时", "内容为空时显示的文字，如“无”", default=None)
    children: list[OutlineNode] | None = _f("下级", "下级章节", default=None)


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
    score_places: int = _f("分数小数位", "总分和得分保留的小数位数；写明的总分按此位数四舍五入复核，报告印写明的数", default=1, ge=0, le=2)
    require_rules: bool = _f("每项须有规则", "每个末级指标都须有评分规则（地区规则或问卷的“规则”，手工不算），使全部得分都能复核", default=False)
    thousands: bool = _f("千分位", "金额是否使用千分位逗号", default=False)
    low_execution: Pct = _f("执行率预警下限", "执行率低于此值须说明原因", **_pct_default("90%"))
    adjustment_warning: Pct = _f("预算调整率预警", "预算调整率超过此值须说明原因", **_pct_default("20%"))
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
    score_sheet: list[str] | None = _f(
        "自评表", "单独生成的自评表（xlsx，build --format xlsx）依次收哪些部分：“表格”中的表格名称，或大纲中一节的标题"
        "（该节的各下级节成为并排的栏，栏头为下级节的标题，栏中为它的内容）；"
        "不写时取大纲中数据为“指标”的表格，大纲中没有时取第一张数据为“指标”的表格", default=None)
    fonts: Fonts = _f("字体", "各角色字体（DOCX 中使用的字体名）", default_factory=Fonts)
    text_rules: TextRules = _f("文字检查", "文字检查用的词表", default_factory=TextRules)
    settings: Settings = _f("设置", "其他设置", default_factory=Settings)


IndicatorSpec.model_rebuild()
OutlineNode.model_rebuild()
