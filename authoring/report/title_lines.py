"""The report title broken into balanced lines at word boundaries (GB/T 9704 §7.3.1: 梯形 or 菱形).

Computed once for the ReportContext (标题行), so the DOCX (explicit line breaks) and the PDF (<br>)
break the title at the same places. A break may only fall between words: between the parts of the
department's full name (中国人民政治协商会议 | 广州市番禺区 | 委员会办公室: never 番禺/区, 常务委/员会),
after 年度 and before 部门整体支出绩效自评报告. A `|` typed in the title (the questionnaire's 标题 or the
profile's 标题格式) forces the breaks instead.
"""

from __future__ import annotations

import re

FORCED_BREAK = "|"
TEXT_WIDTH_PT = 156 / 25.4 * 72  # the GB/T 9704 line: 156 mm
MAX_LINES = 4
LONGEST_SEARCHED = 90  # longer titles are left whole: the search grows with the length

# Parts of a department's full name, in the order they come; a break may fall after each part.
_PREFIXES = ("中国人民政治协商会议", "中国共产党", "中共")
_PLACE_CHAR = "[^\\W\\d_办事处委员会局厅院室社党政协人代常务机关直属中心部署所站馆队]"
_PLACE = re.compile(f"(?:{_PLACE_CHAR}{{2,6}}?|{_PLACE_CHAR})(?:自治区|自治州|自治县|特别行政区|省|市|区|县|旗|州|盟|镇|乡|街道)")
_PLACE_NOT_FOLLOWED = ("场", "政", "委", "直", "属", "级", "民", "人")  # 市场, 区政协, 县委, 市直属 …: not a place end
_ORGAN_ENDS = ("常务委员会", "人民代表大会", "人民政府", "工作委员会", "委员会",
               "办公室", "办公厅", "办事处", "管理委员会", "纪律检查委员会", "政协", "党委", "局", "厅", "院", "中心",
               "联合会", "协会", "学校", "医院", "所", "站", "馆", "队", "处", "部", "署")
# The fixed words of the titles the profiles make.
_FIXED_BEFORE = ("部门整体支出绩效自评报告", "部门整体支出绩效自评表", "整体支出绩效自评报告", "绩效自评报告",
                 "部门整体支出", "绩效自评表")
_YEAR_END = re.compile(r"\d{4}年度?$")
# Words of the fixed part a title should keep on one line: 部门|整体支出 is a word boundary, but a weak one.
_KEPT_WHOLE = ("部门整体支出",)


def chars_per_line(size_pt: float) -> float:
    """How many full-width characters of a title in size_pt fit on the 156 mm line."""
    return float(int(TEXT_WIDTH_PT / size_pt + 1e-6))


def width(text: str) -> float:
    """Width in full-width characters: digits and Latin letters count half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def department_breaks(name: str) -> tuple[set[int], set[int]]:
    """(good, weak) break positions inside a department's full name, as offsets into name.

    Good: after a prefix such as 中国人民政治协商会议 and after an organ word (委员会, 办公室, 局 …).
    Weak: between two place names (广东省 | 佛山市) and after the last one."""
    good: set[int] = set()
    weak: set[int] = set()
    at = 0
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            at = len(prefix)
            good.add(at)
            break
    while True:
        m = _PLACE.match(name, at)
        if m is None or (m.end() < len(name) and name[m.end()] in _PLACE_NOT_FOLLOWED and
                         not name.startswith(_ORGAN_ENDS, m.end())):
            break
        at = m.end()
        weak.add(at)
    for i in range(at + 1, len(name)):
        if name[:i].endswith(_ORGAN_ENDS) and not _inside_organ_word(name, i):
            good.add(i)
    good.discard(len(name))
    weak.discard(len(name))
    return good - {0}, weak - good - {0}


def _inside_organ_word(name: str, i: int) -> bool:
    """A cut at i would split a longer organ word (人民代表大会|常务委员会 is fine, 常务|委员会 is not)."""
    return any(name.startswith(word, j) and j < i < j + len(word)
               for word in _ORGAN_ENDS for j in range(max(0, i - len(word) + 1), i))


def title_lines(title: str, department: str = "", size_pt: float = 22.0) -> list[str]:
    """The title's lines: the forced ones when it holds `|`, else balanced lines broken between words."""
    if FORCED_BREAK in title:
        return [part.strip() for part in title.split(FORCED_BREAK) if part.strip()]
    return balanced(title.strip(), department, chars_per_line(size_pt))


