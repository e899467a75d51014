#!/usr/bin/env bash
# Web API benchmark (activity-service): creates of an email with 3 parties (full speed, and a steady 300/s),
# $filter+$top=50 reads, and page 1 against page 1,000 of a 100,000-row read, against the whole local platform
# on this machine. Uses what was built last (run ./mvnw package -DskipTests first). Everything it starts, it stops;
# scratch goes to target/bench. Options go to the load generator, e.g. bench/web-api.sh -Dclients=64 -Dseconds=30.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"

setsid bin/mailroom-local --no-build > "$out/web-api-platform.log" 2>&1 &
launcher=$!
trap 'kill -TERM -- -$launcher 2>/dev/null || true; wait $launcher 2>/dev/null || true' EXIT
for _ in $(seq 1 900); do
    grep -q "Press Ctrl-C" "$out/web-api-platform.log" && break
    kill -0 $launcher 2>/dev/null || { cat "$out/web-api-platform.log"; exit 1; }
    sleep 0.2
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
java "$@" bench/WebApiLoad.java | tee "$out/web-api.txt"
