"""Questionnaire + assessment + profile → ReportContext: plain, display-ready values.

DOCX and PDF are rendered from this one dict (see docs/context.md), so they
never disagree on a number.
"""

from __future__ import annotations

from typing import Any

from authoring.report import formatting as fmt
from authoring.report import tables
from authoring.report.wording import render_wording, score_sentence_values, wording_values
from authoring.pipeline import CheckResult
from authoring.jurisdiction.model import OutlineNode, Profile
from authoring.questionnaire.fields import Subsection
from authoring.questionnaire.model import Questionnaire
from authoring.jurisdiction.scoring import Assessment, ScoredIndicator

def build_context(result: CheckResult) -> dict[str, Any]:
    assert result.loaded and result.profile and result.assessment
    q = result.loaded.questionnaire
    profile = result.profile.profile
    a = result.assessment
    words = wording_values(q, profile, a)
    body = _Body(q, profile, a, words)
    for node in profile.outline:
        body.section(node, 1)
    date = q.report_date.isoformat() if q.report_date else f"{q.year}-12-31"
    title = q.title or render_wording(profile.title, words)
    return {
        "标题": title,
        "附件": f"附件{q.annex}" if q.annex else "",
        "部门全称": q.department,
        "部门简称": q.short_name,
        "年度": str(q.year),
        "报告日期": fmt.date_cn(q.report_date),
        "落款": profile.settings.signature,
        "落款单位": q.evaluator or q.department,
        "总分": words["总分"],
        "等级": words["等级"],
        "字体": {
            "正文": profile.fonts.body, "标题": profile.fonts.title, "一级标题": profile.fonts.level1,
            "二级标题": profile.fonts.level2, "三级标题": profile.fonts.level3, "数字": profile.fonts.latin,
            "页码": profile.fonts.page_number, "表格": profile.fonts.table,
        },
        "引言": paragraphs(q.intro),
        "正文": body.blocks,
        "元数据": {
            "标题": title, "作者": q.department, "主题": "部门整体支出绩效自评报告",
            "关键词": f"绩效自评,{q.year}", "日期": date, "语言": "zh-CN",
        },
    }


def paragraphs(content: Any) -> list[str]:
    if content is None:
        return []
    if isinstance(content, str):
        return [line.strip() for line in content.splitlines() if line.strip()]
    out: list[str] = []
    for item in content:
        out += paragraphs(item) if isinstance(item, str) else [item.title]
    return out


class _Body:
    def __init__(self, q: Questionnaire, profile: Profile, a: Assessment, words: dict):
        self.q, self.profile, self.a, self.words = q, profile, a, words
        self.blocks: list[dict] = []
        self.counters = [0, 0, 0, 0, 0]

    def heading(self, level: int, text: str) -> None:
        self.counters[level - 1] += 1
        for deeper in range(level, len(self.counters)):
            self.counters[deeper] = 0
        number = fmt.heading_number(level, self.counters[level - 1])
        self.blocks.append({"类型": "标题", "级别": level, "编号": number, "文字": text})

    def run_in(self, level: int, title: str, text: str) -> None:
        self.counters[level - 1] += 1
        for deeper in range(level, len(self.counters)):
            self.counters[deeper] = 0
        number = fmt.heading_number(level, self.counters[level - 1])
        self.blocks.append({"类型": "连排", "级别": level, "编号": number, "标题": title.rstrip("。"), "文字": text})

    def para(self, text: str) -> None:
        self.blocks.append({"类型": "段落", "文字": text})

    def section(self, node: OutlineNode, level: int) -> None:
        self.heading(level, node.title)
        start = len(self.blocks)
        for part in node.parts:
            for kind, target in part.items():
                getattr(self, _PART_METHODS[kind])(target, level)
        for child in node.children or []:
            self.section(child, level + 1)
        if len(self.blocks) == start and node.empty_text:
            self.para(node.empty_text)

    def part_content(self, key: str, level: int) -> None:
        if key.startswith("其他章节."):
            value = (self.q.extra_sections or {}).get(key.split(".", 1)[1])
        else:
            value = _field_by_alias(self.q, key)
        self.content(value, level)

    def content(self, value: Any, level: int) -> None:
        if value is None:
            return
        if isinstance(value, str):
            for p in paragraphs(value):
                self.para(p)
            return
        for item in value:
            if isinstance(item, Subsection):
                self.subsection(item, level + 1)
            else:
                self.content(item, level)

    def subsection(self, sub: Subsection, level: int) -> None:
        level = min(level, 4)
        body = paragraphs(sub.body) if isinstance(sub.body, str) else None
        if level >= self.profile.settings.run_in_level and body is not None and len(body) <= 1:
            self.run_in(level, sub.title, body[0] if body else "")
            return
        self.heading(level, sub.title)
        self.content(sub.body, level)

    def part_sentence(self, key: str, level: int) -> None:
        text = render_wording(self.profile.wording[key], self.words)
        if text:
            self.para(text)

    def part_note(self, key: str, level: int) -> None:
        text = self.profile.bands_text if key == "等级说明" else self.profile.wording.get(key, "")
        if text:
            self.blocks.append({"类型": "注", "文字": render_wording(text, self.words)})

    def part_table(self, kind: str, level: int) -> None:
        block = tables.build_table(kind, self.q, self.profile, self.a, self.words)
        if block is None:
            return
        spec = self.profile.tables.get(kind)
        if spec is not None and spec.lead:
            self.para(render_wording(spec.lead, self.words))
        self.blocks.append(block)

    def part_indicators(self, name: str, level: int) -> None:
        # The 资金执行情况 block is a table and a row of the score table, not an analysed indicator.
        items = [i for i in self.a.indicators if not i.funding]
        if name == "全部":
            for item in items:
                if not item.children:
                    self.indicator(item, level + 1)
                    continue
                self.heading(level + 1, item.name)
                for child in item.children:
                    self.indicator(child, level + 2)
            return
        parent = next((i for i in items if i.name == name), None)
        for child in parent.children if parent else []:
            self.indicator(child, level + 1)

    def indicator(self, item: ScoredIndicator, level: int) -> None:
        level = min(level, 4)
        self.heading(level, item.name)
        for child in item.children:
            self.indicator(child, level + 1)
        if item.children:
            return
        start = len(self.blocks)
        self.content(item.source.analysis if item.source else None, level)
        sentence_tpl = self.profile.wording.get("指标得分句")
        if sentence_tpl and item.score is not None:
            sentence = render_wording(sentence_tpl, score_sentence_values(item.name, item.weight, item.score))
            last = self.blocks[-1] if len(self.blocks) > start else None
            if self.profile.settings.score_sentence_inline and last is not None and last["类型"] == "段落":
                last["文字"] += sentence
            else:
                self.para(sentence)
        if item.spec is not None and item.spec.table:
            self.part_table(item.spec.table, level)


_PART_METHODS = {"内容": "part_content", "句子": "part_sentence", "注": "part_note",
                 "表格": "part_table", "指标分析": "part_indicators"}


def _field_by_alias(q: Questionnaire, alias: str) -> Any:
    for name, f in Questionnaire.model_fields.items():
        if f.alias == alias:
            return getattr(q, name)
    raise KeyError(alias)
