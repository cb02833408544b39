"""Chinese display forms: amounts in 万元, percentages, scores, dates, heading ordinals."""

from __future__ import annotations

import datetime as dt

from authoring.questionnaire.numbers import amount, percent, score  # noqa: F401 - re-exported: the display forms of numbers

_DIGITS = "零一二三四五六七八九"


def date_cn(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """GB/T 9704 heading ordinals: 一、 → （一） → 1. → （1）."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"
