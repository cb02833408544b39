"""The questionnaire's JSON Schema, for editors with a YAML language server."""

from __future__ import annotations

import json
from pathlib import Path

from authoring.questionnaire.model import Questionnaire

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "questionnaire.schema.json"


def schema_dict() -> dict:
    schema = Questionnaire.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "部门整体支出绩效自评问卷"
    return schema


def schema_text() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2) + "\n"
