"""A finding is one located problem: the unit every check returns."""

from __future__ import annotations

import unicodedata
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
        """One line, whatever the file name, field path and quoted user text contain (see `printable`)."""
        where = f"{printable(self.file)}:{self.line}:{self.col}"
        field = f" {printable(self.path)}:" if self.path else ""
        why = f"（理由：{self.reason}）" if self.reason else ""
        return f"{where}: {self.severity.value} [{self.rule}]{field} {printable(self.message + why)}"

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


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    cp = ord(ch)
    return f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def _unsafe(ch: str) -> bool:
    """Characters that break a line, move the cursor, reorder text or are not characters at all."""
    cp = ord(ch)
    if 0x20 <= cp < 0x7F or 0x3000 <= cp < 0xD800:  # the usual case, ASCII and CJK, decided quickly
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co") or (cp & 0xFFFE) == 0xFFFE or 0xFDD0 <= cp <= 0xFDEF


def printable(text: str) -> str:
    """text with every control, format (bidi), separator and surrogate character written as an escape:
    a value with a line break or an ESC sequence stays on its finding's line and cannot drive the terminal."""
    if text.isprintable():  # False for every character that needs an escape (and for some that do not)
        return text
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in text)


def sort_key(f: Finding) -> tuple:
    return (f.file, f.line, f.col, f.rule, f.message)


def did_you_mean(word: str, choices: list[str], otherwise: str = "；", cutoff: float = 0.5) -> str:
    """“，是否想写“X”？” with the choice closest to word, or `otherwise` (what goes before the list that follows)."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f"，是否想写“{close[0]}”？" if close else otherwise
