"""landsupervision:minerehabilitation — legacy-mine rehabilitation status (矿山生态修复核查).

QGIS glue only: the rules are in core/mines.py, the tables in resources/config.
The survey helpers here are shared with closed_mines.py.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsWkbTypes,
)

from .. import settings
from ..core import landclass, mines, overlay, partition, runs
from ..core.config import ConfigError
from ..core.fields import schema
from ..core.units import percent_text
from ..translate import message, tr, tr_noop
from . import overlaps, pushdown, shapefile_text
from . import region_names as region_table
from .base import LandSupervisionAlgorithm
from .layers import (
    LayerData,
    OutField,
    ellipsoidal_areas,
    extent_of,
    input_rows,
    output_fields,
    plain_ogr_layer,
    read_source,
    work_crs,
)

SURVEY_KEYS = ("bsm", "dlbm", "dlmc", "tbmj", "tbxhdm")  # what the rules read from DLTB (BSM names overlaps)
FIELD_KEYS = ["xzqdm", "xzx", "hfzlqk", "tbsx", "nxffs", "nxffx", "yszt"]
FIELD_LABELS = {
    "xzqdm": tr_noop("Admin code (XZQDM)"),
    "xzx": tr_noop("County name (XZX)"),
    "hfzlqk": tr_noop("Restoration status (HFZLQK)"),
    "tbsx": tr_noop("Damage unit (TBSX)"),
    "nxffs": tr_noop("Planned restoration mode (NXFFS)"),
    "nxffx": tr_noop("Planned direction (NXFFX)"),
    "yszt": tr_noop("Acceptance status (YSZT)"),
}

OUT = [
    OutField("rest_share", "double", "修复比例", 10, 4),
    OutField("residual_area", "double", "残留损毁面积(平方米)", 15, 2),
    OutField("damage_type", "string", "损毁类型", 10),
    OutField("status", "string", "修复状态", 20),
    OutField("priority", "string", "优先级", 20),
    OutField("flags", "string", "核查标记", 1000),
]


def summary_out(labels: Mapping[str, str]) -> List[OutField]:
    """Per-county table; the status columns carry the configured status labels as aliases."""
    return [
        OutField("county", "string", "县级代码", 20),
        OutField("county_name", "string", "县(市、区)", 60),
        OutField("n_patches", "int", "图斑个数"),
        *[OutField("n_" + key, "int", labels[key] + "个数") for key in mines.STATUS_KEYS],
        OutField("n_done", "int", "完成个数"),
        OutField("rate_count_pct", "double", "个数完成率(%)", 10, 2),
        OutField("area_mu", "double", "图斑面积(亩)", 18, 2),
        OutField("done_area_mu", "double", "完成面积(亩)", 18, 2),
        OutField("rate_area_pct", "double", "面积完成率(%)", 10, 2),
        OutField("rest_area_mu", "double", "三调修复面积(亩)", 18, 2),
        OutField("area", "double", "图斑面积(平方米)", 18, 2),
        OutField("done_area", "double", "完成面积(平方米)", 18, 2),
        OutField("rest_area", "double", "三调修复面积(平方米)", 18, 2),
    ]


def load_rules(path: Optional[str]):
    try:
        return mines.load_rules(path or None, settings.load("mine_rules"))
    except ConfigError as exc:
        raise QgsProcessingException(tr("Rule table: {0}").format(message(exc))) from None


def progress_callback(feedback, start: float, span: float) -> Callable[[float], bool]:
    """An overlay progress callback mapped onto part of the feedback bar; True cancels."""

    def report(fraction: float) -> bool:
        feedback.setProgress(start + span * fraction)
        return feedback.isCanceled()

    return report


def cancelled() -> QgsProcessingException:
    return QgsProcessingException(tr("Cancelled: nothing was written."))


@dataclass
class Survey:
    """DLTB pieces under the input polygons with their official (allocated) area."""

    left: np.ndarray
    right: np.ndarray
    area: np.ndarray
    dlbm: List[str]
    tbxhdm: List[object]


def survey_pieces(geoms: np.ndarray, survey: LayerData, crs, context, feedback,
                  measured: Optional[overlay.Pieces] = None) -> Survey:
    """Intersect with the DLTB (or take the pieces ``measured`` on the server); each piece gets the parcel's
    TBMJ by planar share (domain.md §1.2).

    Parcels without TBMJ use their own ellipsoidal area.
    """
    official = survey.numbers("tbmj")
    missing = np.flatnonzero(~np.isfinite(official))
    if len(missing):
        official[missing] = ellipsoidal_areas(survey.geoms[missing], crs, context)
        feedback.pushInfo(tr("{0}: {1} parcels without TBMJ use their ellipsoidal area.").format(
            survey.name, len(missing)))
    try:
        pieces = measured if measured is not None else overlay.intersect(
            geoms, survey.geoms, keep_geometry=False, progress=progress_callback(feedback, 10, 60))
    except overlay.Cancelled:
        raise cancelled() from None
    area = overlay.allocate(pieces.area, pieces.right_area, official[pieces.right])
    # DLMC stands in where DLBM is absent or empty (domain.md §2.2).
    dlbm, unknown = landclass.codes_of(survey.column("dlbm"), survey.column("dlmc"))
    if unknown:
        feedback.pushWarning(tr("{0}: class names (DLMC) not in the code table, their parcels have no class: {1}.")
                             .format(survey.name, "、".join(unknown)))
    return Survey(pieces.left, pieces.right, area, dlbm, survey.column("tbxhdm"))


def overlap_mask(geoms: np.ndarray, source, name: str, crs, context, feedback, min_m2: float,
                 server: Optional[list] = None, fids: Sequence[int] = ()) -> np.ndarray:
    """True where a polygon overlaps the optional layer by at least ``min_m2`` (planar).

    With the ``server`` tables (patches, mask) of one PostGIS database the overlap is measured there.
    """
    if source is None:
        return np.zeros(len(geoms), dtype=bool)
    if server:
        return pushdown.mask_overlap(*server, fids, crs.postgisSrid(), feedback) >= min_m2
    data = read_source(source, None, context, feedback, crs, name=name)
    pieces = overlay.intersect(geoms, data.geoms, keep_geometry=False)
    return overlay.sum_by(pieces.left, pieces.area, len(geoms)) >= min_m2


def group_targets(targets: Sequence[Tuple[str, ...]], dlbm: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
    """Index of each patch's target set and one DLTB class mask per distinct set."""
    distinct = sorted(set(targets))
    index = {t: i for i, t in enumerate(distinct)}
    masks = np.array([mines.class_mask(dlbm, t) for t in distinct], dtype=bool).reshape(len(distinct), len(dlbm))
    return np.array([index[t] for t in targets], dtype=np.int64), masks


