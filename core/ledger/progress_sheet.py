"""The 进度 sheet and the native charts of the summary sheet (openpyxl charts stay editable in Excel and WPS).

The 进度 sheet ranks townships (or counties, when the codes stop there) by completion rate by count and
by area, and lists overdue and due-soon items by responsible unit. The summary sheet gets two bar
charts drawn from those tables: completion by township, and overdue counts by responsible unit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Mapping, Optional, Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from . import newly_done as nd
from .model import Ledger, summarize
from .progress import Progress, completion, has_completion, overdue_by_unit, ranked
from .template import LEVELS
from .writer import FIRST_DATA_ROW, LABELS as SHEET_LABELS, _cell, _header, _print_setup, _Styles, _title_block

LABELS = {  # with the writer's LABELS (rate_count, rank_count, rate_area, rank_area, count)
    False: {"title": "{0}（完成情况排名）", "done_count": "已完成数量", "done_area": "已完成{0}", "region": "行政区",
            "resp_unit": "责任单位", "overdue": "逾期数量", "due_soon": "临期数量", "overdue_area": "逾期{0}",
            "by_unit": "逾期情况（按责任单位）", "chart_completion": "完成率（按{0}）",
            "chart_overdue": "逾期、临期数量（按责任单位）", "level_township": "乡镇", "level_county": "县"},
    True: {"title": "{0} (completion ranking)", "done_count": "Done count", "done_area": "Done {0}",
           "region": "Region", "resp_unit": "Responsible unit", "overdue": "Overdue", "due_soon": "Due soon",
           "overdue_area": "Overdue {0}", "by_unit": "Overdue by responsible unit",
           "chart_completion": "Completion by {0}", "chart_overdue": "Overdue and due soon by responsible unit",
           "level_township": "township", "level_county": "county"},
}
RATE_FORMAT = "0.00%"


@dataclass
class ChartData:
    """Where the 进度 tables are, for the summary sheet's charts."""

    sheet: object
    level_word: str
    first_rank_row: int
    last_rank_row: int
    rate_column: int
    label_column: int
    first_unit_row: int  # header row of the unit table
    last_unit_row: int


def ranking_level(ledger: Ledger) -> str:
    """Township when some admin code reaches township digits, county otherwise."""
    return "township" if any(len(code) >= LEVELS["township"] for code in ledger.codes) else "county"


def rate(value) -> Optional[float]:
    return None if value is None else float(value)


def progress_sheet(wb, ledger: Ledger, name: str, title: str, parts: Sequence[str], english: bool,
                   names: Optional[Mapping[str, str]], since: Optional[nd.Since] = None) -> Optional[ChartData]:
    """Write the 进度 sheet; None (and no sheet) when the template does not track deadlines.

    With ``since`` the ranking gets the newly done columns and a table of them by responsible unit follows
    (or the sentence saying why there is no change to show).
    """
    if not has_completion(ledger):
        return None
    labels = {**SHEET_LABELS[english], **LABELS[english]}
    level = ranking_level(ledger)
    summary = summarize(ledger, level, names)
    rows = ranked(completion(ledger, summary))
    units = overdue_by_unit(ledger)
    template = ledger.template
    area = template.column(summary.area_keys[0]).header(english) if summary.area_keys else ""
    ws = wb.create_sheet(name)
    styles = _Styles(ws)
    headers = [labels["rank_count"], labels["region"], labels["rate_count"], labels["done_count"], labels["count"],
               labels["rank_area"], labels["rate_area"]]
    if area:
        headers += [labels["done_area"].format(area), area]
    gains = nd.by_region(ledger, since, summary) if since is not None and since.previous else None
    widths = [10, 22, 12, 12, 8, 10, 12, 14, 14][:len(headers)]
    notes = [""] * len(headers)
    if gains is not None:
        added = nd.headers(since, english, bool(area))
        headers += added
        widths += [16] * len(added)
        notes += [nd.header_note(since, english)] * len(added)
    for j, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    _print_setup(ws)
    _title_block(ws, styles, len(headers), labels["title"].format(title), parts)
    _header(ws, styles, headers, notes)
    cell = _cell
    text, count, share, number = styles.get("@"), styles.get("0"), styles.get(RATE_FORMAT), styles.get("0.00")
    header_style = styles.get(bold=True)
    first = FIRST_DATA_ROW

    def line(p: Progress) -> list:
        label = p.row.name or p.row.code or template.empty_label
        cells = [cell(ws, p.rank_count, count), cell(ws, label, text, True), cell(ws, rate(p.rate_count), share),
                 cell(ws, p.done, count), cell(ws, p.row.count, count), cell(ws, p.rank_area, count),
                 cell(ws, rate(p.rate_area), share)]
        if area:
            cells += [cell(ws, p.done_area, number), cell(ws, p.row.areas[summary.area_keys[0]], number)]
        if gains is not None:
            n, gained = gains[p.row.code]
            cells += [cell(ws, n, count)] + ([cell(ws, gained, number)] if area else [])
        return cells

    for p in rows:
        ws.append(line(p))
    last = first + len(rows) - 1
    ws.append([])
    ws.append([cell(ws, labels["by_unit"], styles.get("@", bold=True, border=False), True)])
    unit_header = last + 3
    unit_headers = [labels["resp_unit"], labels["overdue"], labels["due_soon"]]
    if area:
        unit_headers.append(labels["overdue_area"].format(area))
    ws.append([cell(ws, h, header_style, True) for h in unit_headers])
    for unit in units:
        cells = [cell(ws, unit.unit, text, True), cell(ws, unit.overdue, count), cell(ws, unit.due_soon, count)]
        if area:
            cells.append(cell(ws, unit.overdue_area, number))
        ws.append(cells)
    if since is not None:
        _newly_done_by_unit(ws, styles, ledger, since, english, area)
    return ChartData(ws, labels["level_" + level], first, last, 3, 2, unit_header, unit_header + len(units))


