// Child processes: argv (no shell unless the caller asks for one), environment, stdin, timeout,
// captured output, and a kill of the whole process group on timeout.
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace corral {

struct ProcessSpec {
    std::vector<std::string> argv;          // argv[0] is looked up on PATH
    std::map<std::string, std::string> env; // added to (or replacing) the inherited environment
    std::vector<std::string> unset_env;     // removed from the inherited environment
    bool inherit_env = true;
    // Removes every inherited variable corral reads a secret from (is_secret_env_name()), so that
    // user hooks (notify watch --exec) never see them.
    bool drop_secret_env = false;
    // When *interrupt becomes non-zero (a handler stored SIGINT or SIGTERM), that signal is
    // forwarded to the child's process group, then SIGKILL after kill_grace_seconds (5 s when
    // 0); the result's `interrupted` names it.
    const std::atomic<int>* interrupt = nullptr;
    std::optional<std::string> stdin_data; // nullopt: /dev/null
    bool capture_stdout = true;            // false: inherit our stdout
    bool capture_stderr = true;            // false: inherit our stderr
    double timeout_seconds = 0;            // 0: no limit
    double kill_grace_seconds = 0;         // on timeout: TERM, wait this long, then KILL
    std::string cwd;
    std::optional<uid_t> uid; // run as this user (needs root)
    std::optional<gid_t> gid;
    std::size_t max_capture_bytes = std::size_t{64} << 20;
    bool kill_group_after_exit = false; // SIGKILL what is left of the child's group once it exits
    // When this turns non-zero (a signal handler's flag), the child's group gets SIGKILL and
    // run_process returns with `interrupted` set.
    const std::atomic<int>* cancel = nullptr;
};

struct ProcessResult {
    int exit_code = -1;     // -1 when killed by a signal
    int signal = 0;         // terminating signal, or 0
    bool timed_out = false; // we killed it at the deadline
    // Non-zero when spec.cancel (SIGKILL) or spec.interrupt (signal forwarded) stopped it: the
    // flag's value, i.e. the signal our handler caught.
    int interrupted = 0;
    pid_t pid = 0; // the child's pid, which is also its process group id
    std::string out;
    std::string err;
    double seconds = 0;

    bool ok() const { return exit_code == 0 && !timed_out; }
    // "exit 3", "killed by signal 9", "timed out after 20 s"
    std::string describe() const;
};

// Runs the process to completion. The child leads its own process group so that a timeout kills
// whatever it started too. Output is captured until the child exits; descendants that keep the
// pipes open (daemons started by the child) do not delay the return. Throws Error::usage when
// argv[0] cannot be executed.
ProcessResult run_process(const ProcessSpec& spec);

// Variables corral reads secrets from: MC_HOST_<alias>, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
// MINIO_ROOT_PASSWORD, MINIO_SECRET_KEY, CORRAL_MESOS_SECRET, CORRAL_KAFKA_SASL_PASSWORD.
bool is_secret_env_name(std::string_view name);

// Finds an executable on PATH ("" when absent); paths with '/' are checked as given.
std::string find_executable(const std::string& name);

} // namespace corral
