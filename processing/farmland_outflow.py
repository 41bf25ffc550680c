"""landsupervision:farmlandoutflow — 耕地流出合规核查 (glue; rules in core/outflow.py, flows in core/balance.py)."""
from __future__ import annotations

import datetime
from collections import Counter
from typing import List, Optional

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProviderRegistry,
    QgsWkbTypes,
)

from ..core import admincodes, balance, landclass, partition
from ..core import outflow as rules_mod
from ..core.dates import ParseError, parse_date
from ..core.fields import schema
from ..core.units import round_half_up_array
from .. import settings
from ..translate import tr
from . import overlaps, shapefile_text
from .base import LandSupervisionAlgorithm
from . import pushdown
from .farmland_balance import level_word, region_names, survey_flows
from . import region_names as region_table
from .farmland_restoration import aliases, text
from .layers import OutField, extent_of, output_fields, plain_ogr_layer, read_source

OUT_FIELDS = [
    OutField("zldwdm", "string", "坐落单位代码", 19),
    OutField("zldwmc", "string", "坐落单位名称", 100),
    OutField("bsm_before", "string", "上年标识码", 30),
    OutField("bsm_after", "string", "本年标识码", 30),
    OutField("dlbm_before", "string", "上年地类编码", 10),
    OutField("dlbm_after", "string", "本年地类编码", 10),
    OutField("dlmc_after", "string", "本年地类名称", 60),
    OutField("dest_group", "string", "流出去向", 20),
    OutField("kind", "string", "流出类型", 10),
    OutField("patch_area", "double", "图斑面积(上年分摊,平方米)", 20, 2),
    OutField("area", "double", "流出耕地面积(扣除田坎,平方米)", 20, 2),
    OutField("approved_area", "double", "批复覆盖面积(平方米)", 20, 2),
    OutField("approved_share", "double", "批复覆盖比例", 12, 4),
    OutField("approval_ids", "string", "批复文号", 254),
    OutField("bf_area", "double", "其中永久基本农田面积(平方米)", 20, 2),
    OutField("redline_area", "double", "其中生态保护红线面积(平方米)", 20, 2),
    OutField("suspect_area", "double", "疑似违法违规面积(平方米)", 20, 2),
    OutField("status", "string", "核查状态", 20),
    OutField("problem", "string", "问题类型", 30),
    OutField("flags", "string", "核查标记", 254),
]

AMOUNT_LABELS = (
    ("nonagri", "非农化"), ("nonagri_approved", "非农化-已批"), ("nonagri_unapproved", "非农化-未批"),
    ("nonagri_suspect", "非农化-疑似违法"), ("nongrain", "非粮化"), ("nongrain_bf", "非粮化-其中永久基本农田"),
    ("facility", "设施农用地"), ("facility_filed", "设施农用地-已备案"), ("facility_unfiled", "设施农用地-未备案"),
    ("other", "其他流出"), ("inflow_agri", "其他农用地流入耕地"), ("balance", "进出平衡(流入−非粮化−设施)"),
)
SUMMARY_FIELDS = (
    [OutField("level", "string", "级别", 10), OutField("region_code", "string", "行政区代码", 12),
     OutField("region_name", "string", "行政区名称", 100), OutField("patches", "int", "流出图斑数"),
     OutField("suspect_patches", "int", "疑似违法违规图斑数")]
    + [OutField(k, "double", label + "(平方米)", 20, 2) for k, label in AMOUNT_LABELS]
    + [OutField(k + "_mu", "double", label + "(亩)", 20, 2) for k, label in AMOUNT_LABELS]
)


