"""`authoring init --from 上年问卷.yaml`: this year's questionnaire started from last year's.

The file is rewritten in place of its text, never dumped again: every comment, the order, the quoting and
the block texts stay as the clerk wrote them. 年度 goes up by one; figures and scores are emptied with a
comment at each (the clerk types this year's from the 决算表 and the 自评表); 上年数 takes last year's
决算数; texts that speak of last year's year or figures, or that the year and stale-phrase rules (T5, T6)
flag for the new year, get a comment above them saying what to rewrite.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authoring.errors import AuthoringError, UsageError
from authoring.pipeline import check_file
from authoring.questionnaire.numbers import normalize
from authoring.questionnaire.yamlsource import Located, PathKey, SourceMap, load_file
from authoring.schema import modeline, schema_reference

MONEY_SECTIONS = ("收入", "支出", "资金执行情况")
MONEY_TEXT_KEYS = {"名称", "口径", "执行率说明", "预算调整说明", "分值"}  # kept: names, notes and the weight
SCORE_KEYS = {"得分", "完成数", "实际值", "完成率", "评价档次", "自评得分", "评价等级", "项目资金"}
TOP_CLEARED = {"总分", "等级", "报告日期"}
# Short values that name things rather than tell the year's story: never marked for rewriting.
NAMING_KEYS = {"地区", "年度", "部门全称", "部门简称", "附件序号", "评价单位", "名称", "一级指标", "二级指标", "计量单位",
               "指标性质", "方向", "规则", "是否核心指标", "姓名", "工作单位", "职务", "职称", "单位名称", "单位基本性质",
               "经费形式", "口径", "字段", "计划数", "指标值", "年初指标值", "分值"}
LAST_YEARS_NOTES = ("已核实", "示意")  # records about last year's findings and figures
_FIGURE = re.compile(r"[0-9][0-9,，.]*\s*(?:万元|亿元|元|%|％|个百分点)")
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=")


@dataclass
class _Plan:
    """What to change in last year's text, all in its coordinates (value edits keep every line)."""

    year: int
    edits: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, replacement) in the buffer
    tail: dict[int, list[str]] = field(default_factory=dict)  # line → notes appended as one end-of-line comment
    above: dict[int, tuple[int, list[str]]] = field(default_factory=dict)  # line → (indent, reasons)
    cleared: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # line → (key, last year's value)

    def note_tail(self, line: int, note: str) -> None:
        self.tail.setdefault(line, []).append(note)

    def note_above(self, line: int, indent: int, reason: str) -> None:
        _, reasons = self.above.setdefault(line, (indent, []))
        if reason not in reasons:
            reasons.append(reason)


def next_year_questionnaire(previous: str | Path, target_folder: Path | None = None) -> str:
    """Last year's questionnaire as this year's starting point (the text of the new file)."""
    data, source = load_file(previous)
    if not isinstance(data, dict):
        raise UsageError(f"{previous}: 上年问卷应为键值对（映射），无法据此生成新一年的问卷")
    year = _year(data, previous)
    plan = _Plan(year)
    _walk(data, (), source, plan)
    changed = _apply_edits(source.buffer, plan.edits)
    for finding in _rule_findings(changed, year + 1):
        line, indent = _anchor(source, finding.path)
        plan.note_above(line, indent, finding.message)
    return _with_comments(changed, plan, previous, target_folder)


def _year(data: dict, previous: str | Path) -> int:
    typed = normalize(str(data.get("年度") or ""))
    if not re.fullmatch(r"(19|20)[0-9]{2}", typed):
        raise UsageError(f"{previous}: 上年问卷的“年度”应为年份（如 2024），实际为“{typed or '（空）'}”，无法推算新的年度")
    return int(typed)


# ---- what changes ------------------------------------------------------------------------------

def _walk(value: Any, path: PathKey, source: SourceMap, plan: _Plan) -> None:
    if len(path) == 1 and path[0] in LAST_YEARS_NOTES and value:
        line, indent = _anchor_of(source, path)
        plan.note_above(line, indent, f"这是上年的{path[0]}：请确认 {plan.year + 1} 年度是否仍适用，不适用的删去")
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, path + (key,), source, plan)
        if "上年数" in value and isinstance(value.get("决算数"), str):
            _carry_over(path, value["决算数"], source, plan)
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, path + (i,), source, plan)
        return
    if not isinstance(value, str) or path not in source.values:
        return
    loc = source.values[path]
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if path == ("年度",):
        _replace(source, loc, str(plan.year + 1), plan)
        plan.note_tail(loc.line, f"上年问卷为 {plan.year} 年度")
    elif key == "上年数":
        return  # _carry_over fills it from 决算数
    elif _cleared(path, key):
        _clear(source, path, key, value, plan)
    elif key not in NAMING_KEYS:
        _mark_text(source, path, value, plan)


def _cleared(path: PathKey, key: str) -> bool:
    if path[0] in MONEY_SECTIONS:
        return key not in MONEY_TEXT_KEYS
    if path[0] in ("绩效指标", "项目自评"):
        return key in SCORE_KEYS
    return len(path) == 1 and key in TOP_CLEARED


