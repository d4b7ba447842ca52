# lib.bash - small helpers shared by the tests/e2e scripts (sourced, not run).

# free_port: a loopback port nobody listens on (bounded tries), below the
# kernel's ephemeral range (ip_local_port_range, 32768 and up here), where
# the outgoing connections of other tests would take it between this test
# and the server's bind.
free_port() {
	local i p lo
	read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
	[ "$lo" -gt 12000 ] || lo=32768
	for i in $(seq 1 50); do
		p=$(( 10000 + (RANDOM * 32768 + RANDOM) % (lo - 10000) ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# wait_for SECONDS COMMAND...: retries COMMAND every 0.2 s until it succeeds.
wait_for() {
	local deadline=$(( $(date +%s) + $1 ))
	shift
	while [ "$(date +%s)" -lt "$deadline" ]; do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

# npm_tools: prints a node_modules directory holding the npm packages the
# schema checks use (pinned versions), installing them on first use into the
# build directory (OOMSCAN_NPM_DIR overrides). Fails when node or npm is
# missing or the install fails (no network): callers skip then.
OOMSCAN_NPM_PACKAGES=(kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 @grafana/schema@13.2.3 typescript@5.9.3)
npm_tools() {
	local dir=${OOMSCAN_NPM_DIR:-$(dirname "${OOMSCAN_BIN:?}")/npm-tools}
	command -v node > /dev/null && command -v npm > /dev/null || return 1
	if [ ! -f "$dir/.installed" ] || [ "$(cat "$dir/.installed")" != "${OOMSCAN_NPM_PACKAGES[*]}" ]; then
		mkdir -p "$dir" || return 1
		timeout 300 npm install --prefix "$dir" --no-audit --no-fund --silent \
			"${OOMSCAN_NPM_PACKAGES[@]}" > "$dir/install.log" 2>&1 || return 1
		echo "${OOMSCAN_NPM_PACKAGES[*]}" > "$dir/.installed"
	fi
	echo "$dir/node_modules"
}
