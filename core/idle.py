"""Idle-land screening rules (疑似闲置土地筛查, domain.md §3.2–§3.6, §3.10).

Pure and table-driven: thresholds, labels and code lists come from
``resources/config/idle.json`` and ``idle_causes.json``. Every outcome is a
suspicion (疑似); determination (认定) is a human step.

Definitions used here (stated once):

- ``T_start`` is the agreed start date; a supplementary agreement's date
  replaces it (§3.5). Without either, ``missing_start_rule`` may derive it
  (contract date or agreed delivery date + N months) and always flags it.
- **Not started**: no actual start (by the start rule) and
  ``as_of >= add_years(T_start, 1)``: the anniversary itself counts.
- **Stalled**: started, (developed / due < area ratio **or** invested / total <
  invest ratio) **and** suspended for at least ``stall_months`` full months.
  When one side is unknown and the other passes, the record is flagged
  数据不全-无法判定中止, never a silent 否.
- **False start**: an actual start date with 0 developed area and 0
  investment ``false_start_months`` after it counts as not started (Art. 30),
  flagged 疑似虚假开工.
- **Cause** (idle_causes.json): a code, or free text decided by who acted:
  enterprise and government signals both → enterprise, flagged 原因待核实;
  natural disasters → force majeure.
- ``idle_start`` (闲置起算日) is the date the idle years are counted from:
  ``T_start`` for not started (the land is idle from its first anniversary),
  the suspension start for stalled. ``idle_years = whole_years(idle_start,
  as_of)``, so the row can be checked by hand. Periods follow core.dates
  (29 February + 1 year = 28 February).
- Enterprise cause: ``idle_years >= recovery_years`` → 无偿收回, ``>= fee_years``
  → 征缴土地闲置费 (fee = fee_rate × price in 万元, 2 dp half-up). The
  recovery tier shows no fee unless ``fee_in_recovery_tier`` (recovery replaces
  the fee under Art. 14). Government causes and force majeure get the Art. 12
  options and never a fee. An unknown cause counts as ``unknown_cause_as``
  (the holder must prove a government cause, §3.4) and is flagged.
- Start rules: ``national_2012`` reads the actual start date;
  ``pm000_local`` reads the optional field 基础是否达到±0.00 (yes/no words in
  idle.json) and falls back, flagged, to the actual start date when it is empty.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import overlay
from .config import ConfigError, load_config
from .dates import ParseError, add_months, add_years, parse_date, whole_months, whole_years
from .fields import schema
from .landclass import matches_prefix, normalize
from .text import cell_text
from .usersettings import NOT_RATIO, one_of

DATE_KEYS = ("agreed_start", "supplement_start", "actual_start", "suspend_start", "contract_date", "delivery_date")
NUMBER_KEYS = ("price", "developed_area", "due_area", "invested", "total_invest")
START_RULES = ("national_2012", "pm000_local")
MISSING_START_RULES = ("contract_plus_months", "delivery_plus_months", "flag_only")
MISSING_START_BASE = {"contract_plus_months": "contract_date", "delivery_plus_months": "delivery_date"}
GOVERNMENT_PREFIX = "government_"

# Tiers (counted in the log): not suspected, enterprise fee / recovery / below the fee years, routed to Art. 12.
TIERS = ("none", "fee", "recovery", "below_fee", "government", "force_majeure")

FLAG_TEXTS = {
    "date_unparseable": "{field}无法解析:{reason}",
    "number_unparseable": "{field}不是数值:'{value}'",
    "negative": "{field}为负数",
    "price_missing": "出让(划拨)价款缺失",
    "developed_gt_due": "已开发面积大于应开发面积",
    "invested_gt_total": "已投资额大于总投资额",
    "key_missing": "电子监管号缺失",
    "key_numeric": "电子监管号为数值,可能已丢失前导零",
    "duplicate_key": "电子监管号重复({count}条)",
    "start_derived": "约定动工日期缺失,按{field}+{months}个月推定为{date}",
    "start_missing": "约定动工日期缺失,无法判定是否未动工",
    "start_unparseable": "约定动工日期无法解析,无法判定是否未动工",
    "actual_after_as_of": "实际动工日期晚于核查日,按未动工处理",
    "late_start": "实际动工晚于约定动工日期满{years}年(曾疑似闲置)",
    "pm000_missing": "±0.00标高字段为空或无法识别,按实际动工日期判断",
    "suspend_after_as_of": "中止开始日期晚于核查日",
    "stall_unknown": "数据不全-无法判定中止:中止已满{months}个月,但缺开发面积与投资额",
    "stall_partial": "数据不全-无法判定中止:中止已满{months}个月,{known}未低于标准,但缺{missing}",
    "false_start": "疑似虚假开工:实际动工日期{date}后满{months}个月,已开发面积与已投资额均为0,按未动工判断",
    "cause_unrecognized": "原因类型'{value}'无法识别",
    "cause_unknown": "原因类型未明,按{assumed}测算",
    "cause_mixed": "原因待核实:原因说明兼有企业与政府(或不可抗力)因素,按企业原因测算",
    "built_signs": "监测图斑显示建设迹象({ids}),与未动工不符,请核实",
    "no_survey_cover": "宗地不在地类图斑图层范围内,无地类证据",
}


@dataclass(frozen=True)
class Flag:
    code: str
    text: str


def flag(code: str, **values) -> Flag:
    return Flag(code, FLAG_TEXTS[code].format(**values))


def ratio(value: object) -> Fraction:
    """A threshold as an exact fraction: "1/3", 0.25 and 0.3333333333333333 (= 1/3) all work."""
    try:
        result = Fraction(str(value).strip()).limit_denominator(10**6)
    except (ValueError, ZeroDivisionError):
        raise ConfigError("The ratio {value!r} is not a number or a fraction such as 1/3.", value=value) from None
    if not 0 < result <= 1:
        raise ConfigError("The ratio {value!r} must be above 0 and at most 1.", value=value)
    return result


def _ratio_problem(value: object):
    try:
        ratio(value)
    except ConfigError:
        return NOT_RATIO, ""
    return None


# Values of idle.json whose JSON type alone does not say they are usable (core.usersettings checks them).
ENTRY_CHECKS = {
    "start_rule": one_of(START_RULES),
    "missing_start_rule": one_of(MISSING_START_RULES),
    "stall_area_ratio": _ratio_problem,
    "stall_invest_ratio": _ratio_problem,
}


def _words(values: Iterable[str]) -> FrozenSet[str]:
    return frozenset(cell_text(v).lower() for v in values)


@dataclass(frozen=True)
class Cause:
    """A record's cause of idleness: its type, whether the value was recognised, whether it names both sides."""

    kind: str
    recognised: bool = True
    mixed: bool = False


