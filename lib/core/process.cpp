#include "core/process.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace corral {

namespace {

using clock_type = std::chrono::steady_clock;

void set_nonblocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

std::vector<std::string> build_environment(const ProcessSpec& spec) {
    std::map<std::string, std::string> merged;
    if (spec.inherit_env) {
        for (char** e = environ; *e != nullptr; ++e) {
            std::string_view entry(*e);
            std::size_t eq = entry.find('=');
            if (eq != std::string_view::npos) {
                merged[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
            }
        }
    }
    for (const auto& name : spec.unset_env) {
        merged.erase(name);
    }
    if (spec.drop_secret_env) {
        for (auto it = merged.begin(); it != merged.end();) {
            it = is_secret_env_name(it->first) ? merged.erase(it) : std::next(it);
        }
    }
    for (const auto& [k, v] : spec.env) {
        merged[k] = v;
    }
    std::vector<std::string> out;
    out.reserve(merged.size());
    for (const auto& [k, v] : merged) {
        out.push_back(k + "=" + v);
    }
    return out;
}

struct Pipe {
    int read_end = -1;
    int write_end = -1;
    void open() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            throw Error::internal(std::string("pipe: ") + std::strerror(errno));
        }
        read_end = fds[0];
        write_end = fds[1];
    }
    void close_read() {
        if (read_end >= 0) {
            ::close(read_end);
            read_end = -1;
        }
    }
    void close_write() {
        if (write_end >= 0) {
            ::close(write_end);
            write_end = -1;
        }
    }
    ~Pipe() {
        close_read();
        close_write();
    }
};

// Reads what is available without blocking; returns false at EOF.
bool drain(int fd, std::string& into, std::size_t limit) {
    char buffer[16384];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            std::size_t room = limit > into.size() ? limit - into.size() : 0;
            into.append(buffer, std::min(room, static_cast<std::size_t>(n)));
            continue;
        }
        if (n == 0) {
            return false;
        }
        if (errno == EINTR) {
            continue;
        }
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

} // namespace

bool is_secret_env_name(std::string_view name) {
    static constexpr std::string_view exact[] = {
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",   "MINIO_ROOT_PASSWORD",
        "MINIO_SECRET_KEY",      "CORRAL_MESOS_SECRET", "CORRAL_KAFKA_SASL_PASSWORD",
    };
    for (auto e : exact) {
        if (name == e) {
            return true;
        }
    }
    return name.rfind("MC_HOST_", 0) == 0; // mc aliases: scheme://ACCESS:SECRET@host
}

std::string ProcessResult::describe() const {
    if (interrupted != 0) {
        return std::string("stopped by ") + (interrupted == SIGINT ? "SIGINT" : "SIGTERM");
    }
    if (timed_out) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "timed out after %.3g s", seconds);
        return buf;
    }
    if (signal != 0) {
        return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    }
    return "exit " + std::to_string(exit_code);
}

std::string find_executable(const std::string& name) {
    auto executable = [](const std::string& p) {
        struct stat st {};
        return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
    };
    if (name.find('/') != std::string::npos) {
        return executable(name) ? name : "";
    }
    const char* path = std::getenv("PATH");
    std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        std::size_t colon = dirs.find(':');
        std::string dir(dirs.substr(0, colon));
        std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (executable(candidate)) {
            return candidate;
        }
        if (colon == std::string_view::npos) {
            return "";
        }
        dirs.remove_prefix(colon + 1);
    }
}

