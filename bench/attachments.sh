#!/usr/bin/env bash
# Attachment figures (issue 8), in one run against one S3 server:
#   1. the embedded Kafka (readiness needs it), PostgreSQL and S3 server (local-stack's launcher, free ports);
#   2. attachment-service's packaged jar with the heap the platform gives it (THROUGHPUT_HEAP, default 256m, and
#      SerialGC, as local-stack's ServiceFleet starts it; Kubernetes gives the container 512Mi) and a JFR
#      recording (attachment-service-throughput.jfr); bench/AttachmentLoad.java: upload and download MB/s for 1 MB
#      and 50 MB files through attachment-service beside the raw MinIO client on the same server, then DEDUPE
#      uploads of one 5 MB file; the service is stopped;
#   3. a second start of the same jar with a small heap (HEAP, default 64m, SerialGC) and its own JFR recording
#      (attachment-service-heap.jfr): one HUGE_MB file up and down, then the heap high-water mark from that
#      recording. Each claim is measured under the setting it is about: speed under the platform's heap (a 64 MB
#      heap spent ~5 s a run in full collections, the noise of every 1 MB figure), the heap bound under a heap
#      several times smaller than the file.
# Beside the throughput start, a second instance of the same jar in redirect mode (ATTACHMENTS_DOWNLOADS_MODE=redirect,
# REDIRECT=0 leaves it out): its downloads are answered 307 to a presigned S3 URL, which the load follows; that row is
# reported on its own ("download via service, 307 redirect"), never as the proxied figure.
# Both starts have their blob limit raised to fit the large file and use the same Kafka, PostgreSQL and S3 server.
# Usage: bench/attachments.sh [--no-build]. Env: ROUNDS (5), WARMUP (100 untimed rounds of the 50 MB size, both sides;
# after 40 the compiler still took 0.18 ms per downloaded MB in the timed 50 MB rounds, after 100 0.11),
# ROUNDS_1MB (default ROUNDS) and WARMUP_1MB (3,000 untimed 1 MB rounds): the service is measured warm, as one that
# has run for a while is; after 300 rounds its JIT compiler still took a quarter of its CPU in the timed downloads.
# CACHE_MAX_SIZE (bytes of the service's local blob copies, default 1073741824 as deployed; 0 turns them off and
# every download streams from S3: the uncached path's figure), DEDUPE (1000), HUGE_MB (500), THROUGHPUT_HEAP (256m),
# HEAP (64m), JFR_SAMPLE_MS (JFR's sampling period; default
# the profile settings' 10 ms Java, 20 ms native).
# Beside each size's figures: CPU milliseconds per MB moved, for each transfer, of attachment-service, the S3 server,
# the load's JVM and the whole machine (the rest of it: PostgreSQL, Kafka, anyone else); and, for the download through
# the service, the service's CPU per MB by thread group (GC, JIT compilers, event loops, workers...).
# Scratch and results go to target/bench/attachments; everything it starts, it stops.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/target/bench/attachments
rm -rf "$out" && mkdir -p "$out/scratch"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ "${1:-}" != "--no-build" ]; then
    echo "Building attachment-service (./mvnw package -DskipTests)..."
    ./mvnw -q -B -pl attachment-service -am package -DskipTests
fi
# The run uses its own copy of the packaged service, so a build during the run cannot change it underneath.
cp -r attachment-service/target/quarkus-app "$out/app"
# JFR's settings: the JDK's profile, with its Java and native method sampling periods set by JFR_SAMPLE_MS (default
# 10 and 20 ms, profile's own); 1 ms makes a 1 MB download's per-request work show in the samples (the sampler
# thread's own cost then shows in the service's per-thread table as "JFR Thread Samp").
jfc=$out/profile.jfc
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed -e "s|\(method-sampling-java-interval\">\)10 ms<|\1${JFR_SAMPLE_MS:-10} ms<|" \
    -e "s|\(method-sampling-native-interval\">\)20 ms<|\1${JFR_SAMPLE_MS:-20} ms<|" \
    "$java_home/lib/jfr/profile.jfc" > "$jfc"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

stack_cp="local-stack/target/classes:$(cat local-stack/target/classes/dev/mailroom/localstack/stack-classpath.txt)"
java -Xmx768m -XX:+UseSerialGC -cp "$stack_cp" dev.mailroom.localstack.LocalStackMain \
    --data-dir "$out/stack" --ready-file "$out/stack.ready" --only kafka,postgres,s3 > "$out/stack.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do [ -f "$out/stack.ready" ] && break; sleep 0.2; done
prop() { grep "^$1=" "$out/stack.ready" | cut -d= -f2- | sed 's/\\:/:/g'; }
s3=$(prop s3.endpoint); access=$(prop s3.access-key); secret=$(prop s3.secret-key)
# The S3 server is local-stack's child JVM (S3Proxy): its CPU is counted on its own, apart from Kafka's and the
# launcher's.
s3_pid=$(pgrep -P "${pids[0]}" -f s3proxy | head -1)

# attachment-service serves only Mailroom's services: a local signing key it trusts, and a token of the services.
identity=$out/identity
services_id=6d61696c-726f-4f6d-8000-00000000ad02
token=$(java -cp local-stack/target/classes dev.mailroom.localstack.identity.MintToken "$identity" "$services_id" 2)

