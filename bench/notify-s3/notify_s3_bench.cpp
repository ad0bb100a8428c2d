// SigV4 signing and notification XML parse/render rates (notify event add/list hot paths are
// network-bound; these show the client side is negligible next to a round trip).
#include "notify/s3/bucket_rules.hpp"
#include "notify/s3/crypto.hpp"
#include "notify/s3/sigv4.hpp"

#include <chrono>
#include <cstdio>

using namespace corral::notify;
using clock_type = std::chrono::steady_clock;

int main() {
    const Crypto& c = crypto(); // the corral-notify-crypto module, as the CLI loads it
    SigV4Input in;
    in.method = "PUT";
    in.path = "/photos";
    in.query = {{"notification", ""}};
    in.amz_date = "20260102T030405Z";
    in.payload_hash = to_hex(c.sha256("<NotificationConfiguration/>"));
    in.headers = {{"host", "127.0.0.1:9000"},
                  {"x-amz-content-sha256", in.payload_hash},
                  {"x-amz-date", in.amz_date},
                  {"content-type", "application/xml"}};
    SigV4Credentials creds{"minioadmin", "minioadmin", ""};
    const int n = 100000;
    auto t0 = clock_type::now();
    std::size_t sink = 0;
    for (int i = 0; i < n; ++i) {
        sink += sigv4_sign(in, creds, c).signature.size();
    }
    double s = std::chrono::duration<double>(clock_type::now() - t0).count();
    std::printf("sigv4_sign: %d signatures in %.3f s (%.1f us each)\n", n, s, s / n * 1e6);

    NotificationConfig config;
    for (int i = 0; i < 1000; ++i) {
        QueueRule r;
        r.arn = "arn:minio:sqs::" + std::to_string(i) + ":kafka";
        r.events = {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"};
        r.has_prefix = true;
        r.prefix = "photos/" + std::to_string(i) + "/";
        config.queues.push_back(r);
    }
    std::string xml = render_notification_xml(config);
    const int rounds = 200;
    t0 = clock_type::now();
    for (int i = 0; i < rounds; ++i) {
        NotificationConfig parsed = parse_notification_xml(xml);
        validate_config(parsed);
        sink += render_notification_xml(parsed).size();
    }
    s = std::chrono::duration<double>(clock_type::now() - t0).count();
    std::printf("notification XML: 1000 rules (%zu bytes) parsed+checked+rendered in %.2f ms\n",
                xml.size(), s / rounds * 1e3);

    auto a0 = clock_type::now();
    std::string enc = c.madmin_encrypt("minioadmin", "notify_kafka:1 brokers=k:9092 topic=t",
                                       MadminCipher::argon2id_aes_gcm);
    double enc_s = std::chrono::duration<double>(clock_type::now() - a0).count();
    std::printf("madmin EncryptData (Argon2id 64 MiB): %.0f ms per set-config-kv body\n",
                enc_s * 1e3);
    return sink == 0 ? 1 : 0;
}
