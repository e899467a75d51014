#!/usr/bin/env bash
# Measures the local run: time from start to "ready", memory of the whole running stack, the latency of one
# email from SendEmail to Sent, and the time to stop. Uses what was built last (run bin/mailroom-local or
# ./mvnw package -DskipTests first). Everything it starts, it stops; scratch goes to target/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
api=http://127.0.0.1:8081/api/data/v9.2

source bench/platform.sh
start=$(date +%s%N)
start_platform "$out/local-run.log"
ready=$(date +%s%N)
echo "time to ready:      $(( (ready - start) / 1000000 )) ms"

# Memory: resident set of every JVM of the tree, proportional set (shared pages split) of PostgreSQL.
stack=$(pgrep -f "LocalStackMain --fixed-ports" | head -1)
jvm_kb=0
for pid in $stack $(pgrep -P "$stack"); do
    jvm_kb=$(( jvm_kb + $(awk '/^VmRSS/{print $2}' /proc/$pid/status) ))
done
pg_kb=0
for pid in $(pgrep -f "$PWD/target/local-run/postgres"; pgrep -x postgres || true); do
    [ -r /proc/$pid/smaps_rollup ] && pg_kb=$(( pg_kb + $(awk '/^Pss:/{print $2}' /proc/$pid/smaps_rollup) ))
done
echo "memory, JVMs (RSS): $(( jvm_kb / 1024 )) MiB"
echo "memory, PostgreSQL (PSS): $(( pg_kb / 1024 )) MiB"
echo "memory, whole stack: $(( (jvm_kb + pg_kb) / 1024 )) MiB"

# One email through the whole pipeline: SendEmail returns, then poll until statuscode 3 (Sent).
auth="Authorization: Bearer $TOKEN"
id=$(curl -si "$api/emails" -H "$auth" -H 'Content-Type: application/json' -d @deploy/requests/create-email.json \
    | grep -i OData-EntityId | sed -E 's/.*emails\(([^)]*)\).*/\1/' | tr -d '\r')
sent_start=$(date +%s%N)
curl -s -o /dev/null -X POST "$api/emails($id)/Microsoft.Dynamics.CRM.SendEmail" -H "$auth" \
    -H 'Content-Type: application/json' -d @deploy/requests/send-email.json
for _ in $(seq 1 600); do
    curl -s -H "$auth" "$api/emails($id)?\$select=statuscode" | grep -q '"statuscode":3' && break
    sleep 0.02
done
echo "SendEmail to Sent:  $(( ($(date +%s%N) - sent_start) / 1000000 )) ms (first email of a fresh stack)"

stop_start=$(date +%s%N)
kill -TERM -- -$launcher
wait $launcher 2>/dev/null || true
trap - EXIT
echo "time to stop:       $(( ($(date +%s%N) - stop_start) / 1000000 )) ms"
left=$(pgrep -f "quarkus-run.jar|s3proxy|$PWD/target/local-run/postgres" || true)
[ -z "$left" ] && echo "left running:       nothing" || { echo "left running: $left"; exit 1; }
