#!/usr/bin/env bash
# Bulk mail end to end against the machine's SMTP ceiling, in one run (issue 9's benchmark):
#   1. installs Postfix (smtp-sink, smtp-source) if missing, as bench/router-throughput.sh does;
#   2. the ceiling: smtp-source -s 20 -m $COUNT -l 2048 into smtp-sink, dumping every message, the median of
#      CEILING_ROUNDS (3) rounds once the cores are idle (measured again right
#      after the measured job, the services then idle: the ratio is reported against both);
#   3. the embedded Kafka and PostgreSQL, then activity-service, router-service (sending to a fresh smtp-sink) and
#      bulk-mail-service, each its packaged jar; $COUNT contacts and a template seeded by bench/BulkSeed.java;
#   4. "fan-out alone" (ALONE=1, the default): before router-service starts, after a warm-up job (WARM_FANOUT=1, the
#      default: the same job once more, cold, its emails never sent), one SendBulkMail over all of them, so
#      that only bulk-mail-service and what its fan-out needs run (activity-service's query API and its storing of
#      the created emails, PostgreSQL, Kafka): its rate (emails created between the job's startedon and completedon)
#      and the CPU each process spent per recipient; router-service then starts and sends its emails, so that the
#      next step measures a warm router (WARM_ROUTER=0: they are never sent, bench/BulkPhase.java moving the
#      router's group past them before a cold router starts);
#   5. one SendBulkMail over all of them with the whole pipeline running; reported: its
#      fan-out rate (the same measure, while the router and activity-service drain beside it) and CPU per recipient,
#      the end-to-end rate from the request to the last Sent, beside the ceiling, every Message-ID at the sink
#      exactly once, every email row of that job Sent, and the stack's peak memory over both jobs; then the sends
#      after the fan-out as a phase of their own (Succeeded seen to the last Sent): the CPU per email sent in it of
#      every process (smtp-sink and this script's own polls included) and how busy the machine was.
# Usage: bench/bulk-mail.sh [--no-build]. Env: COUNT (100000), SEND_RATE (router.send-rate.per-mailbox, high: the
# job has one sender), MAX_SECONDS (how long the sends may take, default the larger of an hour and COUNT/25 s),
# NMT (1: also each service's native memory by category, from the JVM's native memory tracking), ALONE (0: skip
# step 4), WARM_ROUTER (1, the default: the router starts after step 4 and sends that job's emails before step 5,
# so that step 5 measures a warm router; 0: those emails are skipped and step 5 starts a cold router), BULK_MAIL_APP
# (another build's bulk-mail-service quarkus-app directory), STATEMENTS (1, the default: PostgreSQL per statement after
# the fan-out, from pg_stat_statements; 0: not loaded), SAMPLE_EVERY (5: after the fan-out, a memory sample every
# fifth status poll; 1: every poll, as before), WAITS_MS (50: PostgreSQL's active backends sampled that often after
# the fan-out; it was 10, and the sampler with the backend answering it cost the measured machine several per cent),
# PROFILE (1, the default: a JFR recording per service, settings=profile; 0: none, for a figure measured without the
# profiler's own cost; run it with STATEMENTS=0 as well to leave out every diagnostic that runs on the measured machine).
# Results (also in target/bench/bulk/results.txt) and JFR recordings (settings=profile) in target/bench/bulk; it
# stops what it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/target/bench/bulk
count=${COUNT:-100000}
max_seconds=${MAX_SECONDS:-$(( count / 25 > 3600 ? count / 25 : 3600 ))}
rm -rf "$out" && mkdir -p "$out" && chmod 777 "$out"
# Every line of the report also goes to results.txt, for the benchmark's record in docs/benchmarks.md.
exec > >(tee "$out/results.txt") 2>&1
pids=()
cleanup() {
    # The PostgreSQL sampler runs in a subshell (a function sent to the background): killing the subshell would leave
    # its JVM running, holding the benchmark lock it inherited. The file it waits for makes it end by itself.
    [ -f "$out/waits.start" ] && touch "$out/waits.stop"
    [ -f "$out/ceiling-sink.pid" ] && kill -TERM "$(cat "$out/ceiling-sink.pid")" 2>/dev/null
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

if ! command -v smtp-sink > /dev/null; then
    echo "Installing postfix (smtp-sink, smtp-source)..."
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix > "$out/apt.log"
fi
if [ "${1:-}" != "--no-build" ]; then
    echo "Building the services (./mvnw package -DskipTests)..."
    ./mvnw -q -B -pl activity-service,router-service,bulk-mail-service -am package -DskipTests
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
dumped() { grep -c -i '^Message-Id:' "$1" 2>/dev/null || true; }
# CPU ticks (user + system, 1/100 s) the given processes have used so far (as bench/router-throughput.sh reads them).
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }

