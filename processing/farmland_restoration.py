"""landsupervision:farmlandrestoration — 耕地恢复核查 (glue; rules in core/restoration.py)."""
from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Optional, Tuple

import numpy as np
import shapely
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..core import landclass, overlay, partition, regions, runs
from ..core import restoration as rules_mod
from ..core.units import mu_sum, percent_text, round_half_up_array
from .. import settings
from ..translate import tr
from . import heap, overlaps, pushdown, shapefile_text
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

SURVEY_KEYS = ("bsm", "dlbm", "dlmc", "tbmj", "kcxs", "tbdlmj", "zzsxdm")  # what the check reads from DLTB
TASK_KEYS = ("task_id", "village", "task_area", "source_class", "restore_type", "deadline")
TASK_LABELS = {
    "task_id": "Task id",
    "village": "Village code",
    "task_area": "Task area (m²)",
    "source_class": "Source land class",
    "restore_type": "Restoration type (JKHF/GCHF)",
    "deadline": "Deadline",
}

OUT_FIELDS = [
    OutField("task_area", "double", "任务面积(椭球,平方米)", 20, 2),
    OutField("ratio_base", "double", "比例基数(任务面积扣除碎片及所覆盖耕地田坎,平方米)", 20, 2),
    OutField("rest_gross", "double", "已恢复图斑面积(平方米)", 20, 2),
    OutField("rest_net", "double", "已恢复耕地面积(扣除田坎,平方米)", 20, 2),
    OutField("rest_ratio", "double", "恢复比例", 12, 4),
    OutField("status", "string", "恢复状态", 10),
    OutField("flags", "string", "质量标记", 254),
]
PIECE_FIELDS = [
    OutField("task_fid", "int", "任务要素号"),
    OutField("task_id", "string", "任务编号", 50),
    OutField("dltb_fid", "int", "地类图斑要素号"),
    OutField("bsm", "string", "标识码", 30),
    OutField("dlbm", "string", "地类编码", 10),
    OutField("dlmc", "string", "地类名称", 60),
    OutField("zzsxdm", "string", "种植属性代码", 10),
    OutField("kcxs", "double", "扣除系数", 10, 4),
    OutField("gross", "double", "分摊图斑面积(平方米)", 20, 2),
    OutField("net", "double", "耕地面积(扣除田坎,平方米)", 20, 2),
    OutField("counted", "int", "计入恢复面积"),
    OutField("sliver", "int", "碎片"),
]


def aliases(fields: List[OutField]) -> Dict[str, str]:
    return {f.name: f.alias for f in fields}


def survey_classes(data: LayerData, feedback) -> List[str]:
    """DLBM per parcel, from DLMC through the code table on rows without one (columns only: safe on the main
    thread while the overlay works on the survey's geometries)."""
    dlbm, unknown = landclass.codes_of(data.column("dlbm"), data.column("dlmc"))
    if unknown:
        feedback.pushWarning(tr("{0}: class names (DLMC) not in the code table, their parcels have no class: {1}.")
                             .format(data.name, "、".join(unknown)))
    return dlbm


def survey_columns(data: LayerData, feedback, crs, context,
                   dlbm: Optional[List[str]] = None) -> Tuple[List[str], np.ndarray, np.ndarray]:
    """DLBM (``survey_classes``, unless given), official area and net factor per parcel.

    A parcel without a usable TBMJ gets its ellipsoidal area, the basis of the task areas (counted in the log).
    """
    dlbm = survey_classes(data, feedback) if dlbm is None else dlbm
    tbmj = data.numbers("tbmj")
    official = np.nan_to_num(tbmj)
    unusable = np.flatnonzero(~(np.isfinite(tbmj) & (tbmj > 0)))
    if data.checked is not None:  # read unrepaired: their own area stands in for TBMJ, so repair them first
        data.repair_where(unusable, feedback)
    measured = ellipsoidal_areas(data.geoms[unusable], crs, context) if len(unusable) else np.zeros(0)
    missing = unusable[measured > 0]
    if len(missing):
        feedback.pushWarning(
            tr("{0}: {1} parcels without TBMJ; their ellipsoidal area is used instead.").format(data.name, len(missing))
        )
    official[missing] = measured[measured > 0]
    factor = rules_mod.net_factor(official, data.numbers("kcxs"), data.numbers("tbdlmj"))
    return dlbm, official, factor


