"""Hand-worked checks of units, land classes, field mapping and CRS rules."""
from __future__ import annotations

import pytest

from land_supervision.core import admincodes, crs, fields, landclass, units


def test_mu_uses_exact_fraction():
    # 666.666... m² is one 亩; 666.67 would give 0.999995 亩 for 666.6666 m².
    assert units.m2_to_mu(10000) == pytest.approx(15.0)
    assert units.mu(666.6666) == 1.00
    assert units.mu(1_000_000_000) == 1_500_000.00  # a 1000 km² county: no 5 ppm drift
    assert units.m2_to_ha(12345) == pytest.approx(1.2345)
    assert units.m2_to_wanmu(6_666_666.67) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(
    "value, expected", [(2.675, 2.68), (0.125, 0.13), (1.005, 1.01), (-1.005, -1.01), (2.665, 2.67)]
)
def test_round_half_up_at_005(value, expected):
    assert units.round_half_up(value, 2) == expected
    assert round(2.675, 2) == 2.67  # why Decimal is needed


@pytest.mark.parametrize(
    "code, cultivated, adjustable, restorable, big",
    [
        ("0101", True, False, False, "农用地"),
        ("0103", True, False, False, "农用地"),
        ("0201K", False, True, True, "农用地"),
        ("1104A", False, False, True, "农用地"),
        ("0402", False, False, False, "未利用地"),
        ("0404", False, False, True, "未利用地"),
        ("0602", False, False, False, "建设用地"),
        ("1006", False, False, False, "农用地"),
        ("1206", False, False, False, "未利用地"),
        (" 103 ", True, False, False, "农用地"),
    ],
)
def test_land_class_prefix_rules(code, cultivated, adjustable, restorable, big):
    assert landclass.is_cultivated(code) is cultivated
    assert landclass.is_adjustable(code) is adjustable
    assert landclass.is_restorable(code) is restorable
    assert landclass.big_class(code) == big


def test_land_class_names_and_fallback():
    assert landclass.name("1104K") == "可调整养殖坑塘"
    assert landclass.code_for_name("旱地") == "0103"
    assert landclass.code_for_name("不存在") is None
    assert landclass.group_name("0301K") == "林地"
    assert landclass.is_construction("0702") and not landclass.is_construction("1006")
    # one three-class table: 1103 水库水面 is 建设用地 in the roll-up, so it is construction everywhere
    assert landclass.is_construction("1103") and landclass.big_class("1103") == "建设用地"


@pytest.mark.parametrize("dlmc, code, cultivated", [
    ("有林地", "0301", False), ("其他园地", "0204", False), ("村庄", "20", False), ("建制镇", "20", False),
    ("采矿用地", "0602", False), ("裸地", "1206", False), ("耕地", "01", True), ("旱地", "0103", True)])
def test_second_survey_names_map_to_third_survey_classes(dlmc, code, cultivated):
    assert landclass.code_for_name(dlmc) == code
    assert landclass.is_cultivated(code) is cultivated
    if code == "20":  # 城市/建制镇/村庄 cover many classes: never cultivated, booked as construction
        assert landclass.big_class(code) == "建设用地"


def test_codes_fall_back_to_dlmc_row_by_row():
    codes, unknown = landclass.codes_of(["0101", None, "", " 103", None], ["水田", "旱地", "有林地", "x", "某某地"])
    assert codes == ["0101", "0103", "0301", "0103", ""]
    assert unknown == ["某某地"]


@pytest.mark.parametrize("value, expected", [
    (4201020010010000000, "4201020010010000000"),
    (4.20102001001e18, "4201020010010000000"),   # a 19-digit code in a double: its shortest repr is exact
    (420102001001.0, "420102001001"),
    ("420102001001.0", "420102001001"),
    ("4.20102001001E+11", "420102001001"),         # Excel's scientific text
    (20102001001, "020102001001"),                 # 11 digits: the leading zero a number lost
    (420102, "420102"), (" 420102 ", "420102"), (None, ""), (float("nan"), ""), ("", ""), ("X1", "X1"),
])
def test_admin_codes_stored_as_numbers(value, expected):
    assert admincodes.normalize(value) == expected
    assert admincodes.normalize_all([value, value]) == [expected, expected]


def test_field_mapping_is_case_insensitive_with_aliases():
    mapped = fields.resolve(["dlbm", "Tkxs", "TBMJ", "zldwdm"], "dltb")
    assert mapped["dlbm"] == "dlbm"
    assert mapped["kcxs"] == "Tkxs"
    assert mapped["tbdlmj"] is None


def test_field_mapping_falls_back_from_dlmc_with_warning():
    mapped = fields.resolve(["DLMC", "TBMJ"], "dltb", layer="dltb_2024")
    assert mapped["dlbm"] is None and mapped["dlmc"] == "DLMC"
    assert "derived from 'DLMC'" in str(mapped.warnings[0])


def test_missing_field_names_field_and_aliases():
    with pytest.raises(fields.MissingFieldError) as info:
        fields.resolve(["TBMJ"], "dltb", layer="tasks")
    text = str(info.value)
    assert "dlbm" not in text and "DLBM" in text and "地类编码" in text and "DLMC" in text and "tasks" in text


def test_explicit_choice_must_exist():
    with pytest.raises(fields.MissingFieldError, match="DL_CODE"):
        fields.resolve(["DLBM"], "dltb", chosen={"dlbm": "DL_CODE"})


@pytest.mark.parametrize("x, zone", [(38_512_345.6, 38), (39_400_000, 39), (512_345.6, None), (float("nan"), None)])
def test_zone_from_easting(x, zone):
    assert crs.zone_from_easting(x) == zone


def test_epsg_formulas_match_spot_checks():
    assert crs.epsg_3deg_prefixed(38) == 4526
    assert crs.epsg_3deg_prefixed(39) == 4527
    assert crs.epsg_3deg_unprefixed(120) == 4549
    assert crs.epsg_6deg_prefixed(20) == 4498
    assert crs.gk_epsg_for_longitude(114.7) == 4526
    assert crs.gk_epsg_for_longitude(115.6) == 4527
    with pytest.raises(ValueError):
        crs.epsg_3deg_unprefixed(121)


def test_mu_sum_rounds_each_value_as_the_ledger_does_in_bulk():
    """Vectorized: the same as rounding every value with ``mu`` and adding them as fractions, halves
    included (670 m² = 1.005 亩 exactly rounds up to 1.01, as 四舍五入 does; numpy alone rounds the half to
    even, 1.00)."""
    from fractions import Fraction

    import numpy as np

    from land_supervision.core import units

    rng = np.random.default_rng(5)
    values = np.concatenate([rng.uniform(-1e5, 1e6, 5000), np.round(rng.uniform(0, 1e5, 2000), 2),
                             (np.arange(-200, 200) + 0.5) / 0.15, [670.0, 0.0]])
    each = [units.mu(float(v)) for v in values]
    assert (units.mu_hundredths(values) / 100 == np.array(each)).all()
    assert units.mu_hundredths([670.0])[0] == 101
    assert units.mu_sum(values) == units.round_half_up(float(sum(Fraction(str(m)) for m in each)), 2)
