// librdkafka implementation of KafkaAdmin and KafkaConsumer, built into the corral-kafka module
// (see lib/notify/modules-kafka.cmake). Only this file includes librdkafka.
#include "core/error.hpp"
#include "core/log.hpp"
#include "notify/kafka/kafka.hpp"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <unistd.h>

namespace corral::notify {

namespace {

int to_ms(double seconds) {
    if (seconds <= 0) {
        return 1;
    }
    return seconds > 2e6 ? 2000000000 : static_cast<int>(seconds * 1000);
}

// The last transport-level error librdkafka reported (to explain a timeout).
struct ErrorSink {
    std::mutex mutex;
    std::string last;
    bool all_brokers_down = false; // every known broker failed its connection attempt
};

void on_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
    auto* sink = static_cast<ErrorSink*>(opaque);
    std::lock_guard<std::mutex> lock(sink->mutex);
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
        sink->all_brokers_down = true;
    }
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && !sink->last.empty()) {
        return; // keep the more specific "Connect to ... failed: Connection refused"
    }
    sink->last =
        reason != nullptr ? reason : rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err));
}

// Consumers only (statistics.interval.ms): a broker in state UP ends an all-brokers-down spell;
// librdkafka reports the outage through error_cb but has no callback for the recovery.
int on_statistics(rd_kafka_t*, char* json, size_t len, void* opaque) {
    if (brokers_up_in_statistics(std::string_view(json, len)) > 0) {
        auto* sink = static_cast<ErrorSink*>(opaque);
        std::lock_guard<std::mutex> lock(sink->mutex);
        sink->all_brokers_down = false;
    }
    return 0; // librdkafka frees the document
}

void on_log(const rd_kafka_t*, int level, const char* fac, const char* buf) {
    static const bool debug = std::getenv("CORRAL_KAFKA_DEBUG") != nullptr;
    if (debug) {
        log::info("kafka[{}] {}: {}", level, fac, buf);
    }
}

rd_kafka_conf_t* make_conf(const KafkaConfig& config, ErrorSink* sink) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char errstr[512];
    auto set = [&](const std::string& name, const std::string& value) {
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            std::string shown = is_secret_property(name) ? "***" : value;
            throw Error::usage("kafka setting " + name + "=" + shown + ": " + errstr);
        }
    };
    for (const auto& [k, v] : config.properties()) {
        set(k, v);
    }
    if (std::getenv("CORRAL_KAFKA_DEBUG") != nullptr && config.extra.count("debug") == 0) {
        set("debug", "broker,protocol,cgrp,topic");
    }
    set("socket.timeout.ms", std::to_string(std::max(to_ms(config.timeout_seconds), 10)));
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_log_cb(conf, on_log);
    rd_kafka_conf_set_opaque(conf, sink);
    return conf;
}

rd_kafka_t* make_handle(rd_kafka_type_t type, rd_kafka_conf_t* conf) {
    char errstr[512];
    rd_kafka_t* rk = rd_kafka_new(type, conf, errstr, sizeof errstr);
    if (rk == nullptr) {
        rd_kafka_conf_destroy(conf);
        throw Error::usage(std::string("kafka client: ") + errstr);
    }
    return rk;
}

std::string last_error(ErrorSink& sink) {
    std::lock_guard<std::mutex> lock(sink.mutex);
    return sink.last;
}

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", s);
    return buf;
}

class RdAdmin final : public KafkaAdmin {
public:
    explicit RdAdmin(const KafkaConfig& config) : m_config(config) {
        m_rk = make_handle(RD_KAFKA_PRODUCER, make_conf(config, &m_sink));
    }
    ~RdAdmin() override { rd_kafka_destroy(m_rk); }

