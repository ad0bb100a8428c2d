#include "ocf/tester.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "ocf/agent_runner.hpp"
#include "ocf/agent_spec.hpp"
#include "ocf/lint.hpp"
#include "ocf/metadata.hpp"
#include "ocf/stop_signals.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <set>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace corral::ocf {

std::pair<std::string, std::string> parse_param_assignment(const std::string& text) {
    std::size_t eq = text.find('=');
    if (eq == std::string::npos) {
        throw Error::usage("--param '" + text + "': expected NAME=VALUE");
    }
    std::string name = text.substr(0, eq);
    if (!is_shell_identifier(name)) {
        throw Error::usage("--param '" + text + "': '" + name + "' is not a parameter name");
    }
    return {name, text.substr(eq + 1)};
}

namespace {

// The signal that stopped the run (ocf/stop_signals.hpp), 0 while none did.
const std::atomic<int>& g_stop_signal = StopSignals::received();

constexpr int OCF_SUCCESS = 0;
constexpr int OCF_ERR_GENERIC = 1;
constexpr int OCF_ERR_UNIMPLEMENTED = 3;
constexpr int OCF_ERR_INSTALLED = 5;
constexpr int OCF_NOT_RUNNING = 7;
constexpr int OCF_RUNNING_PROMOTED = 8;

// Agents may print anything; JSON output needs UTF-8: replace each invalid byte with '?'.
std::string utf8_safe(std::string s) {
    std::size_t from = 0;
    while (true) {
        std::size_t bad = find_invalid_utf8(std::string_view(s).substr(from));
        if (bad == std::string_view::npos) {
            return s;
        }
        s[from + bad] = '?';
        from += bad + 1;
    }
}

std::string last_reason(const std::string& err) {
    // Prefer the agent's own explanation (ocf_exit_reason), else its last stderr line.
    std::string reason;
    std::string last;
    std::size_t pos = 0;
    while (pos < err.size()) {
        std::size_t nl = err.find('\n', pos);
        std::string line = err.substr(pos, nl == std::string::npos ? nl : nl - pos);
        pos = nl == std::string::npos ? err.size() : nl + 1;
        if (line.empty()) {
            continue;
        }
        std::size_t r = line.find("ocf-exit-reason:");
        if (r != std::string::npos) {
            reason = line.substr(r + 16);
        }
        last = line;
    }
    std::string out = reason.empty() ? last : reason;
    return utf8_safe(out.size() > 300 ? out.substr(0, 300) + "..." : out);
}

// Reads a small /proc file with plain read(2): a process that exits while we read makes read
// fail with ESRCH, which std::ifstream turns into an exception (fatal in the reaper thread).
std::string read_proc_file(const std::string& path) {
    std::string out;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return out;
    }
    char buf[1024];
    while (out.size() < 8192) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) {
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

bool process_gone(pid_t pid) {
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
        return true;
    }
    std::string content = read_proc_file("/proc/" + std::to_string(pid) + "/stat");
    std::size_t close = content.rfind(')');
    return close != std::string::npos && close + 2 < content.size() && content[close + 2] == 'Z';
}

// We are the child subreaper of everything the agent starts: reap what has exited.
void reap_orphans() {
    int status = 0;
    while (::waitpid(-1, &status, WNOHANG) > 0) {
    }
}

