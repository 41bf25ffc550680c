"""landsupervision:ledgerletters and landsupervision:exportatlas through processing.run on hand-built layers.

Deadlines by domain.md §6.4: days left = deadline − as-of date; 逾期 below 0, 临期 from 0 to the warning days,
正常 beyond; a unit gets a 督办函 when one of its items is overdue by ESCALATE_DAYS days or more.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import unicodedata

import docx
import pytest
from osgeo import ogr
from qgis.core import QgsFillSymbol, QgsProcessingException, QgsProject, QgsVectorLayer
from gpkg_util import write_gpkg

from conftest import REALDATA, needs_realdata

FIELDS = [("TBBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("ZRDW", ogr.OFTString), ("TBMJ", ogr.OFTReal),
          ("WTLX", ogr.OFTString), ("ZGSX", ogr.OFTDate), ("ZGZT", ogr.OFTString)]
# As of 2024-06-01, 15 warning days, escalation at 30 days overdue.
ITEMS = [
    # 甲镇: A1 overdue by exactly 30 days (2024-05-02) -> 督办函; A2 15 days left -> 临期 (the last warning day)
    ["A1", "410102001001", "甲镇人民政府", 6666.67, "违法占用耕地", (2024, 5, 2), "整改中"],  # 10.000005 亩 -> 10.00
    ["A2", "410102001002", "甲镇人民政府", 1000.0, "耕地流出", (2024, 6, 16), "未整改"],  # 1.50 亩
    ["A3", "410102001002", "甲镇人民政府", 500.0, "耕地流出", (2024, 6, 17), "未整改"],  # 16 days left: 正常, not listed
    ["A4", "410102001001", "甲镇人民政府", 500.0, "耕地流出", (2024, 4, 1), "已完成"],  # done: not listed
    # 乙镇: B1 overdue by 29 days (2024-05-03) -> still a 提醒函; B2 due today (0 days left) -> 临期
    ["B1", "410102002001", "乙镇人民政府", 2000.0, "违法占用耕地", (2024, 5, 3), "整改中"],  # 3.00 亩
    ["B2", "410102002001", "乙镇人民政府", 333.33, "闲置土地", (2024, 6, 1), "未整改"],  # 0.499995 亩 -> 0.50
    # 丙镇: nothing to chase (30 days left; no deadline)
    ["C1", "410102003001", "丙镇人民政府", 800.0, "耕地流出", (2024, 7, 1), "未整改"],
    ["C2", "410102003001", "丙镇人民政府", 800.0, "耕地流出", None, "未整改"],
    # no responsible unit: 1 day overdue, its letter goes to "(未填)" with a warning
    ["D1", "410102003001", None, 100.0, "耕地流出", (2024, 5, 31), "未整改"],
]


def square(k):
    x, y = 38500000 + 200 * k, 4000000
    return f"POLYGON(({x} {y},{x + 100} {y},{x + 100} {y + 100},{x} {y + 100},{x} {y}))"


@pytest.fixture()
def items(tmp_path):
    return write_gpkg(tmp_path / "items.gpkg", "items", FIELDS, ITEMS, [square(k) for k in range(len(ITEMS))])


def letter_params(source, folder, **extra):
    base = {"INPUT": source, "AS_OF_DATE": "2024-06-01", "WARNING_DAYS": 15, "ESCALATE_DAYS": 30,
            "ISSUER": "示例县自然资源局", "OUTPUT_FOLDER": str(folder), "OUTPUT": "memory:"}
    base.update(extra)
    return base


def read_letter(path):
    """(paragraph texts, table rows as text lists) of a written letter."""
    document = docx.Document(path)
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    assert len(tables) == 1
    return paragraphs, tables[0]


def table_rows(result):
    return {f["unit"]: f.attributes() for f in result["OUTPUT"].getFeatures()}


def test_letters_per_unit_with_escalation_at_the_boundary(run_alg, items, tmp_path):
    folder = tmp_path / "letters"
    result = run_alg("ledgerletters", letter_params(items, folder))
    assert result["LETTERS"] == 3
    assert sorted(os.listdir(folder)) == sorted(["甲镇人民政府_督办函.docx", "乙镇人民政府_提醒函.docx",
                                                "(未填)_提醒函.docx"])
    rows = table_rows(result)
    # unit, letter, file, items, overdue, area: 10.00 + 1.50 = 11.50; 3.00 + 0.50 = 3.50
    assert rows["甲镇人民政府"][1:2] + rows["甲镇人民政府"][3:] == ["督办函", 2, 1, 11.5]
    assert rows["乙镇人民政府"][1:2] + rows["乙镇人民政府"][3:] == ["提醒函", 2, 1, 3.5]
    assert rows["(未填)"][1:2] + rows["(未填)"][3:] == ["提醒函", 1, 1, 0.15]  # 100 m² = 0.15 亩
    assert rows["甲镇人民政府"][2] == str(folder / "甲镇人民政府_督办函.docx")

    paragraphs, table = read_letter(folder / "甲镇人民政府_督办函.docx")
    assert paragraphs[0] == "示例县自然资源局"
    assert paragraphs[1] == "〔2024〕第    号"
    assert paragraphs[2] == "关于督促限期完成问题整改的督办函"
    assert paragraphs[3] == "甲镇人民政府："
    assert "截至2024年6月1日" in paragraphs[4]
    assert "有1个已超过整改时限，最长逾期30天，另有1个将于15日内到期，合计2个（面积11.50亩）" in paragraphs[4]
    assert any("请于2024年6月6日前" in p for p in paragraphs)  # feedback: 5 days for a 督办函
    assert paragraphs[-2:] == ["示例县自然资源局", "2024年6月1日"]
    assert table[0] == ["序号", "图斑编号", "位置", "面积(亩)", "问题", "整改时限", "剩余天数"]
    # most overdue first; the location falls back to the admin code
    assert table[1:] == [["1", "A1", "410102001001", "10.00", "违法占用耕地", "2024-05-02", "逾期30天"],
                         ["2", "A2", "410102001002", "1.50", "耕地流出", "2024-06-16", "15"]]

    paragraphs, table = read_letter(folder / "乙镇人民政府_提醒函.docx")
    assert paragraphs[2] == "关于加快推进问题整改的提醒函"
    assert "尚有2个未完成整改（面积合计3.50亩），其中已超过整改时限1个，15日内到期1个" in paragraphs[4]
    assert any("请于2024年6月11日前" in p for p in paragraphs)  # feedback: 10 days for a 提醒函
    assert [row[1] for row in table[1:]] == ["B1", "B2"]
    assert [row[6] for row in table[1:]] == ["逾期29天", "0"]
    assert [row[3] for row in table[1:]] == ["3.00", "0.50"]


def test_escalation_one_day_lower_turns_the_29_day_unit_into_a_supervision_letter(run_alg, items, tmp_path):
    result = run_alg("ledgerletters", letter_params(items, tmp_path, ESCALATE_DAYS=29))
    assert {unit: row[1] for unit, row in table_rows(result).items()} == {
        "甲镇人民政府": "督办函", "乙镇人民政府": "督办函", "(未填)": "提醒函"}


def test_letters_to_counties_and_fields_named_by_the_ledger_headers(run_alg, tmp_path):
    fields = [("图斑编号", ogr.OFTString), ("县名称", ogr.OFTString), ("整改时限", ogr.OFTString),
              ("整改状态", ogr.OFTString), ("图斑面积", ogr.OFTReal)]
    rows = [["P1", "甲县", "2024/5/1", "整改中", 1333.33],  # 31 days overdue; 1.999995 亩 -> 2.00
            ["P2", "甲县", "2024年6月10日", "已整改", 10.0],  # done
            ["P3", "乙县", "20240605", "未整改", 66.67]]  # 4 days left; 0.100005 亩 -> 0.10
    layer = write_gpkg(tmp_path / "headers.gpkg", "ledger", fields, rows, None)
    result = run_alg("ledgerletters", letter_params(layer, tmp_path, GROUP_FIELD="县名称"))
    rows = table_rows(result)
    assert rows["甲县"][1] == "督办函" and rows["甲县"][3:] == [1, 1, 2.0]
    assert rows["乙县"][1] == "提醒函" and rows["乙县"][3:] == [1, 0, 0.1]


def test_existing_letters_are_kept_without_consent(run_alg, items, tmp_path):
    run_alg("ledgerletters", letter_params(items, tmp_path))
    path = tmp_path / "甲镇人民政府_督办函.docx"
    before = path.read_bytes()
    with pytest.raises(QgsProcessingException, match="already exist"):
        run_alg("ledgerletters", letter_params(items, tmp_path, AS_OF_DATE="2024-06-02"))
    assert path.read_bytes() == before
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".~")]
    run_alg("ledgerletters", letter_params(items, tmp_path, AS_OF_DATE="2024-06-02", OVERWRITE=True))
    assert "最长逾期31天" in read_letter(path)[0][4]


def test_letters_say_what_is_missing(run_alg, tmp_path, monkeypatch):
    no_unit = write_gpkg(tmp_path / "x.gpkg", "no_unit", [("TBBH", ogr.OFTString), ("ZGSX", ogr.OFTDate)],
                         [["A", (2024, 1, 1)]], None)
    with pytest.raises(QgsProcessingException, match="责任单位.*ZRDW"):
        run_alg("ledgerletters", letter_params(no_unit, tmp_path))
    no_deadline = write_gpkg(tmp_path / "x.gpkg", "no_deadline", [("TBBH", ogr.OFTString), ("ZRDW", ogr.OFTString)],
                             [["A", "甲镇"]], None)
    with pytest.raises(QgsProcessingException, match="no deadline field.*ZGSX"):
        run_alg("ledgerletters", letter_params(no_deadline, tmp_path))
    wording = tmp_path / "wording.json"
    wording.write_text('{"doc_number": "{yaer}", "table_title": "", "table_headers": [1,2,3,4,5,6,7], '
                       '"overdue_days": "", "contact": "", "fonts": {}, '
                       '"reminder": {"name": "", "title": "", "intro": "", "measures": [], "feedback": "", '
                       '"closing": "", "feedback_days": 1}, "supervision": {"name": "", "title": "", "intro": "", '
                       '"measures": [], "feedback": "", "closing": "", "feedback_days": 1}}', encoding="utf-8")
    with pytest.raises(QgsProcessingException, match=r"doc_number.*\{yaer\}"):
        run_alg("ledgerletters", letter_params(no_unit, tmp_path, WORDING=str(wording)))
    from land_supervision.core import deps

    monkeypatch.setattr(deps, "missing_optional", lambda module: "python-docx")
    with pytest.raises(QgsProcessingException, match=re.escape(deps.optional_install_command("docx")[1])):
        run_alg("ledgerletters", letter_params(no_unit, tmp_path))
    assert sorted(os.listdir(tmp_path)) == ["wording.json", "x.gpkg"]  # no letter, no temporary folder


# -- the atlas ------------------------------------------------------------------------------------------------

ATLAS_ITEMS = [
    # township 410102001 (甲镇): K2 done, K1 overdue; township 410102002 (乙镇): K3 due soon
    ["K2", "410102001001", "甲镇人民政府", 6666.67, "耕地流出", (2024, 3, 1), "已完成"],
    ["K1", "410102001002", "甲镇人民政府", 1000.0, "违法占用耕地", (2024, 5, 1), "整改中"],
    ["K3", "410102002001", "乙镇人民政府", 2000.0, "耕地流出", (2024, 6, 10), "未整改"],
]


RADICALS = str.maketrans({"⻚": "页", "⻓": "长", "⻔": "门", "⻅": "见", "⻋": "车", "⺠": "民"})  # not folded by NFKC


def pdf_pages(path):
    """Text of every page, NFKC-folded: the CJK font maps some glyphs to radicals (⽯ for 石, ⻚ for 页)."""
    count = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    return [unicodedata.normalize("NFKC", subprocess.run(
        ["pdftotext", "-layout", "-f", str(k), "-l", str(k), str(path), "-"], capture_output=True, text=True,
        check=True).stdout).translate(RADICALS) for k in range(1, count + 1)]


def reddish_pixels(path, page, tmp_path):
    """Pixels of the overdue colour (#e31a1c at 75 % over white) in the map frame (x 10-200 mm of 297) of a page."""
    from qgis.PyQt.QtGui import QImage

    prefix = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", str(page), "-l", str(page), str(path), str(prefix)],
                   check=True)
    image = QImage(str(next(p for p in tmp_path.iterdir() if p.name.startswith(f"page{page}"))))
    hits = 0
    for y in range(0, image.height(), 2):
        for x in range(0, int(image.width() * 200 / 297), 2):
            colour = image.pixelColor(x, y)
            hits += colour.red() > 200 and colour.green() < 110 and colour.blue() < 110
    return hits


