"""landsupervision:closedmines — 三到位 checks for closed sand/gravel/soil mines (domain.md §5.4).

QGIS glue only: the checks are in core/mines.py, labels and values in
resources/config/closed_mine_checks.json.
"""
from __future__ import annotations

from collections import Counter
from typing import List

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
from ..core import mines, overlay, partition, runs
from ..core.fields import schema
from ..core.units import percent, percent_text
from ..translate import tr
from . import overlaps, shapefile_text
from .base import LandSupervisionAlgorithm
from .layers import (
    OutField,
    ellipsoidal_areas,
    extent_of,
    input_rows,
    output_fields,
    plain_ogr_layer,
    read_source,
    work_crs,
)
from .mine_rehabilitation import load_rules, survey_pieces


def out_fields(labels) -> List[OutField]:
    """The added fields; their aliases are the configured 三到位 labels."""
    return [
        OutField("chk_licence", "string", labels["licence"], 10),
        OutField("chk_facility", "string", labels["facility"], 10),
        OutField("chk_restore", "string", labels["restore"], 10),
        OutField("all_three", "string", labels["all_three"], 10),
        OutField("flags", "string", labels.get("flags", "flags"), 1000),
    ]


def active_blocks(source, checks, crs, context, feedback):
    """Geometries and ids of the planning blocks whose status is active (all blocks without a status field)."""
    data = read_source(source, "mining_block", context, feedback, crs, name=tr("planning blocks"))
    active = {mines.text_key(v) for v in checks["plan_blocks"]["active_values"]}
    ids = [str(v) if v is not None else str(fid) for v, fid in zip(data.column("block_id"), data.fids)]
    if data.names.has("status"):
        keep = np.array([mines.text_key(v) in active for v in data.column("status")], dtype=bool)
    else:
        feedback.pushWarning(tr("Planning blocks have no status field ({0}): every block counts as active.").format(
            ", ".join(schema("mining_block")["status"]["aliases"])))
        keep = np.ones(len(data), dtype=bool)
    return data.geoms[keep], [i for i, k in zip(ids, keep) if k]


