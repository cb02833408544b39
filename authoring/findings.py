"""A finding is one located problem: the unit every check returns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    rule: str
    file: str
    line: int
    col: int
    path: str
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}: {self.severity.value} [{self.rule}]{field} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def sort_key(f: Finding) -> tuple:
    return (f.file, f.line, f.col, f.rule, f.message)
