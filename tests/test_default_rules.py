"""Shipped defaults that must be right on a real county (issue 12), through processing.run on hand-built layers.

Layers are drawn in EPSG:4526 near the central meridian (38 500 000 E), where the ellipsoidal area of a
polygon equals its planar area to about 1e-5: every number below is worked by hand from the drawing.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import REALDATA, needs_realdata
from gpkg_util import write_dict_rows, write_gpkg
from test_farmland_algorithms import V1, X0, Y0, Recorder, box, by, dltb, features, run_restoration, task

MU = 10000 / 15  # one mu in m² (domain.md §1.3)


def test_wholly_restored_sloping_task_is_restored_with_the_defaults(run_alg, tmp_path):
    """domain.md §4.3: compare like with like. A task wholly on 0103 with KCXS 0.15 (TBMJ 10000, TBDLMJ 8500):
    restored net 8500 m² against the net-able task area 10000 − 1500 = 8500 -> ratio 1.0, 已恢复 with the
    default threshold 1.0 and net counting (net against the gross 10000 would read 0.85, 部分恢复 for ever)."""
    gpkg = str(tmp_path / "slope.gpkg")
    survey = write_dict_rows(gpkg, "dltb", [dltb("0103", 10000, 0.15, box(0, 0, 100, 100), "LS", "旱地")])
    tasks = write_dict_rows(gpkg, "tasks", [task("S1", box(0, 0, 100, 100), 10000)])
    rows, _ = run_restoration(run_alg, tmp_path, tasks, survey)
    s1 = rows["S1"]
    assert (s1["rest_gross"], s1["rest_net"]) == (pytest.approx(10000.0, abs=0.01), pytest.approx(8500.0, abs=0.01))
    assert s1["ratio_base"] == pytest.approx(s1["task_area"] - 1500.0, abs=0.01)
    assert s1["rest_ratio"] == pytest.approx(1.0, abs=2e-4) and s1["status"] == "已恢复"


def one_mu_grid(n, forest_row=True):
    """n × n one-mu cells (side √(10000/15) = 25.8199 m, TBMJ 666.67); the bottom row is 0301 forest."""
    side = math.sqrt(MU)
    cells = []
    for i in range(n):
        for j in range(n):
            dlbm = "0301" if forest_row and j == 0 else "0103"
            cells.append(dltb(dlbm, round(MU, 2), 0.0, box(i * side, j * side, (i + 1) * side, (j + 1) * side),
                              "LS" if dlbm == "0103" else ""))
    return cells, side


def test_big_task_over_one_mu_cells_counts_every_cell(run_alg, tmp_path):
    """A 24 ha task over 19 × 19 one-mu cells: each cell is 1/361 = 0.28 % of the task (under the 0.5 % share
    that used to make every piece a sliver, so nothing counted) but 100 % of its parcel: never a sliver.
    Cultivated: 18 rows × 19 = 342 cells of 666.67 m² = 228,001.14 m²; task 361 × 666.67 = 240,667 m²
    (drawn 240,666.67); ratio 342 / 361 = 0.9474 -> 部分恢复."""
    gpkg = str(tmp_path / "grid.gpkg")
    cells, side = one_mu_grid(19)
    survey = write_dict_rows(gpkg, "dltb", cells)
    tasks = write_dict_rows(gpkg, "tasks", [task("BIG", box(0, 0, 19 * side, 19 * side), 240667)])
    rows, _ = run_restoration(run_alg, tmp_path, tasks, survey)
    big = rows["BIG"]
    assert big["task_area"] == pytest.approx(361 * MU, rel=1e-4)
    assert big["rest_gross"] == pytest.approx(342 * 666.67, abs=0.05)
    assert big["rest_ratio"] == pytest.approx(342 / 361, abs=2e-4) and big["status"] == "部分恢复"


def test_task_offset_by_centimetres_from_its_parcel(run_alg, tmp_path):
    """The task is parcel B (40 × 40 m of 0103, TBMJ 1600) digitised 3 cm east and 2 cm north of it.
    Its pieces: B 39.97 × 39.98 = 1598.0006 m²; a 0.03 × 39.98 = 1.1994 m² strip of C (0201K, east: 0.075 % of
    the task and of C, 3 cm wide: a sliver); a 39.97 × 0.02 = 0.7994 m² strip of E (0101, north: under 1 m²)
    and a 0.0006 m² corner of F. Slivers leave the totals and the ratio's base: 1598.0 of 1600 − 2.0 = 1598.0,
    so the task is 已恢复, with no 可调整地类 flag from its neighbour's sliver."""
    gpkg = str(tmp_path / "offset.gpkg")
    survey = write_dict_rows(gpkg, "dltb", [
        dltb("0103", 1600, 0.0, box(0, 0, 40, 40), "LS"),        # A
        dltb("0103", 1600, 0.0, box(40, 0, 80, 40), "LS"),       # B
        dltb("0201K", 1600, 0.0, box(80, 0, 120, 40), "JKHF"),   # C
        dltb("0101", 1600, 0.0, box(0, 40, 40, 80), "LS"),       # D
        dltb("0101", 1600, 0.0, box(40, 40, 80, 80), "LS"),      # E
        dltb("0101", 1600, 0.0, box(80, 40, 120, 80), "LS"),     # F
    ])
    tasks = write_dict_rows(gpkg, "tasks", [task("OFF", box(40.03, 0.02, 80.03, 40.02), 1600)])
    pieces_out = str(tmp_path / "offset_pieces.gpkg")
    rows, result = run_restoration(run_alg, tmp_path, tasks, survey, OUTPUT_PIECES=pieces_out)
    off = rows["OFF"]
    assert off["rest_gross"] == pytest.approx(1598.0, abs=0.01)
    assert off["ratio_base"] == pytest.approx(1598.0, abs=0.02)
    assert off["status"] == "已恢复" and off["flags"] == ""
    slivers = sorted((p["dlbm"], p["sliver"]) for p in features(result["OUTPUT_PIECES"]))
    assert slivers == [("0101", 1), ("0101", 1), ("0103", 0), ("0201K", 1)]


