"""Table declarations: the tables a profile defines under `表格:` and the vocabulary they are built from.

A declaration names a row source (`数据`) and picks its columns (`列`) from that source's fields;
docs/地区配置参考-表格.md describes every source and field for bureau authors. What each field
shows is computed in authoring/report/tables.py; this module only says which names exist, so
that profile validation can reject an unknown one with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator

from authoring.jurisdiction.base import P, _f

Align = Literal["左", "中", "右"]


# ----------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class FieldInfo:
    meaning: str
    align: Align = "左"
    width: int = 20


@dataclass(frozen=True)
class RowSource:
    meaning: str
    fields: dict[str, FieldInfo]
    aliases: dict[str, str] = dc_field(default_factory=dict)
    total: str | None = None        # what a 合计行 holds; None: the source has no total row
    label_field: str | None = None  # the field that carries the total row's label (合计)
    grade: bool = False             # the total row may show the grade

    def canonical(self, name: str) -> str | None:
        """The field a column name stands for (an alias gives its field), None when unknown."""
        if name in self.fields:
            return name
        return self.aliases.get(name)

    def names(self) -> list[str]:
        return list(self.fields) + list(self.aliases)


def _f_(meaning: str, align: Align = "左", width: int = 20) -> FieldInfo:
    return FieldInfo(meaning, align, width)


_SEQ = _f_("行的顺序号 1、2、3……（合计行不编号）", "中", 8)
_MONEY = "（万元）"

ROW_SOURCES: dict[str, RowSource] = {
    "指标": RowSource(
        "绩效指标的每个末级指标一行（按问卷“绩效指标”的顺序）；问卷的资金执行情况写了分值时，"
        "它作为“预算执行率”排在第一行，但大纲同时放了资金表格（数据: 资金）时只印在那张表里（合计行照样算入）",
        {
            "序号": _SEQ,
            "一级指标": _f_("末级指标所属的一级指标", "中", 16),
            "二级指标": _f_("末级指标所属的二级指标；两级指标体系中就是末级指标本身；一级指标没有下级时为空", "左", 28),
            "三级指标": _f_("三级指标体系中就是末级指标本身（更深时为所属的三级指标）；两级指标体系中为空", "左", 28),
            "指标名称": _f_("末级指标本身的名称（不论在第几级）", "左", 28),
            "分值": _f_("末级指标的分值", "中", 10),
            "得分": _f_("末级指标的自评得分", "中", 10),
            "得分系数": _f_("得分 ÷ 分值，百分数（如 100%、90.00%）", "中", 12),
            "年度指标值": _f_("问卷“指标值”，照填写原样", "中", 14),
            "年初指标值": _f_("问卷“年初指标值”；没有填写时同“指标值”", "中", 14),
            "调整指标值": _f_("问卷“指标值”（调整后的年度指标值）", "中", 14),
            "实际完成值": _f_("问卷“实际值”，照填写原样", "中", 14),
            "全年完成值": _f_("同“实际完成值”", "中", 14),
            "计量单位": _f_("问卷“计量单位”", "中", 10),
            "指标性质": _f_("问卷“指标性质”：定量或定性", "中", 10),
            "是否核心指标": _f_("问卷“是否核心指标”：是或否", "中", 10),
            "扣分原因": _f_("问卷“扣分原因”", "左", 36),
            "偏差原因分析及改进措施": _f_("问卷“偏差原因分析及改进措施”；没有填写时用“扣分原因”", "左", 36),
        },
        aliases={"权重": "分值"},
        total="分值、得分两列为合计（得分为计算的总分）；可在一列写评价等级",
        grade=True,
    ),
    "支出": RowSource(
        "部门预算支出明细表的各行：一、基本支出（人员经费、日常公用经费）、二、项目支出（其中：基本建设类项目）、"
        "三、上缴上级支出、四、经营支出、五、对附属单位补助支出；没有数据的格为空",
        {
            "支出类别": _f_("支出类别名称；子项缩进", "左", 34),
            "年初预算数": _f_("年初预算数" + _MONEY, "右", 22),
            "调整预算数": _f_("调整预算数（全年预算数）" + _MONEY, "右", 22),
            "决算数": _f_("决算数（全年执行数）" + _MONEY, "右", 22),
            "执行率": _f_("决算数 ÷ 调整预算数，百分数", "右", 14),
            "上年数": _f_("上年决算数" + _MONEY, "右", 18),
            "增减额": _f_("决算数 − 上年数" + _MONEY, "右", 18),
            "增减率": _f_("（决算数 − 上年数）÷ 上年数，百分数", "右", 14),
            "占比": _f_("决算数 ÷ 支出合计的决算数，百分数", "右", 14),
        },
        aliases={"全年预算数": "调整预算数", "全年执行数": "决算数"},
        total="支出合计一行：各金额列为问卷“支出.合计”，执行率、增减额、增减率按合计计算，占比 100%",
        label_field="支出类别",
    ),
    "收入": RowSource(
        "问卷“收入.分项”的每一项一行",
        {
            "收入项目": _f_("收入来源名称", "左", 50),
            "金额": _f_("金额" + _MONEY, "右", 25),
            "占比": _f_("问卷中写明的占比（没有写则为空）", "右", 25),
            "上年数": _f_("上年金额" + _MONEY, "右", 18),
            "增减额": _f_("金额 − 上年数" + _MONEY, "右", 18),
            "增减率": _f_("（金额 − 上年数）÷ 上年数，百分数", "右", 14),
        },
        total="收入合计一行：金额为问卷“收入.合计”，占比 100%，上年数为“收入.上年数”，增减按合计计算",
        label_field="收入项目",
    ),
    "资金": RowSource(
        "问卷“资金执行情况.分项”的每一项一行（自评表的年度预算资金一块）：第一行为年度资金总额，其后为其中各项",
        {
            "资金来源": _f_("资金来源名称；第二行起缩进，第二行前加“其中：”", "左", 30),
            "年初预算数": _f_("年初预算数" + _MONEY, "右", 16),
            "全年预算数": _f_("全年预算数" + _MONEY, "右", 16),
            "全年执行数": _f_("全年执行数" + _MONEY, "右", 16),
            "执行率": _f_("表中写明的执行率；没有写则按 全年执行数 ÷ 全年预算数 计算", "右", 12),
            "分值": _f_("预算执行率的分值，只写在第一行", "中", 10),
            "得分": _f_("预算执行率的得分，只写在第一行", "中", 10),
        },
    ),
    "重点工作": RowSource(
        "问卷“重点工作”的每一项一行",
        {
            "序号": _SEQ,
            "工作任务": _f_("工作任务", "左", 46),
            "状态": _f_("已完成、部分完成或未完成", "中", 12),
            "完成情况": _f_("完成情况说明", "左", 46),
        },
    ),
    "项目": RowSource(
        "问卷“项目自评”的每个项目一行",
        {
            "序号": _SEQ,
            "项目名称": _f_("项目名称", "左", 60),
            "项目资金": _f_("项目资金" + _MONEY, "右", 20),
            "自评得分": _f_("项目自评得分", "中", 20),
            "评价等级": _f_("问卷写明的评价等级；没有写则按本地区等级划分", "中", 20),
        },
    ),
    "工作组": RowSource(
        "问卷“评价工作组”的每个成员一行",
        {
            "序号": _SEQ,
            "姓名": _f_("姓名", "中", 14),
            "工作单位": _f_("工作单位", "中", 30),
            "职务": _f_("职务", "中", 20),
            "职称": _f_("职称", "中", 18),
            "签字": _f_("空白，留给本人签字", "中", 18),
        },
    ),
    "决算单位": RowSource(
        "问卷“决算单位构成”的每个单位一行",
        {
            "序号": _SEQ,
            "单位名称": _f_("单位名称", "左", 44),
            "单位基本性质": _f_("单位基本性质", "中", 24),
            "经费形式": _f_("经费形式", "中", 24),
        },
    ),
}


# ----------------------------------------------------------------------------- declarations


def _column(value: Any) -> Any:
    return {"字段": value} if isinstance(value, str) else value


def _names(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


_TRUE = {"true", "yes", "on", "1", "是"}
_FALSE = {"false", "no", "off", "0", "否", "null", "~", ""}


def _total_row(value: Any) -> Any:
    """`合计行: true` is a total row with the defaults; false or empty is none (profile YAML is read as text)."""
    if isinstance(value, (bool, str)):
        text = str(value).strip().lower()
        if text in _TRUE:
            return {}
        if text in _FALSE:
            return None
    return value


class ColumnSpec(P):
    field: str = _f("字段", "这一列显示的字段（见 docs/地区配置参考-表格.md 各数据的字段表）")
    header: str | None = _f("表头", "表头文字（不写则为字段名）", default=None)
    width: int | None = _f("宽度", "相对列宽，如 24（各列按比例分配表格宽度；不写则用该字段的默认宽度）",
                           default=None, gt=0)
    align: Align | None = _f("对齐", "左、中 或 右（不写则用该字段的默认对齐）", default=None)


class TotalRowSpec(P):
    label: str = _f("标签", "合计行的标题文字", default="合计")
    grade: str | None = _f("等级", "在合计行的哪一列（字段名）写评价等级，如 扣分原因；不写则不显示等级（仅“指标”数据）",
                           default=None)
    grade_text: str = _f("等级文字", "等级那一格的文字（Jinja 表达式，变量同措辞）", default="评价等级：{{ 等级 }}")


Column = Annotated[ColumnSpec, BeforeValidator(_column)]


class TableSpec(P):
    source: str = _f("数据", "行从哪里来：指标、支出、收入、资金、重点工作、项目、工作组、决算单位")
    title: str | None = _f("标题", "表格标题（表格上方居中，Jinja 表达式；不写则为表格的名称）", default=None)
    lead: str | None = _f("引导语", "表格前的一句话，如“重点工作完成情况见下表：”（Jinja 表达式）", default=None)
    unit: str | None = _f("单位", "单位说明，如“单位：万元”", default=None)
    note: str | None = _f("注", "表格下方的注", default=None)
    group: Annotated[list[str], BeforeValidator(_names)] = _f(
        "分组", "合并单元格的列（字段名，或从左到右几个字段名的列表）：连续几行该列文字相同时合并为一格",
        default_factory=list)
    total: Annotated[TotalRowSpec | None, BeforeValidator(_total_row)] = _f(
        "合计行", "true：在最后加合计行（合计什么由数据决定）；也可写成 {标签: 合计, 等级: 扣分原因}", default=None)
    columns: list[Column] = _f("列", "各列，从左到右：字段名，或 {字段, 表头, 宽度, 对齐}")

    def row_source(self) -> RowSource | None:
        return ROW_SOURCES.get(self.source)

    def fields(self) -> list[str]:
        """The canonical field of each column (the name as written when it is unknown)."""
        source = self.row_source()
        return [(source.canonical(c.field) if source else None) or c.field for c in self.columns]

    def headers(self) -> list[str]:
        return [c.header if c.header is not None else c.field for c in self.columns]
