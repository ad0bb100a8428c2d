// SigV4 signer against the AWS SigV4 test suite (botocore tests/unit/auth/aws4_testsuite), the S3
// documentation examples (sig-v4-header-based-auth) and a botocore-signed MinIO ?notification= PUT.
#include "core/http.hpp"
#include "notify/s3/crypto.hpp"
#include "notify/s3/sigv4.hpp"
#include "unit/shared_data.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <sstream>

using namespace corral::notify;

namespace {

const Crypto& test_crypto() {
    static std::unique_ptr<Crypto> c(corral_notify_crypto_create());
    return *c;
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Parses an aws4_testsuite .req file (request line, headers, blank line, body).
SigV4Input parse_req(const std::string& text) {
    SigV4Input in;
    std::istringstream ss(text);
    std::string line;
    std::getline(ss, line);
    auto sp1 = line.find(' ');
    auto sp2 = line.rfind(' ');
    in.method = line.substr(0, sp1);
    std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    auto q = target.find('?');
    in.path = corral::url_decode(target.substr(0, q));
    if (q != std::string::npos) {
        in.query = parse_query(target.substr(q + 1));
    }
    std::string body;
    bool in_body = false;
    while (std::getline(ss, line)) {
        if (in_body) {
            body += line;
            continue;
        }
        if (line.empty()) {
            in_body = true;
            continue;
        }
        auto colon = line.find(':');
        in.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
        if (line.substr(0, colon) == "X-Amz-Date") {
            in.amz_date = line.substr(colon + 1);
        }
    }
    in.payload_hash = to_hex(test_crypto().sha256(body));
    in.service = "service";
    in.region = "us-east-1";
    return in;
}

} // namespace

TEST_CASE("sigv4: AWS test suite vectors", "[sigv4]") {
    CORRAL_REQUIRE_SHARED_DATA();
    // botocore tests/unit/auth/aws4_testsuite/<name>/<name>.{req,creq,sts,authz}
    auto name = GENERATE(as<std::string>{}, "get-vanilla", "get-vanilla-query-order-key-case",
                         "get-vanilla-empty-query-key", "get-header-value-trim", "post-vanilla",
                         "post-x-www-form-urlencoded");
    std::string dir = corral::test::shared_data("minio/sigv4/" + name + "/" + name);
    SigV4Credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
    auto r = sigv4_sign(parse_req(slurp(dir + ".req")), creds, test_crypto());
    INFO(name);
    CHECK(r.canonical_request == slurp(dir + ".creq"));
    CHECK(r.string_to_sign == slurp(dir + ".sts"));
    CHECK(r.authorization == slurp(dir + ".authz"));
}

TEST_CASE("sigv4: S3 documentation examples", "[sigv4]") {
    // AWS S3 API reference, "Signature Calculations for the Authorization Header: Transferring
    // Payload in a Single Chunk", examples 1-4.
    const std::string empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    SigV4Credentials creds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
    struct Row {
        const char* name;
        const char* method;
        const char* path;
        QueryParams query;
        HeaderList extra;
        std::string hash;
        const char* signature;
    };
    std::vector<Row> rows = {
        {"get-object",
         "GET",
         "/test.txt",
         {},
         {{"Range", "bytes=0-9"}},
         empty,
         "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"},
        {"put-object",
         "PUT",
         "/test$file.text",
         {},
         {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
         "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
         "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"},
        {"get-bucket-lifecycle",
         "GET",
         "/",
         parse_query("lifecycle"),
         {},
         empty,
         "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
        {"list-objects",
         "GET",
         "/",
         parse_query("max-keys=2&prefix=J"),
         {},
         empty,
         "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        SigV4Input in;
        in.method = row.method;
        in.path = row.path;
        in.query = row.query;
        in.amz_date = "20130524T000000Z";
        in.payload_hash = row.hash;
        in.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                      {"x-amz-date", in.amz_date},
                      {"x-amz-content-sha256", row.hash}};
        in.headers.insert(in.headers.end(), row.extra.begin(), row.extra.end());
        CHECK(sigv4_sign(in, creds, test_crypto()).signature == row.signature);
    }
}

TEST_CASE("sigv4: PUT ?notification= matches botocore", "[sigv4]") {
    CORRAL_REQUIRE_SHARED_DATA();
    std::string body = slurp(corral::test::shared_data("minio/mc-put-body.xml"));
    REQUIRE(body.size() == 360);
    SigV4Input in;
    in.method = "PUT";
    in.path = "/photos";
    in.query = parse_query("notification");
    in.amz_date = "20260102T030405Z";
    in.payload_hash = to_hex(test_crypto().sha256(body));
    in.headers = {{"Content-Type", "application/xml"},
                  {"Host", "127.0.0.1:9000"},
                  {"X-Amz-Date", in.amz_date},
                  {"x-amz-content-sha256", in.payload_hash}};
    auto r = sigv4_sign(in, {"minioadmin", "minioadmin", ""}, test_crypto());
    CHECK(in.payload_hash == "ee624121d25654f0b38f2d758fc5758dd7c7aa000673c26a5e7f20aabf2152b1");
    CHECK(r.canonical_request.find("\nnotification=\n") != std::string::npos);
    CHECK(r.authorization ==
          "AWS4-HMAC-SHA256 Credential=minioadmin/20260102/us-east-1/s3/aws4_request, "
          "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
          "Signature=61e471ce0e5cd67f57e7597b5cb2141b20925093a1c905be6a802fca4834c615");
}

TEST_CASE("sigv4: canonical query is sorted and encoded", "[sigv4]") {
    CHECK(canonical_query(parse_query("notification")) == "notification=");
    CHECK(canonical_query(parse_query("key=notify_kafka:1")) == "key=notify_kafka%3A1");
    CHECK(canonical_query(parse_query("type=2&action=restart&dry-run=false")) ==
          "action=restart&dry-run=false&type=2");
    CHECK(canonical_query({{"prefix", "a b+c"}}) == "prefix=a%20b%2Bc");
    CHECK(amz_date(1440938160) == "20150830T123600Z");
}
