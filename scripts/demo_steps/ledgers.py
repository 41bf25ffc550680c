"""Demo: one rectification ledger (整改台账, .xlsx) per analysis result the earlier steps wrote."""
from __future__ import annotations

import os

AS_OF = "2026-11-22"
ORG = "示例县自然资源局"
# (result written by an earlier step, template, summary levels 0 county / 1 county+township, responsibility?)
LEDGERS = [
    ("idle_land.gpkg", "idle_land", 0, False),
    ("farmland_restoration.gpkg", "restoration", 1, True),
    ("farmland_balance.gpkg", "balance_summary", 0, False),
    ("farmland_outflow.gpkg", "farmland_outflow", 1, True),
    ("mine_rehabilitation.gpkg", "mines", 0, False),
    ("closed_mines.gpkg", "closed_mines", 0, False),
]


def run(demo):
    for source, template, group_by, responsibility in LEDGERS:
        path = os.path.join(demo.output, source)
        if not os.path.exists(path):
            print(f"  skipped {template}: {source} is missing (its demo step did not run or failed)")
            continue
        result = demo.run("exportledger", {
            "INPUT": path,
            "TEMPLATE": template,
            "ORG": ORG,
            "AS_OF_DATE": AS_OF,
            "GROUP_BY": group_by,
            "RESPONSIBILITY": demo.layer("field_chiefs") if responsibility else None,
            "OVERWRITE": True,
            "OUTPUT": os.path.join(demo.output, f"ledger_{template}.xlsx"),
        })
        print(f"  {os.path.basename(result['OUTPUT'])}: {result['ROWS']} rows (template {result['TEMPLATE_USED']})")
