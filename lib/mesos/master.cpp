#include "mesos/master.hpp"

#include "core/error.hpp"
#include "core/http.hpp"
#include "core/io.hpp"
#include "core/log.hpp"

#include <chrono>
#include <cstdlib>

namespace corral::mesos {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

class Master {
public:
    Master(const SourceOptions& options, std::string base)
        : m_options(options), m_base(std::move(base)),
          m_deadline(std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(options.timeout))) {
        while (!m_base.empty() && m_base.back() == '/') {
            m_base.pop_back();
        }
        if (m_base.find("://") == std::string::npos) {
            m_base = "http://" + m_base;
        }
        std::string principal =
            options.principal.empty() ? env("CORRAL_MESOS_PRINCIPAL") : options.principal;
        if (!principal.empty()) {
            std::string secret;
            if (!options.secret_file.empty()) {
                secret = read_secret_file(options.secret_file);
            } else if (!env("CORRAL_MESOS_SECRET_FILE").empty()) {
                secret = read_secret_file(env("CORRAL_MESOS_SECRET_FILE"));
            } else {
                secret = env("CORRAL_MESOS_SECRET");
            }
            m_auth = std::make_pair(principal, secret);
        }
        m_origin = parse_url(m_base);
        m_client = make_http_client();
    }

    // GET (v0) or POST (v1) `path`, following leader redirects; returns the body of a 200.
    std::string call(const std::string& method, const std::string& path, const std::string& body) {
        std::string url = m_base + path;
        for (int hop = 0; hop < 5; ++hop) {
            HttpRequest req;
            req.method = method;
            req.url = url;
            req.body = body;
            req.timeout_seconds = remaining(url);
            req.connect_timeout_seconds = std::min(5.0, req.timeout_seconds);
            req.retries = method == "GET" ? 2 : 0;
            req.idempotent = true; // reads only, even over POST /api/v1
            // Credentials go only to the origin given (same scheme, host and port): a redirect
            // elsewhere gets no Authorization header (curl's --location-trusted is opt-in too).
            bool trusted = same_origin(parse_url(url), m_origin);
            req.basic_auth = trusted ? m_auth : std::nullopt;
            if (m_auth && !trusted && m_withheld_from.empty()) {
                m_withheld_from = url;
                log::warn("{}: credentials of principal '{}' not sent: not the origin given "
                          "({}://{}); point --master at the leader to authenticate",
                          url, m_auth->first, m_origin.scheme, m_origin.authority());
            }
            req.ca_file = m_options.ca_file;
            req.insecure = m_options.insecure;
            req.max_redirects = 0;
            req.headers.emplace_back("Accept", "application/json");
            if (method == "POST") {
                // Mesos compares the media type as an exact string: no "; charset=utf-8".
                req.headers.emplace_back("Content-Type", "application/json");
            }
            HttpResponse resp = m_client->perform(req);
            if (resp.status == 200) {
                return std::move(resp.body);
            }
            if (resp.status == 307 || resp.status == 301 || resp.status == 302 ||
                resp.status == 308) {
                auto location = resp.header("location");
                if (!location || location->empty()) {
                    throw Error::remote(url + ": HTTP " + std::to_string(resp.status) +
                                        " without a Location header");
                }
                std::string next = resolve(url, *location);
                Url next_url = parse_url(next);
                if (next_url.has_userinfo) {
                    throw Error::remote(url + ": redirected to " + redact_url(next) +
                                        ", a URL with credentials in it; refused");
                }
                if (parse_url(url).scheme == "https" && next_url.scheme != "https" &&
                    !m_options.insecure_redirect) {
                    throw Error::remote(url + ": redirected to " + next +
                                        ": refusing to follow https to plain http (the redirect "
                                        "would expose the exchange; --insecure-redirect follows "
                                        "it, without credentials)");
                }
                log::info("{} is not the leading master; following {}", url, next);
                // Later calls go straight to the leader.
                if (next.size() >= path.size() &&
                    next.compare(next.size() - path.size(), path.size(), path) == 0) {
                    m_base = next.substr(0, next.size() - path.size());
                }
                url = next;
                continue;
            }
            std::string detail = first_line(resp.body);
            if (resp.status == 401) {
                if (m_auth && !req.basic_auth) {
                    throw Error::remote(url +
                                        ": HTTP 401 Unauthorized (the credentials of "
                                        "principal '" +
                                        m_auth->first +
                                        "' were not sent: this hop is not the "
                                        "origin given, " +
                                        m_origin.scheme + "://" + m_origin.authority() +
                                        "; point --master at the leader)");
                }
                throw Error::remote(url + ": HTTP 401 Unauthorized" +
                                    (m_auth
                                         ? std::string(" (credentials for principal '") +
                                               m_auth->first + "' were rejected)"
                                         : std::string(" (give --principal and the secret in "
                                                       "CORRAL_MESOS_SECRET or --secret-file)")));
            }
            if (resp.status == 503 && detail.find("recovery") != std::string::npos) {
                throw Error::remote(url + ": HTTP 503: " + detail + " (retry shortly)");
            }
            throw Error::remote(url + ": HTTP " + std::to_string(resp.status) +
                                (detail.empty() ? std::string() : ": " + detail));
        }
        throw Error::remote(url + ": too many redirects between masters");
    }

private:
    double remaining(const std::string& url) const {
        double left =
            std::chrono::duration<double>(m_deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0.001) {
            throw Error::remote(url + ": timed out after " + format_decimal(m_options.timeout) +
                                " s (--timeout)");
        }
        return left;
    }

