"""The tables a profile can place in its outline."""

from __future__ import annotations

from authoring.jurisdiction.base import P, _f


class TableSpec(P):
    title: str | None = _f("标题", "表格标题（表格上方居中）", default=None)
    lead: str | None = _f("引导语", "表格前的一句话，如“重点工作完成情况见下表：”（Jinja 表达式）", default=None)
    unit: str | None = _f("单位", "单位说明，如“单位：万元”", default=None)
    note: str | None = _f("注", "表格下方的注", default=None)
    columns: list[str] | None = _f("列", "列名（可删减可选列）", default=None)


# The kinds of tables a profile can place, with their usual columns (docs/context.md).
TABLE_HEADERS: dict[str, list[str]] = {
    "部门预算支出明细表": ["支出类别", "年初预算数", "调整预算数", "决算数"],
    "收入情况表": ["收入项目", "金额", "占比"],
    "重点工作完成情况表": ["序号", "工作任务", "完成情况"],
    "指标得分表": ["一级指标", "二级指标", "分值", "得分", "扣分原因"],
    "项目自评得分表": ["项目名称", "自评得分", "评价等级"],
    "评价工作组人员名单": ["姓名", "工作单位", "职务", "职称"],
    "决算单位构成表": ["序号", "单位名称", "单位基本性质", "经费形式"],
}
