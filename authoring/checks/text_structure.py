"""T11: the sections and table columns that the profile's outline promises."""

from __future__ import annotations

from typing import Any

from authoring.checks.text_walk import Context
from authoring.findings import Finding, Severity
from authoring.jurisdiction.placement import outline_nodes
from authoring.questionnaire.yamlsource import PathKey, dotted, finding_at

TEAM_SOURCE = "工作组"  # the row source of a 名单 table (authoring/jurisdiction/tables.py)
TEAM_KEY = "评价工作组"
# Columns a 名单 heading may promise; 签字 is left blank for handwriting.
TEAM_COLUMNS = ("姓名", "工作单位", "职务", "职称", "签字")
_MEMBER_FIELDS = ("姓名", "工作单位", "职务", "职称")


def check_structure(ctx: Context) -> list[Finding]:
    return required_sections(ctx) + team_members(ctx) + heading_columns(ctx)


def required_sections(ctx: Context) -> list[Finding]:
    """T11: a 必填 outline node whose 内容 parts are all empty.

    A key typed but left empty is pointed at; a key not typed at all is pointed at the
    line after the last one of the file, where it can be added."""
    out: list[Finding] = []
    for node in outline_nodes(ctx.profile.outline):
        keys = [content_path(t) for part in node.parts for kind, t in part.items() if kind == "内容"]
        if not node.required or not keys or not all(is_empty(_get(ctx.raw, k)) for k in keys):
            continue
        names = "”或“".join(dotted(k) for k in keys)
        typed = [k for k in keys if k in ctx.loaded.source.keys]
        if typed:
            out.append(finding_at(ctx.loaded.source, typed[0], "T11",
                                  f"缺少必填章节“{node.title}”：大纲要求填写，请在“{names}”中写明内容",
                                  Severity.ERROR, key=True))
            continue
        line = _line_after_last(ctx.loaded.source.buffer)
        out.append(Finding(Severity.ERROR, "T11", ctx.loaded.source.file, line, 1, dotted(keys[0]),
                           f"缺少必填章节“{node.title}”：大纲要求填写，"
                           f"请在问卷中加上“{names}”（如“{dotted(keys[0])}: |”，下一行起写内容）"))
    return out


def _line_after_last(text: str) -> int:
    body = text.rstrip()
    return body.count("\n") + 2 if body else 1


def team_members(ctx: Context) -> list[Finding]:
    """T11: the 名单 table lists a column (职称) that a member left empty."""
    out: list[Finding] = []
    for name, spec in _team_tables(ctx):
        out += _team_members(ctx, _headings_with_table(ctx, name), spec.fields())
    return list(dict.fromkeys(out))


def _team_members(ctx: Context, headings: list[str], columns: list[str]) -> list[Finding]:
    if not headings:
        return []
    out: list[Finding] = []
    members = ctx.raw.get(TEAM_KEY) or []
    for col in (c for c in columns if c in _MEMBER_FIELDS):
        promised = any(col in h for h in headings)
        why = f"（大纲标题写明“{col}”）" if promised else ""
        for i, member in enumerate(members):
            if isinstance(member, dict) and is_empty(member.get(col)):
                who = member.get("姓名") or f"第{i + 1}人"
                out.append(finding_at(ctx.loaded.source, (TEAM_KEY, i), "T11",
                                      f"表格要求列出{col}{why}，但{who}未填写{col}（没有{col}可写“无”）",
                                      Severity.ERROR))
    return out


def heading_columns(ctx: Context) -> list[Finding]:
    """T11: an outline heading promises a column (“签字”“职称”) that the table does not have."""
    out: list[Finding] = []
    for name, spec in _team_tables(ctx):
        columns = spec.fields()
        for heading in _headings_with_table(ctx, name):
            for word in (w for w in TEAM_COLUMNS if w in heading and w not in columns):
                out.append(finding_at(
                    ctx.loaded.source, (TEAM_KEY,), "T11",
                    f"大纲标题“{heading}”写明“{word}”，但表格“{name}”的列只有“{'、'.join(spec.headers())}”："
                    f"请在地区规则“表格.{name}.列”中加上“{word}”",
                    Severity.ERROR, key=True))
    return out


def _team_tables(ctx: Context) -> list[tuple[str, Any]]:
    return [(name, spec) for name, spec in ctx.profile.tables.items() if spec.source == TEAM_SOURCE]


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def _headings_with_table(ctx: Context, table: str) -> list[str]:
    return [n.title for n in outline_nodes(ctx.profile.outline)
            if any(part.get("表格") == table for part in n.parts)]


def content_path(target: str) -> PathKey:
    return ("其他章节", target.split(".", 1)[1]) if target.startswith("其他章节.") else (target,)


def _get(raw: dict, path: PathKey) -> Any:
    value: Any = raw
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value
