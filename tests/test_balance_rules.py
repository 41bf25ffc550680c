"""Balance and classification rules (core/balance.py, core/classification.py) on hand-worked numbers."""
from __future__ import annotations

import numpy as np
import pytest

from land_supervision.core import balance, classification

V1 = "4201020010010000000"  # village 420102001001
V2 = "4201020010020000000"  # village 420102001002 (same township)
GROUPS = balance.outflow_groups()


def survey(rows):
    """rows: (dlbm, tbmj, factor, zldwdm)."""
    dlbm, gross, factor, code = zip(*rows)
    return balance.Survey(np.array(gross, float), np.array(factor, float), list(dlbm), list(code))


# T−1: b0 0101 1000 m² KCXS 0.1; b1 0103 500 m² KCXS 0.2; b2 0201 300 m²; b3 0101 200 m² KCXS 0.05.
BEFORE = survey([("0101", 1000, 0.9, V1), ("0103", 500, 0.8, V1), ("0201", 300, 1.0, V1), ("0101", 200, 0.95, V1)])
# T: a0 = left 600 m² of b0 (0101, KCXS 0.1); a1 = right 400 m² of b0 (0702 rural homestead);
# a2 = b1 as a pond (1104); a3 = b2 ploughed (0102, KCXS 0.1); a4 = b3 with a new coefficient 0.1.
AFTER = survey([("0101", 600, 0.9, V1), ("0702", 400, 1.0, V1), ("1104", 500, 1.0, V1), ("0102", 300, 0.9, V1),
                ("0101", 200, 0.9, V1)])
PIECES = dict(piece_before=[0, 0, 1, 2, 3], piece_after=[0, 1, 2, 3, 4], piece_planar=[600, 400, 500, 300, 200],
              planar_before=np.array([1000, 500, 300, 200.0]), planar_after=np.array([600, 400, 500, 300, 200.0]))


def run(targets=None, before=BEFORE, after=AFTER, pieces=PIECES):
    flows = balance.flows(before, after, groups=GROUPS, **pieces)
    return flows, {(r.level, r.region_code): r for r in balance.summarize(before, after, flows, GROUPS, targets)}


def test_flows_and_groups():
    flows, _ = run()
    assert flows.outflow.tolist() == [False, True, True, False, False]
    assert flows.inflow.tolist() == [False, False, False, True, False]
    assert flows.flow_net.tolist() == pytest.approx([0, 360, 400, 270, 0])  # before-side net out, after-side in
    assert list(flows.group[1:4]) == ["construction", "pond", "orchard"]


def test_village_summary_closes_exactly():
    _, rows = run()
    v = rows[("village", "420102001001")].values
    assert v["cult_before"] == 1490.0      # 900 + 400 + 190
    assert v["cult_after"] == 990.0        # 540 + 270 + 180
    assert v["outflow"] == 760.0 and v["inflow"] == 270.0
    assert v["coef_change"] == -10.0       # b3/a4: 190 -> 180
    assert v["net_change"] == -500.0 and v["other_change"] == 0.0
    assert v["to_make_up"] == 500.0
    assert v["out_construction"] == 360.0 and v["out_pond"] == 400.0 and v["out_forest"] == 0.0
    assert rows[("village", "420102001001")].mu["to_make_up"] == 0.75   # 500 m² = 0.75 亩
    assert rows[("village", "420102001001")].mu["outflow"] == 1.14      # 760 m² = 1.14 亩
    assert set(rows) == {("county", "420102"), ("township", "420102001"), ("village", "420102001001")}
    assert rows[("county", "420102")].values == v
    same = dict(piece_before=[0, 1, 2, 3], piece_after=[0, 1, 2, 3], piece_planar=[1000, 500, 300, 200.0],
                planar_before=PIECES["planar_before"], planar_after=PIECES["planar_before"])
    _, unchanged = run(after=BEFORE, pieces=same)
    county = unchanged[("county", "420102")]
    assert county.values["net_change"] == 0.0 and county.values["outflow"] == 0.0
    assert str(county.values["to_make_up"]) == "0.0" and str(county.mu["to_make_up"]) == "0.0"   # not -0.0
    assert rows[("county", "420102")].baseline == balance.BASELINE_PREVIOUS


def test_target_baseline():
    _, rows = run(targets={"420102": 1200.0})
    county = rows[("county", "420102")]
    assert county.baseline == balance.BASELINE_TARGET and county.values["to_make_up"] == 210.0
    assert rows[("village", "420102001001")].values["to_make_up"] == 500.0   # not listed: previous year


