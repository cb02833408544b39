"""JSON Schemas for editors with a YAML language server: the questionnaire's and profile.yaml's."""

from __future__ import annotations

import json

from authoring.data import shipped
from authoring.jurisdiction.model import Profile
from authoring.questionnaire.model import Questionnaire

SCHEMA_DIR = shipped("schema")
SCHEMA_FILE = SCHEMA_DIR / "questionnaire.schema.json"
PROFILE_SCHEMA_FILE = SCHEMA_DIR / "profile.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_dict() -> dict:
    schema = Questionnaire.model_json_schema(by_alias=True)
    schema["$schema"] = DRAFT
    schema["title"] = "部门整体支出绩效自评问卷"
    return schema


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


def schema_text() -> str:
    return _text(schema_dict())


def profile_schema_text() -> str:
    return _text(profile_schema_dict())
