"""What the last batch run built from what, so that a rerun rebuilds only what changed.

Kept in the output folder beside the build manifest: for each questionnaire, the SHA-256 of its bytes,
the version of its profile and templates (a hash of every file in its 继承 chain of template folders),
the tool's version, the formats, and the files it gave. A questionnaire is rebuilt when any of these
changed, or when one of its files is gone or no longer has the bytes the build manifest recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from authoring import __version__
from authoring.manifest import Manifest, questionnaire_key, sha256

STATE_NAME = ".authoring-batch.json"
_NOTE = "authoring batch 的记录：每份问卷的内容和模板版本、生成的文件。用于只重新生成改动过的问卷，请勿编辑。"
MAX_TEMPLATE_FILES = 1000  # a template folder is a few files; a mistaken folder must not be hashed for ever


def templates_version(chain: tuple[str, ...]) -> str:
    """One hash of every file in the profile's template folders (profile.yaml, report.docx, the HTML, CSS, fonts)."""
    digest = hashlib.sha256(__version__.encode())
    for folder in chain:
        base = Path(folder)
        files = sorted(p for p in base.rglob("*") if p.is_file() and not p.is_symlink())[:MAX_TEMPLATE_FILES]
        for path in files:
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"?")
    return digest.hexdigest()


@dataclass(frozen=True)
class Source:
    """What a questionnaire's files were built from."""

    sha: str
    templates: str
    formats: tuple[str, ...]

    def record(self, files: list[str]) -> dict:
        return {"SHA-256": self.sha, "模板": self.templates, "格式": list(self.formats), "文件": sorted(files)}


class BatchState:
    def __init__(self, folder: Path, records: dict[str, dict]):
        self.folder = folder
        self.records = records

    @classmethod
    def read(cls, folder: Path) -> BatchState:
        path = folder / STATE_NAME
        try:
            if not path.is_file() or path.is_symlink():
                return cls(folder, {})
            data = json.loads(path.read_text(encoding="utf-8"))
            records = {str(k): {"SHA-256": str(v["SHA-256"]), "模板": str(v["模板"]),
                                "格式": [str(f) for f in v["格式"]], "文件": [str(f) for f in v["文件"]]}
                       for k, v in data["问卷"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            records = {}  # damaged: everything is rebuilt
        return cls(folder, records)

    def up_to_date(self, questionnaire: str, source: Source, manifest: Manifest) -> list[str] | None:
        """The files of questionnaire when they are exactly what it and its templates give now; else None."""
        record = self.records.get(questionnaire_key(questionnaire, self.folder))
        if record is None or record != source.record(record["文件"]) or not record["文件"]:
            return None
        for name in record["文件"]:
            kept = manifest.files.get(name)
            path = self.folder / name
            if kept is None or kept["问卷"] != questionnaire_key(questionnaire, self.folder):
                return None
            try:
                if os.path.islink(path) or sha256(path.read_bytes()) != kept["SHA-256"]:
                    return None
            except OSError:
                return None
        return list(record["文件"])

    def with_built(self, questionnaire: str, source: Source, files: list[str]) -> bytes:
        """The state file's text once questionnaire's `files` are written (see `remember`)."""
        records = {**self.records, questionnaire_key(questionnaire, self.folder): source.record(files)}
        text = json.dumps({"说明": _NOTE, "问卷": dict(sorted(records.items()))}, ensure_ascii=False, indent=1)
        return (text + "\n").encode("utf-8")

    def remember(self, questionnaire: str, source: Source, files: list[str]) -> None:
        """After the files and the state file were written together."""
        self.records[questionnaire_key(questionnaire, self.folder)] = source.record(files)