@pytest.mark.parametrize("epsg", [4526, 4490])  # stored in GK zone 38, or in longitude/latitude (mapped in zone 38)
def test_atlas_pages_titles_and_centres(run_alg, tmp_path, epsg):
    path = tmp_path / "atlas.gpkg"
    layer = write_gpkg(path, "items", FIELDS, ATLAS_ITEMS, [square(k) for k in range(3)], epsg=epsg)
    regions = write_gpkg(path, "regions", [("DM", ogr.OFTString), ("MC", ogr.OFTString)],
                         [["410102001", "甲镇"], ["410102002", "乙镇"]], None)
    pdf = tmp_path / "图册.pdf"
    # a background with a fixed style (a layer given by path gets a random fill that would tint the items)
    background = QgsVectorLayer(layer, "background", "ogr")
    background.renderer().setSymbol(QgsFillSymbol.createSimple({"color": "#ffffff", "outline_color": "#000000"}))
    QgsProject.instance().addMapLayer(background)
    result = run_alg("exportatlas", {"INPUT": layer, "BACKGROUND": [background.id()], "REGIONS": regions,
                                     "AS_OF_DATE": "2024-06-01", "WARNING_DAYS": 15, "TITLE": "核查图册",
                                     "OUTPUT": str(pdf)})
    QgsProject.instance().removeMapLayer(background.id())
    assert result["PAGES"] == 5 and result["OUTPUT"] == str(pdf)
    pages = pdf_pages(pdf)
    # overview of each township, then its items in key order
    titles = ["核查图册:甲镇(总览)", "甲镇 图斑 K1(逾期)", "甲镇 图斑 K2(已完成)", "核查图册:乙镇(总览)", "乙镇 图斑 K3(临期)"]
    assert len(pages) == 5
    for k, (page, title) in enumerate(zip(pages, titles), 1):
        assert page.strip().splitlines()[0].strip() == title, page  # NFKC folds the full-width ：（）
        assert f"第{k}页/共5页" in page.replace(" ", "")
        assert "截止日期:2024-06-01" in page
    assert "问题数:2,面积合计:11.50亩" in pages[0]  # 10.00 + 1.50
    assert "逾期:1个,1.50亩" in pages[0] and "已完成:1个,10.00亩" in pages[0]
    assert "K1 逾期,剩余-31天" in pages[0]
    # K1 is the second square: x 38500200..38500300, y 4000000..4000100 in EPSG:4526
    assert "中心点坐标(EPSG:4526):" in pages[1] and "X 38500250.00,Y 4000050.00" in pages[1]
    assert "责任单位:甲镇人民政府" in pages[1] and "图斑面积:1.50" in pages[1] and "剩余天数:-31" in pages[1]
    assert "°E" in pages[1] and "°N" in pages[1]
    # the overdue item is drawn in the overdue colour on its page, and nowhere on the due-soon item's own page
    assert reddish_pixels(pdf, 2, tmp_path) > 50
    assert reddish_pixels(pdf, 5, tmp_path) == 0


