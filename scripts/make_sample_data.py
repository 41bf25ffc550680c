"""Generate the fictional sample county (示例县) used by tests, demos and documentation.

Usage: .venv/bin/python scripts/make_sample_data.py --output sample_data   (or `make sample-data`)

Writes sample_county.gpkg (EPSG:4526), supply_records.csv (UTF-8 BOM), dltb_2024_gbk/dltb_2024.shp
(GBK + .cpg) and expected.json (planted cases and their expected outcomes). Everything is driven by
fixed seeds: two runs give the same feature hash (sample_io.feature_hash). Developer script, not plugin code.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import zlib

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample_io import Field, Layer, ellipsoidal_areas, plugin_modules  # noqa: E402
from sample_io import write_csv, write_gbk_shapefile, write_gpkg  # noqa: E402

landclass, units, _ = plugin_modules()
from land_supervision.core.config import load_config  # noqa: E402

round2 = units.round_half_up
RESTORATION_RULES = load_config("restoration")  # the plugin's own defaults decide the expected statuses

# --------------------------------------------------------------------------------------------
# Tunable definitions
# --------------------------------------------------------------------------------------------
SEED = 20261122
AS_OF = dt.date(2026, 11, 22)
CITY = ("1309", "示例市")
ORIGIN = (38_499_000.0, 4_232_500.0)  # centre of the mapped area (zone 38, CM 114°E at 38 500 000)
HALF_SIZE = (5_000.0, 3_600.0)  # semi-axes of the outline, m
UNIFORM_SEEDS = 2_300
SETTLEMENT_SEEDS = 22  # extra small parcels around each village centre

# county code, name, townships: (code suffix, name, centre offset (m), village names; first = seat)
COUNTIES = [
    ("130999", "示例县", [
        ("101", "东河镇", (-2800, 1500), ["东河村", "王庄村", "李家庄村", "柳树屯村"]),
        ("102", "西岭乡", (900, 1900), ["西岭村", "石门村", "上坡村", "桃花峪村", "后沟村"]),
        ("103", "南坪镇", (-2600, -1700), ["南坪村", "张家营村", "马集村"]),
        ("104", "北山乡", (800, -1600), ["北山村", "刘家洼村", "孙庄村", "赵家湾村"]),
    ]),
    ("130998", "邻山县", [
        ("201", "石岗乡", (5300, 0), ["石岗村", "青石村", "黑山村"]),
    ]),
]

# Land-class weights per zone (relative counts of Voronoi cells).
ZONE_WEIGHTS = {
    "plain": {"0101": 9, "0102": 15, "0103": 28, "0201": 3, "0201K": 3, "0202": 0.5, "0204": 1, "0301": 4,
              "0301K": 3, "0305": 1.5, "0307": 1.5, "0404": 2.5, "0403K": 0.5, "1006": 3, "1104": 1.5,
              "1104A": 1, "1104K": 1.5, "1107": 1, "1202": 2, "0702": 2.5, "0601": 1.5, "1201": 0.5, "1206": 0.5},
    "hill": {"0103": 26, "0201": 5, "0201K": 3, "0202": 2, "0301": 14, "0301K": 4, "0305": 6, "0307": 4,
             "0404": 8, "1207": 2, "1206": 1.5, "0602": 2, "1006": 2, "0702": 2, "1104K": 0.5, "0102": 4},
    "settlement": {"0702": 55, "1006": 6, "0103": 12, "0102": 6, "1202": 4, "0201": 2, "1201": 2, "0601": 3,
                   "05H1": 2, "08H2": 2, "1104": 2},
    "seat": {"0701": 22, "0702": 18, "05H1": 12, "08H2": 8, "0601": 16, "1201": 6, "0809": 3, "1004": 4,
             "0810": 2, "0508": 3, "0102": 4},
    "mining": {"0602": 30, "1206": 12, "1207": 12, "0301": 12, "0305": 8, "0404": 10, "0103": 10, "0702": 2,
               "1006": 2},
}
MINING_ZONES = [((2300, 2200), 1000.0), ((5300, 200), 1100.0)]  # (centre offset, radius)
LINEAR_FEATURES = [  # DLBM, width m, QSXZ, points (offsets)
    ("1003", 24.0, "20", [(-5600, 300), (-2000, 80), (1500, 420), (6000, 150)]),
    ("1101", 36.0, "10", [(-1200, 4200), (-700, 1200), (-1100, -1500), (-500, -4200)]),
]

# Zones: basic-farmland blocks = 2023 plain cultivated parcels around these centres; a red-line forest disc.
BASIC_FARMLAND_CENTRES = [(-3600, 600), (-2000, -2600), (300, -2800), (-4200, -1200), (1600, -900), (-1800, 2600)]
RED_LINE_FOREST = ((-400, 3100), 700.0)
TASK_OUTSIDE_OFFSET = (HALF_SIZE[0] + 3000, -HALF_SIZE[1] - 2000)  # the task drawn outside every DLTB parcel

# Ridge coefficient table by GDLX + GDPDJB (county table, [U] per county). Plain land (grade 1, <= 2°) has no
# deduction in this county; a task restored on sloping land still reaches ratio 1.0 net (net against net-able).
KCXS_TABLE = {("", "1"): 0.0, ("PD", "2"): 0.0450, ("TT", "2"): 0.0380, ("PD", "3"): 0.0860,
              ("TT", "3"): 0.0720, ("PD", "4"): 0.1320, ("TT", "4"): 0.1150, ("PD", "5"): 0.1800,
              ("TT", "5"): 0.1550}
ZZSX_NAMES = {"LS": "种植粮食作物", "FLS": "种植非粮作物", "LYFL": "粮与非粮轮作", "XG": "休耕", "WG": "未耕种",
              "JKHF": "即可恢复", "GCHF": "工程恢复"}
ZZSX_CULTIVATED = {"LS": 60, "FLS": 20, "LYFL": 10, "XG": 4, "WG": 6}
TBXH_NAMES = {"FQ": "废弃", "HDGD": "河道耕地", "LQYD": "林区园地"}
CZCS_CLASSES = ("05", "0601", "0602", "07", "08", "1004", "1201")

# Cultivated -> other changes between 2023 and 2024: (target class, number of parcels, share split off or 1.0)
OUTFLOW_CHANGES = [("0201K", 14, 1.0), ("0301K", 10, 1.0), ("1104", 7, 1.0), ("0702", 10, 0.4), ("1003", 4, 0.5),
                   ("1202", 9, 1.0), ("0602", 4, 1.0), ("0201K", 4, 0.5), ("1006", 3, 0.3)]
EXTRA_RESTORED = 6  # restorable parcels turned back to cultivated land outside any task
SLOPING_RESTORED = 3  # tasks wholly restored on sloping land (KCXS > 0): 已恢复, net compared with net
OUTFLOW_RULES = load_config("farmland_outflow")  # the plugin's defaults decide the expected outflow statuses
# Approvals planted on outflow patches: (target class, n-th patch of that class, case). Approvals are drawn on
# the patch itself (survey boundaries), or on a part of it. Unlisted construction and facility patches have none.
APPROVAL_CASES = [("0702", 0, "covered"), ("0702", 1, "covered"), ("0702", 2, "partly_covered"),
                  ("0702", 4, "dated_after_time_point"), ("0702", 5, "overlapping"), ("1003", 0, "temporary"),
                  ("0602", 0, "covered"), ("1202", 0, "facility_filed"), ("1202", 1, "facility_filed"),
                  ("1202", 2, "facility_filed")]
NONGRAIN_IN_BASIC_FARMLAND = ("0301K", 0)  # planted inside 永久基本农田 (others fall inside or outside by chance)
SURVEY_TIME_POINT = dt.date(2024, 12, 31)

# Restoration tasks: case -> count. Each case decides what happens to the task parcel in 2024.
TASK_CASES = [("restored", 20), ("partial", 8), ("not_restored", 16), ("restored_wg", 3), ("now_adjustable", 2),
              ("in_basic_farmland", 1), ("bow_tie", 1), ("outside", 1), ("area_mismatch", 1)]
AREA_MISMATCH_FACTOR = 1.25  # the area_mismatch task states RWMJ 25 % above its drawn area
TASK_DEADLINES = ["2025-12-31", "2026-06-30", "2026-10-31", "2026-11-27", "2026-11-30", "2026-12-05",
                  "2027-06-30", "2027-12-31"]
DEADLINE_WARN_DAYS = 15  # 临期 window used for the expected deadline status [U]

# Supply-record planted cases. Dates are ISO here and rendered in mixed text formats on output.
# Expected outcomes follow resources/config/idle.json defaults (national 2012 rules; missing start date =
# contract date + 12 months).
NOT_IDLE = dict(suspected=False)


def not_started(years, tier, cause_type="enterprise"):
    return dict(suspected=True, idle_type="未动工", idle_years=years, tier=tier, cause_type=cause_type)


SUPPLY_CASES = [
    dict(case="idle_fee", YDDGRQ="2025-03-01", expect=not_started(1, "fee")),
    dict(case="idle_recovery", YDDGRQ="2023-09-10", expect=not_started(3, "recovery")),
    dict(case="idle_recovery_2y", YDDGRQ="2024-08-01", expect=not_started(2, "recovery")),
    dict(case="boundary_one_year", YDDGRQ="2025-11-22", expect=not_started(1, "fee")),
    dict(case="not_yet_due", YDDGRQ="2026-02-15", expect=NOT_IDLE),
    dict(case="started_on_time", YDDGRQ="2024-05-01", SJDGRQ="2024-04-20", expect=NOT_IDLE),
    dict(case="stalled", YDDGRQ="2023-06-01", SJDGRQ="2023-05-20", KFMJ_RATIO=0.3, YTZE_RATIO=0.2,
         ZZKSRQ="2025-10-22", expect=dict(suspected=True, idle_type="中止", idle_years=1, tier="fee")),
    dict(case="stalled_11_months", YDDGRQ="2023-07-01", SJDGRQ="2023-06-25", KFMJ_RATIO=0.3, YTZE_RATIO=0.2,
         ZZKSRQ="2025-12-22", expect=NOT_IDLE),
    dict(case="government", YDDGRQ="2024-03-01", YYLX="政府原因-未按约定交地",
         expect=not_started(2, None, "government_1")),
    dict(case="government_code", YDDGRQ="2024-06-30", YYLX="government_2", expect=not_started(2, None, "government_2")),
    dict(case="force_majeure", YDDGRQ="2024-09-15", YYLX="不可抗力-自然灾害", expect=not_started(2, None, "force_majeure")),
    dict(case="supplementary", YDDGRQ="2023-04-01", BCXYDGRQ="2026-05-01", expect=NOT_IDLE),
    dict(case="missing_start_date", YDDGRQ=None, HTQDRQ="2024-01-10",
         expect=dict(not_started(1, "fee"), flag="missing_start_date")),
    dict(case="negative_price", YDDGRQ="2024-04-01", SJDGRQ="2024-03-28", CJJG=-350.0,
         expect=dict(NOT_IDLE, flag="negative_price")),
    dict(case="developed_gt_due", YDDGRQ="2023-10-01", SJDGRQ="2023-09-15", KFMJ_RATIO=1.2,
         expect=dict(NOT_IDLE, flag="developed_area_exceeds_due_area")),
    dict(case="duplicate_a", YDDGRQ="2024-02-01", SJDGRQ="2024-01-20", DZJGH="1309992023B00777",
         expect=dict(NOT_IDLE, flag="duplicate_dzjgh")),
    dict(case="duplicate_b", YDDGRQ="2024-03-01", SJDGRQ="2024-02-25", DZJGH="1309992023B00777",
         expect=dict(NOT_IDLE, flag="duplicate_dzjgh")),
    dict(case="excel_serial_idle", YDDGRQ="2024-07-01", date_format="excel", expect=not_started(2, "recovery")),
    dict(case="unparseable_date", YDDGRQ="待定", expect=dict(flag="unparseable_date")),
]
SUPPLY_TOTAL = 40
CONTRACT_DATE_UNKNOWN_START = "2024-05-20"  # contract date of the record whose start date is unparseable
DATE_FORMATS = ["iso", "slash", "chinese", "iso", "slash", "chinese", "iso", "slash", "excel", "chinese", "iso"]

# Mine patches: case -> count, per county. Restored patches become 03/04/01 in 2024.
MINE_CASES = [("restored", "130999", 7), ("not_restored", "130999", 7), ("partial", "130999", 4),
              ("abandoned_fq", "130999", 2), ("restored", "130998", 3), ("not_restored", "130998", 3),
              ("partial", "130998", 2), ("abandoned_fq", "130998", 1)]
MINE_RESTORED_TO = ["0301", "0404", "0103", "0305"]
# Closed mines (关闭矿山): (licence cancelled, facilities dismantled, power cut, restored in 2024) per mine. The
# first one lies inside an active mining block; the last one has all three in place (三到位).
CLOSED_MINE_CASES = [(True, True, True, False), (True, True, False, True), (False, True, True, False),
                     (True, False, True, False), (True, True, False, True), (True, True, True, False),
                     (False, True, True, False), (True, True, False, True), (True, False, True, False),
                     (True, True, True, True)]
# Text values instead of codes in a few rows (index in MINE_CASES order). Row 24 is a not-restored patch whose
# attribute claims 完全修复: a planted attribute/survey conflict.
MINE_TEXT_ROWS = {3: dict(HFZLQK="已恢复治理", KCFS="露天开采"), 9: dict(NXFFS="自然恢复", HFZLQK="未治理"),
                  15: dict(KCFS="地下开采", STWT="历史遗留矿山"), 24: dict(HFZLQK="完全修复", NXFFS="工程修复")}
MINE_RESTORED_WORDS = ("B", "已恢复治理", "完全修复")  # HFZLQK values meaning 已恢复治理

# Monitoring patches: TBLX -> (count, where)
MONITORING = [("20", 6, "supply_started"), ("YH", 4, "supply_started"), ("DT", 4, "supply_idle"),
              ("TD", 3, "supply_idle"), ("TP", 2, "supply_idle"), ("20", 6, "to_0702"), ("YH", 3, "to_1003"),
              ("CK", 3, "to_0602"), ("KT", 4, "to_1104"), ("02", 5, "to_0201K"), ("03", 5, "to_0301K"),
              ("01", 6, "restored"), ("1", 3, "restored"), ("DT", 3, "random"), ("04", 3, "random")]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国志强海峰玉兰秀英立新红梅永明春生国平桂芳德胜文华小军俊杰丽娟"
COMPANIES = ["示例县宏达建材有限公司", "河北恒通物流有限公司", "示例市锦程置业有限公司", "华北精工机械有限公司",
             "示例县绿源农业科技有限公司", "冀东新能源有限公司", "示例市城投发展有限公司", "瑞丰食品有限公司",
             "鑫源钢结构有限公司", "示例县顺达汽车服务有限公司"]
PROJECTS = ["年产5万吨新型建材项目", "物流仓储中心项目", "商住综合体项目", "精密零部件生产项目", "农产品冷链加工项目",
            "光伏组件生产项目", "安置住房项目", "食品加工厂项目", "钢结构厂房项目", "汽车服务中心项目"]
USES = {"0601": "工业用地", "0508": "仓储用地", "05H1": "商服用地", "0701": "住宅用地", "1201": "工业用地",
        "0809": "公用设施用地", "08H2": "科教用地", "0404": "工业用地", "1206": "工业用地"}
SUPPLY_METHODS = ["挂牌出让", "挂牌出让", "拍卖出让", "协议出让", "划拨", "招标出让"]


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def at(offset):
    return ORIGIN[0] + offset[0], ORIGIN[1] + offset[1]


def weighted(rng, weights: dict) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[rng.choice(len(keys), p=p / p.sum())]


def person(rng) -> str:
    return SURNAMES[rng.integers(len(SURNAMES))] + "".join(GIVEN[rng.integers(len(GIVEN))] for _ in range(2))


def date_text(iso, style: str):
    """Render an ISO date as the messy text found in supply ledgers."""
    if iso is None:
        return None
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso  # deliberately unparseable text is passed through
    if style == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if style == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "excel":
        return str((day - dt.date(1899, 12, 30)).days)
    return day.isoformat()


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 Feb -> 28 Feb
        return day.replace(year=day.year + years, day=28)


def long_axis_rectangle(geom):
    """Corners a, b, c, d of the narrowest rectangle around ``geom`` (one side on a convex-hull edge), a->b along
    its long side.

    Computed here rather than taken from GEOS, whose minimum rotated rectangle became the minimum-area one
    in GEOS 3.12: the sample county must come out the same with every GEOS.
    """
    hull = np.asarray(geom.convex_hull.exterior.coords)
    edges = np.diff(hull, axis=0)
    units = edges / np.hypot(edges[:, 0], edges[:, 1])[:, None]
    normals = np.column_stack([-units[:, 1], units[:, 0]])
    along, across = hull @ units.T, hull @ normals.T  # (vertex, edge direction)
    widths = across.max(axis=0) - across.min(axis=0)
    k = int(np.argmin(np.round(widths, 6)))  # first of equal widths, whatever the last bits
    u, n = units[k], normals[k]
    u0, u1, v0, v1 = along[:, k].min(), along[:, k].max(), across[:, k].min(), across[:, k].max()
    return [u * x + n * y for x, y in ((u0, v0), (u1, v0), (u1, v1), (u0, v1))]


def half_split(geom, share: float):
    """Cut a polygon across its long axis into (part with about ``share`` of the area, rest)."""
    a, b, c, d = long_axis_rectangle(geom)  # a->b is a long edge, d->c the opposite one
    cut = Polygon([a, a + (b - a) * share, d + (c - d) * share, d])
    part = shapely.intersection(geom, cut)
    rest = shapely.difference(geom, cut)
    return largest(part), largest(rest)


def largest(geom):
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and not g.is_empty]
    return max(parts, key=lambda g: g.area) if parts else None


def explode(geom):
    return [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and g.area > 20.0]


def outline(rng) -> Polygon:
    angles = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    phases = rng.uniform(0, 2 * np.pi, 3)
    wobble = 1 + 0.05 * np.sin(3 * angles + phases[0]) + 0.04 * np.sin(5 * angles + phases[1]) \
        + 0.02 * np.sin(9 * angles + phases[2])
    xs = ORIGIN[0] + HALF_SIZE[0] * 1.12 * wobble * np.cos(angles)
    ys = ORIGIN[1] + HALF_SIZE[1] * 1.12 * wobble * np.sin(angles)
    return Polygon(np.column_stack([xs, ys])).intersection(
        box(ORIGIN[0] - HALF_SIZE[0] - 700, ORIGIN[1] - HALF_SIZE[1] * 1.08, ORIGIN[0] + HALF_SIZE[0] + 900,
            ORIGIN[1] + HALF_SIZE[1] * 1.08))


def hilliness(x, y):
    """0 (plain) .. 1 (hills): hills to the north-east, used for slope grades and zones."""
    nx = (x - ORIGIN[0]) / HALF_SIZE[0]
    ny = (y - ORIGIN[1]) / HALF_SIZE[1]
    return float(np.clip(0.45 + 0.45 * ny + 0.25 * nx + 0.08 * np.sin(3 * nx + 2 * ny), 0, 1))


# --------------------------------------------------------------------------------------------
# Administrative units and parcels
# --------------------------------------------------------------------------------------------
class Admin:
    def __init__(self, rng):
        self.townships = []  # dicts: code, name, county, centre
        self.villages = []  # dicts: code, name, township, county, seed, seat
        self.counties = {code: name for code, name, _ in COUNTIES}
        for county, _, townships in COUNTIES:
            for suffix, name, offset, village_names in townships:
                code = county + suffix
                centre = np.array(at(offset))
                self.townships.append(dict(code=code, name=name, county=county, centre=centre))
                n = len(village_names)
                for k, vname in enumerate(village_names):
                    if k == 0:
                        seed = centre
                    else:
                        angle = 2 * np.pi * (k - 1) / (n - 1) + rng.uniform(-0.3, 0.3)
                        seed = centre + rng.uniform(700, 1100) * np.array([np.cos(angle), np.sin(angle)])
                    self.villages.append(dict(code=f"{code}{k + 1:03d}", name=vname, township=code, county=county,
                                              seed=seed, seat=k == 0))
        self.by_code = {v["code"]: v for v in self.villages}
        self.township_by_code = {t["code"]: t for t in self.townships}

    def village_of(self, points: np.ndarray) -> list:
        centres = np.array([t["centre"] for t in self.townships])
        nearest_t = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
        out = []
        for p, ti in zip(points, nearest_t):
            code = self.townships[ti]["code"]
            candidates = [v for v in self.villages if v["township"] == code]
            dist = [((p - v["seed"]) ** 2).sum() for v in candidates]
            out.append(candidates[int(np.argmin(dist))]["code"])
        return out


class Parcel:
    """One DLTB parcel in progress (attributes are filled by `attributes`)."""

    def __init__(self, geom, village: str, dlbm: str, zone: str):
        self.geom = geom
        self.village = village
        self.dlbm = dlbm
        self.zone = zone
        self.xzdwkd = None
        self.qsxz = "30"
        self.gdpdjb = ""
        self.gdlx = ""
        self.zzsx = ""
        self.tbxh = ""
        self.gddb = None
        self.bsm = ""
        self.tbbh = ""
        self.tbmj = 0.0

    def copy(self, geom=None):
        other = Parcel(self.geom if geom is None else geom, self.village, self.dlbm, self.zone)
        for key in ("xzdwkd", "qsxz", "gdpdjb", "gdlx", "zzsx", "tbxh", "gddb", "bsm", "tbbh", "tbmj"):
            setattr(other, key, getattr(self, key))
        return other


def zone_of(x, y, village) -> str:
    for offset, radius in MINING_ZONES:
        cx, cy = at(offset)
        if (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2:
            return "mining"
    seed = village["seed"]
    if (x - seed[0]) ** 2 + (y - seed[1]) ** 2 < 300 ** 2:
        return "seat" if village["seat"] else "settlement"
    return "hill" if hilliness(x, y) > 0.62 else "plain"


def set_cultivated(parcel: Parcel, rng, zzsx=None, grade=None) -> None:
    x, y = parcel.geom.centroid.coords[0]
    slope = int(np.clip(1 + int(hilliness(x, y) * 4.2 + rng.normal(0, 0.6)), 1, 5))
    grade = grade or slope
    parcel.gdpdjb = str(grade)
    parcel.gdlx = "" if grade == 1 else ("TT" if rng.random() < 0.25 + 0.1 * grade else "PD")
    parcel.zzsx = zzsx or weighted(rng, ZZSX_CULTIVATED)
    parcel.gddb = int(np.clip(5 + grade + rng.integers(-1, 3), 1, 15))
    parcel.tbxh = ""


def set_class(parcel: Parcel, dlbm: str, rng, zzsx=None, grade=None) -> None:
    """Change a parcel's class and reset the attributes that depend on it."""
    parcel.dlbm = dlbm
    parcel.gdpdjb = parcel.gdlx = parcel.zzsx = parcel.tbxh = ""
    parcel.gddb = None
    if landclass.is_cultivated(dlbm):
        set_cultivated(parcel, rng, zzsx, grade)
    elif zzsx:
        parcel.zzsx = zzsx
    parcel.qsxz = "20" if landclass.is_construction(dlbm) and dlbm not in ("0702", "0602") else "30"


