"""The dependency check and the install command named for each platform (core.deps)."""
from __future__ import annotations

import sys
import types

from land_supervision.core import deps

PACKAGES = '"shapely>=2,<3" "pandas>=2,<3" openpyxl'


def test_install_command_per_platform():
    debian = lambda version: {"ID": "debian", "VERSION_ID": version}  # noqa: E731
    ubuntu = lambda version: {"ID": "ubuntu", "VERSION_ID": version}  # noqa: E731
    # Windows: QGIS's own Python in the OSGeo4W Shell; numpy stays the one QGIS ships
    assert deps.install_command(platform="win32", release={}, numpy="1.26.4") == (
        "osgeo4w", f'python -m pip install --user {PACKAGES} "numpy==1.26.4"')
    # Debian 13 and Ubuntu 24.04 package shapely 2: the distribution's packages
    assert deps.install_command(platform="linux", release=debian("13"), numpy="2.2.4") == (
        "apt", "sudo apt install python3-shapely python3-pandas python3-openpyxl")
    assert deps.install_command(platform="linux", release=ubuntu("24.04"), numpy="1.26.4")[0] == "apt"
    # Debian 12 (shapely 1.8) needs pip, past PEP 668's marker, for the user only
    assert deps.install_command(platform="linux", release=debian("12"), numpy="1.24.2") == (
        "pip", f'python3 -m pip install --user --break-system-packages {PACKAGES} "numpy==1.24.2"')
    # Ubuntu 22.04's pip has no such marker (nor option); other systems the same plain line
    assert deps.install_command(platform="linux", release=ubuntu("22.04"), numpy="1.21.5") == (
        "pip", f'python3 -m pip install --user {PACKAGES} "numpy==1.21.5"')
    assert deps.install_command(platform="darwin", release={}, numpy=None) == (
        "pip", f"python3 -m pip install --user {PACKAGES}")
    # an optional package: its own names, no numpy pin
    assert deps.optional_install_command("docx", platform="linux", release=debian("12")) == (
        "pip", "python3 -m pip install --user --break-system-packages python-docx")
    assert deps.optional_install_command("docx", platform="linux", release=debian("13")) == (
        "apt", "sudo apt install python3-docx")


def test_os_release(tmp_path):
    path = tmp_path / "os-release"
    path.write_text('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n# c\n', encoding="utf-8")
    assert deps.os_release(str(path)) == {"PRETTY_NAME": "Debian GNU/Linux 12 (bookworm)", "ID": "debian",
                                          "VERSION_ID": "12"}
    assert deps.os_release(str(tmp_path / "none")) == {}


def test_an_old_shapely_counts_as_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "shapely", types.SimpleNamespace(__version__="1.8.5"))
    assert deps.missing() == ["shapely>=2"]
    monkeypatch.setitem(sys.modules, "shapely", types.SimpleNamespace(__version__="2.1.0"))
    assert deps.missing() == []
