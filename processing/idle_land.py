"""landsupervision:idlelandscreening — 疑似闲置土地筛查 (glue; rules in core/idle.py)."""
from __future__ import annotations

from collections import Counter
from typing import Dict, List, Optional

import numpy as np
import shapely
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from ..core import idle, landclass, overlay, partition, runs
from ..core.config import ConfigError
from ..core.fields import MissingFieldError, find, schema
from ..core.units import percent, percent_text, round_half_up
from .. import settings
from ..translate import message, tr, tr_noop
from . import overlaps, shapefile_text
from .base import LandSupervisionAlgorithm
from .layers import (
    LayerData,
    OutField,
    extent_of,
    input_rows,
    missing_field_message,
    output_fields,
    plain_ogr_layer,
    read_source,
)

KIND = "supply"
SUPPLY_KEYS = tuple(key for key in schema(KIND) if not key.startswith("_"))
FIELD_LABELS = {
    "supervision_no": tr_noop("E-supervision number (电子监管号)"),
    "contract_no": tr_noop("Contract number (合同编号)"),
    "supply_mode": tr_noop("Supply mode (供地方式)"),
    "agreed_start": tr_noop("Agreed start date (约定动工日期)"),
    "agreed_end": tr_noop("Agreed completion date (约定竣工日期)"),
    "actual_start": tr_noop("Actual start date (实际动工日期)"),
    "supplement_start": tr_noop("Start date of a supplementary agreement (补充协议约定动工日期)"),
    "parcel_area": tr_noop("Parcel area (宗地面积)"),
    "price": tr_noop("Transfer or allocation price, 万元 (出让/划拨价款)"),
    "developed_area": tr_noop("Developed area (已开发面积)"),
    "due_area": tr_noop("Area due for development (应开发面积)"),
    "invested": tr_noop("Investment so far (已投资额)"),
    "total_invest": tr_noop("Total investment (总投资额)"),
    "suspend_start": tr_noop("Suspension start date (中止开始日期)"),
    "cause": tr_noop("Cause type (原因类型)"),
    "contract_date": tr_noop("Contract date (合同签订日期)"),
    "delivery_date": tr_noop("Agreed delivery date (约定交地时间)"),
    "foundation_pm000": tr_noop("Foundations at ±0.00 (基础是否达到±0.00)"),
}
START_RULE_LABELS = {
    "national_2012": tr_noop("National 2012 rule: an actual start date"),
    "pm000_local": tr_noop("Local rule: foundations at ±0.00"),
}
MISSING_START_LABELS = {
    "contract_plus_months": tr_noop("Contract date + N months"),
    "delivery_plus_months": tr_noop("Agreed delivery date + N months"),
    "flag_only": tr_noop("Flag only (not judged)"),
}
TIER_LABELS = {
    "fee": tr_noop("fee tier (征缴土地闲置费)"),
    "recovery": tr_noop("recovery tier (无偿收回)"),
    "below_fee": tr_noop("below the fee years"),
    "government": tr_noop("government cause (Art. 12 negotiation)"),
    "force_majeure": tr_noop("force majeure (Art. 12 negotiation)"),
}
OUT_FIELDS = [
    OutField("suspected", "string", "是否疑似闲置", 4),
    OutField("idle_type", "string", "疑似闲置类型", 20),
    OutField("idle_start", "date", "闲置起算日"),
    OutField("idle_years", "int", "闲置年限(整年)"),
    OutField("advice", "string", "处置建议(疑似)", 254),
    OutField("idle_fee", "double", "应征闲置费(万元,疑似)", 20, 2),
    OutField("ev_nonbuilt", "double", "非建设地类占比(证据)", 10, 4),
    OutField("ev_monitor", "string", "监测图斑迹象(证据)", 254),
    OutField("flags", "string", "数据问题标记", 1000),
]


def aliases() -> Dict[str, str]:
    return {f.name: f.alias for f in OUT_FIELDS}


