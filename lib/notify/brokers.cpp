#include "notify/brokers.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

#include <cctype>
#include <charconv>

namespace corral::notify {

namespace {

constexpr std::string_view blanks = " \t";

bool valid_hostname(std::string_view fqdn) {
    // One trailing dot is the DNS root of a fully qualified name: minio/pkg net.ParseHost
    // accepts "play.min.io.:9000" and "play--min.io." (net/host_test.go TestParseHost) and
    // refuses ".play.min.io.:9000" and "play.minio..io".
    std::string_view host = fqdn;
    if (!host.empty() && host.back() == '.') {
        host.remove_suffix(1);
    }
    if (host.empty() || host.size() > 253) {
        return false;
    }
    for (const std::string& label : split(host, '.')) {
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (char c : label) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) {
                return false;
            }
        }
    }
    return true;
}

bool valid_ipv6(std::string_view h) {
    if (h.size() < 2 || h.find(':') == std::string_view::npos) {
        return false;
    }
    for (char c : h) {
        if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '%')) {
            return false;
        }
    }
    return true;
}

} // namespace

std::vector<std::string> parse_broker_list(std::string_view text, std::string_view flag,
                                           BrokerSpaces spaces) {
    std::string f(flag);
    if (trim_view(text, blanks).empty()) {
        throw Error::usage(f + ": no brokers given (use HOST:PORT[,HOST:PORT...] or set "
                               "CORRAL_KAFKA_BROKERS)");
    }
    std::vector<std::string> out;
    for (const std::string& field : split(text, ',')) {
        std::string entry = spaces == BrokerSpaces::trimmed ? trim(field, blanks) : field;
        auto bad = [&](const std::string& why) {
            return Error::usage(f + ": '" + entry + "' " + why);
        };
        if (trim_view(entry, blanks).empty()) {
            throw Error::usage(f + ": empty broker in '" + std::string(text) +
                               "' (stray ',' in the list?)");
        }
        if (entry.find("://") != std::string::npos) {
            throw bad("has a scheme; give HOST:PORT only (security is set with --tls/--sasl)");
        }
        if (entry.find_first_of(blanks) != std::string::npos) {
            throw bad("contains a space (MinIO splits the list on ',' only)");
        }
        std::string_view host;
        std::string_view port;
        std::string_view e = entry;
        if (e.front() == '[') {
            std::size_t close = e.find(']');
            if (close == std::string_view::npos) {
                throw bad("has an unclosed '[' (IPv6 is written [ADDR]:PORT)");
            }
            host = e.substr(1, close - 1);
            if (!valid_ipv6(host)) {
                throw bad("is not a valid IPv6 address");
            }
            if (close + 1 >= e.size() || e[close + 1] != ':') {
                throw bad("has no port (use [ADDR]:PORT, e.g. [::1]:9092)");
            }
            port = e.substr(close + 2);
        } else {
            std::size_t colon = e.rfind(':');
            if (colon == std::string_view::npos) {
                throw bad("has no port (use HOST:PORT, e.g. " + entry + ":9092)");
            }
            if (e.find(':') != colon) {
                throw bad("looks like an IPv6 address; write it as [ADDR]:PORT");
            }
            host = e.substr(0, colon);
            port = e.substr(colon + 1);
            if (!valid_hostname(host)) {
                throw bad("has an invalid host name '" + std::string(host) + "'");
            }
        }
        if (port.empty()) {
            throw bad("has no port (use HOST:PORT, e.g. " + std::string(host) + ":9092)");
        }
        int p = 0;
        auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
        if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535) {
            throw bad("has an invalid port '" + std::string(port) + "' (expected 1-65535)");
        }
        out.push_back(entry);
    }
    return out;
}

} // namespace corral::notify
