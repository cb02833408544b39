"""Checks of a loaded profile that its model alone cannot express: bands, weights, outline references, tables."""

from __future__ import annotations

from decimal import Decimal

from authoring.findings import Finding, Severity, did_you_mean
from authoring.jurisdiction.model import IndicatorSpec, Profile
from authoring.jurisdiction.outline import PART_TARGETS
from authoring.jurisdiction.placement import outline_section
from authoring.jurisdiction.wording_vars import SCORE_SENTENCE
from authoring.jurisdiction.tables import ROW_SOURCES, TableSpec
from authoring.questionnaire.yamlsource import Located, dotted


def _at(origins: dict, path: tuple, rule: str, message: str) -> Finding:
    p = path
    while p and p not in origins:
        p = p[:-1]
    file, loc = origins.get(p, ("profile.yaml", Located(1, 1)))
    return Finding(Severity.ERROR, rule, file, loc.line, loc.col, dotted(path), message)


def validate_profile(profile: Profile, origins: dict) -> list[Finding]:
    out: list[Finding] = []
    # bands: strictly decreasing lower bounds, last one 0, labels unique
    lowers = [b.lower for b in profile.bands]
    for i in range(1, len(lowers)):
        if lowers[i] >= lowers[i - 1]:
            out.append(_at(origins, ("等级", i, "下限"), "P2",
                           f"等级区间重叠或顺序颠倒：应从高到低排列，下限 {lowers[i]} 不应大于等于上一档的 {lowers[i - 1]}"))
    if lowers and lowers[-1] != 0:
        out.append(_at(origins, ("等级", len(lowers) - 1, "下限"), "P2", f"最低一档的下限应为 0，实际为 {lowers[-1]}"))
    labels = [b.label for b in profile.bands]
    if len(set(labels)) != len(labels):
        out.append(_at(origins, ("等级",), "P2", f"等级名称重复：{'、'.join(labels)}"))
    out += _check_weights(profile.system.indicators, ("指标体系", "指标"), origins, Decimal(100))
    out += _check_outline(profile, origins, PART_TARGETS)
    out += _check_indicator_tables(profile, profile.system.indicators, ("指标体系", "指标"), origins)
    for name, spec in profile.tables.items():
        out += _check_table(name, spec, origins)
    for i, name in enumerate(profile.score_sheet or []):
        if name not in profile.tables and outline_section(profile, name) is None:
            out.append(_at(origins, ("自评表", i), "P4",
                           f"自评表引用了未定义的表格或大纲中没有的章节“{name}”；已定义的表格有：{'、'.join(profile.tables)}"))
    out += _check_word_lists(profile, origins)
    return out


PHRASE_MAX = 50  # characters: the longest phrase a 文字检查 list may hold (docs/地区配置参考.md)


def _check_word_lists(profile: Profile, origins: dict) -> list[Finding]:
    """P6: every phrase of 文字检查 is a word to look for: not empty or blank, not absurdly long, not
    listed twice (an empty phrase would be found everywhere, and a check must never loop on it)."""
    rules = profile.text_rules
    base = ("文字检查",)
    lists: list[tuple[str, list[tuple[tuple, str, str]]]] = [
        ("错别字", [(base + ("错别字", t), f"错别字“{t}”" if t.strip() else "错别字中的一项", t) for t in rules.typos]),
        ("过时提法", [(base + ("过时提法", i, "提法"), f"过时提法的第 {i + 1} 项", s.phrase)
                  for i, s in enumerate(rules.stale)]),
        ("文体残留", [(base + ("文体残留", i), f"文体残留的第 {i + 1} 项", p) for i, p in enumerate(rules.residue)]),
        ("局名残留", [(base + ("局名残留", i), f"局名残留的第 {i + 1} 项", p)
                  for i, p in enumerate(rules.bureau_residue)]),
    ]
    out: list[Finding] = []
    for _, phrases in lists:
        seen: dict[str, str] = {}
        for path, label, phrase in phrases:
            problem = _phrase_problem(phrase)
            if problem is None and phrase.strip() in seen:
                problem = f"“{phrase.strip()}”重复：{seen[phrase.strip()]}已经写过，请删去一项"
            if problem:
                out.append(_at(origins, path, "P6", f"{label}{problem}"))
            seen.setdefault(phrase.strip(), label)
    for typo, right in rules.typos.items():
        if typo.strip() and not right.strip():
            out.append(_at(origins, base + ("错别字", typo), "P6", f"错别字“{typo}”的正确写法是空的：请写出正确的写法"))
    return out


def _phrase_problem(phrase: str) -> str | None:
    if not phrase.strip():
        return "是空的：空的词处处都能“找到”，请写出要检查的词，或删去这一项"
    if len(phrase) > PHRASE_MAX:
        return f"过长（{len(phrase)} 个字符，最多 {PHRASE_MAX} 个）：请只写要检查的词或短语"
    return None


def _check_weights(specs: list[IndicatorSpec], path: tuple, origins: dict, expected: Decimal) -> list[Finding]:
    if not specs:
        return []
    out: list[Finding] = []
    total = sum((s.weight for s in specs), Decimal(0))
    if total != expected:
        what = "一级指标分值之和" if len(path) == 2 else "下级指标分值之和"
        out.append(_at(origins, path, "S1", f"{what}应为 {expected}，实际为 {total}"))
    for i, s in enumerate(specs):
        if s.children:
            out += _check_weights(s.children, path + (i, "下级"), origins, s.weight)
        if s.rule == "阈值" and not s.thresholds:
            out.append(_at(origins, path + (i,), "P3", f"指标“{s.name}”用阈值规则，但没有阈值表"))
    return out


