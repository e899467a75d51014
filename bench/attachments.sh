#!/usr/bin/env bash
# Attachment figures (issue 8), in one run against one S3 server:
#   1. the embedded Kafka (readiness needs it), PostgreSQL and S3 server (local-stack's launcher, free ports);
#   2. attachment-service's packaged jar with a small heap (HEAP, default 64m) and a JFR recording, its blob
#      limit raised to fit the large file;
#   3. bench/AttachmentLoad.java: upload and download MB/s for 1 MB and 50 MB files through attachment-service
#      beside the raw MinIO client on the same server; DEDUPE uploads of one 5 MB file; one HUGE_MB file up and
#      down; then the service's heap high-water mark from the JFR recording.
# Usage: bench/attachments.sh [--no-build]. Env: ROUNDS (5), DEDUPE (1000), HUGE_MB (500), HEAP (64m).
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
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

stack_cp="local-stack/target/classes:$(cat local-stack/target/classes/dev/mailroom/localstack/stack-classpath.txt)"
java -Xmx768m -XX:+UseSerialGC -cp "$stack_cp" dev.mailroom.localstack.LocalStackMain \
    --data-dir "$out/stack" --ready-file "$out/stack.ready" --only kafka,postgres,s3 > "$out/stack.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do [ -f "$out/stack.ready" ] && break; sleep 0.2; done
prop() { grep "^$1=" "$out/stack.ready" | cut -d= -f2- | sed 's/\\:/:/g'; }
s3=$(prop s3.endpoint); access=$(prop s3.access-key); secret=$(prop s3.secret-key)

# attachment-service serves only Mailroom's services: a local signing key it trusts, and a token of the services.
identity=$out/identity
services_id=6d61696c-726f-4f6d-8000-00000000ad02
token=$(java -cp local-stack/target/classes dev.mailroom.localstack.identity.MintToken "$identity" "$services_id" 2)

port=$(free_port)
MP_JWT_VERIFY_PUBLICKEY_LOCATION=$identity/signing-key.pub.pem MP_JWT_VERIFY_ISSUER=https://identity.mailroom.local \
ATTACHMENTS_SECURITY_CALLER_OBJECT_IDS=$services_id \
QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 KAFKA_BOOTSTRAP_SERVERS=$(prop kafka.bootstrap-servers) \
QUARKUS_DATASOURCE_JDBC_URL=$(prop postgres.jdbc-url) QUARKUS_DATASOURCE_USERNAME=$(prop postgres.username) \
QUARKUS_DATASOURCE_PASSWORD=$(prop postgres.password) \
ATTACHMENTS_STORAGE_ENDPOINT=$s3 ATTACHMENTS_STORAGE_ACCESS_KEY=$access ATTACHMENTS_STORAGE_SECRET_KEY=$secret \
ATTACHMENTS_BLOBS_MAX_SIZE=$(( (${HUGE_MB:-500} + 10) * 1000000 )) \
java -Xmx"${HEAP:-64m}" -XX:+UseSerialGC -XX:StartFlightRecording=filename="$out/attachment-service.jfr",settings=profile \
    -jar "$out/app/quarkus-run.jar" > "$out/attachment-service.log" 2>&1 &
service_pid=$!
pids+=($service_pid)
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/q/health/ready" > /dev/null && break
    kill -0 "$service_pid" || { echo "attachment-service died; see $out/attachment-service.log"; exit 1; }
    sleep 0.5
done
echo "attachment-service ready on $port with -Xmx${HEAP:-64m}; S3 at $s3"

java -Xmx256m -Dtoken="$token" -cp "$out/app/lib/main/*" bench/AttachmentLoad.java \
    "http://127.0.0.1:$port" "$s3" "$access" "$secret" mailroom-attachments "$out/scratch" \
    "${ROUNDS:-5}" "${DEDUPE:-1000}" "${HUGE_MB:-500}" | tee "$out/results.txt"

jcmd "$service_pid" JFR.dump name=1 filename="$out/attachment-service.jfr" > /dev/null
kill -0 "$service_pid" && echo "attachment-service still alive after the run (no OutOfMemoryError)"
grep -c OutOfMemoryError "$out/attachment-service.log" | sed 's/^/OutOfMemoryError lines in its log: /' || true
jfr print --events jdk.GCHeapSummary "$out/attachment-service.jfr" | grep heapUsed \
    | sed 's/.*= //' | sort -h | tail -1 | sed "s/^/attachment-service heap high-water mark (used after GC events): /"