def build_parcels(rng, admin: Admin, area: Polygon):
    minx, miny, maxx, maxy = area.bounds
    pts = []
    while len(pts) < UNIFORM_SEEDS:
        p = rng.uniform([minx, miny], [maxx, maxy])
        if area.contains(Point(p)):
            pts.append(p)
    for v in admin.villages:
        for _ in range(SETTLEMENT_SEEDS + (10 if v["seat"] else 0)):
            pts.append(v["seed"] + rng.normal(0, 140, 2))
    pts = np.array(pts)
    cells = shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=area)
    cells = shapely.intersection(np.array(list(cells.geoms)), area)
    tree = shapely.STRtree(cells)
    pi, ci = tree.query(shapely.points(pts), predicate="within")
    cell_of_point = dict(zip(pi.tolist(), ci.tolist()))
    villages = admin.village_of(pts)

    linear = []
    for dlbm, width, qsxz, offsets in LINEAR_FEATURES:
        line = LineString([at(o) for o in offsets])
        strip = line.buffer(width / 2, cap_style="flat").intersection(area)
        for *_, earlier in linear:  # the road keeps its bridge: parcels of a survey never overlap
            strip = strip.difference(earlier)
        linear.append((dlbm, width, qsxz, strip))
    carve = shapely.union_all([g for *_, g in linear])

    parcels = []
    village_cells = {}
    for i in range(len(pts)):
        if i not in cell_of_point:
            continue
        cell = cells[cell_of_point[i]]
        v = admin.by_code[villages[i]]
        village_cells.setdefault(v["code"], []).append(cell)
        x, y = pts[i]
        zone = zone_of(x, y, v)
        dlbm = weighted(rng, ZONE_WEIGHTS[zone])
        for piece in explode(shapely.difference(cell, carve)):
            parcel = Parcel(piece, v["code"], dlbm, zone)
            set_class(parcel, dlbm, rng)
            parcels.append(parcel)
    village_polys = {code: shapely.union_all(cs) for code, cs in village_cells.items()}
    for dlbm, width, qsxz, geom in linear:
        for code in sorted(village_polys):
            for piece in explode(shapely.intersection(geom, village_polys[code])):
                parcel = Parcel(piece, code, dlbm, "linear")
                parcel.qsxz = qsxz
                parcel.xzdwkd = width
                parcels.append(parcel)
    # restoration attribute (JKHF/GCHF) and refinement codes on the 2023 data
    river = next(g for dlbm, *_, g in linear if dlbm == "1101")
    for p in parcels:
        if landclass.is_restorable(p.dlbm) and p.dlbm != "0402":
            share = 0.9 if landclass.is_adjustable(p.dlbm) else 0.3
            if rng.random() < share:
                p.zzsx = "JKHF" if rng.random() < 0.55 else "GCHF"
        if p.dlbm == "0602" and rng.random() < 0.2:
            p.tbxh = "FQ"
        elif landclass.is_cultivated(p.dlbm) and river.distance(p.geom) < 60 and rng.random() < 0.5:
            p.tbxh = "HDGD"  # cultivated land on the river bank
        elif p.dlbm == "0201" and p.zone == "hill" and rng.random() < 0.3:
            p.tbxh = "LQYD"
    return parcels