def sliver_widths(pieces: overlay.Pieces, piece_input: rules_mod.PieceInput, tasks, survey, task_planar,
                  rules) -> np.ndarray:
    """Mean width of the pieces that could be boundary noise (a small share of task and parcel); NaN elsewhere."""
    width = np.full(len(pieces), np.nan)
    maybe = np.flatnonzero(rules_mod.thin_fraction(piece_input, task_planar, rules))
    if len(maybe):
        if getattr(pieces, "perimeter", None) is not None:  # measured on the server
            length = pieces.perimeter[maybe]
        else:
            geoms = pieces.geoms[maybe] if pieces.geoms is not None else \
                shapely.intersection(tasks[pieces.left[maybe]], survey[pieces.right[maybe]])
            length = shapely.length(geoms)
        width[maybe] = rules_mod.mean_width(pieces.area[maybe], length)
    return width


def skip_invalid_geometry_check(context) -> None:
    """Invalid geometries are repaired and counted by read_source: QGIS must not abort or drop them first."""
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)


def progress_callback(feedback, start: float, span: float):
    """Overlay progress mapped onto [start, start + span] %; returns True to cancel."""
    def report(fraction: float) -> bool:
        feedback.setProgress(start + span * fraction)
        return feedback.isCanceled()

    return report


def overlay_or_cancel(a, b, keep_geometry: bool, feedback, start: float, span: float, pairs=None) -> overlay.Pieces:
    try:
        return overlay.intersect(a, b, keep_geometry, progress_callback(feedback, start, span), pairs=pairs)
    except overlay.Cancelled:
        raise QgsProcessingException(tr("Cancelled: nothing was written.")) from None


