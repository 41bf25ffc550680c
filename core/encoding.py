"""Which encoding a shapefile's text is really in (domain.md §1.4).

Chinese shapefiles are usually GBK; the encoding is declared by a ``.cpg`` file, by the DBF language-driver byte
(LDID), or by nothing. Read as anything else the Chinese is garbled silently (and no land class is recognised).
The declaration is trusted unless the text's own bytes contradict it: with nothing declared, text that is strict
UTF-8 is UTF-8 and text that is strict GB18030 with Chinese characters is GB18030; a declared UTF-8 that is not
valid UTF-8, or a declared GBK that is valid multi-byte UTF-8, lies. A declared single-byte code page (LDID of a
Danish file, say) decodes any bytes and is kept.
"""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from typing import List, Optional

SAMPLE = 2000  # records read from the DBF: enough to see the text, cheap on a county file
GB_LDIDS = {0x4D, 0x7A}  # code page 936 (GBK); GDAL writes 0x57 (ISO-8859-1) when told nothing
GB_NAMES = {"936", "cp936", "gbk", "gb2312", "gb18030", "ansi 936", "ms936", "windows-936"}
UTF8_NAMES = {"utf-8", "utf8", "65001"}
GB18030, UTF8 = "GB18030", "UTF-8"
# Outcomes of ``choose`` (the front end words them).
UNDECLARED, LYING, UNDECODABLE = "undeclared", "lying", "undecodable"


@dataclass
class Choice:
    encoding: Optional[str]  # what to read the text as; None = as declared (or GDAL's default)
    declared: str  # what the file says ('' when nothing)
    reason: Optional[str]  # UNDECLARED / LYING when ``encoding`` overrides, UNDECODABLE when no guess fits


def declared_encoding(shp_path: str) -> str:
    """The .cpg text, else 'LDID/<n>' from the DBF header, else '' (nothing declared)."""
    base = os.path.splitext(shp_path)[0]
    for ext in (".cpg", ".CPG"):
        if os.path.exists(base + ext):
            with open(base + ext, "rb") as handle:
                text = handle.read(64).decode("ascii", "replace").strip()
            if text:
                return text
    ldid = _header(dbf_path(shp_path))[3] if dbf_path(shp_path) else 0
    return "LDID/{0}".format(ldid) if ldid else ""


def dbf_path(shp_path: str) -> Optional[str]:
    base = os.path.splitext(shp_path)[0]
    for ext in (".dbf", ".DBF"):
        if os.path.exists(base + ext):
            return base + ext
    return None


def _header(path: str):
    """(records, header length, record length, LDID) of a DBF file."""
    with open(path, "rb") as handle:
        head = handle.read(32)
    if len(head) < 32:
        return 0, 0, 0, 0
    records, header_length, record_length = struct.unpack("<IHH", head[4:12])
    return records, header_length, record_length, head[29]


def text_sample(path: str, limit: int = SAMPLE) -> List[bytes]:
    """Distinct non-ASCII values of the character fields in the first ``limit`` records of a DBF file."""
    records, header_length, record_length, _ = _header(path)
    with open(path, "rb") as handle:
        header = handle.read(header_length)
        fields, offset = [], 1  # each record starts with its deletion flag
        for start in range(32, len(header) - 31, 32):
            if header[start] == 0x0D:
                break
            kind, size = header[start + 11:start + 12], header[start + 16]
            if kind == b"C":
                fields.append((offset, size))
            offset += size
        found = set()
        for _ in range(min(records, limit)):
            record = handle.read(record_length)
            if len(record) < record_length:
                break
            for start, size in fields:
                value = record[start:start + size].rstrip(b" \x00")
                if any(byte > 0x7F for byte in value):
                    found.add(value)
    return sorted(found)


def _decodes(values: List[bytes], encoding: str) -> bool:
    try:
        for value in values:
            value.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _has_chinese(values: List[bytes]) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for value in values for ch in value.decode(GB18030))


def family(declared: str) -> str:
    name = declared.strip().lower()
    if name.startswith("ldid/"):
        return "gb" if name[5:].isdigit() and int(name[5:]) in GB_LDIDS else "single-byte"
    if name in GB_NAMES:
        return "gb"
    if name in UTF8_NAMES:
        return "utf-8"
    return "" if not name else "other"


def choose(declared: str, values: List[bytes]) -> Choice:
    """The encoding to read ``values`` (raw DBF text) as, given what the file ``declared``."""
    if not values:
        return Choice(None, declared, None)
    kind = family(declared)
    utf8 = _decodes(values, "utf-8")
    gb = _decodes(values, GB18030) and _has_chinese(values)
    if kind == "":
        guess = UTF8 if utf8 else GB18030 if gb else None
        return Choice(guess, declared, UNDECLARED if guess else UNDECODABLE)
    if kind == "utf-8" and not utf8:
        return Choice(GB18030, declared, LYING) if gb else Choice(None, declared, UNDECODABLE)
    if kind == "gb" and utf8:  # multi-byte UTF-8 is never an accident
        return Choice(UTF8, declared, LYING)
    if kind == "gb" and not _decodes(values, GB18030):
        return Choice(None, declared, UNDECODABLE)
    return Choice(None, declared, None)
