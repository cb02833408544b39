"""Rewrite the generated parts of docs/地区配置参考.md from the profile model.

    .venv/bin/python scripts/profile_reference.py           # rewrite the parts between the markers
    .venv/bin/python scripts/profile_reference.py --check   # exit 1 if the document is stale

The key list comes from the profile's JSON Schema (itself generated from the pydantic model
authoring/jurisdiction/model.py), the rule list from model.RULES, the 措辞 variables from the
catalogue authoring/jurisdiction/wording_vars.py. Everything else in the document is prose.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Iterator, Mapping

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from authoring.jurisdiction.model import RULES  # noqa: E402
from authoring.jurisdiction.wording_vars import (  # noqa: E402
    SCORE_SENTENCE, SCORE_SENTENCE_VARIABLES, WORDING_VARIABLES, Var,
)
from authoring.schema import profile_schema_dict  # noqa: E402

DOC = ROOT / "docs" / "地区配置参考.md"
MARKER = re.compile(r"(<!-- 生成开始：(?P<name>\S+?) -->\n)(?P<body>.*?)(<!-- 生成结束：(?P=name) -->)", re.S)


# ------------------------------------------------------------------------ keys


def _resolve(node: dict, defs: dict) -> tuple[dict, bool, str]:
    """The schema behind $ref and `X | None`; whether the key may be left empty; the model's name."""
    optional, name = False, ""
    while True:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            node = defs[name]
        elif "anyOf" in node and any(n.get("type") == "null" for n in node["anyOf"]):
            optional = True
            rest = [n for n in node["anyOf"] if n.get("type") != "null"]
            node = {**{k: v for k, v in node.items() if k != "anyOf"}, **rest[0]} if len(rest) == 1 else {"anyOf": rest}
        elif "anyOf" in node and sum("$ref" in n for n in node["anyOf"]) == 1:
            # a short form (a field name, true) or the full mapping: document the mapping's keys
            full = next(n for n in node["anyOf"] if "$ref" in n)
            node = {**{k: v for k, v in node.items() if k != "anyOf"}, **full}
        else:
            return node, optional, name


def _kind(node: dict, defs: dict) -> str:
    if "enum" in node:
        return "其中之一：" + "、".join(str(v) for v in node["enum"])
    if "const" in node:
        return f"只能写 {node['const']}"
    kind = node.get("type")
    if kind == ["number", "string"]:
        return "数字，如 90"
    if kind == "string":
        return "百分数，如 95%" if "pattern" in node and "%" in node["pattern"] else "文字"
    if kind == "boolean":
        return "true 或 false"
    if kind == "integer":
        return "整数"
    if kind == "array":
        items = _resolve(node["items"], defs)[0]
        if items.get("maxProperties") == 1:
            return "列表，每项写一个“种类: 名称”"
        return "列表，每项为键值对" if items.get("type") == "object" else "文字的列表"
    if kind == "object":
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            value = _resolve(extra, defs)[0]
            return "键值对（名称: 文字）" if value.get("type") == "string" else "键值对（名称: 下面各键）"
        return "键值对（下面各键）"
    return "文字"


def _merge(node: dict, path: str) -> str:
    if "[]" in path:
        return "随所在列表"
    kind = node.get("type")
    if kind == "object":
        return "逐键合并"
    if kind == "array":
        return "整体替换"
    return "替换"


def _default(prop: dict) -> str:
    if "default" not in prop:
        return ""
    value = prop["default"]
    if value is None:
        return "（不写）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == [] or value == {}:
        return "（空）"
    return str(value)


