"""Q3: a 示意 entry must name fields that are filled, or its note would never be printed.

A mark that names nothing would leave the supplied figures it was meant for unmarked in
the report, so it is an error, at the entry's 字段.
"""

from __future__ import annotations

from authoring.findings import Finding
from authoring.questionnaire.illustrative import EXAMPLE_KEY, MARKS_KEY, filled_values, mark_paths, parse_path
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.yamlsource import finding_at

RULE = "Q3"
_NOT_CONTENT = ("地区", "已核实", EXAMPLE_KEY, MARKS_KEY)


def check_marks(loaded: Loaded) -> list[Finding]:
    out: list[Finding] = []
    for i, entry in enumerate(loaded.questionnaire.illustrative or []):
        listed = not isinstance(entry.paths, str)
        paths = list(entry.paths) if listed else [entry.paths]
        where = (MARKS_KEY, i, "字段")
        if not mark_paths(entry):
            out.append(finding_at(loaded.source, where, RULE,
                                  "“示意”的字段没有填写：请写明补充的内容在哪个字段，如 绩效指标、总分"))
        for j, path in enumerate(paths):
            problem = _problem(loaded, path.strip())
            if problem:
                out.append(finding_at(loaded.source, where + ((j,) if listed else ()), RULE, problem))
    return out


def _problem(loaded: Loaded, path: str) -> str | None:
    if not path:
        return None
    steps = parse_path(path)
    if steps is None:
        return f"“{path}”不是字段的写法：照问卷的键写，层级用“.”隔开，第几项写成 [2]，如 评价工作组.职称、绩效指标[2].得分"
    if steps[0] in _NOT_CONTENT:
        return f"“{steps[0]}”不是报告的内容，不能标为示意"
    if not filled_values(loaded.raw, steps):
        return (f"问卷中没有填写“{path}”（或字段名写错了），这条示意说明无处可印：请照问卷中的键名填写，"
                "如 绩效指标、总分、评价工作组.职称")
    return None
