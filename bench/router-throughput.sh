#!/usr/bin/env bash
# Router throughput against the machine's SMTP ceiling, in one run (issue 7's benchmark):
#   1. installs Postfix (for smtp-sink and smtp-source) if missing; needs root for that and for smtp-sink -u;
#   2. the ceiling: smtp-source -s S -m $COUNT -l 2048 into smtp-sink (dumping every message, as in step 4), once per
#      S in CEILING_SESSIONS ("20 32 64 128"); the highest rate is the ceiling;
#   3. the embedded Kafka and PostgreSQL (local-stack's launcher, free ports), and ONE load generator for the whole
#      run (bench/PendingLoad.java --serve): it publishes the first backlog (WARMUP, or COUNT without warm-up) onto
#      email-pending, then stays up, warm, and publishes each later backlog when the script writes its size to the
#      generator's stdin (a FIFO). The measured backlog so comes from a producer that is JIT-compiled and connected,
#      not from a JVM compiling its source while the router is measured;
#   4. ONE router instance (the packaged jar, with a JFR recording) drains them into the same smtp-sink, which
#      dumps every message: the rate is counted at the sink, and every Message-ID must be there exactly once.
#   5. then (unless TWO=0) a second backlog drained by two router instances side by side.
#   Each drain also reports, for its measured window, the CPU per email of every process the script started (the
#   router, the launcher's JVM with the Kafka broker, PostgreSQL's processes, smtp-sink, the load generator), all read
#   from /proc at the window's two ends, and of the whole machine; the load generator's CPU between the measured
#   backlog's order and the window's start is reported apart. PostgreSQL's CPU is also split by role: the routers'
#   backends, autovacuum workers, the background processes (checkpointer, WAL writer, background writer, launchers)
#   and processes that exited in the window (the postmaster's reaped children). PostgreSQL's commits, rows and WAL
#   bytes per email follow, with the autovacuum runs (router schema, send ledger, outbox) and checkpoints that fell
#   between the two readings and the ledger's size. The ceiling reports its own CPU per message. Per thread, the
#   router's CPU and context switches per email by thread group (GC, JIT compilers, JFR, Kafka clients, event loops,
#   SMTP senders, ...; what JFR's execution samples cannot see), the Kafka broker's largest thread groups, and the
#   context switches per email of PostgreSQL, smtp-sink and the machine.
#   With WINDOWS (e.g. "1 8 32"), step 4 is repeated once per value of router.max-unrecorded-sends (the in-doubt
#   window), each on a fresh backlog of $COUNT, all against the ceiling of step 2. Each drain is followed by the
#   ceiling measured once more (at the session count that gave the highest rate), and its ratio against that too.
# Usage: bench/router-throughput.sh [--no-build]. Env: COUNT (20000), CONNECTIONS (router.smtp.connections, 32),
# CEILING_SESSIONS (smtp-source session counts tried for the ceiling, "20 32 64 128"),
# SEND_RATE (router.send-rate.per-mailbox; the backlog has one sender: high, so the shared budget is taken per
# batch but never limits), WARMUP (40000: emails the router sends before the measured backlog is published, so
# the figure is a warm router's, as in production where a router runs for days; 0 measures a cold start),
# ROUTER_JVM_OPTS (the router's JVM options, default -Xmx512m -Xms512m -Xmn256m -XX:+UseSerialGC), JFR (a JFR settings
# name, default "default"; "profile" samples more, and costs the router CPU; "off": no recording), ROUTER_JVM_OPTS_N
# and JFR_N (the same for the Nth drain only, to compare settings drain by drain in one run), PERF_DRAIN (N: a system-wide
# `perf record -F 199 -g` through the measured window of the Nth drain, reported by process and, for PostgreSQL, by
# function in target/bench/router/perf-*.txt; it costs the machine some CPU in that window; needs perf).
# STATEMENTS (1: PostgreSQL loads pg_stat_statements with planning tracked, and each drain prints its statements
# per measured email, from the measured backlog's publication to the routers' stop; 0: not loaded).
# Scratch and results go to target/bench/router; everything it starts, it stops.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/target/bench/router
count=${COUNT:-20000}
connections=${CONNECTIONS:-32}
warmup=${WARMUP:-40000}
# The router's default JVM: the serial collector with a fixed 256 MiB young generation, as the local stack runs the
# router (SerialGC there too). Run 21 compared it with this machine's default (G1 on 2 cores and 24 GB) drain by drain:
# the collector's own threads took about the same CPU per email (0.012 against 0.0165 ms, within the host's noise), so
# the choice does not move the figure; serial collection needs no concurrent GC threads on a 2-core machine whose
# other core runs PostgreSQL and smtp-sink, and this measures the collector the local stack ships.
router_jvm_opts=${ROUTER_JVM_OPTS:--Xmx512m -Xms512m -Xmn256m -XX:+UseSerialGC}
rm -rf "$out" && mkdir -p "$out" && chmod 777 "$out"
pids=()
cleanup() {
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
    echo "Building router-service (./mvnw package -DskipTests)..."
    ./mvnw -q -B -pl router-service -am package -DskipTests
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
# CPU ticks (user + system, 1/100 s) the given processes have used so far.
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# CPU ticks the whole machine has been busy so far (user, nice, system, irq, softirq, steal; all cores).
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# "pid ticks role" of the postmaster and each of its children (the backends of the connection pools, the WAL
# writer, the checkpointer, autovacuum workers...): PostgreSQL's processes are not children of the launcher's JVM.
# The role comes from the process title PostgreSQL sets. One more line, "exited TICKS exited", holds the CPU of the
# postmaster's children that have exited and been reaped (its cutime + cstime): an autovacuum worker or a backend
# that ends inside the window would otherwise vanish from the count.
pg_ticks() {
    local pm p title role
    pm=$(head -1 "$out/stack/postgres/data/postmaster.pid")
    for p in "$pm" $(pgrep -P "$pm"); do
        [ -r "/proc/$p/stat" ] || continue
        title=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null || true)
        case "$title" in
            *"autovacuum worker"*) role=autovacuum ;;
            *checkpointer*|*"background writer"*|*walwriter*|*launcher*|*archiver*|*"stats collector"*) role=background ;;
            *) role=$([ "$p" = "$pm" ] && echo background || echo backend) ;;
        esac
        echo "$p $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) $role"
    done
    echo "exited $(awk '{print $16 + $17}' "/proc/$pm/stat") exited"
    return 0
}
# Ticks PostgreSQL used between two pg_ticks readings: "total backend autovacuum background exited". A process that
# started in between counts from 0; one that exited in between is in the reaped children's CPU, from which the part
# it had used before the window (its ticks in BEFORE) is taken off.
pg_ticks_used() {  # pg_ticks_used BEFORE AFTER
    awk 'NR == FNR { before[$1] = $2; next }
         { d = $2 - ($1 in before ? before[$1] : 0); used[$3] += d; total += d; seen[$1] = 1 }
         END { for (p in before) if (!(p in seen)) { used["exited"] -= before[p]; total -= before[p] }
               print total + 0, used["backend"] + 0, used["autovacuum"] + 0, used["background"] + 0, used["exited"] + 0 }' \
        <(echo "$1") <(echo "$2")
}
# One line per thread of the given processes: "tid ticks voluntary nonvoluntary comm systicks" (ticks: user + system,
# 1/100 s, and the system part alone: the kernel's time in the thread's system calls, sockets included;
# the context switches from the thread's own status file). JFR's execution samples see only Java frames of running
# Java threads; this also sees GC, the JIT compilers, JFR's own threads and native code, and how often each thread
# sleeps and wakes (a voluntary switch is a thread blocking: a hand-off to another thread, a socket read that waits).
# One awk over all the files: a fork per thread would itself cost a measurable share of a core at the window's ends.
thread_snapshot() {
    local p files=()
    for p in "$@"; do files+=(/proc/"$p"/task/*/stat /proc/"$p"/task/*/status); done
    awk 'FILENAME ~ /\/stat$/ { split(FILENAME, f, "/"); tid = f[5]; c = $0; sub(/^[^(]*\(/, "", c); sub(/\) [^)]*$/, "", c)
                                r = $0; sub(/^.*\) /, "", r); split(r, x, " "); ticks[tid] = x[12] + x[13]; sys[tid] = x[13]; comm[tid] = c }
         FILENAME ~ /status$/ && /^voluntary_ctxt_switches/ { split(FILENAME, f, "/"); vol[f[5]] = $2 }
         FILENAME ~ /status$/ && /^nonvoluntary_ctxt_switches/ { split(FILENAME, f, "/"); nonvol[f[5]] = $2 }
         END { for (t in ticks) { gsub(/ /, "_", comm[t]); print t, ticks[t], vol[t] + 0, nonvol[t] + 0, comm[t], sys[t] } }' \
        "${files[@]}" 2>/dev/null || true
}
# The per-thread table of a measured window, from two thread_snapshot readings and the processes' own CPU over the
# same window (TOTAL_TICKS, which also holds threads that ended inside it): threads grouped by name with their
# numbers dropped ("smtp-send-127.0.0.1:25" and "GC Thread#0" are groups), CPU and context switches per email,
# largest first; "threads ended in the window" is the processes' CPU no live thread accounts for.
thread_table() {  # thread_table BEFORE AFTER TOTAL_TICKS
    printf '    %-28s %3s %8s %8s %7s %7s\n' "thread group" "n" "ms/email" "of it sys" "vol/em" "invol/em"
    awk -v count="$count" -v total="$3" '
        NR == FNR { t[$1] = $2; v[$1] = $3; n[$1] = $4; k[$1] = $6; next }
        { g = $5; gsub(/[0-9]+$/, "", g); sub(/-+$/, "-", g)
          dt = $2 - t[$1]; dv = $3 - v[$1]; dn = $4 - n[$1]; sys[g] += $6 - k[$1]; ssum += $6 - k[$1]
          cpu[g] += dt; vol[g] += dv; nonvol[g] += dn; threads[g]++; sum += dt; sv += dv; sn += dn }
        END { for (g in cpu) if (cpu[g] > 0 || vol[g] + nonvol[g] > count / 100)
                  printf "%d\t    %-28s %3d %8.4f %8.4f %7.2f %7.2f\n", cpu[g] * 1000 + vol[g] / count, g, threads[g],
                      cpu[g] * 10 / count, sys[g] * 10 / count, vol[g] / count, nonvol[g] / count
              printf "-1\t    %-28s %3s %8.4f\n", "(threads ended in window)", "", (total - sum) * 10 / count
              printf "-2\t    %-28s %3s %8.4f %8.4f %7.2f %7.2f\n", "(all live threads: sys)", "", total * 10 / count,
                  ssum * 10 / count, sv / count, sn / count }' \
        <(echo "$1") <(echo "$2") | sort -t$'\t' -k1,1 -rn | cut -f2-
}
# Context switches so far, voluntary + nonvoluntary, of single-threaded processes (PostgreSQL's, smtp-sink).
process_switches() {
    local p t=0
    for p in "$@"; do
        [ -r "/proc/$p/status" ] || continue
        t=$((t + $(awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }' "/proc/$p/status" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
# "pid switches" of the postmaster and each child; switches_used BEFORE AFTER: those made in between (a process that
# started in between counts from 0; one that ended is missing, as its exit loses its counts).
pg_switches() { local pm; pm=$(head -1 "$out/stack/postgres/data/postmaster.pid")
    for p in "$pm" $(pgrep -P "$pm"); do echo "$p $(process_switches "$p")"; done; }
switches_used() { awk 'NR == FNR { b[$1] = $2; next } { s += $2 - ($1 in b ? b[$1] : 0) } END { print s + 0 }' \
    <(echo "$1") <(echo "$2"); }
# Context switches of the whole machine so far (every core, every process).
machine_switches() { awk '/^ctxt /{print $2}' /proc/stat; }
# Milliseconds per measured email for a number of ticks.
per_email() { echo "($1) * 10 / $count" | bc -l; }
# A process's own user + system CPU in ms from bash's `times` output (its second line: the children's).
times_ms() { sed -n 2p "$1" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); print (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }'; }
pg_stats() { java -cp "$stack_cp" bench/PgStats.java "$(prop postgres.jdbc-url)" "$(prop postgres.username)" \
    "$(prop postgres.password)" "$@"; }
# pg_stat_statements emptied (before a drain's measured backlog is published), then printed per statement and per
# measured email (once the drain's routers have stopped).
statements_reset() { [ "${STATEMENTS:-1}" = 1 ] && pg_stats reset; return 0; }
statements_report() {
    [ "${STATEMENTS:-1}" = 1 ] || return 0
    echo "  PostgreSQL per statement since the drain's start (pg_stat_statements; ms; per email = per measured email):"
    pg_stats statements "$count" | tee "$out/statements-$1.txt"
}
# Messages in the sink's dump; every message has exactly one Message-Id header line.
dumped() { if [ -f "$1" ]; then grep -c -i "^Message-Id:" "$1" || true; else echo 0; fi; }

# 2. The ceiling: smtp-source into smtp-sink once per session count in CEILING_SESSIONS; the highest rate is the
# ceiling. One count alone can under-measure the machine: with 20 sessions smtp-source is bound by its sessions'
# round trips, not by the cores (69% busy in run 15), and the router uses $CONNECTIONS connections.
# One ceiling measurement: $count messages from smtp-source with SESSIONS sessions into a fresh smtp-sink; the rate
# is left in $ceiling_rate.
ceiling_once() {  # ceiling_once SESSIONS LABEL
    local sessions=$1 label=$2 port start sink_before machine_before seconds sink_ms machine_ms
    port=$(free_port)
    smtp-sink -u postfix -D "$out/ceiling.dump" -c "127.0.0.1:$port" 1000 > /dev/null &
    pids+=($!)
    sleep 0.5
    start=$(now)
    sink_before=$(cpu_ticks "${pids[-1]}")
    machine_before=$(machine_ticks)
    ( smtp-source -s "$sessions" -m "$count" -l 2048 "127.0.0.1:$port"; times > "$out/ceiling.source-times" )
    seconds=$(echo "$(now) - $start" | bc -l)
    ceiling_rate=$(echo "$count / $seconds" | bc -l)
    sink_ms=$(per_email "$(cpu_ticks "${pids[-1]}") - $sink_before")
    machine_ms=$(per_email "$(machine_ticks) - $machine_before")
    kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
    printf 'SMTP ceiling%s, %d sessions: %d messages in %.2f s = %.0f messages/s (%d dumped)\n' "$label" "$sessions" \
        "$count" "$seconds" "$ceiling_rate" "$(dumped "$out/ceiling.dump")"
    # Whether it is the machine's CPU: 2 cores full at R messages/s is 2000 / R ms of machine CPU a message.
    printf '  CPU ms per message: smtp-sink %.3f, smtp-source %.3f; machine %.3f (%.0f%% of its cores busy)\n' \
        "$sink_ms" "$(echo "$(times_ms "$out/ceiling.source-times") / $count" | bc -l)" "$machine_ms" \
        "$(echo "$machine_ms * $ceiling_rate / 10 / $(nproc)" | bc -l)"
    rm -f "$out/ceiling.dump"
}
ceiling=0
best_sessions=20
for sessions in ${CEILING_SESSIONS:-20 32 64 128}; do
    ceiling_once "$sessions" ""
    if [ "$(echo "$ceiling_rate > $ceiling" | bc -l)" = 1 ]; then ceiling=$ceiling_rate; best_sessions=$sessions; fi
done
printf 'SMTP ceiling: %.0f messages/s (the highest above)\n' "$ceiling"

# 3. Kafka and PostgreSQL, then the backlog.
stack_cp="local-stack/target/classes:$(cat local-stack/target/classes/dev/mailroom/localstack/stack-classpath.txt)"
# pg_stat_statements (shipped with the embedded binaries, loaded only at server start) times each statement of the
# routers' backends, planning included: the drains report where PostgreSQL's CPU goes statement by statement.
pg_settings="shared_preload_libraries=pg_stat_statements;pg_stat_statements.track_planning=on"
[ "${STATEMENTS:-1}" = 1 ] || pg_settings=""
java -Xmx768m -XX:+UseSerialGC -Dmailroom.postgres.settings="$pg_settings" -cp "$stack_cp" \
    dev.mailroom.localstack.LocalStackMain \
    --data-dir "$out/stack" --ready-file "$out/stack.ready" --only kafka,postgres > "$out/stack.log" 2>&1 &
pids+=($!)
stack=$!  # the launcher's JVM: the Kafka broker runs inside it
for _ in $(seq 1 600); do [ -f "$out/stack.ready" ] && break; sleep 0.2; done
prop() { grep "^$1=" "$out/stack.ready" | cut -d= -f2- | sed 's/\\:/:/g'; }
bootstrap=$(prop kafka.bootstrap-servers)
# Each drain starts on a backlog of its warm-up emails, or of the measured ones when there is no warm-up.
first_backlog=$([ "$warmup" -gt 0 ] && echo "$warmup" || echo "$count")
# The one load generator of the run: it publishes the first backlog at once, then one backlog per size written to
# its FIFO (fd 3), each acknowledged by a "published N" line in loadgen.out.
mkfifo "$out/loadgen.fifo"
java -cp "$stack_cp" bench/PendingLoad.java "$bootstrap" "$first_backlog" 2048 --serve < "$out/loadgen.fifo" \
    > "$out/loadgen.out" 2>&1 &
pids+=($!)
loadgen=$!
exec 3> "$out/loadgen.fifo"
backlogs=1
# Waits until the load generator has acknowledged every backlog ordered so far.
await_published() {
    for _ in $(seq 1 3000); do
        [ "$(grep -c '^published' "$out/loadgen.out" || true)" -ge "$backlogs" ] && { tail -1 "$out/loadgen.out"; return 0; }
        kill -0 "$loadgen" 2>/dev/null || { cat "$out/loadgen.out"; exit 1; }
        sleep 0.2
    done
    echo "the load generator did not publish its backlog"; cat "$out/loadgen.out"; exit 1
}
publish() { echo "$1" >&3; backlogs=$((backlogs + 1)); }  # publish SIZE: orders a backlog, does not wait for it
await_published
drains=0

# 4. Routers drain a backlog into a fresh sink; the rate is counted at the sink from its first message to its last.
drain() {  # drain INSTANCES LABEL
    local instances=$1 label=$2 dump="$out/$2.dump" routers=() port first last seconds rate total unique i
    [ "$warmup" -gt 0 ] || statements_reset  # without warm-up, the routers' first statements are the drain's
    port=$(free_port)
    smtp-sink -u postfix -D "$dump" -c "127.0.0.1:$port" 1000 > /dev/null &
    pids+=($!)
    local sink=$!
    sleep 0.5
    # This drain's JVM options and JFR settings: ROUTER_JVM_OPTS_N and JFR_N override ROUTER_JVM_OPTS and JFR for
    # the Nth drain, so that one run can compare JVM settings drain by drain on the same host moment; JFR=off
    # starts no recording.
    local n=$((drains + 1)) opts_name jfr_name jvm_opts jfr
    opts_name=ROUTER_JVM_OPTS_$n; jfr_name=JFR_$n
    jvm_opts=${!opts_name:-$router_jvm_opts}
    jfr=${!jfr_name:-${JFR:-default}}
    printf '%s: router JVM options %s, JFR %s\n' "$label" "$jvm_opts" "$jfr"
    for i in $(seq 1 "$instances"); do
        QUARKUS_HTTP_PORT=$(free_port) QUARKUS_HTTP_HOST=127.0.0.1 KAFKA_BOOTSTRAP_SERVERS=$bootstrap \
            QUARKUS_DATASOURCE_JDBC_URL=$(prop postgres.jdbc-url) \
            QUARKUS_DATASOURCE_USERNAME=$(prop postgres.username) \
            QUARKUS_DATASOURCE_PASSWORD=$(prop postgres.password) QUARKUS_MAILER_HOST=127.0.0.1 \
            QUARKUS_MAILER_PORT=$port ROUTER_SMTP_CONNECTIONS=$connections \
            ROUTER_SEND_RATE_PER_MAILBOX=${SEND_RATE:-1000000} \
            java $jvm_opts $([ "$jfr" = off ] || echo "-XX:StartFlightRecording=filename=$out/$label-$i.jfr,settings=$jfr") \
            -jar router-service/target/quarkus-app/quarkus-run.jar > "$out/$label-$i.log" 2>&1 &
        pids+=($!)
        routers+=($!)
    done
    local before=0 expected=$count
    if [ "$warmup" -gt 0 ]; then
        # Warm-up: the backlog published before the drain is WARMUP emails; once they are all at the sink, the
        # measured backlog goes out and the clock starts at its first message.
        expected=$((warmup + count))
        for _ in $(seq 1 1200); do
            [ "$(dumped "$dump")" -ge "$warmup" ] && break
            sleep 2  # not measured, but counting costs CPU
            for i in "${routers[@]}"; do kill -0 "$i" 2>/dev/null || { tail -30 "$out/$label-1.log"; exit 1; }; done
            sleep 0.5
        done
        # PostgreSQL publishes a busy backend's counters at most once a second, an idle one's after 10 s.
        sleep 11
        pg_before=$(pg_stats)
        statements_reset
        before=$(stat -c %s "$dump")
        # The measured backlog, from the load generator that is already warm; its CPU is read from /proc.
        loadgen_ordered=$(cpu_ticks "$loadgen")
        publish "$count"
    fi
    for _ in $(seq 1 60000); do
        [ -s "$dump" ] && [ "$(stat -c %s "$dump")" -gt "$before" ] && break
        for i in "${routers[@]}"; do kill -0 "$i" 2>/dev/null || { tail -30 "$out/$label-1.log"; exit 1; }; done
        sleep 0.02
    done
    first=$(now)
    local ticks_before kafka_before sink_before machine_before pg_before_ticks loadgen_before perf=""
    ticks_before=$(cpu_ticks "${routers[@]}")
    kafka_before=$(cpu_ticks "$stack")
    sink_before=$(cpu_ticks "$sink")
    loadgen_before=$(cpu_ticks "$loadgen")
    pg_before_ticks=$(pg_ticks)
    machine_before=$(machine_ticks)
    local threads_before stack_threads_before pg_sw_before sink_sw_before machine_sw_before
    threads_before=$(thread_snapshot "${routers[@]}")
    stack_threads_before=$(thread_snapshot "$stack")
    pg_sw_before=$(pg_switches)
    sink_sw_before=$(process_switches "$sink")
    machine_sw_before=$(machine_switches)
    drains=$((drains + 1))
    if [ "${PERF_DRAIN:-0}" = "$drains" ]; then
        perf record -q -F 199 -a -g -o "$out/perf-drain-$drains.data" > /dev/null 2>&1 &
        perf=$!
    fi
    # Counting the dump reads all of it, which costs the machine CPU the router is measured on: count only once it
    # has stopped growing.
    local size=-1
    for _ in $(seq 1 1200); do
        sleep 0.5
        [ "$(stat -c %s "$dump")" = "$size" ] && [ "$(dumped "$dump")" -ge "$expected" ] && break
        size=$(stat -c %s "$dump")
    done
    [ -n "$perf" ] && { kill -INT "$perf"; wait "$perf" 2>/dev/null || true; }
    local router_cpu_ms kafka_ms sink_ms pg_ms machine_ms loadgen_ms=0 loadgen_early_ms="" pg_used
    local threads_after stack_threads_after router_ticks stack_ticks pg_sw sink_sw machine_sw
    threads_after=$(thread_snapshot "${routers[@]}")
    stack_threads_after=$(thread_snapshot "$stack")
    pg_sw=$(switches_used "$pg_sw_before" "$(pg_switches)")
    sink_sw=$(( $(process_switches "$sink") - sink_sw_before ))
    machine_sw=$(( $(machine_switches) - machine_sw_before ))
    router_ticks=$(( $(cpu_ticks "${routers[@]}") - ticks_before ))
    stack_ticks=$(( $(cpu_ticks "$stack") - kafka_before ))
    router_cpu_ms=$(per_email "$router_ticks")
    kafka_ms=$(per_email "$stack_ticks")
    sink_ms=$(per_email "$(cpu_ticks "$sink") - $sink_before")
    loadgen_ms=$(per_email "$(cpu_ticks "$loadgen") - $loadgen_before")
    pg_used=$(pg_ticks_used "$pg_before_ticks" "$(pg_ticks)")
    pg_ms=$(per_email "${pg_used%% *}")
    machine_ms=$(per_email "$(machine_ticks) - $machine_before")
    if [ "$warmup" -gt 0 ]; then
        await_published > /dev/null
        loadgen_early_ms=$(per_email "$loadgen_before - $loadgen_ordered")
    fi
    last=$(stat -c %.9Y "$dump")
    seconds=$(echo "$last - $first" | bc -l)
    rate=$(echo "$count / $seconds" | bc -l)
    sleep 3  # anything sent twice would arrive now
    total=$(dumped "$dump")
    unique=$(grep -i '^Message-Id:' "$dump" | sort -u | wc -l)
    printf '%-13s %d messages in %.2f s = %.0f messages/s (%d connections each, in-doubt window %s)\n' "$label:" \
        "$count" "$seconds" "$rate" "$connections" "${WINDOW:-default}"
    printf '  router CPU: %.2f ms per email while measured (all its threads: JIT, GC, SMTP, Kafka, JDBC)\n' \
        "$router_cpu_ms"
    # Where the machine's CPU went in the measured window, per email, process by process.
    printf '  CPU ms per email: router %.3f, Kafka (local-stack JVM) %.3f, PostgreSQL %.3f, smtp-sink %.3f' \
        "$router_cpu_ms" "$kafka_ms" "$pg_ms" "$sink_ms"
    printf ', load generator %.3f' "$loadgen_ms"
    [ -n "$loadgen_early_ms" ] && printf ' (and %.3f before the window)' "$loadgen_early_ms"
    printf '; machine %.3f, of which none of these %.3f\n' "$machine_ms" \
        "$(echo "$machine_ms - $router_cpu_ms - $kafka_ms - $pg_ms - $sink_ms - $loadgen_ms" | bc -l)"
    # shellcheck disable=SC2086
    set -- $pg_used
    printf '  PostgreSQL CPU ms per email by role: backends %.3f, autovacuum %.3f, background %.3f, exited in the window %.3f\n' \
        "$(per_email "$2")" "$(per_email "$3")" "$(per_email "$4")" "$(per_email "$5")"
    # Per thread: where the router's CPU goes beyond what JFR samples (GC, JIT, JFR itself, native code), and the
    # context switches per email, in every process: on 2 cores each wake-up and hand-off costs the machine.
    echo "  router threads in the measured window (CPU ms, voluntary and involuntary context switches per email):"
    thread_table "$threads_before" "$threads_after" "$router_ticks" | tee "$out/threads-$label.txt"
    echo "  Kafka broker (local-stack JVM) threads, the largest:"
    thread_table "$stack_threads_before" "$stack_threads_after" "$stack_ticks" | awk 'NR <= 9 || /\(all/' | tee "$out/broker-threads-$label.txt"
    printf '  context switches per email: PostgreSQL %.2f, smtp-sink %.2f, machine %.2f (all processes, /proc/stat)\n' \
        "$(echo "$pg_sw / $count" | bc -l)" "$(echo "$sink_sw / $count" | bc -l)" "$(echo "$machine_sw / $count" | bc -l)"
    printf '  ratio:      %.0f%% of the ceiling (target for one router: 70%%)\n' \
        "$(echo "100 * $rate / $ceiling" | bc -l)"
    printf '  exactly once: %d messages at the sink, %d distinct Message-IDs, %d expected (%d of them warm-up)\n' \
        "$total" "$unique" "$expected" "$warmup"
    for i in "${routers[@]}"; do kill -TERM "$i"; wait "$i" 2>/dev/null || true; done
    kill -TERM "$sink"; wait "$sink" 2>/dev/null || true
    if [ "$warmup" -gt 0 ]; then
        # The routers' backends have exited, so every counter is published: PostgreSQL's work per measured email.
        # shellcheck disable=SC2046
        set -- $pg_before $(pg_stats)
        printf '  PostgreSQL per email: %.2f commits, %.2f rows inserted, %.2f updated, %.2f deleted, %.0f WAL bytes\n' \
            "$(per_email "(${12} - $1) / 10")" "$(per_email "(${13} - $2) / 10")" "$(per_email "(${14} - $3) / 10")" \
            "$(per_email "(${15} - $4) / 10")" "$(per_email "(${16} - $5) / 10")"
        printf '  PostgreSQL housekeeping between the readings: %d autovacuum runs (send_ledger %d, outbox_event %d), %d checkpoints; send_ledger %d live rows, %d dead\n' \
            "$((${17} - $6))" "$((${18} - $7))" "$((${19} - $8))" "$((${20} - $9))" "${21}" "${22}"
    fi
    statements_report "$label"
    rm -f "$dump"
    # The ceiling again, at once, with the session count that gave the highest rate: this host's speed moves by a
    # factor of two within minutes (smtp-sink's own CPU per message did in run 16), so each drain is also read
    # against a ceiling of its own moment.
    ceiling_once "$best_sessions" " right after $label"
    printf '  ratio against the ceiling right after: %.0f%%\n' "$(echo "100 * $rate / $ceiling_rate" | bc -l)"
}
if [ -n "${WINDOWS:-}" ]; then
    first_window=1
    for WINDOW in $WINDOWS; do
        # The group's offsets are past the previous backlog: each window drains a fresh one.
        [ "$first_window" = 1 ] || { publish "$first_backlog"; await_published; }
        first_window=0
        export ROUTER_MAX_UNRECORDED_SENDS=$WINDOW
        drain 1 "one-router-window-$WINDOW"
        if [ -f "$out/one-router-window-$WINDOW-1.jfr" ]; then cp "$out/one-router-window-$WINDOW-1.jfr" "$out/one-router-1.jfr"; fi
    done
    unset WINDOW ROUTER_MAX_UNRECORDED_SENDS
else
    drain 1 one-router
fi
jfr print --events jdk.ExecutionSample --stack-depth 1 "$out/one-router-1.jfr" 2>/dev/null \
    | grep -A1 'stackTrace = \[' | grep -v -E 'stackTrace|^--' | sed -E 's/line:.*//; s/^ +//' \
    | sort | uniq -c | sort -rn | head -15 > "$out/hot-methods.txt" || true
echo "JFR: $out/one-router-1.jfr; top sampled methods in $out/hot-methods.txt"
perf_report() {  # after the drains, so that reading the samples costs no measured window anything
    local data=$out/perf-drain-$PERF_DRAIN.data
    [ -s "$data" ] || return 0
    perf report -i "$data" --stdio --no-children -g none --sort comm 2> /dev/null | grep -v '^#' | grep -v '^$' \
        | head -25 > "$out/perf-by-process.txt" || true
    perf report -i "$data" --stdio --no-children -g none --comm postgres --sort sym 2> /dev/null | grep -v '^#' \
        | grep -v '^$' | head -60 > "$out/perf-postgres.txt" || true
    perf report -i "$data" --stdio --no-children -g caller,0.5,callee --comm postgres --sort sym 2> /dev/null \
        | head -400 > "$out/perf-postgres-callers.txt" || true
    echo "perf (drain $PERF_DRAIN): $out/perf-by-process.txt, $out/perf-postgres.txt, $out/perf-postgres-callers.txt"
}
if [ "${TWO:-1}" = 1 ]; then
    # The group's offsets are past the first backlog: a second one goes to two instances side by side.
    publish "$first_backlog"; await_published
    drain 2 two-routers
fi
[ -n "${PERF_DRAIN:-}" ] && perf_report
exit 0
