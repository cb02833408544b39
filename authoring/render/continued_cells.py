"""PDF tables: a merged cell that a page break cuts repeats its text on the next page.

WeasyPrint splits a long table between rows and repeats its header row, but a cell merged over several rows
(rowspan: the 一级指标 of an indicator table) continues blank on the next page, and the reader of that page
cannot tell which 一级指标 its rows belong to. After the document is laid out, each such cell is cut at the
page break: it ends on its own page, and the first row of the next page gets a copy of it (class
"continued") merged over the rest of its rows. The document is then laid out again; the copy can move a
page break, so this is repeated, at most MAX_PASSES times in all. Only the HTML tree of this one rendering
is changed (the questionnaire's table and the DOCX are not).
"""

from __future__ import annotations

import copy
from xml.etree import ElementTree

MAX_PASSES = 3
_CELLS = ("td", "th")


def cut_continued_cells(document, root) -> int:
    """Cut, in the HTML tree `root` that `document` was laid out from, every merged cell that continues
    past a page break; the number of cells cut (0: nothing to lay out again)."""
    from weasyprint.formatting_structure import boxes

    seen: set[int] = set()
    cuts = []
    for page in document.pages:
        tables = [box for box in _walk(page._page_box) if isinstance(box, boxes.TableBox)]
        for table in tables:
            if id(table.element) in seen:
                first = _first_body_row(table)
                if first is not None:
                    cuts.extend(_cuts_at(table.element, first))
        seen.update(id(table.element) for table in tables)
    for cell, row, position, rest, _ in sorted(cuts, key=lambda cut: -cut[4]):  # right to left in a row
        _cut(cell, row, position, rest)
    return len(cuts)


def html_of(root) -> str:
    """The (changed) tree as HTML again, for WeasyPrint to parse and lay out anew."""
    return "<!DOCTYPE html>\n" + ElementTree.tostring(root, encoding="unicode", method="html")


def _walk(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _first_body_row(table):
    for group in table.children:
        if not (group.is_header or group.is_footer) and group.children:
            return group.children[0].element
    return None


def _body_rows(table) -> list:
    return [row for group in table if group.tag == "tbody" for row in group if row.tag == "tr"]


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 1000))
    except ValueError:
        return 1


def _cuts_at(table, first_row) -> list[tuple[object, object, int, int, int]]:
    """(cell, first row on the new page, where the copy goes among that row's cells, rows left, column) for
    each merged cell of `table` that begins above first_row and reaches into it."""
    rows = _body_rows(table)
    if first_row not in rows:
        return []
    at = rows.index(first_row)
    taken: set[tuple[int, int]] = set()
    columns: dict[int, int] = {}  # id(cell) → its first column
    found = []
    for r, row in enumerate(rows[:at + 1]):
        column = 0
        for cell in row:
            if cell.tag not in _CELLS:
                continue
            while (r, column) in taken:
                column += 1
            span, width = _span(cell, "rowspan"), _span(cell, "colspan")
            taken.update((r + dr, column + dc) for dr in range(span) for dc in range(width))
            columns[id(cell)] = column
            if r < at < r + span:
                found.append((cell, column, r + span - at))
            column += width
    cuts = []
    for cell, column, rest in found:
        position = sum(1 for other in first_row if other.tag in _CELLS and columns.get(id(other), 0) < column)
        cuts.append((cell, first_row, position, rest, column))
    return cuts


def _cut(cell, row, position: int, rest: int) -> None:
    span = _span(cell, "rowspan")
    _set_span(cell, span - rest)
    repeat = copy.deepcopy(cell)
    _set_span(repeat, rest)
    repeat.set("class", " ".join(filter(None, [cell.get("class", ""), "continued"])))
    repeat.tail = None
    cells = [child for child in row if child.tag in _CELLS]
    index = list(row).index(cells[position]) if position < len(cells) else len(row)
    row.insert(index, repeat)


def _set_span(cell, span: int) -> None:
    if span > 1:
        cell.set("rowspan", str(span))
    elif "rowspan" in cell.attrib:
        del cell.attrib["rowspan"]
