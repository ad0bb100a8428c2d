#include "notify/kafka/watch.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "core/output.hpp"
#include "core/process.hpp"
#include "notify/event_record.hpp"

#include <chrono>
#include <csignal>
#include <cstring>
#include <deque>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <exception>
#include <thread>

namespace corral::notify {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

extern "C" void on_stop_signal(int sig) {
    stop_signal().store(sig);
}

std::string where(const KafkaMessage& m, bool offline) {
    if (offline) {
        return std::string(m.topic) + ":" + std::to_string(m.offset + 1);
    }
    return std::string(m.topic) + "[" + std::to_string(m.partition) + "]@" +
           std::to_string(m.offset);
}

} // namespace

std::atomic<int>& stop_signal() {
    static std::atomic<int> sig{0};
    return sig;
}

void install_stop_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; // no SA_RESTART
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

void keep_freed_buffers() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

OnError parse_on_error(std::string_view s) {
    if (s == "retry") {
        return OnError::retry;
    }
    if (s == "skip") {
        return OnError::skip;
    }
    if (s == "stop") {
        return OnError::stop;
    }
    throw Error::usage("--on-error '" + std::string(s) + "': expected retry, skip or stop");
}

std::map<std::string, std::string> hook_environment(const MinioEvent& e, const KafkaMessage& m) {
    std::map<std::string, std::string> env;
    env["CORRAL_EVENT"] = e.event;
    env["CORRAL_BUCKET"] = e.bucket;
    env["CORRAL_KEY"] = e.key;
    env["CORRAL_SIZE"] = e.size ? std::to_string(*e.size) : "";
    env["CORRAL_ETAG"] = e.etag;
    env["CORRAL_TIME"] = e.time;
    env["CORRAL_SEQUENCER"] = e.sequencer;
    env["CORRAL_VERSION_ID"] = e.version_id;
    env["CORRAL_TOPIC"] = std::string(m.topic);
    env["CORRAL_PARTITION"] = std::to_string(m.partition);
    env["CORRAL_OFFSET"] = std::to_string(m.offset);
    return env;
}

namespace {

int exit_for_signal(int sig) {
    return sig == SIGINT ? 130 : 0; // SIGTERM is the ordinary way to stop a service: exit 0
}

class Loop {
public:
    Loop(KafkaConsumer& consumer, const WatchOptions& options, WatchStats& stats)
        : m_consumer(consumer), m_options(options), m_stats(stats) {}

    int run() {
        auto start = Clock::now();
        auto last_commit = Clock::now();
        auto last_message = Clock::now();
        std::vector<KafkaMessage> batch;
        int rc = -1;
        while (rc < 0) {
            if (int sig = stop_signal().load(); sig != 0) {
                rc = exit_for_signal(sig);
                log::info("notify watch: {} received, committing and leaving the group",
                          sig == SIGINT ? "SIGINT" : "SIGTERM");
                break;
            }
            m_consumer.poll(batch, m_options.batch, m_options.poll_timeout_ms);
            check_brokers();
            if (batch.empty()) {
                if (m_options.offline) {
                    rc = 0;
                    break;
                }
                if (m_options.idle_exit_seconds > 0 &&
                    since(last_message) >= m_options.idle_exit_seconds) {
                    rc = 0;
                    break;
                }
            } else {
                last_message = Clock::now();
            }
            if (!m_options.offline && m_consumer.assignment_size() == 0) {
                last_message = Clock::now(); // idle time counts only while partitions are assigned
            }
            decode_batch(batch);
            for (std::size_t i = 0; i < batch.size(); ++i) {
                rc = handle(batch[i], m_decoded[i]);
                if (rc >= 0) {
                    break;
                }
                // A signal stops the batch after the message in hand; the rest stays
                // uncommitted for the next run.
                if (int sig = stop_signal().load(); sig != 0 && !m_options.exec.empty()) {
                    rc = exit_for_signal(sig);
                    log::info("notify watch: {} received, committing what completed and leaving "
                              "the group",
                              sig == SIGINT ? "SIGINT" : "SIGTERM");
                    break;
                }
            }
            flush();
            if (!m_options.offline && (!m_options.exec.empty() ||
                                       since(last_commit) >= m_options.commit_interval_seconds)) {
                m_consumer.commit(false);
                last_commit = Clock::now();
            }
        }
        flush();
        m_consumer.close(); // commits what is stored (sync) and leaves the group
        m_stats.seconds = since(start);
        return rc;
    }

private:
    // The decoding of one message of the batch: its events are events[begin, end) of one of the
    // two halves (decoding is the costly part; it runs before the in-order handling).
    struct Half;
    struct Decoded {
        bool ok = false;
        const Half* half = nullptr;
        std::size_t begin = 0;
        std::size_t end = 0;
        std::string error;
    };

