"""Dates as they arrive in supply records, and calendar arithmetic (domain.md §3.8, §3.10).

``parse_date`` accepts date/datetime objects, ``YYYY-MM-DD``, ``YYYY/M/D``,
``YYYY.M.D``, ``YYYYMMDD``, ``YYYY年M月D日`` (optionally followed by a time),
full-width digits, and Excel serial numbers of the 1900 date system. Empty
values give None; anything else that is not a date raises ``ParseError``
with the reason.

The 29 February rule (one place, used by every period in the plugin): a
period of years or months ends on the same day of the target month; when
that month has no such day, it ends on the month's last day. So 29 February
+ 1 year = 28 February, and 31 January + 1 month = 28 (or 29) February.
This is how the Civil Code counts periods (民法典 第二百零三条: 没有对应日的,
月末日为期间的最后一日).
"""
from __future__ import annotations

import calendar
import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Optional

# Excel's 1900 system counts 1900-01-01 as 1 and wrongly has 1900-02-29 as 60.
EXCEL_EPOCH = date(1899, 12, 30)  # serials from 61 on: epoch + serial
EXCEL_FAKE_LEAP_DAY = 60
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
YEARS = (1900, 2200)  # a whole number in this range is a year, never an Excel serial (1905-03-14 … 1906-01-08)
EMPTY_TEXTS = {"", "null", "none", "nan", "nat", "/", "-", "--", "—", "无"}

_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[\sT].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:[\sT].*)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")  # as text, only 5-digit serials (1927–2173): "2023" is a year


class ParseError(ValueError):
    """A value that is neither empty nor a date; the message (Chinese, it ends up in output flags) says why."""


def parse_date(value: object) -> Optional[date]:
    """A ``date`` from any supported form, None when empty; ``ParseError`` otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ParseError(f"'{value}'不是日期")
    if isinstance(value, (int, float)):
        return _from_number(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.lower() in EMPTY_TEXTS:
        return None
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if match:
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
    if _SERIAL.match(text):
        return _from_number(float(text))
    raise ParseError(f"'{text}'不是可识别的日期格式(YYYY-MM-DD、YYYY/M/D、YYYY年M月D日、YYYYMMDD、Excel序列号)")


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # Python's reason is English: say it in the flag's language
        raise ParseError(f"'{text}'不是有效日期({year}年没有{month}月{day}日)") from None


def _from_number(number: float) -> Optional[date]:
    """An 8-digit YYYYMMDD number or an Excel serial (fraction = time of day, ignored)."""
    if isinstance(number, float) and math.isnan(number):
        return None
    if number == int(number) and 19000101 <= number <= 99991231:
        text = str(int(number))
        return _make(int(text[:4]), int(text[4:6]), int(text[6:]), text)
    if number == int(number) and YEARS[0] <= number <= YEARS[1]:  # as a serial 2024 would be 1905-07-16
        raise ParseError(f"'{int(number)}'是年份,不是日期(请填写完整日期,如{int(number)}-01-01)")
    serial = int(number)
    if serial < 1 or serial > EXCEL_MAX_SERIAL:
        raise ParseError(f"'{number}'超出Excel日期序列号范围(1–{EXCEL_MAX_SERIAL})")
    if serial == EXCEL_FAKE_LEAP_DAY:
        raise ParseError("Excel序列号60是不存在的1900-02-29(Excel的1900年闰年错误)")
    if serial < EXCEL_FAKE_LEAP_DAY:
        return EXCEL_EPOCH + timedelta(days=serial + 1)
    return EXCEL_EPOCH + timedelta(days=serial)


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole months; a missing day becomes the month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    """``start`` moved by whole years: 29 February lands on 28 February in a common year."""
    return add_months(start, 12 * years)


def whole_months(start: date, end: date) -> int:
    """Full months from ``start`` to ``end``: the largest n with add_months(start, n) <= end (0 if end < start)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months


def whole_years(start: date, end: date) -> int:
    """Full years from ``start`` to ``end``, counted the same way as ``whole_months``."""
    return whole_months(start, end) // 12