class IdleLandScreeningAlgorithm(LandSupervisionAlgorithm):
    NAME = "idlelandscreening"
    DISPLAY_NAME = "Suspected idle land screening (疑似闲置土地筛查)"
    GROUP_ID = "idleland"
    ICON = "idle_land.svg"
    polygons = False  # set per run: whether the supply records are polygons (evidence needs them)
    GROUP_NAME = "Idle land"
    HELP = (
        "Screens supply records (a polygon layer or a table without geometry: GeoPackage table, CSV, XLSX) for "
        "suspected idle land under the 2012 Measures on the Disposal of Idle Land (闲置土地处置办法). Start date: a "
        "supplementary agreement's date replaces the agreed start date; when both are missing, the chosen rule "
        "derives it (contract date or agreed delivery date + N months) or only flags the record. Not started (未动工): "
        "no actual start and the as-of date is on or after the first anniversary of the start date. Stalled (中止开发): "
        "started, developed/due area below the area ratio or investment below the investment ratio, and suspended "
        "for at least the given months. The idle years are whole calendar years counted from 闲置起算日 (the start date, "
        "or the suspension start); 29 February + 1 year is 28 February. Enterprise cause: 1 year or more → 征缴土地闲置费 "
        "(20 % of the price, 万元), 2 years or more → 无偿收回. Government causes and force majeure are routed to "
        "negotiation with the Art. 12 options and no fee; an unknown cause counts as enterprise and is flagged. A "
        "cause written as text is decided by who acted (the keywords in 设置 ▸ 闲置原因): enterprise and government "
        "signals together count as enterprise, flagged 原因待核实; natural disasters are force majeure. Stalled with the "
        "area or the investment unknown is flagged 数据不全-无法判定中止; a recorded start with nothing developed and nothing "
        "invested long after it is judged not started, flagged 疑似虚假开工. Optional evidence: the share of each parcel "
        "still non-construction or bare in the latest DLTB, and monitoring patches with construction (20/YH) or "
        "not-started (DT/TD/TP) signs. Every result is a suspicion (疑似), never a determination. Records with bad "
        "dates, prices, areas or duplicate 电子监管号 are kept and flagged. The thresholds and rules start from 设置 ▸ "
        "闲置土地认定阈值 and 闲置原因."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        cfg = settings.load("idle")
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", tr("Supply records (polygons or a table)"), [QgsProcessing.TypeVector]))
        self.add_date_param("AS_OF_DATE", tr("As-of date"))
        self.addParameter(self.described(QgsProcessingParameterEnum(
            "START_RULE", tr("What counts as started"), [tr(START_RULE_LABELS[r]) for r in idle.START_RULES],
            defaultValue=idle.START_RULES.index(cfg["start_rule"])), tr(
            "National 2012 rule: a record with an actual start date has started. Local rule: a record whose "
            "foundations have reached ±0.00 elevation (field 基础是否达到±0.00) has started.")))
        self.addParameter(QgsProcessingParameterEnum(
            "MISSING_START_RULE", tr("When the agreed start date is missing"),
            [tr(MISSING_START_LABELS[r]) for r in idle.MISSING_START_RULES],
            defaultValue=idle.MISSING_START_RULES.index(cfg["missing_start_rule"])))
        self.addParameter(QgsProcessingParameterNumber(
            "MISSING_START_MONTHS", tr("N months for a missing start date"), QgsProcessingParameterNumber.Integer,
            int(cfg["missing_start_months"]), minValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "STALL_AREA_RATIO", tr("Stalled: developed / due area below"), QgsProcessingParameterNumber.Double,
            float(idle.ratio(cfg["stall_area_ratio"])), minValue=0.0001, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            "STALL_INVEST_RATIO", tr("Stalled: investment / total investment below"),
            QgsProcessingParameterNumber.Double, float(idle.ratio(cfg["stall_invest_ratio"])),
            minValue=0.0001, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            "STALL_MONTHS", tr("Stalled: suspended for at least (months)"), QgsProcessingParameterNumber.Integer,
            int(cfg["stall_months"]), minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "EVIDENCE_SURVEY", tr("Evidence: latest survey (DLTB)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "EVIDENCE_MONITORING", tr("Evidence: change-monitoring patches (TBLX)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(overlaps.allow_overlaps_parameter())
        self.addParameter(shapefile_text.parameter())
        self.add_field_params(KIND, "INPUT", SUPPLY_KEYS, {k: tr(v) for k, v in FIELD_LABELS.items()})
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", tr("Suspected idle land screening"), QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputNumber("SUSPECTED", tr("Suspected idle records")))
        self.addOutput(QgsProcessingOutputNumber("FLAGGED", tr("Records with data flags")))
        self.addOutput(QgsProcessingOutputNumber("FEE_TOTAL", tr("Total idle fee (万元)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        source = self.parameterAsSource(parameters, "INPUT", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
        source = shapefile_text.decoded(self, parameters, "INPUT", context, feedback, source,
                                        self.input_label(parameters, "INPUT", context))
        as_of = self.parameter_as_day(parameters, "AS_OF_DATE", context)
        try:
            rules = idle.Rules.load(
                settings.load("idle"), idle.CauseTable.load(settings.load("idle_causes")),
                start_rule=idle.START_RULES[self.parameterAsEnum(parameters, "START_RULE", context)],
                missing_start_rule=idle.MISSING_START_RULES[
                    self.parameterAsEnum(parameters, "MISSING_START_RULE", context)],
                missing_start_months=self.parameterAsInt(parameters, "MISSING_START_MONTHS", context),
                stall_area_ratio=self.parameterAsDouble(parameters, "STALL_AREA_RATIO", context),
                stall_invest_ratio=self.parameterAsDouble(parameters, "STALL_INVEST_RATIO", context),
                stall_months=self.parameterAsInt(parameters, "STALL_MONTHS", context),
            )
        except ConfigError as exc:
            raise QgsProcessingException(message(exc)) from None
        feedback.pushInfo(tr("As of {0}; start rule {1}; missing start date: {2}.").format(
            as_of.isoformat(), rules.start_rule, rules.missing_start_rule))

        crs = source.sourceCrs()
        self.polygons = QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.PolygonGeometry
        data = read_source(source, KIND, context, feedback, crs,
                           self.chosen_fields(parameters, context, SUPPLY_KEYS), tr("Supply records"))
        self._check_fields(data, rules, feedback)
        self.check_cancel(feedback)
        columns = {key: data.column(key) for key in SUPPLY_KEYS if data.names.has(key)}
        records = [{key: column[i] for key, column in columns.items()} for i in range(len(data))]
        names = {key: "{0}({1})".format(schema(KIND)[key].get("label", key), data.names[key])
                 for key in SUPPLY_KEYS if data.names.has(key)}
        results = idle.screen_all(records, as_of, rules, names)
        feedback.setProgress(30)

        ev_nonbuilt = self._survey_evidence(parameters, context, feedback, data, crs, results)
        ev_monitor = self._monitoring_evidence(parameters, context, feedback, data, crs, results, rules)
        self.check_cancel(feedback)
        self._report(results, feedback)

        # Everything is computed: only now create the sink (a cancel above leaves no output).
        fields = output_fields(source.fields(), OUT_FIELDS)
        rows = input_rows(data, fields)
        for i, (row, result) in enumerate(zip(rows, results)):
            start = result.idle_start
            row[-len(OUT_FIELDS):] = [
                result.suspected, result.idle_type,
                QDate(start.year, start.month, start.day) if start else None,
                result.idle_years, result.advice, result.idle_fee,
                None if ev_nonbuilt is None or np.isnan(ev_nonbuilt[i]) else round_half_up(float(ev_nonbuilt[i]), 4),
                ev_monitor[i] if ev_monitor else None, result.flag_text]
        has_geometry = data.geoms is not None
        wkb_type = QgsWkbTypes.multiType(QgsWkbTypes.flatType(source.wkbType())) if has_geometry \
            else QgsWkbTypes.NoGeometry
        dest_id = self.write_output(parameters, "OUTPUT", context, feedback, fields, wkb_type, crs, rows, data.geoms)
        self.style_output(context, dest_id, "idle_land", aliases())
        return {
            "OUTPUT": dest_id,
            "SUSPECTED": sum(1 for r in results if r.idle_start is not None),
            "FLAGGED": sum(1 for r in results if r.flags),
            "FEE_TOTAL": _fee_total(results),
        }

    # -- inputs ---------------------------------------------------------------------------
    @staticmethod
    def _check_fields(data: LayerData, rules: idle.Rules, feedback) -> None:
        """A start date must come from somewhere; say which optional fields were not found."""
        base = idle.MISSING_START_BASE.get(rules.missing_start_rule)
        sources = ["agreed_start", "supplement_start"] + ([base] if base else [])
        if not any(data.names.has(key) for key in sources):
            specs = schema(KIND)
            accepted = specs["agreed_start"]["aliases"] + (specs[base]["aliases"] if base else [])
            error = MissingFieldError("agreed_start", accepted, data.name, specs["agreed_start"].get("label", ""))
            raise QgsProcessingException(missing_field_message(error, True))
        missing = [tr(FIELD_LABELS[k]) for k in SUPPLY_KEYS if not data.names.has(k) and k != "foundation_pm000"]
        if missing:
            feedback.pushInfo(tr("Fields not found (left empty): {0}.").format("; ".join(missing)))
        if rules.start_rule == "pm000_local" and not data.names.has("foundation_pm000"):
            feedback.pushWarning(tr("Local ±0.00 rule chosen but no ±0.00 field found: the actual start date is used."))

    # -- evidence -------------------------------------------------------------------------
    def _evidence_source(self, parameters, name, context, feedback, data: LayerData):
        """The evidence layer, or None when absent or when the supply records are not polygons."""
        source = self.polygon_source(parameters, name, context, feedback, required=False)
        if source is None:
            return None
        if data.geoms is None or not self.polygons:
            feedback.pushWarning(tr("{0} ignored: evidence needs supply records with polygons.").format(name))
            return None
        return source

    def _survey_evidence(self, parameters, context, feedback, data, crs, results) -> Optional[np.ndarray]:
        source = self._evidence_source(parameters, "EVIDENCE_SURVEY", context, feedback, data)
        if source is None:
            return None
        survey = read_source(source, "dltb", context, feedback, crs, None, tr("Survey evidence"),
                             layer=plain_ogr_layer(parameters["EVIDENCE_SURVEY"], context),
                             extent=extent_of(data.geoms))
        self.check_cancel(feedback)
        codes, _ = landclass.codes_of(survey.column("dlbm"), survey.column("dlmc"))
        evidence = settings.load("idle")["evidence"]
        lookup = {code: idle.is_nonbuilt(code, evidence) for code in set(codes)}  # a few dozen distinct classes
        nonbuilt = np.array([lookup[code] for code in codes], dtype=bool)
        pieces = self._intersect(data.geoms, survey.geoms, feedback, 30, 30)
        overlap = overlaps.check(survey, runs.distinct(pieces.right, len(survey)),
                                 self.parameterAsBool(parameters, overlaps.ALLOW_OVERLAPS, context), feedback,
                                 self.input_label(parameters, "EVIDENCE_SURVEY", context))
        for i in np.flatnonzero(overlap.touched(pieces.left, pieces.right, len(data))):
            results[i].flags.append(idle.Flag("survey_overlap", partition.FLAG))
        share = overlay.allocate(pieces.area, shapely.area(data.geoms)[pieces.left], np.ones(len(pieces)))
        shares = idle.nonbuilt_shares(pieces.left, share, nonbuilt[pieces.right], len(data))
        for i in np.flatnonzero(np.isnan(shares)):
            results[i].flags.append(idle.flag("no_survey_cover"))
        return shares

    def _monitoring_evidence(self, parameters, context, feedback, data, crs, results, rules) -> Optional[List]:
        source = self._evidence_source(parameters, "EVIDENCE_MONITORING", context, feedback, data)
        if source is None:
            return None
        evidence = settings.load("idle")["evidence"]
        patches = read_source(source, None, context, feedback, crs, None, tr("Monitoring evidence"),
                              extent=extent_of(data.geoms))
        available = patches.fields.names()
        columns = {}
        for key, accepted in evidence["monitoring_fields"].items():
            name = find(available, accepted)
            if name is None:
                raise QgsProcessingException(missing_field_message(MissingFieldError(key, accepted, patches.name),
                                                                   False))
            index = patches.fields.indexOf(name)
            columns[key] = [row[index] for row in patches.rows]
        pieces = self._intersect(data.geoms, patches.geoms, feedback, 60, 20)
        found: List[list] = [[] for _ in range(len(data))]
        for parcel, patch in zip(pieces.left, pieces.right):
            found[parcel].append((columns["jcbh"][patch], columns["tblx"][patch]))
        texts = []
        for i, pairs in enumerate(found):
            text, built = idle.monitoring_evidence(pairs, evidence)
            idle.add_evidence_flags(results[i], built, rules)
            texts.append(text)
        return texts

    @staticmethod
    def _intersect(a, b, feedback, start: float, span: float) -> overlay.Pieces:
        def progress(fraction: float) -> bool:
            feedback.setProgress(start + span * fraction)
            return feedback.isCanceled()

        try:
            return overlay.intersect(a, b, keep_geometry=False, progress=progress)
        except overlay.Cancelled:
            raise QgsProcessingException(tr("Cancelled: nothing was written.")) from None

    # -- log ------------------------------------------------------------------------------
    @staticmethod
    def _report(results: List[idle.Result], feedback) -> None:
        tiers = Counter(r.tier for r in results)
        suspected = sum(1 for r in results if r.idle_start is not None)
        feedback.pushInfo(tr("Records: {0}; suspected idle: {1} ({2} %); total idle fee {3:.2f} 万元.").format(
            len(results), suspected, percent_text(percent(suspected, len(results))), _fee_total(results)))
        for tier, label in TIER_LABELS.items():
            if tiers[tier]:
                feedback.pushInfo("  {0}: {1}".format(tr(label), tiers[tier]))
        flagged = [r for r in results if r.flags]
        if flagged:
            feedback.pushWarning(
                tr("{0} records flagged (kept in the output, see the flags field):").format(len(flagged)))
            codes = Counter(f.code for r in flagged for f in r.flags)
            examples = {f.code: f.text for r in flagged for f in r.flags}
            for code, count in sorted(codes.items()):
                feedback.pushInfo(tr("  {0}: {1} (e.g. {2})").format(code, count, examples[code]))


def _fee_total(results: List[idle.Result]) -> float:
    return round_half_up(sum(r.idle_fee for r in results if r.idle_fee is not None), 2)
