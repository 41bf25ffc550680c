"""What the settings dialog saves is what the algorithms start from."""
from __future__ import annotations

import json


def test_user_thresholds_become_algorithm_defaults(provider, tmp_path, monkeypatch):
    from land_supervision import settings
    from land_supervision.processing.farmland_restoration import FarmlandRestorationAlgorithm
    from land_supervision.processing.idle_land import IdleLandScreeningAlgorithm

    (tmp_path / "restoration.json").write_text(json.dumps({"complete_threshold": 0.95}), encoding="utf-8")
    (tmp_path / "idle.json").write_text(json.dumps({"stall_months": 18}), encoding="utf-8")
    monkeypatch.setattr(settings, "user_config_dir", lambda: str(tmp_path))
    restoration = FarmlandRestorationAlgorithm()
    restoration.initAlgorithm()
    assert restoration.parameterDefinition("THRESHOLD").defaultValue() == 0.95
    idle = IdleLandScreeningAlgorithm()
    idle.initAlgorithm()
    assert idle.parameterDefinition("STALL_MONTHS").defaultValue() == 18