    ClusterMetadata metadata() override {
        auto start = std::chrono::steady_clock::now();
        auto deadline = start + std::chrono::duration<double>(m_config.timeout_seconds);
        const rd_kafka_metadata_t* md = nullptr;
        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
        // Ask in growing slices and serve error_cb in between: when every bootstrap broker has
        // refused the connection librdkafka says ALL_BROKERS_DOWN at once, and waiting out the
        // whole --timeout for an answer that cannot come helps nobody. The slices double, so a
        // slow answer (full metadata of a big cluster) still gets all the time it needs.
        int slice_ms = 100;
        for (;;) {
            auto left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now());
            int slice = std::min(to_ms(left.count()), slice_ms);
            slice_ms = slice_ms > 1000000000 ? slice_ms : slice_ms * 2;
            err = rd_kafka_metadata(m_rk, 1, nullptr, &md, std::max(slice, 1));
            rd_kafka_poll(m_rk, 0); // serve error_cb: "Connect to ... failed: Connection refused"
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR || std::chrono::steady_clock::now() >= deadline) {
                break;
            }
            bool down = false;
            {
                std::lock_guard<std::mutex> lock(m_sink.mutex);
                down = m_sink.all_brokers_down;
            }
            if (down) {
                throw Error::remote("kafka brokers " + m_config.brokers +
                                    ": every broker refused or dropped the connection (" +
                                    last_error(m_sink) + ")");
            }
        }
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            std::string detail = last_error(m_sink);
            throw Error::remote("kafka brokers " + m_config.brokers + ": no metadata within " +
                                seconds_text(m_config.timeout_seconds) + " s (" +
                                rd_kafka_err2str(err) + (detail.empty() ? "" : "; " + detail) +
                                ")");
        }
        ClusterMetadata out;
        out.answered_by = md->orig_broker_id;
        for (int i = 0; i < md->broker_cnt; ++i) {
            out.brokers.push_back({md->brokers[i].id, md->brokers[i].host, md->brokers[i].port});
        }
        for (int i = 0; i < md->topic_cnt; ++i) {
            const auto& t = md->topics[i];
            TopicInfo ti;
            ti.name = t.topic;
            if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                ti.error = rd_kafka_err2str(t.err);
            }
            for (int p = 0; p < t.partition_cnt; ++p) {
                const auto& pm = t.partitions[p];
                PartitionInfo pi;
                pi.id = pm.id;
                pi.leader = pm.leader;
                pi.replicas.assign(pm.replicas, pm.replicas + pm.replica_cnt);
                pi.isrs.assign(pm.isrs, pm.isrs + pm.isr_cnt);
                if (pm.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    pi.error = rd_kafka_err2str(pm.err);
                }
                ti.partitions.push_back(std::move(pi));
            }
            out.topics.push_back(std::move(ti));
        }
        rd_kafka_metadata_destroy(md);
        out.controller_id = rd_kafka_controllerid(m_rk, 0);
        out.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return out;
    }

    void create_topic(const std::string& topic, int partitions, int replication,
                      const std::map<std::string, std::string>& configs) override {
        char errstr[512];
        rd_kafka_NewTopic_t* nt =
            rd_kafka_NewTopic_new(topic.c_str(), partitions, replication, errstr, sizeof errstr);
        if (nt == nullptr) {
            throw Error::usage(std::string("topic ") + topic + ": " + errstr);
        }
        for (const auto& [k, v] : configs) {
            rd_kafka_NewTopic_set_config(nt, k.c_str(), v.c_str());
        }
        int timeout = to_ms(m_config.timeout_seconds);
        rd_kafka_AdminOptions_t* opts =
            rd_kafka_AdminOptions_new(m_rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
        rd_kafka_AdminOptions_set_request_timeout(opts, timeout, errstr, sizeof errstr);
        rd_kafka_AdminOptions_set_operation_timeout(opts, timeout, errstr, sizeof errstr);
        rd_kafka_queue_t* q = rd_kafka_queue_new(m_rk);
        rd_kafka_CreateTopics(m_rk, &nt, 1, opts, q);
        rd_kafka_event_t* ev = rd_kafka_queue_poll(q, timeout + 2000);
        std::string failure;
        if (ev == nullptr) {
            failure = "no answer within " + seconds_text(m_config.timeout_seconds) + " s";
        } else if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            failure = std::string(rd_kafka_err2name(rd_kafka_event_error(ev))) + ": " +
                      rd_kafka_event_error_string(ev);
        } else {
            const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev);
            size_t n = 0;
            const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(res, &n);
            for (size_t i = 0; i < n; ++i) {
                rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
                if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    const char* msg = rd_kafka_topic_result_error_string(results[i]);
                    failure = std::string(rd_kafka_err2name(e)) + ": " +
                              (msg != nullptr ? msg : rd_kafka_err2str(e));
                }
            }
        }
        if (ev != nullptr) {
            rd_kafka_event_destroy(ev);
        }
        rd_kafka_queue_destroy(q);
        rd_kafka_AdminOptions_destroy(opts);
        rd_kafka_NewTopic_destroy(nt);
        if (!failure.empty()) {
            std::string detail = last_error(m_sink);
            throw Error::remote("kafka brokers " + m_config.brokers +
                                " refused CreateTopics for '" + topic + "': " + failure +
                                (detail.empty() ? "" : " (last broker error: " + detail + ")"));
        }
    }

    std::pair<std::int64_t, std::int64_t> watermarks(const std::string& topic,
                                                     std::int32_t partition) override {
        int64_t low = 0;
        int64_t high = 0;
        rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
            m_rk, topic.c_str(), partition, &low, &high, to_ms(m_config.timeout_seconds));
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw Error::remote("kafka topic " + topic + " partition " + std::to_string(partition) +
                                ": cannot read offsets (" + rd_kafka_err2str(err) + ")");
        }
        return {low, high};
    }

