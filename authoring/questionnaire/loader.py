"""Questionnaire file → validated model + source map (every problem at once)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from authoring.errors import FindingsError
from authoring.findings import Finding, Severity
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.validation import pydantic_findings
from authoring.questionnaire.yamlsource import SourceMap, load_file


@dataclass
class Loaded:
    questionnaire: Questionnaire
    source: SourceMap
    raw: dict


def load_questionnaire(path: str | Path) -> Loaded:
    data, source = load_file(path)
    if not isinstance(data, dict):
        raise FindingsError([Finding(Severity.ERROR, "Q0", source.file, 1, 1, "",
                                     "问卷应为键值对（“部门全称: …”这样的写法），实际不是")])
    try:
        q = Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise FindingsError(pydantic_findings(exc, Questionnaire, source)) from None
    return Loaded(q, source, data)
