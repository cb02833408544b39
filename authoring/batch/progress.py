"""How far the run is: a rich progress bar on a terminal; plain `[12/30] 文件 …` lines in a pipe, a log or CI."""

from __future__ import annotations

import sys
from typing import Callable, TextIO

from authoring.findings import printable

Say = Callable[[str], None]


class PlainProgress:
    """One line per questionnaire done, on stderr (stdout keeps the results)."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream
        self.done = self.total = 0
        self.phase = ""

    def start(self, phase: str, total: int) -> None:
        self.phase, self.done, self.total = phase, 0, total

    def advance(self, file: str, note: str) -> None:
        self.done += 1
        print(f"[{self.done}/{self.total}] {self.phase} {printable(file)} … {note}", file=self.stream or sys.stderr,
              flush=True)

    def say(self, line: str, err: bool = False) -> None:
        print(line, file=sys.stderr if err else sys.stdout)

    def refresh(self) -> None:
        pass

    def close(self) -> None:
        pass


class BarProgress:
    """A rich bar with the counts, the elapsed time and the questionnaire just finished."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        try:
            self.stdout_on_terminal = sys.stdout.isatty()
        except (AttributeError, ValueError):
            self.stdout_on_terminal = False
        self.bar = Progress(TextColumn("{task.fields[phase]}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TextColumn("{task.description}"), console=self.console,
                            transient=True, redirect_stdout=False, redirect_stderr=False, auto_refresh=False)
        self.task = None

    def start(self, phase: str, total: int) -> None:
        # No refresh thread (auto_refresh=False): the pool forks replacement workers during the run, which is
        # only safe in a process without other threads; it calls refresh() while it waits instead.
        if self.task is None:
            self.bar.start()
        else:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task("", total=total, phase=phase)

    def advance(self, file: str, note: str) -> None:
        self.bar.update(self.task, advance=1, description=f"{printable(file)} {note}")
        self.bar.refresh()

    def refresh(self) -> None:
        if self.task is not None:
            self.bar.refresh()

    def say(self, line: str, err: bool = False) -> None:
        if err or self.stdout_on_terminal:  # above the bar; markup off: a [bracket] in a finding stays as typed
            self.console.print(line, markup=False, highlight=False)
        else:  # the results go to the file stdout was sent to
            print(line, file=sys.stdout)

    def close(self) -> None:
        self.bar.stop()


def progress_for(stream: TextIO) -> PlainProgress | BarProgress:
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return BarProgress() if terminal else PlainProgress()
