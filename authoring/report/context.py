"""Questionnaire + assessment + profile → ReportContext: plain, display-ready values.

DOCX and PDF are rendered from this one dict (see docs/context.md), so they
never disagree on a number.
"""

from __future__ import annotations

from typing import Any, Collection

from authoring.report import formatting as fmt
from authoring.report import tables
from authoring.errors import ProfileError
from authoring.report.illustrative import NOTE_LEAD, Marks
from authoring.report.wording import WordingFailed, render_wording, score_sentence_values, wording_values
from authoring.sandbox import TemplateLimit
from authoring.pipeline import CheckResult
from authoring.jurisdiction.model import OutlineNode, Profile
from authoring.jurisdiction.placement import (HEADER_KEYS, SIGNATURE_KEYS, outline_section, part_keys, placement,
                                              score_sheet_parts)
from authoring.questionnaire.fields import Subsection
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.yamlsource import dotted
from authoring.jurisdiction.scoring import Assessment, ScoredIndicator


def build_context(result: CheckResult) -> dict[str, Any]:
    """The ReportContext; ProfileError (P8, exit 3) at the 措辞 text that fails with this questionnaire."""
    assert result.profile is not None
    try:
        return _build_context(result)
    except WordingFailed as exc:
        raise ProfileError([result.profile.text_finding(exc.template, "P8", _failure(exc.error))]) from None


def _failure(error: Exception) -> str:
    if isinstance(error, TemplateLimit):
        return f"用本问卷的数值生成这句话时超出限制：{error.message}"
    return f"用本问卷的数值生成这句话时出错（{type(error).__name__}: {error}）：请检查这句话中的运算和下标"


def fonts_of(profile: Profile) -> dict[str, str]:
    """The ReportContext's 字体: each role's font name as the profile gives it."""
    f = profile.fonts
    return {"正文": f.body, "标题": f.title, "一级标题": f.level1, "二级标题": f.level2, "三级标题": f.level3,
            "数字": f.latin, "页码": f.page_number, "表格": f.table}


def _build_context(result: CheckResult) -> dict[str, Any]:
    assert result.loaded and result.profile and result.assessment
    q = result.loaded.questionnaire
    profile = result.profile.profile
    a = result.assessment
    words = wording_values(q, profile, a)
    marks = Marks(q)
    body = _Body(q, profile, a, words, marks)
    for node in profile.outline:
        body.section(node, 1)
    body.extra_sections(placement(profile).extra_sections)
    body.number()
    title_keys = HEADER_KEYS + (SIGNATURE_KEYS if profile.settings.signature else ())
    date = q.report_date.isoformat() if q.report_date else f"{q.year}-12-31"
    title = q.title or render_wording(profile.title, words) or f"{q.year}年度{q.department}部门整体支出绩效自评报告"
    return {
        "标题": title,
        "附件": f"附件{q.annex}" if q.annex else "",
        "部门全称": q.department,
        "部门简称": q.short_name,
        "年度": str(q.year),
        "报告日期": fmt.date_cn(q.report_date),
        "落款": profile.settings.signature,
        "落款单位": q.evaluator or q.department,
        "总分": fmt.score(a.total) if a.total is not None else "",
        "等级": a.grade or "",
        "示例": marks.header(),
        "示例说明": marks.title_notes(title_keys),
        "字体": fonts_of(profile),
        "引言": paragraphs(q.intro),
        "正文": body.blocks,
        "自评表": _score_sheet(q, profile, a, words, title, marks),
        "元数据": {
            "标题": title, "作者": q.department, "主题": "部门整体支出绩效自评报告" + ("（示例）" if marks.example else ""),
            "关键词": f"绩效自评,{q.year}", "日期": date, "语言": "zh-CN",
        },
    }


