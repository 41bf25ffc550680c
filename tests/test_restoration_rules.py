"""Restoration rules (core/restoration.py) on hand-worked pieces: no geometry, no QGIS."""
from __future__ import annotations

import numpy as np
import pytest

from land_supervision.core import restoration as r

FLAGS = r.Rules.from_config().flags


def rules(**kw):
    return r.Rules.from_config(**kw)


def pieces(rows, parcel_planar=None, width=None):
    """rows: (task, planar, gross, factor, dlbm, zzsxdm); optional whole-parcel planar areas and piece widths."""
    cols = list(zip(*rows)) if rows else [[], [], [], [], [], []]
    return r.PieceInput(np.array(cols[0], dtype=np.int64), np.array(cols[1], float), np.array(cols[2], float),
                        np.array(cols[3], float), list(cols[4]), list(cols[5]),
                        None if parcel_planar is None else np.array(parcel_planar, float),
                        None if width is None else np.array(width, float))


@pytest.mark.parametrize("tbmj, kcxs, tbdlmj, expected", [
    (1000.0, 0.1, 900.0, 0.9),          # TBDLMJ share
    (1000.0, 0.1, np.nan, 0.9),         # 1 − KCXS
    (1000.0, np.nan, np.nan, 1.0),      # nothing to deduct
    (1000.0, 0.0523, 947.7, 0.9477),    # TBDLMJ wins over KCXS (it is the booked value)
    (0.0, 0.2, 0.0, 0.8),               # no usable TBMJ: coefficient
])
def test_net_factor(tbmj, kcxs, tbdlmj, expected):
    got = r.net_factor(np.array([tbmj]), np.array([kcxs]), np.array([tbdlmj]))
    assert got[0] == pytest.approx(expected)


def test_half_cultivated_half_adjustable_orchard():
    # Task 0 (100 m²): 50 m² over 0101 with KCXS 0.1, 50 m² over 0201K (adjustable, not cultivated).
    p = pieces([(0, 50, 50, 0.9, "0101", "LS"), (0, 50, 50, 1.0, "0201K", "")])
    res = r.evaluate(np.array([100.0]), np.array([100.0]), p, rules())
    assert res.rest_gross[0] == pytest.approx(50.0)
    assert res.rest_net[0] == pytest.approx(45.0)
    # like with like: net 45 against the net-able task area 100 − 5 (ridge share of the 0101 piece) = 95
    assert res.ratio_base[0] == pytest.approx(95.0)
    assert res.ratio[0] == pytest.approx(45 / 95)
    assert res.status == ["部分恢复"]
    assert res.flags == [FLAGS["adjustable"]]


@pytest.mark.parametrize("count_net, threshold, status, ratio", [
    (True, 1.0, "已恢复", 1.0),      # net 90 against the net-able 100 − 10 = 90 (domain.md §4.3, like with like)
    (False, 1.0, "已恢复", 1.0),     # gross: 100 of 100
    (True, 0.9, "已恢复", 1.0),
])
def test_wholly_restored_sloping_task_is_restored(count_net, threshold, status, ratio):
    # A task wholly on 0101 with KCXS 0.1 (hilly province): restored net 90 m², gross 100 m². Comparing net with
    # the gross task area (90 %) would call it 部分恢复 for ever; net against net-able (or gross with gross) is 100 %.
    p = pieces([(0, 100, 100, 0.9, "0101", "LS")])
    res = r.evaluate(np.array([100.0]), np.array([100.0]), p, rules(count_net=count_net, complete_threshold=threshold))
    assert res.status == [status]
    assert res.ratio[0] == pytest.approx(ratio)


@pytest.mark.parametrize("count_net, threshold, status, ratio", [
    (True, 0.5, "部分恢复", 90 / 190),   # net 90 of 200 − 10 = 190 (the forest half has no ridge share)
    (False, 0.5, "已恢复", 0.5),         # gross 100 of 200
    (True, 0.45, "已恢复", 90 / 190),
])
def test_half_restored_sloping_task(count_net, threshold, status, ratio):
    # Task 200 m²: 100 m² of 0101 with KCXS 0.1 and 100 m² still 0301 forest.
    p = pieces([(0, 100, 100, 0.9, "0101", "LS"), (0, 100, 100, 1.0, "0301", "")])
    res = r.evaluate(np.array([200.0]), np.array([200.0]), p, rules(count_net=count_net, complete_threshold=threshold))
    assert res.status == [status]
    assert res.ratio[0] == pytest.approx(ratio)


def test_tolerance_absorbs_allocation_noise():
    # Allocated TBMJ 99.97 against an ellipsoidal task area of 100: within the 0.05 % tolerance.
    p = pieces([(0, 100, 99.97, 1.0, "0102", "")])
    assert r.evaluate(np.array([100.0]), np.array([100.0]), p, rules()).status == ["已恢复"]
    p = pieces([(0, 100, 99.9, 1.0, "0102", "")])
    assert r.evaluate(np.array([100.0]), np.array([100.0]), p, rules()).status == ["部分恢复"]


