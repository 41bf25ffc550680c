"""Administrative codes (行政区划代码, domain.md §1.5) as their digit strings.

A ZLDWDM, XZQDM or a target table's region code often arrives as a number: a
DBF or Excel column of doubles (130999101001.0, 1.30999101001e+18) or an
integer that lost its leading zero. Every algorithm and the ledger group by
the text that ``normalize`` gives, so 25 villages stay 25 regions.
"""
from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import List, Sequence

import pandas as pd

LENGTHS = (6, 9, 12, 19)
"""County, township, village, and the 19-character 坐落/权属单位代码."""


def _digits_of_number(value: float) -> str:
    # repr() is the shortest text that gives the same double back: a 19-digit code with zeros at the end
    # (stored as 1.30999101001e+18, not exactly representable) comes back as its own digits.
    return format(Decimal(repr(float(value))).to_integral_value(), "f")


def normalize(value: object) -> str:
    """The code as text: numbers (int, float, '130999101001.0', '1.30999101001E+11') become their digits;
    a digit string one short of 6, 9, 12 or 19 characters gets its lost leading zero back. Other text is
    only trimmed; None, NaN and blanks give ''."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return ""
        text = _digits_of_number(value)
    else:
        text = str(value).strip()
        if not text:
            return ""
        if not text.isdigit():
            try:
                number = Decimal(text)
            except InvalidOperation:
                return text
            if not number.is_finite() or number != number.to_integral_value() or number < 0:
                return text
            text = _digits_of_number(float(text)) if "e" in text.lower() else format(number.to_integral_value(), "f")
    if text.isdigit() and len(text) + 1 in LENGTHS:
        text = "0" + text
    return text


def normalize_all(values: Sequence[object]) -> List[str]:
    """``normalize`` of every value, computed once per distinct value (codes repeat a lot)."""
    series = pd.Series(list(values), dtype=object)
    codes, unique = pd.factorize(series, use_na_sentinel=True)
    texts = [normalize(u) for u in unique] + [""]
    return [texts[c] for c in codes]
