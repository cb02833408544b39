"""The questionnaires a server may show: named by the folder listing, never by a path from the request."""

from __future__ import annotations

import os
from pathlib import Path

from authoring.errors import UsageError

SUFFIXES = (".yaml", ".yml")


class Folder:
    """One questionnaire (`single`) or every questionnaire directly in a folder.

    A name is served only if it is in `names()`: a regular file of the folder (not hidden, not a temporary
    file of ours) whose real path, symbolic links resolved, is inside the folder. `..`, `%2e%2e`, absolute
    paths and links out of the folder are simply not in the listing."""

    def __init__(self, typed: str):
        path = Path(typed)
        if not path.exists():
            raise UsageError(f"{typed} 不存在；请写出问卷文件或存放问卷的文件夹")
        if path.is_dir():
            self.root, self.single = path, None
        elif path.is_file():
            self.root, self.single = path.parent, path.name
        else:
            raise UsageError(f"{typed} 不是普通文件或文件夹（是设备或管道），不能预览")
        self.real_root = Path(os.path.realpath(self.root))

    @property
    def is_folder(self) -> bool:
        return self.single is None

    def names(self) -> list[str]:
        """The questionnaires, sorted by name."""
        if self.single is not None:
            return [self.single]  # named on the command line: served even while it is deleted or unreadable
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return []
        return sorted(e.name for e in entries if self._serves(e.name))

    def _serves(self, name: str) -> bool:
        if name.startswith(".") or not name.lower().endswith(SUFFIXES):
            return False
        real = Path(os.path.realpath(self.root / name))
        return real.parent == self.real_root and real.is_file()

    def path_of(self, name: str) -> Path | None:
        """The file of a listed name; None for anything else (the caller answers 404)."""
        if name in self.names():
            return self.root / name
        return None

    def name_of_changed(self, changed: str) -> str | None:
        """The questionnaire a changed path (from the file watcher) is, if any."""
        path = Path(changed)
        if Path(os.path.realpath(path.parent)) != self.real_root:
            return None
        if self.single is not None:
            return path.name if path.name == self.single else None
        return path.name if path.name.lower().endswith(SUFFIXES) and not path.name.startswith(".") else None
