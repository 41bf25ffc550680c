"""Configuration is data: JSON tables under ``resources/`` (architecture §6).

Every table ships with national defaults; a user file with the same name in a
user folder overrides it key by key, so a hand-edited entry never hides the
rest of the defaults.
"""
from __future__ import annotations

import copy
import json
import os
from typing import Any, Optional

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCES_DIR = os.path.join(PLUGIN_DIR, "resources")
CONFIG_DIR = os.path.join(RESOURCES_DIR, "config")
TEMPLATES_DIR = os.path.join(RESOURCES_DIR, "templates")


class ConfigError(ValueError):
    """A configuration file is missing, unreadable or has a wrong entry."""


def resource_path(*parts: str) -> str:
    return os.path.join(RESOURCES_DIR, *parts)


def read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"configuration file not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read configuration file {path}: {exc}") from None


def merge(defaults: Any, override: Any) -> Any:
    """Deep-merge ``override`` onto ``defaults`` (dicts merge, anything else replaces)."""
    if isinstance(defaults, dict) and isinstance(override, dict):
        result = copy.deepcopy(defaults)
        for key, value in override.items():
            result[key] = merge(result[key], value) if key in result else copy.deepcopy(value)
        return result
    return copy.deepcopy(override)


def load_config(name: str, user_dir: Optional[str] = None) -> Any:
    """The shipped table ``resources/config/<name>.json`` merged with the user's copy, if any."""
    data = read_json(os.path.join(CONFIG_DIR, name + ".json"))
    if user_dir:
        user_path = os.path.join(user_dir, name + ".json")
        if os.path.exists(user_path):
            data = merge(data, read_json(user_path))
    return data
