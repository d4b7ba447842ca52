#!/usr/bin/env bash
# prometheus_tls_auth.sh - a real Prometheus scrapes `oomscan serve` over TLS
# with basic auth from --web.config.file, and SIGHUP reloads that file.
#
# A self-signed certificate (openssl) and a bcrypt hash (htpasswd, or
# python3's crypt module as a fallback) are made in a temporary directory.
# Prometheus (loopback, scrape_interval 1s) must see up == 1; after the
# password in the web config changes and serve gets SIGHUP, scrapes must fail
# (up == 0); an invalid web config on SIGHUP keeps the old one in force.
# Every wait is bounded; processes are stopped by pid. Exit 77 (skip) when
# a tool is missing.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

BIN=${OOMSCAN_BIN:?OOMSCAN_BIN not set}

for tool in prometheus curl jq openssl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 77
	fi
done

TMP=$(mktemp -d /tmp/oomscan-tls-e2e.XXXXXX)
SERVE_PID=
PROM_PID=
cleanup() {
	[ -n "$PROM_PID" ] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null
	[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	echo "--- oomscan serve log:"; tail -n 30 "$TMP/serve.log" 2>/dev/null
	echo "--- prometheus log:"; tail -n 30 "$TMP/prometheus.log" 2>/dev/null
	exit 1
}

# bcrypt PASSWORD: prints a $2y$/$2b$ hash (htpasswd, mkpasswd, a tiny C
# program on libcrypt, or python3's crypt module, whichever works first).
bcrypt() {
	local h=
	if command -v htpasswd >/dev/null 2>&1; then
		h=$(htpasswd -nbBC 5 x "$1" | sed -n 's/^x://p')
	fi
	if [ -z "$h" ] && command -v mkpasswd >/dev/null 2>&1; then
		h=$(mkpasswd -m bcrypt -R 5 "$1" 2>/dev/null)
	fi
	if [ -z "$h" ] && command -v cc >/dev/null 2>&1; then
		[ -x "$TMP/bcrypt" ] || {
			printf '%s\n' '#include <crypt.h>' '#include <stdio.h>' \
				'int main(int c, char **v) { char s[64]; const char *h;' \
				'if (c < 2 || !crypt_gensalt_rn("$2b$", 5, NULL, 0, s, sizeof(s))) return 1;' \
				'h = crypt(v[1], s); if (!h || h[0] == 0x2a) return 1; puts(h); return 0; }' \
				> "$TMP/bcrypt.c"
			cc -o "$TMP/bcrypt" "$TMP/bcrypt.c" -lcrypt 2>/dev/null
		}
		[ -x "$TMP/bcrypt" ] && h=$("$TMP/bcrypt" "$1")
	fi
	if [ -z "$h" ]; then
		h=$(python3 -W ignore -c 'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32)))' "$1" 2>/dev/null)
	fi
	echo "$h"
}
H1=$(bcrypt "scrape-pass-1")
H2=$(bcrypt "scrape-pass-2")
case "$H1$H2" in
'$2'*'$2'*) ;;
*) echo "SKIP: no way to make a bcrypt hash (htpasswd, mkpasswd, cc with libcrypt or python3 crypt)"; exit 77 ;;
esac


P1=$(free_port) || fail "no free port"
P2=$(free_port) || fail "no free port"
[ "$P1" != "$P2" ] || P2=$(( P1 + 1 ))

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-keyout "$TMP/key.pem" -out "$TMP/cert.pem" >/dev/null 2>&1 || fail "openssl req failed"
write_web_config() {
	cat > "$TMP/web.yml" <<EOF
# oomscan e2e
tls_server_config:
  cert_file: cert.pem
  key_file: key.pem
basic_auth_users:
  prometheus: '$1'
EOF
}
write_web_config "$H1"

: > "$TMP/kern.log"
"$BIN" serve --follow "$TMP/kern.log" --state-file "$TMP/state.json" \
	--web.config.file "$TMP/web.yml" --web.listen-address "127.0.0.1:$P1" >"$TMP/serve.log" 2>&1 &
SERVE_PID=$!

code() { curl -sk --max-time 5 -o /dev/null -w '%{http_code}' "$@"; }
ready() { [ "$(code -u prometheus:scrape-pass-1 "https://127.0.0.1:$P1/-/ready")" = 200 ]; }
wait_for 20 ready || fail "oomscan serve never became ready over TLS on port $P1"
[ "$(code "https://127.0.0.1:$P1/metrics")" = 401 ] || fail "no credentials were not refused"
[ "$(code -u prometheus:wrong "https://127.0.0.1:$P1/metrics")" = 401 ] || fail "a wrong password was not refused"
[ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P1/metrics")" != 200 ] ||
	fail "plain HTTP answered on the TLS port"

echo -n "scrape-pass-1" > "$TMP/password"
cat > "$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: oomscan
    scheme: https
    tls_config:
      insecure_skip_verify: true
    basic_auth:
      username: prometheus
      password_file: $TMP/password
    static_configs:
      - targets: ['127.0.0.1:$P1']
EOF
prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/data" \
	--web.listen-address="127.0.0.1:$P2" --log.level=warn >"$TMP/prometheus.log" 2>&1 &
PROM_PID=$!

query() {
	curl -s --max-time 5 --get --data-urlencode "query=$1" \
		"http://127.0.0.1:$P2/api/v1/query" | jq -r '.data.result[0].value[1] // empty' 2>/dev/null
}
up_is() { [ "$(query 'up{job="oomscan"}')" = "$1" ]; }
wait_for 60 up_is 1 || fail "Prometheus never scraped oomscan over TLS with basic auth"
[ -n "$(query 'oomscan_events_total{job="oomscan",kind="oom_kill"}')" ] || fail "no oomscan metrics in Prometheus"

# An invalid web config on SIGHUP keeps the old one: scrapes still succeed.
echo "basic_auth_users: [broken" > "$TMP/web.yml"
kill -HUP "$SERVE_PID"
sleep 3
ready || fail "an invalid web config replaced the working one"
up_is 1 || fail "scrapes failed after an invalid web config was refused"

# A new password on SIGHUP: Prometheus's old one stops working.
write_web_config "$H2"
kill -HUP "$SERVE_PID"
wait_for 30 up_is 0 || fail "scrapes still succeed after the password changed"
[ "$(code -u prometheus:scrape-pass-2 "https://127.0.0.1:$P1/-/healthy")" = 200 ] ||
	fail "the new password does not work"
kill -0 "$SERVE_PID" 2>/dev/null || fail "oomscan serve died"

echo "PASS: TLS + basic auth scrape, reload keeps a good config and applies a new one"
exit 0