class MineRehabilitation(LandSupervisionAlgorithm):
    NAME = "minerehabilitation"
    DISPLAY_NAME = "Legacy-mine rehabilitation status"
    GROUP_ID = "mines"
    GROUP_NAME = "Mines"
    ICON = "mine.svg"
    HELP = (
        "Checks legacy-mine patches (历史遗留矿山核查图斑) against the latest land-use survey (DLTB).\n"
        "\n"
        "The patch attributes may hold codes or their text (已恢复治理, 自然恢复, 露天开采 …); 设置 ▸ 矿山核查图斑代码表 reads both. An "
        "unknown value is kept, flagged and counted in the log.\n"
        "\n"
        "Restored share: the survey area in the target land classes of the patch's restoration mode (by default "
        "cultivated land, orchards, forest and grassland, or the classes of its planned direction) over the patch's "
        "ellipsoidal area. Residual damage: the survey area still mining land or bare land. Survey areas are the "
        "parcels' official areas shared out by planar area. The damage type (挖损/压占/塌陷) follows the patch's damage "
        "unit (设置 ▸ 损毁类型).\n"
        "\n"
        "修复状态: 已验收 only from the patch's acceptance record; otherwise the higher of the recorded status and the "
        "survey evidence: 已修复(待验收) when the thresholds of the restoration rules are met, 修复中 when some restoration "
        "is found. No national numeric criterion was found: the shipped thresholds (80 % restored, at most 10 % "
        "residual damage) are defaults to review, marked so in 设置 ▸ 矿山修复规则表, where you set your local values (or "
        "give a rule file for one run). 转型利用 is judged against its planned use only; without one the patch is 待核实, "
        "never 未修复.\n"
        "\n"
        "清零优先: patches that overlap the ecological protection red line or permanent basic farmland. The summary "
        "gives, per county, the counts by status and the completion rates by count and by area."
    )

    INPUT = "INPUT"
    SURVEY = "SURVEY"
    RULES = "RULES"
    RED_LINE = "RED_LINE"
    BASIC_FARMLAND = "BASIC_FARMLAND"
    OUTPUT = "OUTPUT"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"

    def initAlgorithm(self, config=None):  # noqa: N802 (Qt API name)
        polygons = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, tr("Legacy-mine patches (历史遗留矿山图斑)"), polygons))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.SURVEY, tr("Latest land-use survey DLTB (地类图斑)"), polygons))
        self.addParameter(self.described(QgsProcessingParameterFile(
            self.RULES, tr("Rule table (JSON)"), extension="json", optional=True),
            tr("Empty = the rules of the plugin's settings (自然资源督察 ▸ 设置)."), advanced=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.RED_LINE, tr("Ecological protection red line"), polygons, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BASIC_FARMLAND, tr("Permanent basic farmland"), polygons, optional=True))
        self.addParameter(overlaps.allow_overlaps_parameter())
        self.addParameter(shapefile_text.parameter())
        self.add_field_params("mine_patch", self.INPUT, FIELD_KEYS, {k: tr(v) for k, v in FIELD_LABELS.items()})
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Mine patches with rehabilitation status"), QgsProcessing.TypeVectorPolygon))
        pushdown.add_local_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SUMMARY, tr("Completion by county"), QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputNumber("UNKNOWN_VALUES", tr("Unknown code or text values")))
        self.addOutput(QgsProcessingOutputNumber("NO_SURVEY", tr("Patches without DLTB overlap")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (Qt API name)
        rules = load_rules(self.parameterAsFile(parameters, self.RULES, context))
        try:
            book = mines.codebook(settings.load("mine_codes"))
        except ConfigError as exc:
            raise QgsProcessingException(tr("Code table: {0}").format(message(exc))) from None
        damage = settings.load("damage_types")
        source = self.polygon_source(parameters, self.INPUT, context, feedback)
        survey_source = self.polygon_source(parameters, self.SURVEY, context, feedback, empty_ok=False)
        red_source = self.polygon_source(parameters, self.RED_LINE, context, feedback, required=False)
        farm_source = self.polygon_source(parameters, self.BASIC_FARMLAND, context, feedback, required=False)
        crs = work_crs([source], context, feedback)
        chosen = self.chosen_fields(parameters, context, FIELD_KEYS)
        patches = read_source(source, "mine_patch", context, feedback, crs, chosen, tr("mine patches"))
        for key in ("hfzlqk", "tbsx", "nxffs", "yszt"):
            if not patches.names.has(key):
                aliases = ", ".join(schema("mine_patch")[key]["aliases"])
                feedback.pushWarning(tr("Field {0} not found (accepted names: {1}); its rules are skipped.").format(
                    key.upper(), aliases))
        local = self.parameterAsBool(parameters, pushdown.LOCAL_PARAMETER, context)

        def server_for(mask: str):
            return pushdown.server_for(parameters, (self.INPUT, mask), context, feedback, crs.postgisSrid(), local)

        server, measured = server_for(self.SURVEY), None
        if server:
            survey, measured = pushdown.survey_pairs(*server, patches.fids, patches.geoms, survey_source, "dltb",
                                                     SURVEY_KEYS, tr("DLTB"), crs.postgisSrid(), feedback)
        else:
            survey = read_source(survey_source, "dltb", context, feedback, crs, name=tr("DLTB"), keys=SURVEY_KEYS,
                                 layer=plain_ogr_layer(parameters[self.SURVEY], context),
                                 extent=extent_of(patches.geoms))
        self.check_cancel(feedback)

        n = len(patches)
        tally = mines.Tally()
        columns = {key: patches.column(key) for key in mines.CODED_FIELDS + ("nxffx",)}
        prepared = [
            mines.prepare_patch({k: v[i] for k, v in columns.items()}, book, rules, tally) for i in range(n)
        ]
        patch_area = ellipsoidal_areas(patches.geoms, crs, context)
        pieces = survey_pieces(patches.geoms, survey, crs, context, feedback, measured)
        used = runs.distinct(pieces.right, len(survey))
        found = pushdown.survey_overlaps(server[1], survey.fids, used, crs.postgisSrid(), feedback) if server else None
        overlap = overlaps.check(survey, used, self.parameterAsBool(parameters, overlaps.ALLOW_OVERLAPS, context),
                                 feedback, self.input_label(parameters, self.SURVEY, context), found)
        self.check_cancel(feedback)
        group, masks = group_targets([p.targets for p in prepared], pieces.dlbm)
        residual = mines.residual_mask(pieces.dlbm, pieces.tbxhdm, rules["residual_classes"])
        rest_area, residual_area, covered = mines.piece_totals(
            pieces.left, pieces.right, pieces.area, group, masks, residual, n)
        min_m2 = rules.get("min_overlap_m2", 0.0)
        rest_share = mines.shares(rest_area, patch_area, covered, min_m2)
        residual_share = mines.shares(residual_area, patch_area, covered, min_m2)
        coverage = mines.shares(covered, patch_area, covered, min_m2)
        in_red = overlap_mask(patches.geoms, red_source, tr("red line"), crs, context, feedback, min_m2,
                              server_for(self.RED_LINE) if red_source else None, patches.fids)
        in_farm = overlap_mask(patches.geoms, farm_source, tr("basic farmland"), crs, context, feedback, min_m2,
                               server_for(self.BASIC_FARMLAND) if farm_source else None, patches.fids)
        self.check_cancel(feedback)

        no_geometry = set(patches.empty_geometry)
        on_overlap = overlap.touched(pieces.left, pieces.right, n)
        results = []
        for i, patch in enumerate(prepared):
            result = mines.assess_patch(patch, rest_share[i], residual_share[i], coverage[i],
                                        bool(in_red[i]), bool(in_farm[i]), rules, damage)
            if patches.fids[i] in no_geometry:
                result.flags.insert(0, rules["flags"]["no_geometry"])
            if on_overlap[i]:
                result.flags.append(partition.FLAG)
            results.append(result)
        no_survey = int(np.isnan(rest_share).sum())
        counties = [mines.county_of(a, b) for a, b in zip(patches.column("xzqdm"), patches.column("xzx"))]
        summary = mines.county_summary(
            counties, patches.column("xzx"), [r.status_key for r in results], patch_area, rest_area,
            rules.get("completed_statuses", []))
        names = region_table.names(self, {}, context, feedback, {r["county"]: r["county_name"] for r in summary},
                                   parameter=None)
        for row in summary:  # the settings' names win over the patches' own XZX
            row["county_name"] = names.get(row["county"]) or row["county_name"]

        fields = output_fields(patches.fields, OUT)
        separator = rules["flags"]["separator"]
        rows = input_rows(patches, fields)
        for i, (row, result) in enumerate(zip(rows, results)):
            share = None if np.isnan(rest_share[i]) else float(rest_share[i])
            residual_value = None if share is None else float(residual_area[i])
            added = [share, residual_value, result.damage_type, result.status, result.priority,
                     separator.join(result.flags)]
            for out, value in zip(OUT, added):
                row[fields.indexOf(out.name)] = value
        sum_fields = output_fields(None, summary_out(rules["status_labels"]))
        sum_rows = [[row[f.name()] for f in sum_fields] for row in summary]
        self.check_cancel(feedback)

        dest_id = self.write_output(parameters, self.OUTPUT, context, feedback, fields, QgsWkbTypes.MultiPolygon, crs,
                                    rows, patches.geoms)
        sum_id = self.write_output(parameters, self.OUTPUT_SUMMARY, context, feedback, sum_fields,
                                   QgsWkbTypes.NoGeometry, crs, sum_rows, None)
        self.report(feedback, results, tally, no_survey, summary)
        self.style_output(context, dest_id, "mines", {o.name: o.alias for o in OUT})
        self.style_output(context, sum_id, None, {o.name: o.alias for o in summary_out(rules["status_labels"])})
        return {self.OUTPUT: dest_id, self.OUTPUT_SUMMARY: sum_id,
                "UNKNOWN_VALUES": tally.total(), "NO_SURVEY": no_survey}

    @staticmethod
    def report(feedback, results, tally, no_survey, summary) -> None:
        counts = Counter(r.status_key for r in results)
        labels = {r.status_key: r.status for r in results}
        feedback.pushInfo(tr("Patches by status: {0}").format(
            ", ".join(f"{labels[k]} {counts[k]}" for k in mines.STATUS_KEYS if counts[k])))
        priority = sum(1 for r in results if r.priority)
        feedback.pushInfo(tr("Priority patches (red line or basic farmland): {0}").format(priority))
        if no_survey:
            feedback.pushWarning(tr("{0} patches have no DLTB overlap: kept and flagged.").format(no_survey))
        if tally.total():
            feedback.pushWarning(tr("{0} unknown code or text values kept and flagged:").format(tally.total()))
            for line in tally.lines():
                feedback.pushWarning("  " + line)
        for row in summary:
            feedback.pushInfo(tr("{0}: {1}/{2} patches completed ({3} %), {4:.2f}/{5:.2f} 亩 ({6} %).").format(
                " ".join(filter(None, (row["county"], row["county_name"]))) or "-", row["n_done"], row["n_patches"],
                percent_text(row["rate_count_pct"]), row["done_area_mu"], row["area_mu"],
                percent_text(row["rate_area_pct"])))
