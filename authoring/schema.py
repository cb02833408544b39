"""JSON Schemas for editors with a YAML language server: the questionnaire's and profile.yaml's."""

from __future__ import annotations

import json
import os
from pathlib import Path

from authoring.data import shipped
from authoring.errors import AuthoringError
from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.profile import available, load_profile
from authoring.questionnaire.model import DATE_FORM, Questionnaire
from authoring.questionnaire.numbers import score as fmt_score

SCHEMA_DIR = shipped("schema")
SCHEMA_FILE = SCHEMA_DIR / "questionnaire.schema.json"
PROFILE_SCHEMA_FILE = SCHEMA_DIR / "profile.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_reference(folder: Path | None) -> str:
    """How a questionnaire written into `folder` names the shipped schema so that a YAML language server
    finds it from there: a relative path (the way inputs/ does), or a file URI when there is none (another
    drive on Windows) or no folder is known."""
    target = SCHEMA_FILE.resolve()
    if folder is None:
        return target.as_uri()
    try:
        return Path(os.path.relpath(target, Path(folder).resolve())).as_posix()
    except ValueError:
        return target.as_uri()


def modeline(reference: str) -> str:
    return f"# yaml-language-server: $schema={reference}"


def schema_dict(profile_id: str | None = None) -> dict:
    """The questionnaire's schema: 地区 lists the jurisdictions found now (on the templates search path);
    with profile_id, 地区 is that one and 绩效指标 suggests its indicators' names and weights."""
    schema = Questionnaire.model_json_schema(by_alias=True)
    schema["$schema"] = DRAFT
    schema["title"] = "部门整体支出绩效自评问卷"
    props = schema["properties"]
    props["报告日期"] = _date_forms(props["报告日期"])
    if profile_id is None:
        props["地区"] = _jurisdictions(props["地区"], available())
    else:
        loaded = load_profile(profile_id)
        schema["title"] += f"（{loaded.profile.name}）"
        props["地区"] = _jurisdictions(props["地区"], [profile_id])
        _suggest_indicators(schema["$defs"]["Indicator"], loaded.profile)
    return schema


def _date_forms(prop: dict) -> dict:
    """报告日期 as the checker reads it (model.DATE_FORM, full-width digits too), not RFC 3339 only."""
    pattern = (DATE_FORM.replace("[0-9]", "[0-9０-９]").replace("[年\\-./]", "[年\\-－./．]")
               .replace("[月\\-./]", "[月\\-－./．]"))
    text = {"type": "string", "pattern": f"^\\s*{pattern}\\s*$",
            "examples": ["2025年3月20日", "2025-03-20"]}
    rest = {k: v for k, v in prop.items() if k != "anyOf"}
    return {**rest, "anyOf": [text, {"type": "null"}]}


def _jurisdictions(prop: dict, ids: list[str]) -> dict:
    """地区 as a choice of the jurisdictions' folder names, each with its name for the editor's hover."""
    choices = []
    for pid in ids:
        try:
            loaded = load_profile(pid)
        except AuthoringError:  # a broken jurisdiction is still one the clerk may mean; check says what is wrong
            choices.append({"const": pid})
            continue
        parent = f"，继承 {loaded.profile.extends}" if loaded.profile.extends else ""
        choices.append({"const": pid, "description": f"{loaded.profile.name}{parent}"})
    rest = {k: v for k, v in prop.items() if k not in ("type", "enum", "oneOf")}
    return {**rest, "type": "string", "oneOf": choices} if choices else prop


def _suggest_indicators(indicator: dict, profile: Profile) -> None:
    """名称 offers the jurisdiction's indicators (only those when its system is fixed); 分值 says the weights."""
    specs = list(_walk(profile.system.indicators))
    props = indicator["properties"]
    name = {k: v for k, v in props["名称"].items() if k != "type"}
    choices = [{"const": spec.name, "description": f"{level}级指标，分值 {fmt_score(spec.weight)}"}
               for spec, level in specs]
    if not profile.system.fixed:
        choices.append({"type": "string", "description": "本地区指标体系没有列出的指标（个性指标）"})
    props["名称"] = {**name, "anyOf": choices, "examples": list(dict.fromkeys(spec.name for spec, _ in specs))}
    for key, level in (("一级指标", "一"), ("二级指标", "二")):  # the flat form names its parents
        if key in props:
            props[key] = {**props[key], "examples": list(dict.fromkeys(s.name for s, at in specs if at == level))}
    weights = "；".join(f"{spec.name} {fmt_score(spec.weight)} 分" for spec, _ in specs)
    props["分值"] = {**props["分值"], "description": f"{props['分值'].get('description', '分值')}。本地区：{weights}"}


def _walk(specs, level: int = 1):
    names = "一二三四五六七八九"
    for spec in specs:
        yield spec, names[min(level, len(names)) - 1]
        yield from _walk(spec.children or [], level + 1)


def profile_schema_dict() -> dict:
    """The schema of one profile.yaml file as written, before 继承 fills in what it leaves out."""
    schema = Profile.model_json_schema(by_alias=True)
    schema["$schema"] = DRAFT
    schema["title"] = "地区规则（templates/<地区>/profile.yaml）"
    schema["description"] = ("地区规则：大纲、指标体系和评分规则、等级、措辞、字体、文字检查。"
                             "写了“继承”时只写与上级不同的部分，所以没有必填的键。说明见 docs/地区配置参考.md")
    schema.pop("required", None)  # every top-level key may be inherited
    # 继承 merges mappings key by key, so a child may write part of a table declaration (only its 注);
    # list items (指标, 大纲, 列) replace the parent's whole and keep their required keys.
    defs = schema.get("$defs", {})
    table = defs.get("TableSpec", {})
    table.pop("required", None)
    # Short forms the model accepts: a column is a field name or {字段: …}; 分组 one name or a list;
    # 合计行 true/false or {等级: …}.
    props = table.get("properties", {})
    if "列" in props:
        props["列"]["items"] = {"anyOf": [{"type": "string"}, props["列"].get("items", {})]}
    if "分组" in props:
        props["分组"] = {**{k: v for k, v in props["分组"].items() if k not in ("type", "items", "anyOf")},
                       "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]}
    if "合计行" in props:
        rest = {k: v for k, v in props["合计行"].items() if k not in ("anyOf", "$ref", "type")}
        props["合计行"] = {**rest, "anyOf": [{"type": "boolean"}, {"type": "null"}, {"$ref": "#/$defs/TotalRowSpec"}]}
    return schema


def _text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_text(profile_id: str | None = None) -> str:
    return _text(schema_dict(profile_id))


def profile_schema_text() -> str:
    return _text(profile_schema_dict())
