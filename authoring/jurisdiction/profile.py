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

from authoring.data import shipped
from authoring.errors import FindingsError, ProfileError, UsageError
from authoring.files import PROFILE_LIMIT
from authoring.jurisdiction.cover_logo import Logo, LogoProblem, load_logo
from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.validate import validate_profile
from authoring.jurisdiction.wording_check import check_wording
from authoring.findings import Finding, Severity
from authoring.questionnaire.characters import check_characters
from authoring.questionnaire.validation import pydantic_findings
from authoring.questionnaire.yamlsource import Located, SourceMap, dotted, load_file

TEMPLATES_DIR = shipped("templates")
TEMPLATES_ENV = "AUTHORING_TEMPLATES"  # folders searched before the shipped one, separated by os.pathsep
MAX_INHERITANCE = 16  # levels of 继承: a province, a city, a district … never hundreds

# A jurisdiction's name (地区, 继承) is a folder name, never a path: letters, digits, Chinese
# characters, "-" and "_" (README, docs/地区配置参考.md), so that it cannot leave the templates folder.
_NAME = re.compile(r"[A-Za-z0-9_\u3400-\u9fff\uf900-\ufaff][A-Za-z0-9_\-\u3400-\u9fff\uf900-\ufaff]{0,63}")
NAME_RULE = "只能由字母、数字、汉字、“-”和“_”组成（不以“-”开头，不超过 64 个字符）"


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a jurisdiction's name, or None when it can."""
    if _NAME.fullmatch(name):
        return None
    shown = name if len(name) <= 40 else name[:40] + "…"
    return (f"“{shown}”不是有效的地区名称：地区名称是 templates 文件夹中一个文件夹的名字，{NAME_RULE}，"
            "不能含“/”“\\”“.”或空格")


def outside(roots: list[Path], path: Path) -> Path | None:
    """Where path really is, when a symbolic link takes it out of every root; None when it stays inside one."""
    real = Path(os.path.realpath(path))
    return None if any(real.is_relative_to(os.path.realpath(root)) for root in roots) else real


Templates = Path | list[Path] | None  # one folder, a search path, or None for templates_path()


def templates_path() -> list[Path]:
    """Where the jurisdictions are looked for, in order: the folders of $AUTHORING_TEMPLATES (several
    separated by os.pathsep; `--templates` puts its folders first), then the shipped templates/."""
    chosen = [Path(part.strip()) for part in os.environ.get(TEMPLATES_ENV, "").split(os.pathsep) if part.strip()]
    return list(dict.fromkeys([*chosen, TEMPLATES_DIR]))


def search_roots(templates: Templates = None) -> list[Path]:
    """The templates folders to search: the given folder alone, the given list, or templates_path()."""
    if templates is None:
        return templates_path()
    return [templates] if isinstance(templates, Path) else list(templates)


def chosen_templates_dir() -> Path:
    """The first folder of the search path: where a bureau's own jurisdictions are."""
    return templates_path()[0]


def find_jurisdiction(profile_id: str, templates: Templates = None) -> Path | None:
    """The folder of jurisdiction `profile_id`: the first on the search path with a profile.yaml."""
    for root in search_roots(templates):
        if (root / profile_id / "profile.yaml").exists():
            return root / profile_id
    return None


@dataclass
class LoadedProfile:
    id: str
    profile: Profile
    chain: list[Path]  # own folder first, then parents: the template search path
    origins: dict[tuple, tuple[str, Located]] = field(default_factory=dict)
    logo: Logo | None = None  # 封面.标志, read and checked at load

    @property
    def search_path(self) -> list[Path]:
        return self.chain

    def text_finding(self, text: str, rule: str, message: str) -> Finding:
        """An error at the profile value whose text is `text` (a 措辞 that failed when rendered)."""
        for path, (file, loc) in self.origins.items():
            if loc.text == text:
                return Finding(Severity.ERROR, rule, file, loc.line, loc.col, dotted(path), message)
        return Finding(Severity.ERROR, rule, str(self.chain[0] / "profile.yaml"), 1, 1, "", message)

    def find_file(self, name: str) -> Path | None:
        """The first `name` on the search path; ProfileError (exit 3) when it is a symbolic link out of its folder."""
        for folder in self.chain:
            candidate = folder / name
            if candidate.exists():
                refuse_escape([folder], candidate)
                return candidate
        return None