private:
    KafkaConfig m_config;
    ErrorSink m_sink;
    rd_kafka_t* m_rk = nullptr;
};

class RdConsumer final : public KafkaConsumer {
public:
    RdConsumer(const KafkaConfig& config, const ConsumerOptions& options) : m_config(config) {
        rd_kafka_conf_t* conf = make_conf(config, &m_sink);
        char errstr[512];
        auto set = [&](const char* name, const std::string& value) {
            if (rd_kafka_conf_set(conf, name, value.c_str(), errstr, sizeof errstr) !=
                RD_KAFKA_CONF_OK) {
                rd_kafka_conf_destroy(conf);
                throw Error::usage(std::string("kafka setting ") + name + ": " + errstr);
            }
        };
        m_has_group = !options.group.empty();
        // librdkafka's assign() needs a group.id even when no group is ever joined: a private
        // one that is never subscribed, committed or left.
        set("group.id",
            m_has_group ? options.group : "corral-assign-" + std::to_string(::getpid()));
        set("enable.auto.commit", "false");
        set("enable.auto.offset.store", "false");
        set("enable.partition.eof", "false");
        set("auto.offset.reset", options.from_beginning ? "earliest" : "latest");
        if (options.session_timeout_ms > 0) {
            set("session.timeout.ms", std::to_string(options.session_timeout_ms));
            set("heartbeat.interval.ms",
                std::to_string(std::max(100, options.session_timeout_ms / 4)));
        }
        if (options.max_poll_interval_ms > 0) {
            set("max.poll.interval.ms", std::to_string(options.max_poll_interval_ms));
        }
        if (config.extra.count("fetch.wait.max.ms") == 0) {
            set("fetch.wait.max.ms", "100");
        }
        if (options.queue_kbytes > 0 && config.extra.count("queued.max.messages.kbytes") == 0) {
            set("queued.max.messages.kbytes", std::to_string(options.queue_kbytes));
        }
        if (config.extra.count("statistics.interval.ms") == 0) {
            set("statistics.interval.ms", "1000"); // on_statistics: "kafka: broker back"
        }
        rd_kafka_conf_set_stats_cb(conf, on_statistics);
        rd_kafka_conf_set_rebalance_cb(conf, &RdConsumer::on_rebalance);
        rd_kafka_conf_set_offset_commit_cb(conf, &RdConsumer::on_commit);
        // The opaque is the error sink for on_error; the consumer itself is found through a map.
        m_rk = make_handle(RD_KAFKA_CONSUMER, conf);
        registry()[m_rk] = this;
        rd_kafka_poll_set_consumer(m_rk);
    }

