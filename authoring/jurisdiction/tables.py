"""The tables a profile can place in its outline."""

from __future__ import annotations

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