def plain_title(title: str) -> str:
    """The title as one line: forced breaks removed."""
    return "".join(part.strip() for part in title.split(FORCED_BREAK))


def break_points(title: str, department: str) -> tuple[set[int], set[int]]:
    """(good, weak) positions where the title may break; any other cut splits a word."""
    good: set[int] = set()
    weak: set[int] = set()
    start = title.find(department) if department else -1
    if start < 0:  # not given, or the title names the department otherwise: the words between 年度 and the fixed end
        year = re.search(r"\d{4}年度?", title)
        start = year.end() if year else 0
        tail = min((i for i in (title.find(w, start) for w in _FIXED_BEFORE) if i >= 0), default=len(title))
        department = title[start:tail]
    g, wk = department_breaks(department)
    good |= {start + i for i in g} | {start, start + len(department)}
    weak |= {start + i for i in wk}
    for i in range(1, len(title)):
        before, after = title[:i], title[i:]
        if after.startswith(_FIXED_BEFORE) or _YEAR_END.search(before):
            good.add(i)
    for word in _KEPT_WHOLE:
        for j in (m.start() for m in re.finditer(word, title)):
            inside = set(range(j + 1, j + len(word))) & good
            good -= inside
            weak |= inside
    # 2023年度 is one word: never 2023|年度 or 20|23
    digits = {i for i in range(1, len(title)) if title[i - 1].isdigit() and (title[i].isdigit() or title[i] == "年")}
    good -= digits
    weak -= digits
    return {i for i in good if 0 < i < len(title)}, {i for i in weak if 0 < i < len(title)} - good


def balanced(title: str, department: str = "", per_line: float = 20.0) -> list[str]:
    """Split a title into lines of similar length (GB/T 9704 §7.3.1: 梯形/菱形, break between words).

    A title that fits on one line stays whole. Otherwise every way to cut it into the fewest lines, or
    one more, is scored: unequal lengths cost, a weak cut (between place names) costs more, a cut inside
    a word costs so much that it is only taken when no other way fits, an extra line costs a little,
    and a line longer than the one above costs a little (梯形 reads better than 倒梯形).
    """
    total = width(title)
    if total <= per_line or len(title) > LONGEST_SEARCHED:
        return [title]
    good, weak = break_points(title, department)
    fewest = int(-(-total // per_line))
    best: tuple[float, list[int]] | None = None

    def consider(cuts: list[int], n: int) -> None:
        nonlocal best
        bounds = [0] + cuts + [len(title)]
        widths = [width(title[a:b]) for a, b in zip(bounds, bounds[1:])]
        ideal = total / n
        cost = sum((w - ideal) ** 2 for w in widths) / n
        cost += sum(0 if c in good else 15 if c in weak else 1000 for c in cuts)
        cost += 10 * (n - fewest)
        cost += sum(1 for a, b in zip(widths, widths[1:]) if b > a + 1)
        if best is None or cost < best[0]:
            best = (cost, cuts)

    def search(start: int, cuts: list[int], n: int) -> None:
        if len(cuts) == n - 1:
            if width(title[start:]) <= per_line:
                consider(cuts, n)
            return
        for i in range(start + 1, len(title)):
            if width(title[start:i]) > per_line:
                break
            search(i, cuts + [i], n)

    for n in (fewest, fewest + 1):
        if n <= MAX_LINES:
            search(0, [], n)
    if best is None:
        return [title]
    bounds = [0] + best[1] + [len(title)]
    return [title[a:b] for a, b in zip(bounds, bounds[1:])]
