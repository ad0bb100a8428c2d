// libcurl implementation of HttpClient, built into the corral-http module (see core/module.hpp).
#include "core/error.hpp"
#include "core/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace corral {

namespace {

struct Transfer {
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::size_t limit = 0;
    bool overflow = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::size_t n = size * count;
    if (t->body.size() + n > t->limit) {
        t->overflow = true;
        return 0;
    }
    t->body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::size_t n = size * count;
    std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        t->headers.clear(); // a new response (after 100-continue or a followed redirect)
        return n;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        return n;
    }
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    while (!value.empty() &&
           (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
        value.remove_suffix(1);
    }
    t->headers.emplace_back(std::move(name), std::string(value));
    return n;
}

bool is_idempotent(const HttpRequest& r) {
    return r.idempotent || r.method == "GET" || r.method == "HEAD" || r.method == "OPTIONS";
}

int on_progress(void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<const std::atomic<int>*>(flag)->load() != 0 ? 1 : 0;
}

bool retryable_code(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
        return true;
    default:
        return false;
    }
}

class CurlHttpClient final : public HttpClient {
public:
    CurlHttpClient() {
        static std::once_flag once;
        std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    }

    HttpResponse perform(const HttpRequest& request) override {
        using clock = std::chrono::steady_clock;
        auto start = clock::now();
        auto deadline = start + std::chrono::duration_cast<clock::duration>(
                                    std::chrono::duration<double>(request.timeout_seconds));
        int attempts = is_idempotent(request) ? std::max(0, request.retries) + 1 : 1;
        std::string last_error;
        auto interrupted = [&] {
            return request.interrupt != nullptr && request.interrupt->load() != 0;
        };
        for (int attempt = 0; attempt < attempts; ++attempt) {
            if (interrupted()) {
                break;
            }
            auto remaining = std::chrono::duration<double>(deadline - clock::now()).count();
            if (remaining <= 0) {
                break;
            }
            CURLcode code = CURLE_OK;
            HttpResponse response = attempt_once(request, remaining, code, last_error);
            bool last = attempt + 1 == attempts;
            if (code == CURLE_OK) {
                bool busy =
                    response.status == 502 || response.status == 503 || response.status == 504;
                if (!busy || last) {
                    response.seconds = std::chrono::duration<double>(clock::now() - start).count();
                    return response;
                }
                last_error = "HTTP " + std::to_string(response.status);
            } else if (!retryable_code(code) || last) {
                break;
            }
            auto backoff = std::chrono::milliseconds(100 << std::min(attempt, 6));
            if (clock::now() + backoff >= deadline) {
                break;
            }
            std::this_thread::sleep_for(backoff);
        }
        if (interrupted()) {
            throw Error(ErrorKind::interrupted,
                        request.method + " " + request.url + ": interrupted");
        }
        if (clock::now() >= deadline && last_error.find("timed out") == std::string::npos) {
            last_error = "timed out after " + format_seconds(request.timeout_seconds) +
                         (last_error.empty() ? "" : " (" + last_error + ")");
        }
        throw Error::remote(request.method + " " + request.url + ": " + last_error);
    }

private:
    static std::string format_seconds(double s) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g s", s);
        return buf;
    }

    HttpResponse attempt_once(const HttpRequest& request, double remaining, CURLcode& code,
                              std::string& error) {
        std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                                 curl_easy_cleanup);
        if (!curl) {
            throw Error::internal("curl_easy_init failed");
        }
        CURL* h = curl.get();
        Transfer transfer;
        transfer.limit = request.max_response_bytes;
        char error_buffer[CURL_ERROR_SIZE] = {0};
        struct curl_slist* headers = nullptr;
        for (const auto& [name, value] : request.headers) {
            // "Name;" sends a header with an empty value; "Name:" would remove it.
            std::string line = value.empty() ? name + ";" : name + ": " + value;
            headers = curl_slist_append(headers, line.c_str());
        }
        // libcurl adds "Expect: 100-continue" to large bodies; MinIO and fake servers need none.
        headers = curl_slist_append(headers, "Expect:");
        std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(
            headers, curl_slist_free_all);

        curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::ceil(remaining * 1000)));
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(std::ceil(
                             std::min(remaining, request.connect_timeout_seconds) * 1000)));
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        if (request.interrupt != nullptr) {
            // Called about once a second and whenever data moves: a signal aborts the transfer
            // (CURLE_ABORTED_BY_CALLBACK) instead of waiting for the timeout.
            curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
            curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
            curl_easy_setopt(h, CURLOPT_XFERINFODATA, request.interrupt);
        }
        if (request.max_redirects > 0) {
            curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
            curl_easy_setopt(h, CURLOPT_MAXREDIRS, static_cast<long>(request.max_redirects));
            curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        }
        if (request.method == "HEAD") {
            curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
        } else if (request.method != "GET" || !request.body.empty()) {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(request.body.size()));
        }
        if (request.basic_auth) {
            curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
            curl_easy_setopt(h, CURLOPT_USERNAME, request.basic_auth->first.c_str());
            curl_easy_setopt(h, CURLOPT_PASSWORD, request.basic_auth->second.c_str());
        }
        if (request.insecure) {
            curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
        }
        if (!request.ca_file.empty()) {
            curl_easy_setopt(h, CURLOPT_CAINFO, request.ca_file.c_str());
        }
        if (!request.client_cert_file.empty()) {
            curl_easy_setopt(h, CURLOPT_SSLCERT, request.client_cert_file.c_str());
        }
        if (!request.client_key_file.empty()) {
            curl_easy_setopt(h, CURLOPT_SSLKEY, request.client_key_file.c_str());
        }

        code = curl_easy_perform(h);
        HttpResponse response;
        if (code != CURLE_OK) {
            if (transfer.overflow) {
                throw Error::remote(request.method + " " + request.url + ": response larger than " +
                                    std::to_string(request.max_response_bytes) + " bytes");
            }
            error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
            if (code == CURLE_OPERATION_TIMEDOUT) {
                error = "timed out (" + error + ")";
            }
            return response;
        }
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
        char* effective = nullptr;
        curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
        response.effective_url = effective != nullptr ? effective : request.url;
        response.headers = std::move(transfer.headers);
        response.body = std::move(transfer.body);
        return response;
    }
};

} // namespace

} // namespace corral

extern "C" corral::HttpClient* corral_http_client_create() {
    return new (std::nothrow) corral::CurlHttpClient();
}

// For `corral version -o json`: "name<TAB>version" lines of the libraries this module links.
extern "C" const char* corral_http_library_versions() {
    static const std::string versions =
        std::string("libcurl\t") + curl_version_info(CURLVERSION_NOW)->version + "\n";
    return versions.c_str();
}
