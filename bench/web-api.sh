#!/usr/bin/env bash
# Web API benchmark (activity-service): creates of an email with 3 parties (full speed, and a steady 300/s),
# $filter+$top=50 reads, and page 1 against page 1,000 of a 100,000-row read, against the whole local platform
# on this machine. Uses what was built last (run ./mvnw package -DskipTests first). Everything it starts, it stops;
# scratch goes to target/bench. Options go to the load generator, e.g. bench/web-api.sh -Dclients=64 -Dseconds=30,
# or -Dphases=creates,steady for the create figures only. Figures are warm: 180 s of creates and reads at full
# speed come first (-Dwarmup=<seconds>), and the steady phase starts 10 s after the full-speed one (-Dsettle). With
# JFR=<file>, activity-service is recorded with JFR's profile settings from the first request to the last (jcmd),
# e.g. JFR=target/bench/activity.jfr (the recording itself costs the service a few % of the machine).
# MAILROOM_ACTIVITY_JVM_OPTIONS replaces activity-service's JVM options (local-stack README).
# Last, the full-speed creates again from wrk (installed from the Debian packages if missing; WRK=0 skips it): the
# same document, 32 connections, 20 s (WRK_SECONDS). The JDK load generator costs about 0.37 ms of CPU per request
# on the same 2 cores as the service (15% of the machine at 815 creates/s, Web API run 10); wrk costs a small
# fraction of that, so its figure is the closer one to what the service does when its clients are elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
if [[ "${WRK:-1}" != 0 ]] && ! command -v wrk > /dev/null; then
    echo "Installing wrk (the HTTP load generator)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk > "$out/apt-wrk.log"
fi

# The load generator is one user: lift the per-user service protection limits (6,000 requests per 5 minutes by
# default), so the figures measure the engine, not the limits.
export ACTIVITY_SECURITY_LIMITS_REQUESTS=1000000000 ACTIVITY_SECURITY_LIMITS_EXECUTION_TIME=1000000000s
export ACTIVITY_SECURITY_LIMITS_CONCURRENT=100000
source bench/platform.sh
start_platform "$out/web-api-platform.log"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
# This checkout's activity-service (other checkouts' tests may run one too).
activity_pid=""
for pid in $(jcmd -l | awk '/activity-service\/target\/quarkus-app\/quarkus-run\.jar/ {print $1}'); do
    [[ "$(readlink -f /proc/"$pid"/cwd)" == "$PWD"* ]] && activity_pid=$pid
done
if [[ -n "${JFR:-}" ]]; then
    jcmd "$activity_pid" JFR.start name=webapi settings=profile > /dev/null
fi
java -Dtoken="$TOKEN" "$@" bench/WebApiLoad.java | tee "$out/web-api.txt"
if [[ "${WRK:-1}" != 0 ]]; then
    sleep "${WRK_SETTLE:-10}"
    echo "creates from wrk, 32 connections, full speed (load before: $(cut -d' ' -f1-3 /proc/loadavg)):" \
        | tee -a "$out/web-api.txt"
    wrk -t 2 -c 32 -d "${WRK_SECONDS:-20}s" --latency -s bench/web-api-creates.lua http://127.0.0.1:8081 \
        | tee -a "$out/web-api.txt"
fi
if [[ -n "${JFR:-}" ]]; then
    jcmd "$activity_pid" JFR.stop name=webapi filename="$(realpath -m "$JFR")" > /dev/null
    echo "JFR recording of activity-service: $JFR"
fi
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