def key_rows(schema: dict) -> Iterator[tuple[str, str, str, str, str]]:
    """(path, kind, default, merge, description) for every key, depth first."""
    defs = schema.get("$defs", {})

    def walk(node: dict, prefix: str, models: tuple[str, ...]) -> Iterator[tuple[str, str, str, str, str]]:
        for key, prop in node.get("properties", {}).items():
            path = prefix + key
            target, optional, _ = _resolve(prop, defs)
            description = (prop.get("description") or target.get("description") or "").replace("|", "／")
            if optional:
                description += "（可不写）"
            inner, name = target, ""
            if target.get("type") == "array":
                inner, _, name = _resolve(target["items"], defs)
                path_in = path + "[]."
            elif target.get("type") == "object" and isinstance(target.get("additionalProperties"), dict):
                inner, _, name = _resolve(target["additionalProperties"], defs)
                path_in = path + ".<名称>."
            else:
                name = _resolve(prop, defs)[2]
                path_in = path + "."
            if name and name in models:  # a tree (下级): same keys as the level above
                description += "；每项的写法与上一级相同"
                yield path, _kind(target, defs), _default(prop), _merge(target, path), description
                continue
            yield path, _kind(target, defs), _default(prop), _merge(target, path), description
            if "properties" in inner:
                yield from walk(inner, path_in, models + ((name,) if name else ()))

    yield from walk(schema, "", ())


def keys_table() -> str:
    lines = ["| 键 | 写法 | 默认 | 继承时 | 说明 |", "|---|---|---|---|---|"]
    for path, kind, default, merge, description in key_rows(profile_schema_dict()):
        shown = f"`{default}`" if default and not default.startswith("（") else default
        lines.append(f"| `{path}` | {kind} | {shown} | {merge} | {description} |")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------- rules, variables


def rules_table() -> str:
    lines = ["| 规则 | 计算 |", "|---|---|"]
    lines += [f"| [{name}](#规则{name}) | {formula} |" for name, formula in RULES.items()]
    return "\n".join(lines) + "\n"


def _variable_rows(variables: Mapping[str, Var], prefix: str = "") -> Iterator[tuple[str, str, str]]:
    for name, var in variables.items():
        yield prefix + name, var.kind, var.description
        yield from _variable_rows(var.fields, f"{prefix}{name}.")
        if var.items is not None:
            yield from _variable_rows(var.items, f"{prefix}{name}[].")


def _shown(name: str) -> str:
    """收入.分项[].名称 is written x.名称 inside {% for x in 收入.分项 %}."""
    if "[]." not in name:
        return f"`{name}`"
    listed, field = name.rsplit("[].", 1)
    return f"`x.{field}`（在 `{{% for x in {listed} %}}` 里）"


def variables_table() -> str:
    lines = ["| 变量 | 种类 | 说明 |", "|---|---|---|"]
    lines += [f"| {_shown(n)} | {k} | {d} |" for n, k, d in _variable_rows(WORDING_VARIABLES)]
    lines += ["", f"`措辞.{SCORE_SENTENCE}` 只能用下面三个变量（每个末级指标写一次）：", "",
              "| 变量 | 种类 | 说明 |", "|---|---|---|"]
    lines += [f"| {_shown(n)} | {k} | {d} |" for n, k, d in _variable_rows(SCORE_SENTENCE_VARIABLES)]
    return "\n".join(lines) + "\n"


PARTS = {"键": keys_table, "评分规则": rules_table, "措辞变量": variables_table}


def render(text: str) -> str:
    def replace(m: re.Match) -> str:
        make = PARTS.get(m.group("name"))
        if make is None:
            raise SystemExit(f"{DOC}: 未知的生成部分“{m.group('name')}”")
        return m.group(1) + make() + m.group(4)

    return MARKER.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="重新生成 docs/地区配置参考.md 中由程序生成的部分")
    ap.add_argument("--check", action="store_true", help="只检查文档是否与代码一致")
    args = ap.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in PARTS if f"<!-- 生成开始：{name} -->" not in text]
    if missing:
        print(f"{DOC}: 缺少生成部分的标记：{'、'.join(missing)}", file=sys.stderr)
        return 1
    fresh = render(text)
    if args.check:
        if fresh != text:
            print(f"{DOC} 与代码不一致，请运行 scripts/profile_reference.py", file=sys.stderr)
            return 1
        print(f"{DOC}: 与代码一致")
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    print(f"已写入 {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