def _score_sheet(q: Questionnaire, profile: Profile, a: Assessment, words: dict, title: str,
                 marks: Marks) -> dict[str, Any]:
    """The 自评表 filed as a spreadsheet: its parts in order (table blocks as in 正文, and 栏目 blocks of an
    outline section's subsections side by side), titled by its one table's title, or by the report's title
    when it has several parts; 注: the 【示意】 notes of what its parts print."""
    blocks: list[dict] = []
    keys: list[str] = []
    for name in score_sheet_parts(profile):
        if name in profile.tables:
            block = tables.build_table(name, q, profile, a, words)
            keys += part_keys(profile, "表格", name)
        else:
            block, content = _columns_block(q, outline_section(profile, name))
            keys += content
        if block is not None:
            blocks.append(block)
    shown = sorted(set(marks.matching(keys)))
    notes = list(dict.fromkeys(NOTE_LEAD + marks.entries[i][1] for i in shown))
    single = len(blocks) == 1 and blocks[0]["类型"] == "表格" and blocks[0]["标题"]
    return {"标题": blocks[0]["标题"] if single else title, "表格": blocks, "注": notes}


def _columns_block(q: Questionnaire, node: OutlineNode | None) -> tuple[dict | None, list[str]]:
    """An outline section as side-by-side columns: each subsection (or the section itself when it has none)
    a column headed by its title holding the paragraphs of its 内容 parts; None when all are empty."""
    if node is None:
        return None, []
    columns = node.children or [node]
    content = [[target for part in c.parts for kind, target in part.items() if kind == "内容"] for c in columns]
    texts = ["\n".join(p for key in keys for p in paragraphs(_content_of(q, key))) for keys in content]
    if not any(texts):
        return None, []
    return {"类型": "栏目", "标题": node.title, "表头": [c.title for c in columns], "格": texts}, \
        [key for keys in content for key in keys]