@dataclass(frozen=True)
class CauseTable:
    """Cause of idleness from a code or Chinese text (idle_causes.json)."""

    codes: Mapping[str, str]
    force_majeure: Sequence[str]
    government: Sequence[Tuple[str, str]]
    enterprise: Sequence[str]
    names: Mapping[str, str]
    art12_options: Sequence[str]

    @classmethod
    def load(cls, data: Optional[dict] = None) -> "CauseTable":
        data = data if data is not None else load_config("idle_causes")
        names = data["types"]
        codes = {cell_text(k).lower(): v for k, v in data["codes"].items()}
        government = [(word, kind) for word, kind in data["government_keywords"]]
        for kind in list(codes.values()) + [k for _, k in government]:
            if kind not in names:
                raise ConfigError("Settings {table}: unknown cause type {kind!r}; use one of {allowed}.",
                                  table="idle_causes", kind=kind, allowed=", ".join(sorted(names)))
        return cls(codes, list(data["force_majeure_keywords"]), government, list(data["enterprise_keywords"]),
                   names, list(data["art12_options"]))

    def classify(self, value: object) -> Cause:
        """A code first (exact); free text by who acted (idle_causes.json ``_keywords``).

        Empty is unknown (recognised); text with no signal is unknown (not recognised).
        """
        text = cell_text(value)
        if not text:
            return Cause("unknown")
        hit = self.codes.get(text.lower())
        if hit:
            return Cause(hit)
        enterprise = any(word in text for word in self.enterprise)
        government = next((kind for word, kind in self.government if word in text), None)
        disaster = any(word in text for word in self.force_majeure)
        if enterprise and (government or disaster):
            return Cause("enterprise", mixed=True)
        if disaster:
            return Cause("force_majeure")
        if government:
            return Cause(government)
        if enterprise:
            return Cause("enterprise")
        return Cause("unknown", recognised=False)


