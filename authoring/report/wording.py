"""The profile's 措辞: the sentences the tool writes, and the values they may use.

The names are catalogued in authoring/jurisdiction/wording_vars.py (profiles are checked
against it when they load); a test keeps the two equal.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.scoring import Assessment
from authoring.questionnaire.model import Questionnaire
from authoring.report import formatting as fmt
from authoring.report import money_words

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def render_wording(template: str, values: dict) -> str:
    return _ENV.from_string(template).render(values).strip()


def wording_values(q: Questionnaire, profile: Profile, a: Assessment) -> dict[str, Any]:
    """What the profile's 措辞 sentences may use."""
    th = profile.settings.thousands
    income = None
    if q.income is not None:
        income = {
            "合计": fmt.amount(q.income.total, th),
            "口径": q.income.basis,
            "口径说明": "预算" if q.income.basis == "预算" else "",
            "分项": [{"名称": i.source, "金额": fmt.amount(i.amount, th),
                      "占比": fmt.percent(i.share) if i.share is not None else "",
                      **money_words.income_item_words(i, th)} for i in q.income.items],
            **money_words.income_words(q.income, th),
        }
    spend = None
    e = q.expenditure
    if e is not None:
        spend = {
            "决算合计": fmt.amount(e.total.actual, th),
            "调整预算合计": fmt.amount(e.total.adjusted, th),
            "年初预算合计": fmt.amount(e.total.initial, th),
            "基本支出": fmt.amount(e.basic.actual, th) if e.basic else "",
            "项目支出": fmt.amount(e.project.actual, th) if e.project else "",
            "预算执行率": fmt.percent(a.execution.value) if a.execution and a.execution.basis == "调整预算数" else "",
            **money_words.expenditure_words(e, th),
        }
    return {
        "年度": str(q.year), "部门全称": q.department, "部门简称": q.short_name,
        "总分": fmt.score(a.total) if a.total is not None else "",
        "等级": a.grade or "",
        "收入": income, "支出": spend, "资金": money_words.funding_words(q.funding, th),
    }


def score_sentence_values(name: str, weight: Decimal, score: Decimal) -> dict[str, str]:
    """What 措辞.指标得分句 may use: one leaf indicator's values."""
    return {"名称": name, "分值": fmt.score(weight), "得分": fmt.score(score)}
