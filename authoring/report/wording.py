"""The profile's 措辞: the sentences the tool writes, and the values they may use.

The names are catalogued in authoring/jurisdiction/wording_vars.py (profiles are checked
against it when they load); a test keeps the two equal.

A value the questionnaire does not give is `MISSING` (report/missing.py). A sentence that
prints a missing value would read "自评得分分，评级为“”", so it is dropped instead; a profile
that wants a sentence for that case writes `{% if 总分 %}…{% else %}…{% endif %}`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined

from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.scoring import Assessment
from authoring.questionnaire.model import Questionnaire
from authoring.report import formatting as fmt
from authoring.report import money_words
from authoring.report.missing import MISSING, given, tracking
from authoring.sandbox import WORDING_SECONDS, LimitedEnvironment

_ENV = LimitedEnvironment(undefined=StrictUndefined, autoescape=False, seconds=WORDING_SECONDS)


class WordingFailed(Exception):
    """A 措辞 text failed with the questionnaire's values (the trial render at load used sample values)."""

    def __init__(self, template: str, error: Exception):
        super().__init__(f"{type(error).__name__}: {error}")
        self.template, self.error = template, error


def render_wording(template: str, values: dict) -> str:
    """The sentence, or "" when it printed a value the questionnaire does not give; WordingFailed when
    the profile's text fails (report/context.py locates it in the profile)."""
    try:
        with tracking() as printed:
            text = _ENV.from_string(template).render(values).strip()
    except Exception as exc:  # any failure of the bureau's text, never a traceback
        raise WordingFailed(template, exc) from None
    return "" if printed else text


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
                      "占比": given(i.share, fmt.percent),
                      **money_words.income_item_words(i, th)} for i in q.income.items],
            **money_words.income_words(q.income, th),
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
            **money_words.expenditure_words(e, th),
        }
    return {
        "年度": str(q.year), "部门全称": q.department, "部门简称": q.short_name,
        "总分": given(a.total, fmt.score),
        "等级": a.grade or MISSING,
        "收入": income, "支出": spend, "资金": money_words.funding_words(q.funding, th),
    }


def score_sentence_values(name: str, weight: Decimal, score: Decimal, deduction: str | None = None) -> dict[str, Any]:
    """What 措辞.指标得分句 may use: one leaf indicator's values."""
    reason = deduction.strip().rstrip("。；;.") if deduction and deduction.strip() else None
    return {"名称": name, "分值": fmt.score(weight), "得分": fmt.score(score), "扣分原因": given(reason)}
