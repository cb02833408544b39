"""The profile's 措辞: the sentences the tool writes, and the values they may use.

A value the questionnaire does not give is `MISSING`: false in `{% if %}`, empty in
loops, and any attribute of it is missing too. A sentence that prints a missing value
would read "自评得分分，评级为“”", so it is dropped instead; a profile that wants a
sentence for that case writes `{% if 总分 %}…{% else %}…{% endif %}`.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from jinja2 import StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment

from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.scoring import Assessment
from authoring.questionnaire.model import Questionnaire
from authoring.report import formatting as fmt

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)

# Set while a sentence renders: printing a Missing value marks it there.
_PRINTED_MISSING: ContextVar[list[bool] | None] = ContextVar("printed_missing", default=None)


class Missing(Undefined):
    """A value the questionnaire did not give. Prints as "" and marks the sentence as incomplete.

    A subclass of Jinja's Undefined, so `is defined` and `|default(…)` treat it as absent too.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        return self

    def __getitem__(self, key: Any) -> Missing:
        return self

    def __str__(self) -> str:
        printed = _PRINTED_MISSING.get()
        if printed is not None:
            printed.append(True)
        return ""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()


def render_wording(template: str, values: dict) -> str:
    """The sentence, or "" when it printed a value the questionnaire does not give."""
    printed: list[bool] = []
    token = _PRINTED_MISSING.set(printed)
    try:
        text = _ENV.from_string(template).render(values).strip()
    finally:
        _PRINTED_MISSING.reset(token)
    return "" if printed else text


def given(value: Any, form=str, *args: Any) -> Any:
    """The display form of value, or MISSING when the questionnaire does not give it."""
    return MISSING if value is None else form(value, *args)


def wording_values(q: Questionnaire, profile: Profile, a: Assessment) -> dict[str, Any]:
    """What the profile's 措辞 sentences may use."""
    th = profile.settings.thousands
    income: Any = MISSING
    if q.income is not None:
        income = {
            "合计": fmt.amount(q.income.total, th),
            "口径": q.income.basis,
            "口径说明": "预算" if q.income.basis == "预算" else "",
            "分项": [{"名称": i.source, "金额": fmt.amount(i.amount, th),
                      "占比": given(i.share, fmt.percent)} for i in q.income.items],
        }
    spend: Any = MISSING
    e = q.expenditure
    if e is not None:
        rate = a.execution.value if a.execution and a.execution.basis == "调整预算数" else None
        spend = {
            "决算合计": given(e.total.actual, fmt.amount, th),
            "调整预算合计": given(e.total.adjusted, fmt.amount, th),
            "年初预算合计": given(e.total.initial, fmt.amount, th),
            "基本支出": given(e.basic.actual if e.basic else None, fmt.amount, th),
            "项目支出": given(e.project.actual if e.project else None, fmt.amount, th),
            "预算执行率": given(rate, fmt.percent),
        }
    return {
        "年度": str(q.year), "部门全称": q.department, "部门简称": q.short_name,
        "总分": given(a.total, fmt.score),
        "等级": a.grade or MISSING,
        "收入": income, "支出": spend,
    }
