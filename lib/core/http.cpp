#include "core/http.hpp"

#include "core/error.hpp"
#include "core/module.hpp"
#include "core/strings.hpp"

#include <cctype>
#include <charconv>

namespace corral {

std::unique_ptr<HttpClient> make_http_client() {
    auto* create = module_function<HttpClient*()>("http", "corral_http_client_create");
    return std::unique_ptr<HttpClient>(create());
}

std::optional<std::string> HttpResponse::header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

std::string url_encode(std::string_view s, bool keep_slash) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved || (keep_slash && c == '/')) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

void url_decode_append(std::string& out, std::string_view s, bool plus_as_space) {
    out.reserve(out.size() + s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        // Copy the run up to the next byte that may change (most keys have none).
        std::size_t j = i;
        while (j < s.size() && s[j] != '%' && s[j] != '+') {
            ++j;
        }
        out.append(s.data() + i, j - i);
        i = j;
        if (i >= s.size()) {
            break;
        }
        char c = s[i];
        if (c == '%' && i + 2 < s.size()) {
            int hi = hex_digit_value(s[i + 1]);
            int lo = hex_digit_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out += (plus_as_space && c == '+') ? ' ' : c;
        ++i;
    }
}

std::string url_decode(std::string_view s, bool plus_as_space) {
    std::string out;
    url_decode_append(out, s, plus_as_space);
    return out;
}

std::string Url::authority() const {
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port != 0 ? h + ":" + std::to_string(port) : h;
}

int Url::effective_port() const {
    if (port != 0) {
        return port;
    }
    return scheme == "https" ? 443 : scheme == "http" ? 80 : 0;
}

namespace {

// [begin, end) of "user[:password]" in a URL, or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> userinfo_span(std::string_view url) {
    std::size_t scheme_end = url.find("://");
    std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    std::size_t end = url.find_first_of("/?#", start);
    std::string_view authority =
        url.substr(start, end == std::string_view::npos ? end : end - start);
    std::size_t at = authority.rfind('@');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    return std::make_pair(start, start + at);
}

} // namespace

std::string redact_url(std::string_view url) {
    auto span = userinfo_span(url);
    if (!span) {
        return std::string(url);
    }
    return std::string(url.substr(0, span->first)) + "***" + std::string(url.substr(span->second));
}

void refuse_url_credentials(const std::string& url, const std::string& origin) {
    if (userinfo_span(url)) {
        throw Error::usage(origin + ": credentials inside the URL (" + redact_url(url) +
                           ") are refused; give them through the environment or a secret file");
    }
}

bool same_origin(const Url& a, const Url& b) {
    auto lower = [](std::string s) {
        for (char& c : s) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return s;
    };
    return a.scheme == b.scheme && lower(a.host) == lower(b.host) &&
           a.effective_port() == b.effective_port();
}

Url parse_url(const std::string& raw) {
    Url u;
    const std::string url = redact_url(raw); // messages never show "user:password@"
    std::size_t scheme_end = raw.find("://");
    if (scheme_end == std::string::npos) {
        throw Error::usage("'" + url + "' is not a URL (expected scheme://host[:port][/path])");
    }
    u.scheme = raw.substr(0, scheme_end);
    for (char& c : u.scheme) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::size_t start = scheme_end + 3;
    std::size_t path_start = raw.find_first_of("/?#", start);
    std::string authority =
        raw.substr(start, path_start == std::string::npos ? std::string::npos : path_start - start);
    if (auto at = authority.rfind('@'); at != std::string::npos) {
        authority = authority.substr(at + 1);
        u.has_userinfo = true;
    }
    std::string port_text;
    if (!authority.empty() && authority[0] == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            throw Error::usage("'" + url + "': unterminated IPv6 address");
        }
        u.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size() && authority[close + 1] == ':') {
            port_text = authority.substr(close + 2);
        }
    } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
        u.host = authority.substr(0, colon);
        port_text = authority.substr(colon + 1);
    } else {
        u.host = authority;
    }
    if (u.host.empty()) {
        throw Error::usage("'" + url + "': no host");
    }
    if (!port_text.empty()) {
        int port = 0;
        auto [ptr, ec] =
            std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port < 1 ||
            port > 65535) {
            throw Error::usage("'" + url + "': invalid port '" + port_text + "'");
        }
        u.port = port;
    }
    if (path_start == std::string::npos) {
        u.path = "/";
    } else {
        std::string rest = raw.substr(path_start);
        if (auto hash = rest.find('#'); hash != std::string::npos) {
            rest.resize(hash);
        }
        std::size_t q = rest.find('?');
        u.path = rest.substr(0, q);
        if (u.path.empty()) {
            u.path = "/";
        }
        if (q != std::string::npos) {
            u.query = rest.substr(q + 1);
        }
    }
    return u;
}

} // namespace corral