@dataclass(frozen=True)
class Rules:
    start_rule: str
    missing_start_rule: str
    missing_start_months: int
    not_started_years: int
    stall_area_ratio: Fraction
    stall_invest_ratio: Fraction
    stall_months: int
    false_start_months: int
    fee_rate: Decimal
    fee_years: int
    recovery_years: int
    fee_in_recovery_tier: bool
    unknown_cause_as: str
    pm000_yes: FrozenSet[str]
    pm000_no: FrozenSet[str]
    labels: Mapping[str, str]
    causes: CauseTable

    @classmethod
    def load(cls, config: Optional[dict] = None, causes: Optional[CauseTable] = None, **overrides) -> "Rules":
        """Rules from idle.json (or ``config``), with parameter ``overrides`` (None values ignored)."""
        cfg = dict(config if config is not None else load_config("idle"))
        cfg.update({k: v for k, v in overrides.items() if v is not None})
        for key, allowed in (("start_rule", START_RULES), ("missing_start_rule", MISSING_START_RULES)):
            if cfg[key] not in allowed:
                raise ConfigError("Settings {table}, entry {key}: {value!r} is not one of {allowed}.", table="idle",
                                  key=key, value=cfg[key], allowed=", ".join(allowed))
        table = causes or CauseTable.load()
        if cfg["unknown_cause_as"] not in table.names:
            raise ConfigError("Settings {table}, entry {key}: {value!r} is not a cause type.", table="idle",
                              key="unknown_cause_as", value=cfg["unknown_cause_as"])
        if int(cfg["recovery_years"]) < int(cfg["fee_years"]):
            raise ConfigError("idle.json: recovery_years must not be below fee_years")
        return cls(
            start_rule=cfg["start_rule"],
            missing_start_rule=cfg["missing_start_rule"],
            missing_start_months=int(cfg["missing_start_months"]),
            not_started_years=int(cfg["not_started_years"]),
            stall_area_ratio=ratio(cfg["stall_area_ratio"]),
            stall_invest_ratio=ratio(cfg["stall_invest_ratio"]),
            stall_months=int(cfg["stall_months"]),
            false_start_months=int(cfg["false_start_months"]),
            fee_rate=Decimal(str(cfg["fee_rate"])),
            fee_years=int(cfg["fee_years"]),
            recovery_years=int(cfg["recovery_years"]),
            fee_in_recovery_tier=bool(cfg["fee_in_recovery_tier"]),
            unknown_cause_as=cfg["unknown_cause_as"],
            pm000_yes=_words(cfg["pm000_yes"]),
            pm000_no=_words(cfg["pm000_no"]),
            labels=dict(cfg["labels"]),
            causes=table,
        )


@dataclass
class Result:
    suspected: str
    idle_type: Optional[str] = None
    idle_start: Optional[date] = None
    idle_years: Optional[int] = None
    advice: Optional[str] = None
    idle_fee: Optional[float] = None
    tier: str = "none"
    cause: str = "unknown"
    flags: List[Flag] = field(default_factory=list)

    @property
    def flag_text(self) -> Optional[str]:
        return "；".join(f.text for f in self.flags) or None