def test_the_same_strip_wide_enough_is_real_land(run_alg, tmp_path):
    """A 1 × 1 m corner of a big 0101 parcel (1 m² = 0.01 % of a 1 ha task and of the parcel) is 1 m wide:
    real land, it counts (2 × 1 / 4 = 0.5 m mean width is not under the 0.5 m limit)."""
    gpkg = str(tmp_path / "corner.gpkg")
    # the 0301 parcel leaves the corner to the 0101 one: a survey's parcels never overlap
    forest = "POLYGON(({a} {b},{c} {b},{c} {d},{e} {d},{e} {c2},{a} {c2},{a} {b}))".format(
        a=X0, b=Y0, c=X0 + 100, d=Y0 + 99, e=X0 + 99, c2=Y0 + 100)
    survey = write_dict_rows(gpkg, "dltb", [
        dltb("0301", 9999, 0.0, forest), dltb("0101", 10000, 0.0, box(99, 99, 199, 199), "LS")])
    tasks = write_dict_rows(gpkg, "tasks", [task("C1", box(0, 0, 100, 100), 10000)])
    rows, _ = run_restoration(run_alg, tmp_path, tasks, survey)
    assert rows["C1"]["rest_gross"] == pytest.approx(1.0, abs=1e-3) and rows["C1"]["status"] == "部分恢复"


