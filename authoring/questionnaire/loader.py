"""Questionnaire file → validated model + source map (every problem at once).

A structural error (Q1) in one top-level part leaves the others usable: the broken
parts are left out of the model and named in `Loaded.broken`, so that the checks
whose inputs are valid still run (pipeline.check_file) and no check reads a part
that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from authoring.errors import FindingsError
from authoring.findings import Finding, Severity
from authoring.questionnaire.characters import check_characters
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.numbers import MAX_DIGITS_IN_TEXT, overlong_numbers, shown
from authoring.questionnaire.validation import clean_loc, pydantic_findings
from authoring.questionnaire.yamlsource import SourceMap, dotted, load_file

# Required keys that other checks can do without: a broken one is replaced by a stand-in,
# and the checks that read it are skipped (see `Loaded.usable`). Without a valid 地区
# there is no profile, so nothing can be checked.
_STAND_INS = {"年度": "2000", "部门全称": "", "部门简称": ""}


@dataclass
class Loaded:
    questionnaire: Questionnaire
    source: SourceMap
    raw: dict
    problems: list[Finding] = field(default_factory=list)  # Y5 findings, Q1 findings of the broken parts
    broken: frozenset[str] = frozenset()  # top-level keys left out of the model

    def usable(self, *keys: str) -> bool:
        """Whether every one of these top-level keys reached the model as typed."""
        return not self.broken.intersection(keys)


def load_questionnaire(path: str | Path) -> Loaded:
    """The whole questionnaire, or FindingsError with every problem when any part is broken."""
    loaded = load_partial(path)
    if any(p.is_error for p in loaded.problems):
        raise FindingsError(loaded.problems)
    return loaded


def load_partial(path: str | Path) -> Loaded:
    """The questionnaire without its broken top-level parts, and the Q1 findings about them.

    Raises FindingsError when nothing can be checked (not a mapping, 地区 broken)."""
    data, source = load_file(path)
    characters = check_characters(source)  # Y5: reported with everything else, never hiding it
    if not isinstance(data, dict):
        raise FindingsError(characters + [Finding(Severity.ERROR, "Q0", source.file, 1, 1, "",
                                                  "问卷应为键值对（“部门全称: …”这样的写法），实际不是")])
    try:
        return Loaded(Questionnaire.model_validate(data), source, data, characters + _overlong_numbers(source, characters))
    except ValidationError as exc:
        problems = characters + pydantic_findings(exc, Questionnaire, source)
        broken = _broken_keys(exc, source)
    problems += _overlong_numbers(source, problems)
    if broken is None or "地区" in broken:
        raise FindingsError(problems)
    kept = {key: value for key, value in data.items() if key not in broken}
    for key in broken & _STAND_INS.keys():
        kept[key] = _STAND_INS[key]
    try:
        q = Questionnaire.model_validate(kept)
    except ValidationError:
        raise FindingsError(problems) from None
    return Loaded(q, source, data, problems, frozenset(broken))


def _overlong_numbers(source: SourceMap, problems: list[Finding]) -> list[Finding]:
    """Q4: a number of more digits than any report figure has (numbers.MAX_DIGITS_IN_TEXT), in any
    value not already refused (Q1): typed by mistake, and the rules that read numbers skip it."""
    refused = {f.path for f in problems}
    out = []
    for path, loc in source.values.items():
        if loc.text is None or path[:1] == ("已核实",) or dotted(path) in refused:
            continue
        for offset, number, digits in overlong_numbers(loc.text):
            line, col = source.text_position(path, offset)
            out.append(Finding(Severity.ERROR, "Q4", source.file, line, col, dotted(path),
                               f"数字“{shown(number)}”有 {digits} 位，报告中的数字最多 {MAX_DIGITS_IN_TEXT} 位，"
                               f"请核对是否误输入"))
            break
    return out


def _broken_keys(exc: ValidationError, source: SourceMap) -> set[str] | None:
    """The top-level keys the errors are under; None when an error concerns the whole."""
    keys = set()
    for err in exc.errors():
        loc = clean_loc(err["loc"], source)
        if not loc:
            return None
        keys.add(str(loc[0]))
    return keys
