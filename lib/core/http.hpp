// HTTP client interface. The libcurl implementation lives in the corral-http module
// (lib/core/http_curl_module.cpp), loaded on first use; tests may link it directly.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corral {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers; // sent in this order
    std::string body;
    double timeout_seconds = 10;        // bounds the whole exchange, retries included
    double connect_timeout_seconds = 5; // per attempt, capped by what is left of timeout_seconds
    // Retries on connection failures, timeouts of an attempt and 502/503/504, with exponential
    // backoff (100 ms, 200 ms, ...). Only applied to idempotent requests: GET, HEAD, OPTIONS, or
    // any method when `idempotent` is set.
    int retries = 2;
    bool idempotent = false;
    std::optional<std::pair<std::string, std::string>> basic_auth; // user, password
    bool insecure = false;        // skip TLS verification (only when the user asks)
    std::string ca_file;          // extra CA bundle
    std::string client_cert_file; // TLS client authentication
    std::string client_key_file;
    int max_redirects = 0; // 0: redirects are returned to the caller, not followed
    std::size_t max_response_bytes = std::size_t{1} << 30;
    // When *interrupt becomes non-zero (a SIGINT/SIGTERM handler stored the signal), the transfer
    // is aborted within about a second and perform() throws ErrorKind::interrupted.
    const std::atomic<int>* interrupt = nullptr;
};

struct HttpResponse {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers; // names lower-cased
    std::string body;
    std::string effective_url;
    double seconds = 0; // total time, retries included

    // First header with this (lower-case) name.
    std::optional<std::string> header(const std::string& name) const;
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    // Performs the request. Transport failures (DNS, refused, TLS, timeout) throw Error::remote
    // naming the URL and the cause; any HTTP status is returned, not thrown.
    virtual HttpResponse perform(const HttpRequest& request) = 0;
};

// The libcurl client from the corral-http module.
std::unique_ptr<HttpClient> make_http_client();

// Percent-encodes per RFC 3986 unreserved set (A-Z a-z 0-9 - _ . ~); keeps '/' when asked.
std::string url_encode(std::string_view s, bool keep_slash = false);
// Decodes %XX; with plus_as_space, '+' becomes ' ' (application/x-www-form-urlencoded).
std::string url_decode(std::string_view s, bool plus_as_space = false);
// The same, appended to `out` (no allocation once `out` has the capacity).
void url_decode_append(std::string& out, std::string_view s, bool plus_as_space = false);

// Splits "scheme://[user@]host[:port]/path?query".
struct Url {
    std::string scheme;
    std::string host;              // without brackets for IPv6
    int port = 0;                  // 0 when absent
    std::string path;              // "/" when absent
    std::string query;             // without '?'
    bool has_userinfo = false;     // "user[:password]@" was present (and is dropped)
    std::string authority() const; // host[:port] as it appears in a Host header
    // The port, or the scheme's default (80 for http, 443 for https).
    int effective_port() const;
};
Url parse_url(const std::string& url);

// The URL with any "user:password@" replaced by "***@", for messages (SPEC §0: secrets are
// masked in every output).
std::string redact_url(std::string_view url);

// Credentials inside a URL (--master http://ops:pw@host) are refused: Error::usage naming
// `origin` (the flag or variable) and the redacted URL. Secrets come from env or files.
void refuse_url_credentials(const std::string& url, const std::string& origin);

// Same scheme, host and (effective) port: where credentials may be sent (RFC 6454 origin).
bool same_origin(const Url& a, const Url& b);

} // namespace corral

// The module's factory: returns a new client; never throws.
extern "C" corral::HttpClient* corral_http_client_create();
