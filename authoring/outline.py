"""What a profile's outline may refer to."""

from __future__ import annotations

from authoring.questionnaire import Questionnaire

TABLE_KINDS = (
    "部门预算支出明细表",
    "收入情况表",
    "重点工作完成情况表",
    "指标得分表",
    "项目自评得分表",
    "评价工作组人员名单",
    "决算单位构成表",
)


def content_keys() -> list[str]:
    """Questionnaire keys whose value is narrative content an outline can place."""
    from authoring.questionnaire import Content

    return [f.alias for f in Questionnaire.model_fields.values() if f.annotation == Content]


PART_TARGETS: dict[str, list[str]] = {
    "内容": content_keys(),
    "表格": list(TABLE_KINDS),
}
