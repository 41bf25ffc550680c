"""Build resources/models/restoration_to_ledger.model3: farmlandrestoration -> exportledger.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_ledger_model.py
The model is written with QgsProcessingModelAlgorithm (not by hand), so it is what Model Builder would save.
"""
from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "resources", "models", "restoration_to_ledger.model3")


def build():
    from qgis.core import (
        QgsProcessing,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Source,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterBoolean,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterString,
    )

    model = QgsProcessingModelAlgorithm("restoration_to_ledger", "耕地恢复核查并导出整改台账", "landsupervision")
    model.setHelpContent({"ALG_DESC": "Checks restoration tasks against the latest DLTB (farmlandrestoration) and "
                                      "writes the restoration ledger (exportledger, template restoration)."})
    inputs = [
        QgsProcessingParameterFeatureSource("tasks", "恢复任务图斑 (restoration tasks)",
                                            [QgsProcessing.SourceType.TypeVectorPolygon]),
        QgsProcessingParameterFeatureSource("survey", "最新年度地类图斑 (latest DLTB)",
                                            [QgsProcessing.SourceType.TypeVectorPolygon]),
        QgsProcessingParameterFeatureSource("responsibility", "田长责任表 (responsibility table)",
                                            [QgsProcessing.SourceType.TypeVector], optional=True),
        QgsProcessingParameterString("as_of", "截止日期 (as-of date, YYYY-MM-DD; empty = today)", "", optional=True),
        QgsProcessingParameterString("org", "填报单位 (reporting unit)", "", optional=True),
        QgsProcessingParameterBoolean("overwrite", "替换已有文件 (replace an existing file)", False),
    ]
    for param in inputs:
        model.addModelParameter(param, QgsProcessingModelParameter(param.name()))

    check = QgsProcessingModelChildAlgorithm("landsupervision:farmlandrestoration")
    check.setChildId("restoration")
    check.setDescription("耕地恢复核查")
    check.addParameterSources("INPUT", [Source.fromModelParameter("tasks")])
    check.addParameterSources("SURVEY", [Source.fromModelParameter("survey")])
    result = QgsProcessingModelOutput("恢复核查结果", "恢复核查结果 (restoration result)")
    result.setChildId("restoration")
    result.setChildOutputName("OUTPUT")
    check.setModelOutputs({"恢复核查结果": result})
    model.addChildAlgorithm(check)

    ledger = QgsProcessingModelChildAlgorithm("landsupervision:exportledger")
    ledger.setChildId("ledger")
    ledger.setDescription("导出整改台账")
    ledger.addParameterSources("INPUT", [Source.fromChildOutput("restoration", "OUTPUT")])
    ledger.addParameterSources("TEMPLATE", [Source.fromStaticValue("restoration")])
    ledger.addParameterSources("GROUP_BY", [Source.fromStaticValue(1)])
    ledger.addParameterSources("AS_OF_DATE", [Source.fromModelParameter("as_of")])
    ledger.addParameterSources("ORG", [Source.fromModelParameter("org")])
    ledger.addParameterSources("RESPONSIBILITY", [Source.fromModelParameter("responsibility")])
    ledger.addParameterSources("OVERWRITE", [Source.fromModelParameter("overwrite")])
    output = QgsProcessingModelOutput("整改台账", "整改台账 (ledger .xlsx)")
    output.setChildId("ledger")
    output.setChildOutputName("OUTPUT")
    ledger.setModelOutputs({"整改台账": output})
    model.addChildAlgorithm(ledger)
    return model


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    ok = build().toFile(MODEL)
    print(("wrote " if ok else "could not write ") + os.path.relpath(MODEL, ROOT))
    app.exitQgis()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
