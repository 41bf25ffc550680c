#!/usr/bin/env bash
# The test suite on QGIS 3.40 LTR: a Debian trixie chroot with QGIS and the Python packages from Debian,
# pytest-qgis from a wheel downloaded on the host.
#
#   scripts/trixie_chroot.sh build CHROOT WHEEL   build CHROOT once (again only when this file or WHEEL changes)
#   scripts/trixie_chroot.sh test CHROOT [ARGS]   run `python3 -m pytest -q ARGS` (default: tests) in it
#
# Needs root and debootstrap. Mounts live in a private mount namespace (unshare), so they end with the
# command, also when it fails or is killed: nothing stays mounted inside CHROOT.
set -euo pipefail

SUITE=trixie
MIRROR=http://deb.debian.org/debian
# Debian's names for requirements.txt's run-time packages, plus what the tests call: qgis_process, lrelease,
# for the PostGIS tests a PostgreSQL/PostGIS server, ogr2ogr and psycopg2 (the Makefile's postgres target),
# poppler's pdfinfo/pdftotext/pdftoppm for the atlas (pdftools) and a CJK font, without which the atlas PDF has
# no Chinese text at all, LibreOffice Calc for the ledger round trip's re-save, git for the package's file list.
PACKAGES="qgis python3-qgis qgis-providers python3-shapely python3-pandas python3-openpyxl python3-docx python3-pytest
python3-pip qttools5-dev-tools locales-all postgresql postgis postgresql-postgis python3-psycopg2 gdal-bin
poppler-utils fonts-noto-cjk libreoffice-calc-nogui git"
REPO=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "trixie_chroot: $*" >&2; exit 1; }

# Inside CHROOT with /proc, /dev, a fresh /tmp and the given extra binds (src:dst[:ro] ...); runs "$@" via bash -c.
in_chroot() {
	local root=$1 binds=$2; shift 2
	unshare --mount --propagation private -- bash -euo pipefail -c '
		root=$1 binds=$2; shift 2
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		mount -t tmpfs tmpfs "$root/tmp"
		for bind in $binds; do
			IFS=: read -r src dst mode <<<"$bind"
			mkdir -p "$root$dst"
			mount --bind "$src" "$root$dst"
			[ "$mode" != ro ] || mount -o remount,bind,ro "$root$dst"
		done
		exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
			LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/runtime \
			PYTHONDONTWRITEBYTECODE=1 bash -euo pipefail -c "$*"
	' in_chroot "$root" "$binds" "$@"
}

# Refuse to delete a tree with anything mounted below it.
remove_tree() {
	if findmnt -rn -o TARGET | grep -q "^$1/"; then die "$1 has mounts below it; not removing it"; fi
	rm -rf "$1"
}

build() {
	local root=$1 wheel=$2
	[ -f "$wheel" ] || die "no wheel $wheel"
	mkdir -p "$(dirname "$root")"
	exec 9>"$root.lock"
	flock 9  # one build at a time per chroot
	local key
	key=$(cat "$0" "$wheel" | sha256sum | cut -c1-16)
	if [ -f "$root/.stamp" ] && [ "$(cat "$root/.stamp")" = "$key" ]; then
		return 0
	fi
	local target=$root
	if [ -f "$root/.stamp" ]; then  # built before from another package list or wheel: install on top
		echo "Updating the Debian $SUITE chroot in $root..."
		rm "$root/.stamp"
	else
		command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"
		target=$root.new
		remove_tree "$target"
		echo "Building the Debian $SUITE chroot with QGIS 3.40 in $root (2-13 minutes, by the machine's load)..."
		debootstrap --variant=minbase "$SUITE" "$target" "$MIRROR" >"$target.log" 2>&1 || {
			tail -20 "$target.log"; die "debootstrap failed (log: $target.log)"; }
		rm -f "$target.log"
		echo "  base system in ${SECONDS} s; installing QGIS and the Python packages..."
	fi
	cp /etc/resolv.conf "$target/etc/resolv.conf"
	# A throw-away tree: dpkg need not fsync every file it unpacks (the slow part on a busy disk).
	echo force-unsafe-io >"$target/etc/dpkg/dpkg.cfg.d/land_supervision-unsafe-io"
	mkdir -p "$target/root/wheels"
	cp "$wheel" "$target/root/wheels/"
	# shellcheck disable=SC2086  # the package list is word-split on purpose
	in_chroot "$target" "" "apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $PACKAGES) \
		>/var/log/land_supervision_install.log 2>&1 || { tail -20 /var/log/land_supervision_install.log; exit 1; }
		python3 -m pip install -q --no-index --no-deps --break-system-packages --root-user-action=ignore \
			--force-reinstall /root/wheels/*.whl
		rm -rf /root/wheels && apt-get clean"
	echo "$key" >"$target/.stamp"
	if [ "$target" != "$root" ]; then
		remove_tree "$root"
		mv "$target" "$root"
	fi
	in_chroot "$root" "" "python3 -c 'from qgis.core import Qgis; print(\"QGIS\", Qgis.version())'"
	echo "  chroot built in ${SECONDS} s"
}

run_tests() {
	local root=$1; shift
	[ -f "$root/.stamp" ] || die "no chroot in $root: run 'make test-qgis340'"
	local binds="$REPO:$REPO"
	# The public real-world files beside the repository, read-only, where the tests look for them.
	local realdata
	realdata=$(dirname "$REPO")/shared/realdata
	[ ! -d "$realdata" ] || binds="$binds $realdata:$realdata:ro"
	local args="${*:-tests}"
	# pytest-qgis 5 keeps QGIS's settings in the repository's .qgis-settings: start each run without them.
	# The PostGIS tests' throw-away cluster lives in the chroot's own /tmp, apart from the host's under .build/pg.
	in_chroot "$root" "$binds" "mkdir -m 700 -p /tmp/runtime && cd '$REPO' && rm -rf .qgis-settings \
		&& export PG_CLUSTER_DIR=/tmp/landsup-pg \
		&& python3 -c 'from qgis.core import Qgis; print(\"QGIS\", Qgis.version(), \"in Debian $SUITE\")' \
		&& python3 -m pytest -q -p no:cacheprovider $args"
}

case "${1:-}" in
	build) build "$2" "$3" ;;
	test) root=$2; shift 2; run_tests "$root" "$@" ;;
	*) die "usage: $0 build CHROOT WHEEL | test CHROOT [pytest args]" ;;
esac