def test_coverage_gap_goes_to_other_change_and_upper_levels_sum_rounded_villages():
    # A second village V2 with a 0.005 m² outflow sliver and a T−1 parcel the T survey does not cover.
    before = survey([("0101", 1000, 0.9, V1), ("0101", 100.005, 1.0, V2), ("0102", 50, 1.0, V2)])
    after = survey([("0101", 1000, 0.9, V1), ("1202", 100.005, 1.0, V2)])
    pieces = dict(piece_before=[0, 1], piece_after=[0, 1], piece_planar=[1000, 100.005],
                  planar_before=np.array([1000, 100.005, 50]), planar_after=np.array([1000, 100.005]))
    _, rows = run(before=before, after=after, pieces=pieces)
    v2 = rows[("village", "420102001002")].values
    assert v2["outflow"] == 100.01 and v2["out_facility"] == 100.01    # 100.005 rounded half-up
    assert v2["cult_before"] == 150.01 and v2["cult_after"] == 0.0
    assert v2["other_change"] == -50.0                                   # the uncovered 0102 parcel
    assert v2["net_change"] == v2["inflow"] - v2["outflow"] + v2["coef_change"] + v2["other_change"]
    town = rows[("township", "420102001")].values
    assert town["cult_before"] == 1050.01 and town["net_change"] == -150.01 and town["to_make_up"] == 150.01
    assert rows[("township", "420102001")].raw_net == pytest.approx(-150.005)
    # 亩: the township's deficit is its displayed net change (sum of village 亩), not mu() of the m² sum
    town_mu = rows[("township", "420102001")].mu
    assert town_mu["to_make_up"] == -town_mu["net_change"] == 0.23     # 0.0 + 0.225 -> 0.23 (village rounding)


def test_group_of_longest_prefix_and_fallback():
    got = balance.group_of(["1006", "1003", "1202", "1104A", "0404", "1107", None, "0301K", "1103", "20"], GROUPS)
    # 1103 水库水面 and 20 (二调 城镇村) are 建设用地 by land_classes.json's three-class roll-up
    assert got.tolist() == ["rural_road", "construction", "facility", "pond", "grass", "other", "other", "forest",
                            "construction", "construction"]


def test_construction_group_follows_the_users_land_class_table():
    from land_supervision.core import landclass

    table = landclass.table()
    changed = dict(table, big_classes=dict(table["big_classes"], 建设用地=["05", "06", "07"]))
    landclass.use(changed)
    try:
        construction = next(g for g in balance.outflow_groups() if g.key == "construction")
        assert construction.prefixes == ("05", "06", "07")
    finally:
        landclass.use(None)


def test_classification_summary():
    table = classification.CodeTable.load()
    m = 10000 / 15  # one 亩 in m²
    codes = ["11", "11.0", "1311", "141", "2105", "213", "9999"]
    area = np.array([1.5 * m, 1.5 * m, 3 * m, 2 * m, m, m, m])
    coef = np.array([0.1, 0.1, np.nan, 0.0, 0.0, 0.0, 0.0])
    grades = ["2", "02", "1", "5", "", None, "7"]
    rows = classification.summarize(codes, area, coef, grades, table)
    by = {(r.category, r.code): r for r in rows}
    keep = by[("耕地保留一批", "11")]
    assert (keep.count, keep.area_mu, keep.net_mu, keep.area_wanmu) == (2, 3.0, 2.7, 0.0003)
    assert keep.grade_mu["2"] == 3.0 and keep.grade_net_mu["2"] == 2.7 and keep.grade_mu["1"] == 0.0
    assert by[("耕地恢复一批", "1311")].net_mu == 3.0
    assert by[("林地扣除项", "2105")].area_mu == 1.0       # prefix 210
    assert by[("林地保留一批", "213")].area_mu == 1.0      # prefix 21
    assert by[("未识别代码", "9999")].grade_mu[""] == 1.0  # grade 7 is not a slope grade
    total = rows[-1]
    assert (total.category, total.count, total.area_mu, total.net_mu) == ("合计", 7, 11.0, 10.7)
    # order: categories in table order, each followed by its subtotal
    order = [(r.category, r.code) for r in rows][:3]
    assert order == [("耕地保留一批", "11"), ("耕地保留一批", "小计"), ("耕地恢复一批", "1311")]
