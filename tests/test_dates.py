"""Date parsing and calendar arithmetic, worked out by hand (domain.md §3.8, §3.10)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from land_supervision.core.dates import ParseError, add_months, add_years, parse_date, whole_months, whole_years


@pytest.mark.parametrize(
    "value, expected",
    [
        (date(2021, 3, 1), date(2021, 3, 1)),
        (datetime(2021, 3, 1, 15, 30), date(2021, 3, 1)),
        ("2021-03-01", date(2021, 3, 1)),
        ("2021-3-1", date(2021, 3, 1)),
        ("2021/3/1", date(2021, 3, 1)),
        ("2021.03.01", date(2021, 3, 1)),
        ("20210301", date(2021, 3, 1)),
        (20210301, date(2021, 3, 1)),
        ("2021年3月1日", date(2021, 3, 1)),
        ("2021 年 03 月 01 日", date(2021, 3, 1)),
        ("2021年3月1号", date(2021, 3, 1)),
        ("２０２１－０３－０１", date(2021, 3, 1)),  # full-width digits and dash
        ("2021-03-01 00:00:00", date(2021, 3, 1)),
        ("2021-03-01T08:00:00", date(2021, 3, 1)),
        ("  2021/03/01  ", date(2021, 3, 1)),
        # Excel 1900 system: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01 (60 is the fake 29 Feb).
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (44256, date(2021, 3, 1)),
        (44256.75, date(2021, 3, 1)),  # a time of day is ignored
        ("44256", date(2021, 3, 1)),
        ("44256.0", date(2021, 3, 1)),
        (None, None),
        ("", None),
        ("   ", None),
        ("无", None),
        ("/", None),
        (float("nan"), None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value, reason",
    [
        ("2021-02-30", "不是有效日期"),
        ("2021-13-01", "不是有效日期"),
        ("明年三月", "不是可识别的日期格式"),
        ("2021", "不是可识别的日期格式"),  # a bare year is not a date (nor a serial)
        ("03/01/2021", "不是可识别的日期格式"),  # day-first or month-first: ambiguous, refused
        (60, "1900-02-29"),
        (0, "超出Excel日期序列号范围"),
        (-5, "超出Excel日期序列号范围"),
        (True, "不是日期"),
    ],
)
def test_garbage_raises_with_reason(value, reason):
    with pytest.raises(ParseError, match=reason):
        parse_date(value)


@pytest.mark.parametrize(
    "start, years, expected",
    [
        (date(2021, 3, 1), 1, date(2022, 3, 1)),
        (date(2020, 2, 29), 1, date(2021, 2, 28)),  # the 29 February rule: month end of the target month
        (date(2020, 2, 29), 4, date(2024, 2, 29)),
        (date(2020, 2, 29), -1, date(2019, 2, 28)),
        (date(2019, 2, 28), 1, date(2020, 2, 28)),
    ],
)
def test_add_years(start, years, expected):
    assert add_years(start, years) == expected


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2021, 8, 31), 1, date(2021, 9, 30)),
        (date(2021, 11, 15), 2, date(2022, 1, 15)),
        (date(2021, 3, 31), -1, date(2021, 2, 28)),
        (date(2021, 5, 10), 12, date(2022, 5, 10)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "start, end, months, years",
    [
        (date(2021, 3, 1), date(2022, 3, 1), 12, 1),  # anniversary counts
        (date(2021, 3, 1), date(2022, 2, 28), 11, 0),  # one day less
        (date(2021, 3, 1), date(2023, 3, 1), 24, 2),
        (date(2020, 2, 29), date(2021, 2, 28), 12, 1),  # 29 Feb: anniversary is 28 Feb
        (date(2020, 2, 29), date(2021, 2, 27), 11, 0),
        (date(2021, 1, 31), date(2021, 2, 28), 1, 0),
        (date(2021, 1, 31), date(2021, 2, 27), 0, 0),
        (date(2022, 1, 1), date(2021, 1, 1), 0, 0),  # end before start
    ],
)
def test_whole_months_and_years(start, end, months, years):
    assert whole_months(start, end) == months
    assert whole_years(start, end) == years