def _clear(source: SourceMap, path: PathKey, key: str, old: str, plan: _Plan) -> None:
    loc = source.values[path]
    shown = old.strip().replace("\n", " ")
    if len(shown) > 40:
        shown = shown[:40] + "…"
    if loc.block or _spans_lines(source, loc):  # removing it would take lines with it: kept, and marked
        line, indent = _anchor_of(source, path)
        plan.note_above(line, indent, f"{key}是上年的，请按 {plan.year + 1} 年度重写")
        return
    _replace(source, loc, "", plan)
    plan.cleared.setdefault(loc.line, []).append((key, shown))


def _carry_over(path: PathKey, final: str, source: SourceMap, plan: _Plan) -> None:
    """This year's 上年数 is last year's 决算数."""
    loc = source.values.get(path + ("上年数",))
    if loc is None or loc.block or _spans_lines(source, loc) or "\n" in final:
        return
    _replace(source, loc, final.strip(), plan)
    plan.note_tail(loc.line, f"上年数已填 {plan.year} 年度的决算数，请与今年决算表核对")


def _mark_text(source: SourceMap, path: PathKey, text: str, plan: _Plan) -> None:
    reasons = []
    if re.search(rf"(?<![0-9]){plan.year}(?![0-9])", normalize(text)):
        reasons.append(f"提到 {plan.year} 年：新报告写的是 {plan.year + 1} 年度，请核对年份")
    if _FIGURE.search(normalize(text)):
        reasons.append(f"含上年的金额或比率：请按 {plan.year + 1} 年度的数字改写")
    if reasons:
        line, indent = _anchor_of(source, path)
        for reason in reasons:
            plan.note_above(line, indent, reason)


def _spans_lines(source: SourceMap, loc: Located) -> bool:
    """Every edit keeps the line count, so that the notes' line numbers stay right."""
    return "\n" in source.buffer[_start(source, loc):loc.end]


def _replace(source: SourceMap, loc: Located, text: str, plan: _Plan) -> None:
    start = _start(source, loc)
    plan.edits.append((start, loc.end, text))


def _start(source: SourceMap, loc: Located) -> int:
    """Buffer index where the scalar as typed begins (its opening quote included)."""
    return source.index_of(loc.line, loc.col) - (1 if loc.style in ("'", '"') else 0)


def _apply_edits(buffer: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, text in sorted(edits, reverse=True):
        buffer = buffer[:start] + text + buffer[end:]
    return buffer


# ---- what the rules say about the texts in the new year --------------------------------------------

def _rule_findings(text: str, new_year: int):
    """The year (T5) and stale-phrase (T6) findings the check gives the new year's texts."""
    with tempfile.TemporaryDirectory(prefix="authoring-new-year-") as folder:
        draft = Path(folder) / "新一年.yaml"
        draft.write_text(text, encoding="utf-8")
        try:
            result = check_file(draft)
        except AuthoringError:  # the comments are a help, not a check: a broken jurisdiction only loses them
            return []
    return [f for f in result.findings if f.rule in ("T5", "T6") and f.path != "报告日期"]


def _anchor(source: SourceMap, dotted_path: str) -> tuple[int, int]:
    path: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", dotted_path):
        path.append(int(index) - 1 if index else name)
    return _anchor_of(source, tuple(path))


def _anchor_of(source: SourceMap, path: PathKey) -> tuple[int, int]:
    """The line a comment about the value at path goes above (its key's line) and that key's indent."""
    loc = source.keys.get(tuple(path)) or source.where(path)
    return loc.line, loc.col - 1


# ---- the new text ------------------------------------------------------------------------------

def _with_comments(text: str, plan: _Plan, previous: str | Path, target_folder: Path | None) -> str:
    lines = text.split("\n")
    for number, cleared in plan.cleared.items():
        keys = "、".join(key for key, _ in cleared)
        olds = "、".join(old for _, old in cleared)
        when = f"{plan.year + 1} 年或之后的" if keys == "报告日期" else f"{plan.year + 1} 年度的"
        plan.tail.setdefault(number, []).insert(0, f"【请填写】{when}{keys}（上年：{olds}）")
    for number, notes in plan.tail.items():
        lines[number - 1] = lines[number - 1].rstrip() + "  # " + "；".join(notes)
    for number in sorted(plan.above, reverse=True):
        indent, reasons = plan.above[number]
        lines.insert(number - 1, " " * indent + "# 【需重写】" + "；".join(reasons))
    header = [modeline(schema_reference(target_folder)),
              f"# 由 {Path(previous).name}（{plan.year} 年度）生成的 {plan.year + 1} 年度问卷（authoring init --from）："
              "金额、得分已清空，标有【请填写】；标有【需重写】的文字请按今年的情况改写，改完后删去这些注释。"]
    if lines and _MODELINE.match(lines[0]):
        lines = lines[1:]
    return "\n".join(header + lines)
