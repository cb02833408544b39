"""Numbers as the clerk typed them: text in, Decimal out, never float; and their display forms.

Rounding is 四舍五入 (ROUND_HALF_UP) everywhere.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－＋", "0123456789.,%-+")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")

CENT = Decimal("0.01")


def normalize(text: str) -> str:
    """Full-width digits and signs become half-width; surrounding blanks go."""
    return str(text).translate(_FULLWIDTH).strip()


def _number(text: str, what: str) -> Decimal:
    if text is None or text == "None":
        raise ValueError(f"{what}未填写")
    s = normalize(text)
    if _PLAIN.match(s) or _GROUPED.match(s):
        try:
            return Decimal(s.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - regex already guards
            pass
    if "," in s:
        raise ValueError(f"{what}的千分位逗号位置不对：“{text}”，应写成 3,013.08 或 3013.08")
    raise ValueError(f"{what}应为数字，实际为“{text}”")


YUAN_PER_WAN = Decimal(10000)
_OTHER_UNITS = {"亿元": YUAN_PER_WAN, "元": 1 / YUAN_PER_WAN}  # → 万元; 亿元 first, it ends in 元 too


def parse_amount(text: object) -> Decimal:
    """An amount in 万元: '3013.08', '3,013.08', '３０１３.０８'; a trailing 万元 is allowed.

    An amount typed in 元 or 亿元 ('30130800元') is refused with its value in 万元 as the hint."""
    if text is None:
        raise ValueError("金额未填写")
    s = normalize(str(text))
    if s.endswith("万元"):
        return _number(s[:-2].strip(), "金额")
    for unit, factor in _OTHER_UNITS.items():
        if s.endswith(unit):
            typed = s[:-len(unit)].strip()
            value = _number(typed, "金额")
            raise ValueError(f"金额单位是万元，请换算（{typed}{unit} = {in_wan(value * factor)}万元）")
    return _number(s, "金额")


def in_wan(value: Decimal) -> str:
    """An amount converted to 万元, shown with 2 decimals unless that would round it."""
    return format(value.quantize(CENT) if value == value.quantize(CENT) else value.normalize(), "f")


def parse_score(text: object) -> Decimal:
    return _number(str(text), "分数")


def parse_count(text: object) -> int:
    value = _number(str(text), "数量")
    if value != value.to_integral_value() or value < 0:
        raise ValueError(f"数量应为非负整数，实际为“{text}”")
    return int(value)


def parse_percent(text: object) -> Decimal:
    """A rate written as a percentage: '98.79%' -> Decimal('98.79')."""
    if text is None:
        raise ValueError("比率未填写")
    s = normalize(str(text))
    if not s.endswith("%"):
        raise ValueError(f"比率应写成百分数（如 98.79%），实际为“{text}”")
    return _number(s[:-1].strip(), "百分数")


# Possessive blanks (\s*+) and a greedy rest: a long run of blanks is read once, not once per character.
_MEASURE = re.compile(r"^\s*+(?:[≥≤><=＞＜≧≦]=?|不低于|不高于|不少于|不超过|大于等于|小于等于)?\s*+([+-]?\d[\d,]*(?:\.\d+)?)\s*+(.*)$")


def measure_number(text: object) -> Decimal | None:
    """The number in a target or actual value as a 自评表 prints it: '≥90%' → 90, '11项' → 11.

    None when the text holds no single leading number (a qualitative value such as “有效提升”)."""
    if text is None:
        return None
    m = _MEASURE.match(normalize(str(text)))
    if not m:
        return None
    try:
        return _number(m.group(1), "指标值")
    except ValueError:
        return None


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_of(part: Decimal, whole: Decimal, places: int = 2) -> Decimal | None:
    """part / whole × 100, 四舍五入; None when whole is zero."""
    if whole == 0:
        return None
    return round_half_up(part / whole * 100, places)


def change(current: Decimal | None, previous: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """Year-on-year 增减额 (万元, 2 dp) and 增减率 (percent, 2 dp, None when 上年数 is 0), 四舍五入."""
    if current is None or previous is None:
        return None, None
    diff = round_half_up(current - previous, 2)
    return diff, percent_of(current - previous, previous)


def decimals_of(text: str) -> int:
    s = normalize(text).rstrip("%").removesuffix("万元").strip()
    return len(s.split(".", 1)[1]) if "." in s else 0


# ---- display forms (the report and the messages print numbers the same way)

def amount(value: Decimal | None, thousands: bool = False) -> str:
    if value is None:
        return ""
    q = round_half_up(value, 2)
    return f"{q:,.2f}" if thousands else f"{q:.2f}"


def percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    q = round_half_up(value, 2)
    return "100%" if q == 100 else f"{q:.2f}%"


def score(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text
