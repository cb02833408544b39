"""The catalogue of 措辞 variables: what a profile's sentences, title and table texts may use.

authoring/report/wording.py builds the values; tests/test_profile_validation.py checks that it
builds exactly these names, and docs/地区配置参考.md lists them (scripts/profile_reference.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class Var:
    """One variable: a text, a group of named values (收入.合计), or a list of items (收入.分项[].名称)."""

    description: str
    fields: Mapping[str, Var] = field(default_factory=dict)
    items: Mapping[str, Var] | None = None

    @property
    def kind(self) -> str:
        if self.items is not None:
            return "列表"
        return "组" if self.fields else "文字"


_EMPTY = "（没有时为空）"

WORDING_VARIABLES: dict[str, Var] = {
    "年度": Var("报告年度，如“2023”"),
    "部门全称": Var("部门全称，如“某某市某某局”"),
    "部门简称": Var("部门简称，如“某某局”"),
    "总分": Var("自评总分，按本地区小数位写好，如“98”" + _EMPTY),
    "等级": Var("评价等级，如“优”" + _EMPTY),
    "收入": Var("收入情况；问卷没有填写“收入”时整组为空，句子应写成 {% if 收入 %}…{% endif %}", {
        "合计": Var("收入合计（万元，已按本地区格式写好，如“3013.08”）"),
        "口径": Var("收入数据的口径：“决算”或“预算”"),
        "口径说明": Var("口径为预算时为“预算”，否则为空，可直接写在“收入”前"),
        "分项": Var("各项收入，按问卷顺序；用 {% for x in 收入.分项 %}…{% endfor %} 逐项写", items={
            "名称": Var("收入来源，如“财政拨款收入”"),
            "金额": Var("金额（万元）"),
            "占比": Var("问卷中写明的占比，如“99.28%”" + _EMPTY),
        }),
    }),
    "支出": Var("支出情况；问卷没有填写“支出”时整组为空，句子应写成 {% if 支出 %}…{% endif %}", {
        "决算合计": Var("支出合计的决算数（万元）"),
        "调整预算合计": Var("支出合计的调整预算数（万元）" + _EMPTY),
        "年初预算合计": Var("支出合计的年初预算数（万元）" + _EMPTY),
        "基本支出": Var("基本支出的决算数（万元）" + _EMPTY),
        "项目支出": Var("项目支出的决算数（万元）" + _EMPTY),
        "预算执行率": Var("预算执行率（决算数 ÷ 调整预算数），如“98.79%”；没有调整预算数时为空"),
    }),
}

SCORE_SENTENCE = "指标得分句"

# 指标得分句 is written once per leaf indicator, with that indicator's values only.
SCORE_SENTENCE_VARIABLES: dict[str, Var] = {
    "名称": Var("指标名称"),
    "分值": Var("指标分值，如“10”"),
    "得分": Var("自评得分，如“9.5”"),
}


def variables_for(path: tuple) -> dict[str, Var]:
    """The variables of the Jinja text at a profile path (措辞.指标得分句 has its own)."""
    return SCORE_SENTENCE_VARIABLES if tuple(path) == ("措辞", SCORE_SENTENCE) else WORDING_VARIABLES


def dotted_names(variables: Mapping[str, Var], prefix: str = "") -> list[str]:
    """Every name a text may write, depth first: 收入, 收入.合计, 收入.分项, 收入.分项[].名称 …"""
    out: list[str] = []
    for name, var in variables.items():
        full = f"{prefix}{name}"
        out.append(full)
        out += dotted_names(var.fields, full + ".")
        if var.items is not None:
            out += dotted_names(var.items, full + "[].")
    return out