def layer_title(layer) -> str:
    """A layer's own name: the table inside a GeoPackage or FileGDB (the name QGIS gives is the file's)."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    return parts.get("layerName") or layer.name()


class FarmlandOutflowAlgorithm(LandSupervisionAlgorithm):
    NAME = "farmlandoutflow"
    DISPLAY_NAME = "Cultivated-land outflow compliance (耕地流出合规核查)"
    GROUP_ID = "farmland"
    ICON = "balance.svg"
    GROUP_NAME = "Cultivated land"
    HELP = (
        "Finds every patch that was cultivated land (01) in the survey of year T−1 and is not in year T (the "
        "outflow pieces of the entry-exit balance, net of field ridges) and checks it against approvals. "
        "Construction outflow (非农化) covered to the threshold by conversion/expropriation approvals, supply "
        "records or temporary-use approvals is 合规 (temporary use flagged); partly covered is 部分合规 with the "
        "uncovered part as suspect area; uncovered is 疑似违法占用耕地. Outflow to facility farmland (1202) is "
        "合规 only under a 设施农用地备案, else 疑似违规. Outflow to orchard, forest, grass or ponds (非粮化) is "
        "疑似违规 inside permanent basic farmland and 纳入进出平衡 outside it; other outflow is 待核实. "
        "Approvals dated after 31 December of year T do not cover, nor temporary uses past their term (usually "
        "2 years, flagged); overlapping approvals count once. Each "
        "approval's type comes from its type field (PZLX, 批复类型, GDFS …), else from the layer name, or from "
        "the per-layer choice (comma-separated, one entry per approval layer: conversion, supply, facility, "
        "temporary or auto). The summary by county, township and village gives 非农化 approved/unapproved, "
        "非粮化 and its part inside basic farmland, facility outflow filed/unfiled and the 进出平衡 balance "
        "(inflow from other agricultural land less non-grain and facility outflow) in m² and 亩; village "
        "values are sums of the patches' rounded cells, upper levels sums of the village values; the level of each "
        "row is 县级, 乡镇级 or 村级 (county, township or village in an English QGIS)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        defaults = rules_mod.Rules.from_config(settings.user_config_dir())
        self.addParameter(QgsProcessingParameterFeatureSource(
            "SURVEY_BEFORE", tr("Survey of year T−1 (DLTB)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "SURVEY_AFTER", tr("Survey of year T (DLTB)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(self.described(QgsProcessingParameterMultipleLayers(
            "APPROVALS", tr("Approval layers"), QgsProcessing.TypeVectorPolygon, optional=True),
            tr("转用/征收批复, 供地, 设施农用地备案, 临时用地.")))
        self.addParameter(self.described(QgsProcessingParameterString(
            "APPROVAL_TYPES", tr("Approval type per layer"), "", optional=True),
            tr("Comma-separated, in layer order; empty = recognised from each layer.")))
        self.addParameter(self.described(QgsProcessingParameterNumber(
            "SURVEY_YEAR", tr("Survey year T"), QgsProcessingParameterNumber.Integer, 0, minValue=0, maxValue=2999),
            tr("0 = the data year (SJNF) of the year-T survey.")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "BASIC_FARMLAND", tr("Permanent basic farmland"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "RED_LINE", tr("Ecological protection red line"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "COVER_THRESHOLD", tr("Cover threshold (share of a patch approvals must cover)"),
            QgsProcessingParameterNumber.Double, defaults.cover_threshold, minValue=0.0, maxValue=1.0))
        region_table.add_parameter(self)
        self.addParameter(overlaps.allow_overlaps_parameter())
        self.addParameter(shapefile_text.parameter())
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", tr("Outflow patches"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_SUMMARY", tr("Outflow compliance by county, township and village"), QgsProcessing.TypeVector))
        pushdown.add_local_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        rules = rules_mod.Rules.from_config(
            settings.user_config_dir(), self.parameterAsDouble(parameters, "COVER_THRESHOLD", context))
        layers = self.parameterAsLayerList(parameters, "APPROVALS", context) or []
        try:
            choices = rules_mod.type_keys(self.parameterAsString(parameters, "APPROVAL_TYPES", context), rules)
        except ValueError as exc:
            raise QgsProcessingException(tr("Approval types: '{0}' is no approval type; use conversion, supply, "
                                            "facility, temporary or auto.").format(exc)) from None
        if len(choices) > max(len(layers), 1):
            raise QgsProcessingException(tr("Approval types: {0} entries for {1} approval layers; give one entry "
                                            "per layer, in layer order.").format(len(choices), len(layers)))
        groups = balance.outflow_groups(settings.user_config_dir())
        unknown = sorted(set(rules.kind_of_group) - {g.key for g in groups})
        if unknown:
            # a renamed destination group would turn its outflow into 其他 without a word: stop instead
            raise QgsProcessingException(tr(
                "farmland_outflow.json: the kinds name destination groups that outflow_groups.json does not have "
                "({0}); use its group keys ({1}).").format(", ".join(unknown), ", ".join(g.key for g in groups)))
        flows = survey_flows(self, parameters, context, feedback, groups)
        result, after = flows.result, flows.after
        time_point = self._time_point(parameters, context, feedback, after)
        feedback.pushInfo(tr("Survey time point: {0}; approvals dated later do not cover.").format(time_point))
        patches = np.flatnonzero(result.outflow)
        geoms = flows.geometries(patches)
        extent = extent_of(geoms) if len(patches) else None
        approvals = self._approvals(layers, choices, flows.crs, extent, rules, context, feedback)
        feedback.setProgress(70)
        zones = {}
        for key, label in (("BASIC_FARMLAND", tr("Basic farmland")), ("RED_LINE", tr("Red line"))):
            source = self.parameterAsSource(parameters, key, context)
            if source is not None:
                zones[key] = read_source(source, None, context, feedback, flows.crs, None, label,
                                         layer=plain_ogr_layer(parameters[key], context), extent=extent).geoms
        self.check_cancel(feedback)
        area = result.net_before[patches]
        repaired = (flows.before.repaired_mask[result.before[patches]]
                    | flows.after.repaired_mask[result.after[patches]])
        assessed = rules_mod.assess(geoms, area, result.group[patches], approvals, time_point, rules,
                                    zones.get("BASIC_FARMLAND"), zones.get("RED_LINE"), repaired)
        sep = rules.flags["separator"]
        for n in np.flatnonzero(overlaps.touched(
                [(flows.before, result.before[patches]), (flows.after, result.after[patches])], len(patches))):
            assessed.flags[n] = sep.join([f for f in [assessed.flags[n]] if f] + [partition.FLAG])
        feedback.setProgress(90)
        offsets = rules_mod.offsets_balance(flows.surveys["before"].dlbm, rules)
        inflow = np.flatnonzero(result.inflow & offsets[result.before])
        zl_before = np.asarray(flows.surveys["before"].zldwdm, dtype=object)
        zl_after = np.asarray(flows.surveys["after"].zldwdm, dtype=object)
        names = region_names(self, parameters, context, feedback, after)
        summary = rules_mod.summarize(
            assessed, round_half_up_array(area), zl_before[result.before[patches]],
            round_half_up_array(result.net_after[inflow]), zl_after[result.after[inflow]], rules, names)
        self.check_cancel(feedback)
        self._report(assessed, summary, feedback)

        # Everything is computed: only now create the sinks (a cancel above leaves no output).
        fields = output_fields(None, OUT_FIELDS)
        rows = self._patch_rows(flows, patches, assessed, area, groups, names)
        dest_id = self.write_output(parameters, "OUTPUT", context, feedback, fields, QgsWkbTypes.MultiPolygon,
                                    flows.crs, rows, geoms)
        self.style_output(context, dest_id, "farmland_outflow", aliases(OUT_FIELDS))
        table_fields = output_fields(None, SUMMARY_FIELDS)
        keys = [k for k, _ in AMOUNT_LABELS]
        table_rows = [[level_word(r.level), r.region_code, r.region_name, r.counts["patches"],
                       r.counts["suspect_patches"]] + [r.values[k] for k in keys] + [r.mu[k] for k in keys]
                      for r in summary]
        table_id = self.write_output(parameters, "OUTPUT_SUMMARY", context, feedback, table_fields,
                                     QgsWkbTypes.NoGeometry, flows.crs, table_rows, None)
        self.style_output(context, table_id, None, aliases(SUMMARY_FIELDS))
        return {"OUTPUT": dest_id, "OUTPUT_SUMMARY": table_id}

    def _time_point(self, parameters, context, feedback, after) -> datetime.date:
        """31 December of year T: the parameter, else the T survey's latest data year (SJNF)."""
        year = self.parameterAsInt(parameters, "SURVEY_YEAR", context)
        if not year:
            years = sorted({int(v) for v in after.numbers("sjnf") if np.isfinite(v) and v > 0})
            if not years:
                raise QgsProcessingException(tr(
                    "{0}: no data year (SJNF) to take the survey year from; set the survey year T parameter.")
                    .format(after.name))
            year = years[-1]
            if len(years) > 1:
                feedback.pushWarning(tr(
                    "{0}: the data year (SJNF) has several values ({1}); the survey year is taken as {2}. Set the "
                    "survey year T parameter if that is wrong.").format(
                    after.name, ", ".join(str(y) for y in years), year))
        return datetime.date(year, 12, 31)

    def _approvals(self, layers, choices, crs, extent, rules, context, feedback) -> rules_mod.Approvals:
        """Every approval feature near the outflow, with its type, date and number, in the work CRS."""
        geoms, types, dates, numbers = [], [], [], []
        if not layers:
            feedback.pushWarning(tr("No approval layers: every construction and facility outflow is suspect."))
        labels = ", ".join(schema("approval")["type"]["aliases"])
        for n, layer in enumerate(layers):
            name = layer_title(layer)
            data = read_source(layer, "approval", context, feedback, crs, None, name,
                               layer=plain_ogr_layer(layer, context), extent=extent)
            chosen = choices[n] if n < len(choices) else None
            if chosen is not None:
                layer_types: List[Optional[str]] = [chosen] * len(data)
            elif data.names.has("type"):
                values = data.column("type")
                layer_types = [rules_mod.approval_type(v, rules) for v in values]
                unknown = Counter(text(v) for v, t in zip(values, layer_types) if t is None)
                if unknown:
                    feedback.pushWarning(tr(
                        "{0}: {1} approvals with a type in field {2} that is no known type ({3}); they cover nothing "
                        "and the patches they meet are flagged. Add the values to farmland_outflow.json or set "
                        "the layer's type.").format(
                        name, sum(unknown.values()), data.names["type"], ", ".join(sorted(unknown)[:5])))
            else:
                by_name = rules_mod.approval_type(name, rules)
                if by_name is None:
                    raise QgsProcessingException(tr(
                        "{0}: no approval type field (accepted: {1}) and the layer name names no type; set the "
                        "layer's type in the approval type parameter.").format(name, labels))
                feedback.pushInfo(tr("{0}: every feature taken as {1} (from the layer name).").format(
                    name, rules.approval_types[by_name]["label"]))
                layer_types = [by_name] * len(data)
            layer_dates, bad = [], []
            for value in data.column("date"):
                try:
                    layer_dates.append(parse_date(value))
                except ParseError:
                    layer_dates.append(None)
                    bad.append(text(value))
            if bad:
                feedback.pushWarning(tr("{0}: {1} approval dates in field {2} are no dates (e.g. '{3}'); those "
                                        "approvals count as undated and are flagged.").format(
                    name, len(bad), data.names["date"], bad[0]))
            if not data.names.has("date"):
                feedback.pushWarning(tr("{0}: no approval date field; its approvals count as undated and are "
                                        "flagged.").format(name))
            geoms.append(data.geoms)
            types += layer_types
            dates += layer_dates
            numbers += [text(v) for v in data.column("number")]
        all_geoms = np.concatenate(geoms) if geoms else np.zeros(0, dtype=object)
        return rules_mod.Approvals(all_geoms, types, dates, numbers)

    @staticmethod
    def _patch_rows(flows, patches, assessed, area, groups, names) -> List[list]:
        labels = {g.key: g.label for g in groups}
        result, before, after = flows.result, flows.before, flows.after
        bsm_b, bsm_a = before.column("bsm"), after.column("bsm")
        dlbm_b, dlbm_a = flows.surveys["before"].dlbm, flows.surveys["after"].dlbm
        zl_b = flows.surveys["before"].zldwdm
        zlmc_b = before.column("zldwmc")
        area_cells = round_half_up_array(area).tolist()
        gross = round_half_up_array(result.gross_before[patches]).tolist()
        rows = []
        for n, k in enumerate(patches):
            i, j = result.before[k], result.after[k]
            zl = admincodes.normalize(zl_b[i])
            rows.append([
                zl, text(zlmc_b[i]) or names.get(zl[:12], ""), text(bsm_b[i]), text(bsm_a[j]),
                landclass.normalize(dlbm_b[i]), landclass.normalize(dlbm_a[j]), landclass.name(dlbm_a[j]),
                labels.get(result.group[k], ""), assessed.kind[n], gross[n], area_cells[n],
                float(assessed.approved_area[n]), float(assessed.approved_share[n]), assessed.approval_ids[n],
                float(assessed.bf_area[n]), float(assessed.redline_area[n]), float(assessed.suspect_area[n]),
                assessed.status[n], assessed.problem[n], assessed.flags[n]])
        return rows

    @staticmethod
    def _report(assessed, summary, feedback) -> None:
        counts = Counter(assessed.status)
        feedback.pushInfo(tr("Outflow patches: {0}; by status: {1}.").format(
            len(assessed.status), ", ".join("{0} {1}".format(k, v) for k, v in sorted(counts.items()))))
        for r in summary:
            if r.level == "county":
                feedback.pushInfo(tr("{0}: 非农化 {1:.2f} 亩 (unapproved {2:.2f}), 非粮化 {3:.2f} 亩 (in basic farmland "
                                     "{4:.2f}), facility {5:.2f} 亩 (unfiled {6:.2f}), 进出平衡 balance {7:.2f} 亩.").format(
                    " ".join(filter(None, (r.region_code, r.region_name))), r.mu["nonagri"], r.mu["nonagri_unapproved"],
                    r.mu["nongrain"], r.mu["nongrain_bf"], r.mu["facility"], r.mu["facility_unfiled"], r.mu["balance"]))