echo "Bulk mail benchmark, $count contacts, $(date -u +%FT%TZ)"
echo "Load before: $(uptime)"
# Waits (up to 60 s) until the cores are at most 10% busy over a second: after the job, PostgreSQL's autovacuum and
# the kernel's writeback of the dumps would otherwise run beside the second ceiling and lower it. Says how long it took.
settle() {
    local cores waited=0 before after
    cores=$(nproc)
    while [ "$waited" -lt 60 ]; do
        before=$(machine_ticks); sleep 1; after=$(machine_ticks); waited=$((waited + 1))
        [ $((after - before)) -le $((cores * 10)) ] && break
    done
    echo "  (the machine settled for the ceiling in ${waited} s)" >&2
}
# 2. The ceiling: smtp-source into a fresh dumping smtp-sink; prints messages/s.
measure_ceiling() {
    local port sink_pid started seconds
    port=$(free_port)
    smtp-sink -u postfix -D "$out/ceiling.dump" -c "127.0.0.1:$port" 1000 > /dev/null &
    sink_pid=$!
    echo "$sink_pid" > "$out/ceiling-sink.pid"  # a subshell's child: the cleanup finds it here
    sleep 0.5
    started=$(now)
    smtp-source -s 20 -m "$count" -l 2048 "127.0.0.1:$port"
    seconds=$(echo "$(now) - $started" | bc -l)
    kill -TERM "$sink_pid"; wait "$sink_pid" 2>/dev/null || true
    rm -f "$out/ceiling.dump" "$out/ceiling-sink.pid"
    echo "$count / $seconds" | bc -l
}
# The median of CEILING_ROUNDS (3) rounds back to back, each round named: on this host one round moves by 15% from the
# next with nothing else running (3,914-5,181/s in six rounds, 29 Nov). Measured before the job and again right after
# it (the services then idle); the end-to-end rate is reported against both.
median_ceiling() {
    local rounds=() i
    settle
    for i in $(seq 1 "${CEILING_ROUNDS:-3}"); do rounds+=("$(measure_ceiling)"); done
    printf '  (%s: %s messages/s)\n' "$1" "$(printf '%s\n' "${rounds[@]}" | xargs printf '%.0f, ' | sed 's/, $//')" >&2
    printf '%s\n' "${rounds[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ceiling=$(median_ceiling "ceiling rounds before the job")
ceiling_seconds=$(echo "$count / $ceiling" | bc -l)
printf 'SMTP ceiling (median of %d rounds): %d messages in %.2f s = %.0f messages/s\n' "${CEILING_ROUNDS:-3}" \
    "$count" "$ceiling_seconds" "$ceiling"

# 3. The stack, the services, the data.
# Heaps sized instead of left large: a collector fills whatever maximum it is given before it collects, so a long
# run's memory was its maximum heaps (3,144 MB PSS at 100,000 with 768, 512 and 512 MB). The largest heap after any
# collection in a 10,000 run was 60 MB (activity-service), 116 MB (router-service) and 146 MB (bulk-mail-service).
# Native memory: two malloc arenas per process (glibc otherwise keeps up to 8 per core, each holding freed memory
# of many threads), and freed native memory (the JIT's arenas above all) given back every 5 s.
export MALLOC_ARENA_MAX=2
stack_cp="local-stack/target/classes:$(cat local-stack/target/classes/dev/mailroom/localstack/stack-classpath.txt)"
# pg_stat_statements (shipped with the embedded binaries, loaded only at server start) times each statement after
# the fan-out, as bench/router-throughput.sh does per drain; STATEMENTS=0 leaves it out.
pg_settings="shared_preload_libraries=pg_stat_statements;pg_stat_statements.track_planning=on"
[ "${STATEMENTS:-1}" = 1 ] || pg_settings=""
java -Xmx512m -XX:+UseSerialGC -Dmailroom.postgres.settings="$pg_settings" -cp "$stack_cp" \
    dev.mailroom.localstack.LocalStackMain \
    --data-dir "$out/stack" --ready-file "$out/stack.ready" --only kafka,postgres > "$out/stack.log" 2>&1 &
pids+=($!)
stack_pid=$!
for _ in $(seq 1 1500); do [ -f "$out/stack.ready" ] && break; sleep 0.2; done
prop() { grep "^$1=" "$out/stack.ready" | cut -d= -f2- | sed 's/\\:/:/g'; }
pg_stats() { java -cp "$stack_cp" bench/PgStats.java "$(prop postgres.jdbc-url)" "$(prop postgres.username)" \
    "$(prop postgres.password)" "$@"; }
export KAFKA_BOOTSTRAP_SERVERS=$(prop kafka.bootstrap-servers) QUARKUS_DATASOURCE_JDBC_URL=$(prop postgres.jdbc-url)
export QUARKUS_DATASOURCE_USERNAME=$(prop postgres.username) QUARKUS_DATASOURCE_PASSWORD=$(prop postgres.password)
export QUARKUS_HTTP_HOST=127.0.0.1
# Tokens of the stack's local identity provider, wired as the local run wires them (local-stack's MailroomService).
identity=$out/stack/identity
export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$identity/signing-key.pub.pem MP_JWT_VERIFY_ISSUER=https://identity.mailroom.local
export MP_JWT_VERIFY_AUDIENCES=mailroom MAILROOM_SERVICE_TOKEN_LOCAL_IDENTITY_DIR=$identity
export ACTIVITY_SECURITY_ADMINISTRATOR_OBJECT_ID=6d61696c-726f-4f6d-8000-00000000ad01
export ACTIVITY_SECURITY_SERVICES_OBJECT_ID=6d61696c-726f-4f6d-8000-00000000ad02
export MAILROOM_CREDENTIALS_KEY=uDB/SLmSNDo6ONLWf1MWrrlkX+w3xE0rFOeLY3aPg1M=
sink_port=$(free_port)
smtp-sink -u postfix -D "$out/sent.dump" -c "127.0.0.1:$sink_port" 1000 > /dev/null &
pids+=($!)
sink_pid=$!
activity_port=$(free_port)
declare -A service_pid
# A service's packaged application: its module's, or another build's (BULK_MAIL_APP: a copy of bulk-mail-service's
# target/quarkus-app, to measure an earlier build of it beside the same stack).
app() { if [ "$1" = bulk-mail-service ] && [ -n "${BULK_MAIL_APP:-}" ]; then echo "$BULK_MAIL_APP"; else
    echo "$1/target/quarkus-app"; fi; }
service() {  # service NAME PORT HEAP [VAR=VALUE | -Dkey=value ...]
    local name=$1 port=$2 heap=$3; shift 3
    local vars=() props=() arg
    for arg in "$@"; do case $arg in -D*) props+=("$arg") ;; *) vars+=("$arg") ;; esac; done
    local jfr=()
    [ "${PROFILE:-1}" = 1 ] && jfr=(-XX:StartFlightRecording=filename="$out/$name.jfr",settings=profile)
    [ "${NMT:-0}" = 1 ] && props+=(-XX:NativeMemoryTracking=summary)
    # GC_OPTS: extra collector settings for the three services (none by default); each collection's CPU time is
    # logged (gc+cpu, stamped in ms since the epoch) so that the phases' figures can say how much of a service's CPU
    # went to collecting (execution samples in a JFR recording never see the collector's thread).
    # shellcheck disable=SC2086
    env QUARKUS_HTTP_PORT="$port" "${vars[@]}" java "-Xmx$heap" -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 \
        ${GC_OPTS:-} -Xlog:gc+cpu=info:file="$out/$name-gc.log":timemillis \
        "${props[@]}" \
        "${jfr[@]}" \
        -jar "$(app "$name")/quarkus-run.jar" > "$out/$name.log" 2>&1 &
    pids+=($!)
    service_pid[$name]=$!
    for _ in $(seq 1 1200); do
        curl -sf "http://127.0.0.1:$port/q/health/ready" > /dev/null && return 0
        kill -0 "${pids[-1]}" 2>/dev/null || { tail -30 "$out/$name.log"; exit 1; }
        sleep 0.25
    done
    echo "$name was not ready"; exit 1
}
# Every bulk email carries its one-click unsubscribe link (List-Unsubscribe), as in production.
unsubscribe_secret=$(head -c 24 /dev/urandom | base64)
service activity-service "$activity_port" 320m MAILROOM_UNSUBSCRIBE_SECRET="$unsubscribe_secret"
service bulk-mail-service "$(free_port)" 320m BULKMAIL_ACTIVITY_SERVICE_URL="http://127.0.0.1:$activity_port" \
    MAILROOM_UNSUBSCRIBE_URL="http://127.0.0.1:$activity_port/unsubscribe" MAILROOM_UNSUBSCRIBE_SECRET="$unsubscribe_secret"