    struct Half {
        EventDecoder decoder;
        // events[0, count) are this batch's; the rest are kept for their strings' capacity.
        std::vector<MinioEvent> events;
        std::size_t count = 0;
        // Print mode: the rendering of events[k] is rendered[ends[k-1] (0 for k = 0), ends[k]).
        std::string rendered;
        std::vector<std::size_t> ends;

        std::string_view rendering(std::size_t k) const {
            std::size_t begin = k == 0 ? 0 : ends[k - 1];
            return std::string_view(rendered).substr(begin, ends[k] - begin);
        }
    };

    // Decodes batch[from, to) into `half` and, in print mode, renders every event (filtered or
    // not: whether it is printed is decided in order, in handle()).
    void decode_range(Half& half, const std::vector<KafkaMessage>& batch,
                      std::vector<Decoded>& decoded, std::size_t from, std::size_t to) const {
        half.count = 0;
        half.rendered.clear();
        half.ends.clear();
        bool render = m_options.exec.empty();
        for (std::size_t i = from; i < to; ++i) {
            Decoded& d = decoded[i];
            d.half = &half;
            d.begin = half.count;
            d.error.clear();
            d.ok = half.decoder.decode_into(batch[i].value, batch[i].key, half.events, half.count,
                                            d.error);
            d.end = half.count;
            if (render) {
                for (std::size_t k = d.begin; k < d.end; ++k) {
                    if (m_options.jsonl) {
                        append_event_jsonl(half.rendered, half.events[k]);
                    } else {
                        append_event_text(half.rendered, half.events[k]);
                    }
                    half.ends.push_back(half.rendered.size());
                }
            }
        }
    }

    // Decodes every message of the batch; large batches in two halves, the second one on a
    // worker thread when the machine has more than one CPU. Only the pure decoding runs in
    // parallel: filtering, output, hooks and offset stores stay in message order below.
    void decode_batch(const std::vector<KafkaMessage>& batch) {
        m_decoded.resize(batch.size());
        static const bool parallel = std::thread::hardware_concurrency() > 1;
        std::size_t n = batch.size();
        if (!parallel || n < 64) {
            decode_range(m_halves[0], batch, m_decoded, 0, n);
            return;
        }
        std::size_t mid = n / 2;
        std::exception_ptr failure;
        std::thread worker([&] {
            try {
                decode_range(m_halves[1], batch, m_decoded, mid, n);
            } catch (...) {
                failure = std::current_exception();
            }
        });
        try {
            decode_range(m_halves[0], batch, m_decoded, 0, mid);
        } catch (...) {
            worker.join();
            throw;
        }
        worker.join();
        if (failure) {
            std::rethrow_exception(failure);
        }
    }

