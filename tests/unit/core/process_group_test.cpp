// run_process: waiting on the child's pidfd (issue 16), killing what an action leaves in its
// process group (issue 15), and cancelling on a signal flag (issue 15).
#include "core/process.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

using namespace corral;

namespace {

// Exists and is not a zombie: a killed orphan waits for init to reap it, which may take a while.
bool alive(pid_t pid) {
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
        return false;
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::size_t close = text.rfind(')');
    if (close == std::string::npos || close + 2 >= text.size()) {
        return false; // gone while we looked
    }
    return text[close + 2] != 'Z';
}

} // namespace

TEST_CASE("processes: a short child returns without polling delays", "[process]") {
    ProcessSpec spec;
    spec.argv = {"true"};
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
        CHECK(run_process(spec).exit_code == 0);
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 5); // generous on a loaded machine; each run used to add up to 10 ms of polls
}

TEST_CASE("processes: kill_group_after_exit ends what the child left in its group", "[process]") {
    ProcessSpec spec;
    // The background sleep keeps no pipe open and outlives its parent.
    spec.argv = {"sh", "-c", "sleep 30 </dev/null >/dev/null 2>&1 & echo $!"};
    ProcessResult kept = run_process(spec);
    pid_t left = static_cast<pid_t>(std::stol(kept.out));
    CHECK(alive(left));
    ::kill(left, SIGKILL);

    spec.kill_group_after_exit = true;
    ProcessResult r = run_process(spec);
    REQUIRE(r.exit_code == 0);
    pid_t child = static_cast<pid_t>(std::stol(r.out));
    // SIGKILL is delivered at once; the orphan is reaped by init, so allow it a moment.
    for (int i = 0; i < 100 && alive(child); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK_FALSE(alive(child));
    CHECK(r.pid > 0);
}

TEST_CASE("processes: a cancel flag kills the group and says interrupted", "[process]") {
    std::atomic<int> flag{0};
    ProcessSpec spec;
    spec.argv = {"sleep", "30"};
    spec.cancel = &flag;
    std::thread setter([&flag] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        flag.store(SIGINT);
    });
    ProcessResult r = run_process(spec);
    setter.join();
    CHECK(r.interrupted);
    CHECK(r.signal == SIGKILL);
    CHECK(r.seconds < 5);
}