// While an action runs, daemons it started and that died become our zombies, and an agent that
// waits for them to vanish (heartbeat/anything's stop) would wait forever. This thread reaps our
// zombie children except process-group leaders: the agent itself leads its group and is
// run_process()'s to reap.
class ZombieReaper {
public:
    ZombieReaper() : m_thread([this] { loop(); }) {}
    ~ZombieReaper() {
        m_stop = true;
        m_thread.join();
    }

private:
    void loop() {
        const pid_t self = ::getpid();
        while (!m_stop) {
            try {
                scan(self);
            } catch (...) { // an exception must never leave this thread (std::terminate)
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }

    static void scan(pid_t self) {
        {
            if (DIR* proc = ::opendir("/proc")) {
                while (dirent* e = ::readdir(proc)) {
                    if (e->d_name[0] < '1' || e->d_name[0] > '9') {
                        continue;
                    }
                    std::string stat = read_proc_file(std::string("/proc/") + e->d_name + "/stat");
                    std::size_t close = stat.rfind(')');
                    if (close == std::string::npos) {
                        continue;
                    }
                    char state = 0;
                    long ppid = 0;
                    long pgrp = 0;
                    if (std::sscanf(stat.c_str() + close + 1, " %c %ld %ld", &state, &ppid,
                                    &pgrp) != 3) {
                        continue;
                    }
                    long pid = std::atol(e->d_name);
                    if (state == 'Z' && ppid == self && pgrp != pid) {
                        int status = 0;
                        ::waitpid(static_cast<pid_t>(pid), &status, WNOHANG);
                    }
                }
                ::closedir(proc);
            }
        }
    }

    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

std::string signal_name(int sig) {
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal " + std::to_string(sig);
}

std::string rc_name(int rc) {
    switch (rc) {
    case 0:
        return "SUCCESS";
    case 1:
        return "ERR_GENERIC";
    case 2:
        return "ERR_ARGS";
    case 3:
        return "ERR_UNIMPLEMENTED";
    case 4:
        return "ERR_PERM";
    case 5:
        return "ERR_INSTALLED";
    case 6:
        return "ERR_CONFIGURED";
    case 7:
        return "NOT_RUNNING";
    case 8:
        return "RUNNING_PROMOTED";
    case 9:
        return "FAILED_PROMOTED";
    case 190:
        return "DEGRADED";
    case 191:
        return "DEGRADED_PROMOTED";
    default:
        return "";
    }
}

std::string rc_text(int rc) {
    std::string n = rc_name(rc);
    return std::to_string(rc) + (n.empty() ? "" : " (" + n + ")");
}

struct CallOptions {
    bool probe = false;
    std::optional<int> depth;
    std::map<std::string, std::string> env;
    bool as_nobody = false;
    std::optional<double> interval;
    std::vector<int> tolerated; // accepted with a warning (a failure with --strict)
    std::string tolerated_why;
};

CallOptions probe() {
    CallOptions o;
    o.probe = true;
    return o;
}
CallOptions nobody() {
    CallOptions o;
    o.as_nobody = true;
    return o;
}
CallOptions at_depth(int depth) {
    CallOptions o;
    o.depth = depth;
    return o;
}
CallOptions with_env(std::map<std::string, std::string> env) {
    CallOptions o;
    o.env = std::move(env);
    return o;
}

class Runner {
public:
    explicit Runner(const TestOptions& o) : m_opt(o) {
        m_report.agent = o.agent;
        // In $TMPDIR (else /tmp): it must be searchable by nobody, as /tmp is.
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base != nullptr && *base == '/' ? base : "/tmp") +
                           "/corral-ocf-test-XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr) {
            throw Error::internal("mkdtemp " + tmpl + ": " + std::strerror(errno));
        }
        m_tmp = tmpl;
        ::chmod(m_tmp.c_str(), 0755);
        ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        m_reaper.emplace();
    }
    ~Runner() {
        m_reaper.reset();
        reap_orphans();
        // Remove our private HA_RSCTMP (state and pid files the agent left).
        ProcessSpec rm;
        rm.argv = {"rm", "-rf", "--", m_tmp};
        try {
            run_process(rm);
        } catch (...) {
        }
    }

    TestReport run();

private:
    double timeout_for(const std::string& action, int depth = 0) const {
        if (m_opt.timeout) {
            return *m_opt.timeout;
        }
        const Action* best = nullptr;
        for (const auto& a : m_md.actions) {
            if (a.name != action) {
                continue;
            }
            int d = a.depth.empty() ? 0 : std::atoi(a.depth.c_str());
            if (best == nullptr || d == depth) {
                best = &a;
            }
        }
        if (best != nullptr) {
            if (auto t = parse_ocf_time(best->timeout); t && *t > 0) {
                return *t;
            }
        }
        return 20;
    }

    double monitor_interval() const {
        for (const auto& a : m_md.actions) {
            if (a.name == "monitor" && (a.depth.empty() || a.depth == "0") && a.role.empty()) {
                if (auto t = parse_ocf_time(a.interval); t && *t > 0) {
                    return *t;
                }
            }
        }
        return 10;
    }

    // Runs one action and records it as a step.
    TestStep& call(const std::string& name, const std::string& action, std::vector<int> expected,
                   const CallOptions& co = {}) {
        reap_orphans();
        TestStep step;
        step.name = name;
        step.action = action;
        step.expected = std::move(expected);
        AgentCall c;
        c.agent = m_opt.agent;
        c.action = action;
        if (action != "meta-data") {
            c.params = m_opt.params;
        }
        c.extra_env = co.env;
        c.extra_env["HA_RSCTMP"] = m_tmp;
        std::string timeout_action = action == "monitor" ? "monitor" : action;
        c.timeout_seconds = timeout_for(timeout_action, co.depth.value_or(0));
        if (action == "monitor" && !co.probe) {
            c.interval_seconds = co.interval.value_or(monitor_interval());
        }
        c.check_level = co.depth;
        c.as_nobody = co.as_nobody;
        c.cancel = m_cancel ? &g_stop_signal : nullptr;
        c.kill_group_after = action == "meta-data"; // nothing it forks may outlive it
        if (m_cancel && g_stop_signal.load() != 0) {
            step.message = "not run: interrupted";
            m_report.steps.push_back(std::move(step));
            return m_report.steps.back();
        }
        try {
            ProcessResult r = run_agent(c);
            step.seconds = r.seconds;
            m_last_out = r.out;
            m_last_err = r.err;
            if (r.interrupted) {
                step.message = "interrupted by " + signal_name(g_stop_signal.load()) +
                               "; its process group was killed";
            } else if (r.timed_out) {
                step.message = fmt::format("timed out after {} s (its meta-data timeout) and was "
                                           "killed",
                                           format_decimal(c.timeout_seconds));
            } else if (r.signal != 0) {
                step.message = r.describe();
            } else {
                step.rc = r.exit_code;
                bool ok = false;
                for (int e : step.expected) {
                    ok = ok || e == r.exit_code;
                }
                step.ok = ok;
                bool tolerated = false;
                for (int e : co.tolerated) {
                    tolerated = tolerated || e == r.exit_code;
                }
                if (!ok && tolerated) {
                    step.ok = !m_opt.strict;
                    step.warning = true;
                    step.message = "returned " + rc_text(r.exit_code) + ": " + co.tolerated_why;
                } else if (!ok) {
                    std::string want;
                    for (int e : step.expected) {
                        want += (want.empty() ? "" : " or ") + rc_text(e);
                    }
                    step.message = "returned " + rc_text(r.exit_code) + ", expected " + want;
                    std::string reason = missing_library_hint(r.err);
                    if (reason.empty()) {
                        reason = last_reason(r.err);
                    }
                    if (!reason.empty()) {
                        step.message += ": " + reason;
                    }
                }
            }
        } catch (const Error& e) {
            step.message = utf8_safe(e.message());
        }
        m_report.steps.push_back(std::move(step));
        return m_report.steps.back();
    }

    TestStep& note(const std::string& name, const std::string& action, bool ok,
                   const std::string& message, bool skipped = false) {
        TestStep step;
        step.name = name;
        step.action = action;
        step.ok = ok;
        step.skipped = skipped;
        step.message = message;
        m_report.steps.push_back(std::move(step));
        return m_report.steps.back();
    }

    bool advertised(const std::string& action) const { return m_md.has_action(action); }

    std::string pidfile() const {
        for (const char* n : {"pidfile", "pid_file", "pid"}) {
            auto it = m_opt.params.find(n);
            if (it != m_opt.params.end()) {
                return it->second;
            }
            if (const Parameter* p = m_md.parameter(n); p && p->default_value) {
                return *p->default_value;
            }
        }
        return "";
    }

    void kill_check();
    void cleanup_stop() { call("cleanup stop", "stop", {OCF_SUCCESS}); }

    TestOptions m_opt;
    TestReport m_report;
    Metadata m_md;
    bool m_have_md = false;

public:
    bool m_cancel = true; // false while cleaning up after a signal: those actions must run

    // After SIGINT/SIGTERM: the agent's stop, then every process the agent left (we are their
    // subreaper, so they are our children) and its process group. Returns what was done.
    std::string clean_up_after_signal();

private:
    std::string m_tmp;
    std::string m_last_out;
    std::string m_last_err;
    std::optional<ZombieReaper> m_reaper;
};

void Runner::kill_check() {
    std::string path = pidfile();
    std::string text = read_proc_file(path);
    char* end = nullptr;
    long pid = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || pid <= 1) {
        note("crashed process", "kill -9", true,
             "skipped: no process id in " + path + " while running", true);
        cleanup_stop();
        return;
    }
    ::kill(static_cast<pid_t>(pid), SIGKILL);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!process_gone(static_cast<pid_t>(pid)) && std::chrono::steady_clock::now() < deadline) {
        reap_orphans();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    reap_orphans();
    note("crashed process", "kill -9", true, "killed pid " + std::to_string(pid) + " from " + path);
    CallOptions crashed_probe = probe();
    crashed_probe.tolerated = {OCF_ERR_GENERIC};
    crashed_probe.tolerated_why =
        "a probe should find a crashed process not running (7); the pid file lies after kill -9";
    call("probe after kill -9", "monitor", {OCF_NOT_RUNNING}, crashed_probe);
    call("monitor after kill -9", "monitor", {OCF_ERR_GENERIC});
    call("stop after kill -9", "stop", {OCF_SUCCESS});
    call("monitor after cleanup", "monitor", {OCF_NOT_RUNNING});
}

