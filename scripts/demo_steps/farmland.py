"""Demo: restoration check, entry-exit balance and outflow compliance on the sample county (county totals in 亩)."""
from __future__ import annotations

from collections import Counter, defaultdict

from qgis.core import QgsVectorLayer


def _rows(uri):
    layer = QgsVectorLayer(uri, "result", "ogr")
    names = layer.fields().names()
    return [dict(zip(names, feature.attributes())) for feature in layer.getFeatures()]


def run(demo):
    from land_supervision.core.balance import outflow_groups
    from land_supervision.core import usersettings
    from land_supervision.core.units import mu, percent, percent_text

    result = demo.run("farmlandrestoration", {
        "INPUT": demo.layer("restoration_tasks"),
        "SURVEY": demo.layer("dltb_2024"),
        "BASIC_FARMLAND": demo.layer("basic_farmland"),
        "OUTPUT": demo.path("farmland_restoration.gpkg"),
        "OUTPUT_PIECES": demo.path("farmland_restoration_pieces.gpkg"),
    })
    tasks = _rows(result["OUTPUT"])
    by_status = Counter(row["status"] for row in tasks)
    print(f"  {len(tasks)} restoration tasks: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
    totals = defaultdict(lambda: [0, 0, 0.0, 0.0, 0.0])
    for row in tasks:
        county = totals[str(row["XZQDM"] or "")[:6]]
        county[0] += 1
        county[1] += row["status"] == "已恢复"
        county[2] += mu(row["task_area"])   # ledger rule: totals are sums of the displayed (rounded) values
        county[3] += mu(row["rest_gross"])
        county[4] += mu(row["rest_net"])
    names = usersettings.shipped("regions")["names"]
    for code, (n, done, area, gross, net) in sorted(totals.items()):
        print(f"  {code} {names.get(code, '')}: {n} tasks, {done} restored ({percent_text(percent(done, n))} %), "
              f"task area {area:.2f} 亩, restored {gross:.2f} 亩 gross / {net:.2f} 亩 net")
    flagged = Counter(flag for row in tasks for flag in (row["flags"] or "").split("；") if flag)
    print("  flags: " + (", ".join(f"{k} {v}" for k, v in sorted(flagged.items())) or "none"))

    balance = demo.run("farmlandbalance", {
        "SURVEY_BEFORE": demo.layer("dltb_2023"),
        "SURVEY_AFTER": demo.layer("dltb_2024"),
        "REGIONS": demo.layer("regions"),
        "OUTPUT_FLOWS": demo.path("farmland_flows.gpkg"),
        "OUTPUT_SUMMARY": demo.path("farmland_balance.gpkg"),
    })
    flows = _rows(balance["OUTPUT_FLOWS"])
    print(f"  {len(flows)} flow pieces: " + ", ".join(
        f"{k} {v}" for k, v in sorted(Counter(f["flow"] for f in flows).items())))
    summary = _rows(balance["OUTPUT_SUMMARY"])  # county rows by their 6-digit code (级别 is in the UI's language)
    for row in (r for r in summary if len(r["region_code"]) == 6):
        groups = ", ".join(f"{g.label} {row['out_' + g.key + '_mu']:.2f}" for g in outflow_groups()
                           if row["out_" + g.key])
        print(f"  {row['region_code']} {row['region_name']}: 耕地 {row['cult_before_mu']:.2f} -> "
              f"{row['cult_after_mu']:.2f} 亩, 流出 {row['outflow_mu']:.2f}, 流入 {row['inflow_mu']:.2f}, "
              f"净变化 {row['net_change_mu']:.2f}, 需补齐 {row['to_make_up_mu']:.2f} 亩")
        print(f"    流出去向 (亩): {groups or 'none'}")

    outflow = demo.run("farmlandoutflow", {
        "SURVEY_BEFORE": demo.layer("dltb_2023"),
        "SURVEY_AFTER": demo.layer("dltb_2024"),
        "APPROVALS": [demo.layer("land_approvals"), demo.layer("facility_filings")],
        "BASIC_FARMLAND": demo.layer("basic_farmland"),
        "RED_LINE": demo.layer("red_line"),
        "REGIONS": demo.layer("regions"),
        "OUTPUT": demo.path("farmland_outflow.gpkg"),
        "OUTPUT_SUMMARY": demo.path("farmland_outflow_summary.gpkg"),
    })
    patches = _rows(outflow["OUTPUT"])
    print(f"  {len(patches)} outflow patches: " + ", ".join(
        f"{k} {v}" for k, v in sorted(Counter(p["status"] for p in patches).items())))
    for row in (r for r in _rows(outflow["OUTPUT_SUMMARY"]) if len(r["region_code"]) == 6):
        print(f"  {row['region_code']} {row['region_name']}: 非农化 {row['nonagri_mu']:.2f} 亩 (未批 "
              f"{row['nonagri_unapproved_mu']:.2f}), 非粮化 {row['nongrain_mu']:.2f} 亩 (永久基本农田内 "
              f"{row['nongrain_bf_mu']:.2f}), 设施农用地 {row['facility_mu']:.2f} 亩 (未备案 "
              f"{row['facility_unfiled_mu']:.2f}), 进出平衡 {row['balance_mu']:.2f} 亩, "
              f"疑似图斑 {row['suspect_patches']}")