def number_parcels(parcels, admin: Admin, start_serial: int = 1) -> int:
    serial = start_serial
    per_village = {}
    for p in parcels:
        if p.bsm:
            per_village[p.village] = max(per_village.get(p.village, 0), int(p.tbbh))
    for p in parcels:
        if not p.bsm:
            county = admin.by_code[p.village]["county"]
            p.bsm = f"{county}211{serial:09d}"
            serial += 1
            per_village[p.village] = per_village.get(p.village, 0) + 1
            p.tbbh = str(per_village[p.village])
    return serial


def compute_areas(parcels) -> None:
    areas = ellipsoidal_areas([p.geom for p in parcels])
    for p, a in zip(parcels, areas):
        p.tbmj = round2(float(a))


DLTB_FIELDS = [
    Field("BSM", "str", "标识码", 18), Field("YSDM", "str", "要素代码", 10), Field("TBYBH", "str", "图斑预编号", 8),
    Field("TBBH", "str", "图斑编号", 8), Field("DLBM", "str", "地类编码", 5), Field("DLMC", "str", "地类名称", 60),
    Field("QSXZ", "str", "权属性质", 2), Field("QSDWDM", "str", "权属单位代码", 19),
    Field("QSDWMC", "str", "权属单位名称", 255), Field("ZLDWDM", "str", "坐落单位代码", 19),
    Field("ZLDWMC", "str", "坐落单位名称", 255), Field("TBMJ", "real", "图斑面积", 15, 2),
    Field("KCDLBM", "str", "扣除地类编码", 5), Field("KCXS", "real", "扣除地类系数", 6, 4),
    Field("KCMJ", "real", "扣除地类面积", 15, 2), Field("TBDLMJ", "real", "图斑地类面积", 15, 2),
    Field("GDLX", "str", "耕地类型", 2), Field("GDPDJB", "str", "耕地坡度级别", 2),
    Field("XZDWKD", "real", "线状地物宽度", 5, 1), Field("TBXHDM", "str", "图斑细化代码", 6),
    Field("TBXHMC", "str", "图斑细化名称", 20), Field("ZZSXDM", "str", "种植属性代码", 6),
    Field("ZZSXMC", "str", "种植属性名称", 20), Field("GDDB", "int", "耕地等别"), Field("FRDBS", "str", "飞入地标识", 1),
    Field("CZCSXM", "str", "城镇村属性码", 4), Field("SJNF", "int", "数据年份"), Field("MSSM", "str", "描述说明", 2),
    Field("HDMC", "str", "海岛名称", 100), Field("BZ", "str", "备注", 255),
]


