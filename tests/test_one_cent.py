"""One cent (issue 8, item 4): every stated figure of every example, moved by +0.01 and by −0.01.

A figure is a value of a typed numeric key of the questionnaire (an amount, rate, share, score,
weight or count: the keys read by numbers.parse_amount, parse_percent, parse_score, parse_count). Each mutation, one at a time on the YAML
text, must give an error, or, where the figure only enters a total of amounts (or scores) that were
rounded one by one, a warning naming the rounding tail (尾差); the finding stands on the mutated
figure or on a figure it must agree with.

The one documented exception: a project's 自评得分 is bound by nothing but its range (0–100, S2)
and its 评价等级, so 99.99 for 100 is a valid score; 100.01 is an error.
"""

from __future__ import annotations

import re
import typing
from decimal import Decimal

import pytest
from pydantic import BaseModel, BeforeValidator

from authoring.pipeline import check_file
from authoring.questionnaire.numbers import parse_amount, parse_count, parse_percent, parse_score
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.yamlsource import dotted, load_file
from conftest import ROOT

EXAMPLES = sorted(p.stem for p in (ROOT / "inputs").glob("*.yaml"))
CENT = Decimal("0.01")
_NUMBER = re.compile(r"^([+-]?)([0-9][0-9,]*)(\.[0-9]+)?(%|万元)?$")


def _figure_keys(model: type[BaseModel], seen: set | None = None) -> set[str]:
    """The keys whose values are typed figures, in every model of the questionnaire."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    keys = set()
    for name, f in model.model_fields.items():
        if _PARSERS & _validators(f.metadata, f.annotation):
            keys.add(f.alias or name)
        for inner in _models(f.annotation):
            keys |= _figure_keys(inner, seen)
    return keys


_PARSERS = {parse_amount, parse_count, parse_percent, parse_score}


def _validators(metadata: list, annotation) -> set:
    """The before-validators of a field, also inside Optional[Annotated[…]]."""
    found = {m.func for m in metadata if isinstance(m, BeforeValidator)}
    for arg in typing.get_args(annotation):
        found |= _validators(list(getattr(arg, "__metadata__", ())), arg)
    return found


def _models(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


FIGURE_KEYS = _figure_keys(Questionnaire)
FREE = {"自评得分"}  # 项目自评: range and grade only


def test_the_figure_keys_are_those_of_the_model():
    assert {"合计", "金额", "占比", "本年收入合计", "上年数", "年初预算数", "调整预算数", "决算数", "全年预算数", "全年执行数",
            "执行率", "预算执行率", "分值", "得分", "总分", "计划数", "完成数", "完成率", "项目资金", "自评得分"} <= FIGURE_KEYS
    assert not {"指标值", "实际值", "名称", "年度"} & FIGURE_KEYS


def _moved(text: str, delta: Decimal) -> str:
    sign, whole, frac, unit = _NUMBER.match(text).groups()
    value = Decimal(sign + whole.replace(",", "") + (frac or "")) + delta
    places = max(2, len(frac) - 1 if frac else 0)
    return (f"{value:,.{places}f}" if "," in whole else f"{value:.{places}f}") + (unit or "")


def _figures(path):
    _, source = load_file(path)
    for key, loc in sorted(source.values.items(), key=lambda kv: kv[1].pointer):
        text = (loc.text or "").strip()
        if key and key[-1] in FIGURE_KEYS and _NUMBER.match(text) and source.buffer.startswith(text, loc.pointer):
            yield key, loc, text


_SUM = re.compile(r"应为 (.+?) = [0-9.]+ 万元")


def _honest_tail(finding) -> bool:
    """A warning naming 尾差 over a sum that can have one: two or more non-zero rounded amounts
    (M1, M3–M5, M12), or a 总分 rounded under the profile's places (S3)."""
    if "尾差" not in finding.message:
        return False
    if finding.rule == "S3":
        return True
    m = _SUM.search(finding.message)
    amounts = [Decimal(term.rsplit(" ", 1)[1]) for term in m.group(1).split(" + ")] if m else []
    return sum(1 for a in amounts if a) >= 2


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_figure_one_cent_off_is_an_error_or_a_named_rounding_tail(name, tmp_path):
    original = ROOT / "inputs" / f"{name}.yaml"
    _, source = load_file(original)
    figures = list(_figures(original))
    assert figures
    figure_lines = {loc.line for _, loc, _ in figures}
    target = tmp_path / original.name
    missed = []
    for key, loc, text in figures:
        for delta in (CENT, -CENT):
            moved = _moved(text, delta)
            target.write_text(source.buffer[:loc.pointer] + moved + source.buffer[loc.pointer + len(text):], encoding="utf-8")
            result = check_file(target)
            errors = [f for f in result.errors if f.line in figure_lines | {loc.line}]
            tails = [f for f in result.warnings if _honest_tail(f) and f.line in figure_lines | {loc.line}]
            if key[-1] in FREE and Decimal(moved.rstrip("%")) <= 100:
                continue
            if not errors and not tails:
                missed.append(f"line {loc.line} {dotted(key)}: {text} → {moved}: "
                              + ("; ".join(f.format() for f in result.findings) or "no finding"))
            elif not errors and result.errors:
                missed.append(f"line {loc.line} {dotted(key)}: {text} → {moved}: an error elsewhere only")
    assert missed == []