    static std::string first_line(const std::string& body) {
        std::string line = body.substr(0, body.find('\n'));
        if (line.size() > 200) {
            line = line.substr(0, 200) + "...";
        }
        return line;
    }

    // Mesos answers with a scheme-relative Location: //leader:5050/master/state.
    static std::string resolve(const std::string& current, const std::string& location) {
        Url cur = parse_url(current);
        if (location.rfind("//", 0) == 0) {
            return cur.scheme + ":" + location;
        }
        if (location.find("://") != std::string::npos) {
            return location;
        }
        if (!location.empty() && location[0] == '/') {
            return cur.scheme + "://" + cur.authority() + location;
        }
        return location;
    }

    const SourceOptions& m_options;
    std::string m_base;
    std::chrono::steady_clock::time_point m_deadline;
    std::optional<std::pair<std::string, std::string>> m_auth;
    Url m_origin;                // where the credentials may go
    std::string m_withheld_from; // first URL the credentials were withheld from (warned once)
    std::unique_ptr<HttpClient> m_client;
};

} // namespace

State load_cluster(const SourceOptions& options) {
    std::string master = options.master.empty() ? env("CORRAL_MESOS_MASTER") : options.master;
    refuse_url_credentials(master, options.master.empty() ? "CORRAL_MESOS_MASTER" : "--master");
    if (!options.state_file.empty() && !options.master.empty()) {
        throw Error::usage("--state and --master are exclusive");
    }
    State state;
    if (!options.state_file.empty()) {
        InputView in(options.state_file); // 100 MB states are mapped, not copied
        state = load_state(in.text(), in.name(), options.load);
    } else if (!master.empty()) {
        if (options.api != "v0" && options.api != "v1") {
            throw Error::usage("--api must be v0 or v1, not '" + options.api + "'");
        }
        if (!(options.timeout > 0)) {
            throw Error::usage("--timeout must be > 0");
        }
        Master client(options, master);
        if (options.api == "v1") {
            state = load_state(client.call("POST", "/api/v1", R"({"type":"GET_STATE"})"),
                               master + " GET_STATE", options.load);
            if (options.want_roles) {
                merge_roles(state, client.call("POST", "/api/v1", R"({"type":"GET_ROLES"})"),
                            master + " GET_ROLES");
                merge_roles(state, client.call("POST", "/api/v1", R"({"type":"GET_QUOTA"})"),
                            master + " GET_QUOTA");
            }
        } else {
            state = load_state(client.call("GET", "/master/state", ""), master + "/master/state",
                               options.load);
            if (options.want_roles) {
                merge_roles(state, client.call("GET", "/master/roles", ""),
                            master + "/master/roles");
            }
        }
    } else {
        throw Error::usage("no cluster given: use --state FILE, --master URL or set "
                           "CORRAL_MESOS_MASTER");
    }
    if (!options.roles_file.empty()) {
        InputFile in = read_input(options.roles_file);
        merge_roles(state, in.content, in.name);
    }
    return state;
}

} // namespace corral::mesos
