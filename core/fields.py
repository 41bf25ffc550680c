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


class MissingFieldError(ValueError):
    def __init__(self, key: str, aliases: Sequence[str], layer: str = ""):
        self.key, self.aliases, self.layer = key, list(aliases), layer
        where = f" in layer '{layer}'" if layer else ""
        super().__init__(
            f"Required field '{key}' not found{where}; accepted names: {', '.join(self.aliases)}. "
            "Rename the field or choose it in the field parameters."
        )


@dataclass
class FieldMap:
    """Resolved names: ``names[key]`` is the layer's field name or None."""

    names: Dict[str, Optional[str]]
    warnings: List[str] = field(default_factory=list)

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
                raise MissingFieldError(key, [explicit], layer)
            names[key] = hit
        else:
            names[key] = find(available, spec.get("aliases", [key]))
    result = FieldMap(names)
    for key, spec in specs.items():
        if key.startswith("_") or not spec.get("required") or names.get(key):
            continue
        fallback = spec.get("fallback")
        if fallback and names.get(fallback):
            result.warnings.append(
                f"Field '{key}' not found{' in ' + layer if layer else ''}; "
                f"derived from '{names[fallback]}' through the code table."
            )
            continue
        aliases = list(spec.get("aliases", [key]))
        if fallback:
            aliases += specs[fallback].get("aliases", [fallback])
        raise MissingFieldError(key, aliases, layer)
    return result
