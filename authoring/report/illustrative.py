"""What an example report prints about itself: the page-header mark, the note under the title,
and a 【示意】 note after whatever prints a field marked 示意 (docs/context.md)."""

from __future__ import annotations

from typing import Collection, Iterable

from authoring.questionnaire.illustrative import covers, is_example, mark_paths
from authoring.questionnaire.model import Questionnaire

HEADER_MARK = "示例"
EXAMPLE_LEAD = "【示例】"
NOTE_LEAD = "【示意】"
# Under the title when the questionnaire marks parts as 示意 without saying what the whole is.
DEFAULT_EXAMPLE_NOTE = "本报告含有为演示补充的示意内容（见文中【示意】说明），不是部门报送的正式报告。"


class Marks:
    """The questionnaire's 示例说明 and 示意 entries, and which of them the report has printed."""

    def __init__(self, q: Questionnaire):
        self.example = is_example(q)
        self.text = (q.example or "").strip()
        self.entries = [(paths, e.note.strip()) for e in q.illustrative or [] if (paths := mark_paths(e))]
        self.noted: list[int] = []  # the entries whose note has been printed, in the order printed

    def header(self) -> str:
        """The page-header mark: 示例 on every page of an example, nothing otherwise."""
        return HEADER_MARK if self.example else ""

    def matching(self, keys: Iterable[str]) -> list[int]:
        """The entries that mark a field printed from one of these questionnaire keys."""
        keys = list(keys)
        return [i for i, (paths, _) in enumerate(self.entries) if any(covers(p, k) for p in paths for k in keys)]

    def about(self, path: str) -> list[int]:
        """The entries that mark the item at `path` itself or one of its own keys (绩效指标[2] or
        绩效指标[2].得分, not 绩效指标[2].下级[1]): its note goes after that item's section."""
        def own(mark: str) -> bool:
            rest = mark[len(path) + 1:]
            return mark == path or (mark.startswith(path + ".") and "[" not in rest and not rest.startswith("下级"))

        return [i for i, (paths, _) in enumerate(self.entries) if any(own(p) for p in paths)]

    def notes(self, entries: Iterable[int]) -> list[dict]:
        """The 注 blocks of these entries, in the order typed, one per distinct 说明."""
        out: list[dict] = []
        for i in sorted(set(entries)):
            self.noted.append(i)
            text = NOTE_LEAD + self.entries[i][1]
            if all(b["文字"] != text for b in out):
                out.append({"类型": "注", "文字": text, "示意": True})
        return out

    def title_notes(self, title_keys: Collection[str]) -> list[str]:
        """Paragraphs under the title: the 示例说明, then the notes of entries on fields that only the
        title or signature block prints (call after the body is built)."""
        if not self.example:
            return []
        lines = [line.strip() for line in self.text.splitlines() if line.strip()] or [DEFAULT_EXAMPLE_NOTE]
        out = [EXAMPLE_LEAD + lines[0]] + lines[1:]
        for i in self.matching(title_keys):
            if i not in self.noted:
                self.noted.append(i)
                out.append(NOTE_LEAD + self.entries[i][1])
        return out