def default_names() -> Dict[str, str]:
    """Display names of the supply fields (their Chinese labels) for flag texts."""
    return {key: spec.get("label", key) for key, spec in schema("supply").items() if not key.startswith("_")}


def _number(record: Mapping, key: str, flags: List[Flag], names: Mapping[str, str]) -> Optional[float]:
    value = record.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value):
        if value < 0:
            flags.append(flag("negative", field=names.get(key, key)))
        return float(value)
    text = cell_text(value).replace(",", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        flags.append(flag("number_unparseable", field=names.get(key, key), value=text))
        return None
    if math.isnan(number):
        return None
    if number < 0:
        flags.append(flag("negative", field=names.get(key, key)))
    return number


def _dates(record: Mapping, flags: List[Flag], names: Mapping[str, str]) -> Tuple[Dict[str, Optional[date]], set]:
    parsed, bad = {}, set()
    for key in DATE_KEYS:
        try:
            parsed[key] = parse_date(record.get(key))
        except ParseError as exc:
            parsed[key] = None
            bad.add(key)
            flags.append(flag("date_unparseable", field=names.get(key, key), reason=exc))
    return parsed, bad


def _t_start(dates, bad, rules: Rules, flags: List[Flag], names) -> Optional[date]:
    """Supplementary agreement first, then the agreed date, then the missing-start rule."""
    if dates["supplement_start"] or dates["agreed_start"]:
        return dates["supplement_start"] or dates["agreed_start"]
    if bad & {"supplement_start", "agreed_start"}:
        flags.append(flag("start_unparseable"))
        return None
    base_key = MISSING_START_BASE.get(rules.missing_start_rule)
    base = dates.get(base_key) if base_key else None
    if base is None:
        flags.append(flag("start_missing"))
        return None
    derived = add_months(base, rules.missing_start_months)
    flags.append(flag("start_derived", field=names.get(base_key, base_key), months=rules.missing_start_months,
                      date=derived.isoformat()))
    return derived


def _started(record: Mapping, dates, as_of: date, rules: Rules, flags: List[Flag]) -> bool:
    """Whether development has started by ``as_of`` under the start rule."""
    has_actual = bool(cell_text(record.get("actual_start")))  # an unparseable entry still says something happened
    if dates["actual_start"] and dates["actual_start"] > as_of:
        flags.append(flag("actual_after_as_of"))
        has_actual = False
    if rules.start_rule == "pm000_local":
        answer = cell_text(record.get("foundation_pm000")).lower()
        if answer in rules.pm000_yes:
            return True
        if answer in rules.pm000_no:
            return False
        if "foundation_pm000" in record:  # an unmapped field is reported once in the log, not per record
            flags.append(flag("pm000_missing"))
    return has_actual


def _below(part: Optional[float], whole: Optional[float], threshold: Fraction) -> Optional[bool]:
    if part is None or whole is None or whole <= 0:
        return None
    # part / whole < num / den, exactly on the decimal values as typed (0.3 is 3/10, not a binary float)
    return Decimal(str(part)) * threshold.denominator < Decimal(str(whole)) * threshold.numerator


def fee(price: Optional[float], rules: Rules) -> Optional[float]:
    """fee_rate × price (万元), rounded half-up to 2 decimals in Decimal; None for a missing or negative price."""
    if price is None or price < 0:
        return None
    return float((Decimal(str(price)) * rules.fee_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def screen(record: Mapping, as_of: date, rules: Rules, names: Optional[Mapping[str, str]] = None) -> Result:
    """Screen one supply record (a mapping of supply.json keys to raw cell values)."""
    names = names or default_names()
    flags: List[Flag] = []
    dates, bad = _dates(record, flags, names)
    numbers = {key: _number(record, key, flags, names) for key in NUMBER_KEYS}
    if numbers["price"] is None and "price" in record:
        flags.append(flag("price_missing"))
    if numbers["developed_area"] is not None and numbers["due_area"] is not None \
            and numbers["developed_area"] > numbers["due_area"]:
        flags.append(flag("developed_gt_due"))
    if numbers["invested"] is not None and numbers["total_invest"] is not None \
            and numbers["invested"] > numbers["total_invest"]:
        flags.append(flag("invested_gt_total"))
    found = rules.causes.classify(record.get("cause"))
    cause = found.kind
    if not found.recognised:
        flags.append(flag("cause_unrecognized", value=cell_text(record.get("cause"))))
    if found.mixed:
        flags.append(flag("cause_mixed"))

    t_start = _t_start(dates, bad, rules, flags, names)
    result = Result(rules.labels["no"], cause=cause, flags=flags)
    if not _started(record, dates, as_of, rules, flags) or _false_start(record, dates, numbers, as_of, rules, flags):
        if t_start is not None and as_of >= add_years(t_start, rules.not_started_years):
            result.idle_type, result.idle_start = rules.labels["not_started"], t_start
    else:
        actual = dates["actual_start"]
        if actual and t_start and actual >= add_years(t_start, rules.not_started_years):
            flags.append(flag("late_start", years=rules.not_started_years))
        _stalled(result, dates, numbers, as_of, rules)
    if result.idle_start is not None:
        result.suspected = rules.labels["yes"]
        result.idle_years = whole_years(result.idle_start, as_of)
        _tier(result, numbers["price"], rules)
    return result


def _false_start(record: Mapping, dates, numbers, as_of: date, rules: Rules, flags: List[Flag]) -> bool:
    """A recorded start with nothing developed and nothing invested ``false_start_months`` later: Art. 30's
    动工开发 needs works on the ground, so the record is judged as not started (flagged 疑似虚假开工).
    A ±0.00 answer of yes (pm000_local) reports works, so it is never a false start."""
    actual = dates["actual_start"]
    if rules.start_rule == "pm000_local" and cell_text(record.get("foundation_pm000")).lower() in rules.pm000_yes:
        return False
    if actual is None or rules.false_start_months <= 0 or numbers["developed_area"] != 0 or numbers["invested"] != 0:
        return False
    if as_of < add_months(actual, rules.false_start_months):
        return False
    flags.append(flag("false_start", date=actual.isoformat(), months=rules.false_start_months))
    return True


def _stalled(result: Result, dates, numbers, as_of: date, rules: Rules) -> None:
    suspended = dates["suspend_start"]
    if suspended is None:
        return
    if suspended > as_of:
        result.flags.append(flag("suspend_after_as_of"))
        return
    if whole_months(suspended, as_of) < rules.stall_months:
        return
    area_low = _below(numbers["developed_area"], numbers["due_area"], rules.stall_area_ratio)
    invest_low = _below(numbers["invested"], numbers["total_invest"], rules.stall_invest_ratio)
    if area_low or invest_low:
        result.idle_type, result.idle_start = rules.labels["stalled"], suspended
    elif area_low is None and invest_low is None:
        result.flags.append(flag("stall_unknown", months=rules.stall_months))
    elif area_low is None or invest_low is None:  # one side passes, the other is unknown: it may be below
        known, missing = ("已投资额", "开发面积") if area_low is None else ("已开发面积", "投资额")
        result.flags.append(flag("stall_partial", months=rules.stall_months, known=known, missing=missing))


def _tier(result: Result, price: Optional[float], rules: Rules) -> None:
    cause = result.cause
    if cause == "unknown":
        cause = rules.unknown_cause_as
        result.flags.append(flag("cause_unknown", assumed=rules.causes.names[cause]))
    options = "/".join(rules.causes.art12_options)
    if cause.startswith(GOVERNMENT_PREFIX) or cause == "force_majeure":
        result.tier = "force_majeure" if cause == "force_majeure" else "government"
        result.advice = rules.labels[result.tier].format(options=options)
        return
    if result.idle_years >= rules.recovery_years:
        result.tier = "recovery"
    elif result.idle_years >= rules.fee_years:
        result.tier = "fee"
    else:
        result.tier = "below_fee"
    result.advice = rules.labels[result.tier]
    if result.tier == "fee" or (result.tier == "recovery" and rules.fee_in_recovery_tier):
        result.idle_fee = fee(price, rules)


def screen_all(records: Sequence[Mapping], as_of: date, rules: Rules,
               names: Optional[Mapping[str, str]] = None) -> List[Result]:
    """Screen every record and add the data checks that need all of them (key present, numeric, unique)."""
    names = names or default_names()
    results = [screen(record, as_of, rules, names) for record in records]
    keys = [cell_text(record.get("supervision_no")) for record in records]
    counts = Counter(k for k in keys if k)
    for record, key, result in zip(records, keys, results):
        if "supervision_no" not in record:
            continue
        if not key:
            result.flags.append(flag("key_missing"))
            continue
        if isinstance(record["supervision_no"], (int, float)):
            result.flags.append(flag("key_numeric"))
        if counts[key] > 1:
            result.flags.append(flag("duplicate_key", count=counts[key]))
    return results


# -- remote-sensing evidence (never a determination, §3.10 step 5) -----------------------------

def normalize_tblx(code: object) -> str:
    """TBLX of a change-monitoring patch: upper case, ``1``..``9`` padded (§2.7)."""
    text = cell_text(code).upper()
    return "0" + text if len(text) == 1 and text.isdigit() else text


def is_nonbuilt(dlbm: object, evidence: Mapping) -> bool:
    """A DLTB class still non-construction (01/02/03/04/12xx by default) or bare land."""
    return matches_prefix(dlbm, evidence["nonbuilt_prefixes"]) or normalize(dlbm) in evidence["bare_classes"]


def nonbuilt_shares(left: np.ndarray, share: np.ndarray, nonbuilt: np.ndarray, size: int) -> np.ndarray:
    """Share of each parcel still non-construction or bare, from the pieces' shares of their parcel
    (``overlay.allocate`` against the parcel area); NaN where the survey does not cover the parcel."""
    covered = overlay.sum_by(left, share, size)
    kept = overlay.sum_by(left[nonbuilt], share[nonbuilt], size)
    return np.where(covered > 0, np.minimum(kept, 1.0), np.nan)


def monitoring_evidence(patches: Iterable[Tuple[object, object]], evidence: Mapping) -> Tuple[Optional[str], List[str]]:
    """Summary text of (JCBH, TBLX) patches in a parcel and the ids of construction signs."""
    built, not_started = [], []
    built_codes = {normalize_tblx(c) for c in evidence["monitoring_built"]}
    idle_codes = {normalize_tblx(c) for c in evidence["monitoring_not_started"]}
    for jcbh, tblx in patches:
        code = normalize_tblx(tblx)
        label = cell_text(jcbh) or "?"
        if code in built_codes:
            built.append(label)
        elif code in idle_codes:
            not_started.append(label)
    parts = []
    if built:
        parts.append("建设迹象({0}):{1}".format("/".join(evidence["monitoring_built"]), ",".join(built)))
    if not_started:
        parts.append("未动工迹象({0}):{1}".format("/".join(evidence["monitoring_not_started"]), ",".join(not_started)))
    return ("；".join(parts) or None), built


def add_evidence_flags(result: Result, built_ids: Sequence[str], rules: Rules) -> None:
    """A not-started suspicion that monitoring contradicts gets a flag (it stays a suspicion)."""
    if built_ids and result.idle_type == rules.labels["not_started"]:
        result.flags.append(flag("built_signs", ids=",".join(built_ids)))
