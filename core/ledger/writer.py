"""The ledger workbook (openpyxl, write-only), saved atomically.

Sheets: 汇总 (by county, admin-code order, 合计 row from the rounded cell
values and a hidden unrounded check column), optional township sheets (one
per county), then 明细 (序号, frozen header, autofilter, landscape print
with the header row repeated and fit to width, colours for 逾期/临期/已完成).

The file is written to a temporary file in the target folder and renamed
over the target, so a failure or a cancel never leaves a partial ledger,
and an existing file is only replaced when the caller says so.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from typing import Any, List, Mapping, Optional, Sequence, Tuple

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter

from ..messages import Notice
from ..overlay import Cancelled, ProgressCallback
from . import newly_done as nd
from . import roundtrip as rt
from .model import Ledger, LedgerError, Summary, SummaryRow, summarize
from .progress import completion, has_completion, total_completion

HEADER_ROW = 3  # rows 1-2 are the title block
FIRST_DATA_ROW = HEADER_ROW + 1
MAX_TEXT = 32767  # Excel's cell limit
# What an XML 1.0 file cannot hold: C0 controls but tab and line ends, lone surrogates, U+FFFE and U+FFFF.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PAPER_A4 = 9  # ECMA-376 paper size code
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TEXT_TYPES = ("text", "status")
LABELS = {
    False: {"summary": "汇总", "detail": "明细", "township": "{0}乡镇", "org": "填报单位：{0}", "date": "填报日期：{0}",
            "as_of": "截止日期：{0}", "unit": "面积单位：亩", "code": "行政区代码", "name": "行政区名称", "count": "数量",
            "status_count": "{0}数量", "status_area": "{0}面积", "total": "合计", "unrounded": "未舍入{0}（核对用）",
            "empty": "(无代码)", "rate_count": "完成率(数量)", "rank_count": "排名(数量)", "rate_area": "完成率(面积)",
            "rank_area": "排名(面积)", "progress": "进度"},
    True: {"summary": "Summary", "detail": "Detail", "township": "{0} townships", "org": "Reporting unit: {0}",
           "date": "Reporting date: {0}", "as_of": "As of: {0}", "unit": "Area unit: mu", "code": "Admin code",
           "name": "Region", "count": "Count", "status_count": "{0} count", "status_area": "{0} area", "total": "Total",
           "unrounded": "Unrounded {0} (check)", "empty": "(no code)", "rate_count": "Done (count)",
           "rank_count": "Rank (count)", "rate_area": "Done (area)", "rank_area": "Rank (area)",
           "progress": "Progress"},
}


class LedgerWriteError(LedgerError):
    """The target cannot be written (exists, locked, folder missing or read-only)."""


@dataclass
class WriteResult:
    path: str
    rows: int
    sheets: List[str]
    warnings: List[Notice]


class _Styles:
    """Style arrays built once per kind of cell and shared by every cell of that kind (fast in write-only mode)."""

    def __init__(self, ws):
        self.ws = ws
        self.cache = {}

    def get(self, number_format: str = "General", bold: bool = False, fill=None, border: bool = True,
            align: Optional[Alignment] = None, size: Optional[int] = None, unlocked: bool = False):
        key = (number_format, bold, fill is not None and fill.fgColor.rgb, border, repr(align), size, unlocked)
        if key not in self.cache:
            proto = Cell(self.ws)
            proto.number_format = number_format
            if bold or size:
                proto.font = Font(bold=bold, size=size or 11)
            if fill is not None:
                proto.fill = fill
            if border:
                proto.border = BORDER
            if align is not None:
                proto.alignment = align
            if unlocked:
                proto.protection = Protection(locked=False)
            self.cache[key] = proto._style
        return self.cache[key]


class _TextTally:
    """Cleans cell text for the file and counts the cells changed, so that the user is told."""

    def __init__(self):
        self.stripped = self.cut = 0

    def clean(self, value: str) -> str:
        text = UNSTORABLE.sub("", value)
        if len(text) != len(value):
            self.stripped += 1
        if len(text) > MAX_TEXT:
            self.cut += 1
            text = text[:MAX_TEXT]
        return text

    def warnings(self) -> List[Notice]:
        out = []
        if self.stripped:
            out.append(Notice("{count} cells held characters an .xlsx file cannot store (control characters, "
                              "U+FFFE, U+FFFF or lone surrogates); they were removed.", count=self.stripped))
        if self.cut:
            out.append(Notice("{count} cells were longer than Excel's {limit} characters and were cut to that length.",
                              count=self.cut, limit=MAX_TEXT))
        return out


def _cell(ws, value: Any, style, text: bool = False) -> Cell:
    if text and isinstance(value, str):
        value = UNSTORABLE.sub("", value)[:MAX_TEXT]
    cell = Cell(ws, row=1, column=1, value=value, style_array=style)  # the writer sets the real position
    if text and cell.data_type in ("f", "e"):
        cell.data_type = "s"  # '=…' or '#N/A' stays literal text, never a formula or an error
    return cell


def _title_block(ws, styles: _Styles, width: int, title: str, parts: Sequence[str]) -> None:
    """Row 1: the title across the sheet; row 2: 填报单位, dates and the unit line, spread over the columns."""
    last = get_column_letter(max(width, 1))
    ws.merged_cells.add(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    centre = Alignment(horizontal="center", vertical="center")
    ws.append([_cell(ws, title, styles.get(bold=True, size=16, border=False, align=centre), text=True)])
    span = max(width, len(parts))
    row: List[Any] = [None] * span
    plain = styles.get(border=False)
    right = styles.get(border=False, align=Alignment(horizontal="right"))
    for k, part in enumerate(parts):  # first part in column A, last (right-aligned) in the last column
        style = right if k == len(parts) - 1 else plain
        row[round(k * (span - 1) / max(len(parts) - 1, 1))] = _cell(ws, part, style, text=True)
    ws.append(row)


def _print_setup(ws) -> None:
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _header(ws, styles: _Styles, headers: Sequence[str], notes: Sequence[str] = ()) -> None:
    """The header row; a column's 说明 (note) becomes its header cell's comment."""
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    style = styles.get(bold=True, fill=HEADER_FILL, align=centre)
    ws.row_dimensions[HEADER_ROW].height = 32
    cells = [_cell(ws, h, style, text=True) for h in headers]
    for cell, note in zip(cells, notes):
        if note:
            cell.comment = Comment(note, "说明", width=320, height=160)
    ws.append(cells)


def _summary_sheet(wb, ledger: Ledger, summary: Summary, name: str, title: str, parts, labels, english: bool,
                   since: Optional[nd.Since] = None):
    template = ledger.template
    ws = wb.create_sheet(name)
    styles = _Styles(ws)
    headers = [labels["code"], labels["name"], labels["count"]]
    headers += [template.column(k).header(english) for k in summary.area_keys]
    for status in summary.statuses:
        headers.append(labels["status_count"].format(status))
        if summary.area_keys:
            headers.append(labels["status_area"].format(status))
    ranks = {p.row.code: p for p in completion(ledger, summary)} if has_completion(ledger) else None
    if ranks is not None:
        headers += [labels[k] for k in ("rate_count", "rank_count", "rate_area", "rank_area")]
    gains = nd.by_region(ledger, since, summary) if nd.shown(ledger, since) and since.previous else None
    notes = [""] * len(headers)
    if gains is not None:
        added = nd.headers(since, english, bool(summary.area_keys))
        headers += added
        notes += [nd.header_note(since, english)] * len(added)
    check = bool(summary.area_keys)
    if check:
        headers.append(labels["unrounded"].format(template.column(summary.area_keys[0]).header(english)))
    widths = [14, 16, 8] + [14] * (len(headers) - 3)
    for j, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    if check:
        ws.column_dimensions[get_column_letter(len(headers))].hidden = True
    _print_setup(ws)
    _title_block(ws, styles, len(headers) - int(check), title, parts)
    _header(ws, styles, headers, notes)
    text, count, area = styles.get("@"), styles.get("0"), styles.get("0.00")
    bold_text, bold_count = styles.get("@", bold=True), styles.get("0", bold=True)
    bold_area = styles.get("0.00", bold=True)
    check_style = styles.get("0.000000")
    rate = styles.get("0.00%")

    def line(row: SummaryRow, total: bool) -> list:
        t, c, a = (bold_text, bold_count, bold_area) if total else (text, count, area)
        code = row.code if (row.code or total) else labels["empty"]
        name = labels["total"] if total else row.name
        cells = [_cell(ws, code or None, t, True), _cell(ws, name or None, t, True), _cell(ws, row.count, c)]
        cells += [_cell(ws, row.areas[k], a) for k in summary.area_keys]
        for status in summary.statuses:
            n, s_area = row.by_status[status]
            cells.append(_cell(ws, n, c))
            if summary.area_keys:
                cells.append(_cell(ws, s_area, a))
        if ranks is not None:
            p = total_completion(ledger, summary) if total else ranks[row.code]
            for value, style in ((p.rate_count, rate), (p.rank_count, c), (p.rate_area, rate), (p.rank_area, c)):
                if style is rate and value is not None:
                    value = float(value)  # rates are exact fractions
                cells.append(_cell(ws, value, style))
        if gains is not None:
            n, gained = gains["" if total else row.code]
            cells += [_cell(ws, n, c)] + ([_cell(ws, gained, a)] if summary.area_keys else [])
        if check:
            cells.append(_cell(ws, row.unrounded, check_style))
        return cells

    lines = [line(r, False) for r in summary.rows]
    total = line(summary.total, True)
    for cells in ([total] + lines if template.total_first else lines + [total]):
        ws.append(cells)
    if nd.shown(ledger, since) and since.previous is None:
        ws.append([])
        ws.append([_cell(ws, nd.missing_note(since, english), styles.get("@", border=False), True)])
    return ws, len(headers) - int(check)


def _detail_sheet(wb, ledger: Ledger, name: str, title: str, parts, english: bool, progress,
                  roundtrip: Optional[rt.RoundTrip] = None) -> Tuple[_TextTally, List[str]]:
    """Write the detail sheet; returns the text tally and its column headers (the metadata sheet records them)."""
    template = ledger.template
    ws = wb.create_sheet(name)
    styles = _Styles(ws)
    columns = ledger.columns
    width = len(columns)
    for j, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(j)].width = column.width
    if roundtrip is not None:  # the hidden key column, last so that it never shifts what the reader sees
        ws.column_dimensions[get_column_letter(width + 1)].hidden = True
    last_row = HEADER_ROW + len(ledger.rows)
    last_col = get_column_letter(width)
    _print_setup(ws)
    # The filter range is what a sort from its drop-down moves: it must take the hidden keys along.
    filter_col = get_column_letter(width + 1) if roundtrip is not None else last_col
    ws.auto_filter.ref = f"A{HEADER_ROW}:{filter_col}{max(last_row, HEADER_ROW + 1)}"
    state = next((j for j, c in enumerate(columns) if c.computed and c.sources[0] == "deadline_status"), None)
    if state is not None and ledger.rows:
        letter = get_column_letter(state + 1)
        cell_range = f"A{FIRST_DATA_ROW}:{last_col}{last_row}"
        for role, colour in template.colours.items():
            word = template.statuses[role].replace('"', '""')
            fill = PatternFill("solid", bgColor=colour)
            rule = FormulaRule(formula=[f'${letter}{FIRST_DATA_ROW}="{word}"'], fill=fill)
            ws.conditional_formatting.add(cell_range, rule)
    _title_block(ws, styles, width, title, parts)
    headers = [c.header(english) + ("(平方米)" if c.type == "area_m2" and not english else "") for c in columns]
    _header(ws, styles, headers + ([rt.KEY_HEADER] if roundtrip is not None else []),
            [c.note(english) for c in columns])
    editable = roundtrip is not None
    plan = [(styles.get(c.number_format, fill=rt.EDITABLE_FILL if editable and c.editable else None,
                        unlocked=editable and c.editable), c.type in TEXT_TYPES) for c in columns]
    key_style = styles.get("@")
    keys = roundtrip.keys if roundtrip is not None else None
    total = len(ledger.rows)
    tally = _TextTally()
    for n, row in enumerate(ledger.rows):
        if progress is not None and n % 2000 == 0 and progress(n / max(total, 1)):
            raise Cancelled()
        cells = [_cell(ws, tally.clean(value), style, True) if isinstance(value, str)
                 else _cell(ws, value, style, text) for value, (style, text) in zip(row, plan)]
        if keys is not None:
            cells.append(_cell(ws, tally.clean(keys[n]), key_style, text=True))
        ws.append(cells)
    if roundtrip is not None:
        rt.add_validations(ws, columns, FIRST_DATA_ROW, last_row, english)
    return tally, headers


def _sheet_name(name: str, used: set) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    candidate, k = clean, 2
    while candidate in used:
        candidate = f"{clean[:28]}_{k}"
        k += 1
    used.add(candidate)
    return candidate


def check_target(path: str, overwrite: bool) -> str:
    """The absolute target path, or a clear error before any work is done."""
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise LedgerWriteError("The folder {folder} does not exist.", folder=folder)
    if os.path.isdir(target):
        raise LedgerWriteError("{path} is a folder, not a file name.", path=target)
    if os.path.exists(target) and not overwrite:
        raise LedgerWriteError("{path} already exists; choose another file name or tick Replace an existing file.",
                               path=target)
    if not os.access(folder, os.W_OK):
        raise LedgerWriteError("The folder {folder} is not writable.", folder=folder)
    return target


def write_ledger(
    ledger: Ledger,
    path: str,
    title: Optional[str] = None,
    org: str = "",
    report_date: Optional[date] = None,
    levels: Sequence[str] = ("county",),
    overwrite: bool = False,
    english: bool = False,
    names: Optional[Mapping[str, str]] = None,
    progress: Optional[ProgressCallback] = None,
    roundtrip: Optional[rt.RoundTrip] = None,
    since: Optional[nd.Since] = None,
) -> WriteResult:
    """Write ``ledger`` to ``path`` (.xlsx) atomically; ``progress(fraction)`` returning True cancels.

    With ``roundtrip`` (one key per row) the workbook can come back: see ``roundtrip``. With ``since`` (an
    export with a store) the summaries show what was completed since the previous export.
    """
    if roundtrip is not None and len(roundtrip.keys) != len(ledger.rows):
        raise LedgerError(f"{len(roundtrip.keys)} item keys for {len(ledger.rows)} ledger rows")
    target = check_target(path, overwrite)
    template = ledger.template
    labels = LABELS[english]
    title = title or (template.title_en if english and template.title_en else template.title)
    parts = [labels["org"].format(org), labels["date"].format((report_date or date.today()).isoformat())]
    if template.deadline.get("date"):
        parts.append(labels["as_of"].format(ledger.as_of.isoformat()))
    parts.append(labels["unit"])
    wb = Workbook(write_only=True)
    used: set = set()
    sheets = []
    county = summarize(ledger, "county", names)
    sheets.append(_sheet_name(labels["summary"], used))
    summary_ws, width = _summary_sheet(wb, ledger, county, sheets[-1], title, parts, labels, english, since)
    if has_completion(ledger):
        from .progress_sheet import add_charts, progress_sheet  # it builds on this module

        sheets.append(_sheet_name(labels["progress"], used))
        charts = progress_sheet(wb, ledger, sheets[-1], title, parts, english, names, since)
        add_charts(summary_ws, charts, width + 3, english)
    if "township" in levels:
        for row in county.rows:
            townships = summarize(ledger, "township", names, within=row.code)
            sheets.append(_sheet_name(labels["township"].format(row.name or row.code or labels["empty"]), used))
            sub_title = f"{title}（{row.name or row.code}）"
            _summary_sheet(wb, ledger, townships, sheets[-1], sub_title, parts, labels, english, since)
    sheets.append(_sheet_name(labels["detail"], used))
    folder, name = os.path.split(target)
    fd, temp = tempfile.mkstemp(prefix=".~" + name + ".", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        tally, headers = _detail_sheet(wb, ledger, sheets[-1], title, parts, english, progress, roundtrip)
        if roundtrip is not None:  # the base values as the file holds them (cleaned like the cells)
            rt.write_meta(wb, roundtrip, template, ledger.columns, headers, ledger.rows, sheets[-1],
                          _TextTally().clean)
        wb.save(temp)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it 0600: the ledger is for colleagues too
        os.replace(temp, target)
    except OSError as exc:
        _discard(wb, temp)
        raise LedgerWriteError(
            "Could not write {path}: {detail}. If the file is open in Excel or WPS, close it and try again.",
            path=target, detail=exc.strerror or exc) from None
    except BaseException:
        _discard(wb, temp)
        raise
    if progress is not None:
        progress(1.0)
    return WriteResult(target, len(ledger.rows), sheets, list(ledger.warnings) + tally.warnings())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _discard(wb, temp: str) -> None:
    """Remove the temporary target and openpyxl's per-sheet stream files after a failure or cancel."""
    if os.path.exists(temp):
        os.remove(temp)
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        if not ws.closed:
            ws.close()  # ends the sheet's XML stream cleanly so its file can be removed
        if isinstance(writer.out, str) and os.path.exists(writer.out):
            os.remove(writer.out)
