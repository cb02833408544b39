"""The build manifest: which questionnaire each report in an output folder came from, and what we wrote.

`build` may replace a report only if it is exactly what the last build of the same questionnaire wrote
(or already has the bytes about to be written); anything else — a report edited by hand, one built from
another questionnaire, a file we never wrote — needs --force. The manifest lives in the output folder,
not in the reports, so the same questionnaire still gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".authoring-manifest.json"
_NOTE = "authoring build 的生成记录：每个报告文件来自哪份问卷、写入时内容的 SHA-256。用于防止覆盖手工修改过的报告，请勿编辑。"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def questionnaire_key(questionnaire: str | Path, folder: Path) -> str:
    """The questionnaire as seen from the output folder, so that moving both together keeps the record valid."""
    source = Path(questionnaire).resolve()
    try:
        return Path(os.path.relpath(source, folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return source.as_posix()


@dataclass
class Manifest:
    folder: Path
    files: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """An unreadable or damaged manifest protects every existing file, as if none were recorded."""
        path = folder / MANIFEST_NAME
        try:
            if not path.is_file() or path.is_symlink():  # never block on a pipe or follow a link out
                return cls(folder, {})
            data = json.loads(path.read_text(encoding="utf-8"))
            files = {name: {"问卷": str(rec["问卷"]), "SHA-256": str(rec["SHA-256"])}
                     for name, rec in data["文件"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            files = {}
        return cls(folder, files)

    def why_not_replace(self, name: str, questionnaire: str, new: bytes) -> str | None:
        """None when the existing file `name` may be replaced by `new`; otherwise why not, in Chinese."""
        path = self.folder / name
        try:
            current = path.read_bytes()
        except OSError:
            return "无法读取，不能确认它是上次生成的"
        if current == new:
            return None
        record = self.files.get(name)
        if record is None:
            return "不是本工具为这份问卷生成的（可能是另存的或旧版本生成的文件）"
        if record["问卷"] != questionnaire:
            return f"是由另一份问卷（{record['问卷']}）生成的"
        if record["SHA-256"] != sha256(current):
            return "在上次生成之后被修改过"
        return None

    def with_written(self, questionnaire: str, written: dict[str, bytes]) -> bytes:
        """The manifest text after `written` (name → bytes) are in place; records of vanished files are dropped."""
        files = {name: rec for name, rec in self.files.items() if (self.folder / name).is_file()}
        for name, data in written.items():
            files[name] = {"问卷": questionnaire, "SHA-256": sha256(data)}
        text = json.dumps({"说明": _NOTE, "文件": dict(sorted(files.items()))}, ensure_ascii=False, indent=1)
        return (text + "\n").encode("utf-8")