template=$(python3 -c 'import uuid; print(uuid.uuid4())')
tag=Bench$RANDOM
java -cp "$stack_cp" bench/BulkSeed.java "$QUARKUS_DATASOURCE_JDBC_URL" "$QUARKUS_DATASOURCE_USERNAME" \
    "$QUARKUS_DATASOURCE_PASSWORD" "$count" "$tag" "$template"
api=http://127.0.0.1:$activity_port/api/data/v9.2
TOKEN=$(java -cp "$stack_cp" dev.mailroom.localstack.identity.MintToken "$identity" \
    "$ACTIVITY_SECURITY_ADMINISTRATOR_OBJECT_ID" 4)
auth="Authorization: Bearer $TOKEN"
contact() { curl -sf -D - -o /dev/null -H "$auth" -H 'Content-Type: application/json' -d "{\"lastname\":\"$1\"}" \
    "$api/contacts" | grep -i '^OData-EntityId' | sed -E 's/.*\(([0-9a-f-]+)\).*/\1/'; }
regarding=$(contact Campaign)

# Memory of the whole stack: Kafka (in the stack process), PostgreSQL (the postmaster, which embedded-postgres
# starts detached, and its backends) and the three services. Proportional set size (smaps_rollup Pss), so
# PostgreSQL's shared buffers are counted once, not once per backend as summing RSS would. RSS is summed as well, as
# the issue asks for it (it counts shared pages once per process, so it is the larger figure). Each part's own peak
# is kept too, so a figure over the target says which process to look at.
descendants() { local pid; for pid in $(pgrep -P "$1"); do echo "$pid"; descendants "$pid"; done; }
parts=(stack postgres activity-service router-service bulk-mail-service)
declare -A part_peak
for part in "${parts[@]}"; do part_peak[$part]=0; done
peak=0
peak_rss=0
postmaster=""
# One memory sample a second, in three processes (ps, pgrep until the postmaster is known, one awk for every part):
# a process per PostgreSQL backend and per smaps file cost the measured machine about a fifth of a core.
sample() {
    local pss=0 rss=0 part p r roots
    [ -z "$postmaster" ] && postmaster=$(pgrep -f "bin/postgres -D $out/stack" | head -1)
    roots="stack:$stack_pid postgres:${postmaster:-0} activity-service:${service_pid[activity-service]:-0} \
router-service:${service_pid[router-service]:-0} bulk-mail-service:${service_pid[bulk-mail-service]:-0}"
    # stack and postgres with their descendants (the stack's Kafka, PostgreSQL's backends), the services alone.
    while read -r part p r; do
        [ "$p" -gt "${part_peak[$part]}" ] && part_peak[$part]=$p
        pss=$((pss + p)); rss=$((rss + r))
    done < <(ps -e -o pid=,ppid= | awk -v roots="$roots" '
        { children[$2] = children[$2] " " $1 }
        function add(pid, tree,   n, i, kids, line, file) {
            file = "/proc/" pid "/smaps_rollup"
            while ((getline line < file) > 0) {
                if (line ~ /^Pss:/) { split(line, f); pss += f[2] } else if (line ~ /^Rss:/) { split(line, f); rss += f[2] }
            }
            close(file)
            if (!tree) return
            n = split(children[pid], kids, " ")
            for (i = 1; i <= n; i++) add(kids[i], 1)
        }
        END {
            n = split(roots, r, " ")
            for (i = 1; i <= n; i++) {
                split(r[i], pr, ":"); pss = 0; rss = 0
                if (pr[2] != 0) add(pr[2], pr[1] == "stack" || pr[1] == "postgres")
                print pr[1], pss + 0, rss + 0
            }
        }')
    [ "$pss" -gt "$peak" ] && peak=$pss
    [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
    true
}

# "pid ticks" of PostgreSQL's processes (the postmaster, which embedded-postgres starts detached, and its backends).
pg_ticks() {
    local postmaster p
    postmaster=$(pgrep -f "bin/postgres -D $out/stack" | head -1)
    [ -z "$postmaster" ] && return 0
    for p in "$postmaster" $(descendants "$postmaster"); do
        [ -r "/proc/$p/stat" ] && echo "$p $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)"
    done
    true
}
# Ticks PostgreSQL used between two pg_ticks readings (a backend that started in between counts from 0).
pg_ticks_used() { awk 'NR == FNR { before[$1] = $2; next } { used += $2 - before[$1] } END { print used + 0 }' \
    <(echo "$1") <(echo "$2"); }
# CPU readings: "bulk activity router kafka machine" ticks and the time, and PostgreSQL's ticks per process.
cpu_now() {
    cpu_reading="$(cpu_ticks "${service_pid[bulk-mail-service]}") $(cpu_ticks "${service_pid[activity-service]}") \
$(cpu_ticks ${service_pid[router-service]:-}) $(cpu_ticks "$stack_pid") $(machine_ticks) $(now) \
$(cpu_ticks "$sink_pid") $(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)"
    pg_reading=$(pg_ticks)
}
field() { curl -sf -H "$auth" "$api/asyncoperations($job)" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
# The job's status and counts, read by one request and parsed by bash itself: the polls run every second while the
# machine is measured, and a Python start per figure cost about 0.1 s of CPU each. Sets job_status, job_sent,
# job_failed.
poll_job() {
    local body number='"[[:space:]]*:[[:space:]]*([0-9]+)'
    body=$(curl -sf -H "$auth" "$api/asyncoperations($job)")
    [[ $body =~ \"statuscode$number ]] && job_status=${BASH_REMATCH[1]}
    [[ $body =~ \"mailroom_sent$number ]] && job_sent=${BASH_REMATCH[1]}
    [[ $body =~ \"mailroom_failed$number ]] && job_failed=${BASH_REMATCH[1]}
    true
}
# bulk_job REGARDING LABEL: one SendBulkMail over every contact; returns when the job has Succeeded, having printed
# its fan-out rate and the CPU each process spent per recipient between the first poll that saw it In Progress and
# the one that saw it Succeeded (polls about a second apart). Sets job, start, fanned_out.
bulk_job() {
    local status cpu_start="" pg_start="" fanout skipped fanout_seconds
    start=$(now)
    job=$(curl -sf -H "$auth" -H 'Content-Type: application/json' -d "{\"Sender\": {\"@odata.type\": \
\"Microsoft.Dynamics.CRM.systemuser\", \"systemuserid\": \"6d61696c-726f-4f6d-8000-000000000002\"}, \
\"TemplateId\": \"$template\", \"RegardingType\": \"contact\", \"RegardingId\": \"$1\", \
\"Query\": \"contacts?\$filter=lastname eq '$tag'\"}" "$api/SendBulkMail" | python3 -c \
        'import json,sys; print(json.load(sys.stdin)["AsyncOperationId"])')
    echo "Bulk job $job over $count contacts ($2)"
    while true; do
        poll_job
        status=$job_status
        [ "$status" = 31 ] && { field friendlymessage; exit 1; }
        if [ "$status" = 20 ] && [ -z "$cpu_start" ]; then cpu_now; cpu_start=$cpu_reading; pg_start=$pg_reading; fi
        [ "$status" = 30 ] && break
        sample
        sleep 1
    done
    cpu_now
    fanned_out=$(now)
    [ -z "$cpu_start" ] && echo "  (the job was never seen In Progress: no CPU figure)"
    fanout=$(curl -sf -H "$auth" "$api/asyncoperations($job)" | python3 -c '
import json, sys
from datetime import datetime
j = json.load(sys.stdin)
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
seconds = (t(j["completedon"]) - t(j["startedon"])).total_seconds()
print("%d %d %.2f" % (j["mailroom_created"], j["mailroom_skipped"], seconds))')
    read -r created skipped fanout_seconds <<< "$fanout"
    printf 'Fan-out, %s: %d emails created, %d skipped in %.2f s = %.0f recipients/s (target 5,000)\n' \
        "$2" "$created" "$skipped" "$fanout_seconds" "$(echo "$created / $fanout_seconds" | bc -l)"
    [ -z "$cpu_start" ] && return 0
    cpu_per "In Progress to Succeeded seen" recipient "$created" "$cpu_start" "$pg_start"
}
# cpu_per LABEL UNIT N START_READING START_PG: the CPU each process spent per UNIT (N of them) between the given
# reading and cpu_reading / pg_reading, and how busy the machine's cores were.
cpu_per() {
    local b0 a0 r0 k0 m0 t0 s0 x0 b1 a1 r1 k1 m1 t1 s1 x1 n=$3
    read -r b0 a0 r0 k0 m0 t0 s0 x0 <<< "$4"
    read -r b1 a1 r1 k1 m1 t1 s1 x1 <<< "$cpu_reading"
    local pg_used; pg_used=$(pg_ticks_used "$5" "$pg_reading")
    # ticks are 10 ms: 10,000 us per tick over the units.
    printf '  CPU us per %s (%s, %.1f s): bulk-mail-service %.0f, activity-service %.0f, router-service %.0f, PostgreSQL %.0f, Kafka (stack) %.0f, smtp-sink %.0f, this script (polls, memory samples) %.0f; machine %.0f (%.0f%% of its cores busy)\n' \
        "$2" "$1" "$(echo "$t1 - $t0" | bc -l)" \
        "$(echo "10000 * ($b1 - $b0) / $n" | bc -l)" "$(echo "10000 * ($a1 - $a0) / $n" | bc -l)" \
        "$(echo "10000 * (${r1:-0} - ${r0:-0}) / $n" | bc -l)" "$(echo "10000 * $pg_used / $n" | bc -l)" \
        "$(echo "10000 * ($k1 - $k0) / $n" | bc -l)" "$(echo "10000 * ($s1 - $s0) / $n" | bc -l)" \
        "$(echo "10000 * ($x1 - $x0) / $n" | bc -l)" "$(echo "10000 * ($m1 - $m0) / $n" | bc -l)" \
        "$(echo "100 * ($m1 - $m0) / ($(nproc) * 100 * ($t1 - $t0))" | bc -l)"
    printf '    of which garbage collection (gc+cpu logs): bulk-mail-service %.0f, activity-service %.0f, router-service %.0f\n' \
        "$(gc_us bulk-mail-service "$t0" "$t1" "$n")" "$(gc_us activity-service "$t0" "$t1" "$n")" \
        "$(gc_us router-service "$t0" "$t1" "$n")"
}
# gc_us SERVICE FROM TO UNITS: the CPU (user + system) of the service's collections that began between two readings
# of now(), in us per unit.
gc_us() {
    [ -r "$out/$1-gc.log" ] || { echo 0; return; }
    awk -v from="$2" -v to="$3" -v n="$4" '
        match($0, /^\[[0-9]+ms\]/) {
            at = substr($0, 2, RLENGTH - 4) / 1000
            if (at >= from && at <= to && match($0, /User=[0-9.]+s Sys=[0-9.]+s/)) {
                split(substr($0, RSTART, RLENGTH), f, /[= ]/); used += f[2] + f[4]
            }
        }
        END { print 1000000 * used / n }' "$out/$1-gc.log"
}

# 4. The fan-out alone: no router consumes yet, so only bulk-mail-service and what the fan-out needs run.
bootstrap=$KAFKA_BOOTSTRAP_SERVERS
published=0
# A warm-up job first (WARM_FANOUT=1, the default): the services' first job runs while their JIT still compiles
# (in B6 every process spent 20-40% more CPU per recipient in it than in later jobs), and a deployed service has run
# for days, so the figure for the fan-out alone is its second job. The warm-up is reported too (cold); its
# email-pending records are skipped for the router, so its emails are never sent and the sink's count is unchanged.
if [ "${WARM_FANOUT:-1}" = 1 ] && [ "${ALONE:-1}" = 1 ]; then
    bulk_job "$(contact 'Campaign warm-up')" "warm-up: the services' first job, cold (its emails never sent)"
    published=$((published + created))
    java -cp "$stack_cp" bench/BulkPhase.java wait-published "$bootstrap" email-pending "$published"
    java -cp "$stack_cp" bench/BulkPhase.java wait-consumed "$bootstrap" activity-service email-created
    java -cp "$stack_cp" bench/BulkPhase.java skip "$bootstrap" router-service email-pending
fi
if [ "${ALONE:-1}" = 1 ]; then
    bulk_job "$(contact 'Campaign alone')" "bulk-mail-service alone (no router consuming)"
    # Its events published and its emails stored by activity-service before the second job starts; the router will
    # start after every email-pending record of this job, so none of them is ever sent.
    published=$((published + created))
    java -cp "$stack_cp" bench/BulkPhase.java wait-published "$bootstrap" email-pending "$published"
    java -cp "$stack_cp" bench/BulkPhase.java wait-consumed "$bootstrap" activity-service email-created
    [ "${WARM_ROUTER:-1}" = 1 ] || java -cp "$stack_cp" bench/BulkPhase.java skip "$bootstrap" router-service email-pending
    printf '  its events published and stored %.1f s after its request\n' "$(echo "$(now) - $start" | bc -l)"
fi
# One sender for the whole job: its send budget must not be what limits the run.
service router-service "$(free_port)" 256m QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$sink_port" \
    ROUTER_SEND_RATE_PER_MAILBOX="${SEND_RATE:-1000000}" \
    -Dmp.messaging.incoming.email-pending.throttled.unprocessed-record-max-age.ms=0
# (on a saturated machine a pending email can wait over 60 s for its send: the throttled commit strategy would
# then fail the router's email-pending channel for good, and the run would never finish; 0 turns that check off.
# A system property, not an environment variable: the variable's name cannot say where "email-pending" ends.)

# PostgreSQL's backends sampled from Succeeded to the last Sent of the measured job: which statements wait, and on
# what. The sampler starts here, so that its JVM's start and compilation fall outside the measured phases.
if [ "${STATEMENTS:-1}" = 1 ]; then
    rm -f "$out/waits.start" "$out/waits.stop"
    pg_stats waits "$out/waits.start" "$out/waits.stop" > "$out/waits.txt" 2>&1 &
    waits_pid=$!
    pids+=("$waits_pid")
fi
# A warm router: it sends the first job's emails before the measured job starts, as a router that has been running
# for a while would be. Started fresh, it spends the measured job compiling (about 8,700 methods JIT-compiled during
# it, 1.1 ms of CPU per email against 0.3-0.5 warm). The sink's count of those messages is kept, so that the measured
# job's messages are counted on their own and every Message-ID of both jobs is checked exactly once.
warm_messages=0 warm_unique=0
if [ "${ALONE:-1}" = 1 ] && [ "${WARM_ROUTER:-1}" = 1 ]; then
    warm_started=$(now)
    while poll_job; [ $(( job_sent + job_failed )) -lt "$created" ]; do
        sample
        sleep 2
        [ "$(echo "$(now) - $warm_started > $max_seconds" | bc)" = 1 ] && { echo "the warm-up job never finished"; exit 1; }
    done
    until [ "$(dumped "$out/sent.dump")" -ge "$created" ]; do sleep 1; done
    warm_messages=$(dumped "$out/sent.dump")
    warm_unique=$(grep -i '^Message-Id:' "$out/sent.dump" | sort -u | wc -l)
    printf '  the router warmed by sending that job: %d messages at the sink, %d Sent and %d Failed, in %.1f s\n' \
        "$warm_messages" "$job_sent" "$job_failed" "$(echo "$(now) - $warm_started" | bc -l)"
fi

# 5. The same send with the whole pipeline running: the fan-out beside the router's drain, and end to end.
bulk_job "$regarding" "bulk-mail-service with the whole pipeline running"
# The second phase, from Succeeded seen to the last Sent: the sends after the fan-out. Its CPU per email of every
# process, and the Sent count every 10 s (with the job's created count at Succeeded, to show how far the sends lag).
poll_job
succeeded_reading=$cpu_reading succeeded_pg=$pg_reading sent_at_succeeded=$job_sent
[ "${STATEMENTS:-1}" = 1 ] && pg_stats reset && touch "$out/waits.start"
echo "  Sent when Succeeded was seen: $sent_at_succeeded"
# The poll stays once a second (it dates the last Sent); what it costs this script is kept small: the memory sample
# (ps, and awk reading every process's smaps_rollup, the kernel walking each JVM's and backend's mappings) is taken
# every SAMPLE_EVERY polls (default 5: the stack's memory moves over seconds, and a peak held for less than that
# is not what the target is about), and the time limit is checked by bash's own clock instead of a date and a bc.
polls=0
sample_every=${SAMPLE_EVERY:-5}
deadline=$(( ${start%.*} + ${max_seconds%.*} ))
while true; do
    poll_job
    sent=$job_sent
    [ $(( job_sent + job_failed )) -ge "$count" ] && break
    [ $((polls % sample_every)) = 0 ] && sample
    polls=$((polls + 1))
    [ $((polls % 10)) = 0 ] && printf '  %.0f s after Succeeded: %d Sent\n' "$(echo "$(now) - $fanned_out" | bc -l)" "$sent"
    sleep 1
    [ "${EPOCHSECONDS}" -gt "$deadline" ] && { echo "not all Sent within $max_seconds s"; break; }
done
ended=$(now)
[ "${STATEMENTS:-1}" = 1 ] && touch "$out/waits.stop"
cpu_now
cpu_per "Succeeded seen to the last Sent seen" "email sent in it" "$(( count - sent_at_succeeded ))" \
    "$succeeded_reading" "$succeeded_pg"
if [ "${STATEMENTS:-1}" = 1 ]; then
    echo "  PostgreSQL per statement after Succeeded (pg_stat_statements; ms; per email = per email sent in it):"
    pg_stats statements "$(( count - sent_at_succeeded ))" | tee "$out/statements.txt"
    wait "$waits_pid"
    echo "  PostgreSQL's backends after Succeeded, sampled every ${WAITS_MS:-50} ms (average number in each state):"
    cat "$out/waits.txt"
fi
echo "  PostgreSQL's tables with the most dead rows at the last Sent:"
pg_stats tables
end_seconds=$(echo "$ended - $start" | bc -l)
rate=$(echo "$count / $end_seconds" | bc -l)
sleep 3
all_messages=$(dumped "$out/sent.dump")
total=$(( all_messages - warm_messages ))
all_unique=$(grep -i '^Message-Id:' "$out/sent.dump" | sort -u | wc -l)
unique=$(( all_unique - warm_unique ))
# Every row read back through the Web API, page by page ($count stops at 5,000, as Dataverse's does).
sent_rows=$(API="$api" AUTH="$auth" REGARDING="$regarding" python3 -c '
import json, os, urllib.parse, urllib.request
url = os.environ["API"] + "/emails?$select=activityid&$filter=" + urllib.parse.quote(
    "statuscode eq 3 and _regardingobjectid_value eq " + os.environ["REGARDING"])
rows = 0
while url:
    request = urllib.request.Request(url, headers={"Authorization": os.environ["AUTH"].split(": ", 1)[1],
                                                   "Prefer": "odata.maxpagesize=5000"})
    page = json.load(urllib.request.urlopen(request))
    rows += len(page["value"])
    url = page.get("@odata.nextLink")
print(rows)')
printf 'End to end: %d emails from the request to the last Sent in %.2f s = %.0f emails/s\n' \
    "$count" "$end_seconds" "$rate"
printf '  = %.0f%% of the SMTP ceiling (target 50%%)\n' "$(echo "100 * $rate / $ceiling" | bc -l)"
ceiling_after=$(median_ceiling "ceiling rounds right after the job")
printf '  the ceiling measured again right after it (the services idle): %.0f messages/s; the rate = %.0f%% of it\n' \
    "$ceiling_after" "$(echo "100 * $rate / $ceiling_after" | bc -l)"
printf 'Exactly once: %d messages at the sink, %d distinct Message-IDs; %d email rows Sent; %d expected\n' \
    "$total" "$unique" "$sent_rows" "$count"
[ "$warm_messages" = 0 ] || printf '  both jobs: %d messages at the sink, %d distinct Message-IDs (of which the alone job, sent to warm the router: %d and %d)\n' \
    "$all_messages" "$all_unique" "$warm_messages" "$warm_unique"
printf '  phases: request to Succeeded seen %.1f s, then to the last Sent seen %.1f s\n' \
    "$(echo "$fanned_out - $start" | bc -l)" "$(echo "$ended - $fanned_out" | bc -l)"
printf 'Peak memory of the stack and the three services: PSS %.0f MB, summed RSS %.0f MB (target < 2,500 MB)\n' \
    "$(echo "$peak / 1024" | bc -l)" "$(echo "$peak_rss / 1024" | bc -l)"
for part in "${parts[@]}"; do
    printf '  %-18s peak PSS %5.0f MB\n' "$part" "$(echo "${part_peak[$part]} / 1024" | bc -l)"
done
printf '  %-18s heap after a full collection at the end: %s\n' stack "$(jcmd "$stack_pid" GC.run > /dev/null 2>&1;
    jcmd "$stack_pid" GC.heap_info 2>/dev/null | awk '/generation/ { for (i = 1; i < NF; i++) if ($i == "used")
        { v = $(i + 1); sub(/K,?$/, "", v); kib += v } } END {printf "%.0f MB", kib / 1024}')"
# The live heap each service kept: the largest heap in use just after a collection, from its JFR recording.
[ "${PROFILE:-1}" = 1 ] && for name in activity-service router-service bulk-mail-service; do
    kill -0 "${service_pid[$name]}" 2>/dev/null && jcmd "${service_pid[$name]}" JFR.dump name=1 \
        filename="$out/$name.jfr" > /dev/null 2>&1 || true
    printf '  %-18s heap after GC, largest: %s MB\n' "$name" "$(jfr print --events jdk.GCHeapSummary \
        "$out/$name.jfr" 2>/dev/null | awk '/when = "After GC"/ {after=1} after && /heapUsed/ {
            v=$3; u=$4; if (u ~ /kB/) v/=1024; else if (u ~ /GB/) v*=1024; if (v>m) m=v; after=0 } END {printf "%.0f", m}')"
done
# NMT=1: where each service's memory outside the heap went (committed, by the JVM's native memory tracking).
if [ "${NMT:-0}" = 1 ]; then
    for name in activity-service router-service bulk-mail-service; do
        echo "  $name native memory, committed MB:"
        jcmd "${service_pid[$name]}" VM.native_memory summary scale=MB 2>/dev/null | grep -E '^-' |
            sed -E 's/^- *([A-Za-z ]+) \(reserved=[0-9]+MB, committed=([0-9]+)MB\).*/    \1 \2/'
    done
fi
printf 'Failed: %s\n' "$(field mailroom_failed)"
echo "Load after: $(uptime)"