std::string Runner::clean_up_after_signal() {
    m_cancel = false;
    TestStep& stop = call("stop after " + signal_name(g_stop_signal.load()), "stop", {OCF_SUCCESS});
    std::string done = "ran the agent's stop (" +
                       (stop.rc ? "rc " + std::to_string(*stop.rc) : stop.message) + ")";
    // Whatever the agent started and stop did not end: our children (re-parented to us, the
    // subreaper) and their process groups, until none is left.
    int killed = 0;
    const pid_t self = ::getpid();
    for (int round = 0; round < 50; ++round) {
        std::vector<std::pair<pid_t, pid_t>> children; // pid, process group
        if (DIR* proc = ::opendir("/proc")) {
            while (dirent* e = ::readdir(proc)) {
                if (e->d_name[0] < '1' || e->d_name[0] > '9') {
                    continue;
                }
                std::string stat = read_proc_file(std::string("/proc/") + e->d_name + "/stat");
                std::size_t close = stat.rfind(')');
                char state = 0;
                long ppid = 0;
                long pgrp = 0;
                if (close == std::string::npos ||
                    std::sscanf(stat.c_str() + close + 1, " %c %ld %ld", &state, &ppid, &pgrp) !=
                        3) {
                    continue;
                }
                if (ppid == self && state != 'Z') {
                    children.emplace_back(static_cast<pid_t>(std::atol(e->d_name)),
                                          static_cast<pid_t>(pgrp));
                }
            }
            ::closedir(proc);
        }
        reap_orphans();
        if (children.empty()) {
            break;
        }
        for (const auto& [pid, pgrp] : children) {
            if (pgrp != ::getpgrp()) {
                ::kill(-pgrp, SIGKILL);
            }
            ::kill(pid, SIGKILL);
            ++killed;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        reap_orphans();
    }
    if (killed > 0) {
        done += fmt::format(", killed {} process{} it left", killed, killed == 1 ? "" : "es");
    }
    return done;
}

TestReport Runner::run() {
    // 1. meta-data as an unprivileged user (ocf-tester: "too restrictive permissions").
    if (m_opt.as_nobody && ::geteuid() == 0) {
        TestStep& s = call("meta-data as nobody", "meta-data", {OCF_SUCCESS}, nobody());
        if (!s.ok) {
            struct stat st {};
            const passwd* pw = ::getpwnam("nobody");
            std::string dir =
                pw != nullptr ? unsearchable_directory(m_opt.agent, pw->pw_uid, pw->pw_gid) : "";
            if (!dir.empty()) {
                // ocf-tester: "too restrictive permissions"; name the directory that stops nobody.
                s.message = "user nobody cannot reach the agent: directory " + dir +
                            " must be searchable by other users (chmod o+x), or test a copy "
                            "elsewhere";
            } else if (::stat(m_opt.agent.c_str(), &st) == 0 && (st.st_mode & 0005) != 0005) {
                s.message += fmt::format(" (mode {:04o}: other users cannot run it; use 0755)",
                                         st.st_mode & 07777);
            }
        }
    }
    if (m_opt.as_nobody && ::geteuid() != 0) {
        note("meta-data as nobody", "meta-data", true,
             "skipped: not root (run as root to check that other users can run the agent)", true);
    }
    // 2. meta-data: well-formed, and valid for its declared OCF version.
    TestStep& md = call("meta-data", "meta-data", {OCF_SUCCESS});
    if (md.ok) {
        std::string xml = m_last_out;
        try {
            m_md = parse_metadata(xml, m_opt.agent);
            m_have_md = true;
            LintResult lint = lint_metadata(xml, m_opt.agent, Schema::automatic);
            std::string first;
            for (const auto& f : lint.findings) {
                if (f.severity == "error") {
                    first = f.message + " [" + f.code + "]";
                    break;
                }
            }
            note("meta-data schema (OCF " + lint.version + ")", "meta-data", lint.errors == 0,
                 lint.errors == 0 ? fmt::format("{} warnings", lint.warnings)
                                  : fmt::format("{} errors, first: {}", lint.errors, first));
        } catch (const Error& e) {
            note("meta-data schema", "meta-data", false, e.message());
        }
    }
    // 3. validate-all with the given parameters (3 = unimplemented is a failure, as ocf-tester).
    TestStep& v = call("validate-all", "validate-all", {OCF_SUCCESS});
    if (!v.ok) {
        if (v.rc == OCF_ERR_UNIMPLEMENTED) {
            v.message = "validate-all is not implemented (returned 3)";
        }
        if (v.rc && *v.rc != OCF_ERR_UNIMPLEMENTED) {
            if (missing_library_hint(m_last_err).empty()) {
                v.message += " (are all required parameters given with --param?)";
            }
            m_report.passed = false;
            return m_report; // as ocf-tester: nothing else can work
        }
    }
    // 4. stopped: monitor 7, probe 7 (or 5: not installed).
    TestStep& m0 = call("monitor before start", "monitor", {OCF_NOT_RUNNING});
    if (m0.rc && (*m0.rc == OCF_SUCCESS || *m0.rc == OCF_RUNNING_PROMOTED)) {
        m0.message += " (already running? it was left alone)";
    }
    call("probe before start", "monitor", {OCF_NOT_RUNNING, OCF_ERR_INSTALLED}, probe());
    call("stop when stopped", "stop", {OCF_SUCCESS});
    // 5. start and the running checks.
    TestStep& st = call("start", "start", {OCF_SUCCESS});
    if (!st.ok) {
        cleanup_stop();
        return m_report;
    }
    call("monitor after start", "monitor", {OCF_SUCCESS});
    call("probe after start", "monitor", {OCF_SUCCESS}, probe());
    std::set<int> depths;
    for (const auto& a : m_md.actions) {
        int d = a.depth.empty() ? 0 : std::atoi(a.depth.c_str());
        if (a.name == "monitor" && d > 0 && a.role.empty() && depths.insert(d).second) {
            call(fmt::format("monitor depth {}", d), "monitor", {OCF_SUCCESS}, at_depth(d));
        }
    }
    call("start when started", "start", {OCF_SUCCESS});
    if (advertised("notify")) {
        call("notify (no variables, as ocf-tester)", "notify", {OCF_SUCCESS});
        std::map<std::string, std::string> env = {
            {"OCF_RESKEY_CRM_meta_notify_type", "post"},
            {"OCF_RESKEY_CRM_meta_notify_operation", "start"},
            {"OCF_RESKEY_CRM_meta_notify_start_resource", "corral-test:0"},
            {"OCF_RESKEY_CRM_meta_notify_start_uname", "node1"},
            {"OCF_RESKEY_CRM_meta_notify_active_resource", "corral-test:0"},
            {"OCF_RESKEY_CRM_meta_notify_active_uname", "node1"}};
        call("notify post-start", "notify", {OCF_SUCCESS}, with_env(env));
    }
    bool promote = advertised("promote");
    bool demote = advertised("demote");
    if (promote != demote) {
        note("promotable", promote ? "promote" : "demote", false,
             "only one of promote and demote is advertised (partial promotable support)");
    } else if (promote) {
        call("demote when unpromoted", "demote", {OCF_SUCCESS});
        call("promote", "promote", {OCF_SUCCESS});
        call("monitor when promoted", "monitor", {OCF_RUNNING_PROMOTED});
        call("promote when promoted", "promote", {OCF_SUCCESS});
        call("demote", "demote", {OCF_SUCCESS});
        call("monitor when unpromoted", "monitor", {OCF_SUCCESS});
        call("demote again", "demote", {OCF_SUCCESS});
    }
    if (advertised("reload-agent")) {
        call("reload-agent", "reload-agent", {OCF_SUCCESS});
        call("monitor after reload-agent", "monitor", {OCF_SUCCESS});
    }
    if (advertised("reload")) {
        call("reload", "reload", {OCF_SUCCESS});
        call("monitor after reload", "monitor", {OCF_SUCCESS});
    }
    if (advertised("migrate_to") && advertised("migrate_from")) {
        std::map<std::string, std::string> env = {{"OCF_RESKEY_CRM_meta_migrate_source", "node1"},
                                                  {"OCF_RESKEY_CRM_meta_migrate_target", "node2"}};
        call("migrate_to", "migrate_to", {OCF_SUCCESS}, with_env(env));
        call("migrate_from", "migrate_from", {OCF_SUCCESS}, with_env(env));
        call("monitor after migration", "monitor", {OCF_SUCCESS});
    }
    // 6. stop, and stop again.
    TestStep& sp = call("stop", "stop", {OCF_SUCCESS});
    if (!sp.ok) {
        return m_report;
    }
    call("monitor after stop", "monitor", {OCF_NOT_RUNNING});
    call("probe after stop", "monitor", {OCF_NOT_RUNNING}, probe());
    call("stop when stopped again", "stop", {OCF_SUCCESS});
    // 7. a crashed daemon: kill -9 its pid; the pid file now lies.
    if (pidfile().empty()) {
        note("crashed process", "kill -9", true, "skipped: the agent has no pidfile parameter",
             true);
        return m_report;
    }
    TestStep& again = call("start again", "start", {OCF_SUCCESS});
    if (again.ok) {
        kill_check();
    } else {
        cleanup_stop();
    }
    return m_report;
}

} // namespace