    // Returns -1 to go on, or the exit code.
    int handle(const KafkaMessage& m, const Decoded& d) {
        ++m_stats.messages;
        if (!d.ok) {
            const std::string& error = d.error;
            ++m_stats.bad_messages;
            if (m_options.on_error == OnError::stop) {
                log::error("{}: {} (stopping: --on-error stop)", where(m, m_options.offline),
                           error);
                return 3;
            }
            log::warn("{}: skipping undecodable message: {}", where(m, m_options.offline), error);
            m_consumer.store(m.topic, m.partition, m.offset);
            return -1;
        }
        for (std::size_t i = d.begin; i < d.end; ++i) {
            const MinioEvent& e = d.half->events[i];
            ++m_stats.events;
            if (!m_options.filter.matches(e)) {
                ++m_stats.filtered;
                continue;
            }
            if (m_options.max_events != 0 && m_stats.handled >= m_options.max_events) {
                return 0; // this message is left for the next run (not stored)
            }
            if (m_options.exec.empty()) {
                m_out += d.half->rendering(i);
                if (m_out.size() >= (1u << 20)) {
                    flush();
                }
            } else {
                if (int sig = stop_signal().load(); sig != 0) {
                    return exit_for_signal(sig); // not stored: the next run handles it
                }
                if (e.key.find('\0') != std::string::npos ||
                    e.bucket.find('\0') != std::string::npos) {
                    // An environment variable ends at the NUL: the hook would get another key.
                    ++m_stats.bad_messages;
                    std::string what = where(m, m_options.offline) + ": object key of " + e.event +
                                       " contains a NUL byte (%00); CORRAL_KEY cannot carry it";
                    if (m_options.on_error == OnError::stop) {
                        log::error("{}; stopping (--on-error stop)", what);
                        return 3;
                    }
                    log::warn("{}; skipping the event", what);
                    continue;
                }
                int rc = run_hook(e, m, i - d.begin, d.end - d.begin);
                if (rc >= 0) {
                    return rc;
                }
                if (rc == skipped) {
                    continue;
                }
            }
            ++m_stats.handled;
        }
        m_consumer.store(m.topic, m.partition, m.offset);
        if (!m_options.exec.empty() && !m_options.offline) {
            m_consumer.commit(false); // a hook's side effects are expensive to repeat: commit now
        }
        if (m_options.max_events != 0 && m_stats.handled >= m_options.max_events) {
            return 0;
        }
        return -1;
    }

    static constexpr int skipped = -2;

