"""Every rule of DOMAIN.md §3 that a questionnaire can decide: M* money, S* scores, T* text."""

from __future__ import annotations

from authoring.findings import Finding, sort_key
from authoring.questionnaire.loader import Loaded
from authoring.jurisdiction.profile import LoadedProfile
from authoring.jurisdiction.scoring import Assessment


def run_checks(loaded: Loaded, profile: LoadedProfile, assessment: Assessment) -> list[Finding]:
    from authoring.checks import coverage, folded_lines, money, money_lines, scores, text

    found: list[Finding] = []
    found += money.check_money(loaded, profile.profile)
    found += money_lines.check_money_lines(loaded)
    found += scores.check_scores(loaded, profile.profile, assessment)
    found += text.check_text(loaded, profile.profile)
    found += coverage.check_coverage(loaded, profile)
    found += folded_lines.check_folded_lines(loaded)
    return sorted(set(found), key=sort_key)
