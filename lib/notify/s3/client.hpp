// A small S3 client for MinIO: path-style requests signed with SigV4 (x-amz-content-sha256 always
// sent), the bucket notification sub-resource, and the object calls `notify verify` needs. It also
// carries the MinIO admin API calls (madmin.hpp), which use the same signing.
#pragma once

#include "core/http.hpp"
#include "notify/s3/sigv4.hpp"

#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace corral::notify {

struct S3Endpoint {
    std::string url; // scheme://host[:port], no path
    SigV4Credentials credentials;
    std::string region = "us-east-1";
    bool insecure = false;
    double timeout_seconds = 10;
    // Set by `notify verify`: a signal aborts a request in flight (HttpRequest::interrupt).
    const std::atomic<int>* interrupt = nullptr;
    std::string
        origin; // where the endpoint came from ("alias myminio", "--endpoint"), for messages
};

struct ObjectInfo {
    std::string etag;
    long long size = -1;
    std::string content_type;
    std::string last_modified;
};

class S3Client {
public:
    // `http` and `crypto` default to the lazily loaded modules; tests pass their own.
    explicit S3Client(S3Endpoint endpoint, std::shared_ptr<HttpClient> http = nullptr,
                      const Crypto* crypto = nullptr);

    const S3Endpoint& endpoint() const { return m_endpoint; }

    // Signs and sends; any HTTP status is returned. `path` is decoded ("/bucket/key with space").
    HttpResponse send(const std::string& method, const std::string& path, const QueryParams& query,
                      const std::string& body = {}, HeaderList headers = {}) const;
    // As send(), but a non-2xx status throws Error::remote naming the S3 error code.
    HttpResponse send_ok(const std::string& method, const std::string& path,
                         const QueryParams& query, const std::string& body = {},
                         HeaderList headers = {}) const;

    std::string get_bucket_notification(const std::string& bucket) const;
    void put_bucket_notification(const std::string& bucket, const std::string& xml) const;

    // PUT object; returns the ETag (quotes removed).
    std::string put_object(const std::string& bucket, const std::string& key,
                           const std::string& data,
                           const std::string& content_type = "application/octet-stream") const;
    void delete_object(const std::string& bucket, const std::string& key) const;
    // HEAD object: nullopt on 404.
    std::optional<ObjectInfo> head_object(const std::string& bucket, const std::string& key) const;
    // HEAD bucket: false on 404.
    bool bucket_exists(const std::string& bucket) const;

    const Crypto& crypto() const;

private:
    S3Endpoint m_endpoint;
    mutable std::shared_ptr<HttpClient> m_http; // created on first request
    const Crypto* m_crypto;
};

// "AccessDenied: Access Denied. (HTTP 403)" from an S3 XML or MinIO admin JSON error body.
std::string s3_error_summary(const HttpResponse& response);
// The <Code> (or JSON "Code") of an error body, "" when there is none.
std::string s3_error_code(const std::string& body);

// S3 bucket naming rules (MinIO s3utils.CheckValidBucketName); Error::usage when invalid.
void validate_bucket_name(const std::string& bucket);

} // namespace corral::notify
