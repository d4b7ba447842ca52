# shellcheck shell=bash
# lib.sh - helpers shared by scripts/quickstart.sh, scripts/test.sh and
# bench/compare.sh: install the Debian build dependencies when some are missing,
# configure and build one build directory, run the bundled sample.
#
# Sourced, not run. apt runs with -y and DEBIAN_FRONTEND=noninteractive and
# never prompts; sudo (used only when not root) may ask for a password on the
# controlling terminal, and runs with -n (never asks) when there is none.

OOMSCAN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OOMSCAN_JOBS=${OOMSCAN_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Debian 12 packages the build, the tests and the benchmarks need.
# libsystemd-dev is optional for the build (journal support) but installed so
# that CI covers it; prometheus runs the end-to-end scrape test; clang and
# libclang-rt-14-dev build the fuzz targets; time measures peak RSS;
# systemd (systemd-analyze verify), man-db (man -l), util-linux (setpriv)
# and python3-yaml (the manifests) serve the packaging tests;
# systemd-journal-remote writes the journal files of the --journal=DIR test.
OOMSCAN_DEPS=(
	build-essential gcc cmake pkg-config
	libpcre2-dev libcjson-dev libmicrohttpd-dev libcmocka-dev zlib1g-dev
	libsystemd-dev libcrypt-dev liblzma-dev libzstd-dev libbz2-dev xz-utils zstd bzip2
	prometheus clang libclang-rt-14-dev
	curl python3 gzip time chromium
	systemd man-db util-linux python3-yaml systemd-journal-remote
)
# Node.js runs the schema checks of the Kubernetes manifests and the Grafana
# dashboard (npm packages the tests install into the build directory). A
# Node.js from elsewhere that brings its own npm is kept as it is.
if ! command -v npm >/dev/null 2>&1; then
	OOMSCAN_DEPS+=(nodejs npm)
fi

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when root, else through sudo when it exists.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		# sudo asks for a password on the controlling terminal, if any.
		if (: </dev/tty) 2>/dev/null; then
			sudo "$@"
		else
			sudo -n "$@"
		fi
	else
		die "need root (or sudo) to run: $*"
	fi
}

# Prints the packages of OOMSCAN_DEPS that dpkg does not list as installed.
missing_deps() {
	local p
	for p in "${OOMSCAN_DEPS[@]}"; do
		case $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) in
		ii*) ;;
		*) printf '%s\n' "$p" ;;
		esac
	done
}

# Installs the missing dependencies: one apt-get update, one apt-get install.
# Skips apt entirely when everything is there (or on a machine without dpkg).
install_deps() {
	local missing
	if ! command -v dpkg-query >/dev/null 2>&1; then
		say "no dpkg-query: not Debian, skipping package installation"
		return 0
	fi
	mapfile -t missing < <(missing_deps)
	if [ "${#missing[@]}" -eq 0 ]; then
		say "build dependencies already installed"
		return 0
	fi
	say "installing: ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null ||
		die "apt-get update failed"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		"${missing[@]}" </dev/null || die "apt-get install failed"
}

# Prints DIR as an absolute path (relative ones are under the repository).
abs_dir() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s\n' "$OOMSCAN_ROOT/$1" ;;
	esac
}

# build_dir DIR [cmake -D options...]: configures DIR (relative to the
# repository) with the options and builds everything in it.
build_dir() {
	local dir
	dir=$(abs_dir "$1")
	shift
	say "configuring $dir $*"
	cmake -S "$OOMSCAN_ROOT" -B "$dir" "$@" </dev/null ||
		die "cmake configure of $dir failed"
	say "building $dir (-j$OOMSCAN_JOBS)"
	cmake --build "$dir" -j "$OOMSCAN_JOBS" </dev/null ||
		die "build of $dir failed"
}

# Runs DIR/oomscan on the bundled sample log and fails when it fails.
run_sample() {
	local bin sample=$OOMSCAN_ROOT/tests/data/samples/kern.log
	bin=$(abs_dir "$1")/oomscan
	[ -x "$bin" ] || die "$bin was not built"
	say "$1/oomscan tests/data/samples/kern.log"
	"$bin" "$sample" </dev/null || die "oomscan failed on the sample (exit $?)"
}