    // -1: event done, `skipped`: failed and skipped; otherwise the exit code.
    int run_hook(const MinioEvent& e, const KafkaMessage& m, std::size_t record,
                 std::size_t records) {
        ProcessSpec spec;
        spec.argv = {"/bin/sh", "-c", m_options.exec};
        spec.env = hook_environment(e, m);
        spec.drop_secret_env = true; // MC_HOST_*, AWS_SECRET_ACCESS_KEY, ... (SPEC §0)
        spec.interrupt = &stop_signal();
        // Each hook gets its own record: a multi-record message is cut into one-record ones.
        spec.stdin_data =
            records > 1 ? one_record_message(m.value, record, e) : std::string(m.value);
        spec.capture_stdout = false;
        spec.capture_stderr = false;
        spec.timeout_seconds = m_options.exec_timeout_seconds;
        spec.kill_grace_seconds = 2;
        double backoff = m_options.retry_initial_seconds;
        for (;;) {
            ProcessResult r = run_process(spec);
            if (r.interrupted != 0) {
                // The hook was stopped with us: its event is not done, so it is not committed.
                log::info("{}: --exec stopped by {}; the event stays uncommitted",
                          where(m, m_options.offline),
                          r.interrupted == SIGINT ? "SIGINT" : "SIGTERM");
                return exit_for_signal(r.interrupted);
            }
            if (r.ok()) {
                return -1;
            }
            ++m_stats.hook_failures;
            std::string what = where(m, m_options.offline) + ": --exec failed (" + r.describe() +
                               ") for " + e.event + " " + e.bucket + "/" + e.key;
            switch (m_options.on_error) {
            case OnError::skip:
                log::warn("{}; skipping the event (--on-error skip)", what);
                return skipped;
            case OnError::stop:
                log::error("{}; stopping (--on-error stop)", what);
                return 1;
            case OnError::retry:
                break;
            }
            log::warn("{}; retrying in {} s", what, format_decimal(backoff));
            auto until = Clock::now() + std::chrono::duration<double>(backoff);
            while (Clock::now() < until) {
                if (int sig = stop_signal().load(); sig != 0) {
                    // Not stored: the next run (or another member) processes it again.
                    log::info("notify watch: stopping during retries; the event stays uncommitted");
                    return exit_for_signal(sig);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            backoff = std::min(backoff * 2, m_options.retry_max_seconds);
        }
    }

    // Warns once when every broker is gone and once when one is back; gives up after
    // --broker-timeout without any (issue 15: the watcher used to wait silently).
    void check_brokers() {
        if (m_options.offline) {
            return;
        }
        bool down = m_consumer.brokers_down();
        if (down && !m_down) {
            m_down = true;
            m_down_since = Clock::now();
            log::warn("kafka: all brokers down ({})", m_options.brokers);
        } else if (!down && m_down) {
            m_down = false;
            log::warn("kafka: broker back ({})", m_options.brokers);
        }
        if (m_down && m_options.broker_timeout_seconds > 0 &&
            since(m_down_since) >= m_options.broker_timeout_seconds) {
            flush();
            throw Error::remote("kafka: no broker up for " +
                                format_decimal(m_options.broker_timeout_seconds) + " s (" +
                                m_options.brokers + "): giving up (--broker-timeout)");
        }
    }

    void flush() {
        if (!m_out.empty()) {
            write_stdout(m_out);
            m_out.clear();
        }
    }

    KafkaConsumer& m_consumer;
    const WatchOptions& m_options;
    WatchStats& m_stats;
    Half m_halves[2];
    std::vector<Decoded> m_decoded;
    std::string m_out;
    bool m_down = false;
    Clock::time_point m_down_since;
};

class FileConsumer final : public KafkaConsumer {
public:
    explicit FileConsumer(const std::vector<std::string>& paths) {
        for (const auto& path : expand_inputs(paths, {".json", ".jsonl"})) {
            InputFile in = read_input(path);
            auto& file = m_files.emplace_back();
            file.name = in.name;
            file.content = std::move(in.content);
        }
        for (auto& f : m_files) {
            split(f);
        }
    }

    void subscribe(const std::vector<std::string>&) override {}
    void assign(const std::string&,
                const std::vector<std::pair<std::int32_t, std::int64_t>>&) override {}

    void poll(std::vector<KafkaMessage>& out, std::size_t max, int) override {
        out.clear();
        while (out.size() < max && m_next < m_messages.size()) {
            out.push_back(m_messages[m_next++]);
        }
    }
    void store(std::string_view, std::int32_t, std::int64_t) override {}
    void commit(bool) override {}
    std::size_t assignment_size() override { return 1; }
    void close() override {}

private:
    struct File {
        std::string name;
        std::string content;
    };

    static bool blank(std::string_view s) {
        return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
    }

    // One document, or one message per line when the file has several lines and its first
    // non-blank line is a complete JSON document on its own.
    void split(const File& f) {
        std::string_view text = f.content;
        std::vector<std::pair<std::size_t, std::string_view>> lines;
        std::size_t pos = 0;
        std::size_t line = 0;
        while (pos < text.size()) {
            std::size_t nl = text.find('\n', pos);
            std::string_view l =
                text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
            if (!blank(l)) {
                lines.emplace_back(line, l);
            }
            ++line;
            if (nl == std::string_view::npos) {
                break;
            }
            pos = nl + 1;
        }
        bool per_line = false;
        if (lines.size() > 1) {
            // jsonl when the first line is a complete value on its own; a pretty-printed
            // document's first line ("{") is truncated JSON, so the file is one document.
            std::vector<MinioEvent> scratch;
            std::string error;
            EventDecoder probe;
            per_line = probe.decode(lines.front().second, "", scratch, error) ||
                       error.rfind("truncated", 0) != 0;
        }
        if (per_line) {
            for (const auto& [n, l] : lines) {
                m_messages.push_back(message(f, l, static_cast<std::int64_t>(n)));
            }
        } else if (!blank(text)) {
            m_messages.push_back(message(f, text, 0));
        }
    }

    static KafkaMessage message(const File& f, std::string_view value, std::int64_t offset) {
        KafkaMessage m;
        m.topic = f.name;
        m.partition = 0;
        m.offset = offset;
        m.value = value;
        return m;
    }

    std::deque<File> m_files;
    std::vector<KafkaMessage> m_messages;
    std::size_t m_next = 0;
};

} // namespace

int run_watch(KafkaConsumer& consumer, const WatchOptions& options, WatchStats& stats) {
    Loop loop(consumer, options, stats);
    return loop.run();
}

std::unique_ptr<KafkaConsumer> make_file_consumer(const std::vector<std::string>& paths) {
    return std::make_unique<FileConsumer>(paths);
}

} // namespace corral::notify