# One start of attachment-service: its heap ($1), a name for its JFR recording and log ($2), its download mode ($3,
# default proxy); sets port, service_pid.
start_service() {
    port=$(free_port)
    MP_JWT_VERIFY_PUBLICKEY_LOCATION=$identity/signing-key.pub.pem MP_JWT_VERIFY_ISSUER=https://identity.mailroom.local \
    ATTACHMENTS_SECURITY_CALLER_OBJECT_IDS=$services_id \
    QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 KAFKA_BOOTSTRAP_SERVERS=$(prop kafka.bootstrap-servers) \
    QUARKUS_DATASOURCE_JDBC_URL=$(prop postgres.jdbc-url) QUARKUS_DATASOURCE_USERNAME=$(prop postgres.username) \
    QUARKUS_DATASOURCE_PASSWORD=$(prop postgres.password) \
    ATTACHMENTS_STORAGE_ENDPOINT=$s3 ATTACHMENTS_STORAGE_ACCESS_KEY=$access ATTACHMENTS_STORAGE_SECRET_KEY=$secret \
    ATTACHMENTS_BLOBS_MAX_SIZE=$(( (${HUGE_MB:-500} + 10) * 1000000 )) ATTACHMENTS_DOWNLOADS_MODE=${3:-proxy} \
    ATTACHMENTS_CACHE_DIRECTORY=$out/blob-cache-$2 ATTACHMENTS_CACHE_MAX_SIZE=${CACHE_MAX_SIZE:-1073741824} \
    java -Xmx"$1" -XX:+UseSerialGC -XX:StartFlightRecording=filename="$out/$2.jfr",dumponexit=true,settings="$jfc" \
        -jar "$out/app/quarkus-run.jar" > "$out/$2.log" 2>&1 &
    service_pid=$!
    pids+=($service_pid)
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$port/q/health/ready" > /dev/null && break
        kill -0 "$service_pid" || { echo "attachment-service died; see $out/$2.log"; exit 1; }
        sleep 0.5
    done
    echo "attachment-service ready on $port with -Xmx$1 (SerialGC, JFR $out/$2.jfr, downloads: ${3:-proxy}," \
        "local copies: ${CACHE_MAX_SIZE:-1073741824} bytes); S3 at $s3"
}
# The load against the running service: ROUNDS, DEDUPE, HUGE_MB ($1 $2 $3; 0 leaves a part out).
load() {
    java -Xmx256m -Dtoken="$token" -Dwarmup="${WARMUP:-100}" -Dwarmup.1mb="${WARMUP_1MB:-3000}" \
        -Drounds.1mb="${ROUNDS_1MB:-${ROUNDS:-5}}" \
        -Dredirect.service="${redirect_url:-}" \
        -Dcpu.pids="attachment-service=$service_pid,s3-server=$s3_pid${redirect_pid:+,redirect-service=$redirect_pid}" -cp "$out/app/lib/main/*" bench/AttachmentLoad.java \
        "http://127.0.0.1:$port" "$s3" "$access" "$secret" mailroom-attachments "$out/scratch" "$1" "$2" "$3" \
        | tee -a "$out/results.txt"
}
# Says whether the service survived, then stops it (and waits, so its port and heap are gone); the JVM writes its
# recording to the file named at its start as it exits. (A JFR.dump into that same file, as before, left every event
# in it twice: the dump, then the exit's own write.)
finish_service() {
    kill -0 "$service_pid" && echo "attachment-service still alive after the run (no OutOfMemoryError)"
    grep -c OutOfMemoryError "$out/$1.log" | sed 's/^/OutOfMemoryError lines in its log: /' || true
    kill -TERM "$service_pid"; wait "$service_pid" 2>/dev/null || true
}

# 1. Throughput and dedupe under the heap the platform gives the service (and the redirect instance beside it).
redirect_url= redirect_pid=
if [ "${REDIRECT:-1}" != 0 ]; then
    start_service "${THROUGHPUT_HEAP:-256m}" attachment-service-redirect redirect
    redirect_url=http://127.0.0.1:$port redirect_pid=$service_pid
fi
start_service "${THROUGHPUT_HEAP:-256m}" attachment-service-throughput
load "${ROUNDS:-5}" "${DEDUPE:-1000}" 0
finish_service attachment-service-throughput
if [ -n "$redirect_pid" ]; then
    service_pid=$redirect_pid finish_service attachment-service-redirect
fi
redirect_url= redirect_pid=

# 2. The bounded-heap proof under the small heap: the huge file up and down, then the high-water mark.
start_service "${HEAP:-64m}" attachment-service-heap
load 0 0 "${HUGE_MB:-500}"
finish_service attachment-service-heap
jfr print --events jdk.GCHeapSummary "$out/attachment-service-heap.jfr" | grep heapUsed \
    | sed 's/.*= //' | sort -h | tail -1 \
    | sed "s/^/attachment-service (-Xmx${HEAP:-64m}) heap high-water mark (used after GC events): /" \
    | tee -a "$out/results.txt"
