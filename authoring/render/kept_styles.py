"""A PDF's parsed stylesheets and the font configuration they load their fonts into, kept for the next report.

A batch worker renders one report after another in one process. For each, WeasyPrint parsed fonts.css and
every report.css again and loaded their @font-face fonts into a new FontConfiguration, whose fontconfig and
Pango caches then started cold: 0.06 s of CPU per report (0.50 → 0.44 s on the six examples, the same PDF
bytes). `kept()` keeps them under the exact text and base URL of every stylesheet (the six examples, of four
regions, share one entry). Parsing them logs warnings and asks the URL fetcher for files (fonts, @import);
both are kept, and a report uses the entry only if its own fetcher gives every one of those files the same
answer (a region's template folders differ), replayed without reading them, so every report reports and
uses what it did before. A template whose HTML has stylesheets of its own (<style>, <link>) may load
more fonts into the configuration while the report is laid out: its entry is dropped after that report
(`release`), so that no later report sees fonts it did not ask for.

Only in a process that renders many reports and says so (`enable()`: the batch worker, authoring/batch/jobs.py
`init_worker`). WeasyPrint copies @font-face fonts into a temporary folder that it removes when the configuration
is collected, which a process ended by os._exit (a confined render's child) never does: the folder of styles
not kept is removed when their report is done (`release`), that of styles forgotten when they are forgotten,
and an enabled process forgets them all when it exits, also as a multiprocessing worker.
"""

from __future__ import annotations

import atexit
import os
import shutil
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Hashable

KEEP = 1  # stylesheet sets kept per process: one is about 20 MiB (a batch worker past 200 MiB is replaced)


@dataclass
class Styles:
    sheets: list  # weasyprint.CSS, in cascade order
    font_config: object  # weasyprint FontConfiguration holding their @font-face fonts
    messages: list[str] = field(default_factory=list)  # what parsing them logged (translated)
    fetches: list = field(default_factory=list)  # what parsing them asked the URL fetcher, in order, and its answers


_kept: OrderedDict[Hashable, Styles] = OrderedDict()
_enabled_in: int | None = None  # the process that keeps styles (not the children forked from it)
_cleanup_in: int | None = None  # the process that will forget its entries when it exits


def enable(on: bool = True) -> None:
    """Keep styles from now on in this process, or no longer. Not in a child forked from it: a confined render
    ends with os._exit, and what it kept would leave its fonts folder behind."""
    global _enabled_in
    _enabled_in = os.getpid() if on else None
    if not on:
        forget()


def kept(key: Hashable, make: Callable[[], Styles], usable: Callable[[Styles], bool]) -> tuple[Styles, bool]:
    """The styles kept under key if usable(them), else make() (kept from now on when enabled); and whether make()
    made them."""
    if _enabled_in != os.getpid():
        return make(), True
    _forget_at_exit()
    styles = _kept.get(key)
    if styles is not None and usable(styles):
        _kept.move_to_end(key)
        return styles, False
    if styles is not None:
        _remove_fonts(_kept.pop(key))
    styles = _kept[key] = make()
    while len(_kept) > KEEP:
        _remove_fonts(_kept.popitem(last=False)[1])
    return styles, True


def release(key: Hashable, styles: Styles, html) -> None:
    """After a report laid out from weasyprint.HTML `html` (None: not even parsed) with `styles`: forget the styles
    under key if the HTML has stylesheets of its own (WeasyPrint parses them into the same font configuration,
    find_stylesheets in css/__init__.py), and remove the fonts folder of styles that are not kept."""
    if html is not None and next(iter(html.wrapper_element.query_all("style", "link")), None) is not None:
        _kept.pop(key, None)
    if _kept.get(key) is not styles:
        _remove_fonts(styles)


def forget() -> None:
    while _kept:
        _remove_fonts(_kept.popitem()[1])


def _remove_fonts(styles: Styles) -> None:
    """What FontConfiguration.__del__ does, now: the configuration is in a reference cycle with its document, so
    it is collected late or, in a process that ends with os._exit (a confined render), never: 7 MB left in the
    temporary folder by every PDF."""
    folder = getattr(styles.font_config, "_folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _forget_at_exit() -> None:
    global _cleanup_in
    if _cleanup_in != os.getpid():  # a forked worker does not run its parent's finalizers
        _cleanup_in = os.getpid()
        import multiprocessing.util

        atexit.register(forget)
        multiprocessing.util.Finalize(None, forget, exitpriority=0)