def test_atlas_refuses_to_replace_a_pdf_and_needs_features(run_alg, items, tmp_path):
    pdf = tmp_path / "atlas.pdf"
    pdf.write_bytes(b"%PDF-1.4 earlier")
    with pytest.raises(QgsProcessingException, match="already exists"):
        run_alg("exportatlas", {"INPUT": items, "AS_OF_DATE": "2024-06-01", "OUTPUT": str(pdf)})
    assert pdf.read_bytes() == b"%PDF-1.4 earlier"
    empty = write_gpkg(tmp_path / "e.gpkg", "empty", FIELDS, [], [])
    with pytest.raises(QgsProcessingException, match="no features"):
        run_alg("exportatlas", {"INPUT": empty, "AS_OF_DATE": "2024-06-01", "OUTPUT": str(tmp_path / "e.pdf")})
    assert sorted(os.listdir(tmp_path)) == ["atlas.pdf", "e.gpkg", "items.gpkg"]
    result = run_alg("exportatlas", {"INPUT": items, "AS_OF_DATE": "2024-06-01", "OVERWRITE": True,
                                     "OUTPUT": str(pdf)})
    # townships 410102001 (A1-A4), 410102002 (B1, B2), 410102003 (C1, C2, D1): 3 overviews + 9 items
    assert result["PAGES"] == 12 and len(pdf_pages(pdf)) == 12
    assert "核查图册:410102001(总览)" in pdf_pages(pdf)[0]  # no region names: the township code


