"""The zh_CN translation is complete: every tr() string is in the .ts, translated, nothing vanished."""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess


from conftest import ROOT


def update_ts():
    spec = importlib.util.spec_from_file_location("update_ts", os.path.join(ROOT, "scripts", "update_ts.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ts_is_complete():
    tool = update_ts()
    found = tool.problems(tool.collect(), tool.read_ts())
    assert found == {"missing": [], "unfinished": [], "vanished": []}, "run `make transup` and translate"


def test_placeholders_survive_translation():
    """A translation keeps every {0}, {1}, {layer} ... of its source, or format() would fail or lose data."""
    placeholder = re.compile(r"\{[\w!:.]*\}")
    wrong = [source for source, (text, _kind) in update_ts().read_ts().items()
             if text and sorted(placeholder.findall(source)) != sorted(placeholder.findall(text))]
    assert wrong == []


def test_extractor_sees_module_level_calls_and_class_constants(tmp_path):
    tool = update_ts()
    source = tmp_path / "sample.py"
    source.write_text(
        'from .translate import tr\nA = tr("Module level")\n'
        'class Alg:\n    DISPLAY_NAME = "Name (名称)"\n    HELP = ("one " "two")\n'
        '    def f(self):\n        return self.tr("Method") + tr("a " + "b") + tr(VARIABLE)\n', encoding="utf-8")
    found = [text for text, _line in tool.extract(str(source), "sample.py")]
    assert sorted(found) == sorted(["Module level", "Name (名称)", "one two", "Method", "a b"])


def test_qm_compiles_and_translates(tmp_path, qgis_app):
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    from land_supervision.translate import tr

    qm = tmp_path / "land_supervision_zh_CN.qm"
    subprocess.run(["lrelease", "-silent", os.path.join(ROOT, "i18n", "land_supervision_zh_CN.ts"), "-qm", str(qm)],
                   check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert tr("Land Supervision") == "自然资源督察"
    finally:
        QCoreApplication.removeTranslator(translator)