    ~RdConsumer() override {
        try {
            close();
        } catch (...) {
        }
        release_messages();
        if (m_rk != nullptr) {
            registry().erase(m_rk);
            rd_kafka_destroy(m_rk);
        }
    }

    void subscribe(const std::vector<std::string>& topics) override {
        rd_kafka_topic_partition_list_t* list =
            rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
        for (const auto& t : topics) {
            rd_kafka_topic_partition_list_add(list, t.c_str(), RD_KAFKA_PARTITION_UA);
        }
        if (topics.size() == 1) {
            m_topic = topics.front();
            m_subscribed_one_topic = true;
        }
        rd_kafka_resp_err_t err = rd_kafka_subscribe(m_rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw Error::remote(std::string("kafka subscribe: ") + rd_kafka_err2str(err));
        }
    }

    void assign(const std::string& topic,
                const std::vector<std::pair<std::int32_t, std::int64_t>>& offsets) override {
        if (!m_has_group) {
            // Without a group, the simple consumer (as kcat -C): every partition fetched into one
            // queue read in batches, measurably faster than the group consumer's per-message poll.
            m_rkt = rd_kafka_topic_new(m_rk, topic.c_str(), nullptr);
            // Learn the partition leaders first (as kcat does): a partition started before its
            // leader is known waits for librdkafka's offset-query retry timer (~0.5 s here).
            const rd_kafka_metadata_t* md = nullptr;
            std::map<std::int32_t, std::int32_t> leaders;
            if (rd_kafka_metadata(m_rk, 0, m_rkt, &md, to_ms(m_config.timeout_seconds)) ==
                RD_KAFKA_RESP_ERR_NO_ERROR) {
                for (int t = 0; t < md->topic_cnt; ++t) {
                    for (int i = 0; i < md->topics[t].partition_cnt; ++i) {
                        const auto& pm = md->topics[t].partitions[i];
                        leaders[pm.id] = pm.leader;
                    }
                }
                rd_kafka_metadata_destroy(md);
            }
            m_topic = topic;
            m_queue = rd_kafka_queue_new(m_rk);
            for (const auto& [p, o] : offsets) {
                if (rd_kafka_consume_start_queue(m_rkt, p, o, m_queue) != 0) {
                    throw Error::remote("kafka: cannot start partition " + std::to_string(p) +
                                        " of " + topic + ": " +
                                        rd_kafka_err2str(rd_kafka_last_error()));
                }
                m_started.push_back(p);
                auto leader = leaders.find(p);
                m_fetch.push_back({p, -1, leader == leaders.end() ? -1 : leader->second});
            }
            m_assigned = offsets.size();
            return;
        }
        rd_kafka_topic_partition_list_t* list =
            rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
        for (const auto& [p, o] : offsets) {
            rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = o;
        }
        rd_kafka_resp_err_t err = rd_kafka_assign(m_rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw Error::remote(std::string("kafka assign: ") + rd_kafka_err2str(err));
        }
        m_assigned = offsets.size();
    }