def _check_outline(profile: Profile, origins: dict, targets: dict) -> list[Finding]:
    out: list[Finding] = []
    level1 = ["全部"] + [s.name for s in profile.system.indicators]  # 全部: every level-1 indicator

    def walk(nodes, path):
        for i, node in enumerate(nodes):
            for j, part in enumerate(node.parts):
                for kind, target in part.items():
                    allowed = targets.get(kind)
                    ok = True
                    if kind == "内容":
                        ok = target in allowed or target.startswith("其他章节.")
                    elif kind in ("句子", "注"):
                        problem = _sentence_problem(profile, kind, target)
                        if problem:
                            out.append(_at(origins, path + (i, "组成", j, kind), "P4", problem))
                        continue
                    elif kind == "表格":
                        ok = target in profile.tables
                    elif kind == "指标分析":
                        ok = not profile.system.fixed or target in level1
                    if not ok:
                        choices = ("、".join(level1) if kind == "指标分析" else
                                   "、".join(profile.tables) if kind == "表格" else "、".join(sorted(allowed or profile.wording)))
                        out.append(_at(origins, path + (i, "组成", j, kind), "P4",
                                       f"大纲引用了未知的{kind}“{target}”；可用的有：{choices}"))
            if node.children:
                walk(node.children, path + (i, "下级"))

    walk(profile.outline, ("大纲",))
    return out


def _sentence_problem(profile: Profile, kind: str, target: str) -> str | None:
    """A 句子 or 注 part must name a 措辞 sentence (a 注 may also be 等级说明) written with the report's variables."""
    if target == SCORE_SENTENCE:
        return f"“{SCORE_SENTENCE}”只用于每个指标的分析之后（变量只有 名称、分值、得分），不能作为{kind}放入大纲"
    if target in profile.wording or (kind == "注" and target == "等级说明"):
        return None
    choices = sorted(k for k in profile.wording if k != SCORE_SENTENCE) + (["等级说明"] if kind == "注" else [])
    return f"大纲引用了未知的{kind}“{target}”；可用的有：{'、'.join(choices)}（在“措辞”中添加）"


def _check_indicator_tables(profile: Profile, specs: list[IndicatorSpec], path: tuple, origins: dict) -> list[Finding]:
    out: list[Finding] = []
    for i, s in enumerate(specs):
        if s.table is not None and s.table not in profile.tables:
            out.append(_at(origins, path + (i, "表格"), "P4",
                           f"指标“{s.name}”引用了未定义的表格“{s.table}”；已定义的表格有：{'、'.join(profile.tables)}"))
        if s.children:
            out += _check_indicator_tables(profile, s.children, path + (i, "下级"), origins)
    return out


def _check_table(name: str, spec: TableSpec, origins: dict) -> list[Finding]:
    """P5: a table declaration names a row source, fields of that source, and groups among its columns."""
    path = ("表格", name)
    source = spec.row_source()
    if source is None:
        return [_at(origins, path + ("数据",), "P5",
                    f"表格“{name}”的数据“{spec.source}”不存在{did_you_mean(spec.source, list(ROW_SOURCES))}"
                    f"可用的数据有：{'、'.join(ROW_SOURCES)}")]
    out: list[Finding] = []
    if not spec.columns:
        out.append(_at(origins, path + ("列",), "P5", f"表格“{name}”没有列：请在“列”中至少写一个字段"))
    for i, column in enumerate(spec.columns):
        if source.canonical(column.field) is None:
            out.append(_at(origins, _written(origins, path + ("列", i), "字段"), "P5",
                           f"数据“{spec.source}”没有字段“{column.field}”{did_you_mean(column.field, source.names())}"
                           f"可用的字段有：{'、'.join(source.names())}"))
    written = [c.field for c in spec.columns]
    fields = set(spec.fields())
    for i, group in enumerate(spec.group):
        if group not in written and source.canonical(group) not in fields:
            out.append(_at(origins, _written(origins, path + ("分组",), i), "P5",
                           f"分组的列“{group}”不在表格“{name}”的列中；本表的列有：{'、'.join(written)}"))
    if spec.total is not None:
        if source.total is None:
            out.append(_at(origins, path + ("合计行",), "P5",
                           f"数据“{spec.source}”没有合计行；可以有合计行的数据："
                           f"{'、'.join(k for k, v in ROW_SOURCES.items() if v.total)}"))
        elif spec.total.grade is not None:
            grade = spec.total.grade
            if not source.grade:
                out.append(_at(origins, path + ("合计行", "等级"), "P5",
                               f"数据“{spec.source}”的合计行不能显示评价等级（只有“指标”可以）"))
            elif grade not in written and source.canonical(grade) not in fields:
                out.append(_at(origins, path + ("合计行", "等级"), "P5",
                               f"合计行写等级的列“{grade}”不在表格“{name}”的列中；本表的列有：{'、'.join(written)}"))
    return out


def _written(origins: dict, path: tuple, key: str | int) -> tuple:
    """The path of a value that may be written in full ({字段: x}, [x, y]) or alone (x)."""
    return path + (key,) if path + (key,) in origins else path
