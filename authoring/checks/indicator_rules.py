"""Which rule scores each indicator, and whether it could.

S1: how 绩效指标 is written (flat or tree) and rules that contradict a 固定 profile;
S7/S8: what a rule needs and cannot find, and the 每项须有规则 setting;
the 资金执行情况 block when it stands for an indicator that 绩效指标 already has.
"""

from __future__ import annotations

from authoring.findings import Finding, Severity
from authoring.jurisdiction.model import Profile
from authoring.jurisdiction.scoring import FUNDING, Assessment, ScoredIndicator
from authoring.questionnaire import numbers as fmt
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.yamlsource import dotted, finding_at

W = Severity.WARNING
_LABEL = {"规则": "评分规则", "方向": "指标方向"}


def check_indicator_rules(loaded: Loaded, profile: Profile, a: Assessment) -> list[Finding]:
    out = [_at(loaded, p.path, "S1", p.message) for p in a.problems]
    for item in a.walk():
        out += _conflicts(loaded, profile, item)
        out += _issues(loaded, profile, item)
        if item.is_leaf and not item.funding:
            out += _required(loaded, profile, item)
    out += _funding(loaded, a)
    return out


def _at(loaded: Loaded, path: tuple, rule: str, message: str, severity=Severity.ERROR) -> Finding:
    return finding_at(loaded.source, path, rule, message, severity)


def _conflicts(loaded: Loaded, profile: Profile, item: ScoredIndicator) -> list[Finding]:
    out = []
    for c in item.conflicts:
        label = _LABEL[c.key]
        if profile.system.fixed:
            out.append(_at(loaded, item.at(c.key), "S1",
                           f"“{item.name}”的{label}应为“{c.profile}”（{profile.name}指标体系），实际填写“{c.questionnaire}”"))
        else:
            out.append(_at(loaded, item.at(c.key), "S7",
                           f"“{item.name}”按{profile.name}规则的{label}“{c.profile}”复核，问卷填写的“{c.questionnaire}”未采用", W))
    return out


def _issues(loaded: Loaded, profile: Profile, item: ScoredIndicator) -> list[Finding]:
    out = []
    for issue in item.issues:
        named = item.funding or issue.kind == "misplaced"  # these messages name it already
        message = issue.message if named else f"“{item.name}”：{issue.message}"
        if issue.kind == "misplaced":
            out.append(_at(loaded, item.at(*issue.key), "S7", message, W))
        elif issue.kind == "unreadable" or item.origin == "问卷" or profile.settings.require_rules:
            rule = "S8" if issue.key == ("评价档次",) else "S7"
            out.append(_at(loaded, item.at(*issue.key), rule, message))
    return out


def _required(loaded: Loaded, profile: Profile, item: ScoredIndicator) -> list[Finding]:
    if not profile.settings.require_rules or item.rule != "手工":
        return []
    return [_at(loaded, item.at("规则"), "S7",
                f"“{item.name}”没有评分规则：{profile.name}要求每个末级指标的得分都按规则复核（设置“每项须有规则”），"
                "请填写规则：定性、完成率、执行率、比率或项目加权（手工不算）")]


def _funding(loaded: Loaded, a: Assessment) -> list[Finding]:
    f = loaded.questionnaire.funding
    if f is None:
        return []
    if f.weight is None:
        if f.score is None:
            return []
        return [_at(loaded, FUNDING + ("得分",), "S2", f"资金执行情况填了得分 {fmt.score(f.score)}，但没有分值：填写分值才能计入总分")]
    twin = a.funding_twin
    if twin is None:
        return []
    out = []
    where = f"预算执行率已作为指标“{twin.name}”（{dotted(twin.path)}）计入总分，资金执行情况的"
    if f.weight != twin.weight:
        out.append(_at(loaded, FUNDING + ("分值",), "S1", f"{where}分值应与之相同，为 {fmt.score(twin.weight)}，实际为 {fmt.score(f.weight)}"))
    if f.score is not None and twin.stated is not None and f.score != twin.stated:
        out.append(_at(loaded, FUNDING + ("得分",), "S3", f"{where}得分应与之相同，为 {fmt.score(twin.stated)}，实际为 {fmt.score(f.score)}"))
    return out
