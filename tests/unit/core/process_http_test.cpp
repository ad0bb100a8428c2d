#include "core/error.hpp"
#include "core/http.hpp"
#include "core/process.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace corral;

TEST_CASE("processes: exit code, stdout, stderr, stdin, env", "[process]") {
    ProcessSpec spec;
    spec.argv = {"sh", "-c", "read x; echo \"out:$x:$FOO\"; echo err >&2; exit 3"};
    spec.stdin_data = "hello\n";
    spec.env["FOO"] = "bar";
    ProcessResult r = run_process(spec);
    CHECK(r.exit_code == 3);
    CHECK(r.out == "out:hello:bar\n");
    CHECK(r.err == "err\n");
    CHECK(r.describe() == "exit 3");
}

TEST_CASE("processes: a timeout kills the whole group", "[process]") {
    ProcessSpec spec;
    spec.argv = {"sh", "-c", "sleep 30 & sleep 30; echo never"};
    spec.timeout_seconds = 0.3;
    ProcessResult r = run_process(spec);
    CHECK(r.timed_out);
    CHECK(r.seconds < 5);
    CHECK(r.out.empty());
}

TEST_CASE("processes: TERM then KILL for children that ignore TERM", "[process]") {
    ProcessSpec spec;
    spec.argv = {"sh", "-c", "trap '' TERM; while :; do sleep 0.05; done"};
    spec.timeout_seconds = 0.2;
    spec.kill_grace_seconds = 0.2;
    ProcessResult r = run_process(spec);
    CHECK(r.timed_out);
    CHECK(r.seconds < 5);
}

TEST_CASE("processes: a daemon holding the pipe does not delay the return", "[process]") {
    // An OCF start that forgets to redirect its daemon's output must not hang the caller.
    ProcessSpec spec;
    spec.argv = {"sh", "-c", "sleep 3 & echo started"};
    ProcessResult r = run_process(spec);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "started\n");
    CHECK(r.seconds < 2);
}

TEST_CASE("processes: missing programs are usage errors", "[process]") {
    ProcessSpec spec;
    spec.argv = {"/nonexistent/corral-test"};
    CHECK_THROWS_AS(run_process(spec), Error);
    CHECK(find_executable("sh").find("/sh") != std::string::npos);
    CHECK(find_executable("no-such-program-corral").empty());
}

TEST_CASE("url parsing and encoding", "[http]") {
    Url u = parse_url("http://master.example:5050/master/state?x=1#frag");
    CHECK(u.scheme == "http");
    CHECK(u.host == "master.example");
    CHECK(u.port == 5050);
    CHECK(u.path == "/master/state");
    CHECK(u.query == "x=1");
    CHECK(parse_url("https://[::1]:9000").authority() == "[::1]:9000");
    CHECK(parse_url("https://minio").path == "/");
    CHECK_THROWS_AS(parse_url("master:5050"), Error);
    CHECK_THROWS_AS(parse_url("http://h:99999/"), Error);
    CHECK(url_encode("a b/c~") == "a%20b%2Fc~");
    CHECK(url_encode("a b/c", true) == "a%20b/c");
    CHECK(url_decode("photos%2F2024+a.jpg", true) == "photos/2024 a.jpg");
    CHECK(url_decode("100%") == "100%");
}

namespace {

// A one-shot loopback HTTP server: answers each connection with `reply`, or never answers.
struct TinyServer {
    int fd = -1;
    int port = 0;
    std::thread thread;
    std::atomic<bool> stop{false};
    std::string last_request;

    explicit TinyServer(std::string reply, int connections = 1) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(fd, 8);
        socklen_t len = sizeof addr;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        port = ntohs(addr.sin_port);
        thread = std::thread([this, reply, connections] {
            for (int i = 0; i < connections; ++i) {
                int c = ::accept(fd, nullptr, nullptr);
                if (c < 0) {
                    return;
                }
                char buf[4096];
                ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n > 0) {
                    last_request.assign(buf, static_cast<std::size_t>(n));
                }
                if (reply.empty()) {
                    while (!stop) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    }
                } else {
                    [[maybe_unused]] auto w = ::send(c, reply.data(), reply.size(), 0);
                }
                ::close(c);
            }
        });
    }
    ~TinyServer() {
        stop = true;
        ::shutdown(fd, SHUT_RDWR);
        ::close(fd);
        thread.join();
    }
};

} // namespace

TEST_CASE("http: status, headers, body, basic auth", "[http]") {
    TinyServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                      "Connection: close\r\n\r\n{}");
    std::unique_ptr<HttpClient> client(corral_http_client_create());
    HttpRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(server.port) + "/master/state";
    req.basic_auth = std::make_pair(std::string("ops"), std::string("s3cret"));
    req.headers.emplace_back("Accept", "application/json");
    HttpResponse resp = client->perform(req);
    CHECK(resp.status == 200);
    CHECK(resp.body == "{}");
    CHECK(resp.header("content-type") == "application/json");
    CHECK(server.last_request.find("GET /master/state HTTP/1.1") == 0);
    CHECK(server.last_request.find("Authorization: Basic b3BzOnMzY3JldA==") != std::string::npos);
}

TEST_CASE("http: a server that never answers times out as a remote error", "[http]") {
    TinyServer server("", 3);
    std::unique_ptr<HttpClient> client(corral_http_client_create());
    HttpRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(server.port) + "/";
    req.timeout_seconds = 0.5;
    auto start = std::chrono::steady_clock::now();
    try {
        client->perform(req);
        FAIL("no timeout");
    } catch (const Error& e) {
        CHECK(e.exit_code() == 4);
        CHECK(std::string(e.what()).find("timed out") != std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("http: connection refused is a remote error naming the URL", "[http]") {
    std::unique_ptr<HttpClient> client(corral_http_client_create());
    HttpRequest req;
    req.url = "http://127.0.0.1:1/x";
    req.timeout_seconds = 2;
    try {
        client->perform(req);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.exit_code() == 4);
        CHECK(std::string(e.what()).find("http://127.0.0.1:1/x") != std::string::npos);
    }
}

TEST_CASE("http: redirects are returned unless asked to follow", "[http]") {
    TinyServer server("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:1/\r\n"
                      "Content-Length: 0\r\nConnection: close\r\n\r\n");
    std::unique_ptr<HttpClient> client(corral_http_client_create());
    HttpRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(server.port) + "/master/state";
    HttpResponse resp = client->perform(req);
    CHECK(resp.status == 307);
    CHECK(resp.header("location") == "http://127.0.0.1:1/");
}
