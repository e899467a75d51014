# Sourced by the benchmarks: starts the whole local platform (bin/mailroom-local --no-build) in its own process
# group, waits until it is ready, and stops all of it when the script exits. Sets $launcher.
start_platform() {
    local log=$1
    setsid bin/mailroom-local --no-build > "$log" 2>&1 &
    launcher=$!
    trap 'kill -TERM -- -$launcher 2>/dev/null || true; wait $launcher 2>/dev/null || true' EXIT
    for _ in $(seq 1 900); do
        grep -q "Press Ctrl-C" "$log" && return 0
        kill -0 $launcher 2>/dev/null || { cat "$log"; exit 1; }
        sleep 0.1
    done
    echo "the platform did not get ready; see $log"
    exit 1
}