def refuse_escape(folders: list[Path], path: Path) -> None:
    """ProfileError (P0, exit 3) when a symbolic link takes path out of the folders: a template folder
    may only use its own files, so that a folder cannot make the tool read /etc/passwd."""
    real = outside(folders, path)
    if real is not None:
        where = "、".join(str(f) for f in folders)
        raise ProfileError([Finding(Severity.ERROR, "P0", str(path), 1, 1, "",
                                    f"这是指向 {where} 之外（{real}）的符号链接，为安全起见不读取："
                                    "请把文件或文件夹本身复制到这里")])


def available(templates_dir: Templates = None) -> list[str]:
    """The jurisdictions on the search path: every sub-folder with a valid name and a profile.yaml."""
    names: set[str] = set()
    for root in search_roots(templates_dir):
        if root.is_dir():
            names.update(p.name for p in root.iterdir()
                         if name_problem(p.name) is None and (p / "profile.yaml").exists())
    return sorted(names)


def load_profile(profile_id: str, templates_dir: Templates = None) -> LoadedProfile:
    """The profile with its 继承 chain merged, fully validated; ProfileError (exit 3) lists every problem.
    A jurisdiction's 继承 is looked up on the whole search path, so a bureau's own folder may inherit a
    shipped jurisdiction."""
    root = search_roots(templates_dir)
    texts: dict[str, str] = {}
    data, origins, chain = _load_chain(profile_id, root, [], texts)
    wording = check_wording(data, origins, texts)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        found = pydantic_findings(exc, Profile, _merged_map(origins))
        raise ProfileError([_relocate(f, origins) for f in found] + wording) from None
    problems = validate_profile(profile, origins) + wording
    logo = None
    if profile.cover.enabled and profile.cover.logo:
        try:
            logo = load_logo(profile.cover.logo, chain)
        except LogoProblem as exc:
            file, loc = origins.get(("封面", "标志"), (str(chain[0] / "profile.yaml"), Located(1, 1)))
            problems.append(Finding(Severity.ERROR, "P9", file, loc.line, loc.col, "封面.标志", f"封面的标志图片不能使用：{exc}"))
    if problems:
        raise ProfileError(problems)
    return LoadedProfile(profile_id, profile, chain, origins, logo)


def _load_chain(profile_id: str, roots: list[Path], seen: list[str], texts: dict[str, str]):
    problem = name_problem(profile_id) if isinstance(profile_id, str) else "地区名称应为一段文字"
    if problem:  # a name, never a path: ../x or /etc would load a profile and templates from anywhere
        raise UsageError(problem)
    folder = find_jurisdiction(profile_id, roots)
    if folder is None:
        names = "、".join(available(roots)) or "（无）"
        where = "、".join(str(root / profile_id / "profile.yaml") for root in roots)
        raise UsageError(f"没有地区“{profile_id}”（{where} 不存在）。可用的地区：{names}")
    file = folder / "profile.yaml"
    # A jurisdiction folder may be a link to a shipped one (a test or a trial folder beside templates/),
    # never to anywhere else.
    refuse_escape(list(dict.fromkeys([*roots, TEMPLATES_DIR])), folder)
    refuse_escape([folder], file)
    if profile_id in seen:
        cycle = " → ".join(seen + [profile_id])
        raise ProfileError([Finding(Severity.ERROR, "P1", str(file), 1, 1, "继承", f"继承关系成环：{cycle}")])
    if len(seen) >= MAX_INHERITANCE:
        chain = " → ".join(seen[:3] + ["…", profile_id])
        raise ProfileError([Finding(Severity.ERROR, "P1", str(file), 1, 1, "继承",
                                    f"继承的层级超过 {MAX_INHERITANCE} 层（{chain}）：请减少中间的地区")])
    try:
        data, source = load_file(file, PROFILE_LIMIT)
    except FindingsError as exc:  # not YAML: a broken profile (exit 3), not a broken questionnaire
        raise ProfileError(exc.findings) from None
    except UsageError as exc:  # not readable as a file: the message without the file name the finding shows
        message = str(exc).removeprefix(f"{file}: ")
        raise ProfileError([Finding(Severity.ERROR, "P0", str(file), 1, 1, "", message)]) from None
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
        pdata, porigins, pchain = _load_chain(parent, roots, seen + [profile_id], texts)
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
