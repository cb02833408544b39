"""The PDF's streams (page contents, fonts, object streams) compressed at zlib level 6 instead of pydyf's 9.

pydyf compresses every stream with `zlib.compressobj(level=9)`. Measured on the six examples: level 9 takes
0.044 s of CPU per report, level 6 (zlib's default) 0.025 s, and the PDFs grow by 0.35 % (3 652 540 →
3 665 169 bytes for the six); the streams decompress to the same bytes, so the reader sees the same PDF.
`install()` hands pydyf a zlib whose compressobj uses LEVEL; it reaches into pydyf, so only for the versions
in SUPPORTED (a test fails when the installed pydyf is not one of them), else pydyf keeps its level 9.
"""

from __future__ import annotations

import zlib

SUPPORTED = ("0.13.0",)
LEVEL = 6


class _Zlib:
    """The zlib module, but compressobj() at LEVEL whatever level it is asked for."""

    def __init__(self, module):
        self._module = module

    def compressobj(self, level=LEVEL, *args, **kwargs):
        return self._module.compressobj(LEVEL, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._module, name)


def install() -> None:
    """Have pydyf compress at LEVEL (once per process; a no-op for another pydyf version)."""
    import pydyf

    if pydyf.__version__ in SUPPORTED and not isinstance(pydyf.zlib, _Zlib):
        pydyf.zlib = _Zlib(zlib)
