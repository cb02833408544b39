"""Every rule of DOMAIN.md §3 that a questionnaire can decide: M* money, S* scores, T* text.

Parts of the questionnaire that could not be read (Loaded.broken) are not checked, and no
rule reads them; the findings the clerk has marked 已核实 are shown as such (verified.py).
"""

from __future__ import annotations

from authoring.checks.figures import Readings, fold, read_figures
from authoring.findings import Finding, sort_key
from authoring.questionnaire.loader import Loaded
from authoring.jurisdiction.profile import LoadedProfile
from authoring.jurisdiction.scoring import Assessment, assess
from authoring.questionnaire.yamlsource import dotted


def run_checks(loaded: Loaded, profile: LoadedProfile, assessment: Assessment,
               readings: Readings | None = None) -> list[Finding]:
    from authoring.checks import coverage, folded_lines, illustrative, money, money_lines, narrative_rates, scores, text
    from authoring.checks.verified import apply_verified

    readings = readings or read_figures(loaded.questionnaire)
    found: list[Finding] = []
    found += money.check_money(loaded, profile.profile, readings)
    notes: dict[str, list[str]] = {}
    if loaded.usable("绩效指标"):
        primary = assess(readings.typed, profile.profile) if readings.scaled else assessment
        alternative = assess(readings.summed, profile.profile) if readings.wrong else None
        found += scores.check_scores(loaded, profile.profile, primary, alternative, readings)
        notes = scores.followers(primary, alternative, readings, profile.profile.settings.score_places)
    if loaded.usable("项目自评"):
        found += scores.check_projects(loaded, profile.profile)
    found += money_lines.check_money_lines(loaded, readings)
    found += narrative_rates.check_narrative_rates(loaded, readings, assessment)
    found += text.check_text(loaded, profile.profile)
    found += coverage.check_coverage(loaded, profile)
    found += folded_lines.check_folded_lines(loaded)
    found += illustrative.check_marks(loaded)
    found = _one_per_figure(fold(sorted(set(found), key=sort_key), notes), readings)
    return sorted(apply_verified(loaded, found), key=sort_key)


def _one_per_figure(found: list[Finding], readings: Readings) -> list[Finding]:
    """An amount typed in 元 (M14) is that amount's only finding: its format (T10) follows from it."""
    scaled = {dotted(s.path) for s in readings.scaled}
    return [f for f in found if f.rule == "M14" or f.path not in scaled]
