"""landsupervision:farmlandbalance — 耕地进出平衡/净减少分析 (glue; rules in core/balance.py)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsWkbTypes,
)

from ..core import admincodes, balance, landclass, overlay, regions
from ..core.packed import areas_of
from ..core.units import M2_PER_HA, M2_PER_MU, round_half_up, round_half_up_array
from .. import settings
from ..translate import tr, tr_noop
from . import heap, overlaps, pushdown, shapefile_text
from . import region_names as region_table
from .base import LandSupervisionAlgorithm
from .farmland_restoration import aliases, overlay_or_cancel, skip_invalid_geometry_check, survey_columns, text
from .layers import LayerData, OutField, output_fields, plain_ogr_layer, read_source, work_crs

TARGET_UNITS = (("m2", 1.0), ("mu", float(M2_PER_MU)), ("ha", float(M2_PER_HA)))

FLOW_FIELDS = [
    OutField("flow", "string", "流向", 4),
    OutField("group", "string", "去向/来源分组", 20),
    OutField("zldwdm", "string", "坐落单位代码", 19),
    OutField("bsm_before", "string", "上年标识码", 30),
    OutField("bsm_after", "string", "本年标识码", 30),
    OutField("dlbm_before", "string", "上年地类编码", 10),
    OutField("dlbm_after", "string", "本年地类编码", 10),
    OutField("dlmc_before", "string", "上年地类名称", 60),
    OutField("dlmc_after", "string", "本年地类名称", 60),
    OutField("gross_before", "double", "上年分摊图斑面积(平方米)", 20, 2),
    OutField("gross_after", "double", "本年分摊图斑面积(平方米)", 20, 2),
    OutField("net_area", "double", "流动耕地面积(扣除田坎,平方米)", 20, 2),
]


MU_LABELS = (("cult_before", "上年耕地面积"), ("cult_after", "本年耕地面积"), ("outflow", "流出"), ("inflow", "流入"),
             ("net_change", "净变化"), ("to_make_up", "需补齐"), ("coef_change", "系数及面积变化"),
             ("other_change", "覆盖差异"))


def summary_fields(groups: List[balance.Group]) -> List[OutField]:
    fields = [
        OutField("level", "string", "级别", 10),
        OutField("region_code", "string", "行政区代码", 12),
        OutField("region_name", "string", "行政区名称", 100),
        OutField("cult_before", "double", "上年耕地面积(平方米)", 20, 2),
        OutField("cult_after", "double", "本年耕地面积(平方米)", 20, 2),
        OutField("outflow", "double", "流出(平方米)", 20, 2),
        OutField("inflow", "double", "流入(平方米)", 20, 2),
        OutField("net_change", "double", "净变化(平方米)", 20, 2),
        OutField("coef_change", "double", "系数及面积变化(平方米)", 20, 2),
        OutField("other_change", "double", "覆盖差异(平方米)", 20, 2),
        OutField("to_make_up", "double", "需补齐(平方米)", 20, 2),
        OutField("baseline", "string", "补齐基准", 4),
    ]
    fields += [OutField("out_" + g.key, "double", "流出-" + g.label + "(平方米)", 20, 2) for g in groups]
    fields += [OutField(k + "_mu", "double", label + "(亩)", 20, 2) for k, label in MU_LABELS]
    fields += [OutField("out_" + g.key + "_mu", "double", "流出-" + g.label + "(亩)", 20, 2) for g in groups]
    fields.append(OutField("net_raw", "double", "净变化未舍入值(核对,平方米)", 24, 6))
    fields.append(OutField("overlap", "double", "调查图斑重叠面积(平方米)", 20, 2))
    return fields


@dataclass
class SurveyFlows:
    """Both surveys read, and their overlay classified into outflow and inflow pieces (core.balance.flows)."""

    crs: QgsCoordinateReferenceSystem
    before: LayerData
    after: LayerData
    surveys: Dict[str, balance.Survey]
    result: balance.Flows
    overlap: Dict[str, float]  # overlapping survey area by region code (when the user let the run proceed)
    server: Optional[list] = None  # the two PostGIS tables when the overlay ran there
    feedback: object = None

    def geometries(self, pieces: np.ndarray) -> np.ndarray:
        """Polygons of the given pieces (before parcel ∩ after parcel), computed on the server when it has them."""
        if self.server:
            return pushdown.piece_geometries(
                *self.server, np.asarray(self.before.fids)[self.result.before[pieces]],
                np.asarray(self.after.fids)[self.result.after[pieces]], self.crs.postgisSrid(), self.feedback)
        return overlay.polygonal(shapely.intersection(
            self.before.geoms[self.result.before[pieces]], self.after.geoms[self.result.after[pieces]]))


def survey_flows(alg, parameters, context, feedback, groups: List[balance.Group], extra_sources=()) -> SurveyFlows:
    """Read SURVEY_BEFORE and SURVEY_AFTER and overlay them (progress 0-80 %): the flow engine of
    farmlandbalance, shared by every algorithm that works on the change between two surveys.

    ``extra_sources`` join the CRS choice after the two surveys (the work CRS is the T survey's).
    """
    skip_invalid_geometry_check(context)
    before_src = alg.polygon_source(parameters, "SURVEY_BEFORE", context, feedback, empty_ok=False)
    after_src = alg.polygon_source(parameters, "SURVEY_AFTER", context, feedback, empty_ok=False)
    crs = work_crs([after_src, before_src, *extra_sources], context, feedback)
    srid = crs.postgisSrid()
    server = pushdown.server_for(parameters, ("SURVEY_BEFORE", "SURVEY_AFTER"), context, feedback, srid,
                                 alg.parameterAsBool(parameters, pushdown.LOCAL_PARAMETER, context))
    if server:  # attributes, areas and rounding noise of every parcel; no geometry leaves the server
        (before, before_area, before_noise), (after, after_area, _) = (
            pushdown.whole_table(table, src, "dltb", name, srid, feedback)
            for table, src, name in zip(server, (before_src, after_src), (tr("Survey T−1"), tr("Survey T"))))
    else:
        # two counties' parcels: held as WKB (packed), made into geometries chunk by chunk where worked on
        before = read_source(before_src, "dltb", context, feedback, crs, None, tr("Survey T−1"),
                             layer=plain_ogr_layer(parameters["SURVEY_BEFORE"], context), packed=True)
        alg.check_cancel(feedback)
        heap.release()
        after = read_source(after_src, "dltb", context, feedback, crs, None, tr("Survey T"),
                            layer=plain_ogr_layer(parameters["SURVEY_AFTER"], context), packed=True)
        heap.release()
        before_area, after_area = areas_of(before.geoms), areas_of(after.geoms)
    alg.check_cancel(feedback)
    for data in (before, after):
        if not data.names.has("zldwdm"):
            raise QgsProcessingException(
                tr("{0}: no location code field (ZLDWDM) to group by region.").format(data.name))
    feedback.setProgress(15)
    surveys = {}
    for key, data in (("before", before), ("after", after)):
        dlbm, official, factor = survey_columns(data, feedback, crs, context)
        surveys[key] = balance.Survey(official, factor, dlbm, data.column("zldwdm"))
    # A piece between two parcels that are cultivated in neither year changes no total: only pairs with
    # a cultivated side are measured.
    if server:
        pieces = pushdown.counted_pairs(*server, before.fids, after.fids, before_noise, surveys["before"].cultivated(),
                                        surveys["after"].cultivated(), srid, feedback)
    else:
        ia, ib = overlay.candidates(before.geoms, after.geoms, predicate=None)
        counted = surveys["before"].cultivated()[ia] | surveys["after"].cultivated()[ib]
        ia, ib = ia[counted], ib[counted]  # the others freed: a county's pairs are millions
        pieces = overlay_or_cancel(before.geoms, after.geoms, False, feedback, 15, 65, (ia, ib))
        del ia, ib, counted
        heap.release()
    # Overlaps change totals only among the parcels counted here: the cultivated ones (their TBDLMJ sums to
    # each year's cultivated area) and those measured against them.
    allow = alg.parameterAsBool(parameters, overlaps.ALLOW_OVERLAPS, context)
    overlap: Dict[str, float] = {}
    for key, data, measured, name, table in (("before", before, pieces.left, "SURVEY_BEFORE", 0),
                                             ("after", after, pieces.right, "SURVEY_AFTER", 1)):
        used = np.union1d(np.flatnonzero(surveys[key].cultivated()), measured)
        found = pushdown.survey_overlaps(server[table], data.fids, used, srid, feedback) if server else None
        found = overlaps.check(data, used, allow, feedback, alg.input_label(parameters, name, context), found)
        codes = data.column("zldwdm")
        for k, area in zip(found.first, found.area):
            code = admincodes.normalize(codes[k])
            for region in {code[:6], code[:9], code[:12]}:  # county, township, village
                overlap[region] = overlap.get(region, 0.0) + float(area)
    result = balance.flows(surveys["before"], surveys["after"], pieces.left, pieces.right, pieces.area,
                           before_area, after_area, groups)
    return SurveyFlows(crs, before, after, surveys, result, overlap, server, feedback)


# The summaries' 级别 values in the user's language (县级, 乡镇级, 村级 in Chinese); readers accept both
# (the balance_summary ledger template's filter), the rules keep the English ids of core.balance.LEVELS.
LEVEL_WORDS = {"county": tr_noop("county"), "township": tr_noop("township"), "village": tr_noop("village")}


def level_word(level: str) -> str:
    return tr(LEVEL_WORDS[level])


def region_names(alg, parameters, context, feedback, after: LayerData) -> Dict[str, str]:
    """Region names of a two-survey run: the T survey's own village names (ZLDWMC) rank below the tables."""
    return region_table.names(alg, parameters, context, feedback,
                              regions.from_data(after.column("zldwdm"), after.column("zldwmc")))


class FarmlandBalanceAlgorithm(LandSupervisionAlgorithm):
    NAME = "farmlandbalance"
    DISPLAY_NAME = "Cultivated-land entry-exit balance (耕地进出平衡/净减少分析)"
    GROUP_ID = "farmland"
    ICON = "balance.svg"
    GROUP_NAME = "Cultivated land"
    HELP = (
        "Compares the land-use survey (DLTB) of year T−1 with that of year T. Outflow is land that was cultivated "
        "land (耕地) before and is not after; inflow the reverse. Areas are the parcels' official areas shared out by "
        "planar area: outflow at the earlier survey's net cultivated area (after field ridges), inflow at the later "
        "survey's. The table by county, township and village balances exactly: the net change is inflow minus "
        "outflow, plus the change of land cultivated in both years whose ridge coefficient, area or location "
        "changed, plus land that only one of the surveys covers. 需补齐 is the net decrease or, for regions in the "
        "optional target table, the shortfall of the current cultivated area against the target. Village values are "
        "rounded to 0.01 亩; township and county values are sums of the rounded village values. The level of each "
        "row is 县级, 乡镇级 or 村级 (county, township or village in an English QGIS)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFeatureSource(
            "SURVEY_BEFORE", tr("Survey of year T−1 (DLTB)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "SURVEY_AFTER", tr("Survey of year T (DLTB)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(self.described(QgsProcessingParameterFeatureSource(
            "TARGETS", tr("Target table"), [QgsProcessing.TypeVector], optional=True),
            tr("A table of region codes and target cultivated areas.")))
        self.addParameter(QgsProcessingParameterEnum(
            "TARGET_UNIT", tr("Unit of the targets"), [tr("m²"), tr("mu (亩)"), tr("hectares")], defaultValue=1))
        region_table.add_parameter(self)
        self.addParameter(overlaps.allow_overlaps_parameter())
        self.addParameter(shapefile_text.parameter())
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_FLOWS", tr("Outflow and inflow pieces"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_SUMMARY", tr("Balance by county, township and village"), QgsProcessing.TypeVector))
        pushdown.add_local_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        groups = balance.outflow_groups(settings.user_config_dir())
        flows = survey_flows(self, parameters, context, feedback, groups)
        crs, before, after, surveys, result = flows.crs, flows.before, flows.after, flows.surveys, flows.result
        targets = self._targets(parameters, context, feedback)
        names = region_names(self, parameters, context, feedback, after)
        rows = balance.summarize(surveys["before"], surveys["after"], result, groups, targets, names)
        moving = np.flatnonzero(result.outflow | result.inflow)
        flow_geoms = flows.geometries(moving)
        self.check_cancel(feedback)
        self._report(rows, feedback)

        # Everything is computed: only now create the sinks (a cancel above leaves no output).
        flow_fields = output_fields(None, FLOW_FIELDS)
        flow_rows = self._flow_rows(result, moving, before, after, surveys, groups)
        flows_id = self.write_output(parameters, "OUTPUT_FLOWS", context, feedback, flow_fields,
                                     QgsWkbTypes.MultiPolygon, crs, flow_rows, flow_geoms)
        self.style_output(context, flows_id, "balance_flows", aliases(FLOW_FIELDS))

        out = summary_fields(groups)
        table_fields = output_fields(None, out)
        group_keys = ["out_" + g.key for g in groups]
        table_rows = []
        for r in rows:
            table_rows.append(
                [level_word(r.level), r.region_code, r.region_name]
                + [r.values[k] for k in ("cult_before", "cult_after", "outflow", "inflow", "net_change",
                                         "coef_change", "other_change", "to_make_up")]
                + [r.baseline] + [r.values[k] for k in group_keys]
                + [r.mu[k] for k, _ in MU_LABELS] + [r.mu[k] for k in group_keys]
                + [r.raw_net, round_half_up(flows.overlap.get(r.region_code, 0.0), 2)])
        table_id = self.write_output(parameters, "OUTPUT_SUMMARY", context, feedback, table_fields,
                                     QgsWkbTypes.NoGeometry, crs, table_rows, None)
        self.style_output(context, table_id, None, aliases(out))
        return {"OUTPUT_FLOWS": flows_id, "OUTPUT_SUMMARY": table_id}

    @staticmethod
    def _flow_rows(result, moving, before, after, surveys, groups) -> List[list]:
        labels = {g.key: g.label for g in groups}
        bsm_b, bsm_a = before.column("bsm"), after.column("bsm")
        dlbm_b, dlbm_a = surveys["before"].dlbm, surveys["after"].dlbm
        zl_b, zl_a = surveys["before"].zldwdm, surveys["after"].zldwdm
        gross_b, gross_a, net = (round_half_up_array(v[moving]).tolist()
                                 for v in (result.gross_before, result.gross_after, result.flow_net))
        rows = []
        for n, k in enumerate(moving):
            i, j = result.before[k], result.after[k]
            out = bool(result.outflow[k])
            rows.append([
                "流出" if out else "流入", labels.get(result.group[k], ""),
                admincodes.normalize(zl_b[i] if out else zl_a[j]),
                text(bsm_b[i]), text(bsm_a[j]), landclass.normalize(dlbm_b[i]), landclass.normalize(dlbm_a[j]),
                landclass.name(dlbm_b[i]), landclass.name(dlbm_a[j]),
                gross_b[n], gross_a[n], net[n]])
        return rows

    def _targets(self, parameters, context, feedback) -> Dict[str, float]:
        source = self.parameterAsSource(parameters, "TARGETS", context)
        if source is None:
            return {}
        factor = TARGET_UNITS[self.parameterAsEnum(parameters, "TARGET_UNIT", context)][1]
        data = read_source(source, "region_targets", context, feedback, None, None, tr("Targets"),
                           with_geometry=False)
        values = data.numbers("target")
        out = {}
        for code, value in zip(data.column("code"), values):
            if admincodes.normalize(code) and np.isfinite(value):
                out[admincodes.normalize(code)] = float(value) * factor
        feedback.pushInfo(tr("Targets: {0} regions compared with their target instead of the previous year.")
                          .format(len(out)))
        return out

    @staticmethod
    def _report(rows, feedback) -> None:
        for r in rows:
            if r.level == "county":
                line = tr("{0}: outflow {1:.2f} 亩, inflow {2:.2f} 亩, net change {3:.2f} 亩, to make up {4:.2f} 亩.")
                feedback.pushInfo(line.format(" ".join(filter(None, (r.region_code, r.region_name))), r.mu["outflow"],
                                              r.mu["inflow"], r.mu["net_change"], r.mu["to_make_up"]))
