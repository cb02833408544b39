"""What the commands print, and how: -q keeps only errors and the closing lines, -v adds detail,
错误 is red and 警告 yellow on a terminal (never when piped or with NO_COLOR; FORCE_COLOR forces it)."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

RED, YELLOW, RESET = "\x1b[31m", "\x1b[33m", "\x1b[0m"

# "file:line:col: 错误 [M1] …" as Finding.format writes it; the severity word is what gets the colour.
_FINDING = re.compile(r":\d+:\d+: (错误|警告) \[")
_PROGRESS = re.compile(r"\s+\S.*…$")  # "  生成 PDF …": what build is doing now, not an outcome
_SEVERITY_COLOUR = {"错误": RED, "警告": YELLOW}


def wants_colour(stream) -> bool:
    """Colour for a terminal only (https://no-color.org; FORCE_COLOR for tests and CI logs)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        terminal = bool(stream.isatty()) and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError, OSError):
        return False
    return terminal and (sys.platform != "win32" or _windows_escapes(stream))


def _windows_escapes(stream) -> bool:
    """Windows 10 and later show colour escapes once the console is told to (ENABLE_VIRTUAL_TERMINAL_PROCESSING)."""
    import ctypes
    import msvcrt

    try:
        handle = msvcrt.get_osfhandle(stream.fileno())
        kernel32 = ctypes.windll.kernel32
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(mode.value & 0x0004 or kernel32.SetConsoleMode(handle, mode.value | 0x0004))
    except (AttributeError, OSError, ValueError):
        return False


def severity_of(line: str) -> str | None:
    """"错误" or "警告" for a finding line or a line that starts with one; None for any other line."""
    match = _FINDING.search(line)
    if match:
        return match.group(1)
    for word in ("错误", "警告"):
        if line.startswith((word + "：", word + ":")):
            return word
    return None


def paint(line: str) -> str:
    """The line with its severity word (错误 red, 警告 yellow) coloured."""
    match = _FINDING.search(line)
    if match:
        word = match.group(1)
        start, end = match.span(1)
        return f"{line[:start]}{_SEVERITY_COLOUR[word]}{word}{RESET}{line[end:]}"
    word = severity_of(line)
    if word:
        return f"{_SEVERITY_COLOUR[word]}{word}{RESET}{line[len(word):]}"
    return line


@dataclass
class Console:
    quiet: bool = False
    verbose: bool = False

    def out(self, text: str = "") -> None:
        self._print(text, sys.stdout)

    def err(self, text: str) -> None:
        self._print(text, sys.stderr)

    def detail(self, text: str) -> None:
        """Printed with -v only (on stderr, so that stdout stays what the command produces)."""
        if self.verbose:
            print(text, file=sys.stderr)

    def _print(self, text: str, stream) -> None:
        if self.quiet and (severity_of(text) == "警告" or (stream is sys.stderr and _PROGRESS.match(text))):
            return
        colour = wants_colour(stream)
        print("\n".join(paint(line) if colour else line for line in text.split("\n")), file=stream)


current = Console()


def use(console: Console) -> Console:
    """Make `console` the one the commands print through (main() does this for every run)."""
    global current
    current = console
    return console
