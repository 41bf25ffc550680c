"""Pages of the verification atlas (核查图册): an overview page per group, then one page per item.

Groups (township by default) come in code or name order; a group's items follow its overview in key
order. Each page carries its title and the text shown beside the map, so the QGIS side only draws.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from .chase import Item, area_sum

OVERVIEW, ITEM = "overview", "item"
ROLE_ORDER = ("overdue", "due_soon", "normal", "no_deadline", "done")
MAX_DETAIL_LINES = 22  # lines of ledger fields beside an item's map (an A4 landscape page holds about this many)
MAX_LISTED = 25  # items listed on an overview page; the rest are counted


@dataclass
class Page:
    kind: str
    group: str
    title: str
    details: str
    items: List[int]  # item indices (one for an item page, the group's for an overview)
    key: str = ""  # the item's key on item pages


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def item_details(item: Item, centre: Optional[Tuple[float, float]], centre_lonlat: Optional[Tuple[float, float]],
                 crs_name: str) -> str:
    """The item's ledger fields, then its centre in the layer's CRS and in longitude/latitude."""
    lines = [f"{header}：{_text(value)}" for header, value in item.values.items()]
    if len(lines) > MAX_DETAIL_LINES:
        lines = lines[:MAX_DETAIL_LINES - 1] + [f"…（另有{len(lines) - MAX_DETAIL_LINES + 1}项，见台账）"]
    if centre is not None:
        lines += [f"中心点坐标（{crs_name}）：", f"    X {centre[0]:.2f}，Y {centre[1]:.2f}"]
    if centre_lonlat is not None:
        lines += ["中心点经纬度（CGCS2000）：", f"    {centre_lonlat[0]:.6f}°E，{centre_lonlat[1]:.6f}°N"]
    return "\n".join(lines)


def overview_details(members: Sequence[Item], words: Mapping[str, str]) -> str:
    """Counts and areas by 期限状态, then the items (most urgent first)."""
    lines = [f"问题数：{len(members)}，面积合计：{area_sum(i.area for i in members):.2f}亩"]
    for role in ROLE_ORDER:
        hits = [i for i in members if i.role == role]
        if hits:
            lines.append(f"{words[role]}：{len(hits)}个，{area_sum(i.area for i in hits):.2f}亩")
    rank = {role: k for k, role in enumerate(ROLE_ORDER)}
    urgent = sorted(members, key=lambda i: (rank.get(i.role, len(rank)), i.days_left if i.days_left is not None
                                            else 0, i.key))
    lines.append("")
    for item in urgent[:MAX_LISTED]:
        days = "" if item.days_left is None or item.role == "done" else f"，剩余{item.days_left}天"
        lines.append(f"{item.key}  {item.state}{days}")
    if len(urgent) > MAX_LISTED:
        lines.append(f"…另有{len(urgent) - MAX_LISTED}个，见分页")
    return "\n".join(lines)


def plan_pages(items: Sequence[Item], title: str, group_names: Mapping[str, str], words: Mapping[str, str],
               details: Mapping[int, str]) -> List[Page]:
    """Overview and item pages in order; ``details`` holds each item page's text by item index."""
    groups: Dict[str, List[Item]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    pages = []
    for group in sorted(groups):
        name = group_names.get(group) or group
        members = sorted(groups[group], key=lambda i: (i.key, i.index))
        pages.append(Page(OVERVIEW, group, f"{title}：{name}（总览）", overview_details(members, words),
                          [i.index for i in members]))
        for item in members:
            pages.append(Page(ITEM, group, f"{name} 图斑 {item.key}（{item.state}）", details[item.index],
                              [item.index], item.key))
    return pages
