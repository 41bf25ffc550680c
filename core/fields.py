"""Field mapping: find the fields an analysis needs in a real layer.

Matching is case-insensitive over an alias list from
``resources/config/fields/<kind>.json`` (one file per kind of input);
an explicit user choice wins. A missing required field raises an error that
names the field and every accepted name, so the user knows what to rename.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence

from .config import load_config
from .messages import Notice, Problem


class MissingFieldError(Problem):
    """Names the field as the user knows it (its label, else its first accepted name), never the internal key;
    the glue adds the fix its dialog offers (a field chooser, or renaming)."""

    def __init__(self, key: str, aliases: Sequence[str], layer: str = "", label: str = ""):
        self.key, self.aliases, self.layer = key, list(aliases), layer
        self.label = label or (self.aliases[0] if self.aliases else key)
        super().__init__("Layer '{layer}' has no {field} field; accepted names: {names}.",
                         layer=layer, field=self.label, names=", ".join(self.aliases))


@dataclass
class FieldMap:
    """Resolved names: ``names[key]`` is the layer's field name or None."""

    names: Dict[str, Optional[str]]
    warnings: List[Notice] = field(default_factory=list)

    def __getitem__(self, key: str) -> Optional[str]:
        return self.names.get(key)

    def has(self, key: str) -> bool:
        return self.names.get(key) is not None


def schema(kind: str) -> Dict[str, dict]:
    """Field specs of one kind of input (``fields/<kind>.json``); keys starting with ``_`` are notes."""
    return load_config("fields/" + kind)


def find(available: Sequence[str], aliases: Sequence[str]) -> Optional[str]:
    """First of ``aliases`` present in ``available``, compared case-insensitively."""
    lowered = {name.lower(): name for name in available}
    for alias in aliases:
        hit = lowered.get(alias.lower())
        if hit is not None:
            return hit
    return None


DBF_NAME_BYTES = 10  # a shapefile field name is at most 10 bytes: 5 Chinese characters in GBK, 3 in UTF-8


def _cut_name(name: str) -> bool:
    """Whether ``name`` looks cut at the DBF limit: non-ASCII and filling (nearly) 10 bytes in GBK or UTF-8."""
    if name.isascii():
        return False
    sizes = []
    for codec in ("gb18030", "utf-8"):
        try:
            sizes.append(len(name.encode(codec)))
        except UnicodeEncodeError:
            continue
    return any(DBF_NAME_BYTES - 2 <= size <= DBF_NAME_BYTES for size in sizes)


def find_cut(available: Sequence[str], aliases: Sequence[str]) -> Optional[str]:
    """The one field of ``available`` that is an alias cut at the DBF limit (e.g. 约定动工日 for 约定动工日期)."""
    hits = {name for name in available if _cut_name(name)
            and any(len(alias) > len(name) and alias.startswith(name) for alias in aliases)}
    return hits.pop() if len(hits) == 1 else None


def resolve(
    available: Sequence[str],
    kind: str,
    chosen: Optional[Mapping[str, Optional[str]]] = None,
    layer: str = "",
) -> FieldMap:
    """Map every key of schema ``kind`` to a field of ``available``.

    ``chosen`` holds explicit user choices (empty values mean auto-detect).
    """
    specs = schema(kind)
    chosen = chosen or {}
    names: Dict[str, Optional[str]] = {}
    for key, spec in specs.items():
        if key.startswith("_"):
            continue
        explicit = chosen.get(key)
        if explicit:
            hit = find(available, [explicit])
            if hit is None:
                raise MissingFieldError(key, [explicit], layer, spec.get("label", ""))
            names[key] = hit
        else:
            names[key] = find(available, spec.get("aliases", [key]))
    result = FieldMap(names)
    taken = {name for name in names.values() if name}
    for key, spec in specs.items():
        if key.startswith("_") or names.get(key):
            continue
        cut = find_cut([n for n in available if n not in taken], spec.get("aliases", [key]))
        if cut is not None:
            names[key] = cut
            taken.add(cut)
            full = next(a for a in spec.get("aliases", [key]) if a.startswith(cut))
            result.warnings.append(Notice(
                "Field {cut!r} in {layer} taken as {full!r} (a shapefile field name cut at {bytes} bytes); choose "
                "the field under Advanced Parameters if that is wrong.", cut=cut, layer=layer or "the layer", full=full,
                bytes=DBF_NAME_BYTES))
    for key, spec in specs.items():
        if key.startswith("_") or not spec.get("required") or names.get(key):
            continue
        fallback = spec.get("fallback")
        if fallback and names.get(fallback):
            result.warnings.append(Notice(
                "{layer}: no {field} field; {field} derived from {source!r} through the code table.",
                layer=layer or "the layer", field=key.upper(), source=names[fallback]))
            continue
        aliases = list(spec.get("aliases", [key]))
        if fallback:
            aliases += specs[fallback].get("aliases", [fallback])
        raise MissingFieldError(key, aliases, layer, spec.get("label", ""))
    return result