class FarmlandRestorationAlgorithm(LandSupervisionAlgorithm):
    NAME = "farmlandrestoration"
    DISPLAY_NAME = "Cultivated-land restoration check (耕地恢复核查)"
    GROUP_ID = "farmland"
    ICON = "restoration.svg"
    GROUP_NAME = "Cultivated land"
    HELP = (
        "Checks each restoration task parcel against the latest annual change survey (DLTB). "
        "Pieces of DLTB parcels get the parcel's official TBMJ by planar share; the restored net area "
        "deducts field ridges (TBDLMJ share, i.e. 1 − KCXS). Adjustable K classes are not cultivated land. "
        "The ratio compares like with like: the net restored area against the task's net-able area (its "
        "ellipsoidal area less the ridge share of the cultivated parcels it covers), or with net counting off "
        "the gross restored area against the task area; slivers are left out of both (the ratio base is in "
        "the output); "
        "a task wholly restored on sloping "
        "land is 已恢复 whatever its KCXS. Status: 已恢复 when the ratio reaches the threshold, 部分恢复 when "
        "some is restored, 未恢复 otherwise. Slivers (boundary noise) are left out: pieces under the minimum "
        "area, or thin strips (mean width under the limit) that are a small share of both their task and their "
        "survey parcel; a piece that is most of a parcel always counts, however large the task. DLBM falls back "
        "to DLMC row by row (二调-era names included); parcels without TBMJ get their ellipsoidal area. "
        "Every task is kept; flags tell restored-but-uncultivated (WG/XG), "
        "adjustable classes, permanent basic farmland, no survey coverage and repaired geometry. "
        "Outputs are in the survey's CRS (a geographic survey is worked in its Gauss-Krüger zone)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        defaults = rules_mod.Rules.from_config(settings.user_config_dir())
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", tr("Restoration task parcels"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "SURVEY", tr("Latest annual change survey (DLTB)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "BASIC_FARMLAND", tr("Permanent basic farmland"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "THRESHOLD", tr("Completion threshold (share of the task area)"), QgsProcessingParameterNumber.Double,
            defaults.complete_threshold, minValue=0.0, maxValue=10.0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_PIECE_AREA", tr("Minimum piece area (m²)"), QgsProcessingParameterNumber.Double,
            defaults.min_piece_m2, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_PIECE_SHARE", tr("Sliver: share of the task below"), QgsProcessingParameterNumber.Double,
            defaults.min_piece_share, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_PARCEL_SHARE", tr("Sliver: and share of the survey parcel below"),
            QgsProcessingParameterNumber.Double, defaults.min_parcel_share, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            "MAX_SLIVER_WIDTH", tr("Sliver: and mean width below (m)"), QgsProcessingParameterNumber.Double,
            defaults.max_sliver_width, minValue=0.0))
        self.addParameter(self.described(QgsProcessingParameterBoolean(
            "COUNT_NET", tr("Status from the net area (after field ridges)"), defaults.count_net),
            tr("Unticked: from the gross area (before field ridges).")))
        self.addParameter(overlaps.allow_overlaps_parameter())
        self.addParameter(shapefile_text.parameter())
        self.add_field_params("restoration_task", "INPUT", TASK_KEYS, {k: tr(v) for k, v in TASK_LABELS.items()})
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", tr("Restoration check"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_PIECES", tr("Pieces (task ∩ DLTB)"), QgsProcessing.TypeVectorPolygon,
            optional=True, createByDefault=False))
        pushdown.add_local_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        skip_invalid_geometry_check(context)
        tasks_src = self.polygon_source(parameters, "INPUT", context, feedback)
        survey_src = self.polygon_source(parameters, "SURVEY", context, feedback, empty_ok=False)
        bf_src = self.polygon_source(parameters, "BASIC_FARMLAND", context, feedback, required=False)
        rules = rules_mod.Rules.from_config(
            settings.user_config_dir(),
            complete_threshold=self.parameterAsDouble(parameters, "THRESHOLD", context),
            min_piece_m2=self.parameterAsDouble(parameters, "MIN_PIECE_AREA", context),
            min_piece_share=self.parameterAsDouble(parameters, "MIN_PIECE_SHARE", context),
            min_parcel_share=self.parameterAsDouble(parameters, "MIN_PARCEL_SHARE", context),
            max_sliver_width=self.parameterAsDouble(parameters, "MAX_SLIVER_WIDTH", context),
            count_net=self.parameterAsBool(parameters, "COUNT_NET", context),
        )
        want_pieces = parameters.get("OUTPUT_PIECES") is not None

        crs = work_crs([survey_src, tasks_src], context, feedback)
        tasks = read_source(tasks_src, "restoration_task", context, feedback, crs,
                            self.chosen_fields(parameters, context, TASK_KEYS), tr("Tasks"),
                            layer=plain_ogr_layer(parameters["INPUT"], context), attribute_rows=True)
        self.check_cancel(feedback)
        local = self.parameterAsBool(parameters, pushdown.LOCAL_PARAMETER, context)
        server = pushdown.server_for(parameters, ("INPUT", "SURVEY"), context, feedback, crs.postgisSrid(), local)
        task_planar = shapely.area(tasks.geoms)
        if server:
            survey, pieces = pushdown.survey_pairs(*server, tasks.fids, tasks.geoms, survey_src, "dltb", SURVEY_KEYS,
                                                   tr("Survey"), crs.postgisSrid(), feedback, geometry=want_pieces)
            task_area = ellipsoidal_areas(tasks.geoms, crs, context)
            classes, zzsx = survey_classes(survey, feedback), survey.column("zzsxdm")
        else:
            # Only survey parcels near the tasks are read, and their geometries checked and repaired only
            # where a task meets them: restoration lists usually cover a small part of the county. They are
            # held as WKB (packed) and made into geometries chunk by chunk where they are worked on.
            # Every parcel a task meets gives pieces: the slivers of any class are left out of the ratio's base.
            # The pairs (bounding boxes) are found while the survey is read, from the geometries made then.
            pairs = overlay.Pairing(tasks.geoms)
            survey = read_source(survey_src, "dltb", context, feedback, crs, None, tr("Survey"),
                                 layer=plain_ogr_layer(parameters["SURVEY"], context), repair=False,
                                 extent=extent_of(tasks.geoms), keys=SURVEY_KEYS, packed=True, pairing=pairs)
            self.check_cancel(feedback)
            heap.release()  # the read's buffers, before the overlay's workers take their own memory
            feedback.setProgress(20)
            ia, ib = pairs.found()
            survey.repair_where(runs.distinct(ib, len(survey)), feedback)
            with ThreadPoolExecutor(max_workers=1) as side:
                # The overlay runs on worker threads (GEOS without the GIL) while this thread measures the tasks
                # and reads the parcels' classes (Python work that holds the GIL, the geometries left alone);
                # each side has its own array of the tasks: shapely marks an array read-only while it works on it.
                running = side.submit(overlay_or_cancel, tasks.geoms.copy(), survey.geoms, want_pieces, feedback,
                                      20, 50, (ia, ib))
                task_area = ellipsoidal_areas(tasks.geoms, crs, context)
                classes, zzsx = survey_classes(survey, feedback), survey.column("zzsxdm")
                pieces = running.result()
            heap.release()
        dlbm, official, factor = survey_columns(survey, feedback, crs, context, classes)
        allow = self.parameterAsBool(parameters, overlaps.ALLOW_OVERLAPS, context)
        used = runs.distinct(pieces.right, len(survey))
        found = pushdown.survey_overlaps(server[1], survey.fids, used, crs.postgisSrid(), feedback) if server else None
        overlap = overlaps.check(survey, used, allow, feedback, self.input_label(parameters, "SURVEY", context), found)
        gross = overlay.allocate(pieces.area, pieces.right_area, official[pieces.right])
        dlbm, zzsx = np.asarray(dlbm, dtype=object), np.asarray(zzsx, dtype=object)
        piece_input = rules_mod.PieceInput(
            pieces.left, pieces.area, gross, factor[pieces.right], dlbm[pieces.right], zzsx[pieces.right],
            pieces.right_area)
        piece_input.width = sliver_widths(pieces, piece_input, tasks.geoms, survey.geoms, task_planar, rules)
        survey.geoms = None  # done with: a county's parcels need not be held while the output is built
        heap.release()

        bf_overlap = None
        bf_server = bf_src is not None and pushdown.server_for(
            parameters, ("INPUT", "BASIC_FARMLAND"), context, feedback, crs.postgisSrid(), local)
        if bf_server:
            bf_overlap = pushdown.mask_overlap(*bf_server, tasks.fids, crs.postgisSrid(), feedback)
        elif bf_src is not None:
            bf = read_source(bf_src, None, context, feedback, crs, None, tr("Basic farmland"),
                             layer=plain_ogr_layer(parameters["BASIC_FARMLAND"], context),
                             extent=extent_of(tasks.geoms))
            bf_pieces = overlay_or_cancel(tasks.geoms, bf.geoms, False, feedback, 70, 10)
            bf_overlap = overlay.sum_by(bf_pieces.left, bf_pieces.area, len(tasks))
        self.check_cancel(feedback)

        repaired = tasks.repaired_mask
        missing = shapely.is_missing(tasks.geoms) | shapely.is_empty(tasks.geoms)
        recorded = tasks.numbers("task_area") if tasks.names.has("task_area") else None
        result = rules_mod.evaluate(task_area, task_planar, piece_input, rules, bf_overlap, repaired, missing, recorded)
        extra = {}  # task index -> flags added here
        for i in np.flatnonzero(overlap.touched(pieces.left, pieces.right, len(tasks))) if len(overlap) else ():
            extra.setdefault(i, []).append(partition.FLAG)
        self._duplicate_ids(tasks, rules, extra, feedback)
        for i, added in extra.items():
            result.flags[i] = rules.flags["separator"].join([f for f in [result.flags[i]] if f] + added)
        self.check_cancel(feedback)
        self._report(result, rules, tasks, context, feedback)

        # Everything is computed: only now create the sinks (a cancel above leaves no output).
        fields = output_fields(tasks_src.fields(), OUT_FIELDS)
        rows = input_rows(tasks, fields)
        added = zip(round_half_up_array(task_area).tolist(), round_half_up_array(result.ratio_base).tolist(),
                    round_half_up_array(result.rest_gross).tolist(),
                    round_half_up_array(result.rest_net).tolist(), round_half_up_array(result.ratio, 4).tolist(),
                    result.status, result.flags)
        for row, values in zip(rows, added):
            row[-len(OUT_FIELDS):] = values
        piece_rows = self._piece_rows(tasks, survey, pieces, gross, result, dlbm, zzsx) if want_pieces else []
        self.check_cancel(feedback)

        dest_id = self.write_output(parameters, "OUTPUT", context, feedback, fields, QgsWkbTypes.MultiPolygon, crs,
                                    rows, tasks.geoms)
        self.style_output(context, dest_id, "restoration", aliases(OUT_FIELDS))
        outputs = {"OUTPUT": dest_id}
        if want_pieces:
            piece_fields = output_fields(None, PIECE_FIELDS)
            pdest = self.write_output(parameters, "OUTPUT_PIECES", context, feedback, piece_fields,
                                      QgsWkbTypes.MultiPolygon, crs, piece_rows, pieces.geoms)
            self.style_output(context, pdest, "restoration_pieces", aliases(PIECE_FIELDS))
            outputs["OUTPUT_PIECES"] = pdest
        return outputs

    @staticmethod
    def _piece_rows(tasks, survey, pieces, gross, result, dlbm, zzsx) -> List[list]:
        task_ids = tasks.column("task_id")
        bsm = survey.column("bsm")
        kcxs = survey.numbers("kcxs")
        piece_gross = round_half_up_array(gross).tolist()
        piece_net = round_half_up_array(result.piece_net).tolist()
        rows = []
        for k in range(len(pieces)):
            t, j = pieces.left[k], pieces.right[k]
            rows.append([
                tasks.fids[t], text(task_ids[t]), survey.fids[j], text(bsm[j]),
                landclass.normalize(dlbm[j]), landclass.name(dlbm[j]), text(zzsx[j]),
                None if np.isnan(kcxs[j]) else float(kcxs[j]), piece_gross[k], piece_net[k],
                int(result.piece_kept[k] and result.piece_cultivated[k]), int(not result.piece_kept[k])])
        return rows

    @staticmethod
    def _duplicate_ids(tasks, rules, extra, feedback) -> None:
        """Tasks sharing a task id: a ledger would count one task twice."""
        ids = [text(v).strip() for v in tasks.column("task_id")]
        counts = Counter(i for i in ids if i)
        repeated = sorted(i for i, n in counts.items() if n > 1)
        if not repeated:
            return
        for k, task_id in enumerate(ids):
            if counts.get(task_id, 0) > 1:
                extra.setdefault(k, []).append(rules.flags["duplicate_id"].format(count=counts[task_id]))
        feedback.pushWarning(tr("{0}: {1} task ids are used by more than one task ({2}); they are kept and flagged.")
                             .format(tasks.name, len(repeated), ", ".join(repeated[:10])))

    def _report(self, result, rules, tasks, context, feedback) -> None:
        """The run's summary in the log: tasks, restored tasks (%) and areas in 亩, by county and township."""
        restored = result.rest_net if rules.count_net else result.rest_gross
        names = region_table.names(self, {}, context, feedback, regions.from_data(
            tasks.column("village"), tasks.column("region_name")), parameter=None)
        rows = rules_mod.tally(tasks.column("village"), result.status, result.task_area, restored,
                               rules.status["complete"], names)
        feedback.pushInfo(tr("Restored gross {0:.2f} 亩, net {1:.2f} 亩.").format(
            mu_sum(result.rest_gross), mu_sum(result.rest_net)))
        for label in rules.status.values():
            feedback.pushInfo("  {0}: {1}".format(label, result.status.count(label)))
        for row in rows:
            line = tr("{0}: {1} tasks, {2} restored ({3} %); task area {4:.2f} 亩, restored {5:.2f} 亩.")
            feedback.pushInfo(line.format(" ".join(filter(None, (row.code, row.name))) or tr("All tasks"), row.tasks,
                                          row.restored, percent_text(row.rate), row.task_mu, row.restored_mu))


def text(value) -> str:
    return "" if value is None else str(value)
