"""The report's HTML parsed with tinyhtml5's regular expressions built once instead of at every text run.

tinyhtml5 (WeasyPrint's HTML parser) caches the expression `chars_until` builds for a set of characters, but
its chained assignment (`characters = cache[(characters, opposite)] = regex`) rebinds `characters` before
the key is made, so the entry lands under the expression itself and is never found: the expression is
built again for every run of text, half the time of parsing a report's HTML (0.012 → 0.006 s of CPU for
each of its one or two parses). `install()` gives the module a cache that builds a missing entry exactly as
`chars_until` does and keeps it under the right key: the same expressions, so the same tree. It reaches into
tinyhtml5's internals, so only for the versions in SUPPORTED (a test fails when the installed tinyhtml5 is
not one of them); with another version parsing is as before.
"""

from __future__ import annotations

import re

SUPPORTED = ("2.1.0",)


class _Expressions(dict):
    """(characters, opposite) → the expression tinyhtml5's chars_until builds for them."""

    def __missing__(self, key):
        characters, opposite = key
        regex = "".join([f"\\x{ord(character):02x}" for character in characters])
        if not opposite:
            regex = f"^{regex}"
        compiled = self[key] = re.compile(f"[{regex}]+")
        return compiled


def install() -> None:
    """Keep chars_until's expressions (once per process; a no-op for another tinyhtml5 version)."""
    import tinyhtml5
    from tinyhtml5 import inputstream

    if tinyhtml5.__version__ in SUPPORTED and not isinstance(inputstream.characters_until_regex, _Expressions):
        inputstream.characters_until_regex = _Expressions()