def test_without_python_docx_the_plugin_loads_and_says_what_to_install(monkeypatch, qgis_iface):
    import land_supervision
    from land_supervision.core import deps
    from qgis.core import QgsApplication

    monkeypatch.setattr(deps, "missing_optional", lambda module: deps.OPTIONAL[module][0])
    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: logged.append(text))
    plugin = land_supervision.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert plugin.menu is not None and len(plugin.actions) > 3  # every other entry is there
        assert any(deps.optional_install_command("docx")[1] in text for text in logged)
    finally:
        plugin.unload()


def test_letters_chase_the_next_open_milestone_when_the_layer_tracks_them(run_alg, tmp_path):
    # generic_milestones: 方案制定 90 days before 整改时限, 施工 30, 自验 15, 申请验收 0; as of 2024-06-01
    fields = FIELDS + [("FAZDSJ", ogr.OFTDate)]
    # M5: plan done; 施工 due 2024-05-21 (final − 30): 11 days late though the final date is 19 days away.
    # M8: plan due 2024-10-02: nothing to chase.
    rows = [["M5", "410102001001", "甲镇人民政府", 666.67, "耕地流出", (2024, 6, 20), "整改中", (2024, 3, 1)],
            ["M8", "410102001001", "甲镇人民政府", 666.67, "耕地流出", (2024, 12, 31), "整改中", None]]
    layer = write_gpkg(tmp_path / "ms.gpkg", "items", fields, rows, None)
    result = run_alg("ledgerletters", letter_params(layer, tmp_path / "out"))
    assert result["LETTERS"] == 1
    paragraphs, table = read_letter(tmp_path / "out" / "甲镇人民政府_提醒函.docx")
    assert table[1:] == [["1", "M5", "410102001001", "1.00", "耕地流出", "2024-05-21（施工）", "逾期11天"]]