class ClosedMines(LandSupervisionAlgorithm):
    NAME = "closedmines"
    DISPLAY_NAME = "Closed mines: three requirements (三到位)"
    GROUP_ID = "mines"
    GROUP_NAME = "Mines"
    ICON = "closed_mine.svg"
    HELP = (
        "Checks each closed mine against the three requirements (三到位); each check is shown on its own, with its "
        "evidence.\n"
        "证照注销到位: the mine's licence is recorded as cancelled (a cancellation document number counts when the status "
        "is empty).\n"
        "设施拆除到位: facilities dismantled and power cut, and no mining buildings or works left in the latest land-use "
        "survey (DLTB).\n"
        "生态修复到位: the restored share in the latest survey against the restoration rules (设置 ▸ 矿山修复规则表; the shipped "
        "thresholds, 80 % restored and at most 10 % residual damage, are defaults to review).\n"
        "三到位 is 是 only when all three are 是, 否 when one is 否, otherwise 待核实. A closed mine that overlaps an active "
        "mining planning block is flagged.\n"
        "The wording, the yes/no values and the building classes are set in 设置 ▸ 关闭矿山（三到位）."
    )

    INPUT = "INPUT"
    SURVEY = "SURVEY"
    PLAN_BLOCKS = "PLAN_BLOCKS"
    RULES = "RULES"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802 (Qt API name)
        polygons = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, tr("Closed mines (关闭矿山)"), polygons))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.SURVEY, tr("Latest land-use survey DLTB (地类图斑)"), polygons))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PLAN_BLOCKS, tr("Mining planning blocks (开采规划区块)"), polygons, optional=True))
        self.addParameter(self.described(QgsProcessingParameterFile(
            self.RULES, tr("Rule table (JSON)"), extension="json", optional=True),
            tr("Empty = the rules of the plugin's settings (自然资源督察 ▸ 设置)."), advanced=True))
        self.addParameter(overlaps.allow_overlaps_parameter())
        self.addParameter(shapefile_text.parameter())
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Closed mines with 三到位 checks"), QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputNumber("ALL_THREE", tr("Closed mines meeting all three requirements")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (Qt API name)
        rules = load_rules(self.parameterAsFile(parameters, self.RULES, context))
        checks = settings.load("closed_mine_checks")
        rule = rules["modes"].get(checks["restore_mode"]) or rules.get(checks["restore_mode"])
        if not isinstance(rule, dict):
            raise QgsProcessingException(tr("closed_mine_checks.json: restore_mode '{0}' names no rule.").format(
                checks["restore_mode"]))
        source = self.polygon_source(parameters, self.INPUT, context, feedback)
        survey_source = self.polygon_source(parameters, self.SURVEY, context, feedback, empty_ok=False)
        blocks_source = self.polygon_source(parameters, self.PLAN_BLOCKS, context, feedback, required=False)
        crs = work_crs([source], context, feedback)
        mines_data = read_source(source, "closed_mine", context, feedback, crs, name=tr("closed mines"))
        survey = read_source(survey_source, "dltb", context, feedback, crs, name=tr("DLTB"),
                             layer=plain_ogr_layer(parameters[self.SURVEY], context),
                             extent=extent_of(mines_data.geoms))
        self.check_cancel(feedback)

        n = len(mines_data)
        area = ellipsoidal_areas(mines_data.geoms, crs, context)
        pieces = survey_pieces(mines_data.geoms, survey, crs, context, feedback)
        on_overlap = overlaps.check(survey, runs.distinct(pieces.right, len(survey)),
                                    self.parameterAsBool(parameters, overlaps.ALLOW_OVERLAPS, context), feedback,
                                    self.input_label(parameters, self.SURVEY, context)
                                    ).touched(pieces.left, pieces.right, n)
        targets = tuple(rule.get("target_prefixes") or rules["default_target_prefixes"])
        masks = mines.class_mask(pieces.dlbm, targets).reshape(1, -1)
        residual = mines.residual_mask(pieces.dlbm, pieces.tbxhdm, rules["residual_classes"])
        rest_area, residual_area, covered = mines.piece_totals(
            pieces.left, pieces.right, pieces.area, np.zeros(n, dtype=np.int64), masks, residual, n)
        building = mines.class_mask(pieces.dlbm, checks["building_classes"])
        building_area = overlay.sum_by(pieces.left, np.where(building[pieces.right], pieces.area, 0.0), n)
        min_m2 = rules.get("min_overlap_m2", 0.0)
        rest_share = mines.shares(rest_area, area, covered, min_m2)
        residual_share = mines.shares(residual_area, area, covered, min_m2)
        block_hits = [[] for _ in range(n)]
        if blocks_source is not None:
            block_geoms, block_ids = active_blocks(blocks_source, checks, crs, context, feedback)
            hits = overlay.intersect(mines_data.geoms, block_geoms, keep_geometry=False)
            for left, right, piece in zip(hits.left, hits.right, hits.area):
                if piece >= min_m2:
                    block_hits[left].append(block_ids[right])
        self.check_cancel(feedback)

        fields = output_fields(mines_data.fields, out_fields(checks["labels"]))
        labels, values, text = checks["labels"], checks["values"], checks["flags"]
        building_desc = "/".join(checks["building_classes"])
        columns = {k: mines_data.column(k) for k in ("zxzt", "zxwh", "sscc", "dlqd", "ccwh")}
        tally = mines.Tally()
        no_geometry = set(mines_data.empty_geometry)
        rows, verdict_counts = input_rows(mines_data, fields), Counter()
        for i in range(n):
            attrs = {k: v[i] for k, v in columns.items()}
            flags: List[str] = []
            licence = mines.check_licence(attrs, checks, tally, flags)
            facility = mines.check_facility(attrs, building_area[i], not np.isnan(rest_share[i]), building_desc,
                                            checks, tally, flags)
            restore = mines.check_restore(rest_share[i], residual_share[i], rule, checks,
                                          rules.get("progress_min_share", 0.0))
            three = mines.all_three([licence[0], facility[0], restore[0]])
            evidence = [f"{labels[key]}: {values[v]} ({why})"
                        for key, (v, why) in zip(mines.CHECK_KEYS, (licence, facility, restore))]
            if mines_data.fids[i] in no_geometry:
                flags.insert(0, text["no_geometry"])
            elif np.isnan(rest_share[i]):
                flags.append(text["no_survey"])
            if block_hits[i]:
                flags.append(text["in_active_block"].format(", ".join(sorted(set(block_hits[i])))))
            if on_overlap[i]:
                flags.append(partition.FLAG)
            added = [values[licence[0]], values[facility[0]], values[restore[0]], values[three],
                     text["separator"].join(evidence + flags)]
            for name, value in zip(("chk_licence", "chk_facility", "chk_restore", "all_three", "flags"), added):
                rows[i][fields.indexOf(name)] = value
            verdict_counts[three] += 1
        self.check_cancel(feedback)

        dest_id = self.write_output(parameters, self.OUTPUT, context, feedback, fields, QgsWkbTypes.MultiPolygon, crs,
                                    rows, mines_data.geoms)
        feedback.pushInfo(tr("{0}: {1} yes ({2} %), {3} no, {4} to verify.").format(
            labels["all_three"], verdict_counts["yes"], percent_text(percent(verdict_counts["yes"], len(rows))),
            verdict_counts["no"], verdict_counts["unknown"]))
        in_blocks = sum(1 for hits in block_hits if hits)
        if in_blocks:
            feedback.pushWarning(tr("{0} closed mines lie inside an active mining planning block.").format(in_blocks))
        if tally.total():
            feedback.pushWarning(tr("{0} unknown yes/no values kept and flagged:").format(tally.total()))
            for line in tally.lines():
                feedback.pushWarning("  " + line)
        self.style_output(context, dest_id, "closed_mines", {o.name: o.alias for o in out_fields(labels)})
        return {self.OUTPUT: dest_id, "ALL_THREE": verdict_counts["yes"]}
