# lib.bash - small helpers shared by the tests/e2e scripts (sourced, not run).

# free_port: a loopback port nobody listens on (bounded tries).
free_port() {
	local i p
	for i in $(seq 1 50); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
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
