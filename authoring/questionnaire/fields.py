"""The building blocks of the questionnaire model: typed numbers, narrative content, field helper."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from authoring.questionnaire.numbers import parse_amount, parse_count, parse_integer, parse_percent, parse_score

Amount = Annotated[Decimal, BeforeValidator(parse_amount), Field(json_schema_extra={"type": ["string", "number"]})]
Score = Annotated[Decimal, BeforeValidator(parse_score), Field(json_schema_extra={"type": ["string", "number"]})]
Percent = Annotated[Decimal, BeforeValidator(parse_percent), Field(json_schema_extra={"type": "string", "pattern": "%$"})]
Count = Annotated[int, BeforeValidator(parse_count), Field(json_schema_extra={"type": ["string", "integer"]})]
Integer = Annotated[int, BeforeValidator(parse_integer), Field(json_schema_extra={"type": ["string", "integer"]})]
# 1, 2, 3 …: the bound sits before the validator, or the schema cannot show it inside an Optional
Ordinal = Annotated[int, Field(ge=1), BeforeValidator(parse_integer), Field(json_schema_extra={"type": ["string", "integer"]})]


# A value kept as typed ("≥90%", "11项", "98.01"); editors may see a bare number there.
MeasureText = Annotated[str, Field(json_schema_extra={"type": ["string", "number"]})]


def field(alias: str, description: str, **kw):
    return Field(alias=alias, description=description, title=alias, **kw)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Subsection(Model):
    """一个小节：工具自动编号（1. →（1）），不要在标题里自己写编号。"""

    title: str = field("标题", "小节标题，不写编号（编号由工具生成）")
    body: Content = field("内容", "小节正文：一段文字（每行一段），或下一级小节的列表", default=None)


Content = Union[str, list[Union[str, Subsection]], None]
Subsection.model_rebuild()
