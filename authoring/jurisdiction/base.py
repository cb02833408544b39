"""The base of every profile model class: frozen, no unknown keys, Chinese aliases."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


def _f(alias: str, description: str, **kw):
    return Field(alias=alias, description=description, **kw)


class P(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
