"""Milestones back-scheduled from the final deadline (倒排工期, domain.md §6.4).

A template may list milestones, each with an offset in days back from the item's final deadline and the
field names that mark it done (a completion date, or 是/完成/√). Each milestone gives the ledger three
columns: its done marker (read from the layer, editable: the teams fill it in), its date (deadline − offset)
and its 期限状态. The item's own days left and 期限状态 follow the next open milestone (the earliest one
not done), and the final deadline once every milestone is done, so an item whose 施工 node has passed
is 逾期 even when its final deadline is months away.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, List, Mapping, Optional, Sequence, Tuple

from ..dates import ParseError, parse_date
from ..text import cell_text

DATE_PREFIX, STATE_PREFIX, NEXT = "milestone_date:", "milestone_state:", "next_milestone"
COMPUTED_PREFIXES = (DATE_PREFIX, STATE_PREFIX)
DONE_WORDS = {"是", "已完成", "完成", "√", "✓", "y", "yes", "true", "1"}


@dataclass
class Milestone:
    key: str
    header_zh: str
    header_en: str
    offset_days: int
    done_sources: List[str] = field(default_factory=list)


def parse(specs: Sequence[Mapping[str, Any]], path: str, error) -> List[Milestone]:
    """Milestones of a template file, latest last (largest offset first); ``error`` builds the exception from a
    message template and its parameters (core.messages.Problem)."""
    out = []
    for spec in specs:
        key, header = spec.get("key"), spec.get("header_zh")
        if not key or not header:
            raise error("Ledger template {path}: every milestone needs a key and a header_zh.", path=path)
        offset = spec.get("offset_days")
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise error("Ledger template {path}, milestone {key}: offset_days must be a whole number of days, 0 or "
                        "more.", path=path, key=key)
        sources = spec.get("done_source", [f"{header}完成时间", f"{header}完成"])
        out.append(Milestone(key, header, spec.get("header_en", key), offset,
                             [sources] if isinstance(sources, str) else list(sources)))
    keys = [m.key for m in out]
    if len(set(keys)) != len(keys):
        raise error("Ledger template {path}: milestone keys used twice.", path=path)
    return sorted(out, key=lambda m: -m.offset_days)


def column_specs(milestones: Sequence[Milestone]) -> List[dict]:
    """Column specs (as in a template file) for the milestones, then 当前节点."""
    specs = []
    for m in milestones:
        specs += [
            # text: a date or 是/完成, as the teams type it in a returned ledger
            {"key": f"ms_{m.key}_done", "header_zh": f"{m.header_zh}完成", "header_en": f"{m.header_en} done",
             "type": "text", "source": m.done_sources, "width": 12, "editable": True,
             "note_zh": "填写完成日期(如2026-11-28)或“是”。", "note_en": "The date it was done (e.g. 2026-11-28), or 是."},
            {"key": f"ms_{m.key}_date", "header_zh": f"{m.header_zh}节点", "header_en": f"{m.header_en} by",
             "type": "date", "source": DATE_PREFIX + m.key},
            {"key": f"ms_{m.key}_state", "header_zh": f"{m.header_zh}状态", "header_en": f"{m.header_en} status",
             "type": "status", "source": STATE_PREFIX + m.key},
        ]
    if milestones:
        specs.append({"key": "next_milestone", "header_zh": "当前节点", "header_en": "Next milestone",
                      "type": "text", "source": NEXT, "width": 10})
    return specs


def is_done(value: Any) -> bool:
    """A done marker: a date, or a yes-like word."""
    if value is None:
        return False
    if isinstance(value, date):
        return True
    text = cell_text(value).lower()
    if not text:
        return False
    if text in DONE_WORDS:
        return True
    try:
        return parse_date(text) is not None
    except ParseError:
        return False


def evaluate(milestones: Sequence[Milestone], deadline: Optional[date], done: bool, markers: Sequence[Any],
             as_of: date, warning_days: int, words: Mapping[str, str], state_of) -> Tuple[
                 List[Optional[date]], List[str], Optional[str], Optional[date]]:
    """(milestone dates, milestone states, name of the next open one, the date the item is chased by).

    ``state_of(deadline, done, as_of, warning_days, words)`` is the ledger's deadline rule, so a milestone
    is 逾期/临期/正常 exactly as an item would be.
    """
    dates = [None if deadline is None else deadline - timedelta(days=m.offset_days) for m in milestones]
    states, next_name, chased_by = [], None, deadline
    for m, when, marker in zip(milestones, dates, markers):
        finished = done or is_done(marker)
        states.append(state_of(when, finished, as_of, warning_days, words)[1])
        if not finished and next_name is None and when is not None:
            next_name, chased_by = m.header_zh, when
    if next_name is None and not done and deadline is not None:
        next_name = words.get("final", "")  # every milestone done: the final deadline is next
    return dates, states, next_name, chased_by
