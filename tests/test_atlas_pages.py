"""Pages of the verification atlas: order, titles, overview texts (core only)."""
from __future__ import annotations

from land_supervision.core import atlas
from land_supervision.core.chase import Item

WORDS = {"done": "已完成", "overdue": "逾期", "due_soon": "临期", "normal": "正常", "no_deadline": "无期限"}


def item(index, key, group, role, days, area=1.0):
    return Item(index, key, group, "", area, "", None, "", days, WORDS[role], role, {})


def test_groups_in_code_order_items_in_key_order():
    items = [item(0, "B", "410102002", "normal", 40), item(1, "Z", "410102001", "done", -3),
             item(2, "A", "410102001", "overdue", -5, 2.5)]
    pages = atlas.plan_pages(items, "图册", {"410102001": "甲镇"}, WORDS, {0: "b", 1: "z", 2: "a"})
    assert [(p.kind, p.title, p.items) for p in pages] == [
        ("overview", "图册：甲镇（总览）", [2, 1]), ("item", "甲镇 图斑 A（逾期）", [2]),
        ("item", "甲镇 图斑 Z（已完成）", [1]), ("overview", "图册：410102002（总览）", [0]),
        ("item", "410102002 图斑 B（正常）", [0])]
    assert pages[0].details.splitlines()[:3] == ["问题数：2，面积合计：3.50亩", "逾期：1个，2.50亩", "已完成：1个，1.00亩"]
    assert pages[0].details.splitlines()[-2:] == ["A  逾期，剩余-5天", "Z  已完成"]  # most urgent first
    assert pages[1].details == "a"


def test_long_groups_list_the_most_urgent_and_count_the_rest():
    items = [item(k, f"K{k:02d}", "g", "overdue" if k < 3 else "normal", 10 - k if k < 3 else 100 + k)
             for k in range(atlas.MAX_LISTED + 5)]
    lines = atlas.overview_details(items, WORDS).splitlines()
    listed = [line for line in lines if line.startswith("K")]
    assert len(listed) == atlas.MAX_LISTED and listed[0].startswith("K02  逾期")  # 8 days: the least left first
    assert lines[-1] == "…另有5个，见分页"
