#include "notify/verify.hpp"

#include "core/color.hpp"
#include "notify/kafka/watch.hpp" // stop_signal()

#include <chrono>
#include <unistd.h>

namespace corral::notify {

namespace {

double since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string plural(std::uint64_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

struct HopRunner {
    VerifyReport& report;

    // Runs `fn` (returns the detail) as hop `name`; an Error::usage/internal propagates, any other
    // failure fails the hop. Returns whether the hop passed.
    template <typename Fn>
    bool run(const std::string& name, Fn&& fn, bool connect = false) {
        VerifyHop hop;
        hop.name = name;
        auto start = std::chrono::steady_clock::now();
        try {
            std::optional<std::string> failure;
            hop.detail = fn(failure);
            hop.ok = !failure;
            if (failure) {
                hop.detail = *failure;
            }
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::usage || e.kind() == ErrorKind::internal) {
                throw;
            }
            hop.ok = false;
            hop.detail = e.message();
            if (e.kind() == ErrorKind::interrupted) {
                report.interrupted = true;
                hop.detail = "interrupted";
            }
            if (connect && e.kind() == ErrorKind::remote) {
                report.unreachable = report.failed_hop.empty();
            }
        }
        hop.seconds = since(start);
        if (!hop.ok && report.failed_hop.empty()) {
            report.failed_hop = name;
            report.failure = hop.detail;
        }
        report.hops.push_back(std::move(hop));
        return report.hops.back().ok;
    }
};

std::string event_detail(const EventWaitResult& r) {
    return r.event.event + " at partition " + std::to_string(r.partition) + ", offset " +
           std::to_string(r.offset) + " (" + plural(r.messages_seen, "message") + " checked)";
}

std::string no_event(const char* kind, const VerifyOptions& o, const EventWaitResult& r) {
    return std::string("no ") + kind + " event for " + o.bucket + "/" + o.key + " on topic " +
           o.topic + " within " + format_decimal(o.timeout_seconds) + " s (checked " +
           plural(r.messages_seen, "message") +
           (r.undecodable > 0 ? ", " + std::to_string(r.undecodable) + " not MinIO events" : "") +
           ")";
}

} // namespace

VerifyReport run_verify(VerifyStore& store, VerifyEvents& events, const VerifyOptions& o) {
    VerifyReport report;
    report.bucket = o.bucket;
    report.topic = o.topic;
    report.key = o.key;
    HopRunner hops{report};

    bool connected = hops.run(
        "connect",
        [&](std::optional<std::string>& failure) -> std::string {
            std::string missing = store.check_bucket(o.bucket);
            if (!missing.empty()) {
                failure = missing;
                return {};
            }
            std::size_t partitions = events.arm();
            return "bucket " + o.bucket + " at " + store.describe() + "; topic " + o.topic +
                   " armed at the end of " + plural(partitions, "partition");
        },
        true);
    if (!connected) {
        return report;
    }

    const std::string payload = "corral notify verify probe " + o.key + "\n";
    bool put = hops.run("put", [&](std::optional<std::string>&) -> std::string {
        std::string etag = store.put(o.bucket, o.key, payload);
        return "PUT " + o.bucket + "/" + o.key + " (" + plural(payload.size(), "byte") +
               (etag.empty() ? "" : ", ETag " + etag) + ")";
    });
    // An interrupted PUT may have reached the server: remove the object all the same.
    if (!put && !report.interrupted) {
        return report;
    }

    bool created =
        put && hops.run("event-put", [&](std::optional<std::string>& failure) -> std::string {
            EventWaitResult r =
                events.wait_for(o.bucket, o.key, "s3:ObjectCreated:*", o.timeout_seconds);
            if (!r.found) {
                failure = no_event("s3:ObjectCreated", o, r);
                return {};
            }
            return event_detail(r);
        });

    // Always clean up once the object exists, even when its event never came.
    bool deleted = hops.run("delete", [&](std::optional<std::string>&) -> std::string {
        store.remove(o.bucket, o.key);
        return "DELETE " + o.bucket + "/" + o.key;
    });

    if (created && deleted && !o.skip_delete_event && !report.interrupted) {
        hops.run("event-delete", [&](std::optional<std::string>& failure) -> std::string {
            EventWaitResult r =
                events.wait_for(o.bucket, o.key, "s3:ObjectRemoved:*", o.timeout_seconds);
            if (!r.found) {
                failure = no_event("s3:ObjectRemoved", o, r);
                return {};
            }
            return event_detail(r);
        });
    }
    report.passed = report.failed_hop.empty();
    return report;
}

std::string make_probe_key(const std::string& prefix) {
    std::string p = prefix;
    if (!p.empty() && p.back() != '/') {
        p += '/';
    }
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
        std::snprintf(host, sizeof host, "host");
    }
    std::string h;
    for (const char* c = host; *c != '\0'; ++c) {
        char ch = *c;
        bool safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_';
        h += safe ? ch : '_';
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    return p + h + "-" + std::to_string(static_cast<long>(getpid())) + "-" + std::to_string(ms);
}

Json verify_to_json(const VerifyReport& r) {
    Json j;
    j["bucket"] = r.bucket;
    j["topic"] = r.topic;
    j["key"] = r.key;
    j["passed"] = r.passed;
    j["hops"] = Json::array();
    for (const auto& h : r.hops) {
        Json hop;
        hop["name"] = h.name;
        hop["ok"] = h.ok;
        hop["seconds"] = std::stod(format_decimal(h.seconds));
        hop["detail"] = h.detail;
        j["hops"].push_back(std::move(hop));
    }
    return j;
}

std::string verify_to_text(const VerifyReport& r) {
    Table t({"HOP", "RESULT", "SECONDS", "DETAIL"});
    t.align_right(2);
    double total = 0;
    for (const auto& h : r.hops) {
        t.add_row({h.name, h.ok ? paint(Style::ok, "ok") : paint(Style::fail, "FAILED"),
                   format_decimal(h.seconds), h.detail});
        total += h.seconds;
    }
    std::string out = t.render();
    if (r.passed) {
        out += "verify passed: " + r.bucket + " -> " + r.topic + " (" +
               plural(r.hops.size(), "hop") + " ok in " + format_decimal(total) + " s)\n";
    } else {
        out += "verify failed at " + r.failed_hop + "\n";
    }
    return out;
}

Error verify_error(const VerifyReport& r) {
    if (r.interrupted) {
        return Error(ErrorKind::interrupted, "verify interrupted at " + r.failed_hop +
                                                 (r.hops.back().name == "delete" && r.hops.back().ok
                                                      ? "; the probe object was removed"
                                                      : ""));
    }
    std::string msg = "verify failed at " + r.failed_hop + ": " + r.failure;
    return r.unreachable ? Error::remote(msg) : Error::check(msg);
}

namespace {

S3Endpoint without_interrupt(S3Endpoint e) {
    e.interrupt = nullptr;
    return e;
}

class S3Store : public VerifyStore {
public:
    // Requests stop on SIGINT/SIGTERM, except the DELETE that cleans up after them.
    explicit S3Store(S3Endpoint e)
        : m_client(with_interrupt(e)), m_cleanup(without_interrupt(std::move(e))) {}
    std::string check_bucket(const std::string& bucket) override {
        if (!m_client.bucket_exists(bucket)) {
            return "bucket " + bucket + " does not exist at " + describe() + " (NoSuchBucket)";
        }
        return {};
    }
    std::string put(const std::string& bucket, const std::string& key,
                    const std::string& data) override {
        return m_client.put_object(bucket, key, data, "text/plain");
    }
    void remove(const std::string& bucket, const std::string& key) override {
        m_cleanup.delete_object(bucket, key);
    }
    std::string describe() const override {
        const auto& e = m_client.endpoint();
        return e.url + (e.origin.empty() ? "" : " (" + e.origin + ")");
    }

private:
    static S3Endpoint with_interrupt(S3Endpoint e) {
        e.interrupt = &stop_signal();
        return e;
    }

    S3Client m_client;
    S3Client m_cleanup;
};

class KafkaEvents : public VerifyEvents {
public:
    KafkaEvents(KafkaConfig c, std::string t) : m_config(std::move(c)), m_topic(std::move(t)) {}
    std::size_t arm() override {
        m_waiter = std::make_unique<EventWaiter>(m_config, m_topic);
        return m_waiter->partitions();
    }
    EventWaitResult wait_for(const std::string& bucket, const std::string& key,
                             const std::string& pattern, double timeout) override {
        if (!m_waiter) {
            throw Error::internal("verify: wait_for before arm");
        }
        return m_waiter->wait_for(bucket, key, pattern, timeout);
    }

private:
    KafkaConfig m_config;
    std::string m_topic;
    std::unique_ptr<EventWaiter> m_waiter;
};

} // namespace

std::unique_ptr<VerifyStore> make_s3_verify_store(S3Endpoint endpoint) {
    return std::make_unique<S3Store>(std::move(endpoint));
}

std::unique_ptr<VerifyEvents> make_kafka_verify_events(KafkaConfig config, std::string topic) {
    return std::make_unique<KafkaEvents>(std::move(config), std::move(topic));
}

} // namespace corral::notify
