"""T13: filled keys that the jurisdiction's outline never prints (nothing typed is lost silently)."""

from __future__ import annotations

from typing import Any, Iterator

from authoring.checks.text_structure import is_empty
from authoring.findings import Finding, Severity
from authoring.jurisdiction.placement import (
    DEDUCTION, DEVIATION, EXTRA_SECTIONS, INDICATORS, SIGNATURE_KEYS, TOOL_KEYS, Placement, placement,
)
from authoring.jurisdiction.profile import LoadedProfile
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.model import content_keys
from authoring.questionnaire.yamlsource import PathKey, finding_at

RULE = "T13"


def check_coverage(loaded: Loaded, lp: LoadedProfile) -> list[Finding]:
    where = placement(lp.profile)
    outline = f"{lp.profile.name}规则（{lp.id}）的大纲"
    out: list[Finding] = []
    for key, value in loaded.raw.items():
        if key in TOOL_KEYS or key == EXTRA_SECTIONS or is_empty(value) or where.prints(key):
            continue
        out.append(_warn(loaded, (key,), _why(key, outline, lp)))
    if where.prints(INDICATORS):
        for path, level1 in _filled(loaded.raw.get(INDICATORS), (INDICATORS,), None, "分析"):
            if not where.prints_analysis(level1):
                out.append(_warn(loaded, path, _why_analysis(outline, where)))
        for path, level1 in _filled(loaded.raw.get(INDICATORS), (INDICATORS,), None, DEDUCTION):
            indicator = _at(loaded.raw, path[:-1])
            deviation = not is_empty(indicator.get(DEVIATION)) if isinstance(indicator, dict) else False
            if where.prints_deduction(level1, deviation_given=deviation):
                continue
            if where.prints_analysis(level1) and _said_in_analysis(indicator):
                continue
            out.append(_warn(loaded, path, _why_deviation() if deviation and where.deviations else _why_deduction(outline)))
    return out


def _warn(loaded: Loaded, path: PathKey, message: str) -> Finding:
    return finding_at(loaded.source, path, RULE, message, Severity.WARNING, key=True)


def _why(key: str, outline: str, lp: LoadedProfile) -> str:
    if key in SIGNATURE_KEYS:
        what = "（只作为文件属性中的日期）" if key == "报告日期" else ""
        return f"“{key}”不会印在报告中{what}：{lp.profile.name}规则（{lp.id}）不加落款（设置.落款）；不需要可删去此项"
    if key in content_keys():
        return f"“{key}”不会印在报告中：{outline}没有这一节；请把内容并入大纲中的章节，或删去此项"
    return f"“{key}”不会印在报告中（只用于复核）：{outline}没有用到它的表格或句子；不需要可删去此项"


def _why_analysis(outline: str, where: Placement) -> str:
    if where.analysis:
        scope = "只逐项分析" + "".join(f"“{name}”" for name in sorted(where.analysis)) + "下的指标"
    else:
        scope = "没有逐项的指标分析"
    hint = [k for k in content_keys() if k.endswith("分析") and where.prints(k)]
    into = f"（如{'、'.join(hint)}）" if hint else ""
    return f"指标的“分析”不会印在报告中：{outline}{scope}；请把内容写进大纲中的章节{into}，或删去此项"


def _why_deduction(outline: str) -> str:
    return (f"“扣分原因”不会印在报告中（只用于复核）：{outline}没有指标得分表，指标得分句也不用扣分原因；"
            "请在该指标的“分析”中照写扣分原因")


def _why_deviation() -> str:
    return ("“扣分原因”不会印在报告中：自评表的“偏差原因分析及改进措施”一列填写了的，只印这一列；"
            "请把扣分原因并入“偏差原因分析及改进措施”，或删去此项")


def _said_in_analysis(indicator: Any) -> bool:
    """The 扣分原因 stands word for word in the indicator's printed 分析 (as in the Foshan report)."""
    if not isinstance(indicator, dict) or not isinstance(indicator.get(DEDUCTION), str):
        return False
    reason = indicator[DEDUCTION].strip().rstrip("。；;.")
    return bool(reason) and reason in "".join(_texts(indicator.get("分析")))


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        yield from _texts(value.get("标题"))
        yield from _texts(value.get("内容"))


def _at(raw: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(raw, dict):
            raw = raw.get(part)
        elif isinstance(raw, list) and isinstance(part, int) and part < len(raw):
            raw = raw[part]
        else:
            return None
    return raw


def _filled(items: Any, path: PathKey, level1: str | None, key: str) -> Iterator[tuple[PathKey, str | None]]:
    """(path of key, its 一级指标) for every indicator, tree or flat, where key is filled."""
    if not isinstance(items, list):
        return
    for i, ind in enumerate(items):
        if not isinstance(ind, dict):
            continue
        top = level1 or ind.get("一级指标") or ind.get("名称")
        if not is_empty(ind.get(key)):
            yield path + (i, key), top
        yield from _filled(ind.get("下级"), path + (i, "下级"), top, key)
