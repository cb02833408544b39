"""T14: several lines of narrative typed without `|`, which YAML folds into one paragraph."""

from __future__ import annotations

from authoring.checks.text_walk import narrative_items
from authoring.findings import Finding, Severity
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.yamlsource import Located, SourceMap, finding_at

RULE = "T14"
_FOLDING_STYLES = (None, "'", '"', ">")  # plain, quoted and `>` scalars join their lines


def check_folded_lines(loaded: Loaded) -> list[Finding]:
    out: list[Finding] = []
    source = loaded.source
    for item in narrative_items(loaded.raw):
        if item.kind != "body":
            continue
        loc = source.values.get(item.path)
        lines = _folded_lines(source, loc) if loc is not None else None
        if lines is None:
            continue
        first, last = lines
        out.append(finding_at(
            source, item.path, RULE,
            f"第 {first}–{last} 行没有用“|”，会被合并成一段（行与行之间还会多出空格）；"
            "要按行分段，请改成“|”开头的多行文字（“|”后换行，每行一段）",
            Severity.WARNING))
    return out


def _folded_lines(source: SourceMap, loc: Located) -> tuple[int, int] | None:
    """First and last line of a scalar whose line breaks YAML turns into spaces, or None."""
    buffer = source.buffer
    if loc.style not in _FOLDING_STYLES or loc.pointer < 0 or loc.end <= loc.pointer:
        return None
    start = buffer.rfind("\n", 0, loc.pointer) + 1
    lines = buffer[start:loc.end].split("\n")
    folded = False
    for this, after in zip(lines, lines[1:]):
        joined = this.strip() and after.strip()
        escaped = loc.style == '"' and this.rstrip().endswith("\\")
        if joined and not escaped:
            folded = True
    if not folded:
        return None
    first = source.line_col(start)[0]
    return first, first + len(lines) - 1
