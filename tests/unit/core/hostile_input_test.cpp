// Issue 15 "Credentials" and "Hostile input" in lib/core: secret files, FIFOs, URLs with
// credentials, the hook environment, signal forwarding, YAML alias bombs.
#include "core/error.hpp"
#include "core/flag_range.hpp"
#include "core/http.hpp"
#include "core/io.hpp"
#include "core/output.hpp"
#include "core/process.hpp"
#include "core/yaml.hpp"

#include "unit/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace corral;
namespace fs = std::filesystem;

namespace {

using corral::test::TempDir;

std::string secret_file(const TempDir& dir, const std::string& text, mode_t mode) {
    std::string p = dir / "secret";
    std::ofstream(p, std::ios::binary) << text;
    ::chmod(p.c_str(), mode);
    return p;
}

std::string error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return std::to_string(e.exit_code()) + " " + e.what();
    }
    return "no error";
}

double seconds_of(const std::function<void()>& fn) {
    auto start = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

TEST_CASE("secret files: first line, no empty secret, no world-writable file", "[secret]") {
    TempDir dir;
    CHECK(read_secret_file(secret_file(dir, "s3cret\nsecond line\n", 0600)) == "s3cret");
    CHECK(read_secret_file(secret_file(dir, "crlf\r\n", 0600)) == "crlf");
    CHECK(read_secret_file(secret_file(dir, "no newline", 0600)) == "no newline");
    CHECK(error_of([&] { read_secret_file(secret_file(dir, "", 0600)); }).rfind("3 ", 0) == 0);
    CHECK(error_of([&] { read_secret_file(secret_file(dir, "\nafter\n", 0600)); }).find("empty") !=
          std::string::npos);
    std::string ww = error_of([&] { read_secret_file(secret_file(dir, "x\n", 0666)); });
    CHECK(ww.rfind("3 ", 0) == 0);
    CHECK(ww.find("world-writable") != std::string::npos);
    CHECK(read_secret_file(secret_file(dir, "readable\n", 0644)) == "readable"); // warns only
}

TEST_CASE("FIFOs and devices are refused without blocking", "[secret][fifo]") {
    TempDir dir;
    std::string fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // No writer: a blocking open would never return.
    std::string e;
    CHECK(seconds_of([&] { e = error_of([&] { read_secret_file(fifo); }); }) < 1);
    CHECK(e == "3 " + fifo + ": is a FIFO, not a regular file (pipe data in on stdin with '-')");
    CHECK(error_of([&] { read_input(fifo); }).rfind("3 ", 0) == 0);
    CHECK(error_of([&] { InputView v(fifo); }).rfind("3 ", 0) == 0);
    CHECK(error_of([&] { read_secret_file("/dev/zero"); }).find("character device") !=
          std::string::npos);
    CHECK(error_of([&] { read_secret_file(dir.path.string()); }).find("directory") !=
          std::string::npos);
}

TEST_CASE("credentials inside URLs are refused and never echoed", "[url]") {
    std::string e = error_of([] { refuse_url_credentials("http://ops:pw@host:5050", "--master"); });
    CHECK(e.rfind("2 ", 0) == 0);
    CHECK(e.find("pw") == std::string::npos);
    CHECK(e.find("http://***@host:5050") != std::string::npos);
    CHECK_NOTHROW(refuse_url_credentials("http://host:5050/path@x", "--master"));
    CHECK(redact_url("https://a:b@h/p?q=@") == "https://***@h/p?q=@");
    CHECK(error_of([] { parse_url("http://u:secret@h:99999"); }).find("secret") ==
          std::string::npos);
    CHECK(parse_url("http://u:p@h").has_userinfo);
}

TEST_CASE("same origin: scheme, host and effective port", "[url]") {
    auto same = [](const char* a, const char* b) {
        return same_origin(parse_url(a), parse_url(b));
    };
    CHECK(same("http://m1:5050/master/state", "http://M1:5050"));
    CHECK(same("https://m1/x", "https://m1:443"));
    CHECK(same("http://m1/x", "http://m1:80"));
    CHECK_FALSE(same("https://m1:5050", "http://m1:5050"));
    CHECK_FALSE(same("http://m1:5050", "http://m2:5050"));
    CHECK_FALSE(same("http://m1:5050", "http://m1:5051"));
}

TEST_CASE("hooks never inherit the variables corral reads secrets from", "[process]") {
    for (const char* name :
         {"MC_HOST_play", "CORRAL_MESOS_SECRET", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
          "MINIO_ROOT_PASSWORD", "CORRAL_KAFKA_SASL_PASSWORD", "MINIO_SECRET_KEY"}) {
        CHECK(is_secret_env_name(name));
        ::setenv(name, "leaked-secret", 1);
    }
    CHECK_FALSE(is_secret_env_name("AWS_REGION"));
    CHECK_FALSE(is_secret_env_name("CORRAL_KEY"));
    ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", "env"};
    spec.drop_secret_env = true;
    spec.env["CORRAL_KEY"] = "k";
    ProcessResult r = run_process(spec);
    CHECK(r.ok());
    CHECK(r.out.find("leaked-secret") == std::string::npos);
    CHECK(r.out.find("CORRAL_KEY=k") != std::string::npos);
    for (const char* name :
         {"MC_HOST_play", "CORRAL_MESOS_SECRET", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
          "MINIO_ROOT_PASSWORD", "CORRAL_KAFKA_SASL_PASSWORD", "MINIO_SECRET_KEY"}) {
        ::unsetenv(name);
    }
}

TEST_CASE("an interrupt is forwarded to the child's process group", "[process]") {
    std::atomic<int> flag{0};
    ProcessSpec spec;
    // The grandchild (sleep) must die too: the whole group gets the signal.
    spec.argv = {"/bin/sh", "-c", "sleep 30 & wait"};
    spec.interrupt = &flag;
    spec.kill_grace_seconds = 5;
    std::thread t([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        flag.store(SIGTERM);
    });
    ProcessResult r;
    double s = seconds_of([&] { r = run_process(spec); });
    t.join();
    CHECK(s < 3);
    CHECK(r.interrupted == SIGTERM);
    CHECK_FALSE(r.ok());
    CHECK(r.describe() == "stopped by SIGTERM");
}

TEST_CASE("a YAML alias bomb is refused quickly, naming the file", "[yaml]") {
    // The billion laughs in 342 bytes: 9 levels of 9 aliases, 9^9 nodes once expanded.
    std::string bomb =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'i'; ++c) {
        std::string prev(1, static_cast<char>(c - 1));
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int k = 0; k < 9; ++k) {
            bomb += (k ? ",*" : "*") + prev;
        }
        bomb += "]\n";
    }
    std::string e;
    double s = seconds_of([&] {
        e = error_of([&] { load_yaml_documents(InputFile{"bomb.yaml", bomb}); });
    });
    CHECK(s < 0.1);
    CHECK(e.rfind("3 bomb.yaml:1: document contains excessive aliasing", 0) == 0);

    // Ordinary anchors (a few shared blocks) stay fine.
    std::string ok = "base: &b {cpu: 1, mem: 2}\nx: *b\ny: *b\nz: [*b, *b]\n";
    CHECK(load_yaml_documents(InputFile{"ok.yaml", ok}).size() == 1);
}

