"""绩效指标 and 项目自评: what was scored, and how."""

from __future__ import annotations

from typing import Literal

from authoring.questionnaire.fields import Amount, Content, Count, Measure, Model, Percent, Score, field


QualitativeBand = Literal["达成", "部分达成", "未达成"]


class Indicator(Model):
    name: str = field("名称", "指标名称，与本地区指标体系一致")
    weight: Score = field("分值", "该指标的分值（权重）")
    score: Score | None = field("得分", "自评得分（末级指标必填；上级指标可不填，由工具汇总）", default=None)
    deduction: str | None = field("扣分原因", "得分低于分值时必须说明", default=None)
    band: QualitativeBand | None = field("评价档次", "定性指标的档次：达成（80%–100%）、部分达成（60%–80%）、未达成（60%以下）", default=None)
    planned: Count | None = field("计划数", "计划（应完成）数量，如计划重点工作 11 项、项目总数 9 个", default=None)
    done: Count | None = field("完成数", "实际完成数量，如已完成 11 项、已自评 9 个", default=None)
    rate: Percent | None = field("完成率", "报告中写明的完成率（完成数÷计划数），如 100%", default=None)
    actual: Measure | None = field("实际值", "实际完成值，如满意度 98.01", default=None)
    target: Measure | None = field("目标值", "年度指标值，如满意度 90", default=None)
    analysis: Content = field("分析", "该指标的分析文字（报告中该指标小节的正文）", default=None)
    children: list[Indicator] | None = field("下级", "下级指标", default=None)


class Project(Model):
    name: str = field("项目名称", "项目名称")
    funds: Amount | None = field("项目资金", "项目资金（万元），用于按资金加权计算项目绩效目标完成率", default=None)
    score: Score = field("自评得分", "项目自评得分")
    grade: str | None = field("评价等级", "项目评价等级（照报告填写，工具会复核）", default=None)