    void poll(std::vector<KafkaMessage>& out, std::size_t max, int timeout_ms) override {
        release_messages();
        out.clear();
        if (m_queue != nullptr) {
            m_batch.resize(max);
            // A batch call waits until it has `max` messages or the timeout passes, so a topic
            // that runs dry between fetches would stall each poll for the whole timeout (0.2 s
            // stalls at every 1,000th event in the bench). Take what is queued now; only when
            // nothing is, wait for one message, then take what arrived with it.
            // The main queue (error and statistics callbacks) is forwarded to the consumer queue,
            // which only consumer_poll serves; nothing else arrives there without a group.
            if (rd_kafka_message_t* m = rd_kafka_consumer_poll(m_rk, 0)) {
                if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    handle_error(m);
                }
                rd_kafka_message_destroy(m);
            }
            ssize_t n = rd_kafka_consume_batch_queue(m_queue, 0, m_batch.data(), max);
            if (n == 0 && timeout_ms > 0) {
                wake_stalled_fetchers(std::min(timeout_ms, 100));
                if (rd_kafka_message_t* first = rd_kafka_consume_queue(m_queue, timeout_ms)) {
                    m_batch[0] = first;
                    n = 1;
                    if (max > 1) {
                        ssize_t more =
                            rd_kafka_consume_batch_queue(m_queue, 0, m_batch.data() + 1, max - 1);
                        n += std::max<ssize_t>(more, 0);
                    }
                }
            }
            for (ssize_t i = 0; i < n; ++i) {
                rd_kafka_message_t* m = m_batch[static_cast<std::size_t>(i)];
                if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    handle_error(m);
                    rd_kafka_message_destroy(m);
                    continue;
                }
                m_held.push_back(m);
                out.push_back(to_message(m));
                note_consumed(m->partition, m->offset);
            }
            return;
        }
        int wait = 0; // first what is queued; wake stalled fetchers before waiting
        while (out.size() < max) {
            rd_kafka_message_t* m = rd_kafka_consumer_poll(m_rk, wait);
            if (m == nullptr) {
                if (wait == 0 && out.empty() && timeout_ms > 0) {
                    wake_stalled_fetchers(std::min(timeout_ms, 100));
                    wait = timeout_ms;
                    continue;
                }
                break;
            }
            wait = 0;
            if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                handle_error(m);
                rd_kafka_message_destroy(m);
                continue;
            }
            m_held.push_back(m);
            out.push_back(to_message(m));
            if (m_subscribed_one_topic) {
                note_consumed(m->partition, m->offset);
            }
        }
    }

    static KafkaMessage to_message(rd_kafka_message_t* m) {
        KafkaMessage km;
        km.topic = rd_kafka_topic_name(m->rkt);
        km.partition = m->partition;
        km.offset = m->offset;
        if (m->key != nullptr) {
            km.key = std::string_view(static_cast<const char*>(m->key), m->key_len);
        }
        if (m->payload != nullptr) {
            km.value = std::string_view(static_cast<const char*>(m->payload), m->len);
        }
        rd_kafka_timestamp_type_t tstype;
        km.timestamp_ms = rd_kafka_message_timestamp(m, &tstype);
        return km;
    }

    void store(std::string_view topic, std::int32_t partition, std::int64_t offset) override {
        if (!m_has_group) {
            return; // nothing is ever committed without a group
        }
        // Per message: find the slot without building a key string (one topic, few partitions).
        for (auto& p : m_pending_fast) {
            if (p.partition == partition && p.topic == topic) {
                p.offset = std::max(p.offset, offset + 1);
                return;
            }
        }
        m_pending_fast.push_back({std::string(topic), partition, offset + 1});
    }

    void commit(bool sync) override {
        if (!m_has_group) {
            m_pending.clear(); // no group, nothing to commit to
            return;
        }
        for (auto& p : m_pending_fast) {
            auto& slot = m_pending[{std::move(p.topic), p.partition}];
            slot = std::max(slot, p.offset);
        }
        m_pending_fast.clear();
        if (m_pending.empty() || m_rk == nullptr) {
            return;
        }
        rd_kafka_topic_partition_list_t* list =
            rd_kafka_topic_partition_list_new(static_cast<int>(m_pending.size()));
        for (const auto& [tp, offset] : m_pending) {
            rd_kafka_topic_partition_list_add(list, tp.first.c_str(), tp.second)->offset = offset;
        }
        m_pending.clear();
        rd_kafka_resp_err_t err = rd_kafka_commit(m_rk, list, sync ? 0 : 1);
        rd_kafka_topic_partition_list_destroy(list);
        if (sync && err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
            log::warn("kafka: committing offsets failed: {}", rd_kafka_err2str(err));
        }
    }

    std::size_t assignment_size() override { return m_assigned; }

    bool brokers_down() override {
        std::lock_guard<std::mutex> lock(m_sink.mutex);
        return m_sink.all_brokers_down;
    }

    void close() override {
        if (m_closed || m_rk == nullptr) {
            return;
        }
        m_closed = true;
        if (m_wakeups != 0 && std::getenv("CORRAL_KAFKA_DEBUG") != nullptr) {
            log::info("kafka: woke stalled fetchers {} time(s)", m_wakeups);
        }
        release_messages(); // outstanding messages would hold their partitions past the close
        commit(true);
        if (m_queue != nullptr) {
            for (auto p : m_started) {
                rd_kafka_consume_stop(m_rkt, p);
            }
            rd_kafka_queue_destroy(m_queue);
            rd_kafka_topic_destroy(m_rkt);
            m_queue = nullptr;
            m_rkt = nullptr;
        }
        rd_kafka_consumer_close(m_rk);
    }

