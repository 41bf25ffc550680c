"""Configuration is data: JSON tables under ``resources/`` (architecture §6).

Every table ships with national defaults; a user file with the same name in a
user folder overrides it key by key, so a hand-edited entry never hides the
rest of the defaults.
"""
from __future__ import annotations

import codecs
import copy
import json
import logging
import os
from typing import Any, Optional

from .messages import Problem

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCES_DIR = os.path.join(PLUGIN_DIR, "resources")
CONFIG_DIR = os.path.join(RESOURCES_DIR, "config")
TEMPLATES_DIR = os.path.join(RESOURCES_DIR, "templates")
LOG = logging.getLogger("land_supervision")


class ConfigError(Problem):
    """A configuration file is missing, unreadable or has a wrong entry."""


def resource_path(*parts: str) -> str:
    return os.path.join(RESOURCES_DIR, *parts)


def _decode(raw: bytes) -> str:
    """JSON text as editors save it: UTF-8 with or without a BOM (Notepad), or UTF-16 (BOM or not)."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if len(raw) >= 2 and raw[0] and not raw[1]:  # ASCII JSON in UTF-16 without a BOM: every second byte NUL
        return raw.decode("utf-16-le")
    if len(raw) >= 2 and not raw[0] and raw[1]:
        return raw.decode("utf-16-be")
    return raw.decode("utf-8")


def read_json(path: str) -> Any:
    try:
        with open(path, "rb") as handle:
            return json.loads(_decode(handle.read()))
    except FileNotFoundError:
        raise ConfigError("Configuration file not found: {path}", path=path) from None
    except IsADirectoryError:
        raise ConfigError("{path} is a folder, not a file", path=path) from None
    except UnicodeDecodeError as exc:
        raise ConfigError("{path} is not UTF-8 text ({reason} at byte {start}); save it as UTF-8", path=path,
                          reason=exc.reason, start=exc.start) from None
    except (OSError, ValueError) as exc:
        raise ConfigError("Cannot read the configuration file {path}: {detail}", path=path, detail=exc) from None


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
    if user_dir:
        # The user's copy is checked entry by entry: a wrong entry keeps its default and is logged,
        # so a hand-edited file never breaks an analysis (the settings dialog shows the same problems).
        from .usersettings import load_checked  # usersettings builds on this module

        data, problems = load_checked(name, user_dir)
        for entry, code, detail in problems:
            LOG.warning("user settings %s.json, entry %s: %s %s; the default is used", name, entry, code, detail)
        return data
    return read_json(os.path.join(CONFIG_DIR, name + ".json"))
