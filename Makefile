# Land Supervision — developer commands. `make demo` and `make test` set up
# everything they need on a fresh Debian 12 machine (as root) and are quick
# when already set up.

SHELL := /bin/bash
PLUGIN := land_supervision
DEBIAN_PY := /usr/bin/python3
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
BUILD := $(CURDIR)/.build
PLUGINPATH := $(BUILD)/plugins
QGIS_PROCESS := /usr/bin/qgis_process.bin
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
export QT_QPA_PLATFORM := offscreen
export QGIS_PLUGINPATH := $(PLUGINPATH)
export XDG_RUNTIME_DIR := $(BUILD)/runtime
export PYTHONDONTWRITEBYTECODE := 1
# The static Qt6 check runs under this PyQt6 from pip, kept in .build/qt6 (never in the venv).
PYQT6 := PyQt6==6.11.0
QT6_DIR := $(BUILD)/qt6
# The suite on QGIS 3.40 LTR: a Debian trixie chroot built once into .build/trixie (scripts/trixie_chroot.sh).
TRIXIE := $(BUILD)/trixie
PYTEST_QGIS_TRIXIE := 5.0.2
TRIXIE_WHEEL := $(BUILD)/wheels/pytest_qgis-$(PYTEST_QGIS_TRIXIE)-py3-none-any.whl

.PHONY: setup qgis postgres pdftools libreoffice venv pluginlink test test-matrix test-qgis340 demo sample-data \
	package validate qt6-check transup transcompile bench clean

setup: qgis postgres venv pluginlink

# QGIS 3.22 from Debian; skipped when Debian's python already imports qgis.core.
qgis:
	@if ! $(DEBIAN_PY) -c 'import qgis.core' 2>/dev/null || [ ! -x $(QGIS_PROCESS) ] || ! command -v lrelease >/dev/null; then \
		echo "Installing QGIS from Debian (about 90 s)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			qgis python3-qgis qgis-providers python3-venv qttools5-dev-tools pyqt5-dev-tools >/dev/null; \
	fi

# PostgreSQL/PostGIS for the PostGIS tests (a throw-away cluster under .build/pg, scripts/pg_cluster.sh),
# and psycopg2 for the server-side overlay; no system service is started.
postgres:
	@if ! ls /usr/lib/postgresql/*/lib/postgis-3.so >/dev/null 2>&1 || ! $(DEBIAN_PY) -c 'import psycopg2' 2>/dev/null; then \
		echo "Installing PostgreSQL and PostGIS from Debian..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			postgresql postgis python3-psycopg2 >/dev/null; \
	fi

# poppler-utils: the atlas tests read the PDF back (pdfinfo, pdftotext, pdftoppm); a CJK font, without which
# the atlas and letters have no Chinese glyphs at all on a fresh machine.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
pdftools:
	@if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v pdfinfo >/dev/null \
			|| [ ! -e $(CJK_FONT) ]; then \
		echo "Installing poppler-utils and fonts-noto-cjk from Debian..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils fonts-noto-cjk >/dev/null; \
	fi

# LibreOffice headless re-saves a returned ledger in the round-trip tests (a second spreadsheet program).
libreoffice:
	@command -v soffice >/dev/null || { echo "Installing LibreOffice Calc (headless)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }

# The venv comes from Debian's python (a pyenv python3 cannot import qgis).
venv: $(VENV)/.stamp
$(VENV)/.stamp: requirements.txt constraints.txt
	@$(MAKE) --no-print-directory qgis
	@[ -x $(PY) ] || $(DEBIAN_PY) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	@touch $@

# QGIS and qgis_process load the plugin as $(PLUGIN) from $(PLUGINPATH).
pluginlink:
	@mkdir -p $(PLUGINPATH) $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	@ln -sfn $(CURDIR) $(PLUGINPATH)/$(PLUGIN)

test: setup pdftools libreoffice transcompile
	$(PY) -m pytest -q tests

# QGIS 3.22 (make test), then QGIS 3.40 LTR in the trixie chroot (2-13 minutes to build the first time).
test-matrix: test test-qgis340

test-qgis340: transcompile $(TRIXIE_WHEEL)
	@command -v debootstrap >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
	scripts/trixie_chroot.sh build $(TRIXIE) $(TRIXIE_WHEEL)
	scripts/trixie_chroot.sh test $(TRIXIE)

$(TRIXIE_WHEEL):
	@$(MAKE) --no-print-directory venv
	$(PY) -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: -d $(BUILD)/wheels \
		pytest-qgis==$(PYTEST_QGIS_TRIXIE)

demo: setup pdftools transcompile
	$(PY) scripts/run_demo.py --output $(CURDIR)/output

sample-data: setup
	$(PY) scripts/make_sample_data.py --output sample_data

bench: setup
	$(PY) benchmarks/run_all.py

transup: setup
	$(PY) scripts/update_ts.py

transcompile: qgis
	@lrelease -silent i18n/$(PLUGIN)_zh_CN.ts -qm i18n/$(PLUGIN)_zh_CN.qm

package: transcompile
	$(DEBIAN_PY) scripts/package.py --output dist/$(PLUGIN)-$(VERSION).zip

validate: setup package qt6-check
	$(PY) scripts/validate_package.py dist/$(PLUGIN)-$(VERSION).zip
	$(PY) -m flake8 .

# Every name the code takes from qgis.PyQt must exist in PyQt6 (QGIS 4).
qt6-check: $(QT6_DIR)/.stamp-$(PYQT6)
	PYTHONPATH=$(QT6_DIR) $(DEBIAN_PY) scripts/check_qt6.py
$(QT6_DIR)/.stamp-$(PYQT6):
	@$(MAKE) --no-print-directory venv
	rm -rf $(QT6_DIR)
	$(PY) -m pip install -q --disable-pip-version-check --target $(QT6_DIR) $(PYQT6)
	@touch $@

clean:
	rm -rf $(BUILD) dist output .pytest_cache
