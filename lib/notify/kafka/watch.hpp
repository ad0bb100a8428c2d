// `notify watch`: consume MinIO events from a KafkaConsumer, decode, filter, print or run a hook
// per event, and commit offsets only after an event is done (at-least-once).
#pragma once

#include "notify/event_decode.hpp"
#include "notify/kafka/kafka.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace corral::notify {

enum class OnError { retry, skip, stop };
OnError parse_on_error(std::string_view s); // Error::usage on anything else

struct WatchOptions {
    EventFilter filter;
    bool jsonl = true;               // false: text lines
    std::string exec;                // shell command run per event ("" = print)
    double exec_timeout_seconds = 0; // 0: no limit
    OnError on_error = OnError::retry;
    std::uint64_t max_events = 0;         // 0: unlimited
    double commit_interval_seconds = 1.0; // print mode: commit (after flushing stdout) this often
    double retry_initial_seconds = 0.5;   // --on-error retry backoff: 0.5 s doubling to 30 s
    double retry_max_seconds = 30;
    // How long a poll waits; also the reaction time to a signal.
    int poll_timeout_ms = 200;
    // Stop (exit 0) after this long without any message; 0: never (used by --from-file = 0 too).
    double idle_exit_seconds = 0;
    bool offline = false; // --from-file: messages come from files, no commits
    // When every broker is down: warn once naming `brokers`, and with a timeout > 0 give up
    // (Error::remote, exit 4) once none has been up for that long. 0: keep waiting.
    std::string brokers;
    double broker_timeout_seconds = 0;
    std::size_t batch = 1000;
};

struct WatchStats {
    std::uint64_t messages = 0; // Kafka messages seen
    std::uint64_t events = 0;   // decoded records
    std::uint64_t handled = 0;  // events printed or hooked successfully
    std::uint64_t filtered = 0; // events dropped by the filters
    std::uint64_t bad_messages = 0;
    std::uint64_t hook_failures = 0;
    double seconds = 0;
};

// Set by the signal handlers installed by install_stop_signals(); 0 = keep going.
std::atomic<int>& stop_signal();
// Installs SIGINT/SIGTERM handlers that set stop_signal() (no SA_RESTART: blocking calls return).
void install_stop_signals();

// Makes the allocator keep freed memory for reuse (glibc: fixed mmap and trim thresholds of
// 32 and 64 MB) before a Kafka consumer is made. librdkafka allocates every fetch response
// afresh; with glibc's adaptive thresholds those buffers were mapped and unmapped again and again,
// and faulting in their pages cost `notify watch` a fifth of its CPU (issue 16: 18,000-45,000
// page faults for 200,000 events, 4,000-5,000 with this). The fetch queue bounds what is kept.
void keep_freed_buffers();

// Runs the loop until --max-events, a signal, a `stop` error, or (offline) the end of input.
// Exit codes: 0 done (max-events, SIGTERM, end of input), 130 SIGINT, 1 hook failed with
// --on-error stop, 3 undecodable message with --on-error stop. Kafka failures throw Error::remote.
int run_watch(KafkaConsumer& consumer, const WatchOptions& options, WatchStats& stats);

// A KafkaConsumer over files for `watch --from-file`: each file holds one event document or one
// message per line (jsonl, as `kcat -C -f '%s\n'` prints them). Topic = file name, partition 0,
// offset = line number - 1.
std::unique_ptr<KafkaConsumer> make_file_consumer(const std::vector<std::string>& paths);

// Environment of one hook run (SPEC §5): CORRAL_EVENT, _BUCKET, _KEY, _SIZE, _ETAG plus
// CORRAL_TIME, CORRAL_SEQUENCER, CORRAL_VERSION_ID, CORRAL_TOPIC, CORRAL_PARTITION, CORRAL_OFFSET.
std::map<std::string, std::string> hook_environment(const MinioEvent& e, const KafkaMessage& m);

} // namespace corral::notify