TestReport run_agent_test(const TestOptions& options) {
    require_agent_executable(options.agent);
    StopSignals signals;
    std::string interrupted;
    TestReport r;
    {
        Runner runner(options);
        r = runner.run();
        if (g_stop_signal.load() != 0) {
            interrupted = runner.clean_up_after_signal();
        }
    } // the runner's destructor removes its temporary directory
    if (int sig = g_stop_signal.load(); sig != 0) {
        throw Error(ErrorKind::interrupted, "interrupted by " + signal_name(sig) + ": " +
                                                interrupted + ", removed its temporary directory");
    }
    r.passed = !r.steps.empty();
    for (const auto& s : r.steps) {
        r.passed = r.passed && s.ok;
    }
    return r;
}

Json test_report_to_json(const TestReport& r) {
    Json j;
    j["agent"] = utf8_safe(r.agent);
    j["passed"] = r.passed;
    Json steps = Json::array();
    for (const auto& s : r.steps) {
        Json js;
        js["name"] = s.name;
        js["action"] = s.action;
        js["rc"] = s.rc ? Json(*s.rc) : Json(nullptr);
        js["expected"] = s.expected;
        js["ok"] = s.ok;
        js["seconds"] = std::stod(format_decimal(s.seconds));
        js["message"] = s.message;
        if (s.skipped) {
            js["skipped"] = true;
        }
        if (s.warning) {
            js["warning"] = true;
        }
        steps.push_back(std::move(js));
    }
    j["steps"] = std::move(steps);
    return j;
}

std::string test_report_to_text(const TestReport& r) {
    Table t({"RESULT", "STEP", "ACTION", "RC", "SECONDS", "MESSAGE"});
    int failed = 0;
    for (const auto& s : r.steps) {
        failed += s.ok ? 0 : 1;
        t.add_row({s.skipped   ? "SKIP"
                   : !s.ok     ? "FAIL"
                   : s.warning ? "WARN"
                               : "ok",
                   s.name, s.action, s.rc ? std::to_string(*s.rc) : "-",
                   format_decimal(s.seconds, 2), s.message});
    }
    t.align_right(3);
    t.align_right(4);
    std::string out = t.render();
    out += r.agent + (r.passed ? ": passed" : ": FAILED") +
           fmt::format(" ({} steps, {} failed)\n", r.steps.size(), failed);
    return out;
}

} // namespace corral::ocf