def test_parcels_without_tbmj_get_their_ellipsoidal_area(run_alg, tmp_path):
    """domain.md §1.2: tasks are measured on the ellipsoid, so parcels without TBMJ must be too. Far from the
    central meridian (200 km east, GK scale ≈ 1 + 200²/(2 × 6371²) = 1.000493) a 100 m planar square is
    about 10000 / 1.000493² = 9990.1 m² on the ellipsoid: the task over it is 已恢复 at ratio 1 (planar
    10000 against the ellipsoidal 9990 would read 1.001, and planar against planar nothing at all)."""
    gpkg = str(tmp_path / "no_tbmj.gpkg")
    far = 200_000
    parcel = dltb("0102", 10000, 0.0, box(far, 0, far + 100, 100), "LS")
    parcel.update(TBMJ=None, KCMJ=None, TBDLMJ=None)
    survey = write_dict_rows(gpkg, "dltb", [dltb("0301", 10000, 0.0, box(0, 0, 100, 100)), parcel])
    tasks = write_dict_rows(gpkg, "tasks", [task("E1", box(far, 0, far + 100, 100), 9990)])
    feedback = Recorder()
    rows, _ = run_restoration(run_alg, tmp_path, tasks, survey, feedback=feedback)
    e1 = rows["E1"]
    assert e1["task_area"] == pytest.approx(10000 / 1.000493 ** 2, rel=2e-4)
    assert e1["rest_gross"] == pytest.approx(e1["task_area"], abs=0.01)
    assert e1["rest_ratio"] == pytest.approx(1.0, abs=1e-5) and e1["status"] == "已恢复"
    assert "1 parcels without TBMJ; their ellipsoidal area is used instead" in feedback.text()


def test_null_dlbm_falls_back_to_dlmc_per_row_and_legacy_names(run_alg, tmp_path):
    """DLBM is NULL on some rows only: those rows take DLMC (旱地 -> 0103; the 二调 name 有林地 -> 0301, 村庄 ->
    20 城镇村及工矿用地, never cultivated). Only the truly unknown name 某某地 is reported.
    Task R1 over the NULL-DLBM 旱地 parcel: 已恢复. Task R2 over 有林地 and 村庄: 未恢复, and no class-name
    warning for them."""
    gpkg = str(tmp_path / "dlmc.gpkg")
    rows_in = [dltb("0101", 10000, 0.0, box(0, 0, 100, 100), "LS", "水田"),
               dltb("", 10000, 0.0, box(100, 0, 200, 100), "LS", "旱地"),
               dltb("", 10000, 0.0, box(200, 0, 300, 100), "", "有林地"),
               dltb("", 10000, 0.0, box(300, 0, 400, 100), "", "村庄"),
               dltb("", 10000, 0.0, box(400, 0, 500, 100), "", "某某地")]
    for row in rows_in[1:]:
        row["DLBM"] = None
    survey = write_dict_rows(gpkg, "dltb", rows_in)
    tasks = write_dict_rows(gpkg, "tasks", [task("R1", box(100, 0, 200, 100), 10000),
                                            task("R2", box(200, 0, 400, 100), 20000)])
    feedback = Recorder()
    rows, _ = run_restoration(run_alg, tmp_path, tasks, survey, feedback=feedback)
    assert rows["R1"]["status"] == "已恢复" and rows["R2"]["status"] == "未恢复"
    warning = [m for m in feedback.messages if "not in the code table" in m]
    assert len(warning) == 1 and warning[0].endswith(": 某某地.")


def balance_parcel(dlbm, zldwdm, wkt, tbmj=10000.0):
    row = dltb(dlbm, tbmj, 0.0, wkt)
    row["ZLDWDM"] = zldwdm
    return row


def test_reservoir_outflow_is_construction_and_numeric_codes_keep_their_regions(run_alg, tmp_path):
    """Two villages whose ZLDWDM is stored as a double (as a DBF/Excel column of numbers gives it):
    4201020010010000000 and 4201020010020000000 (1.20 e18 is not exact in binary, its shortest repr is).
    Village 001: 0101 -> 1103 水库水面 (10000 m²): land_classes.json books 1103 as 建设用地, so the outflow
    lands in out_construction (it used to fall into 'other'). Village 002: 0101 stays 0101.
    The summary keeps the two villages apart under township 420102001 and county 420102."""
    gpkg = str(tmp_path / "bal.gpkg")
    v1, v2 = 4201020010010000000.0, 4201020010020000000.0

    def layer(name, dlbm_first):
        rows = [balance_parcel(dlbm_first, v1, box(0, 0, 100, 100)), balance_parcel("0101", v2, box(100, 0, 200, 100))]
        return write_dict_rows(gpkg, name, rows)

    before, after = layer("dltb_2023", "0101"), layer("dltb_2024", "1103")
    result = run_alg("farmlandbalance", {
        "SURVEY_BEFORE": before, "SURVEY_AFTER": after,
        "OUTPUT_FLOWS": str(tmp_path / "flows.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")},
        feedback=Recorder())
    summary = by(features(result["OUTPUT_SUMMARY"]), "region_code")
    assert sorted(summary) == ["420102", "420102001", "420102001001", "420102001002"]
    village = summary["420102001001"]
    assert village["outflow"] == pytest.approx(10000.0) and village["out_construction"] == pytest.approx(10000.0)
    assert village["out_other"] == 0.0
    assert summary["420102"]["net_change"] == pytest.approx(-10000.0)
    flows = features(result["OUTPUT_FLOWS"])
    assert [(f["zldwdm"], f["group"]) for f in flows] == [(V1, "建设用地")]


