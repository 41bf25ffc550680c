"""Legacy-mine rehabilitation status and closed-mine 三到位 (domain.md §5).

Every code list, threshold and label lives in ``resources/config``:
``mine_codes.json`` (codes, labels and text synonyms), ``mine_rules.json``
(rule per restoration mode, residual classes, status vocabulary),
``damage_types.json`` (tbsx -> 挖损/压占/塌陷, our mapping) and
``closed_mine_checks.json`` (三到位 labels and yes/no values).

Survey evidence (the latest DLTB under a patch) can raise a status up to
已修复(待验收); only the acceptance attribute ever gives 已验收.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import admincodes, landclass
from .text import cell_text
from .units import mu, percent
from .config import ConfigError, load_config, merge, read_json

CODED_FIELDS = ("tbdl", "tbxl", "kcfs", "hfzlqk", "tbsx", "nxffs", "bhdlx", "stwt", "yszt")
STATUS_KEYS = ("to_verify", "unrestored", "in_progress", "restored", "accepted")
CHECK_KEYS = ("licence", "facility", "restore")
_SPLIT = re.compile(r"[、,，/;；\s]+")


def text_key(value: Any) -> str:
    """Comparable form of a code or text value: NFKC, no blanks, upper-case, '01' == '1'."""
    text = "".join(cell_text(value).split()).upper()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text.isdigit():
        text = str(int(text))
    return text


@dataclass
class Coded:
    """A normalised value: the code (None when empty or unknown) and the raw text."""

    code: Optional[str]
    raw: str = ""

    @property
    def unknown(self) -> bool:
        return self.code is None and self.raw != ""


class CodeBook:
    """Code lists of ``mine_codes.json``: code, label or synonym -> code."""

    def __init__(self, tables: Mapping[str, Any]):
        self.tables = tables
        self._lookup: Dict[str, Dict[str, str]] = {}
        for name in CODED_FIELDS:
            spec = tables.get(name)
            if not isinstance(spec, dict) or not isinstance(spec.get("codes"), dict):
                raise ConfigError("Settings {table}, entry {key}: a table of codes is needed.", table="mine_codes",
                                  key=name + ".codes")
            lookup: Dict[str, str] = {}
            for code, entry in spec["codes"].items():
                for text in [code, entry.get("label", "")] + list(entry.get("synonyms", [])):
                    key = text_key(text)
                    if key and lookup.setdefault(key, code) != code:
                        raise ConfigError("Settings {table}, entry {key}: {value!r} means two different codes.",
                                          table="mine_codes", key=name, value=text)
            self._lookup[name] = lookup

    def normalize(self, name: str, value: Any) -> Coded:
        raw = "" if value is None else str(value).strip()
        if text_key(value) == "":
            return Coded(None, "")
        return Coded(self._lookup[name].get(text_key(value)), raw)

    def label(self, name: str, code: Optional[str]) -> str:
        if code is None:
            return ""
        return self.tables[name]["codes"][code].get("label", code)

    def field_label(self, name: str) -> str:
        return self.tables[name].get("label", name)


class Tally:
    """Unknown values per field: counted for the log, kept in the output."""

    def __init__(self) -> None:
        self.values: Dict[str, Counter] = defaultdict(Counter)

    def add(self, name: str, raw: str) -> None:
        self.values[name][raw] += 1

    def total(self) -> int:
        return sum(sum(c.values()) for c in self.values.values())

    def lines(self) -> List[str]:
        """One line per field: 'nxffs: 3 (工程修复X ×2, ?? ×1)'."""
        out = []
        for name in sorted(self.values):
            counter = self.values[name]
            shown = ", ".join(f"{raw} ×{n}" for raw, n in counter.most_common(5))
            more = " …" if len(counter) > 5 else ""
            out.append(f"{name}: {sum(counter.values())} ({shown}{more})")
        return out


# -- configuration -------------------------------------------------------------

def codebook(tables: Optional[Mapping[str, Any]] = None) -> CodeBook:
    """The code lists given (e.g. the user's settings), else the shipped ones."""
    return CodeBook(tables if tables is not None else load_config("mine_codes"))


def _check_share(where: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError("Mine restoration rules, entry {key}: {value!r} must be empty or a share between 0 and 1.",
                          key=where, value=value)


def validate_rules(rules: Mapping[str, Any]) -> Mapping[str, Any]:
    """Check a rule table (after merging); raise ConfigError naming the bad entry."""
    for key in ("modes", "unknown_mode", "residual_classes", "status_labels", "flags", "default_target_prefixes"):
        if key not in rules:
            raise ConfigError("Mine restoration rules: the entry {key} is missing.", key=key)
    for name, rule in list(rules["modes"].items()) + [("unknown_mode", rules["unknown_mode"])]:
        if name.startswith("_"):
            continue
        entry = name if name == "unknown_mode" else "modes." + name  # as the settings page names it
        if not isinstance(rule, dict):
            raise ConfigError("Mine restoration rules, entry {key}: a table of rules is needed.", key=entry)
        for key in ("min_restored_share", "max_residual_share"):
            _check_share(f"{entry}.{key}", rule.get(key))
        prefixes = rule.get("target_prefixes")
        if prefixes is not None and not (isinstance(prefixes, list) and all(isinstance(p, str) for p in prefixes)):
            raise ConfigError("Mine restoration rules, entry {key}: must be empty or a list of land-class "
                              "code prefixes.", key=entry + ".target_prefixes")
    _check_share("progress_min_share", rules.get("progress_min_share", 0.0))
    missing = [k for k in STATUS_KEYS if k not in rules["status_labels"]]
    if missing:
        raise ConfigError("Mine restoration rules, entry {key}: the labels of {missing} are missing.",
                          key="status_labels", missing=", ".join(missing))
    unknown = [k for k in rules.get("completed_statuses", []) if k not in STATUS_KEYS]
    if unknown:
        raise ConfigError("Mine restoration rules, entry {key}: unknown statuses {unknown}; use {allowed}.",
                          key="completed_statuses", unknown=", ".join(unknown), allowed=", ".join(STATUS_KEYS))
    return rules


def load_rules(path: Optional[str] = None, base: Optional[Mapping[str, Any]] = None) -> Mapping[str, Any]:
    """``base`` (the user's settings; default the shipped table) with an optional rule file merged key by key."""
    rules = base if base is not None else load_config("mine_rules")
    if path:
        rules = merge(rules, read_json(path))
    return validate_rules(rules)


# -- land classes under a patch -------------------------------------------------

def class_mask(codes: Sequence[str], prefixes: Iterable[str]) -> np.ndarray:
    """True where a DLBM code starts with one of ``prefixes`` (evaluated once per distinct code)."""
    prefixes = tuple(prefixes)
    hits = {c: landclass.matches_prefix(c, prefixes) for c in set(codes)}
    return np.fromiter((hits[c] for c in codes), dtype=bool, count=len(codes))


def residual_mask(codes: Sequence[str], tbxhdm: Sequence[Any], residual: Mapping[str, Any]) -> np.ndarray:
    """Residual damage: still 0602/1206/1207 (configurable) or refinement code FQ."""
    refine = {text_key(v) for v in residual.get("tbxhdm", [])}
    flagged = np.fromiter((text_key(v) in refine for v in tbxhdm), dtype=bool, count=len(tbxhdm))
    return class_mask(codes, residual.get("dlbm_prefixes", [])) | flagged


def direction_prefixes(text: Any, words: Mapping[str, Sequence[str]]) -> Tuple[List[str], List[str]]:
    """Class prefixes named by a 拟修复方向 value, and the parts that name no class."""
    table = landclass.table()
    group_names = {name: code for code, name in table["groups"].items()}
    prefixes: List[str] = []
    unresolved: List[str] = []
    for part in _SPLIT.split(unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()):
        if not part:
            continue
        code = landclass.normalize(part)
        if code in table["classes"] or code in table["groups"]:
            prefixes.append(code)
        elif part in words:
            prefixes.extend(words[part])
        elif landclass.code_for_name(part):
            prefixes.append(landclass.code_for_name(part))
        elif part in group_names:
            prefixes.append(group_names[part])
        else:
            unresolved.append(part)
    return prefixes, unresolved


def piece_totals(
    left: np.ndarray,
    right: np.ndarray,
    piece_area: np.ndarray,
    target_group: np.ndarray,
    group_masks: np.ndarray,
    residual: np.ndarray,
    size: int,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-patch restored, residual and covered area from DLTB pieces.

    ``target_group[i]`` indexes the row of ``group_masks`` (groups x DLTB parcels)
    holding patch i's target classes; a residual piece never counts as restored.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    piece_residual = residual[right] if len(right) else np.zeros(0, dtype=bool)
    piece_target = group_masks[target_group[left], right] if len(right) else np.zeros(0, dtype=bool)
    restored = piece_target & ~piece_residual
    rest = np.bincount(left, weights=np.where(restored, piece_area, 0.0), minlength=size)[:size]
    resid = np.bincount(left, weights=np.where(piece_residual, piece_area, 0.0), minlength=size)[:size]
    covered = np.bincount(left, weights=piece_area, minlength=size)[:size]
    return rest, resid, covered


def shares(part: np.ndarray, whole: np.ndarray, covered: np.ndarray, min_overlap: float) -> np.ndarray:
    """part / whole clipped to 0..1; NaN where the survey does not cover the patch."""
    part = np.asarray(part, dtype=float)
    whole = np.asarray(whole, dtype=float)
    out = np.divide(part, whole, out=np.full(len(part), np.nan), where=whole > 0)
    out = np.clip(out, 0.0, 1.0)
    out[np.asarray(covered) < min_overlap] = np.nan
    return out


# -- status of a legacy-mine patch ----------------------------------------------

def thresholds_set(rule: Mapping[str, Any]) -> bool:
    return rule.get("min_restored_share") is not None or rule.get("max_residual_share") is not None


def evidence(rest_share: float, residual_share: float, rule: Mapping[str, Any], progress_min: float = 0.0) -> str:
    """What the survey says: 'complete', 'partial', 'none' or 'nodata' (no DLTB under the patch).

    'complete' needs every threshold of the rule that is set; with none set
    (the [U] default) the survey can only say 'partial' or 'none'.
    """
    if rest_share is None or math.isnan(rest_share):
        return "nodata"
    if thresholds_set(rule):
        low = rule.get("min_restored_share")
        high = rule.get("max_residual_share")
        if (low is None or rest_share >= low) and (high is None or residual_share <= high):
            return "complete"
    return "partial" if rest_share > progress_min else "none"


def status_key(hfzlqk: Optional[str], yszt: Optional[str], survey: str, rules: Mapping[str, Any]) -> str:
    """待核实 / 未修复 / 修复中 / 已修复(待验收) / 已验收 as a key of ``status_labels``.

    The acceptance attribute alone gives 'accepted'; otherwise the higher of what
    the attributes say (hfzlqk_status) and what the survey says. With
    ``attribute_over_survey`` off, a survey showing no restored land at all
    overrules the attribute status.
    """
    if yszt is not None and yszt in rules.get("accepted_yszt", []):
        return "accepted"
    from_attr = rules.get("hfzlqk_status", {}).get(hfzlqk) if hfzlqk is not None else None
    if survey == "none" and not rules.get("attribute_over_survey", True):
        from_attr = None
    # a patch the survey cannot score (转型利用 without a planned use) is 待核实, never 未修复
    from_survey = {"complete": "restored", "partial": "in_progress", "unscorable": "to_verify"}.get(
        survey, "unrestored")
    candidates = [k for k in (from_attr, from_survey) if k in STATUS_KEYS and k != "accepted"]
    return max(candidates, key=STATUS_KEYS.index) if candidates else "unrestored"


def damage_type(tbsx: Optional[str], table: Mapping[str, Any]) -> str:
    return table.get("by_tbsx", {}).get(tbsx, "") if tbsx is not None else ""


@dataclass
class Patch:
    """A patch's normalised attributes and the rule that applies to it."""

    codes: Dict[str, Coded]
    rule: Mapping[str, Any]
    targets: Tuple[str, ...]
    flags: List[str] = field(default_factory=list)
    scorable: bool = True  # False: the rule needs a planned use (转型利用) and the patch names none


def prepare_patch(values: Mapping[str, Any], book: CodeBook, rules: Mapping[str, Any], tally: Tally) -> Patch:
    """Normalise the coded attributes (unknown values kept, flagged, counted) and pick the rule."""
    flags_text = rules["flags"]
    codes: Dict[str, Coded] = {}
    flags: List[str] = []
    for name in CODED_FIELDS:
        coded = book.normalize(name, values.get(name))
        codes[name] = coded
        if coded.unknown:
            tally.add(name, coded.raw)
            flags.append(flags_text["unknown"].format(book.field_label(name), coded.raw))
    mode = codes["nxffs"].code
    rule = rules["modes"].get(mode) if mode is not None else None
    rule = rule or rules["unknown_mode"]
    targets = list(rule.get("target_prefixes") or rules["default_target_prefixes"])
    direction = values.get("nxffx")
    named = False
    if rule.get("use_planned_direction") and text_key(direction):
        found, unresolved = direction_prefixes(direction, book.tables.get("nxffx", {}).get("words", {}))
        if found and not unresolved:
            targets, named = found, True
        else:
            tally.add("nxffx", str(direction).strip())
            flags.append(flags_text["direction_unknown"].format(str(direction).strip()))
    # 转型利用 is scored against the planned use only: without one, no class list can say it is restored.
    scorable = named or not rule.get("requires_direction")
    if not scorable:
        flags.append(flags_text["direction_missing"])
    return Patch(codes, rule, tuple(sorted(set(targets))) if scorable else (), flags, scorable)


@dataclass
class PatchResult:
    damage_type: str
    status: str
    status_key: str
    priority: str
    flags: List[str]


def assess_patch(
    patch: Patch,
    rest_share: float,
    residual_share: float,
    coverage: float,
    in_red_line: bool,
    in_farmland: bool,
    rules: Mapping[str, Any],
    damage: Mapping[str, Any],
) -> PatchResult:
    """Status, damage type, priority and flags of one patch from its attributes and the survey."""
    text = rules["flags"]
    flags = list(patch.flags)
    codes = patch.codes
    survey = evidence(rest_share, residual_share, patch.rule, rules.get("progress_min_share", 0.0))
    if not patch.scorable and survey != "nodata":
        survey = "unscorable"
    key = status_key(codes["hfzlqk"].code, codes["yszt"].code, survey, rules)
    if survey == "nodata":
        flags.append(text["no_survey"])
    elif coverage < rules.get("min_coverage_share", 0.0):
        flags.append(text["partial_survey"].format(f"{coverage * 100:.1f}"))
    attr_status = rules.get("hfzlqk_status", {}).get(codes["hfzlqk"].code)
    if survey == "none":
        if key == "accepted":
            flags.append(text["accepted_survey_damaged"])
        elif attr_status == "restored":
            flags.append(text["attr_restored_survey_damaged"])
    elif survey in ("complete", "partial") and codes["hfzlqk"].code is not None and attr_status is None:
        flags.append(text["survey_ahead"])
    if codes["tbsx"].code in damage.get("pseudo_change_tbsx", []) or codes["tbxl"].code in damage.get(
        "pseudo_change_tbxl", []
    ):
        flags.append(text["pseudo_change"])
    if in_red_line:
        flags.append(text["red_line"])
    if in_farmland:
        flags.append(text["basic_farmland"])
    priority = rules["priority_label"] if (in_red_line or in_farmland) else ""
    return PatchResult(
        damage_type(codes["tbsx"].code, damage),
        rules["status_labels"][key],
        key,
        priority,
        flags,
    )


# -- per-county completion --------------------------------------------------------

def county_of(xzqdm: Any, xzx: Any) -> str:
    """County key: the 6-digit prefix of an admin code, else the county name, else ''."""
    code = admincodes.normalize(xzqdm)
    if len(code) >= 6 and code[:6].isdigit():
        return code[:6]
    return "" if xzx is None else str(xzx).strip()


def county_summary(
    counties: Sequence[str],
    names: Sequence[str],
    status_keys: Sequence[str],
    areas: Sequence[float],
    rest_areas: Sequence[float],
    completed: Iterable[str],
) -> List[Dict[str, Any]]:
    """One row per county in code order: counts by status, completion rates by count and by area in percent
    (2 decimals), areas in m² and in 亩 (each patch rounded to 0.01 亩 and then added, as the ledger does)."""
    completed = set(completed)
    rows: Dict[str, Dict[str, Any]] = {}
    for county, name, key, area, rest in zip(counties, names, status_keys, areas, rest_areas):
        row = rows.setdefault(county, {
            "county": county, "county_name": "", "n_patches": 0, "n_done": 0,
            "area": 0.0, "done_area": 0.0, "rest_area": 0.0, **{"n_" + k: 0 for k in STATUS_KEYS},
            "area_mu": Fraction(0), "done_area_mu": Fraction(0), "rest_area_mu": Fraction(0),
        })
        if name and not row["county_name"]:
            row["county_name"] = str(name)
        area = 0.0 if area is None or math.isnan(area) else float(area)
        rest = 0.0 if rest is None or math.isnan(rest) else float(rest)
        row["n_patches"] += 1
        row["n_" + key] += 1
        row["area"] += area
        row["rest_area"] += rest
        row["area_mu"] += Fraction(str(mu(area)))
        row["rest_area_mu"] += Fraction(str(mu(rest)))
        if key in completed:
            row["n_done"] += 1
            row["done_area"] += area
            row["done_area_mu"] += Fraction(str(mu(area)))
    out = []
    for county in sorted(rows):
        row = rows[county]
        for key in ("area_mu", "done_area_mu", "rest_area_mu"):
            row[key] = float(row[key])
        row["rate_count_pct"] = percent(row["n_done"], row["n_patches"])
        row["rate_area_pct"] = percent(row["done_area"], row["area"]) if row["area"] > 0 else None
        out.append(row)
    return out


# -- closed mines: 三到位 ----------------------------------------------------------

def yes_no(value: Any, checks: Mapping[str, Any]) -> Tuple[Optional[bool], str]:
    """(True/False/None, raw text): None when empty or not a known yes/no value."""
    key = text_key(value)
    raw = "" if value is None else str(value).strip()
    if not key:
        return None, ""
    if key in {text_key(v) for v in checks["yes_values"]}:
        return True, raw
    if key in {text_key(v) for v in checks["no_values"]}:
        return False, raw
    return None, raw


def _attributes(values: Mapping[str, Any], names: Sequence[str], checks, tally: Tally, flags: List[str]):
    """Yes/no answers of the named attributes, with evidence text; unknown text is flagged."""
    answers, evidence_parts = [], []
    for name in names:
        answer, raw = yes_no(values.get(name), checks)
        if raw:
            evidence_parts.append(f"{name.upper()}={raw}")
            if answer is None:
                tally.add(name, raw)
                flags.append(checks["flags"]["unknown"].format(name.upper(), raw))
        answers.append(answer)
    return answers, evidence_parts


def _verdict(answers: Sequence[Optional[bool]]) -> str:
    if any(a is False for a in answers):
        return "no"
    if answers and all(a is True for a in answers):
        return "yes"
    return "unknown"


def check_licence(values: Mapping[str, Any], checks, tally: Tally, flags: List[str]) -> Tuple[str, str]:
    """证照注销到位 from the attributes (and the cancellation document number)."""
    spec = checks["licence"]
    answers, parts = _attributes(values, spec["attributes"], checks, tally, flags)
    verdict = _verdict(answers)
    document = text_key(values.get(spec.get("document", "")))
    if document:
        parts.append(f"{spec['document'].upper()}={str(values.get(spec['document'])).strip()}")
        if verdict == "unknown" and all(a is None for a in answers) and spec.get("document_means_yes"):
            verdict = "yes"
    words = checks["evidence"]
    return verdict, words["separator"].join(parts) or words["no_attributes"]


def check_facility(
    values: Mapping[str, Any], building_area: float, covered: bool, building_desc: str, checks, tally: Tally,
    flags: List[str],
) -> Tuple[str, str]:
    """设施拆除到位: every attribute yes and no building classes left in the latest DLTB."""
    spec, words = checks["facility"], checks["evidence"]
    answers, parts = _attributes(values, spec["attributes"], checks, tally, flags)
    document = spec.get("document")
    if document and text_key(values.get(document)):
        parts.append(f"{document.upper()}={str(values.get(document)).strip()}")
    if not covered:
        parts.append(words["no_survey"])
        answers.append(None)
    elif building_area >= checks.get("min_building_m2", 0.0):
        parts.append(words["buildings_left"].format(building_desc, f"{building_area:.2f}"))
        answers.append(False)
    else:
        parts.append(words["no_buildings"].format(building_desc))
        answers.append(True)
    return _verdict(answers), words["separator"].join(parts)


def check_restore(
    rest_share: float, residual_share: float, rule: Mapping[str, Any], checks, progress_min: float = 0.0
) -> Tuple[str, str]:
    """生态修复到位 from the survey against the rule table.

    Complete evidence -> yes; none -> no; partial -> no when thresholds are set
    (not reached), 待核实 when they are empty ([U] default); no survey -> 待核实.
    """
    words = checks["evidence"]
    survey = evidence(rest_share, residual_share, rule, progress_min)
    if survey == "nodata":
        return "unknown", words["no_survey"]
    text = words["restore"].format(f"{rest_share * 100:.1f}", f"{residual_share * 100:.1f}")
    if survey == "complete":
        return "yes", text
    if survey == "partial" and not thresholds_set(rule):
        return "unknown", text + words["separator"] + words["no_threshold"]
    return "no", text


def all_three(verdicts: Sequence[str]) -> str:
    return _verdict([{"yes": True, "no": False}.get(v) for v in verdicts])
