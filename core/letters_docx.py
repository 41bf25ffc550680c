"""Reminder and supervision letters as editable .docx files in the usual 公文 layout (python-docx).

Layout after GB/T 9704 (党政机关公文格式): A4, margins 37/35/28/26 mm; the issuer's mark in red over a red
rule with the 文号 placeholder; the title in 小标宋 二号; the addressee, body and measures in 仿宋 三号
with a two-character first-line indent and 28 pt line spacing; the item table; the feedback deadline;
the issuer and the date at the right; page numbers "— 1 —" at the foot. Fonts and sizes come from the
wording file.

Every letter is written into a temporary folder beside the targets and moved in place only when all
are written, so a failure or a cancel leaves no letter behind, and an existing file is replaced only
when the caller says so.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from functools import partial
from typing import Any, Callable, List, Mapping, Optional, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .letters import Letter, chinese_date, fill
from .messages import Problem
from .overlay import Cancelled

LINE_SPACING = Pt(28)
TABLE_WIDTHS_MM = (10, 34, 28, 18, 20, 24, 22)  # 156 mm: the type area of an A4 page


class LetterWriteError(Problem):
    """A letter cannot be written (target exists, folder missing or read-only)."""


def _font(run, name: str, size: float, bold: bool = False, colour: Optional[str] = None, latin: str = "") -> None:
    """Chinese text in ``name``; digits and Latin letters in ``latin`` (公文 practice: Times New Roman) if given."""
    run.font.name = latin or name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)  # Chinese text uses eastAsia
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)


def _paragraph(doc, text: str, font: str, size: float, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True,
               bold: bool = False, colour: Optional[str] = None, space_before: float = 0, latin: str = ""):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING if size <= 16 else Pt(size * 1.5)
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * size)  # 首行缩进两字
    _font(paragraph.add_run(text), font, size, bold, colour, latin)
    return paragraph


def _red_rule(paragraph, colour: str) -> None:
    """A red line under the issuer's mark (a bottom border of its paragraph)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number(section, font: str) -> None:
    """Footer '— N —' with a PAGE field, centred."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), font, 14)
    run = paragraph.add_run()
    _font(run, font, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), font, 14)


def _cell(cell, text: str, font: str, size: float, latin: str, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), font, size, latin=latin)


def days_text(days: Optional[int], wording: Mapping[str, Any]) -> str:
    if days is None:
        return ""
    return wording["overdue_days"].format(-days) if days < 0 else str(days)


def build_document(letter: Letter, wording: Mapping[str, Any], issuer: str, as_of: date, warning_days: int,
                   escalate_days: int):
    """The letter as a python-docx Document."""
    values = fill(letter, wording, issuer, as_of, warning_days, escalate_days)
    entry = wording[letter.kind]
    fonts = wording["fonts"]
    body, size = fonts["body"], float(fonts["body_size"])
    latin = fonts.get("latin", "")
    para = partial(_paragraph, latin=latin)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = body, Pt(size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), body)
    doc.core_properties.title = entry["title"].format(**values)
    doc.core_properties.author = issuer
    doc.core_properties.subject = f"{letter.unit} {entry['name']}"

    colour = fonts.get("issuer_colour", "C00000")
    if issuer:
        para(doc, issuer, fonts["issuer"], float(fonts["issuer_size"]), WD_ALIGN_PARAGRAPH.CENTER,
             indent=False, colour=colour)
    number = para(doc, wording["doc_number"].format(**values), body, size, WD_ALIGN_PARAGRAPH.CENTER,
                  indent=False)
    _red_rule(number, colour)
    para(doc, entry["title"].format(**values), fonts["title"], float(fonts["title_size"]),
         WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True, space_before=size)
    para(doc, f"{letter.unit}：", body, size, WD_ALIGN_PARAGRAPH.LEFT, indent=False, space_before=size)
    para(doc, entry["intro"].format(**values), body, size)
    para(doc, wording["table_title"].format(**values), fonts["heading"], size, WD_ALIGN_PARAGRAPH.CENTER,
         indent=False)
    _item_table(doc, letter, wording, latin)
    for line in entry["measures"]:
        para(doc, line.format(**values), body, size, space_before=0)
    para(doc, entry["feedback"].format(**values), body, size)
    para(doc, entry["closing"].format(**values), body, size)
    para(doc, wording["contact"].format(**values), body, size)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    para(doc, issuer, body, size, right, indent=False, space_before=2 * size)
    para(doc, chinese_date(as_of), body, size, right, indent=False)
    _page_number(section, body)
    return doc


def _item_table(doc, letter: Letter, wording: Mapping[str, Any], latin: str) -> None:
    fonts = wording["fonts"]
    font, size = fonts["body"], float(fonts["table_size"])
    table = doc.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    margins = OxmlElement("w:tblCellMar")  # narrow cell margins: codes of 15 characters fit on one line
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")  # twentieths of a point: 1 mm
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, wording["table_headers"]):
        _cell(cell, header, fonts["heading"], size, latin)
    for n, item in enumerate(letter.items, 1):
        cells = table.add_row().cells
        texts = [str(n), item.key, item.location, "" if item.area is None else f"{item.area:.2f}", item.problem,
                 (item.deadline.isoformat() if item.deadline else wording["no_date"])
                 + (f"（{item.milestone}）" if item.milestone else ""),
                 days_text(item.days_left, wording)]
        for k, (cell, text) in enumerate(zip(cells, texts)):
            _cell(cell, text, font, size, latin, WD_ALIGN_PARAGRAPH.LEFT if k in (2, 4) else WD_ALIGN_PARAGRAPH.CENTER)
    table.autofit = False
    for column, width in zip(table.columns, TABLE_WIDTHS_MM):  # the grid (LibreOffice, WPS) and each cell (Word)
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, TABLE_WIDTHS_MM):
            cell.width = Mm(width)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page of a long list
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def write_letters(letters: Sequence[Letter], folder: str, wording: Mapping[str, Any], issuer: str, as_of: date,
                  warning_days: int, escalate_days: int, overwrite: bool = False,
                  progress: Optional[Callable[[float], bool]] = None,
                  before_move: Optional[Callable[[List[str]], None]] = None) -> List[str]:
    """Write every letter to ``folder`` (file names already in ``letter.file``); the written paths.

    The letters are made in a temporary folder and moved in at the end: ``before_move(paths)`` runs
    between (the caller's table of the letters); when it raises, no letter is moved in. A move that fails
    takes back the letters already moved.
    """
    folder = os.path.abspath(folder)
    if not os.path.isdir(folder):
        raise LetterWriteError("The folder {folder} does not exist.", folder=folder)
    if not os.access(folder, os.W_OK):
        raise LetterWriteError("The folder {folder} is not writable.", folder=folder)
    targets = [os.path.join(folder, letter.file) for letter in letters]
    existing = [t for t in targets if os.path.exists(t)]
    if existing and not overwrite:
        raise LetterWriteError("{count} letters already exist in {folder} (e.g. {file}); choose another folder or "
                               "allow replacing them.", count=len(existing), folder=folder,
                               file=os.path.basename(existing[0]))
    temp = tempfile.mkdtemp(prefix=".~letters.", dir=folder)
    try:
        for n, (letter, target) in enumerate(zip(letters, targets)):
            if progress is not None and progress(n / max(len(letters), 1)):
                raise Cancelled()
            build_document(letter, wording, issuer, as_of, warning_days, escalate_days).save(
                os.path.join(temp, letter.file))
        if before_move is not None:
            before_move(targets)
        moved = []
        try:
            for letter, target in zip(letters, targets):
                os.replace(os.path.join(temp, letter.file), target)
                moved.append(target)
        except OSError:
            for target in moved:
                os.remove(target)
            raise
    except OSError as exc:
        raise LetterWriteError("Could not write the letters in {folder}: {reason}. If a letter is open in Word or "
                               "WPS, close it and try again.", folder=folder, reason=exc.strerror or exc) from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return targets
