#include "notify/s3/sigv4.hpp"

#include "core/http.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace corral::notify {

std::string s3_encode_path(std::string_view path) {
    return url_encode(path, true);
}

QueryParams parse_query(std::string_view raw) {
    QueryParams out;
    while (!raw.empty()) {
        auto amp = raw.find('&');
        std::string_view part = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
        if (part.empty()) {
            continue;
        }
        auto eq = part.find('=');
        std::string name = url_decode(part.substr(0, eq));
        std::string value = eq == std::string_view::npos ? "" : url_decode(part.substr(eq + 1));
        out.emplace_back(std::move(name), std::move(value));
    }
    return out;
}

std::string canonical_query(const QueryParams& query) {
    std::vector<std::pair<std::string, std::string>> encoded;
    encoded.reserve(query.size());
    for (const auto& [name, value] : query) {
        encoded.emplace_back(url_encode(name), url_encode(value));
    }
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [name, value] : encoded) {
        if (!out.empty()) {
            out += '&';
        }
        out += name;
        out += '=';
        out += value;
    }
    return out;
}

namespace {

// Trims and collapses runs of spaces (SigV4 "Trimall").
std::string trim_all(std::string_view v) {
    return collapse_whitespace(v, " \t");
}

} // namespace

SigV4Result sigv4_sign(const SigV4Input& input, const SigV4Credentials& credentials,
                       const Crypto& crypto) {
    // Canonical headers: lower-case names, sorted, values trimmed, repeated names joined by ','.
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& [name, value] : input.headers) {
        std::string n = lower(name);
        std::string v = trim_all(value);
        auto it = std::find_if(headers.begin(), headers.end(),
                               [&](const auto& h) { return h.first == n; });
        if (it != headers.end()) {
            it->second += "," + v;
        } else {
            headers.emplace_back(std::move(n), std::move(v));
        }
    }
    std::stable_sort(headers.begin(), headers.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });

    SigV4Result r;
    std::string canonical_headers;
    for (const auto& [name, value] : headers) {
        canonical_headers += name + ":" + value + "\n";
        if (!r.signed_headers.empty()) {
            r.signed_headers += ';';
        }
        r.signed_headers += name;
    }
    r.canonical_request = input.method + "\n" + s3_encode_path(input.path) + "\n" +
                          canonical_query(input.query) + "\n" + canonical_headers + "\n" +
                          r.signed_headers + "\n" + input.payload_hash;

    std::string date = input.amz_date.substr(0, 8);
    std::string scope = date + "/" + input.region + "/" + input.service + "/aws4_request";
    r.string_to_sign = "AWS4-HMAC-SHA256\n" + input.amz_date + "\n" + scope + "\n" +
                       to_hex(crypto.sha256(r.canonical_request));

    std::string key = crypto.hmac_sha256("AWS4" + credentials.secret_key, date);
    key = crypto.hmac_sha256(key, input.region);
    key = crypto.hmac_sha256(key, input.service);
    key = crypto.hmac_sha256(key, "aws4_request");
    r.signature = to_hex(crypto.hmac_sha256(key, r.string_to_sign));
    r.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key + "/" + scope +
                      ", SignedHeaders=" + r.signed_headers + ", Signature=" + r.signature;
    return r;
}

std::string amz_date(long long unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

} // namespace corral::notify
