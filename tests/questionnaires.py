"""Questionnaires made from a profile, so that every jurisdiction folder is exercised without a hand-written file.

- minimal: `authoring init`'s blank filled in as little as `check` accepts (header, 必填 sections, scores);
- full: every key `init` offers filled (that is every key the outline prints), every indicator with its
  分析 where the outline prints it, plus a 其他章节 entry the outline does not name.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from authoring.init import blank_questionnaire
from authoring.jurisdiction.placement import placement, required_keys
from authoring.jurisdiction.profile import LoadedProfile, load_profile
from authoring.jurisdiction.scoring import assess, grade_for
from authoring.questionnaire import numbers as fmt
from authoring.questionnaire.model import Questionnaire, content_keys

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
EXTRA_SECTION = "附记"


def profiles_on_disk(templates_dir: Path = TEMPLATES) -> list[str]:
    """Every jurisdiction folder: a profile is found by its file, never listed in a test."""
    return sorted(p.parent.name for p in templates_dir.glob("*/profile.yaml"))


def minimal_questionnaire(pid: str, templates_dir: Path = TEMPLATES) -> str:
    lp = load_profile(pid, templates_dir)
    data = yaml.safe_load(blank_questionnaire(pid, templates_dir))
    data.update(_HEADER)
    for key, group in required_keys(lp.profile).items():
        if key == group[0]:
            _put(data, key, f"{_label(key)}的基本情况。")
    data["绩效指标"] = _indicators(data["绩效指标"], lp, data, analysis=False)
    data.pop("总分", None)
    data.pop("等级", None)
    return dump(_prune(data))


def full_questionnaire(pid: str, templates_dir: Path = TEMPLATES) -> str:
    lp = load_profile(pid, templates_dir)
    data = yaml.safe_load(blank_questionnaire(pid, templates_dir))
    for key in list(data):
        if key in ("地区", "绩效指标", "总分", "等级"):
            continue
        if key == "其他章节":
            data[key] = {name: _content(f"其他章节{name}") for name in data[key] or {}}
        elif key in _FILLERS:
            data[key] = _FILLERS[key]
        elif key in content_keys():
            data[key] = _content(key)
        else:
            raise AssertionError(f"init offers “{key}” but the test does not know how to fill it: add it to _FILLERS")
    data.setdefault("其他章节", {})[EXTRA_SECTION] = f"{EXTRA_SECTION}：本报告经部门党组会议审议通过。"
    data["绩效指标"] = _indicators(data["绩效指标"], lp, data, analysis=True)
    return dump(_prune(data))


# ---- filling ---------------------------------------------------------------------------------------

_HEADER = {"年度": "2023", "部门全称": "某某市某某局", "部门简称": "某某局"}

_FILLERS: dict[str, Any] = {
    **_HEADER,
    "附件序号": "2",
    "报告日期": "2024年3月5日",
    "评价单位": "某某市某某局绩效评价工作组",
    "引言": "根据全面实施预算绩效管理的要求，现将某某局2023年度部门整体支出绩效自评情况报告如下。",
    "收入": {"合计": "200.00", "分项": [
        {"名称": "财政拨款收入", "金额": "180.00", "占比": "90.00%"},
        {"名称": "其他收入", "金额": "20.00", "占比": "10.00%"}]},
    "支出": {
        "基本支出": {"年初预算数": "120.00", "调整预算数": "125.00", "决算数": "124.00",
                     "人员经费": {"年初预算数": "100.00", "调整预算数": "104.00", "决算数": "103.50"},
                     "日常公用经费": {"年初预算数": "20.00", "调整预算数": "21.00", "决算数": "20.50"}},
        "项目支出": {"年初预算数": "80.00", "调整预算数": "75.00", "决算数": "72.00"},
        "合计": {"年初预算数": "200.00", "调整预算数": "200.00", "决算数": "196.00"},
        "预算执行率": "98.00%"},
    "资金执行情况": {"分项": [
        {"名称": "年度资金总额", "年初预算数": "200.00", "全年预算数": "200.00", "全年执行数": "196.00", "执行率": "98.00%"},
        {"名称": "当年财政拨款", "年初预算数": "180.00", "全年预算数": "180.00", "全年执行数": "176.40", "执行率": "98.00%"},
        {"名称": "上年结转资金", "年初预算数": "20.00", "全年预算数": "20.00", "全年执行数": "19.60", "执行率": "98.00%"}]},
    "重点工作": [{"工作任务": "开展专题调研", "完成情况": "已完成。形成调研报告两篇。"},
                 {"工作任务": "组织业务培训", "完成情况": "已完成。培训干部一百余人次。"}],
    "项目自评": [{"项目名称": "业务专项经费", "项目资金": "50.00", "自评得分": "100"},
                 {"项目名称": "信息化运维经费", "项目资金": "22.00", "自评得分": "100"}],
    "评价工作组": [{"姓名": "张三", "工作单位": "某某局", "职务": "科长", "职称": "会计师"},
                   {"姓名": "李四", "工作单位": "某某局", "职务": "副科长", "职称": "无"}],
    "决算单位构成": [{"单位名称": "某某局本级", "单位基本性质": "行政单位", "经费形式": "财政拨款"}],
}


def _label(key: str) -> str:
    return key.replace("其他章节.", "")


def _content(key: str) -> list:
    """A paragraph and a subsection, so that headings and run-in titles are exercised too."""
    label = _label(key)
    return [f"{label}：总体情况良好。", {"标题": f"{label}的主要做法", "内容": f"{label}方面的具体做法和成效。"}]


def _put(data: dict, key: str, value: Any) -> None:
    if key.startswith("其他章节."):
        data.setdefault("其他章节", {})
        data["其他章节"] = {**(data["其他章节"] or {}), _label(key): value}
    else:
        data[key] = value


def _indicators(items: list, lp: LoadedProfile, data: dict, analysis: bool) -> list:
    """The 指标 of init's blank, scored as the profile's rules compute (full weight otherwise)."""
    where = placement(lp.profile)

    def fill(item: dict, level1: str) -> dict:
        out = {k: v for k, v in item.items() if k not in ("得分", "扣分原因", "分析", "下级")}
        if analysis and where.prints_analysis(level1):
            out["分析"] = f"{item['名称']}指标的分析：目标完成，成效明显。"
        if item.get("下级"):
            out["下级"] = [fill(child, level1) for child in item["下级"]]
        else:
            out["得分"] = str(item["分值"])
        return out

    items = [fill(item, item["名称"]) for item in items]
    for _ in range(2):  # a leaf's expected score may depend on others only through the total: twice is enough
        trial = _prune({**data, "绩效指标": items})
        q = Questionnaire.model_validate(trial)
        a = assess(q, lp.profile)
        for leaf in a.leaves():
            node = _at(items, leaf.path[1:])
            if leaf.rule == "完成率" and leaf.expected is None:
                node.update({"计划数": "2", "完成数": "2"})
            elif leaf.expected is None and lp.profile.settings.require_rules:  # every rule needs its inputs
                _rule_inputs(leaf.rule, node, data, where)
            elif leaf.expected is not None and leaf.expected != leaf.weight:
                node["得分"] = fmt.score(leaf.expected)
                node["扣分原因"] = f"{leaf.name}未达到满分线。"
    q = Questionnaire.model_validate(_prune({**data, "绩效指标": items}))
    a = assess(q, lp.profile)
    if a.total is not None:
        data["总分"] = fmt.score(a.total)
        data["等级"] = grade_for(a.total, lp.profile)
    return items


def _rule_inputs(rule: str, node: dict, data: dict, where) -> None:
    """What a rule reads, filled so that the leaf earns its full weight."""
    if rule == "比率":
        node.update({"指标值": "100", "实际值": "100"})
    elif rule == "定性":
        node["评价档次"] = "达成"
    elif rule == "执行率":
        source = next((k for k in ("资金执行情况", "支出") if where.prints(k)), "支出")
        if not data.get(source):  # init writes the key with its lines commented out
            data[source] = _FILLERS[source]


def _at(items: list, path: tuple) -> dict:
    node: Any = items
    for step in path:
        node = node[step]
    return node


def _prune(value: Any) -> Any:
    """Drop what init left blank."""
    if isinstance(value, dict):
        out = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        out = [_prune(v) for v in value]
        return [v for v in out if v not in (None, {}, [])]
    return value


# ---- writing YAML as a clerk would ---------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _decimal(dumper: yaml.SafeDumper, value: Decimal):
    return dumper.represent_scalar("tag:yaml.org,2002:str", fmt.score(value))


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Decimal, _decimal)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