def test_slivers_are_thin_small_shares_of_both_polygons():
    # Defaults: under 1 m², or (under 0.5 % of the task and under 5 % of the parcel and under 0.5 m wide).
    # Task 0 (100 m²): 0.4 m² of 0101 is under 1 m².
    # Task 1 (1000 m²): 4 m² of a 1000 m² 0101 parcel, a strip 0.05 m wide (a 5 cm offset): 0.4 % of the task,
    #   0.4 % of the parcel, thin: boundary noise.
    # Task 2 (1000 m²): 4 m² again, but a 2 × 2 m corner (width 1 m): real land, it counts.
    # Task 3 (240,000 m²): a whole 666.67 m² one-mu parcel is 0.28 % of the task but 100 % of its parcel.
    p = pieces([
        (0, 0.4, 0.4, 1.0, "0101", ""), (0, 99.6, 99.6, 1.0, "0404", ""),
        (1, 4, 4, 1.0, "0101", ""), (1, 996, 996, 1.0, "0301", ""),
        (2, 4, 4, 1.0, "0101", ""), (2, 996, 996, 1.0, "0301", ""),
        (3, 666.67, 666.67, 1.0, "0101", ""),
    ], parcel_planar=[1000, 1e4, 1000, 1e4, 1000, 1e4, 666.67],
        width=[np.nan, np.nan, 0.05, np.nan, 1.0, np.nan, np.nan])
    area = np.array([100.0, 1000.0, 1000.0, 240000.0])
    res = r.evaluate(area, area, p, rules())
    assert res.piece_kept.tolist() == [False, True, False, True, True, True, True]
    assert res.rest_gross.tolist() == [0.0, 0.0, 4.0, 666.67]
    assert res.status == ["未恢复", "未恢复", "部分恢复", "部分恢复"]
    # thin_fraction marks only the pieces whose width decides (small shares of both polygons)
    assert r.thin_fraction(p, area, rules()).tolist() == [True, False, True, False, True, False, False]
    # with the limits off every piece counts
    res = r.evaluate(area, area, p, rules(min_piece_m2=0.0, max_sliver_width=0.0))
    assert res.rest_gross.tolist() == [0.4, 4.0, 4.0, 666.67]


def test_noise_strip_of_a_small_real_task_is_a_sliver():
    # Measured on a French cadastral parcel moved 3 cm: a 1053.6 m² task gets a 6.67 m² strip (0.63 % of the
    # task, 0.08 % of its 8400 m² neighbour) 0.033 m wide: under 5 % of both and under 0.5 m wide: noise.
    p = pieces([(0, 1041.85, 1041.85, 1.0, "0103", ""), (0, 6.67, 6.67, 1.0, "0103", "")],
               parcel_planar=[1053.6, 8400.0], width=[3.0, 0.033])
    res = r.evaluate(np.array([1053.6]), np.array([1053.6]), p, rules())
    assert res.piece_kept.tolist() == [True, False]
    assert res.ratio_base[0] == pytest.approx(1053.6 - 6.67) and res.ratio[0] == pytest.approx(1041.85 / 1046.93)


def test_mean_width_of_a_strip():
    # 100 m × 0.05 m strip: 2 × 5 / 200.1 = 0.04998 m; a 2 m square: 2 × 4 / 8 = 1 m
    assert r.mean_width(np.array([5.0, 4.0]), np.array([200.1, 8.0])) == pytest.approx([0.049975, 1.0])


def test_pond_no_overlap_and_flags():
    # 0: a 1104 pond; 1: no survey piece at all; 2: restored but WG; 3: inside basic farmland, repaired;
    # 4: no geometry; 5: recorded area 130 vs 100 ellipsoidal.
    p = pieces([(0, 100, 100, 1.0, "1104", "GCHF"), (2, 100, 100, 0.9, "0103", "WG"),
                (3, 100, 100, 1.0, "0101", "LS"), (5, 100, 100, 1.0, "0101", "")])
    n = 6
    area = np.array([100.0, 100.0, 100.0, 100.0, 0.0, 100.0])
    bf = np.array([0.0, 0.0, 0.2, 60.0, 0.0, 0.0])  # 0.2 m² is a sliver
    res = r.evaluate(area, area, p, rules(), bf, repaired=np.array([0, 0, 0, 1, 0, 0], bool),
                     missing_geometry=np.array([0, 0, 0, 0, 1, 0], bool),
                     recorded_area=np.array([np.nan, 100.0, 100.5, 100.0, np.nan, 130.0]))
    # task 2 is wholly 0103 (net 90 of its net-able 90): restored, and flagged as not farmed
    assert res.status == ["未恢复", "未恢复", "已恢复", "已恢复", "未恢复", "已恢复"]
    sep = FLAGS["separator"]
    assert res.flags == [
        "",
        FLAGS["no_survey"],
        FLAGS["uncultivated"],
        FLAGS["basic_farmland"] + sep + FLAGS["repaired"],
        FLAGS["no_geometry"],
        FLAGS["area_mismatch"],
    ]
    assert len(res.status) == n


def test_labels_come_from_config():
    custom = rules(status={"complete": "done", "partial": "part", "none": "none"})
    p = pieces([(0, 100, 100, 1.0, "0101", "")])
    assert r.evaluate(np.array([100.0]), np.array([100.0]), p, custom).status == ["done"]


def test_vectorized_half_up_matches_decimal():
    from land_supervision.core.units import round_half_up, round_half_up_array

    rng = np.random.default_rng(1)
    values = np.concatenate([rng.uniform(-1e6, 1e7, 20000), [2.675, 1.005, 0.125, 2.665, 5001.0, 4500.9, 0.0],
                             np.round(rng.uniform(0, 1e5, 2000), 2) + 0.005])
    got = round_half_up_array(values, 2)
    assert got.tolist() == [round_half_up(float(v), 2) for v in values]
    assert round_half_up_array([0.45005], 4).tolist() == [0.4501]
    assert np.isnan(round_half_up_array([np.nan])[0])
