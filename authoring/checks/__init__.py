"""Every rule of DOMAIN.md §3 that a questionnaire can decide: M* money, S* scores, T* text.

Parts of the questionnaire that could not be read (Loaded.broken) are not checked, and no
rule reads them; the findings the clerk has marked 已核实 are shown as such (verified.py).
"""

from __future__ import annotations

from authoring.findings import Finding, sort_key
from authoring.questionnaire.loader import Loaded
from authoring.jurisdiction.profile import LoadedProfile
from authoring.jurisdiction.scoring import Assessment, assess


def run_checks(loaded: Loaded, profile: LoadedProfile, assessment: Assessment) -> list[Finding]:
    from authoring.checks import money, scores, text
    from authoring.checks.figures import read_figures
    from authoring.checks.verified import apply_verified

    readings = read_figures(loaded.questionnaire)
    found: list[Finding] = []
    found += money.check_money(loaded, profile.profile, readings)
    if loaded.usable("绩效指标"):
        primary = assess(readings.typed, profile.profile) if readings.scaled else assessment
        alternative = assess(readings.summed, profile.profile) if readings.wrong else None
        found += scores.check_scores(loaded, profile.profile, primary, alternative, readings)
    found += text.check_text(loaded, profile.profile)
    return sorted(apply_verified(loaded, sorted(set(found), key=sort_key)), key=sort_key)
