// AWS Signature Version 4 for S3 and the MinIO admin API, written by hand because libcurl 7.88's
// built-in signer signs the query as typed (MinIO canonicalises it: sorted, encoded, `key=`) and
// adds no x-amz-content-sha256 (without which MinIO hashes an empty payload).
#pragma once

#include "notify/s3/crypto.hpp"

#include <string>
#include <utility>
#include <vector>

namespace corral::notify {

struct SigV4Credentials {
    std::string access_key;
    std::string secret_key;
    std::string session_token; // sent as x-amz-security-token when set
};

using QueryParams = std::vector<std::pair<std::string, std::string>>; // decoded
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct SigV4Input {
    std::string method = "GET";
    std::string path = "/";   // decoded (an object key may hold any byte)
    QueryParams query;        // decoded; order does not matter
    HeaderList headers;       // every header here is signed (must include host and x-amz-date)
    std::string payload_hash; // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
    std::string region = "us-east-1";
    std::string service = "s3";
    std::string amz_date; // YYYYMMDDTHHMMSSZ
};

struct SigV4Result {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature;
    std::string signed_headers;
    std::string authorization; // the Authorization header value
};

// S3 URI encoding: RFC 3986 unreserved kept, '/' kept in paths, everything else %XX (upper case).
std::string s3_encode_path(std::string_view path);
// "a=1&b" -> {{"a","1"},{"b",""}} (percent-decoded; '+' stays '+', as AWS decodes it).
QueryParams parse_query(std::string_view raw);
// Sorted by encoded name then value, `name=` for empty values (Go url.Values.Encode with %20).
std::string canonical_query(const QueryParams& query);

SigV4Result sigv4_sign(const SigV4Input& input, const SigV4Credentials& credentials,
                       const Crypto& crypto = notify::crypto());

// "20150830T123600Z" for a Unix time.
std::string amz_date(long long unix_seconds);

} // namespace corral::notify
