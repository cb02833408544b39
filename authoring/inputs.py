"""The questionnaires a command was given: files, folders and glob patterns.

Patterns are expanded here because the Windows shell passes `*.yaml` as typed. A folder gives the
`*.yaml`/`*.yml` files directly inside it (not its sub-folders: a bureau keeps returned or old versions in
sub-folders), sorted by name so that every run goes in the same order. A path that does not exist is kept:
reading it says so, located, and the run goes on with the others.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
MAX_FILES = 100_000  # a pattern like /**/* on a whole disk is a mistake, not a bureau's folder


@dataclass
class Inputs:
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # usage messages, one line each, in Chinese


def expand(typed: list[str]) -> Inputs:
    """Every questionnaire named by `typed`, in order (a file named twice stays twice: the caller says so)."""
    found = Inputs()
    add = found.files.append

    for arg in typed:
        if os.path.isdir(arg):
            inside = _questionnaires_in(arg)
            if not inside:
                found.problems.append(f"{arg}: 文件夹中没有 .yaml 或 .yml 文件（子文件夹不查找）")
            for path in inside:
                add(path)
        elif os.path.lexists(arg) or not glob.has_magic(arg):
            add(arg)  # a missing file: reading it gives the located message
        else:
            matches = [m for m in sorted(glob.iglob(arg, recursive=True)) if os.path.isfile(m)][:MAX_FILES]
            if not matches:
                found.problems.append(f"{arg}: 没有与这个通配符匹配的文件")
            for path in matches:
                add(path)
    return found


def _questionnaires_in(folder: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, n) for n in names[:MAX_FILES]
            if n.lower().endswith(SUFFIXES) and not n.startswith(".") and os.path.isfile(os.path.join(folder, n))]


def identity(path: str) -> str:
    """One string for one file, however it is named (./a.yaml, a.yaml, a link to it)."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return path


def unique(files: list[str], say, done: str) -> list[str]:
    """files, each once; a repeat is said (`done`: what is done only once, e.g. “只生成一次”)."""
    seen: dict[str, str] = {}
    out = []
    for file in files:
        key = identity(file)
        if key in seen:
            first = seen[key]
            say(f"{file}: 重复列出，{done}" if first == file else f"{file}: 与 {first} 是同一份问卷，{done}")
            continue
        seen[key] = file
        out.append(file)
    return out
