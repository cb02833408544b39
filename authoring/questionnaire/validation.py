"""Turn pydantic's errors into located Chinese findings."""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from authoring.findings import Finding, Severity, did_you_mean
from authoring.questionnaire.yamlsource import SourceMap, dotted


def pydantic_findings(exc: ValidationError, root: type[BaseModel], source: SourceMap) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple] = set()
    for err in exc.errors():
        path = clean_loc(err["loc"], source)
        message = _message(err, root, path)
        if message is None:
            continue
        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        on_key = err["type"] == "extra_forbidden"
        loc = source.key_where(path) if on_key else source.where(path)
        out.append(Finding(Severity.ERROR, "Q1", source.file, loc.line, loc.col, dotted(path), message))
    return out


def clean_loc(loc: tuple, source: SourceMap | None = None) -> tuple:
    """The data path of a pydantic error location.

    Union members add their type names to the path ("str", "list[...]", "function-before[...]");
    a part that is a key of the document (source) is the clerk's, however it looks (“指标[1]”)."""
    out: list = []
    for part in loc:
        if source is not None and (*out, part) in source.values:
            out.append(part)
            continue
        if isinstance(part, str) and (part in ("str", "int", "none") or "[" in part or part.startswith("list") or part in {"Subsection"}):
            continue
        out.append(part)
    return tuple(out)


def _message(err: dict, root: type[BaseModel], path: tuple) -> str | None:
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return f"缺少必填项“{path[-1]}”" if path else "缺少必填项"
    if kind == "extra_forbidden":
        allowed = allowed_keys(root, path[:-1])
        suggestion = did_you_mean(str(path[-1]), allowed, otherwise="", cutoff=0.3)
        return f"未知的键“{path[-1]}”{suggestion}可用的键：{'、'.join(allowed)}"
    if kind in ("value_error", "assertion_error"):
        return str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        listed = "、".join(f"“{o}”" for o in options)
        return f"应为 {listed} 之一，实际为{_shape(value)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"应为整数，实际为{_shape(value)}"
    if kind in ("string_type",):
        return f"应为一段文字，实际为{_shape(value)}"
    if kind in ("list_type",):
        return f"应为列表（每项以“- ”开头），实际为{_shape(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"应为键值对（“键: 值”），实际为{_shape(value)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = err.get("ctx", {})
        bound = next(iter(ctx.values()), "")
        word = {"greater_than_equal": "不小于", "less_than_equal": "不大于", "greater_than": "大于", "less_than": "小于"}[kind]
        return f"应{word} {bound}，实际为“{value}”"
    if kind == "bool_parsing":
        return f"应为 true 或 false，实际为“{value}”"
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return f"格式不对：{err['msg']}"
    return f"{err['msg']}（实际为“{value}”）"


def _shape(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, dict):
        return "键值对"
    if isinstance(value, list):
        return "列表"
    return f"“{value}”"


def allowed_keys(root: type[BaseModel], path: tuple) -> list[str]:
    model = model_at(root, path)
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def model_at(root: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    current: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        model = _as_model(current)
        if model is None:
            return None
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        current = field.annotation
    return _as_model(current)


def _as_model(tp: Any) -> type[BaseModel] | None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    for arg in typing.get_args(tp):
        found = _as_model(arg)
        if found is not None:
            return found
    return None
