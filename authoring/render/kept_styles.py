"""A PDF's parsed stylesheets and the font configuration they load their fonts into, kept for the next report.

A batch worker renders one report after another in one process. For each, WeasyPrint parsed fonts.css and
every report.css again and loaded their @font-face fonts into a new FontConfiguration, whose fontconfig and
Pango caches then started cold: 0.06 s of CPU per report (0.50 → 0.44 s on the six examples, the same PDF
bytes). `kept()` keeps the last few under the exact text and base URL of every stylesheet and the files the
URL fetcher may read, so the same stylesheets give the same parse. Parsing them logs warnings and fetches
(or refuses) files; those are kept too and replayed into each report that uses the entry, so every report
reports what it reported before. A template whose HTML has stylesheets of its own (<style>, <link>) may load
more fonts into the configuration while the report is laid out: its entry is dropped after that report
(`release`), so that no later report sees fonts it did not ask for.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Hashable

KEEP = 4  # stylesheet sets kept per process (a batch usually has one or two regions)


@dataclass
class Styles:
    sheets: list  # weasyprint.CSS, in cascade order
    font_config: object  # weasyprint FontConfiguration holding their @font-face fonts
    messages: list[str] = field(default_factory=list)  # what parsing them logged (translated)
    fetched: list[str] = field(default_factory=list)  # what the fetcher read while parsing them
    refused: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)


_kept: OrderedDict[Hashable, Styles] = OrderedDict()


def kept(key: Hashable, make: Callable[[], Styles]) -> tuple[Styles, bool]:
    """The styles kept under key, else make() (kept from now on); and whether make() made them."""
    styles = _kept.get(key)
    if styles is not None:
        _kept.move_to_end(key)
        return styles, False
    styles = _kept[key] = make()
    while len(_kept) > KEEP:
        _kept.popitem(last=False)
    return styles, True


def release(key: Hashable, html) -> None:
    """After a report laid out from weasyprint.HTML `html`: forget the styles under key if the HTML has stylesheets
    of its own (WeasyPrint parses them into the same font configuration, find_stylesheets in css/__init__.py)."""
    if next(iter(html.wrapper_element.query_all("style", "link")), None) is not None:
        _kept.pop(key, None)


def forget() -> None:
    _kept.clear()
