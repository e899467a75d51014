# Sourced by the benchmarks: starts the whole local platform (bin/mailroom-local --no-build) in its own process
# group, waits until it is ready, and stops all of it when the script exits. Sets $launcher, and $TOKEN: the
# local administrator's bearer token, minted with the run's own signing key (every Web API call needs one).
start_platform() {
    local log=$1
    setsid bin/mailroom-local --no-build > "$log" 2>&1 &
    launcher=$!
    trap 'kill -TERM -- -$launcher 2>/dev/null || true; wait $launcher 2>/dev/null || true' EXIT
    # Up to five minutes: on a machine shared with other builds the stack and four services start slowly.
    for _ in $(seq 1 3000); do
        if grep -q "Press Ctrl-C" "$log"; then
            TOKEN=$(sed -n 's/^  export TOKEN=//p' "$log" | head -1)
            export TOKEN
            return 0
        fi
        kill -0 $launcher 2>/dev/null || { cat "$log"; exit 1; }
        sleep 0.1
    done
    echo "the platform did not get ready; see $log"
    exit 1
}
