"""Write files so that nobody ever sees half of one, and a group of files all together or not at all.

New content goes to a temporary file in the target's folder (a short name of our own, with the writing
process's id in it), is fsynced, and only then renamed over the target. A group (a report's DOCX, PDF and
the build manifest) is committed with a journal beside it: when a rename fails, the files already replaced
are put back; when the run is killed between renames, the next run in that folder puts them back from the
journal. Leftovers are recognised only by our own names and only when their process is gone.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from authoring.errors import UsageError, describe_os_error

_PREFIX = ".authoring-"
_LEFTOVER = re.compile(r"^\.authoring-(\d{1,10})-[0-9a-f]{8}\.(tmp|old|journal)$")
# No run takes this long: whatever is older is a leftover even if its process id was reused.
_STALE_SECONDS = 24 * 3600


class WriteFailed(UsageError):
    """A write failed; what the folder holds afterwards is exactly what `unrestored` says (usually: as before)."""

    def __init__(self, path: Path, error: OSError, unrestored: list[tuple[Path, Path]] | None = None):
        self.path = path
        self.reason = describe_os_error(error)
        # (target, backup): targets left with the new content because putting the old one back failed too;
        # the old content stays in backup and the next run in the folder puts it back.
        self.unrestored = unrestored or []
        super().__init__(f"无法写入 {path}：{self.reason}")


def write_atomic(target: Path, data: bytes) -> None:
    """One file: the old content or the new one, never a mixture."""
    write_together(target.parent, {target.name: data})


def write_together(folder: Path, files: dict[str, bytes]) -> None:
    """Write every name → bytes of `files` into folder, or none of them (raises WriteFailed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(folder, exc) from None
    staged: list[tuple[Path, Path]] = []  # (temporary file, target)
    backups: dict[Path, Path | None] = {}
    journal: Path | None = None
    current = folder
    try:
        for name, data in files.items():
            current = folder / name
            staged.append((_write_temp(folder, data), current))
        if len(staged) > 1:  # one rename is atomic by itself; several need a way back
            for _, target in staged:
                current = target
                backups[target] = _keep_old(folder, target)
            current = folder
            journal = _write_journal(folder, staged, backups)
    except BaseException as exc:
        _discard([tmp for tmp, _ in staged] + [b for b in backups.values() if b] + [journal])
        if isinstance(exc, OSError):
            raise WriteFailed(current, exc) from None
        raise
    replaced: list[Path] = []
    try:
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
            replaced.append(target)
    except BaseException as exc:
        unrestored = _put_back(replaced, backups)
        if not unrestored:  # otherwise the journal and backups stay for the next run to finish the job
            _discard([tmp for tmp, _ in staged] + [b for b in backups.values() if b] + [journal])
        if isinstance(exc, OSError):
            raise WriteFailed(current, exc, unrestored) from None
        raise
    _discard([journal])  # the commit point: from here on the new files stay
    _discard([b for b in backups.values() if b])
    _fsync_dir(folder)


def recover(folder: Path) -> list[str]:
    """Finish what a killed run left in folder: put back a half-replaced group, delete its temporary files.

    Returns what was put back, for the user to read."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    leftovers = [(folder / n, m[2]) for n in names if (m := _LEFTOVER.match(n)) and _gone(int(m[1]), folder / n)]
    notes = [note for path, kind in leftovers if kind == "journal" for note in _roll_back(folder, path)]
    _discard([path for path, _ in leftovers])
    return notes


def _write_temp(folder: Path, data: bytes, kind: str = "tmp") -> Path:
    while True:
        tmp = folder / f"{_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.{kind}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        except FileExistsError:
            continue
        break
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o644)  # a report is meant to be shared, whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _discard([tmp])
        raise
    return tmp


def _keep_old(folder: Path, target: Path) -> Path | None:
    """A second name for what target holds now, so that it can be put back (None: target is new)."""
    if not os.path.lexists(target):
        return None
    backup = folder / f"{_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.old"
    try:
        os.link(target, backup, follow_symlinks=False)
        return backup
    except (OSError, NotImplementedError):  # no hard links on this file system: keep a copy instead
        pass
    if os.path.islink(target):
        os.symlink(os.readlink(target), backup)
        return backup
    return _write_temp(folder, target.read_bytes(), "old")


def _write_journal(folder: Path, staged: list[tuple[Path, Path]], backups: dict[Path, Path | None]) -> Path:
    entries = [{"target": target.name, "temp": tmp.name, "backup": backups[target].name if backups[target] else None}
               for tmp, target in staged]
    journal = _write_temp(folder, json.dumps(entries, ensure_ascii=False).encode("utf-8"), "journal")
    _fsync_dir(folder)
    return journal


def _put_back(replaced: list[Path], backups: dict[Path, Path | None]) -> list[tuple[Path, Path]]:
    unrestored = []
    for target in reversed(replaced):
        backup = backups.get(target)
        try:
            if backup is None:
                os.unlink(target)
            else:
                os.replace(backup, target)
        except OSError:
            if backup is not None:
                unrestored.append((target, backup))
    return unrestored


def _roll_back(folder: Path, journal: Path) -> list[str]:
    try:
        if journal.is_symlink() or not journal.is_file():
            return []
        entries = json.loads(journal.read_text(encoding="utf-8"))
        triples = [(e["target"], e["temp"], e["backup"]) for e in entries]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    restored, failed = [], []
    for target_name, temp_name, backup_name in triples:
        if not (_plain_name(target_name) and _LEFTOVER.match(str(temp_name))
                and (backup_name is None or _LEFTOVER.match(str(backup_name)))):
            continue  # not a journal of ours
        target, temp = folder / target_name, folder / temp_name
        try:
            if backup_name is not None:
                backup = folder / backup_name
                if not os.path.lexists(backup):
                    continue
                if os.path.lexists(target) and os.path.samefile(backup, target):
                    continue  # never replaced: the backup is another name for the same file
                os.replace(backup, target)
                restored.append(target_name)
            elif not os.path.lexists(temp) and os.path.lexists(target):  # a new file that did get renamed
                os.unlink(target)
                restored.append(target_name)
        except OSError as exc:
            failed.append(f"{target_name}（{describe_os_error(exc)}）")
    notes = []
    if restored:
        notes.append(f"上次在 {folder} 中写入时被中断，已恢复原来的文件：{'、'.join(restored)}")
    if failed:
        notes.append(f"上次在 {folder} 中写入时被中断，未能恢复：{'、'.join(failed)}")
    return notes


def _plain_name(name) -> bool:
    return isinstance(name, str) and name not in ("", ".", "..") and Path(name).name == name


def _gone(pid: int, path: Path) -> bool:
    """Is the process that wrote this leftover no longer running?"""
    try:
        if time.time() - path.lstat().st_mtime > _STALE_SECONDS:
            return True
    except OSError:
        return False
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill would end the process: rely on age
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False
    return False


def _discard(paths: list[Path | None]) -> None:
    for path in paths:
        if path is not None:
            try:
                os.unlink(path)
            except OSError:
                pass


def _fsync_dir(folder: Path) -> None:
    """Make the renames themselves durable (POSIX; elsewhere there is nothing to open)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
