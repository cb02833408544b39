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


def _change(of: str) -> dict[str, Var]:
    """The year-on-year values of one figure (本年数 against 上年数)."""
    return {
        "上年数": Var(f"{of}的上年数（万元）" + _EMPTY),
        "增减额": Var(f"{of}比上年的增减额（万元，减少为负数，如“-12.52”）" + _EMPTY),
        "增减率": Var(f"{of}比上年的增减率（如“-3.13%”；上年数为 0 时为空）" + _EMPTY),
        "增减": Var("“增加”“减少”或“持平”" + _EMPTY),
        "变动额": Var(f"{of}增减额的绝对值（万元），用于“减少12.52万元”这样的写法" + _EMPTY),
        "变动率": Var(f"{of}增减率的绝对值，如“3.13%”" + _EMPTY),
    }


def _expenditure_line(label: str) -> Var:
    return Var(f"支出明细表中“{label}”一行", {
        "年初预算数": Var("年初预算数（万元）" + _EMPTY),
        "调整预算数": Var("调整预算数（万元）" + _EMPTY),
        "决算数": Var("决算数（万元）" + _EMPTY),
        **_change(f"{label}决算数"),
    })


_EXPENDITURE_LINES = ("基本支出", "人员经费", "日常公用经费", "项目支出", "其中基本建设类项目",
                      "上缴上级支出", "经营支出", "对附属单位补助支出")
_FUNDING_COLUMNS = {
    "年初预算数": Var("年初预算数（万元）" + _EMPTY),
    "全年预算数": Var("全年预算数（万元）" + _EMPTY),
    "全年执行数": Var("全年执行数（万元）" + _EMPTY),
    "执行率": Var("执行率（全年执行数 ÷ 全年预算数，能计算时为计算值，否则为问卷写明的值）" + _EMPTY),
}

WORDING_VARIABLES: dict[str, Var] = {
    "年度": Var("报告年度，如“2023”"),
    "部门全称": Var("部门全称，如“某某市某某局”"),
    "部门简称": Var("部门简称，如“某某局”"),
    "总分": Var("自评总分，按本地区小数位写好，如“98”" + _EMPTY),
    "等级": Var("评价等级，如“优”" + _EMPTY),
    "收入": Var("收入情况；问卷没有填写“收入”时整组为空，句子应写成 {% if 收入 %}…{% endif %}", {
        "合计": Var("收入合计（万元，已按本地区格式写好，如“3013.08”）"),
        "本年收入合计": Var("本年收入合计（万元）：问卷写明的数；没写时，列有结转结余的为本年各项之和，否则同“合计”"),
        **_change("收入合计"),
        "口径": Var("收入数据的口径：“决算”或“预算”"),
        "口径说明": Var("口径为预算时为“预算”，否则为空，可直接写在“收入”前"),
        "分项": Var("各项收入，按问卷顺序；用 {% for x in 收入.分项 %}…{% endfor %} 逐项写", items={
            "名称": Var("收入来源，如“财政拨款收入”"),
            "金额": Var("金额（万元）"),
            "占比": Var("问卷中写明的占比，如“99.28%”" + _EMPTY),
            "本年": Var("是否属于本年收入（真/假，不是文字）：结转结余各行为假，用于 {% if x.本年 %}"),
            **_change("该项收入"),
        }),
    }),
    "支出": Var("支出情况；问卷没有填写“支出”时整组为空，句子应写成 {% if 支出 %}…{% endif %}", {
        "决算合计": Var("支出合计的决算数（万元）"),
        "调整预算合计": Var("支出合计的调整预算数（万元）" + _EMPTY),
        "年初预算合计": Var("支出合计的年初预算数（万元）" + _EMPTY),
        "基本支出": Var("基本支出的决算数（万元）" + _EMPTY),
        "项目支出": Var("项目支出的决算数（万元）" + _EMPTY),
        "预算执行率": Var("预算执行率（决算数 ÷ 调整预算数），如“98.79%”；没有调整预算数时为空"),
        **_change("支出合计决算数"),
        "类别": Var("支出明细表各行，如 支出.类别.项目支出.决算数", {label: _expenditure_line(label) for label in _EXPENDITURE_LINES}),
    }),
    "资金": Var("自评表的预算执行率一块（资金执行情况）中年度资金总额一行；问卷没有这一块时整组为空", {
        **_FUNDING_COLUMNS,
        "分项": Var("各行，年度资金总额在前", items={"名称": Var("资金来源，如“当年财政拨款”"), **_FUNDING_COLUMNS}),
    }),
}

SCORE_SENTENCE = "指标得分句"

# 指标得分句 is written once per leaf indicator, with that indicator's values only.
SCORE_SENTENCE_VARIABLES: dict[str, Var] = {
    "名称": Var("指标名称"),
    "分值": Var("指标分值，如“10”"),
    "得分": Var("自评得分，如“9.5”"),
    "扣分原因": Var("该指标的扣分原因（去掉句末标点）" + _EMPTY),
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