ProcessResult run_process(const ProcessSpec& spec) {
    if (spec.argv.empty()) {
        throw Error::internal("run_process: empty argv");
    }
    std::string program = find_executable(spec.argv[0]);
    if (program.empty()) {
        throw Error::usage("cannot execute '" + spec.argv[0] + "': not found or not executable");
    }
    std::vector<std::string> env = build_environment(spec);
    std::vector<char*> envp;
    for (auto& e : env) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    std::vector<std::string> args = spec.argv;
    std::vector<char*> argvp;
    for (auto& a : args) {
        argvp.push_back(a.data());
    }
    argvp.push_back(nullptr);

    Pipe in, out, err, exec_status;
    if (spec.stdin_data) {
        in.open();
    }
    if (spec.capture_stdout) {
        out.open();
    }
    if (spec.capture_stderr) {
        err.open();
    }
    exec_status.open();

    auto start = clock_type::now();
    pid_t pid = ::fork();
    if (pid < 0) {
        throw Error::internal(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        // Restore default dispositions the parent may have changed (SIGPIPE ignored, handlers).
        ::signal(SIGPIPE, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        int devnull = ::open("/dev/null", O_RDWR);
        ::dup2(spec.stdin_data ? in.read_end : devnull, STDIN_FILENO);
        if (spec.capture_stdout) {
            ::dup2(out.write_end, STDOUT_FILENO);
        }
        if (spec.capture_stderr) {
            ::dup2(err.write_end, STDERR_FILENO);
        }
        if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) {
            int e = errno;
            [[maybe_unused]] auto n = ::write(exec_status.write_end, &e, sizeof e);
            ::_exit(127);
        }
        if (spec.gid && ::setgid(*spec.gid) != 0) {
            int e = errno;
            [[maybe_unused]] auto n = ::write(exec_status.write_end, &e, sizeof e);
            ::_exit(127);
        }
        if (spec.uid && (::setgroups(0, nullptr) != 0 || ::setuid(*spec.uid) != 0)) {
            int e = errno;
            [[maybe_unused]] auto n = ::write(exec_status.write_end, &e, sizeof e);
            ::_exit(127);
        }
        ::execve(program.c_str(), argvp.data(), envp.data());
        int e = errno;
        [[maybe_unused]] auto n = ::write(exec_status.write_end, &e, sizeof e);
        ::_exit(127);
    }
    ::setpgid(pid, pid); // also from the parent: no race with an early kill
    in.close_read();
    out.close_write();
    err.close_write();
    exec_status.close_write();

    int exec_errno = 0;
    ssize_t got;
    do {
        got = ::read(exec_status.read_end, &exec_errno, sizeof exec_errno);
    } while (got < 0 && errno == EINTR);
    if (got == static_cast<ssize_t>(sizeof exec_errno)) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        throw Error::usage("cannot execute '" + spec.argv[0] + "': " + std::strerror(exec_errno));
    }

    ProcessResult result;
    result.pid = pid;
    // A pidfd becomes readable when the child exits: poll() then waits for output, the exit or
    // the deadline, instead of waking every 10 ms to ask waitpid (issue 16).
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    std::string_view pending_stdin = spec.stdin_data ? std::string_view(*spec.stdin_data) : "";
    if (spec.stdin_data) {
        set_nonblocking(in.write_end);
        if (pending_stdin.empty()) {
            in.close_write();
        }
    }
    if (out.read_end >= 0) {
        set_nonblocking(out.read_end);
    }
    if (err.read_end >= 0) {
        set_nonblocking(err.read_end);
    }

    auto deadline = spec.timeout_seconds > 0
                        ? start + std::chrono::duration_cast<clock_type::duration>(
                                      std::chrono::duration<double>(spec.timeout_seconds))
                        : clock_type::time_point::max();
    bool exited = false;
    int status = 0;
    bool term_sent = false;
    clock_type::time_point kill_at = clock_type::time_point::max();
    while (!exited) {
        std::vector<pollfd> fds;
        if (out.read_end >= 0) {
            fds.push_back({out.read_end, POLLIN, 0});
        }
        if (err.read_end >= 0) {
            fds.push_back({err.read_end, POLLIN, 0});
        }
        if (in.write_end >= 0) {
            fds.push_back({in.write_end, POLLOUT, 0});
        }
        // The child's exit is noticed by waitpid, not by EOF (daemons keep pipes): poll its
        // pidfd, or without one (kernels before 5.3) wake every 10 ms.
        int wait_ms = 10;
        if (pidfd >= 0) {
            fds.push_back({pidfd, POLLIN, 0});
            auto until = !result.timed_out ? deadline
                         : term_sent       ? kill_at
                                           : clock_type::time_point::max();
            wait_ms = -1;
            if (until != clock_type::time_point::max()) {
                auto left = std::chrono::ceil<std::chrono::milliseconds>(until - clock_type::now());
                wait_ms = static_cast<int>(std::clamp<long long>(left.count(), 0, 1000000));
            }
            if (spec.cancel != nullptr || spec.interrupt != nullptr) {
                // a signal may land just before poll: look again soon
                wait_ms = wait_ms < 0 ? 100 : std::min(wait_ms, 100);
            }
        }
        ::poll(fds.data(), fds.size(), wait_ms);
        if (out.read_end >= 0 && !drain(out.read_end, result.out, spec.max_capture_bytes)) {
            out.close_read();
        }
        if (err.read_end >= 0 && !drain(err.read_end, result.err, spec.max_capture_bytes)) {
            err.close_read();
        }
        if (in.write_end >= 0 && !pending_stdin.empty()) {
            ssize_t n = ::write(in.write_end, pending_stdin.data(), pending_stdin.size());
            if (n > 0) {
                pending_stdin.remove_prefix(static_cast<std::size_t>(n));
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                pending_stdin = {}; // EPIPE: the child stopped reading
            }
            if (pending_stdin.empty()) {
                in.close_write();
            }
        }
        pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            exited = true;
            break;
        }
        if (spec.cancel != nullptr && spec.cancel->load() != 0 && !result.interrupted) {
            result.interrupted = spec.cancel->load();
            ::kill(-pid, SIGKILL);
        }
        auto now = clock_type::now();
        if (spec.interrupt != nullptr && result.interrupted == 0 && !result.timed_out) {
            if (int sig = spec.interrupt->load(); sig != 0) {
                result.interrupted = sig;
                ::kill(-pid, sig); // the hook and whatever it started
                term_sent = true;
                double grace = spec.kill_grace_seconds > 0 ? spec.kill_grace_seconds : 5;
                kill_at = now + std::chrono::duration_cast<clock_type::duration>(
                                    std::chrono::duration<double>(grace));
                continue;
            }
        }
        if (!result.timed_out && now >= deadline) {
            result.timed_out = true;
            if (spec.kill_grace_seconds > 0) {
                ::kill(-pid, SIGTERM);
                term_sent = true;
                kill_at = now + std::chrono::duration_cast<clock_type::duration>(
                                    std::chrono::duration<double>(spec.kill_grace_seconds));
            } else {
                ::kill(-pid, SIGKILL);
            }
        } else if (term_sent && now >= kill_at) {
            ::kill(-pid, SIGKILL);
            term_sent = false;
        }
    }
    // Collect what the child wrote before exiting; do not wait for descendants holding the pipe.
    if (out.read_end >= 0) {
        drain(out.read_end, result.out, spec.max_capture_bytes);
    }
    if (err.read_end >= 0) {
        drain(err.read_end, result.err, spec.max_capture_bytes);
    }
    if (pidfd >= 0) {
        ::close(pidfd);
    }
    if (result.timed_out || result.interrupted || spec.kill_group_after_exit) {
        ::kill(-pid, SIGKILL); // anything left of the group
    }
    result.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
    return result;
}

} // namespace corral
