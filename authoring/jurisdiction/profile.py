"""Jurisdiction profiles: `templates/<id>/profile.yaml`, with `继承:` (extends).

A profile is data only: outline, indicator tree and scoring rules, grade bands,
wording, fonts and text-check lists. Adding a jurisdiction is adding a folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from authoring.errors import FindingsError, ProfileError, UsageError
from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.validate import validate_profile
from authoring.jurisdiction.wording_check import check_wording
from authoring.findings import Finding, Severity
from authoring.questionnaire.characters import check_characters
from authoring.questionnaire.validation import pydantic_findings
from authoring.questionnaire.yamlsource import Located, SourceMap, load_file

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
TEMPLATES_ENV = "AUTHORING_TEMPLATES"


def chosen_templates_dir() -> Path:
    """Where the jurisdictions are: $AUTHORING_TEMPLATES when set (README), else the shipped templates/."""
    chosen = os.environ.get(TEMPLATES_ENV, "").strip()
    return Path(chosen) if chosen else TEMPLATES_DIR


@dataclass
class LoadedProfile:
    id: str
    profile: Profile
    chain: list[Path]  # own folder first, then parents: the template search path
    origins: dict[tuple, tuple[str, Located]] = field(default_factory=dict)

    @property
    def search_path(self) -> list[Path]:
        return self.chain

    def find_file(self, name: str) -> Path | None:
        for folder in self.chain:
            candidate = folder / name
            if candidate.exists():
                return candidate
        return None


def available(templates_dir: Path | None = None) -> list[str]:
    root = templates_dir or chosen_templates_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "profile.yaml").exists())


def load_profile(profile_id: str, templates_dir: Path | None = None) -> LoadedProfile:
    """The profile with its 继承 chain merged, fully validated; ProfileError (exit 3) lists every problem."""
    root = templates_dir or chosen_templates_dir()
    texts: dict[str, str] = {}
    data, origins, chain = _load_chain(profile_id, root, [], texts)
    wording = check_wording(data, origins, texts)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        found = pydantic_findings(exc, Profile, _merged_map(origins))
        raise ProfileError([_relocate(f, origins) for f in found] + wording) from None
    problems = validate_profile(profile, origins) + wording
    if problems:
        raise ProfileError(problems)
    return LoadedProfile(profile_id, profile, chain, origins)


def _load_chain(profile_id: str, templates_dir: Path, seen: list[str], texts: dict[str, str]):
    folder = templates_dir / profile_id
    file = folder / "profile.yaml"
    if not file.exists():
        names = "、".join(available(templates_dir)) or "（无）"
        raise UsageError(f"没有地区“{profile_id}”（{file} 不存在）。可用的地区：{names}")
    if profile_id in seen:
        cycle = " → ".join(seen + [profile_id])
        raise ProfileError([Finding(Severity.ERROR, "P1", str(file), 1, 1, "继承", f"继承关系成环：{cycle}")])
    try:
        data, source = load_file(file)
    except FindingsError as exc:  # not YAML: a broken profile (exit 3), not a broken questionnaire
        raise ProfileError(exc.findings) from None
    except UsageError as exc:
        raise ProfileError([Finding(Severity.ERROR, "P0", str(file), 1, 1, "", str(exc))]) from None
    if not isinstance(data, dict):
        raise ProfileError([Finding(Severity.ERROR, "P0", str(file), 1, 1, "", "地区配置应为键值对（映射）")])
    unshowable = [f for f in check_characters(source) if f.is_error]
    if unshowable:
        raise ProfileError(unshowable)
    texts[str(file)] = source.buffer
    origins = {path: (str(file), loc) for path, loc in source.values.items()}
    parent = data.get("继承")
    if not parent:
        return data, origins, [folder]
    try:
        pdata, porigins, pchain = _load_chain(parent, templates_dir, seen + [profile_id], texts)
    except UsageError as exc:
        loc = source.where(("继承",))
        raise ProfileError([Finding(Severity.ERROR, "P1", str(file), loc.line, loc.col, "继承", str(exc))]) from None
    merged = _deep_merge(pdata, data)
    porigins.update(origins)
    return merged, porigins, [folder] + pchain


def _deep_merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = _deep_merge(base[key], value) if key in base else value
        return out
    return override


def _merged_map(origins: dict) -> SourceMap:
    sm = SourceMap("")
    sm.values = {path: loc for path, (_, loc) in origins.items()}
    return sm


def _relocate(f: Finding, origins: dict) -> Finding:
    path = _path_of(f.path)
    while path and path not in origins:
        path = path[:-1]
    file, _ = origins.get(path, (f.file, None))
    return Finding(f.severity, f.rule, file, f.line, f.col, f.path, f.message)


def _path_of(dotted_path: str) -> tuple:
    out: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", dotted_path):
        out.append(int(index) - 1 if index else name)
    return tuple(out)