def _newly_done_by_unit(ws, styles, ledger: Ledger, since: nd.Since, english: bool, area: str) -> None:
    """The newly done table by responsible unit below the overdue one, or why there is none."""
    ws.append([])
    note = nd.missing_note(since, english)
    if note is not None:
        ws.append([_cell(ws, note, styles.get("@", border=False), True)])
        return
    if not any(c.key == "unit" for c in ledger.columns):
        return  # the ranking above carries the change; there is no 责任单位 to list it by
    words = nd.LABELS[english]
    day = since.previous.as_of.isoformat()
    ws.append([_cell(ws, words["by_unit"].format(day), styles.get("@", bold=True, border=False), True)])
    header_style = styles.get(bold=True)
    heads = [words["unit"], words["unit_count"]] + ([words["unit_area"]] if area else [])
    ws.append([_cell(ws, h, header_style, True) for h in heads])
    text, count, number = styles.get("@"), styles.get("0"), styles.get("0.00")
    for unit in nd.by_unit(ledger, since):
        ws.append([_cell(ws, unit.unit, text, True), _cell(ws, unit.count, count)]
                  + ([_cell(ws, unit.area, number)] if area else []))


def add_charts(summary_ws, data: ChartData, anchor_column: int, english: bool) -> List[BarChart]:
    """Two bar charts on the summary sheet, right of its table."""
    labels = LABELS[english]
    charts = []
    if data.last_rank_row >= data.first_rank_row:
        chart = BarChart()
        chart.type = "bar"  # horizontal bars: long township names stay readable
        chart.title = labels["chart_completion"].format(data.level_word)
        chart.add_data(Reference(data.sheet, min_col=data.rate_column, min_row=data.first_rank_row - 1,
                                 max_row=data.last_rank_row), titles_from_data=True)
        chart.set_categories(Reference(data.sheet, min_col=data.label_column, min_row=data.first_rank_row,
                                       max_row=data.last_rank_row))
        chart.y_axis.number_format = RATE_FORMAT
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        chart.x_axis.scaling.orientation = "maxMin"  # the best ranked at the top
        chart.legend = None
        charts.append(chart)
    if data.last_unit_row > data.first_unit_row:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = labels["chart_overdue"]
        chart.add_data(Reference(data.sheet, min_col=2, max_col=3, min_row=data.first_unit_row,
                                 max_row=data.last_unit_row), titles_from_data=True)
        chart.set_categories(Reference(data.sheet, min_col=1, min_row=data.first_unit_row + 1,
                                       max_row=data.last_unit_row))
        charts.append(chart)
    row = 3
    for chart in charts:
        chart.width, chart.height = 16, 8  # cm
        summary_ws.add_chart(chart, f"{get_column_letter(anchor_column)}{row}")
        row += 17
    return charts
