"""示例说明 and 示意: what in an example questionnaire is not the department's own report.

A 示意 entry names questionnaire fields the way `check` prints them (`绩效指标`,
`评价工作组.职称`, `绩效指标[2].得分`); a name without an index stands for that key
in every item of a list. The report prints the entry's 说明 after each table, sentence
or section that prints one of its fields (authoring/report/illustrative.py).
"""

from __future__ import annotations

import re
from typing import Any

from authoring.questionnaire.model import Illustrative, Questionnaire

EXAMPLE_KEY = "示例说明"
MARKS_KEY = "示意"

_STEP = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def mark_paths(entry: Illustrative) -> list[str]:
    """The entry's field paths, stripped, as typed."""
    paths = [entry.paths] if isinstance(entry.paths, str) else list(entry.paths)
    return [p.strip() for p in paths if p.strip()]


def is_example(q: Questionnaire) -> bool:
    """The report is marked as an example: a 示例说明, or anything marked 示意."""
    return bool((q.example or "").strip()) or any(mark_paths(e) for e in q.illustrative or [])


def marked_fields(q: Questionnaire) -> list[str]:
    """Every field path marked 示意, in the order typed, each once."""
    return list(dict.fromkeys(p for e in q.illustrative or [] for p in mark_paths(e)))


def parse_path(path: str) -> tuple[Any, ...] | None:
    """`评价工作组[1].职称` → ("评价工作组", 0, "职称"); None when it is not a field path."""
    steps: list[Any] = []
    pos = 0
    for m in _STEP.finditer(path):
        if m.start() != pos and path[pos:m.start()] != ".":
            return None
        steps.append(int(m.group(1)) - 1 if m.group(1) else m.group(2).strip())
        pos = m.end()
    if pos != len(path) or not steps or not isinstance(steps[0], str) or any(s == -1 or s == "" for s in steps):
        return None
    return tuple(steps)


def filled_values(raw: Any, steps: tuple[Any, ...]) -> list[Any]:
    """The non-empty values the path reaches in the questionnaire as typed (a key applies to every list item)."""
    values = [raw]
    for step in steps:
        reached: list[Any] = []
        for value in values:
            if isinstance(step, int):
                if isinstance(value, list) and step < len(value):
                    reached.append(value[step])
            elif isinstance(value, dict):
                if step in value:
                    reached.append(value[step])
            elif isinstance(value, list):
                reached += [item[step] for item in value if isinstance(item, dict) and step in item]
        values = reached
    return [v for v in values if not _empty(v)]


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return False


def covers(mark: str, key: str) -> bool:
    """Whether a mark on field path `mark` concerns what a report part prints from `key`.

    `评价工作组.职称` concerns the 评价工作组 table; a mark on `其他章节` concerns `其他章节.组织建设`."""
    return (mark == key or mark.startswith((key + ".", key + "["))
            or key.startswith((mark + ".", mark + "[")))
