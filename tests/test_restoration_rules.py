"""Restoration rules (core/restoration.py) on hand-worked pieces: no geometry, no QGIS."""
from __future__ import annotations

import numpy as np
import pytest

from land_supervision.core import restoration as r

FLAGS = r.Rules.from_config().flags


def rules(**kw):
    return r.Rules.from_config(**kw)


def pieces(rows):
    """rows: (task, planar, gross, factor, dlbm, zzsxdm)."""
    cols = list(zip(*rows)) if rows else [[], [], [], [], [], []]
    return r.PieceInput(np.array(cols[0], dtype=np.int64), np.array(cols[1], float), np.array(cols[2], float),
                        np.array(cols[3], float), list(cols[4]), list(cols[5]))


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
    assert res.ratio[0] == pytest.approx(0.45)
    assert res.status == ["部分恢复"]
    assert res.flags == [FLAGS["adjustable"]]


@pytest.mark.parametrize("count_net, threshold, status, ratio", [
    (True, 1.0, "部分恢复", 0.9),    # net: 90 of 100
    (False, 1.0, "已恢复", 1.0),     # gross: 100 of 100
    (True, 0.9, "已恢复", 0.9),      # local threshold 0.9
    (True, 0.95, "部分恢复", 0.9),
])
def test_counting_and_threshold(count_net, threshold, status, ratio):
    p = pieces([(0, 100, 100, 0.9, "0101", "LS")])
    res = r.evaluate(np.array([100.0]), np.array([100.0]), p, rules(count_net=count_net, complete_threshold=threshold))
    assert res.status == [status]
    assert res.ratio[0] == pytest.approx(ratio)


def test_tolerance_absorbs_allocation_noise():
    # Allocated TBMJ 99.97 against an ellipsoidal task area of 100: within the 0.05 % tolerance.
    p = pieces([(0, 100, 99.97, 1.0, "0102", "")])
    assert r.evaluate(np.array([100.0]), np.array([100.0]), p, rules()).status == ["已恢复"]
    p = pieces([(0, 100, 99.9, 1.0, "0102", "")])
    assert r.evaluate(np.array([100.0]), np.array([100.0]), p, rules()).status == ["部分恢复"]


def test_slivers_by_area_and_by_share():
    # Task 0 (100 m²): 0.4 m² of 0101 (below 1 m²). Task 1 (1000 m²): 4 m² of 0101 (0.4 % < 0.5 %).
    # Task 2 (1000 m²): 6 m² of 0101 counts (0.6 %).
    p = pieces([
        (0, 0.4, 0.4, 1.0, "0101", ""), (0, 99.6, 99.6, 1.0, "0404", ""),
        (1, 4, 4, 1.0, "0101", ""), (1, 996, 996, 1.0, "0301", ""),
        (2, 6, 6, 1.0, "0101", ""), (2, 994, 994, 1.0, "0301", ""),
    ])
    res = r.evaluate(np.array([100.0, 1000.0, 1000.0]), np.array([100.0, 1000.0, 1000.0]), p, rules())
    assert res.status == ["未恢复", "未恢复", "部分恢复"]
    assert res.rest_gross.tolist() == [0.0, 0.0, 6.0]
    assert res.piece_kept.tolist() == [False, True, False, True, True, True]
    # with the limits off the slivers count
    res = r.evaluate(np.array([100.0, 1000.0, 1000.0]), np.array([100.0, 1000.0, 1000.0]), p,
                     rules(min_piece_m2=0.0, min_piece_share=0.0))
    assert res.rest_gross.tolist() == [0.4, 4.0, 6.0]


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
    assert res.status == ["未恢复", "未恢复", "部分恢复", "已恢复", "未恢复", "已恢复"]
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