def test_target_codes_stored_as_doubles_match(run_alg, tmp_path):
    """A target table whose region code is a double (420102.0): it still matches county 420102. Target
    25 亩 = 16,666.67 m² against 20,000 m² cultivated after: nothing to make up (baseline 目标)."""
    gpkg = str(tmp_path / "targets.gpkg")
    rows = [balance_parcel("0101", V1, box(0, 0, 100, 100)), balance_parcel("0101", V1, box(100, 0, 200, 100))]
    before = write_dict_rows(gpkg, "b", rows)
    after = write_dict_rows(gpkg, "a", rows)
    targets = write_dict_rows(gpkg, "targets", [{"XZQDM": 420102.0, "MBMJ": 25.0}], geometry=False)
    result = run_alg("farmlandbalance", {
        "SURVEY_BEFORE": before, "SURVEY_AFTER": after, "TARGETS": targets, "TARGET_UNIT": 1,
        "OUTPUT_FLOWS": str(tmp_path / "f.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}, feedback=Recorder())
    county = by(features(result["OUTPUT_SUMMARY"]), "region_code")["420102"]
    assert county["baseline"] == "目标" and county["to_make_up"] == 0.0


# -- idle land (domain.md §3.2–§3.4), as of 2026-11-22, agreed start 2024-11-22, price 1000 万元 ---------------

IDLE_FIELDS = [("DZJGH", "s"), ("HTBH", "s"), ("CJJG", "r"), ("YDDGRQ", "s"), ("SJDGRQ", "s"), ("KFMJ", "r"),
               ("YKFMJ", "r"), ("YTZE", "r"), ("ZTZE", "r"), ("ZZKSRQ", "s"), ("YYLX", "s")]
IDLE_ROWS = [
    # enterprise cause that mentions 规划许可: the holder did not apply. Not started 2 years -> 无偿收回.
    ["0001", "C-ENT", 1000, "2024-11-22", None, None, None, None, None, None, "企业资金不足，未申请办理规划许可"],
    # both sides named: computed as enterprise (recovery tier), flagged 原因待核实.
    ["0002", "C-MIX", 1000, "2024-11-22", None, None, None, None, None, None, "公司资金紧张，且政府规划调整"],
    # a natural disaster: force majeure (Art. 8, last paragraph) -> negotiation, no fee.
    ["0003", "C-FM", 1000, "2024-11-22", None, None, None, None, None, None, "2025年山体滑坡，场地损毁"],
    # developed 0.5 of 1 ha (>= 1/3), investment unknown, suspended since 2025-06-01 (17 months >= 12).
    ["0004", "C-HALF", 1000, "2024-11-22", "2024-12-01", 0.5, 1, None, None, "2025-06-01", "企业原因"],
    # started 2025-01-10 on paper, nothing developed or invested 22 months later (>= 12): 疑似虚假开工,
    # judged as not started since 2024-11-22 -> 2 years -> 无偿收回.
    ["0005", "C-FAKE", 1000, "2024-11-22", "2025-01-10", 0, 1, 0, 500, None, "企业原因"],
]


def idle_layer(tmp_path):
    from osgeo import ogr

    kinds = {"s": ogr.OFTString, "r": ogr.OFTReal}
    return write_gpkg(tmp_path / "supply.gpkg", "supply", [(n, kinds[k]) for n, k in IDLE_FIELDS], IDLE_ROWS)


def run_idle(run_alg, tmp_path, name="idle.gpkg"):
    out = str(tmp_path / name)
    run_alg("idlelandscreening", {"INPUT": idle_layer(tmp_path), "AS_OF_DATE": "2026-11-22", "OUTPUT": out})
    return by(features(out), "HTBH")


def test_idle_causes_by_who_acted_stall_unknown_side_and_false_start(run_alg, tmp_path):
    rows = run_idle(run_alg, tmp_path)
    ent = rows["C-ENT"]
    assert (ent["suspected"], ent["advice"]) == ("是", "疑似闲置-无偿收回")
    assert "原因待核实" not in (ent["flags"] or "")
    mix = rows["C-MIX"]
    assert mix["advice"] == "疑似闲置-无偿收回" and "原因待核实" in mix["flags"]
    fm = rows["C-FM"]
    assert fm["advice"].startswith("疑似闲置-不可抗力-协商处置") and not fm["idle_fee"]
    half = rows["C-HALF"]
    assert half["suspected"] == "否" and "数据不全-无法判定中止" in half["flags"]
    fake = rows["C-FAKE"]
    assert (fake["suspected"], fake["idle_type"], fake["idle_years"]) == ("是", "未动工", 2)
    assert "疑似虚假开工" in fake["flags"]


def test_idle_cause_keywords_come_from_the_users_settings(run_alg, tmp_path, monkeypatch):
    """The user's idle_causes.json makes 场地损毁 an enterprise signal and idle.json turns the false-start check
    off (0 months): C-FM then names both sides (enterprise, flagged) and C-FAKE is a started record again (否),
    so both files are read through settings.load."""
    import json

    from land_supervision import settings

    user = tmp_path / "user"
    user.mkdir()
    (user / "idle.json").write_text(json.dumps({"false_start_months": 0}), encoding="utf-8")
    (user / "idle_causes.json").write_text(json.dumps({"enterprise_keywords": ["场地损毁"]}), encoding="utf-8")
    monkeypatch.setattr(settings, "user_config_dir", lambda: str(user))
    rows = run_idle(run_alg, tmp_path, "idle_user.gpkg")
    assert rows["C-FAKE"]["suspected"] == "否"
    # the user's enterprise keyword 场地损毁 now sits beside the disaster word: enterprise, flagged
    assert rows["C-FM"]["advice"] == "疑似闲置-无偿收回" and "原因待核实" in rows["C-FM"]["flags"]


# -- mines (domain.md §5.3–§5.4) --------------------------------------------------------------------------------

def test_transformed_use_is_scored_against_its_planned_use(run_alg, tmp_path):
    """Three 100 × 100 m 转型利用 (NXFFS 4) patches, HFZLQK A (not yet treated):
    T1 over 0601 industrial land, planned use 工业用地: 100 % of its planned use, no residual -> 已修复(待验收)
       (shipped defaults to review: restored share >= 0.8, residual <= 0.1);
    T2 over the same kind of land without a planned use: it cannot be scored (the default agricultural classes
       would call it 未修复) -> 待核实, flagged;
    T3 over 0301 forest (natural restoration, NXFFS 1): 100 % forest, no residual -> 已修复(待验收)."""
    from osgeo import ogr
    from test_mine_algorithms import PATCH_FIELDS, run_mines, write_layer

    gpkg = str(tmp_path / "transform.gpkg")
    dltb_fields = [("BSM", ogr.OFTString), ("DLBM", ogr.OFTString), ("TBMJ", ogr.OFTReal), ("TBXHDM", ogr.OFTString)]
    survey = write_layer(gpkg, "dltb", 4526, dltb_fields, [
        ((0, 0, 100, 100), ["D1", "0601", 10000.0, None]), ((200, 0, 300, 100), ["D2", "0601", 10000.0, None]),
        ((400, 0, 500, 100), ["D3", "0301", 10000.0, None])])
    patches = write_layer(gpkg, "patches", 4526, PATCH_FIELDS, [
        ((0, 0, 100, 100), ["T1", "甲县", "430101", "A", "1", "4", "工业用地", None]),
        ((200, 0, 300, 100), ["T2", "甲县", "430101", "A", "1", "4", None, None]),
        ((400, 0, 500, 100), ["T3", "甲县", "430101", "A", "1", "1", None, None])])
    _, rows, summary = run_mines(run_alg, tmp_path, {"INPUT": patches, "SURVEY": survey})
    assert rows["T1"]["status"] == "已修复(待验收)"
    assert rows["T2"]["status"] == "待核实" and "转型利用未填可识别的拟修复方向" in rows["T2"]["flags"]
    assert rows["T3"]["status"] == "已修复(待验收)"
    assert summary["430101"]["n_to_verify"] == 1 and summary["430101"]["n_restored"] == 2


# -- real parcels (../shared/realdata): the sliver rule on irregular shapes -----------------------------------

@needs_realdata
def test_tasks_offset_by_centimetres_on_real_parcels(run_alg, tmp_path):
    """900 French cadastral parcels (EPSG:2154, irregular, 73 under 100 m²; those overlapping another are left
    out) as a survey of 0103 with KCXS 0.1 and no TBMJ (so their ellipsoidal area is used). Every parcel inside
    the survey's cover (1 m margin) is a task digitised 3 cm east and 2 cm north of it: each is 已恢复 at
    ratio 1 (the noise strips along its neighbours are slivers, out of the totals and the base), and its gross
    restored area is the task's share of the parcel by GEOS: task_area × area(parcel ∩ task) / area(parcel).
    (With a 0.5 % task share, four small tasks kept strips of 0.5–2 % of their area, 2–4 cm wide, as real
    land: hence the 5 % default.)"""
    import os

    import shapely
    from osgeo import ogr

    source = ogr.Open(os.path.join(REALDATA, "fr_cadastre_parcels.gpkg"))
    layer = source.GetLayer(0)
    geoms = np.array([shapely.from_wkb(bytes(f.GetGeometryRef().ExportToWkb())) for f in layer])
    geoms = shapely.make_valid(geoms)
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    overlapping = set(a[(a != b) & (shapely.area(shapely.intersection(geoms[a], geoms[b])) > 1e-6)])
    geoms = geoms[[i for i in range(len(geoms)) if i not in overlapping]]
    cover = shapely.union_all(geoms)
    interior = [i for i, g in enumerate(geoms) if cover.contains(g.buffer(1.0))]
    assert len(interior) >= 20
    tasks_geoms = shapely.transform(geoms[interior], lambda xy: xy + [0.03, 0.02])
    gpkg = str(tmp_path / "real.gpkg")
    fields = [("BSM", ogr.OFTString), ("DLBM", ogr.OFTString), ("TBMJ", ogr.OFTReal), ("KCXS", ogr.OFTReal),
              ("ZLDWDM", ogr.OFTString), ("ZZSXDM", ogr.OFTString)]
    survey = write_gpkg(gpkg, "dltb", fields, [[f"B{i}", "0103", None, 0.1, V1, "LS"] for i in range(len(geoms))],
                        [shapely.to_wkt(g, rounding_precision=-1) for g in geoms], epsg=2154, drawn_epsg=2154)
    task_rows = [dict(task(f"R{i}", shapely.to_wkt(g, rounding_precision=-1), 0), XZQDM=V1[:12])
                 for i, g in zip(interior, tasks_geoms)]
    tasks = write_dict_rows(gpkg, "tasks", task_rows, epsg=2154)
    rows, _ = run_restoration(run_alg, tmp_path, tasks, survey)
    failed = []
    for i, shifted in zip(interior, tasks_geoms):
        got = rows[f"R{i}"]
        share = shapely.area(shapely.intersection(geoms[i], shifted)) / shapely.area(geoms[i])
        if not (got["status"] == "已恢复" and abs(got["rest_ratio"] - 1.0) <= 5e-4
                and abs(got["rest_gross"] - got["task_area"] * share) <= 0.02):
            failed.append((i, round(shapely.area(geoms[i]), 1), got["status"], got["rest_ratio"], got["rest_gross"],
                           round(got["task_area"] * share, 2)))
    assert not failed, failed
