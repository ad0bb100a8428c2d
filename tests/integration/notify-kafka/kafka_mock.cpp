// Test helper: a librdkafka mock cluster (real Kafka protocol) on a loopback port.
//   notify_kafka_mock [--brokers N] [--topic NAME:PARTITIONS]... [--produce TOPIC:COUNT]...
// Prints "BOOTSTRAP=host:port,..." then, once every --produce is flushed, "READY", and runs until
// SIGTERM/SIGINT. SIGUSR1 takes every broker down (connections dropped, new ones refused), SIGUSR2
// brings them back (rd_kafka_mock_broker_set_down/up): a broker outage in the middle of a run.
// --produce writes COUNT MinIO-shaped ObjectCreated:Put events (~1.1 KB each, message key
// "bench/KEY" as MinIO sends) with keys obj/NNNNNNNN a+b.bin.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

volatile std::sig_atomic_t g_stop = 0;
volatile std::sig_atomic_t g_updown = 0; // 1: take the brokers down, 2: bring them up
void on_signal(int) {
    g_stop = 1;
}
void on_updown(int sig) {
    g_updown = sig == SIGUSR1 ? 1 : 2;
}

void die(const std::string& what) {
    std::fprintf(stderr, "notify_kafka_mock: %s\n", what.c_str());
    std::exit(2);
}

std::string event_json(long i) {
    char key[64];
    std::snprintf(key, sizeof key, "obj/%08ld a+b.bin", i);
    char escaped[96];
    std::snprintf(escaped, sizeof escaped, "obj%%2F%08ld+a%%2Bb.bin", i);
    char seq[32];
    std::snprintf(seq, sizeof seq, "18A1B2C3%08lX", i);
    std::string s;
    s.reserve(1200);
    s += R"({"EventName":"s3:ObjectCreated:Put","Key":"bench/)";
    s += key;
    s +=
        R"(","Records":[{"eventVersion":"2.0","eventSource":"minio:s3","awsRegion":"","eventTime":"2026-01-02T03:04:05.678Z","eventName":"s3:ObjectCreated:Put","userIdentity":{"principalId":"minioadmin"},"requestParameters":{"principalId":"minioadmin","region":"","sourceIPAddress":"127.0.0.1"},"responseElements":{"content-length":"0","x-amz-id-2":"dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8","x-amz-request-id":"18A1B2C3D4E5F601","x-minio-deployment-id":"00000000-0000-0000-0000-000000000000","x-minio-origin-endpoint":"http://127.0.0.1:9000"},"s3":{"s3SchemaVersion":"1.0","configurationId":"Config","bucket":{"name":"bench","ownerIdentity":{"principalId":"minioadmin"},"arn":"arn:aws:s3:::bench"},"object":{"key":")";
    s += escaped;
    s += R"(","size":)";
    s += std::to_string(1000 + i % 1000);
    s +=
        R"(,"eTag":"430f89010c77aa34fc8760696da62d08","contentType":"application/octet-stream","userMetadata":{"content-type":"application/octet-stream","x-amz-meta-owner":"benchmark-producer","x-amz-meta-purpose":"padding the event to the size MinIO sends with user metadata"},"sequencer":")";
    s += seq;
    s +=
        R"("}},"source":{"host":"127.0.0.1","port":"","userAgent":"MinIO (linux; amd64) minio-go/v7.0.90 mc/RELEASE.2025-01-01T00-00-00Z"}}]})";
    return s;
}

void produce(const std::string& bootstraps, const std::string& topic, long count) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    auto set = [&](const char* k, const char* v) {
        if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) {
            die(err);
        }
    };
    set("bootstrap.servers", bootstraps.c_str());
    set("linger.ms", "20");
    set("batch.num.messages", "10000");
    set("queue.buffering.max.messages", "1000000");
    set("queue.buffering.max.kbytes", "1048576");
    set("acks", "1");
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (rk == nullptr) {
        die(err);
    }
    for (long i = 0; i < count; ++i) {
        std::string value = event_json(i);
        char key[80];
        std::snprintf(key, sizeof key, "bench/obj/%08ld a+b.bin", i);
        for (;;) {
            rd_kafka_resp_err_t e = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key, std::strlen(key)),
                RD_KAFKA_V_VALUE(value.data(), value.size()),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(rk, 50);
                continue;
            }
            if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
                die(std::string("produce: ") + rd_kafka_err2str(e));
            }
            break;
        }
        rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 120000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        die("flush timed out");
    }
    rd_kafka_destroy(rk);
}

} // namespace

int main(int argc, char** argv) {
    int brokers = 1;
    std::vector<std::pair<std::string, int>> topics;
    std::vector<std::pair<std::string, long>> produces;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                die("missing value after " + a);
            }
            return argv[++i];
        };
        auto split = [&](const std::string& v) {
            std::size_t colon = v.rfind(':');
            if (colon == std::string::npos) {
                die("expected NAME:NUMBER, got " + v);
            }
            return std::make_pair(v.substr(0, colon), std::atol(v.c_str() + colon + 1));
        };
        if (a == "--brokers") {
            brokers = std::atoi(next().c_str());
        } else if (a == "--topic") {
            auto [n, p] = split(next());
            topics.emplace_back(n, static_cast<int>(p));
        } else if (a == "--produce") {
            produces.push_back(split(next()));
        } else {
            die("unknown argument " + a);
        }
    }
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::signal(SIGUSR1, on_updown);
    std::signal(SIGUSR2, on_updown);

    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (rk == nullptr) {
        die(err);
    }
    rd_kafka_mock_cluster_t* mc = rd_kafka_mock_cluster_new(rk, brokers);
    if (mc == nullptr) {
        die("cannot create the mock cluster");
    }
    for (const auto& [name, partitions] : topics) {
        rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(mc, name.c_str(), partitions, 1);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            die("topic " + name + ": " + rd_kafka_err2str(e));
        }
    }
    std::string bootstraps = rd_kafka_mock_cluster_bootstraps(mc);
    std::printf("BOOTSTRAP=%s\n", bootstraps.c_str());
    std::fflush(stdout);
    for (const auto& [topic, count] : produces) {
        produce(bootstraps, topic, count);
    }
    std::printf("READY\n");
    std::fflush(stdout);
    while (!g_stop) {
        usleep(50000);
        if (int updown = g_updown; updown != 0) {
            g_updown = 0;
            for (int id = 1; id <= brokers; ++id) {
                if (updown == 1) {
                    rd_kafka_mock_broker_set_down(mc, id);
                } else {
                    rd_kafka_mock_broker_set_up(mc, id);
                }
            }
            std::printf("%s\n", updown == 1 ? "DOWN" : "UP");
            std::fflush(stdout);
        }
    }
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(rk);
    return 0;
}
