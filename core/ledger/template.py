"""Ledger templates: JSON files under ``resources/templates/`` (one per analysis plus a generic one).

A template names its columns (key, Chinese and English header, type, number
format, width, source) and how the summary sheet groups and counts. Values
shared by every template (warning days, status words, the responsibility
table's key field) live in ``_defaults.json`` and are deep-merged under each
template, so a template only says what is special about it. A template may
extend another (``extends``: its columns and settings, then this file's) and
list milestones back-scheduled from the deadline (core/ledger/milestones).
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from ..config import TEMPLATES_DIR, ConfigError, merge, read_json
from ..fields import find
from . import milestones as ms

TYPES = ("text", "number", "date", "integer", "area_mu", "area_m2", "status", "auto")  # auto: as the value comes
AREA_TYPES = ("area_mu", "area_m2")
# Sources computed by the ledger itself rather than read from a field.
SEQ, DAYS_LEFT, DEADLINE_STATUS = "序号", "days_left", "deadline_status"
CLOSURE_HINT = "closure_hint"  # 具备销号条件(疑似) when the analysis columns meet the template's "closable" rule
COMPUTED = (SEQ, DAYS_LEFT, DEADLINE_STATUS, CLOSURE_HINT)
DATED = (SEQ, DAYS_LEFT, DEADLINE_STATUS)  # computed afresh at each export (they depend on the as-of date)
EDITABLE_TYPES = ("text", "number", "date", "integer", "status")
LEVELS = {"county": 6, "township": 9, "village": 12}
DEFAULTS_FILE = "_defaults.json"
GENERIC = "generic"
DEFAULT_FORMATS = {
    "text": "@", "status": "@", "number": "0.00", "integer": "0",
    "date": "yyyy-mm-dd", "area_mu": "0.00", "area_m2": "0.00", "auto": "General",
}
DEFAULT_WIDTHS = {"text": 16, "status": 10, "number": 12, "integer": 8, "date": 12, "area_mu": 12, "area_m2": 14,
                  "auto": 14}
ALL_OTHER_FIELDS = "*"  # expand source: every field no other column reads


class TemplateError(ConfigError):
    """A template file is missing or has a wrong entry; the message names the file and entry."""


@dataclass
class Column:
    key: str
    header_zh: str
    header_en: str
    type: str
    number_format: str
    width: float
    sources: List[str]
    required: bool = False
    role: str = ""  # "code" (admin code for grouping), "name" (name of the row's own region) or "responsibility"
    level: str = ""  # of a "name" column: the region named is the row's at this level (LEVELS), not its own
    unit: str = "m2"  # unit of the source value of area columns: m2, ha or mu
    decimals: int = 2
    expand: bool = False  # sources are name prefixes (or "*"): one column per matching field
    note_zh: str = ""  # 说明 of the column: how its value is worked out, shown as the header cell's comment
    note_en: str = ""
    editable: bool = False  # filled in by the teams in a returned ledger (整改措施, 整改状态, 销号 …)
    choices: List[str] = field(default_factory=list)  # the accepted values (drop-down in the workbook)

    @property
    def computed(self) -> bool:
        return len(self.sources) == 1 and (self.sources[0] in COMPUTED or self.sources[0] == ms.NEXT
                                           or self.sources[0].startswith(ms.COMPUTED_PREFIXES))

    def header(self, english: bool = False) -> str:
        return self.header_en if english and self.header_en else self.header_zh

    def note(self, english: bool = False) -> str:
        return self.note_en if english and self.note_en else self.note_zh


@dataclass
class Template:
    id: str
    title: str
    title_en: str
    columns: List[Column]
    path: str
    summary_status: Optional[str]  # column key whose values are counted per region
    summary_order: List[str]
    summary_areas: List[str]  # area column keys summed per region; the first is shown per status
    summary_filter: Dict[str, List[str]]  # column key -> accepted values (rows counted in the summary)
    total_first: bool
    deadline: Dict[str, object]
    warning_days: int
    statuses: Dict[str, str]
    responsibility_key: List[str]
    empty_label: str
    colours: Dict[str, str] = field(default_factory=dict)
    milestones: List[ms.Milestone] = field(default_factory=list)
    key_fields: List[str] = field(default_factory=list)  # field names that identify an item, best first
    closure: Dict[str, object] = field(default_factory=dict)  # 销号 rule (domain §6.3): column keys and words
    closable: Dict[str, object] = field(default_factory=dict)  # analysis rule behind 具备销号条件(疑似)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def editable(self) -> List[Column]:
        return [c for c in self.columns if c.editable]

    @property
    def code_column(self) -> Optional[Column]:
        return next((c for c in self.columns if c.role == "code"), None)

    def required_sources(self) -> List[Column]:
        return [c for c in self.columns if c.required and not c.computed]


def template_files(folder: str = TEMPLATES_DIR) -> Dict[str, str]:
    """Template id -> path of every shipped template (files starting with ``_`` are shared defaults)."""
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        name = os.path.splitext(os.path.basename(path))[0]
        if not name.startswith("_"):
            out[name] = path
    return out


def template_ids(folder: str = TEMPLATES_DIR) -> List[str]:
    return list(template_files(folder))


def template_titles(folder: str = TEMPLATES_DIR) -> Dict[str, str]:
    """Template id -> its title (what a user chooses from), in id order."""
    return {key: read_json(path).get("title") or key for key, path in template_files(folder).items()}


def load_template(id_or_path: str, folder: str = TEMPLATES_DIR) -> Template:
    """A shipped template by id, or any template file by path (merged over the shipped defaults)."""
    files = template_files(folder)
    path = files.get(id_or_path) or id_or_path
    if not os.path.isfile(path):
        raise TemplateError("Unknown ledger template '{template}': give one of {ids} or the path of a template "
                            ".json file.", template=id_or_path, ids=", ".join(files))
    data = read_json(path)
    base = data.get("extends")  # a template may add to another (e.g. milestones on the generic columns)
    if base:
        if base not in files or files[base] == path:
            raise TemplateError("Ledger template {path}: it extends {base!r}, which is not another shipped template.",
                                path=path, base=base)
        data = merge({k: v for k, v in read_json(files[base]).items() if k != "id"}, data)
    data = merge(read_json(os.path.join(folder, DEFAULTS_FILE)), data)
    return _validate(data, path)


def _need(data: dict, key: str, path: str):
    if key not in data or data[key] in (None, "", []):
        raise TemplateError("Ledger template {path}: the entry {key} is missing.", path=path, key=key)
    return data[key]


def _column(spec: dict, path: str) -> Column:
    key = _need(spec, "key", path)
    kind = spec.get("type", "text")
    if kind not in TYPES:
        raise TemplateError("Ledger template {path}, column {key}: unknown type {kind!r}; use one of {allowed}.",
                            path=path, key=key, kind=kind, allowed=", ".join(TYPES))
    source = _need(spec, "source", path)
    sources = [source] if isinstance(source, str) else [str(s) for s in source]
    unit = spec.get("unit", "m2")
    if unit not in ("m2", "ha", "mu"):
        raise TemplateError("Ledger template {path}, column {key}: unknown unit {unit!r}; use m2, ha or mu.",
                            path=path, key=key, unit=unit)
    editable = bool(spec.get("editable", False))
    if editable and kind not in EDITABLE_TYPES:
        raise TemplateError("Ledger template {path}, column {key}: a column of type {kind!r} cannot be editable; "
                            "editable types: {allowed}.", path=path, key=key, kind=kind,
                            allowed=", ".join(EDITABLE_TYPES))
    level = spec.get("level", "")
    if level and level not in LEVELS:
        raise TemplateError("Ledger template {path}, column {key}: unknown level {level!r}; use one of {allowed}.",
                            path=path, key=key, level=level, allowed=", ".join(LEVELS))
    choices = spec.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) and c for c in choices):
        raise TemplateError("Ledger template {path}, column {key}: the choices must be a list of words.", path=path,
                            key=key)
    return Column(
        key=key,
        header_zh=_need(spec, "header_zh", path),
        header_en=spec.get("header_en", ""),
        type=kind,
        number_format=spec.get("number_format", DEFAULT_FORMATS[kind]),
        width=float(spec.get("width", DEFAULT_WIDTHS[kind])),
        sources=sources,
        required=bool(spec.get("required", False)),
        role=spec.get("role", ""),
        level=level,
        unit=unit,
        decimals=int(spec.get("decimals", 2)),
        expand=bool(spec.get("expand", False)),
        note_zh=str(spec.get("note_zh", "")),
        note_en=str(spec.get("note_en", "")),
        editable=editable,
        choices=list(choices),
    )


def _validate(data: dict, path: str) -> Template:
    columns = [_column(spec, path) for spec in _need(data, "columns", path)]
    milestones = ms.parse(data.get("milestones", []), path, TemplateError)
    if milestones:  # their columns follow the deadline status (or end the ledger)
        at = next((i + 1 for i, c in enumerate(columns) if c.computed and c.sources[0] == DEADLINE_STATUS),
                  len(columns))
        columns[at:at] = [_column(spec, path) for spec in ms.column_specs(milestones)]
        if not data.get("deadline", {}).get("date"):
            raise TemplateError("Ledger template {path}: milestones count back from the deadline; set deadline.date.",
                                path=path)
    if data.get("rectification"):  # the teams' columns, shared by every rectification ledger
        if not data.get("closable"):
            raise TemplateError("Ledger template {path}: a rectification template needs the entry closable (the "
                                "analysis rule that suggests closing an item).", path=path)
        own = {c.key for c in columns}
        columns += [_column(spec, path) for spec in data.get("rectification_columns", []) if spec.get("key") not in own]
    keys = [c.key for c in columns]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise TemplateError("Ledger template {path}: column keys used twice: {keys}.", path=path,
                            keys=", ".join(duplicates))
    summary = data.get("summary", {})
    status = summary.get("status")
    areas = list(summary.get("areas", []))
    for key in ([status] if status else []) + areas + list(summary.get("filter", {})):
        if key not in keys:
            raise TemplateError("Ledger template {path}: the summary names the column {key!r}, which the template does "
                                "not have.", path=path, key=key)
    for key in areas:
        if columns[keys.index(key)].type not in AREA_TYPES:
            raise TemplateError("Ledger template {path}: the summary area {key!r} is not an area column.", path=path,
                                key=key)
    deadline = data.get("deadline", {})
    for role in ("date", "done_status", "done_date"):
        if deadline.get(role) and deadline[role] not in keys:
            raise TemplateError("Ledger template {path}: deadline.{role} names an unknown column {key!r}.", path=path,
                                role=role, key=deadline[role])
    for role in ("code", "name"):
        if sum(1 for c in columns if c.role == role) > 1:
            raise TemplateError("Ledger template {path}: more than one column has the role {role!r}.", path=path,
                                role=role)
    closure = dict(data.get("closure", {}))
    closed = closure.get("closed")
    if closed in keys and columns[keys.index(closed)].editable:  # the 销号 rule guards an editable 是否销号
        for role in ("status", "basis"):
            if closure.get(role) not in keys:
                raise TemplateError("Ledger template {path}: closure.{role} names an unknown column {key!r}.",
                                    path=path, role=role, key=closure.get(role))
    closable = dict(data.get("closable", {}))
    if closable:
        closable.setdefault("label", data.get("closable_label", ""))
    if closable and closable.get("column") not in keys:
        raise TemplateError("Ledger template {path}: closable names an unknown column {key!r}.", path=path,
                            key=closable.get("column"))
    return Template(
        id=_need(data, "id", path),
        title=_need(data, "title", path),
        title_en=data.get("title_en", ""),
        columns=columns,
        path=path,
        summary_status=status,
        summary_order=list(summary.get("order", [])),
        summary_areas=areas,
        summary_filter={k: [str(v) for v in vals] for k, vals in summary.get("filter", {}).items()},
        total_first=bool(summary.get("total_first", False)),
        deadline=deadline,
        warning_days=int(data.get("warning_days", 15)),
        statuses=dict(data.get("statuses", {})),
        responsibility_key=list(data.get("responsibility_key", [])),
        empty_label=str(data.get("empty_label", "")),
        colours=dict(data.get("colours", {})),
        milestones=milestones,
        key_fields=[str(k) for k in data.get("key_fields", [])],
        closure=closure,
        closable=closable,
    )


def source_field(column: Column, available: Sequence[str]) -> Optional[str]:
    """The layer field feeding ``column`` (case-insensitive over its aliases), or None."""
    return None if column.computed or column.expand else find(available, column.sources)


def missing_fields(template: Template, available: Sequence[str]) -> List[Tuple[str, List[str]]]:
    """(header, accepted names) of every required column the layer cannot fill."""
    return [(c.header_zh, c.sources) for c in template.required_sources() if source_field(c, available) is None]


def match_score(template: Template, available: Sequence[str]) -> Tuple[int, float, int]:
    """How well a layer fits: (all required present, share of required present, columns filled)."""
    required = template.required_sources()
    found = sum(1 for c in required if source_field(c, available) is not None)
    filled = sum(1 for c in template.columns if source_field(c, available) is not None)
    share = found / len(required) if required else 0.0
    return (int(found == len(required) and bool(required)), share, filled)


def choose_template(available: Sequence[str], folder: str = TEMPLATES_DIR) -> str:
    """Id of the template whose required fields best match ``available``; the generic one otherwise."""
    best, best_score = GENERIC, (0, 0.0, 0)
    for template_id in template_ids(folder):
        if template_id == GENERIC:
            continue
        score = match_score(load_template(template_id, folder), available)
        if score[0] and score > best_score:
            best, best_score = template_id, score
    return best
