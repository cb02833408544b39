"""The one direction of data: load → check → score → context → render (bytes) → write.

Nothing here prints; the CLI decides what the user sees.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from authoring.checks import run_checks
from authoring.errors import FindingsError, UsageError
from authoring.findings import Finding
from authoring.questionnaire.loader import Loaded, load_questionnaire
from authoring.jurisdiction.profile import LoadedProfile, load_profile
from authoring.jurisdiction.scoring import Assessment, assess
from authoring.questionnaire.yamlsource import finding_at


@dataclass
class CheckResult:
    file: str
    findings: list[Finding] = field(default_factory=list)
    loaded: Loaded | None = None
    profile: LoadedProfile | None = None
    assessment: Assessment | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]


def check_file(path: str | Path, templates_dir: Path | None = None) -> CheckResult:
    """Load and check one questionnaire; structural problems become findings too.

    templates_dir: where the profiles are (default: the shipped templates/)."""
    result = CheckResult(str(path))
    try:
        loaded = load_questionnaire(path)
    except FindingsError as exc:
        if exc.exit_code != 1:
            raise
        result.findings = exc.findings
        return result
    result.loaded = loaded
    try:
        pid = loaded.questionnaire.profile
        profile = load_profile(pid) if templates_dir is None else load_profile(pid, templates_dir)
    except UsageError as exc:  # an unknown profile: locate it on 地区
        result.findings = [finding_at(loaded.source, ("地区",), "Q2", str(exc))]
        return result
    result.profile = profile
    result.assessment = assess(loaded.questionnaire, profile.profile)
    result.findings = run_checks(loaded, profile, result.assessment)
    return result


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside target, then rename: never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