TEST_CASE("a YAML file cut inside a quoted string is invalid", "[yaml]") {
    CHECK(error_of([] {
              load_yaml_documents(InputFile{"cut.yaml", "a: \"abc\n"});
          }) == "3 cut.yaml:1:4: a: unexpected end of the document inside a double-quoted string "
                "(truncated file?)");
    CHECK(error_of([] {
              load_yaml_documents(InputFile{"cut.yaml", "a: 'it''s\n"});
          }).find("single-quoted") != std::string::npos);
    CHECK(error_of([] {
              load_yaml_documents(InputFile{"cut.yaml", "a: \"abc\n---\nb: 1\n"});
          }).rfind("3 cut.yaml:1:4:", 0) == 0);
    // Closed strings, escapes and quotes inside plain scalars are fine.
    CHECK(
        load_yaml_documents(InputFile{"ok.yaml", "a: \"x\\\"y\"\nb: 'it''s'\nc: it's\n"}).size() ==
        1);
}

TEST_CASE("text tables escape terminal controls and invalid UTF-8", "[output]") {
    Table t({"HOSTNAME", "CPUS"});
    t.add_row({"evil\x1b[2J\nforged  row", "1"});
    t.add_row({"caf\xc3\xa9 \xff \xc2\x9b", "2"}); // é stays; 0xFF and C1 CSI are escaped
    std::string out = t.render();
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find("evil\\x1b[2J\\x0aforged  row") != std::string::npos);
    CHECK(out.find("caf\xc3\xa9 \\xff \\x9b") != std::string::npos);
    CHECK(std::count(out.begin(), out.end(), '\n') == 3); // header + two rows, nothing forged
    CHECK(visible_text("plain ascii") == "plain ascii");
    // paint()'s SGR colour stays (colour only); cursor and erase sequences do not.
    CHECK(visible_text("\x1b[1;31mFAILED\x1b[0m") == "\x1b[1;31mFAILED\x1b[0m");
    CHECK(visible_text("\x1b[2J\x1b[H") == "\\x1b[2J\\x1b[H");
}

