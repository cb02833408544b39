"""绩效指标 and 项目自评: what was scored, and how.

An indicator is written as a tree (一级指标 with 下级) or as a flat list whose items
name their 一级指标 (and 二级指标) themselves, as a 自评表 prints them. Target and
actual values keep the text the clerk typed ("≥90%", "11项"); scoring reads the
number in them (numbers.measure_number).
"""

from __future__ import annotations

from typing import Literal

from authoring.questionnaire.fields import Amount, Content, Count, MeasureText, Model, Percent, Score, field

QualitativeBand = Literal["达成", "部分达成", "未达成"]
RuleName = Literal["手工", "定性", "完成率", "执行率", "比率", "阈值", "项目加权"]
Direction = Literal["正向", "反向"]
Nature = Literal["定量", "定性"]
YesNo = Literal["是", "否"]


class Indicator(Model):
    level1: str | None = field("一级指标", "平铺写法：本指标所属的一级指标（写成树形时不填）；同一一级指标的各项归为一组，其分值为各项分值之和", default=None)
    level2: str | None = field("二级指标", "平铺写法：本指标所属的二级指标（写成树形时不填）", default=None)
    name: str = field("名称", "指标名称，与本地区指标体系一致")
    weight: Score = field("分值", "该指标的分值（权重）")
    score: Score | None = field("得分", "自评得分（末级指标必填；上级指标可不填，由工具汇总）", default=None)
    deduction: str | None = field("扣分原因", "得分低于分值时必须说明", default=None)
    deviation: str | None = field("偏差原因分析及改进措施", "未完成指标值或偏离较大时的原因和改进措施（自评表的一列）", default=None)
    rule: RuleName | None = field(
        "规则", "本指标的评分规则，地区规则没有列出本指标时填写，工具按此复核得分（地区规则列出本指标并规定了规则时以地区规则为准）："
        "手工（不复核）、定性（按评价档次）、完成率（完成数 ÷ 计划数 × 分值）、执行率（预算执行率 × 分值，不超过分值）、"
        "比率（实际值 ÷ 指标值 × 分值；反向见“方向”）、阈值（须有地区规则的阈值表）、项目加权；"
        "按公式得出的得分四舍五入保留两位小数", default=None)
    direction: Direction | None = field("方向", "正向（越大越好）或反向（越小越好），比率规则使用；不填时，指标值以 ≤、<、不高于、不超过 开头的为反向，其余为正向", default=None)
    nature: Nature | None = field("指标性质", "定量或定性", default=None)
    core: YesNo | None = field("是否核心指标", "是或否", default=None)
    unit: str | None = field("计量单位", "指标值的计量单位，如 %、项、次、天", default=None)
    band: QualitativeBand | None = field("评价档次", "定性指标的档次：达成（80%–100%）、部分达成（60%–80%）、未达成（60%以下）", default=None)
    planned: Count | None = field("计划数", "计划（应完成）数量，如计划重点工作 11 项、项目总数 9 个", default=None)
    done: Count | None = field("完成数", "实际完成数量，如已完成 11 项、已自评 9 个", default=None)
    rate: Percent | None = field("完成率", "报告中写明的完成率（完成数÷计划数），如 100%", default=None)
    initial_target: MeasureText | None = field("年初指标值", "年初设定的指标值（年中调整过指标值时填写，如 ≥90%）", default=None)
    target: MeasureText | None = field("指标值", "年度指标值（调整后的），照自评表填写，如 ≥90%、11项、100%", default=None)
    actual: MeasureText | None = field("实际值", "实际完成值（全年完成值），照自评表填写，如 98.01%、11项", default=None)
    analysis: Content = field("分析", "该指标的分析文字（报告中该指标小节的正文）", default=None)
    children: list[Indicator] | None = field("下级", "下级指标", default=None)


class Project(Model):
    name: str = field("项目名称", "项目名称")
    funds: Amount | None = field("项目资金", "项目资金（万元），用于按资金加权计算项目绩效目标完成率", default=None)
    score: Score = field("自评得分", "项目自评得分")
    grade: str | None = field("评价等级", "项目评价等级（照报告填写，工具会复核）", default=None)
