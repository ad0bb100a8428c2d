#include "notify/s3/client.hpp"

#include "core/error.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cctype>
#include <chrono>

namespace corral::notify {

S3Client::S3Client(S3Endpoint endpoint, std::shared_ptr<HttpClient> http, const Crypto* crypto)
    : m_endpoint(std::move(endpoint)), m_http(std::move(http)), m_crypto(crypto) {
    while (!m_endpoint.url.empty() && m_endpoint.url.back() == '/') {
        m_endpoint.url.pop_back();
    }
}

const Crypto& S3Client::crypto() const {
    return m_crypto ? *m_crypto : notify::crypto();
}

HttpResponse S3Client::send(const std::string& method, const std::string& path,
                            const QueryParams& query, const std::string& body,
                            HeaderList headers) const {
    if (!m_http) {
        m_http = make_http_client();
    }
    Url base = parse_url(m_endpoint.url);
    const Crypto& c = crypto();
    SigV4Input in;
    in.method = method;
    in.path = path;
    in.query = query;
    in.region = m_endpoint.region;
    in.service = "s3";
    auto now = std::chrono::system_clock::now();
    in.amz_date =
        amz_date(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    in.payload_hash = to_hex(c.sha256(body));
    // MinIO hashes an empty payload when x-amz-content-sha256 is absent: always send it.
    headers.emplace_back("host", base.authority());
    headers.emplace_back("x-amz-content-sha256", in.payload_hash);
    headers.emplace_back("x-amz-date", in.amz_date);
    if (!m_endpoint.credentials.session_token.empty()) {
        headers.emplace_back("x-amz-security-token", m_endpoint.credentials.session_token);
    }
    in.headers = headers;
    SigV4Result signature = sigv4_sign(in, m_endpoint.credentials, c);

    HttpRequest req;
    req.method = method;
    std::string q = canonical_query(query);
    req.url = m_endpoint.url + s3_encode_path(path) + (q.empty() ? "" : "?" + q);
    // Host too: the signed value must be the one sent, whatever libcurl would derive.
    req.headers = headers;
    req.headers.emplace_back("Authorization", signature.authorization);
    req.body = body;
    req.timeout_seconds = m_endpoint.timeout_seconds;
    req.connect_timeout_seconds = std::min(5.0, m_endpoint.timeout_seconds);
    req.insecure = m_endpoint.insecure;
    req.interrupt = m_endpoint.interrupt;
    return m_http->perform(req);
}

HttpResponse S3Client::send_ok(const std::string& method, const std::string& path,
                               const QueryParams& query, const std::string& body,
                               HeaderList headers) const {
    HttpResponse r = send(method, path, query, body, std::move(headers));
    if (r.status < 200 || r.status > 299) {
        std::string q = canonical_query(query);
        throw Error::remote(method + " " + m_endpoint.url + s3_encode_path(path) +
                            (q.empty() ? "" : "?" + q) + ": " + s3_error_summary(r));
    }
    return r;
}

std::string S3Client::get_bucket_notification(const std::string& bucket) const {
    return send_ok("GET", "/" + bucket, {{"notification", ""}}).body;
}

void S3Client::put_bucket_notification(const std::string& bucket, const std::string& xml) const {
    send_ok("PUT", "/" + bucket, {{"notification", ""}}, xml,
            {{"Content-Type", "application/xml"}});
}

namespace {
std::string unquote(std::string s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
        return s.substr(1, s.size() - 2);
    }
    return s;
}
} // namespace

std::string S3Client::put_object(const std::string& bucket, const std::string& key,
                                 const std::string& data, const std::string& content_type) const {
    HttpResponse r =
        send_ok("PUT", "/" + bucket + "/" + key, {}, data, {{"Content-Type", content_type}});
    return unquote(r.header("etag").value_or(""));
}

void S3Client::delete_object(const std::string& bucket, const std::string& key) const {
    send_ok("DELETE", "/" + bucket + "/" + key, {});
}

std::optional<ObjectInfo> S3Client::head_object(const std::string& bucket,
                                                const std::string& key) const {
    HttpResponse r = send("HEAD", "/" + bucket + "/" + key, {});
    if (r.status == 404) {
        return std::nullopt;
    }
    if (r.status < 200 || r.status > 299) {
        throw Error::remote("HEAD " + m_endpoint.url + s3_encode_path("/" + bucket + "/" + key) +
                            ": " + s3_error_summary(r));
    }
    ObjectInfo info;
    info.etag = unquote(r.header("etag").value_or(""));
    info.content_type = r.header("content-type").value_or("");
    info.last_modified = r.header("last-modified").value_or("");
    if (auto len = r.header("content-length")) {
        try {
            info.size = std::stoll(*len);
        } catch (const std::exception&) {
            info.size = -1;
        }
    }
    return info;
}

bool S3Client::bucket_exists(const std::string& bucket) const {
    HttpResponse r = send("HEAD", "/" + bucket, {});
    if (r.status == 404) {
        return false;
    }
    if (r.status < 200 || r.status > 299) {
        throw Error::remote("HEAD " + m_endpoint.url + "/" + bucket + ": " + s3_error_summary(r));
    }
    return true;
}

std::string s3_error_code(const std::string& body) {
    pugi::xml_document doc;
    if (doc.load_buffer(body.data(), body.size())) {
        if (auto code = doc.child("Error").child("Code")) {
            return code.text().as_string();
        }
    }
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_object() && j.contains("Code") && j["Code"].is_string()) {
        return j["Code"].get<std::string>();
    }
    return "";
}

std::string s3_error_summary(const HttpResponse& r) {
    std::string code;
    std::string message;
    pugi::xml_document doc;
    if (!r.body.empty() && doc.load_buffer(r.body.data(), r.body.size())) {
        code = doc.child("Error").child("Code").text().as_string();
        message = doc.child("Error").child("Message").text().as_string();
    }
    if (code.empty()) {
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (j.is_object()) {
            if (j.contains("Code") && j["Code"].is_string()) {
                code = j["Code"].get<std::string>();
            }
            if (j.contains("Message") && j["Message"].is_string()) {
                message = j["Message"].get<std::string>();
            }
        }
    }
    if (code.empty()) {
        // HEAD answers have no body; name the usual code.
        code = r.status == 403   ? "AccessDenied"
               : r.status == 404 ? "NotFound"
                                 : "HTTP" + std::to_string(r.status);
    }
    for (char& c : message) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return code + (message.empty() ? "" : ": " + message) + " (HTTP " + std::to_string(r.status) +
           ")";
}

void validate_bucket_name(const std::string& bucket) {
    // minio-go pkg/s3utils CheckValidBucketName (non-strict): 3-63 chars, [a-z0-9.-] (MinIO also
    // tolerates upper case and '_' in legacy names), no "..", ".-", "-.", not an IP address.
    auto fail = [&](const std::string& why) {
        throw Error::usage("bucket \"" + bucket + "\": " + why);
    };
    if (bucket.size() < 3 || bucket.size() > 63) {
        fail("bucket names are 3 to 63 characters long");
    }
    for (char c : bucket) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) {
            fail("invalid character '" + std::string(1, c) + "' in bucket name");
        }
    }
    if (bucket.front() == '.' || bucket.front() == '-' || bucket.back() == '.' ||
        bucket.back() == '-') {
        fail("bucket names start and end with a letter or digit");
    }
    if (bucket.find("..") != std::string::npos || bucket.find(".-") != std::string::npos ||
        bucket.find("-.") != std::string::npos) {
        fail("bucket names cannot contain \"..\", \".-\" or \"-.\"");
    }
}

} // namespace corral::notify
