"""A finding is one located problem: the unit every check returns."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "错误"
    WARNING = "警告"
    # A finding the clerk has checked and explained under 已核实: shown, but it neither
    # blocks build nor counts as a warning (not even under --strict).
    VERIFIED = "已核实"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    rule: str
    file: str
    line: int
    col: int
    path: str
    message: str
    reason: str | None = None  # the clerk's 理由, on a VERIFIED finding

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        field = f" {self.path}:" if self.path else ""
        why = f"（理由：{self.reason}）" if self.reason else ""
        return f"{where}: {self.severity.value} [{self.rule}]{field} {self.message}{why}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    @property
    def is_verified(self) -> bool:
        return self.severity is Severity.VERIFIED

    def verified(self, reason: str) -> Finding:
        return replace(self, severity=Severity.VERIFIED, reason=reason)


def sort_key(f: Finding) -> tuple:
    return (f.file, f.line, f.col, f.rule, f.message)