def deduction(p: Parcel):
    """(KCXS, KCMJ, TBDLMJ) of a parcel (domain.md §2.4): ridges are deducted from cultivated land only."""
    if not landclass.is_cultivated(p.dlbm):
        return 0.0, 0.0, p.tbmj
    kcxs = KCXS_TABLE[(p.gdlx, p.gdpdjb)]
    kcmj = round2(p.tbmj * kcxs)
    return kcxs, kcmj, round2(p.tbmj - kcmj)


def dltb_layer(name: str, parcels, admin: Admin, year: int) -> Layer:
    layer = Layer(name, DLTB_FIELDS, geoms=[])
    for p in parcels:
        village = admin.by_code[p.village]
        cultivated = landclass.is_cultivated(p.dlbm)
        kcxs, kcmj, tbdlmj = deduction(p)
        czcs = ""
        if landclass.matches_prefix(p.dlbm, CZCS_CLASSES):
            czcs = "204" if p.dlbm == "0602" else ("202" if village["seat"] else "203")
        layer.add(dict(
            BSM=p.bsm, YSDM="2001010100", TBYBH="", TBBH=p.tbbh, DLBM=p.dlbm, DLMC=landclass.name(p.dlbm),
            QSXZ=p.qsxz, QSDWDM=p.village + "0000000", QSDWMC=village["name"] + "农民集体" if p.qsxz == "30"
            else "国有", ZLDWDM=p.village + "0000000", ZLDWMC=village["name"], TBMJ=p.tbmj,
            KCDLBM="1203" if cultivated else "", KCXS=kcxs, KCMJ=kcmj, TBDLMJ=tbdlmj,
            GDLX=p.gdlx, GDPDJB=p.gdpdjb, XZDWKD=p.xzdwkd, TBXHDM=p.tbxh, TBXHMC=TBXH_NAMES.get(p.tbxh, ""),
            ZZSXDM=p.zzsx, ZZSXMC=ZZSX_NAMES.get(p.zzsx, ""), GDDB=p.gddb, FRDBS="0", CZCSXM=czcs, SJNF=year,
            MSSM="00", HDMC="", BZ=""), p.geom)
    return layer