# -- real parcels (../shared/realdata) ------------------------------------------------------------------------


@needs_realdata
def test_letters_and_atlas_on_real_french_parcels(run_alg, tmp_path):
    """900 real cadastral parcels (EPSG:2154, non-convex) given deadlines by expression; a selection of 6."""
    import processing
    from qgis.core import QgsFeatureRequest, QgsProcessingFeatureSourceDefinition

    source = os.path.join(REALDATA, "fr_cadastre_parcels.gpkg") + "|layername=parcelle"
    # deadline = 2024-06-01 + (fid mod 61) − 30 days: from 30 days late to 30 days ahead; unit = the sheet
    layer = processing.run("native:fieldcalculator", {
        "INPUT": source, "FIELD_NAME": "ZGSX", "FIELD_TYPE": 3, "FORMULA":
        "to_date('2024-06-01') + make_interval(days:=($id % 61) - 30)", "OUTPUT": "memory:"})["OUTPUT"]
    QgsProject.instance().addMapLayer(layer)
    try:
        as_of = datetime.date(2024, 6, 1)
        expected = {}
        for feature in layer.getFeatures():  # the rule by hand: listed when days left <= 15, 督办 from 30 days late
            days = (feature["ZGSX"].toPyDate() - as_of).days
            if days <= 15:
                entry = expected.setdefault(feature["feuille"], [0, 0, 0])
                entry[0] += 1
                entry[1] += days < 0
                entry[2] = max(entry[2], -days)
        result = run_alg("ledgerletters", letter_params(layer, tmp_path / "letters", GROUP_FIELD="feuille"))
        rows = table_rows(result)
        assert {unit: (row[3], row[4]) for unit, row in rows.items()} == {
            unit: (n, late) for unit, (n, late, _) in expected.items()}
        assert {unit: row[1] for unit, row in rows.items()} == {
            unit: "督办函" if worst >= 30 else "提醒函" for unit, (_, _, worst) in expected.items()}
        some = next(iter(rows))
        _, table = read_letter(rows[some][2])
        assert len(table) - 1 == expected[some][0]

        # the atlas of six parcels on two sheets; centres checked against QGIS's own centroid / point on surface
        ids = []
        for sheet in ("130290000A01", "25354000AB01"):
            request = QgsFeatureRequest().setFilterExpression(f"\"feuille\" = '{sheet}'").setLimit(3)
            ids += [f.id() for f in layer.getFeatures(request)]
        layer.selectByIds(ids)
        sheets = {f["feuille"] for f in layer.getFeatures(ids)}
        pdf = tmp_path / "fr.pdf"
        result = run_alg("exportatlas", {
            "INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), True), "GROUP_FIELD": "feuille",
            "AS_OF_DATE": "2024-06-01", "OUTPUT": str(pdf)})
        assert len(sheets) == 2 and result["PAGES"] == 2 + 6
        pages = pdf_pages(pdf)
        assert len(pages) == result["PAGES"]
        for feature in layer.getFeatures(ids):
            geometry = feature.geometry()
            centre = geometry.centroid()
            if not geometry.contains(centre):
                centre = geometry.pointOnSurface()
            point = centre.asPoint()  # IDU is no ledger key name: pages are titled by row number, found by centre
            assert sum(f"X {point.x():.2f},Y {point.y():.2f}" in page for page in pages) == 1, feature["IDU"]
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_atlas_and_letters_headless_with_qgis_process(items, tmp_path):
    """No GUI and no project: what cron jobs and province-wide runs do."""
    from test_plugin_load import QGIS_PROCESS, qgis_process_env

    env = qgis_process_env(tmp_path)
    subprocess.run([QGIS_PROCESS, "plugins", "enable", "land_supervision"], env=env, capture_output=True, timeout=120)
    pdf = tmp_path / "headless.pdf"
    run = subprocess.run([QGIS_PROCESS, "run", "landsupervision:exportatlas", "--", f"INPUT={items}",
                          "AS_OF_DATE=2024-06-01", f"OUTPUT={pdf}"], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PAGES:\t12" in run.stdout and len(pdf_pages(pdf)) == 12  # 3 townships + 9 items
    folder = tmp_path / "letters"
    run = subprocess.run([QGIS_PROCESS, "run", "landsupervision:ledgerletters", "--", f"INPUT={items}",
                          "AS_OF_DATE=2024-06-01", f"OUTPUT_FOLDER={folder}", f"OUTPUT={tmp_path / 'letters.csv'}"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "LETTERS:\t3" in run.stdout and len(os.listdir(folder)) == 3


# -- a ledger store's items as input ----------------------------------------------------------------------------

def exported_store(run_alg, tmp_path, layer, **extra):
    """The store an export of ``layer`` writes; returns the URI of its ledger_items layer."""
    store = tmp_path / "campaign.gpkg"
    params = {"INPUT": layer, "AS_OF_DATE": "2024-06-01", "STORE": str(store), "OUTPUT": str(tmp_path / "l.xlsx")}
    params.update(extra)
    run_alg("exportledger", params)
    return f"{store}|layername=ledger_items"


def test_letters_from_a_ledger_store_say_what_the_layer_said(run_alg, items, tmp_path):
    """The store's fields are the template's column keys (deadline, progress, unit, area in 亩): the letters are
    those of the source layer (test_letters_per_unit_with_escalation_at_the_boundary), areas not converted twice."""
    uri = exported_store(run_alg, tmp_path, items, TEMPLATE="generic", KEY_FIELD="TBBH")
    folder = tmp_path / "letters"
    rows = table_rows(run_alg("ledgerletters", letter_params(uri, folder)))
    assert {unit: row[1:2] + row[3:] for unit, row in rows.items()} == {
        "甲镇人民政府": ["督办函", 2, 1, 11.5], "乙镇人民政府": ["提醒函", 2, 1, 3.5], "(未填)": ["提醒函", 1, 1, 0.15]}
    _, table = read_letter(folder / "甲镇人民政府_督办函.docx")
    assert table[1:] == [["1", "A1", "410102001001", "10.00", "违法占用耕地", "2024-05-02", "逾期30天"],
                         ["2", "A2", "410102001002", "1.50", "耕地流出", "2024-06-16", "15"]]


def test_letters_and_atlas_from_a_restoration_store_follow_its_template(run_alg, tmp_path):
    """A restoration store: 任务编号 (task_id) is the item, 任务面积 (task_area, 亩) its area, and an item is done by
    the template's own rule (恢复状态 已恢复), whatever the generic 整改状态 would say.

    As of 2024-06-01 with 15 warning days (test_export_ledger_algorithm.TASKS): T1 甲镇 overdue by 1 day (1000 m²
    = 1.50 亩), T2 乙镇 15 days left (10 m² = 0.015 亩 -> 0.02), T3 丙镇 已恢复 (done), T4 丙镇 30 days left.
    """
    from test_export_ledger_algorithm import TASK_FIELDS, TASKS, write_layer

    layer = write_layer(tmp_path / "tasks.gpkg", "tasks", TASK_FIELDS, TASKS)
    uri = exported_store(run_alg, tmp_path, layer)
    rows = table_rows(run_alg("ledgerletters", letter_params(uri, tmp_path / "letters")))
    assert {unit: row[1:2] + row[3:] for unit, row in rows.items()} == {
        "甲镇": ["提醒函", 1, 1, 1.5], "乙镇": ["提醒函", 1, 0, 0.02]}
    _, table = read_letter(tmp_path / "letters" / "甲镇_提醒函.docx")
    assert table[1][1:4] == ["T1", "410102001001", "1.50"] and table[1][5:] == ["2024-05-31", "逾期1天"]

    pdf = tmp_path / "atlas.pdf"
    result = run_alg("exportatlas", {"INPUT": uri, "AS_OF_DATE": "2024-06-01", "WARNING_DAYS": 15,
                                     "OUTPUT": str(pdf)})
    # townships 410101001 (T3, T4), 410102001 (T1), 410102002 (T2): 3 overviews + 4 item pages
    assert result["PAGES"] == 7
    pages = pdf_pages(pdf)
    t3 = next(p for p in pages if "图斑 T3" in p.splitlines()[0] if p.strip())
    assert "图斑 T3(已完成)" in t3 and "任务面积:3.00" in t3.replace(" ", "")  # 2000 m² = 3.00 亩
    t1 = next(p for p in pages if "图斑 T1" in p.strip().splitlines()[0])
    assert "图斑 T1(逾期)" in t1


def test_a_store_without_deadlines_is_named(run_alg, tmp_path):
    """A store written with a template of the user's own (recorded by its path) that tracks no deadlines."""
    template = tmp_path / "census.json"
    template.write_text(json.dumps({"id": "census", "title": "图斑清单", "summary": {"areas": ["area"]}, "columns": [
        {"key": "patch_id", "header_zh": "图斑编号", "header_en": "ID", "type": "text", "source": ["JCBH"]},
        {"key": "code", "header_zh": "行政区代码", "header_en": "Code", "type": "text", "source": ["XZQDM"],
         "role": "code"},
        {"key": "area", "header_zh": "面积", "header_en": "Area", "type": "area_mu", "source": ["MJ"]}]}),
        encoding="utf-8")
    layer = write_gpkg(tmp_path / "m.gpkg", "m", [("JCBH", ogr.OFTString), ("XZQDM", ogr.OFTString),
                                                  ("MJ", ogr.OFTReal)], [["J1", "410101", 1500.0]], None)
    uri = exported_store(run_alg, tmp_path, layer, TEMPLATE=str(template), KEY_FIELD="JCBH")
    with pytest.raises(QgsProcessingException, match="template 图斑清单, which has no deadlines"):
        run_alg("ledgerletters", letter_params(uri, tmp_path / "x", GROUP_FIELD="code"))


def test_letters_from_a_layer_a_user_made_with_chinese_aliases(run_alg, tmp_path):
    """Fields found by their aliases (整改时限 on QX …), the area's unit taken from its alias 面积（亩）.

    As of 2024-06-01: U1 31 days overdue (督办函 at 30), U2 9 days left (临期), U3 done; 甲镇 2.50 + 1.25 = 3.75 亩.
    """
    from qgis.core import QgsFeature, QgsVectorLayer
    from qgis.PyQt.QtCore import QDate

    layer = QgsVectorLayer("None?field=BH:string&field=DW:string&field=QX:date&field=ZT:string&field=MU:double",
                           "自建台账", "memory")
    for name, alias in (("BH", "图斑编号"), ("DW", "责任单位"), ("QX", "整改时限"), ("ZT", "整改状态"),
                        ("MU", "面积（亩）")):
        layer.setFieldAlias(layer.fields().indexOf(name), alias)
    features = []
    for values in (["U1", "甲镇", QDate(2024, 5, 1), "整改中", 2.5], ["U2", "甲镇", QDate(2024, 6, 10), "未整改", 1.25],
                   ["U3", "乙镇", QDate(2024, 5, 1), "已完成", 9.0]):
        feature = QgsFeature(layer.fields())
        feature.setAttributes(values)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    folder = tmp_path / "letters"
    rows = table_rows(run_alg("ledgerletters", letter_params(layer, folder)))
    assert {unit: row[1:2] + row[3:] for unit, row in rows.items()} == {"甲镇": ["督办函", 2, 1, 3.75]}
    _, table = read_letter(folder / "甲镇_督办函.docx")
    assert [row[1] for row in table[1:]] == ["U1", "U2"] and [row[3] for row in table[1:]] == ["2.50", "1.25"]


def test_chinese_field_names_with_and_without_a_unit():
    """面积(亩) is read in 亩; a bare 面积 in m² (as 三调's 图斑面积), and the caller is told which field that was."""
    from land_supervision.core import chase

    template, unitless, _ = chase.item_template(["图斑编号", "整改时限", "面积(亩)"])
    area = template.column("area")
    assert (area.sources, area.unit, unitless) == (["面积(亩)"], "mu", [])
    template, unitless, _ = chase.item_template(["图斑编号", "整改时限", "面积"])
    assert (template.column("area").unit, unitless) == ("m2", ["面积"])
    template, unitless, _ = chase.item_template(["TBBH", "ZGSX", "TBMJ"])  # the standard code: m², nothing to say
    assert (template.column("area").sources, unitless) == (["TBMJ"], [])
    # fields named by the ledger's column keys (an outflow result's area, m²; its patches' deadline typed in)
    template, unitless, _ = chase.item_template(["bsm_after", "area", "deadline", "unit"])
    assert [template.column(k).sources for k in ("area", "deadline", "unit")] == [["area"], ["deadline"], ["unit"]]
    assert (template.column("area").unit, unitless) == ("m2", [])


def cancelling_feedback(when):
    """A feedback that cancels the run when ``when(kind, value)`` says so (kind 'progress' or 'text')."""
    from qgis.core import QgsProcessingFeedback

    class Cancelling(QgsProcessingFeedback):
        def setProgress(self, value):  # noqa: N802 (Qt API name)
            super().setProgress(value)
            if when("progress", value):
                self.cancel()

        def setProgressText(self, text):  # noqa: N802 (Qt API name)
            super().setProgressText(text)
            if when("text", text):
                self.cancel()

    return Cancelling()


@pytest.mark.parametrize("moment", ["letters", "table"])
def test_a_cancelled_run_leaves_no_letter_no_table_no_folder(run_alg, items, tmp_path, moment):
    """Cancelled after the first of the 3 letters (progress past 20 %), or while the table is being written
    (the letters are built, not yet moved in): no .docx, no table file, no temporary folder, no new folder."""
    folder, table = tmp_path / "letters", tmp_path / "letters.gpkg"
    when = {"letters": lambda kind, value: kind == "progress" and 20 < value < 90,
            "table": lambda kind, value: kind == "text" and value == "Writing the table of letters"}[moment]
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("ledgerletters", letter_params(items, folder, OUTPUT=str(table)), feedback=cancelling_feedback(when))
    assert sorted(os.listdir(tmp_path)) == ["items.gpkg"]
    # into a folder that exists: it keeps what it had, nothing more
    folder.mkdir()
    (folder / "old.txt").write_text("kept")
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("ledgerletters", letter_params(items, folder, OUTPUT=str(table)), feedback=cancelling_feedback(when))
    assert os.listdir(folder) == ["old.txt"] and not table.exists()
    # the same run uncancelled writes the three letters and their table
    result = run_alg("ledgerletters", letter_params(items, folder, OUTPUT=str(table)))
    assert result["LETTERS"] == 3 and len(os.listdir(folder)) == 4
    written = QgsVectorLayer(str(table), "t", "ogr")
    assert sorted(f["unit"] for f in written.getFeatures()) == sorted(["甲镇人民政府", "乙镇人民政府", "(未填)"])


def test_an_unwritable_table_is_refused_before_any_letter(run_alg, items, tmp_path):
    folder = tmp_path / "letters"
    with pytest.raises(QgsProcessingException, match="does not exist"):
        run_alg("ledgerletters", letter_params(items, folder, OUTPUT=str(tmp_path / "no" / "t.gpkg")))
    assert sorted(os.listdir(tmp_path)) == ["items.gpkg"]


def test_letters_follow_the_rule_of_the_ledger_a_layer_fits(run_alg, tmp_path):
    """An outflow result given a deadline is done when 合规 or 纳入进出平衡 (farmland_outflow's rule), a layer with
    the restoration ledger's headers when 已恢复: neither is chased, where the generic rule (整改状态) would
    chase them. As of 2024-06-01: O1 31 days overdue (督办函), R2 12 days overdue (提醒函, 2.50 亩 from 任务面积(亩))."""
    s, r, d = ogr.OFTString, ogr.OFTReal, ogr.OFTDate
    outflow = write_gpkg(tmp_path / "o.gpkg", "outflow", [
        ("bsm_after", s), ("zldwdm", s), ("area", r), ("suspect_area", r), ("status", s), ("ZGSX", d), ("ZRDW", s)], [
        ["O1", "410102001001", 2000.0, 2000.0, "疑似违法占用耕地", (2024, 5, 1), "甲镇"],  # 3.00 亩
        ["O2", "410102001002", 1000.0, 0.0, "合规", (2024, 5, 1), "甲镇"],
        ["O3", "410102002001", 1000.0, 0.0, "纳入进出平衡", (2024, 5, 15), "乙镇"]], None)
    rows = table_rows(run_alg("ledgerletters", letter_params(outflow, tmp_path / "o")))
    assert {unit: row[1:2] + row[3:] for unit, row in rows.items()} == {"甲镇": ["督办函", 1, 1, 3.0]}

    restoration = write_gpkg(tmp_path / "r.gpkg", "ledger", [
        ("任务编号", s), ("行政区代码", s), ("责任单位", s), ("任务面积(亩)", r), ("已恢复面积(毛)", r),
        ("已恢复面积(净)", r), ("恢复状态", s), ("完成期限", d)], [
        ["R1", "410102001001", "甲镇", 4.0, 4.0, 4.0, "已恢复", (2024, 5, 1)],
        ["R2", "410102001002", "甲镇", 2.5, 1.0, 1.0, "部分恢复", (2024, 5, 20)]], None)
    folder = tmp_path / "r"
    rows = table_rows(run_alg("ledgerletters", letter_params(restoration, folder)))
    assert {unit: row[1:2] + row[3:] for unit, row in rows.items()} == {"甲镇": ["提醒函", 1, 1, 2.5]}
    _, table = read_letter(folder / "甲镇_提醒函.docx")
    assert table[1][1:] == ["R2", "410102001002", "2.50", "部分恢复", "2024-05-20", "逾期12天"]