def _content_of(q: Questionnaire, key: str) -> Any:
    if key.startswith("其他章节."):
        return (q.extra_sections or {}).get(key.split(".", 1)[1])
    return _field_by_alias(q, key)


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
    """The 正文 blocks. A heading is kept only when something follows it (or the outline's
    空白时 text); numbers are given at the end, so omitted sections leave no gap."""

    def __init__(self, q: Questionnaire, profile: Profile, a: Assessment, words: dict, marks: Marks):
        self.q, self.profile, self.a, self.words, self.marks = q, profile, a, words, marks
        self.blocks: list[dict] = []

    def open(self, level: int, text: str) -> int:
        self.blocks.append({"类型": "标题", "级别": level, "编号": "", "文字": text})
        return len(self.blocks) - 1

    def close(self, start: int, empty_text: str | None = None) -> None:
        """End the section opened at start: without content it shows empty_text or disappears."""
        if len(self.blocks) > start + 1:
            return
        if empty_text:
            self.para(empty_text)
        else:
            del self.blocks[start:]

    def run_in(self, level: int, title: str, text: str) -> None:
        self.blocks.append({"类型": "连排", "级别": level, "编号": "", "标题": title.rstrip("。"), "文字": text})

    def para(self, text: str) -> None:
        self.blocks.append({"类型": "段落", "文字": text})

    def number(self) -> None:
        counters = [0, 0, 0, 0]
        for block in self.blocks:
            if block["类型"] not in ("标题", "连排"):
                continue
            level = block["级别"]
            counters[level - 1] += 1
            counters[level:] = [0] * (len(counters) - level)
            block["编号"] = fmt.heading_number(level, counters[level - 1])

    def section(self, node: OutlineNode, level: int) -> None:
        start = self.open(level, node.title)
        marked: dict[int, int] = {}  # 示意 entry → end of the last part of this section printing its fields
        for part in node.parts:
            for kind, target in part.items():
                before, noted = len(self.blocks), len(self.marks.noted)
                getattr(self, _PART_METHODS[kind])(target, level)
                if len(self.blocks) > before:
                    inside = set(self.marks.noted[noted:])  # noted after an indicator's own section
                    marked.update((i, len(self.blocks)) for i in self.marks.matching(
                        part_keys(self.profile, kind, target)) if i not in inside)
        self.illustrative_notes(marked)
        for child in node.children or []:
            self.section(child, level + 1)
        self.close(start, node.empty_text)

    def extra_sections(self, named: Collection[str]) -> None:
        """其他章节 entries the outline does not place: level-1 sections after it, in the order typed."""
        for name, value in (self.q.extra_sections or {}).items():
            if name in named:
                continue
            start = self.open(1, name)
            self.content(value, 1)
            if len(self.blocks) > start + 1:
                self.illustrative_notes(dict.fromkeys(self.marks.matching([f"其他章节.{name}"]), len(self.blocks)))
            self.close(start)

    def illustrative_notes(self, marked: dict[int, int]) -> None:
        """Each 示意 entry's note at its position: one section says once what in it was supplied."""
        for at in sorted(set(marked.values()), reverse=True):
            self.blocks[at:at] = self.marks.notes(i for i, end in marked.items() if end == at)

    def part_content(self, key: str, level: int) -> None:
        self.content(_content_of(self.q, key), level)

    def content(self, value: Any, level: int) -> None:
        if value is None:
            return
        if isinstance(value, str):
            for p in paragraphs(value):
                self.para(p)
            return
        for i, item in enumerate(value):
            if isinstance(item, Subsection):
                text_follows = i + 1 < len(value) and isinstance(value[i + 1], str) and bool(paragraphs(value[i + 1]))
                self.subsection(item, level + 1, text_follows)
            else:
                self.content(item, level)

    def subsection(self, sub: Subsection, level: int, text_follows: bool = False) -> None:
        level = min(level, 4)
        body = paragraphs(sub.body)
        if isinstance(sub.body, str) or not body:
            # A title with nothing under it would be an empty heading: it runs in as "1.标题。" instead.
            if (not body and not text_follows) or (level >= self.profile.settings.run_in_level and len(body) <= 1):
                self.run_in(level, sub.title, body[0] if body else "")
                return
        self.open(level, sub.title)
        self.content(sub.body, level)

    def part_sentence(self, key: str, level: int) -> None:
        text = render_wording(self.profile.wording[key], self.words)
        if text:
            self.para(text)

    def part_note(self, key: str, level: int) -> None:
        template = self.profile.bands_text if key == "等级说明" else self.profile.wording.get(key, "")
        text = render_wording(template, self.words) if template else ""
        if text:
            self.blocks.append({"类型": "注", "文字": text, "示意": False})

    def part_table(self, kind: str, level: int) -> None:
        block = tables.build_table(kind, self.q, self.profile, self.a, self.words)
        if block is None:
            return
        spec = self.profile.tables.get(kind)
        lead = render_wording(spec.lead, self.words) if spec is not None and spec.lead else ""
        if lead:
            self.para(lead)
        self.blocks.append(block)

    def part_indicators(self, name: str, level: int) -> None:
        # The 资金执行情况 block is a table and a row of the score table, not an analysed indicator.
        items = [i for i in self.a.indicators if not i.funding]
        if name == "全部":
            for item in items:
                self.indicator(item, level + 1)
            return
        parent = next((i for i in items if i.name == name), None)
        if parent is None:
            return
        self.indicator_body(parent, level)
        for child in parent.children:
            self.indicator(child, level + 1)

    def indicator(self, item: ScoredIndicator, level: int) -> None:
        level = min(level, 4)
        start = self.open(level, item.name)
        self.indicator_body(item, level)
        for child in item.children:
            self.indicator(child, level + 1)
        if not item.derived and len(self.blocks) > start + 1:
            self.illustrative_notes(dict.fromkeys(self.marks.about(dotted(item.path)), len(self.blocks)))
        self.close(start)

    def score_sentence(self, item: ScoredIndicator) -> str:
        template = self.profile.wording.get("指标得分句")
        if not template or item.score is None:
            return ""
        deduction = item.source.deduction if item.source else None
        return render_wording(template, score_sentence_values(item.name, item.weight, item.score, deduction))

    def indicator_body(self, item: ScoredIndicator, level: int) -> None:
        """The indicator's 分析; for a leaf also its score sentence and the table the profile attaches."""
        start = len(self.blocks)
        self.content(item.source.analysis if item.source else None, level)
        if item.children:
            return
        sentence = self.score_sentence(item)
        last = self.blocks[-1] if len(self.blocks) > start else None
        if sentence and self.profile.settings.score_sentence_inline and last is not None and last["类型"] == "段落":
            last["文字"] += sentence
        elif sentence:
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
