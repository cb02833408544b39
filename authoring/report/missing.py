"""MISSING: a value the questionnaire does not give.

It is false in `{% if %}`, empty in loops, and any attribute of it is missing too; printing it
marks the text being rendered as incomplete (see wording.render_wording), so that a sentence
never reads "自评得分分，评级为“”".
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

from jinja2 import Undefined

# Set while a sentence renders: printing a Missing value marks it there.
_PRINTED_MISSING: ContextVar[list[bool] | None] = ContextVar("printed_missing", default=None)


class Missing(Undefined):
    """A value the questionnaire did not give. Prints as "" and marks the sentence as incomplete.

    A subclass of Jinja's Undefined, so `is defined` and `|default(…)` treat it as absent too.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        return self

    def __getitem__(self, key: Any) -> Missing:
        return self

    def __str__(self) -> str:
        printed = _PRINTED_MISSING.get()
        if printed is not None:
            printed.append(True)
        return ""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()


def given(value: Any, form=str, *args: Any) -> Any:
    """The display form of value, or MISSING when the questionnaire does not give it."""
    return MISSING if value is None else form(value, *args)


@contextmanager
def tracking() -> Iterator[list[bool]]:
    """While inside, every MISSING printed appends to the yielded list."""
    printed: list[bool] = []
    token = _PRINTED_MISSING.set(printed)
    try:
        yield printed
    finally:
        _PRINTED_MISSING.reset(token)