private:
    using Registry = std::map<rd_kafka_t*, RdConsumer*>;
    static Registry& registry() {
        static Registry r;
        return r;
    }
    static RdConsumer* self(rd_kafka_t* rk) {
        auto it = registry().find(rk);
        return it == registry().end() ? nullptr : it->second;
    }

    static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t* partitions, void*) {
        RdConsumer* c = self(rk);
        if (c != nullptr) {
            c->m_fetch.clear(); // stall detection starts over with the new assignment
        }
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            rd_kafka_assign(rk, partitions);
            if (c != nullptr) {
                c->m_assigned = static_cast<std::size_t>(partitions->cnt);
            }
            log::info("kafka: assigned {} partition(s)", partitions->cnt);
        } else {
            // Revoked: commit what this member finished before another member takes over.
            if (c != nullptr) {
                c->commit(true);
                c->m_assigned = 0;
            }
            rd_kafka_assign(rk, nullptr);
        }
    }

    static void on_commit(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t*,
                          void*) {
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
            log::warn("kafka: committing offsets failed: {}", rd_kafka_err2str(err));
        }
    }

    void handle_error(rd_kafka_message_t* m) {
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            return;
        }
        char fatal[512];
        if (m->err == RD_KAFKA_RESP_ERR__FATAL &&
            rd_kafka_fatal_error(m_rk, fatal, sizeof fatal) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw Error::remote(std::string("kafka: fatal consumer error: ") + fatal);
        }
        std::string text = rd_kafka_message_errstr(m);
        if (text != m_last_warning) {
            log::warn("kafka: {}", text);
            m_last_warning = text;
        }
    }

    // librdkafka 2.0.2 takes a partition off the fetch list once the local queue holds
    // queued.min.messages or queued.max.messages.kbytes (src/rdkafka_fetcher.c,
    // rd_kafka_toppar_fetch_decide), and only reconsiders it when its broker thread wakes up: on
    // a fetch response, an op, or its 1 s idle timeout (rd_kafka_broker_consumer_serve). When the
    // thresholds stop every partition of a broker at once, nothing is in flight to wake it, so
    // the consumer drains the queue and then waits up to 1 s: the bimodal 0.5 s / 1-2 s runs of
    // issue 16 (2.1.0 added fetch.queue.backoff.ms for this). So, when the queue is empty while
    // the high watermark last seen for a partition says the broker holds more than was consumed,
    // a ListOffsets request to that partition's leader is sent: any request served by the broker
    // thread makes it re-run the fetch decision for all its partitions. Nothing is skipped or
    // fetched twice (offsets are not touched), so delivery stays at-least-once as before.
    void note_consumed(std::int32_t partition, std::int64_t offset) {
        if (m_last_fetch < m_fetch.size() && m_fetch[m_last_fetch].partition == partition) {
            m_fetch[m_last_fetch].next = offset + 1;
            return;
        }
        for (std::size_t i = 0; i < m_fetch.size(); ++i) {
            if (m_fetch[i].partition == partition) {
                m_fetch[i].next = offset + 1;
                m_last_fetch = i;
                return;
            }
        }
        // A group member learns its partitions from the messages (leaders unknown: -1).
        m_fetch.push_back({partition, offset + 1, -1});
        m_last_fetch = m_fetch.size() - 1;
    }

    void wake_stalled_fetchers(int timeout_ms) {
        std::vector<std::int32_t> woken; // leaders already asked in this round
        for (const auto& f : m_fetch) {
            if (f.next < 0) {
                continue; // nothing consumed yet: the first fetch is still on its way
            }
            std::int64_t low = 0;
            std::int64_t high = 0;
            if (rd_kafka_get_watermark_offsets(m_rk, m_topic.c_str(), f.partition, &low, &high) !=
                    RD_KAFKA_RESP_ERR_NO_ERROR ||
                high <= f.next) {
                continue;
            }
            if (std::find(woken.begin(), woken.end(), f.leader) != woken.end()) {
                continue;
            }
            woken.push_back(f.leader);
            ++m_wakeups;
            rd_kafka_query_watermark_offsets(m_rk, m_topic.c_str(), f.partition, &low, &high,
                                             timeout_ms);
            if (f.leader < 0) {
                break; // leaders unknown: one request wakes the broker that answers it
            }
        }
    }

    void release_messages() {
        for (auto* m : m_held) {
            rd_kafka_message_destroy(m);
        }
        m_held.clear();
    }

    KafkaConfig m_config;
    ErrorSink m_sink;
    rd_kafka_t* m_rk = nullptr;
    std::vector<rd_kafka_message_t*> m_held;
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> m_pending;
    struct Stored {
        std::string topic;
        std::int32_t partition;
        std::int64_t offset;
    };
    std::vector<Stored> m_pending_fast; // stores since the last commit(), merged into m_pending

    std::size_t m_assigned = 0;
    bool m_closed = false;
    bool m_has_group = false;
    rd_kafka_topic_t* m_rkt = nullptr; // simple consumer (no group)
    rd_kafka_queue_t* m_queue = nullptr;
    std::vector<std::int32_t> m_started;
    std::vector<rd_kafka_message_t*> m_batch;
    struct Fetched {
        std::int32_t partition;
        std::int64_t next; // offset after the last message consumed; -1: none yet
        std::int32_t leader;
    };
    std::string m_topic;
    std::vector<Fetched> m_fetch; // simple consumer: one per started partition
    std::size_t m_last_fetch = 0;
    std::uint64_t m_wakeups = 0;
    bool m_subscribed_one_topic = false;
    std::string m_last_warning;
};

} // namespace

} // namespace corral::notify

extern "C" corral::notify::KafkaAdmin*
corral_kafka_admin_create(const corral::notify::KafkaConfig* c) {
    return new corral::notify::RdAdmin(*c);
}

extern "C" corral::notify::KafkaConsumer*
corral_kafka_consumer_create(const corral::notify::KafkaConfig* c,
                             const corral::notify::ConsumerOptions* o) {
    return new corral::notify::RdConsumer(*c, *o);
}

// For `corral version -o json`: "name<TAB>version" lines of the libraries this module links.
extern "C" const char* corral_kafka_library_versions() {
    static const std::string versions = std::string("librdkafka\t") + rd_kafka_version_str() + "\n";
    return versions.c_str();
}
