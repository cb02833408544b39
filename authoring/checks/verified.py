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
    return VerifiedIndex([entry]).match(rule, path) is not None


class VerifiedIndex:
    """The entries by (rule, field): a finding is matched by looking up its path and each parent of
    it, so that many findings and many entries cost their sum, not their product."""

    def __init__(self, entries: list[Verified]):
        self._first: dict[tuple[str, str], int] = {}
        for i, e in enumerate(entries):
            self._first.setdefault((e.rule.strip().upper(), e.path.strip()), i)

    def match(self, rule: str, path: str) -> int | None:
        """The index of the first entry that covers a finding of this rule at this path, or None."""
        rule = rule.upper()
        found = [self._first.get((rule, p)) for p in _covering_fields(path)]
        return min((i for i in found if i is not None), default=None)


def _covering_fields(path: str) -> list[str]:
    """The path and every parent of it (履职效能分析[2].内容 → 履职效能分析, 履职效能分析[2], itself)."""
    if not path:
        return [""]
    return [path[:k] for k, ch in enumerate(path) if ch in ".[" and k] + [path]


def apply_verified(loaded: Loaded, findings: list[Finding]) -> list[Finding]:
    """Findings with the matched ones marked 已核实, plus a V1 warning for each unused entry."""
    entries = loaded.questionnaire.verified or []
    index = VerifiedIndex(entries)
    used: set[int] = set()
    out = []
    for f in findings:
        match = index.match(f.rule, f.path)
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