# --------------------------------------------------------------------------------------------
# Scenario building
# --------------------------------------------------------------------------------------------
class County:
    """All generated layers plus the planted cases (expected.json)."""

    def __init__(self):
        rng = self.section("base")
        self.admin = Admin(rng)
        self.area = outline(rng)
        self.p23 = build_parcels(rng, self.admin, self.area)
        self.serial = number_parcels(self.p23, self.admin)
        compute_areas(self.p23)
        self.p24 = [p.copy() for p in self.p23]  # 2024 starts as a copy; index i is the same parcel until split
        self.used = set()  # 2023 parcel indices taken by a planted case
        self.expected = {}
        self.extra24 = []  # parcels split off in 2024

    def section(self, name: str):
        """Switch to the random stream of one part of the scenario, so that changing one part (say, adding a
        restoration case) leaves the others as they were."""
        self.rng = np.random.default_rng([SEED, zlib.crc32(name.encode("ascii"))])
        return self.rng

    # -- selection ----------------------------------------------------------------------------
    def pick(self, predicate, count):
        """Random indices of unused 2023 parcels (over 2000 m²) matching ``predicate``, in index order."""
        pool = [i for i, p in enumerate(self.p23) if i not in self.used and predicate(p) and p.tbmj > 2000]
        if len(pool) < count:
            raise RuntimeError(f"only {len(pool)} parcels for a request of {count}")
        chosen = sorted(int(i) for i in self.rng.choice(pool, size=count, replace=False))
        self.used.update(chosen)
        return chosen

    def change(self, i, dlbm, share=1.0, zzsx=None, tbxh="", grade=None):
        """2024 change of parcel i: whole parcel, or a part of about ``share`` split off as a new parcel."""
        old = self.p24[i]
        if share >= 1.0:
            set_class(old, dlbm, self.rng, zzsx, grade)
            old.tbxh = tbxh
            old.bsm = old.tbbh = ""  # a changed parcel gets a new BSM/TBBH in the change survey
            return old
        part, rest = half_split(old.geom, share)
        old.geom = rest
        old.bsm = old.tbbh = ""
        new = old.copy(part)
        set_class(new, dlbm, self.rng, zzsx, grade)
        new.tbxh = tbxh
        new.bsm = new.tbbh = ""
        self.extra24.append(new)
        return new

    def build(self):
        self.restoration()
        self.outflow()
        self.mines()
        self.supply()
        all24 = self.p24 + self.extra24
        self.serial = number_parcels(all24, self.admin, self.serial)
        compute_areas(all24)
        self.p24_all = all24
        self.approvals()
        self.basic_farmland_and_red_line()
        self.expected_restoration()
        self.expected_mines()
        self.monitoring()
        self.mining_blocks()
        self.expected_balance()
        self.expected_outflow()

    def expected_balance(self):
        """Cultivated land Σ TBDLMJ of 01xx per county, township and village, before and after (m²)."""
        totals = {}
        for year, parcels in (("before", self.p23), ("after", self.p24_all)):
            for p in parcels:
                if landclass.is_cultivated(p.dlbm):
                    for code in (p.village[:6], p.village[:9], p.village):
                        entry = totals.setdefault(code, {"before": 0.0, "after": 0.0})
                        entry[year] += deduction(p)[2]
        self.expected["farmland_balance"] = {
            code: dict(cult_before_m2=round2(t["before"]), cult_after_m2=round2(t["after"]),
                       net_change_m2=round2(t["after"] - t["before"])) for code, t in sorted(totals.items())}

    def expected_outflow(self):
        """Status, share and flags of every outflow patch, keyed by its 2023 BSM (domain.md §4.6 by hand)."""
        rules = OUTFLOW_RULES
        status, flags = rules["status"], rules["flags"]
        farmland = shapely.union_all(self.basic_farmland)
        red = shapely.union_all(self.red_line)
        out = {}
        for i, new in self.outflow_patches:
            case = self.outflow_case.get(id(new), "")
            geom, dlbm = new.geom, new.dlbm
            approvals = [a for a in self.approval_list if self.overlaps(geom, a["geom"])]
            if dlbm == "1202":
                filed = case == "facility_filed"
                state = status["compliant"] if filed else status["violation"]
                case = case or "facility_unfiled"
            elif landclass.big_class(dlbm) == "建设用地":  # 非农化: construction land of the three-class roll-up
                timely = [a["geom"] for a in approvals if dt.date.fromisoformat(a["PZRQ"]) <= SURVEY_TIME_POINT]
                share = shapely.intersection(geom, shapely.union_all(timely)).area / geom.area if timely else 0.0
                state = status["compliant"] if share >= rules["cover_threshold"] else (
                    status["partial"] if share > 0 else status["illegal"])
                case = case or "uncovered"
            elif dlbm[:2] in ("02", "03", "04") or dlbm.startswith("1104"):
                inside = self.overlaps(geom, farmland)
                state = status["violation"] if inside else status["balance"]
                case = "nongrain_in_basic_farmland" if inside else "nongrain_outside_basic_farmland"
            else:
                state, case = status["other"], "other"
            hit = [(flags["temporary"], case == "temporary"),
                   (flags["late_approval"], case == "dated_after_time_point"),
                   (flags["basic_farmland"], self.overlaps(geom, farmland)),
                   (flags["red_line"], self.overlaps(geom, red))]
            entry = dict(case=case, DLBM_after=dlbm, status=state, flags=[label for label, on in hit if on])
            if case in ("partly_covered", "overlapping", "covered"):
                entry["approved_share"] = round(shapely.intersection(geom, shapely.union_all(
                    [a["geom"] for a in approvals])).area / geom.area, 4)
            out[self.p23[i].bsm] = entry
        self.expected["farmland_outflow"] = out

    def overlaps(self, geom, zone) -> bool:
        """Overlap beyond boundary noise, as the outflow check counts it (min_overlap_m2 and min_overlap_share)."""
        overlap = shapely.intersection(zone, geom).area
        return overlap >= OUTFLOW_RULES["min_overlap_m2"] and overlap >= OUTFLOW_RULES["min_overlap_share"] * geom.area

    # -- restoration tasks --------------------------------------------------------------------
    def restoration(self):
        self.section("restoration")
        self.tasks = []  # dicts: RWBH, case, geom, parcel index
        restorable = lambda p: landclass.is_restorable(p.dlbm) and p.zzsx in ("JKHF", "GCHF")  # noqa: E731
        non_k = lambda p: restorable(p) and landclass.name(p.dlbm + "K") != ""  # noqa: E731 (has a K variant)
        n = 0
        for case, count in TASK_CASES:
            if case == "outside":
                indices = [None]
            else:
                indices = self.pick(non_k if case == "now_adjustable" else restorable, count)
            for i in indices:
                n += 1
                self.add_task(case, i, n)
        for i in self.pick(restorable, EXTRA_RESTORED):
            self.change(i, self.restored_class(i))
        # Drawn last, from orchard and forest outside the mining zone, so that every other draw stays as it was.
        sloping = lambda p: restorable(p) and p.dlbm[:2] in ("02", "03") and p.zone != "mining"  # noqa: E731
        for i in self.pick(sloping, SLOPING_RESTORED):
            n += 1
            self.add_task("restored_sloping", i, n)
        # Last, one more in 邻山县: its cultivated land rises by design (its outflow and mine changes about cancel).
        in_neighbour = lambda p: restorable(p) and self.admin.by_code[p.village]["county"] == "130998"  # noqa: E731
        for i in self.pick(in_neighbour, 1):
            self.change(i, self.restored_class(i))

    def add_task(self, case, i, n):
        """Task number ``n`` of ``case`` over 2023 parcel ``i`` (None: outside the mapped area)."""
        county = "130999" if i is None else self.admin.by_code[self.p23[i].village]["county"]
        task = dict(RWBH=f"{county}HF2024{n:03d}", case=case, index=i,
                    WCQX=TASK_DEADLINES[(n - 1) % len(TASK_DEADLINES)])
        if i is None:  # a task drawn outside the mapped area (wrong county or shifted)
            x, y = at(TASK_OUTSIDE_OFFSET)
            task["geom"] = box(x, y, x + 90, y + 70)
            task["village"] = self.admin.villages[0]["code"]
            task["YDLBM"] = "0201K"
            task["HFSX"] = "JKHF"
        else:
            p = self.p23[i]
            task["village"] = p.village
            task["YDLBM"] = p.dlbm
            task["HFSX"] = p.zzsx
            task["geom"] = p.geom
            self.apply_task(case, i)
        if case == "bow_tie":  # self-intersecting ring over the parcel's centre
            cx, cy = self.p23[i].geom.centroid.coords[0]
            task["geom"] = Polygon([(cx - 25, cy - 20), (cx + 25, cy + 20), (cx + 25, cy - 20),
                                    (cx - 25, cy + 20)])
        self.tasks.append(task)

    def restored_class(self, i):
        p = self.p23[i]
        if p.dlbm.startswith("1104"):
            return "0101"
        return "0103" if hilliness(*p.geom.centroid.coords[0]) > 0.5 else "0102"

    def apply_task(self, case, i):
        if case in ("restored", "in_basic_farmland"):
            self.change(i, self.restored_class(i), zzsx="LS", grade=1)
        elif case == "restored_wg":
            self.change(i, self.restored_class(i), zzsx="WG", grade=1)
        elif case == "partial":
            self.change(i, self.restored_class(i), share=0.45 + 0.1 * self.rng.random(), zzsx="LS")
        elif case == "now_adjustable":
            self.change(i, self.p23[i].dlbm + "K", zzsx=self.p23[i].zzsx)
        elif case == "restored_sloping":  # slope grade 4: KCXS 0.1150 (TT) or 0.1320 (PD), still 已恢复
            self.change(i, "0103", zzsx="LS", grade=4)

    # -- cultivated outflow -------------------------------------------------------------------
    def outflow(self):
        self.section("outflow")
        cultivated = lambda p: landclass.is_cultivated(p.dlbm) and p.zone in ("plain", "hill")  # noqa: E731
        self.outflow_by_class = {}
        self.outflow_patches = []  # (2023 index, 2024 parcel that was split off or changed)
        for dlbm, count, share in OUTFLOW_CHANGES:
            for i in self.pick(cultivated, count):
                zzsx = "JKHF" if landclass.is_adjustable(dlbm) else None
                new = self.change(i, dlbm, share=share, zzsx=zzsx)
                self.outflow_by_class.setdefault(dlbm, []).append(new)
                self.outflow_patches.append((i, new))

    def approvals(self):
        """Approval polygons (转用/征收/供地/临时用地 in one layer, 设施农用地备案 in another) on planted patches."""
        rng = self.section("approvals")
        self.approval_list, self.filing_list = [], []
        self.outflow_case = {}
        for dlbm, k, case in APPROVAL_CASES:
            patch = self.outflow_by_class[dlbm][k].geom
            day = dt.date(2024, int(rng.integers(1, 12)), int(rng.integers(1, 29)))
            self.outflow_case[id(self.outflow_by_class[dlbm][k])] = case
            if case.startswith("facility"):
                self.filing_list.append(dict(BABH=f"SSNYD2024{len(self.filing_list) + 1:03d}", BARQ=day.isoformat(),
                                             geom=patch))
                continue
            kind, shapes = "农用地转用", [patch]
            if case == "partly_covered":
                kind, shapes = "土地征收", [half_split(patch, 0.5)[0]]
            elif case == "dated_after_time_point":
                day = dt.date(2025, 3, 15)
            elif case == "temporary":
                kind = "临时用地"
            elif case == "overlapping":  # two approvals of 70 % each from either end: the union is the patch
                first, _ = half_split(patch, 0.7)
                second = shapely.difference(patch, half_split(patch, 0.3)[0])
                shapes = [first, largest(second)]
            for n, shape in enumerate(shapes):
                number = len(self.approval_list) + 1
                self.approval_list.append(dict(
                    PZWH=f"示政转〔{day.year}〕{number}号", PZLX="供地" if n else kind, PZRQ=day.isoformat(),
                    XMMC=PROJECTS[number % len(PROJECTS)], geom=shape))

    # -- mines --------------------------------------------------------------------------------
    def in_mining_county(self, county):
        return lambda p: (self.admin.by_code[p.village]["county"] == county and p.zone == "mining"  # noqa: E731
                          and p.dlbm in ("0602", "1206", "1207"))

    def mines(self):
        rng = self.section("mines")
        self.mine_list = []
        n = {"130999": 0, "130998": 0}
        for case, county, count in MINE_CASES:
            for i in self.pick(self.in_mining_county(county), count):
                n[county] += 1
                p = self.p23[i]
                geom = p.geom.buffer(-0.5)
                target = MINE_RESTORED_TO[len(self.mine_list) % len(MINE_RESTORED_TO)]
                if case == "restored":
                    self.change(i, target)
                elif case == "partial":
                    self.change(i, target, share=0.4 + 0.2 * rng.random())
                elif case == "abandoned_fq":
                    self.change(i, "0602", tbxh="FQ")
                self.mine_list.append(dict(TBBH=f"{county}KS{n[county]:04d}", county=county, case=case, index=i,
                                           geom=geom, target=target))
        self.closed = []
        indices = self.pick(lambda p: p.dlbm == "0602" and p.zone == "mining", len(CLOSED_MINE_CASES))
        for k, (i, (licence, dismantled, power_cut, restored)) in enumerate(zip(indices, CLOSED_MINE_CASES)):
            if restored:
                self.change(i, MINE_RESTORED_TO[k % 2])
            self.closed.append(dict(index=i, licence=licence, dismantled=dismantled, power_cut=power_cut,
                                    restored=restored, geom=self.p23[i].geom.buffer(-0.5)))

    # -- supply -------------------------------------------------------------------------------
    def supply(self):
        self.section("supply")
        self.supply_list = []
        candidates = lambda p: p.dlbm in USES and p.zone in ("seat", "settlement", "plain")  # noqa: E731
        indices = self.pick(candidates, SUPPLY_TOTAL)
        for k, i in enumerate(indices):
            spec = SUPPLY_CASES[k] if k < len(SUPPLY_CASES) else self.background_supply(k)
            self.supply_list.append(dict(spec=spec, index=i, geom=self.p23[i].geom.buffer(-2.0)))

    def background_supply(self, k):
        rng = self.rng
        year = 2021 + int(rng.integers(0, 5))
        agreed = dt.date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
        if agreed + dt.timedelta(days=365) > AS_OF and rng.random() < 0.5:
            return dict(case="background", YDDGRQ=agreed.isoformat(), expect=None)
        started = agreed - dt.timedelta(days=int(rng.integers(0, 60)))
        return dict(case="background", YDDGRQ=agreed.isoformat(), SJDGRQ=started.isoformat(), expect=None)

    # -- zones ----------------------------------------------------------------------------------
    def basic_farmland_and_red_line(self):
        rng = self.section("zones")
        cultivated = [p.geom for p in self.p23 if landclass.is_cultivated(p.dlbm) and p.zone == "plain"]
        blocks = []
        for offset in BASIC_FARMLAND_CENTRES:
            disc = Point(at(offset)).buffer(650 + 150 * rng.random())
            picked = [g for g in cultivated if disc.contains(g.centroid)]
            blocks.append(shapely.union_all(picked))
        by_case = {t["case"]: t for t in self.tasks}
        blocks.append(by_case["in_basic_farmland"]["geom"])
        blocks.append(next(m for m in self.mine_list if m["case"] == "not_restored")["geom"])
        dlbm, k = NONGRAIN_IN_BASIC_FARMLAND
        blocks.append(self.outflow_by_class[dlbm][k].geom)
        merged = shapely.union_all(blocks)
        self.basic_farmland = [g for g in getattr(merged, "geoms", [merged]) if g.area > 1000]
        # red line: a protected forest belt in the hills plus the core of the second county's mining zone
        mine_b = [m for m in self.mine_list if m["county"] == "130998"]
        ring = shapely.union_all([m["geom"].buffer(40) for m in mine_b[:3]]).convex_hull
        self.red_line = [ring, Point(at(RED_LINE_FOREST[0])).buffer(RED_LINE_FOREST[1]).intersection(self.area)]
        red = shapely.union_all(self.red_line)
        farmland = shapely.union_all(self.basic_farmland)
        for m in self.mine_list:
            m["in_red_line"] = self.inside(m["geom"], red)
            m["in_basic_farmland"] = self.inside(m["geom"], farmland)

    # -- expected outcomes ---------------------------------------------------------------------
    def overlay_2024(self, geom):
        """(DLBM, KCXS, allocated TBMJ, ZZSXDM, TBXHDM) of each 2024 piece under ``geom``."""
        geoms = np.array([p.geom for p in self.p24_all])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        hit = np.nonzero(shapely.intersects(geoms, geom))[0]
        out = []
        for j in hit:
            p = self.p24_all[j]
            piece = shapely.intersection(p.geom, geom).area
            if piece <= 0:
                continue
            kcxs = KCXS_TABLE[(p.gdlx, p.gdpdjb)] if landclass.is_cultivated(p.dlbm) else 0.0
            out.append((p.dlbm, kcxs, p.tbmj * piece / p.geom.area, p.zzsx, p.tbxh, piece))
        return out

    def inside(self, geom, zone) -> bool:
        """Overlap with ``zone`` counts the way the analyses count it: >= 1 m² and >= 0.5 % of the polygon."""
        overlap = shapely.intersection(zone, geom).area
        rules = RESTORATION_RULES
        return overlap >= rules["min_piece_m2"] and overlap >= rules["min_zone_share"] * geom.area

    def expected_restoration(self):
        labels = RESTORATION_RULES["flags"]
        threshold = RESTORATION_RULES["complete_threshold"] - RESTORATION_RULES["ratio_tolerance"]
        farmland = shapely.union_all(self.basic_farmland)
        geoms = [t["geom"] if t["geom"].is_valid else shapely.make_valid(t["geom"]) for t in self.tasks]
        areas = ellipsoidal_areas(geoms)
        out = {}
        for t, geom, area in zip(self.tasks, geoms, areas):
            # whole m², as task lists give it; the area_mismatch case states more than it draws
            t["RWMJ"] = float(np.floor(area * (AREA_MISMATCH_FACTOR if t["case"] == "area_mismatch" else 1)))
            pieces = self.overlay_2024(geom)
            gross = sum(a for d, _, a, *_ in pieces if landclass.is_cultivated(d))
            net = sum(a * (1 - k) for d, k, a, *_ in pieces if landclass.is_cultivated(d))

            netable = area - (gross - net)  # like with like: the task area less the ridges of its cultivated land

            def status(restored, basis):
                return "未恢复" if restored <= 0 else ("已恢复" if restored / basis >= threshold else "部分恢复")

            checks = [
                (labels["no_survey"], not pieces),
                (labels["uncultivated"], any(landclass.is_cultivated(d) and z in RESTORATION_RULES[
                    "uncultivated_planting_codes"] for d, _, _, z, *_ in pieces)),
                (labels["adjustable"], any(landclass.is_adjustable(d) for d, *_ in pieces)),
                (labels["basic_farmland"], self.inside(geom, farmland)),
                (labels["area_mismatch"], abs(t["RWMJ"] - area) > RESTORATION_RULES["task_area_tolerance"] * area),
                (labels["repaired"], not t["geom"].is_valid),
            ]
            days_left = (dt.date.fromisoformat(t["WCQX"]) - AS_OF).days
            done = status(net, netable) == "已恢复"
            deadline = "已完成" if done else ("逾期" if days_left < 0 else (
                "临期" if days_left <= DEADLINE_WARN_DAYS else "正常"))
            out[t["RWBH"]] = dict(
                case=t["case"], status=status(net, netable), status_gross=status(gross, area),
                restored_gross_m2=round2(gross),
                restored_net_m2=round2(net), task_area_m2=round2(float(area)), RWMJ=t["RWMJ"],
                ratio_gross=round(gross / area, 4) if area else 0.0,
                ratio_net=round(net / netable, 4) if netable else 0.0,
                flags=[label for label, hit in checks if hit], WCQX=t["WCQX"], days_left=days_left,
                deadline_status=deadline)
        self.expected["restoration_tasks"] = out

    def expected_mines(self):
        areas = ellipsoidal_areas([m["geom"] for m in self.mine_list])
        out = {}
        for m, area in zip(self.mine_list, areas):
            m["TBMJ"] = round2(float(area))
            pieces = self.overlay_2024(m["geom"])
            total = sum(a for *_, a in pieces)
            restored = sum(a for d, _, _, _, _, a in pieces if d[:2] in ("01", "02", "03", "04"))
            residual = sum(a for d, _, _, _, x, a in pieces if d in ("0602", "1206", "1207") or x == "FQ")
            share = restored / total
            status = "已恢复" if share >= 0.999 else ("部分恢复" if share > 0.01 else "未恢复")
            out[m["TBBH"]] = dict(case=m["case"], county=m["county"], restored=status == "已恢复", status=status,
                                  restored_share=round(share, 4), residual_share=round(residual / total, 4),
                                  in_red_line=m["in_red_line"], in_basic_farmland=m["in_basic_farmland"])
        self.expected["mine_patches"] = out

    # -- monitoring ------------------------------------------------------------------------------
    def monitoring(self):
        rng = self.section("monitoring")
        by = {"supply_started": [], "supply_idle": []}
        for s in self.supply_list:
            e = s["spec"]
            key = "supply_started" if e.get("SJDGRQ") else "supply_idle"
            by[key].append(s["geom"])
        for dlbm, plist in self.outflow_by_class.items():
            by.setdefault("to_" + dlbm, []).extend(p.geom for p in plist)
        by["restored"] = [self.p24[t["index"]].geom for t in self.tasks if t["case"] == "restored"]
        by["random"] = [self.p23[i].geom for i in rng.choice(len(self.p23), 10, replace=False)]
        self.patches = []
        taken = {}
        for tblx, count, where in MONITORING:
            pool = by[where]
            for _ in range(count):
                k = taken.get(where, 0)
                taken[where] = k + 1
                base = pool[k % len(pool)]
                c = base.centroid
                r = max(15.0, 0.6 * np.sqrt(base.area / np.pi))
                geom = largest(shapely.intersection(base, c.buffer(r)))
                self.patches.append(dict(TBLX=tblx, where=where, geom=geom))

    # -- layers ----------------------------------------------------------------------------------
    def layers(self):
        admin = self.admin
        out = [dltb_layer("dltb_2023", self.p23, admin, 2023), dltb_layer("dltb_2024", self.p24_all, admin, 2024)]
        out += [self.regions_layer(), self.tasks_layer(), *self.supply_layers(), self.mines_layer(),
                self.closed_layer(), self.blocks_layer(), self.monitoring_layer(), self.farmland_layer(),
                self.red_line_layer(), self.chiefs_layer(), *self.approval_layers()]
        return out

    def approval_layers(self):
        approvals = Layer("land_approvals", [
            Field("PZWH", "str", "批准文号", 40), Field("PZLX", "str", "批复类型", 20), Field("PZRQ", "date", "批准日期"),
            Field("XMMC", "str", "项目名称", 100)], geoms=[])
        for a in self.approval_list:
            approvals.add({k: v for k, v in a.items() if k != "geom"}, a["geom"])
        # no type field: the layer name says 设施农用地备案
        filings = Layer("facility_filings", [Field("BABH", "str", "备案编号", 30), Field("BARQ", "date", "备案日期")],
                        geoms=[])
        for f in self.filing_list:
            filings.add({k: v for k, v in f.items() if k != "geom"}, f["geom"])
        return [approvals, filings]

    def regions_layer(self):
        layer = Layer("regions", [Field("DM", "str", "代码", 12), Field("MC", "str", "名称", 60),
                                  Field("JB", "str", "级别", 10), Field("JBMC", "str", "级别名称", 10),
                                  Field("SJDM", "str", "上级代码", 12)])
        for county, name, _ in COUNTIES:
            layer.add(dict(DM=county, MC=name, JB="county", JBMC="县", SJDM=CITY[0]))
            for t in self.admin.townships:
                if t["county"] == county:
                    layer.add(dict(DM=t["code"], MC=t["name"], JB="township", JBMC="乡镇", SJDM=county))
                    for v in self.admin.villages:
                        if v["township"] == t["code"]:
                            layer.add(dict(DM=v["code"], MC=v["name"], JB="village", JBMC="村", SJDM=t["code"]))
        return layer

    def tasks_layer(self):
        layer = Layer("restoration_tasks", [
            Field("RWBH", "str", "任务编号", 20), Field("XZQDM", "str", "行政区代码", 12),
            Field("XZQMC", "str", "行政区名称", 60), Field("RWMJ", "real", "任务面积", 15, 2),
            Field("YDLBM", "str", "原地类编码", 5), Field("HFSX", "str", "恢复属性", 4),
            Field("WCQX", "date", "完成期限"), Field("ZRDW", "str", "责任单位", 100), Field("RWND", "int", "任务年度"),
            Field("BZ", "str", "备注", 255)], geoms=[])
        for k, t in enumerate(self.tasks):
            v = self.admin.by_code[t["village"]]
            layer.add(dict(RWBH=t["RWBH"], XZQDM=v["code"], XZQMC=v["name"], RWMJ=t["RWMJ"], YDLBM=t["YDLBM"],
                           HFSX=t["HFSX"], WCQX=t["WCQX"],
                           ZRDW=self.admin.township_by_code[v["township"]]["name"] + "人民政府", RWND=2024, BZ=""),
                      t["geom"])
        return layer

    SUPPLY_FIELDS = [
        ("DZJGH", "str", "电子监管号", 16), ("HTBH", "str", "合同编号", 30), ("XMMC", "str", "项目名称", 100),
        ("SRR", "str", "受让人", 100), ("GDFS", "str", "供地方式", 20), ("TDYT", "str", "土地用途", 20),
        ("ZDMJ", "real", "宗地面积", 12), ("CJJG", "real", "成交价格", 12), ("HTQDRQ", "str", "合同签订日期", 20),
        ("YDDGRQ", "str", "约定动工日期", 20), ("YDJGRQ", "str", "约定竣工日期", 20),
        ("SJDGRQ", "str", "实际动工日期", 20), ("BCXYDGRQ", "str", "补充协议约定动工日期", 20),
        ("KFMJ", "real", "已开发面积", 12), ("YKFMJ", "real", "应开发面积", 12), ("YTZE", "real", "已投资额", 12),
        ("ZTZE", "real", "总投资额", 12), ("ZZKSRQ", "str", "中止开始日期", 20), ("YYLX", "str", "原因类型", 40),
        ("XZQDM", "str", "行政区代码", 6)]
    CSV_HEADERS = ["电子监管号", "合同编号", "项目名称", "土地使用权人", "供地方式", "土地用途", "面积(公顷)",
                   "成交价格(万元)", "合同签订日期", "约定开工时间", "约定竣工时间", "实际开工时间",
                   "补充协议约定开工时间", "已开发面积(公顷)", "应开发面积(公顷)", "已投资额(万元)", "总投资额(万元)",
                   "中止开始日期", "原因类型", "行政区代码"]

    def supply_layers(self):
        rng = self.section("supply_values")
        fields = [Field(*f) for f in self.SUPPLY_FIELDS]
        poly = Layer("supply_records", fields, geoms=[])
        table = Layer("supply_records_table", fields)
        areas = ellipsoidal_areas([s["geom"] for s in self.supply_list])
        expected = {}
        self.csv_rows = []
        for k, (s, area) in enumerate(zip(self.supply_list, areas)):
            e = s["spec"]
            p = self.p23[s["index"]]
            county = self.admin.by_code[p.village]["county"]
            style = e.get("date_format", DATE_FORMATS[k % len(DATE_FORMATS)])
            agreed = e.get("YDDGRQ")
            try:
                agreed_day = dt.date.fromisoformat(agreed) if agreed else None
            except ValueError:
                agreed_day = None
            if e.get("HTQDRQ"):
                contract = e["HTQDRQ"]
            elif agreed_day:  # contracts are signed 4 to 10 months before the agreed start
                contract = (agreed_day - dt.timedelta(days=int(rng.integers(120, 300)))).isoformat()
            else:
                contract = CONTRACT_DATE_UNKNOWN_START
            year = contract[:4]
            ha = round2(area / 10000, 4)
            total_invest = round2(ha * float(rng.uniform(1500, 4000)), 2)
            due = ha
            kfmj = round2(due * e["KFMJ_RATIO"], 4) if "KFMJ_RATIO" in e else (
                round2(due * float(rng.uniform(0.5, 1.0)), 4) if e.get("SJDGRQ") else 0.0)
            ytze = round2(total_invest * e["YTZE_RATIO"], 2) if "YTZE_RATIO" in e else (
                round2(total_invest * float(rng.uniform(0.4, 1.0)), 2) if e.get("SJDGRQ") else 0.0)
            price = e.get("CJJG", round2(ha * float(rng.uniform(150, 600)), 2))
            completion = add_years(agreed_day, 2).isoformat() if agreed_day else None
            row = dict(
                DZJGH=e.get("DZJGH", f"{county}{year}B{k + 1:05d}"), HTBH=f"{county}-{year}-{k + 1:04d}",
                XMMC=COMPANIES[k % len(COMPANIES)][:-4].replace("有限", "") + PROJECTS[k % len(PROJECTS)],
                SRR=COMPANIES[k % len(COMPANIES)], GDFS=SUPPLY_METHODS[k % len(SUPPLY_METHODS)], TDYT=USES[p.dlbm],
                ZDMJ=ha, CJJG=price, HTQDRQ=date_text(contract, DATE_FORMATS[(k + 1) % len(DATE_FORMATS)]),
                YDDGRQ=date_text(agreed, style), YDJGRQ=date_text(completion, style),
                SJDGRQ=date_text(e.get("SJDGRQ"), style), BCXYDGRQ=date_text(e.get("BCXYDGRQ"), style),
                KFMJ=kfmj, YKFMJ=due, YTZE=ytze, ZTZE=total_invest, ZZKSRQ=date_text(e.get("ZZKSRQ"), style),
                YYLX=e.get("YYLX", "企业原因" if e["case"] != "background" or k % 3 else ""), XZQDM=county)
            poly.add(row, s["geom"])
            table.add(dict(row))
            self.csv_rows.append([row[f[0]] for f in self.SUPPLY_FIELDS])
            if e.get("expect") is not None:
                key = row["DZJGH"] if not e["case"].startswith("duplicate") else f"{row['DZJGH']}#{row['HTBH']}"
                expected[key] = dict(case=e["case"], HTBH=row["HTBH"], **e["expect"])
        self.expected["supply_records"] = expected
        return poly, table

    def mines_layer(self):
        names = ["TBBH", "XZS", "XZX", "XZQDM", "ZTBH", "TBMJ", "TBDL", "TBXL", "KCFS", "HFZLQK", "TBSX", "NXFFS",
                 "NXFFX", "GBND", "BHDLX", "STWT", "YSZT", "SDDL"]
        aliases = ["图斑编号", "所在市", "所在县", "行政区代码", "主体编号", "图斑面积", "图斑大类", "图斑小类", "开采方式",
                   "恢复治理情况", "图斑属性", "拟修复方式", "拟修复方向", "关闭年度", "保护地类型", "生态问题", "验收状态",
                   "三调地类"]
        layer = Layer("mine_patches", [Field(n, "real" if n == "TBMJ" else "str", a, 0 if n == "TBMJ" else 40)
                                       for n, a in zip(names, aliases)], geoms=[])
        for k, m in enumerate(self.mine_list):
            p = self.p23[m["index"]]
            done = m["case"] == "restored"
            row = dict(TBBH=m["TBBH"], XZS=CITY[1], XZX=self.admin.counties[m["county"]], XZQDM=m["county"],
                       ZTBH=f"{m['county']}ZT{k // 2 + 1:03d}", TBMJ=m["TBMJ"], TBDL="10",
                       TBXL="11" if k % 3 else "12", KCFS="ABC"[k % 3] if k % 5 else "A", HFZLQK="B" if done else "A",
                       TBSX=["1", "3", "2", "4", "5", "6"][k % 6], NXFFS=str(1 + k % 4), NXFFX=m["target"][:2],
                       GBND=str(2008 + k % 12), BHDLX="2" if m["in_red_line"] else "5", STWT=str(1 + k % 3),
                       YSZT="已验收" if done and k % 2 else ("县级自验" if done else "未验收"), SDDL=p.dlbm)
            row.update(MINE_TEXT_ROWS.get(k, {}))
            layer.add(row, m["geom"])
            outcome = self.expected["mine_patches"][m["TBBH"]]
            outcome["text_values"] = k in MINE_TEXT_ROWS
            said_restored = row["HFZLQK"] in MINE_RESTORED_WORDS
            outcome["attribute_conflict"] = (said_restored and outcome["restored_share"] == 0) or (
                not said_restored and outcome["restored_share"] > 0)
        return layer

    def closed_layer(self):
        rng = self.section("closed_mines")
        layer = Layer("closed_mines", [
            Field("KSMC", "str", "矿山名称", 100), Field("CKZH", "str", "采矿证号", 30), Field("XZQDM", "str", "行政区代码", 6),
            Field("GBND", "str", "关闭年度", 4), Field("ZXZT", "str", "证照注销", 2), Field("ZXWH", "str", "注销文号", 60),
            Field("SSCC", "str", "设施拆除", 2), Field("DLQD", "str", "断电", 2), Field("CCWH", "str", "拆除证据", 100),
            Field("BZ", "str", "备注", 255)], geoms=[])
        minerals = ["建筑石料用灰岩", "砖瓦用黏土", "建筑用砂", "建筑石料用花岗岩"]
        expected = {}
        for k, c in enumerate(self.closed):
            p = self.p23[c["index"]]
            county = self.admin.by_code[p.village]["county"]
            village = self.admin.by_code[p.village]["name"]
            licence, dismantled, power = c["licence"], c["dismantled"], c["power_cut"]
            year = str(2018 + k % 5)
            row = dict(KSMC=f"{self.admin.counties[county]}{village}{minerals[k % 4]}矿{k + 1}号",
                       CKZH=f"C{county}{2008 + k}0{k % 3 + 1}7130{int(rng.integers(100000, 999999))}",
                       XZQDM=county, GBND=year, ZXZT="是" if licence else "否",
                       ZXWH=f"示自然资〔{year}〕{10 + k}号" if licence else "", SSCC="是" if dismantled else "否",
                       DLQD="是" if power else "否", CCWH=f"拆除现场照片及验收单 {year}-{k + 1:02d}" if dismantled else "",
                       BZ="")
            layer.add(row, c["geom"])
            expected[row["CKZH"]] = dict(KSMC=row["KSMC"], licence_cancelled=licence,
                                         facility_attributes_ok=dismantled and power, restored=c["restored"],
                                         still_0602=not c["restored"], inside_active_block=c["inside_active_block"])
        self.expected["closed_mines"] = expected
        return layer

    def mining_blocks(self):
        """Planning blocks: one active block drawn around the first closed mine (the planted conflict), one more
        active and two closed blocks in the mining zones. Active blocks leave out every other closed mine."""
        first = self.closed[0]["geom"]
        others = shapely.union_all([c["geom"].buffer(1.0) for c in self.closed[1:]])
        (c1, r1), (c2, r2) = [(at(offset), radius) for offset, radius in MINING_ZONES]
        self.blocks = [
            (first.envelope.buffer(40, join_style="mitre").difference(others), "有效"),
            (shapely.affinity.rotate(box(c2[0] + r2 * 0.3, c2[1] - r2 * 0.2, c2[0] + r2 * 0.7, c2[1] + r2 * 0.3), 15)
             .difference(others), "有效"),
            (shapely.affinity.rotate(box(c1[0] - r1 * 0.8, c1[1] - r1 * 0.6, c1[0] - r1 * 0.4, c1[1] - r1 * 0.1), 10),
             "已关闭"),
            (shapely.affinity.rotate(box(c2[0] - r2 * 0.8, c2[1] - r2 * 0.6, c2[0] - r2 * 0.4, c2[1] - r2 * 0.1), 30),
             "已关闭"),
        ]
        active = shapely.union_all([g for g, state in self.blocks if state == "有效"])
        for c in self.closed:
            c["inside_active_block"] = self.inside(c["geom"], active)

    def blocks_layer(self):
        layer = Layer("mining_blocks", [Field("KQBH", "str", "区块编号", 20), Field("KQMC", "str", "区块名称", 100),
                                        Field("ZT", "str", "状态", 10)], geoms=[])
        for k, (geom, state) in enumerate(self.blocks):
            layer.add(dict(KQBH=f"KQ-{k + 1:02d}", KQMC=f"建筑石料用灰岩矿开采规划区块{k + 1}", ZT=state), geom)
        return layer

    def monitoring_layer(self):
        layer = Layer("monitoring_patches", [
            Field("JCBH", "str", "监测图斑编号", 20), Field("XZQDM", "str", "行政区代码", 6), Field("XMC", "str", "县名", 30),
            Field("TBLX", "str", "图斑类型", 4), Field("QSX", "date", "前时相"), Field("HSX", "date", "后时相"),
            Field("DLBM", "str", "原地类编码", 5), Field("MJ", "real", "面积", 15, 2)], geoms=[])
        areas = ellipsoidal_areas([m["geom"] for m in self.patches])
        geoms23 = np.array([p.geom for p in self.p23])
        tree = shapely.STRtree(geoms23)
        expected = {}
        for k, (m, area) in enumerate(zip(self.patches, areas)):
            hits = tree.query(m["geom"], predicate="intersects")
            best = max(hits, key=lambda j: shapely.intersection(geoms23[j], m["geom"]).area)
            p = self.p23[best]
            county = self.admin.by_code[p.village]["county"]
            jcbh = f"JC2024{county[-3:]}{k + 1:04d}"
            layer.add(dict(JCBH=jcbh, XZQDM=county, XMC=self.admin.counties[county], TBLX=m["TBLX"],
                           QSX="2024-03-15" if k % 2 else "2024-04-02", HSX="2024-10-20" if k % 2 else "2024-11-06",
                           DLBM=p.dlbm, MJ=round2(float(area))), m["geom"])
            expected[jcbh] = dict(TBLX=m["TBLX"], over=m["where"], DLBM_before=p.dlbm)
        self.expected["monitoring_patches"] = expected
        return layer

    def farmland_layer(self):
        layer = Layer("basic_farmland", [Field("JBNTBH", "str", "基本农田编号", 20), Field("MJ", "real", "面积", 15, 2)],
                      geoms=[])
        areas = ellipsoidal_areas(self.basic_farmland)
        for k, (g, a) in enumerate(zip(self.basic_farmland, areas)):
            layer.add(dict(JBNTBH=f"JBNT{k + 1:04d}", MJ=round2(float(a))), g)
        return layer

    def red_line_layer(self):
        layer = Layer("red_line", [Field("HXBH", "str", "红线编号", 20), Field("HXMC", "str", "红线名称", 100),
                                   Field("HXLX", "str", "红线类型", 40)], geoms=[])
        names = [("石岗水源涵养生态保护红线", "水源涵养"), ("西岭生物多样性维护生态保护红线", "生物多样性维护")]
        for k, (g, (name, kind)) in enumerate(zip(self.red_line, names)):
            layer.add(dict(HXBH=f"HX{k + 1:03d}", HXMC=name, HXLX=kind), g)
        return layer

    def chiefs_layer(self):
        rng = self.section("field_chiefs")
        layer = Layer("field_chiefs", [Field("CJDM", "str", "村级代码", 12), Field("CJMC", "str", "村名称", 60),
                                       Field("XJTZ", "str", "县级田长", 20), Field("XZTZ", "str", "乡级田长", 20),
                                       Field("CJTZ", "str", "村级田长", 20), Field("WGZ", "str", "网格长", 20)])
        county_chief = {c: person(rng) for c, _, _ in COUNTIES}
        township_chief = {t["code"]: person(rng) for t in self.admin.townships}
        for v in self.admin.villages:
            layer.add(dict(CJDM=v["code"], CJMC=v["name"], XJTZ=county_chief[v["county"]],
                           XZTZ=township_chief[v["township"]], CJTZ=person(rng), WGZ=person(rng)))
        return layer


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=os.path.join(os.path.dirname(os.path.dirname(__file__)), "sample_data"))
    args = parser.parse_args(argv)
    os.makedirs(args.output, exist_ok=True)
    county = County()
    county.build()
    layers = county.layers()
    gpkg = os.path.join(args.output, "sample_county.gpkg")
    digest, counts = write_gpkg(gpkg, layers)
    write_gbk_shapefile(os.path.join(args.output, "dltb_2024_gbk", "dltb_2024.shp"), layers[1])
    write_csv(os.path.join(args.output, "supply_records.csv"), County.CSV_HEADERS, county.csv_rows)
    county.expected["_meta"] = dict(as_of=AS_OF.isoformat(), crs="EPSG:4526", seed=SEED, feature_hash=digest,
                                    counts=counts)
    with open(os.path.join(args.output, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump(county.expected, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    print(f"wrote {gpkg}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    print(f"feature hash {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
