"""The one direction of data: load → check → score → context → render (bytes) → write.

Nothing here prints; the CLI decides what the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from authoring.checks import run_checks
from authoring.checks.figures import read_figures
from authoring.errors import FindingsError, UsageError
from authoring.findings import Finding, sort_key
from authoring.questionnaire.loader import Loaded, load_partial
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
        return [f for f in self.findings if f.is_warning]

    @property
    def verified(self) -> list[Finding]:
        return [f for f in self.findings if f.is_verified]


def check_file(path: str | Path, templates_dir: Path | None = None) -> CheckResult:
    """Load and check one questionnaire; structural problems become findings too.

    A structural error in one part (Q1) is reported with the findings of every check
    whose inputs are valid. templates_dir is where its 地区 is looked up (default:
    $AUTHORING_TEMPLATES or the shipped folder)."""
    result = CheckResult(str(path))
    try:
        loaded = load_partial(path)
    except FindingsError as exc:
        if exc.exit_code != 1:
            raise
        result.findings = exc.findings
        return result
    result.loaded = loaded
    try:
        profile = load_profile(loaded.questionnaire.profile, templates_dir)
    except UsageError as exc:  # an unknown profile: locate it on 地区
        result.findings = sorted(loaded.problems + [finding_at(loaded.source, ("地区",), "Q2", str(exc))], key=sort_key)
        return result
    result.profile = profile
    readings = read_figures(loaded.questionnaire)  # amounts typed in 元 are scored in 万元
    result.assessment = assess(readings.typed, profile.profile)
    result.findings = sorted(loaded.problems + run_checks(loaded, profile, result.assessment, readings), key=sort_key)
    return result
