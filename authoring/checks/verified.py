"""已核实: findings the clerk has checked and explained are shown as such, not as problems.

An entry matches a finding when its 规则 is the finding's rule id and its 字段 is the
field path check printed, or a parent of it: `履职效能分析` covers `履职效能分析[2].内容`,
`支出.合计` covers `支出.合计.决算数`. An entry that matches no finding is a warning
(V1) at the entry: the problem has gone, or the entry is mistyped.
"""

from __future__ import annotations

from authoring.findings import Finding, Severity
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.model import Verified
from authoring.questionnaire.yamlsource import finding_at

STALE = "V1"


def covers(entry: Verified, rule: str, path: str) -> bool:
    """Whether an entry speaks for a finding of this rule at this field path."""
    if entry.rule.strip().upper() != rule.upper():
        return False
    field = entry.path.strip()
    if not field:
        return path == ""
    return path == field or path.startswith((field + ".", field + "["))


def apply_verified(loaded: Loaded, findings: list[Finding]) -> list[Finding]:
    """Findings with the matched ones marked 已核实, plus a V1 warning for each unused entry."""
    entries = loaded.questionnaire.verified or []
    used: set[int] = set()
    out = []
    for f in findings:
        match = next((i for i, e in enumerate(entries) if covers(e, f.rule, f.path)), None)
        if match is None:
            out.append(f)
        else:
            used.add(match)
            out.append(f.verified(entries[match].reason.strip()))
    for i, entry in enumerate(entries):
        if i not in used:
            out.append(finding_at(
                loaded.source, ("已核实", i), STALE,
                f"这条已核实记录（规则 {entry.rule}，字段 {entry.path}）没有对应的问题：问题可能已经改正，"
                f"或规则编号、字段与 check 的输出不一致；请删除或照 check 的输出改正",
                Severity.WARNING))
    return out
