// Drives the S3 client API that `notify verify` uses (put_object, head_object, delete_object,
// bucket_exists) against the fake MinIO; test_notify_s3.py checks what the server stored.
// Usage: s3_client_check URL ACCESS SECRET BUCKET KEY
#include "core/error.hpp"
#include "notify/s3/client.hpp"

#include <cstdio>
#include <memory>

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: s3_client_check URL ACCESS SECRET BUCKET KEY\n");
        return 2;
    }
    using namespace corral::notify;
    try {
        S3Endpoint ep;
        ep.url = argv[1];
        ep.credentials = {argv[2], argv[3], ""};
        ep.timeout_seconds = 10;
        static std::unique_ptr<Crypto> crypto(corral_notify_crypto_create());
        std::shared_ptr<corral::HttpClient> http(corral_http_client_create());
        S3Client client(ep, http, crypto.get());
        std::string bucket = argv[4];
        std::string key = argv[5];
        std::printf("bucket_exists=%d\n", client.bucket_exists(bucket) ? 1 : 0);
        std::printf("missing_bucket_exists=%d\n", client.bucket_exists("no-such-bucket") ? 1 : 0);
        std::string etag = client.put_object(bucket, key, "probe body", "text/plain");
        std::printf("etag=%s\n", etag.c_str());
        auto info = client.head_object(bucket, key);
        std::printf("head_size=%lld head_etag=%s head_type=%s\n", info ? info->size : -2LL,
                    info ? info->etag.c_str() : "", info ? info->content_type.c_str() : "");
        client.delete_object(bucket, key);
        std::printf("after_delete=%s\n", client.head_object(bucket, key) ? "present" : "gone");
        return 0;
    } catch (const corral::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return e.exit_code();
    }
}
