"""Chart declarations: the charts a profile defines under `图表:` and the kinds of chart there are.

A declaration names its kind (`类型`); what each kind plots is computed in authoring/report/charts.py
from the questionnaire's figures, and drawn in authoring/render/charts.py. The outline places a
chart with a part `{图表: 名称}`, as it places a table.
"""

from __future__ import annotations

from typing import Literal

from authoring.jurisdiction.base import P, _f

# Kind → what it shows (docs/地区配置参考.md lists these for bureau authors).
CHART_KINDS: dict[str, str] = {
    "预算执行": "按支出类别（基本支出、项目支出……）对比年初预算数、调整预算数和决算数的分组柱形图（单位：万元）",
    "指标得分": "每个末级指标的得分与分值对比的横向条形图，按一级指标分组",
}
# The questionnaire keys each kind plots (authoring/jurisdiction/placement.py: what the outline prints).
CHART_KEYS: dict[str, tuple[str, ...]] = {
    "预算执行": ("支出",),
    "指标得分": ("绩效指标",),
}
DEFAULT_UNITS: dict[str, str] = {"预算执行": "单位：万元", "指标得分": "单位：分"}

ChartKind = Literal["预算执行", "指标得分"]


class ChartSpec(P):
    kind: ChartKind = _f("类型", "图表的种类：" + "；".join(f"{k}：{v}" for k, v in CHART_KINDS.items()))
    title: str | None = _f("标题", "图的标题（印在图下方“图N”之后，Jinja 表达式；不写则为图表的名称）", default=None)
    unit: str | None = _f("单位", "图中数值轴的单位说明（不写则为“单位：万元”或“单位：分”）", default=None)
    note: str | None = _f("注", "图下方的注", default=None)

    def unit_text(self) -> str:
        return self.unit if self.unit is not None else DEFAULT_UNITS[self.kind]
