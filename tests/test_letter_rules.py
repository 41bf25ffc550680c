"""Who gets a 提醒函 and who a 督办函, file names and the wording file (core only)."""
from __future__ import annotations

import os
from datetime import date

import pytest

from land_supervision.core.chase import Item
from land_supervision.core.letters import (
    REMINDER, SUPERVISION, WordingError, chinese_date, file_name, load_wording, plan_letters)


def item(key, unit, days, role, area=1.0):
    return Item(0, key, unit, "", area, "", None, "", days, "", role, {})


def test_escalation_boundary_and_what_is_listed():
    items = [item("a", "甲", -30, "overdue"), item("b", "甲", 3, "due_soon"), item("c", "甲", 40, "normal"),
             item("d", "乙", -29, "overdue", None), item("e", "乙", 0, "due_soon"), item("f", "丙", 5, "done"),
             item("g", "丁", None, "no_deadline"), item("h", "戊", 15, "due_soon")]
    plan = plan_letters(items, escalate_days=30)
    assert [(x.unit, x.kind, [i.key for i in x.items], x.overdue, x.due_soon, x.area, x.max_overdue,
             x.missing_area) for x in plan.letters] == [
        ("甲", SUPERVISION, ["a", "b"], 1, 1, 2.0, 30, 0),  # 30 days late = the escalation day
        ("乙", REMINDER, ["d", "e"], 1, 1, 1.0, 29, 1),  # one day short of it; d has no area
        ("戊", REMINDER, ["h"], 0, 1, 1.0, 0, 0)]  # due soon only: never a 督办函
    assert plan.chased == 5 and plan.skipped == {"normal": 1, "done": 1, "no_deadline": 1}
    assert [x.kind for x in plan_letters(items, escalate_days=29).letters] == [SUPERVISION, SUPERVISION, REMINDER]


def test_file_names_are_safe_and_unique():
    wording = load_wording()
    used = set()
    letters = plan_letters([item("a", 'A/B:镇*"', -1, "overdue"), item("b", "A_B_镇__", -1, "overdue"),
                            item("c", " ..", -1, "overdue")], 30).letters
    names = [file_name(x, wording, used) for x in letters]
    assert names == ["A_B_镇___提醒函.docx", "A_B_镇___提醒函_2.docx", "__提醒函.docx"]


def test_wording_file_checks_and_chinese_dates(tmp_path):
    assert load_wording()["supervision"]["name"] == "督办函"
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"
    bad = tmp_path / "w.json"
    bad.write_text('{"doc_number": ""}', encoding="utf-8")
    with pytest.raises(WordingError, match="entry table_title is missing"):
        load_wording(str(bad))


def test_letters_move_in_only_after_the_table_and_all_or_none(tmp_path):
    """before_move failing moves no letter in; a move that fails takes back the letters already moved."""
    pytest.importorskip("docx")
    from land_supervision.core.letters_docx import LetterWriteError, write_letters

    wording = load_wording()
    plan = plan_letters([item("a", "甲", -1, "overdue"), item("b", "乙", -1, "overdue")], 30).letters
    used = set()
    for letter in plan:
        letter.file = file_name(letter, wording, used)

    def refuse(paths):
        assert [os.path.basename(p) for p in paths] == ["甲_提醒函.docx", "乙_提醒函.docx"]
        raise RuntimeError("the table could not be written")

    with pytest.raises(RuntimeError):
        write_letters(plan, str(tmp_path), wording, "县局", date(2024, 6, 1), 15, 30, before_move=refuse)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "乙_提醒函.docx").mkdir()  # the second letter cannot replace a folder of its name
    with pytest.raises(LetterWriteError):
        write_letters(plan, str(tmp_path), wording, "县局", date(2024, 6, 1), 15, 30, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["乙_提醒函.docx"] and (tmp_path / "乙_提醒函.docx").is_dir()