TEST_CASE("yaml output escapes bytes that are not UTF-8", "[output]") {
    CHECK(yaml_scalar("ok\xff") == "\"ok\\xFF\"");
    CHECK(yaml_scalar("a\x1b") == "\"a\\x1B\"");
    CHECK(yaml_scalar("caf\xc3\xa9") == "caf\xc3\xa9");
    // C1 controls (the one-byte CSI U+009B) are not printable YAML: quoted and escaped.
    CHECK(yaml_scalar("h\xc2\x9b"
                      "31m") == "\"h\\x9B31m\"");
    CHECK(yaml_scalar("a\x1b[2J\xc2\x9b") == "\"a\\x1B[2J\\x9B\"");
}

TEST_CASE("whole text outputs and log lines: terminal_text (issue 15)", "[output]") {
    // Layout (newlines, tabs) stays; everything else that could drive a terminal is escaped.
    CHECK(terminal_text("a\tb\nc\n", false) == "a\tb\nc\n");
    CHECK(terminal_text(std::string_view("x\x1b[2J\ry\x00z\n", 10), false) ==
          "x\\x1b[2J\\x0dy\\x00z\n");
    CHECK(terminal_text("caf\xc3\xa9 \xff \xc2\x9b", false) == "caf\xc3\xa9 \\xff \\x9b");
    // SGR colour only while colour is on (paint() writes it then); never cursor movement.
    CHECK(terminal_text("\x1b[31mred\x1b[0m", true) == "\x1b[31mred\x1b[0m");
    CHECK(terminal_text("\x1b[31mred\x1b[0m", false) == "\\x1b[31mred\\x1b[0m");
    CHECK(terminal_text("\x1b[2J", true) == "\\x1b[2J");
    CHECK(terminal_text("\x1b]0;title\x07", true) == "\\x1b]0;title\\x07");
}

TEST_CASE("flag ranges: seconds and counts", "[flags]") {
    CHECK(check_seconds("10") == "");
    CHECK(check_seconds("0.5") == "");
    CHECK(check_seconds("1e9") == "");
    CHECK(check_seconds("nan") == "'nan' is not a number of seconds in (0, 1000000000]");
    CHECK(check_seconds("inf") != "");
    CHECK(check_seconds("-1") == "'-1' is out of range: seconds in (0, 1000000000]");
    CHECK(check_seconds("0") != "");
    CHECK(check_seconds("0", 1e9, true) == "");
    CHECK(check_seconds("1e10") != "");
    CHECK(check_seconds("10s") != "");
    CHECK(check_count("0", 0, UINT64_MAX) == "");
    CHECK(check_count("18446744073709551615", 0, UINT64_MAX) == "");
    CHECK(check_count("18446744073709551616", 0, UINT64_MAX) ==
          "'18446744073709551616' is out of range [0, 18446744073709551615]");
    CHECK(check_count("-1", 0, UINT64_MAX) ==
          "'-1' is not a whole number in [0, 18446744073709551615]");
    CHECK(check_count("0", 1, 10) == "'0' is out of range [1, 10]");
    CHECK(check_count("+3", 0, 10) != "");
}
