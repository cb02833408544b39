"""The last line of a run over several questionnaires: how many passed, failed, could not be read, were written."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

PASSED = "通过"
ERRORS = "有错误"
UNREADABLE = "无法读取"
BROKEN = "地区规则或模板有错误"
FAILED = "未能生成"
# The order the kinds are listed in; 通过 is always said, the others only when there are some.
KINDS = (PASSED, ERRORS, UNREADABLE, BROKEN, FAILED)


def kind_of(exit_code: int) -> str:
    """What a questionnaire's own exit code says about it (cli.py lists the codes)."""
    return {0: PASSED, 1: ERRORS, 2: UNREADABLE, 3: BROKEN}.get(exit_code, FAILED)


@dataclass
class Tally:
    kinds: Counter = field(default_factory=Counter)
    written: int | None = None  # files written; None for a run that writes nothing (check)
    unchanged: int = 0  # questionnaires whose reports were already up to date (batch)

    def add(self, kind: str) -> None:
        self.kinds[kind] += 1

    def line(self) -> str:
        total = sum(self.kinds.values())
        parts = [f"{self.kinds[k]} 份{k}" for k in KINDS if k == PASSED or self.kinds[k]]
        text = f"{total} 份问卷：" + "，".join(parts)
        if self.written is not None:
            text += f"；生成 {self.written} 个文件"
            if self.unchanged:
                text += f"（{self.unchanged} 份问卷未改动，原有文件保留，未重新生成）"
        return text
