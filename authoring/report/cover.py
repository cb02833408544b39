"""The ReportContext's 封面: the cover page a profile asks for (封面: {启用, 字段, 标志}).

Both renderers print it from this dict: the title in its 标题行, one line per field (名称：值), and the
logo above the title. A 填报日期 the questionnaire does not give is left blank to be written in by hand.
"""

from __future__ import annotations

import base64
from typing import Any

from authoring.jurisdiction.cover_logo import Logo
from authoring.jurisdiction.model import Cover


def cover_context(spec: Cover, logo: Logo | None, values: dict[str, str]) -> dict[str, Any]:
    """`values`: the context's 年度, 落款单位, 落款日期 (blank when not given), 部门全称, 总分, 等级."""
    if not spec.enabled:
        return {"启用": False, "字段": [], "标志": None}
    field_values = {
        "评价年度": values["年度"], "评价单位（公章）": values["落款单位"], "评价单位": values["落款单位"],
        "填报日期": values["落款日期"], "部门全称": values["部门全称"], "总分": values["总分"], "等级": values["等级"],
    }
    return {
        "启用": True,
        "字段": [{"名称": name, "值": field_values[name]} for name in spec.fields],
        "标志": _logo(logo) if logo is not None else None,
    }


def _logo(logo: Logo) -> dict[str, str]:
    width, height = logo.size_mm()
    return {"类型": logo.kind, "数据": base64.b64encode(logo.data).decode("ascii"),
            "宽": f"{width:g}", "高": f"{height:g}"}
