"""One department, one questionnaire a year: the same 部门全称 and 年度 in two files of a run is an error in each,
naming the other (a department that submitted twice, or a clerk who copied another's file and forgot the name)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from authoring.findings import Finding, Severity, sort_key
from authoring.pipeline import CheckResult
from authoring.questionnaire.yamlsource import finding_at

RULE = "B1"
FIELD = "部门全称"


@dataclass(frozen=True)
class Submission:
    """Who a questionnaire is from, and where it says so."""

    file: str
    department: str
    year: int
    line: int
    col: int


def submission_of(result: CheckResult) -> Submission | None:
    if result.loaded is None or not result.loaded.usable(FIELD) or not result.loaded.usable("年度"):
        return None
    q = result.loaded.questionnaire
    if not q.department or not q.year:
        return None
    at = finding_at(result.loaded.source, (FIELD,), RULE, "")
    return Submission(result.file, q.department, int(q.year), at.line, at.col)


def _key(s: Submission) -> tuple[str, int]:
    """Full-width letters, spaces and line breaks do not make another department."""
    return "".join(unicodedata.normalize("NFKC", s.department).split()), s.year


def duplicate_findings(submissions: list[Submission]) -> dict[str, Finding]:
    """file → the B1 error for every file whose department and year another file of the run has too."""
    groups: dict[tuple[str, int], list[Submission]] = {}
    for s in submissions:
        groups.setdefault(_key(s), []).append(s)
    out: dict[str, Finding] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        for s in group:
            others = "、".join(o.file for o in group if o is not s)
            out[s.file] = Finding(Severity.ERROR, RULE, s.file, s.line, s.col, FIELD,
                                  f"{others} 也是“{s.department}”{s.year} 年度的问卷：同一部门同一年度只应报送一份；"
                                  "请确认是重复报送（删去其中一份）还是部门全称填错了")
    return out


def mark_duplicates(results: list[CheckResult]) -> None:
    """Add the B1 error to each result whose department and year another result has too."""
    found = duplicate_findings([s for s in map(submission_of, results) if s is not None])
    for result in results:
        if result.file in found:
            result.findings = sorted(result.findings + [found[result.file]], key=sort_key)
