// S3Client request construction through a recording HttpClient: path-style URLs, canonical query,
// x-amz-content-sha256 on every request, S3/admin error summaries, madmin admin calls.
#include "core/error.hpp"
#include "notify/s3/client.hpp"
#include "notify/s3/madmin.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace corral::notify;
using corral::Error;
using corral::HttpRequest;
using corral::HttpResponse;

namespace {

const Crypto& test_crypto() {
    static std::unique_ptr<Crypto> c(corral_notify_crypto_create());
    return *c;
}

struct Recorder : corral::HttpClient {
    std::vector<HttpRequest> requests;
    std::vector<HttpResponse> answers;
    HttpResponse perform(const HttpRequest& r) override {
        requests.push_back(r);
        if (answers.empty()) {
            HttpResponse ok;
            ok.status = 200;
            return ok;
        }
        HttpResponse a = answers.front();
        answers.erase(answers.begin());
        return a;
    }
};

std::string header(const HttpRequest& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) {
            return v;
        }
    }
    return "<absent>";
}

S3Endpoint endpoint() {
    S3Endpoint ep;
    ep.url = "http://127.0.0.1:9000/";
    ep.credentials = {"minioadmin", "minioadmin", ""};
    return ep;
}

} // namespace

TEST_CASE("s3: requests are path-style, canonical and carry the payload hash", "[s3]") {
    auto rec = std::make_shared<Recorder>();
    S3Client client(endpoint(), rec, &test_crypto());
    client.put_bucket_notification("photos",
                                   "<NotificationConfiguration></NotificationConfiguration>");
    client.get_bucket_notification("photos");
    client.delete_object("photos", "dir/a b+c%.txt");
    REQUIRE(rec->requests.size() == 3);
    const auto& put = rec->requests[0];
    CHECK(put.method == "PUT");
    CHECK(put.url == "http://127.0.0.1:9000/photos?notification=");
    CHECK(header(put, "x-amz-content-sha256") ==
          to_hex(test_crypto().sha256("<NotificationConfiguration></NotificationConfiguration>")));
    CHECK(header(put, "Content-Type") == "application/xml");
    CHECK(header(put, "host") == "127.0.0.1:9000");
    CHECK(header(put, "Authorization")
              .find("SignedHeaders=content-type;host;x-amz-content-sha256;"
                    "x-amz-date") != std::string::npos);
    CHECK(header(rec->requests[1], "x-amz-content-sha256") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(rec->requests[2].url == "http://127.0.0.1:9000/photos/dir/a%20b%2Bc%25.txt");

    // the Authorization header verifies when recomputed from what was sent
    SigV4Input in;
    in.method = put.method;
    in.path = "/photos";
    in.query = {{"notification", ""}};
    in.amz_date = header(put, "x-amz-date");
    in.payload_hash = header(put, "x-amz-content-sha256");
    for (const auto& h : put.headers) {
        if (h.first != "Authorization") {
            in.headers.push_back(h);
        }
    }
    CHECK(sigv4_sign(in, endpoint().credentials, test_crypto()).authorization ==
          header(put, "Authorization"));
}

TEST_CASE("s3: errors name the S3 code and status", "[s3]") {
    auto rec = std::make_shared<Recorder>();
    HttpResponse denied;
    denied.status = 403;
    denied.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                  "<Message>Access Denied.</Message></Error>";
    rec->answers.push_back(denied);
    S3Client client(endpoint(), rec, &test_crypto());
    CHECK_THROWS_WITH(client.get_bucket_notification("photos"),
                      "GET http://127.0.0.1:9000/photos?notification=: AccessDenied: Access "
                      "Denied. (HTTP 403)");
    try {
        rec->answers.push_back(denied);
        client.get_bucket_notification("photos");
    } catch (const Error& e) {
        CHECK(e.exit_code() == 4);
    }
    HttpResponse admin;
    admin.status = 400;
    admin.body = R"({"Code":"XMinioConfigError","Message":"brokers down","Resource":"/x"})";
    CHECK(s3_error_summary(admin) == "XMinioConfigError: brokers down (HTTP 400)");
    HttpResponse head;
    head.status = 403;
    CHECK(s3_error_summary(head) == "AccessDenied (HTTP 403)");
    CHECK(s3_error_code(denied.body) == "AccessDenied");
}

TEST_CASE("s3: HEAD object and bucket", "[s3]") {
    auto rec = std::make_shared<Recorder>();
    HttpResponse found;
    found.status = 200;
    found.headers = {{"etag", "\"abc\""}, {"content-length", "10"}, {"content-type", "text/plain"}};
    HttpResponse missing;
    missing.status = 404;
    rec->answers = {found, missing, missing};
    S3Client client(endpoint(), rec, &test_crypto());
    auto info = client.head_object("photos", "k");
    REQUIRE(info);
    CHECK(info->etag == "abc");
    CHECK(info->size == 10);
    CHECK_FALSE(client.head_object("photos", "k"));
    CHECK_FALSE(client.bucket_exists("photos"));
}

TEST_CASE("madmin: set-config-kv sends the encrypted line", "[madmin]") {
    auto rec = std::make_shared<Recorder>();
    S3Client client(endpoint(), rec, &test_crypto());
    admin_set_config_kv(client, "notify_kafka:1 topic=t", MadminCipher::pbkdf2_aes_gcm);
    REQUIRE(rec->requests.size() == 1);
    const auto& r = rec->requests[0];
    CHECK(r.method == "PUT");
    CHECK(r.url == "http://127.0.0.1:9000/minio/admin/v3/set-config-kv");
    CHECK(test_crypto().madmin_decrypt("minioadmin", r.body) == "notify_kafka:1 topic=t");
    CHECK(header(r, "x-amz-content-sha256") == to_hex(test_crypto().sha256(r.body)));

    HttpResponse answer;
    answer.status = 200;
    answer.body = test_crypto().madmin_encrypt("minioadmin", "notify_kafka:1 topic=t",
                                               MadminCipher::pbkdf2_aes_gcm);
    rec->answers.push_back(answer);
    CHECK(admin_get_config_kv(client, "notify_kafka:1") == "notify_kafka:1 topic=t");
    CHECK(rec->requests.back().url ==
          "http://127.0.0.1:9000/minio/admin/v3/get-config-kv?key=notify_kafka%3A1");
    admin_service_restart(client);
    CHECK(rec->requests.back().url == "http://127.0.0.1:9000/minio/admin/v3/"
                                      "service?action=restart&dry-run=false&type=2");
}
