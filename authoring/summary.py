"""The one-line summary of a checked questionnaire that check and build print."""

from __future__ import annotations

from authoring.findings import printable
from authoring.pipeline import CheckResult
from authoring.questionnaire.illustrative import is_example, marked_fields
from authoring.questionnaire.numbers import percent


def summary_line(result: CheckResult) -> str:
    counts = finding_counts(len(result.errors), len(result.warnings), len(result.verified))
    return f"{printable(result.file)}: {counts}{summary_details(result)}"


def finding_counts(errors: int, warnings: int, verified: int) -> str:
    if errors or warnings or verified:
        return f"{errors} 个错误，{warnings} 个警告" + (f"，{verified} 个已核实" if verified else "")
    return "没有发现问题"


def summary_details(result: CheckResult) -> str:
    """What the summary line says after the counts: score, grade, rate, whether it is an example."""
    head = ""
    a = result.assessment
    if a is not None and a.total is not None:
        computed = format(a.computed_total.normalize(), "f")
        head += f"；计算总分 {computed} 分"
        if a.total != a.computed_total:  # the report prints the stated or rounded total
            head += f"（报告中为 {format(a.total.normalize(), 'f')} 分）"
        head += f"，等级“{a.grade}”"
        if result.profile is not None:
            head += f"（{result.profile.profile.name}规则）"
    elif result.loaded is not None and not result.loaded.usable("绩效指标"):
        head += "；未能计算总分（绩效指标填写有误）"
    elif result.loaded is not None:
        head += "；未能计算总分（缺少指标得分）"
    if a is not None and a.execution is not None:
        if a.execution.basis == "调整预算数":
            head += f"；预算执行率 {percent(a.execution.value)}"
        else:  # M7: without 调整预算数 this ratio is not an execution rate, so do not call it one
            head += f"；支出占{a.execution.basis} {percent(a.execution.value)}（未填调整预算数，无法计算预算执行率）"
    if result.loaded is not None and is_example(result.loaded.questionnaire):
        fields = marked_fields(result.loaded.questionnaire)
        head += "；示例报告" + (f"（示意：{printable('、'.join(fields))}）" if fields else "")
    return head
