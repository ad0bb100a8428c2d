#include "core/atomic_write.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

namespace corral {

namespace {

// --- registry of temporary files, emptied by SIGINT/SIGTERM -------------------------------------
// Fixed storage: the signal handler may only read memory and call async-signal-safe functions.
constexpr int temp_slots = 64;
char g_temp_paths[temp_slots][PATH_MAX];
std::atomic<bool> g_temp_used[temp_slots];

extern "C" void on_fatal_signal(int sig) {
    corral_remove_temp_files();
    ::signal(sig, SIG_DFL);
    ::raise(sig); // delivered when the handler returns: the usual death by signal (exit 130/143)
}

// Our handler replaces only the default action, which it reproduces after the cleanup; a program
// with its own handlers (notify watch) calls corral_remove_temp_files() itself.
void install_cleanup_handlers() {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction old {};
        if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL &&
            (old.sa_flags & SA_SIGINFO) == 0) {
            struct sigaction sa {};
            sa.sa_handler = on_fatal_signal;
            sigemptyset(&sa.sa_mask);
            ::sigaction(sig, &sa, nullptr);
        }
    }
}

// Blocks SIGINT/SIGTERM/SIGHUP for a scope: creating a temporary file and registering it (or
// renaming it and unregistering it) happen as one step as far as a signal handler can tell.
class SignalBlock {
public:
    SignalBlock() {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGHUP);
        ::pthread_sigmask(SIG_BLOCK, &set, &m_old);
    }
    ~SignalBlock() { ::pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }
    SignalBlock(const SignalBlock&) = delete;
    SignalBlock& operator=(const SignalBlock&) = delete;

private:
    sigset_t m_old;
};

void register_temp(const std::string& path) {
    install_cleanup_handlers();
    for (int i = 0; i < temp_slots; ++i) {
        if (!g_temp_used[i].load() && path.size() < PATH_MAX) {
            std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
            g_temp_used[i].store(true);
            return;
        }
    }
    // More than 64 files in flight: the extra ones are still removed on every error path.
}

void unregister_temp(const std::string& path) {
    for (int i = 0; i < temp_slots; ++i) {
        if (g_temp_used[i].load() && path == g_temp_paths[i]) {
            g_temp_used[i].store(false);
            return;
        }
    }
}

void remove_temp(const std::string& path) {
    SignalBlock block;
    ::unlink(path.c_str());
    unregister_temp(path);
}

std::string errno_text(int err) {
    return std::strerror(err);
}

std::string dir_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct Resolved {
    std::string target;
    bool exists = false;
    struct stat st {};
};

// What `path` names, symlinks followed, and whether replacing it is allowed.
Resolved resolve_target(const std::string& path, const WriteOptions& options) {
    bool force = options.force;
    Resolved r;
    r.target = path;
    struct stat lst {};
    if (::lstat(path.c_str(), &lst) != 0) {
        if (errno == ENOENT) {
            return r;
        }
        throw Error::input("cannot inspect: " + errno_text(errno)).at(path);
    }
    if (S_ISDIR(lst.st_mode)) {
        throw Error::usage("is a directory").at(path);
    }
    if (!force) {
        throw Error::usage(std::string(S_ISLNK(lst.st_mode) ? "a symbolic link" : "file") +
                           " exists; use --force to replace it")
            .at(path);
    }
    if (S_ISLNK(lst.st_mode) && !options.follow_symlink) {
        return r; // the rename replaces the link itself: a new file, with our owner
    }
    if (S_ISLNK(lst.st_mode)) {
        char resolved[PATH_MAX];
        if (::realpath(path.c_str(), resolved) == nullptr) {
            throw Error::input("is a symlink whose target cannot be resolved (" +
                               errno_text(errno) + "); refusing to replace the link")
                .at(path);
        }
        r.target = resolved;
    }
    if (::stat(r.target.c_str(), &r.st) != 0) {
        throw Error::input("cannot inspect: " + errno_text(errno)).at(path);
    }
    if (S_ISDIR(r.st.st_mode)) {
        throw Error::usage("is a directory").at(path);
    }
    if (!S_ISREG(r.st.st_mode)) {
        throw Error::input("is not a regular file; refusing to replace it").at(path);
    }
    if (r.st.st_nlink > 1) {
        throw Error::input("has " + std::to_string(r.st.st_nlink) +
                           " hard links; replacing it would leave the other links with the old "
                           "content (break the links first, e.g. cp FILE FILE.tmp && mv FILE.tmp "
                           "FILE)")
            .at(path);
    }
    r.exists = true;
    return r;
}

void write_all(int fd, std::string_view content) {
    while (!content.empty()) {
        ssize_t n = ::write(fd, content.data(), content.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw errno;
        }
        content.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Renames without replacing: renameat2(RENAME_NOREPLACE), else link()+unlink() on file systems
// without it. Returns 0 or an errno (EEXIST when the target appeared).
int rename_noreplace(const std::string& from, const std::string& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        return errno;
    }
    if (::link(from.c_str(), to.c_str()) != 0) {
        return errno;
    }
    ::unlink(from.c_str());
    return 0;
}

} // namespace

extern "C" void corral_remove_temp_files() noexcept {
    for (int i = 0; i < temp_slots; ++i) {
        if (g_temp_used[i].load()) {
            ::unlink(g_temp_paths[i]);
        }
    }
}

AtomicBatch::~AtomicBatch() {
    for (const auto& s : m_staged) {
        remove_temp(s.temp);
    }
}

void AtomicBatch::stage(const std::string& path, std::string_view content,
                        const WriteOptions& options) {
    Resolved r = resolve_target(path, options);
    std::string dir = dir_of(r.target);
    std::string tmpl = dir + "/." + base_of(r.target) + ".corral-XXXXXX";
    std::string temp;
    int fd;
    {
        SignalBlock block;
        fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
        if (fd < 0) {
            throw Error::input("cannot create a file in " + dir + ": " + errno_text(errno))
                .at(path);
        }
        temp = tmpl;
        register_temp(temp);
    }
    auto fail = [&](const std::string& what, int err) {
        ::close(fd);
        remove_temp(temp);
        return Error::input(what + ": " + errno_text(err)).at(path);
    };
    try {
        write_all(fd, content);
    } catch (int err) {
        throw fail("cannot write", err);
    }
    if (r.exists) {
        // Keep the owner and group: a rename gives the name the temporary file's (ours).
        struct stat tst {};
        if (::fstat(fd, &tst) == 0 && (tst.st_uid != r.st.st_uid || tst.st_gid != r.st.st_gid) &&
            ::fchown(fd, r.st.st_uid, r.st.st_gid) != 0) {
            int err = errno;
            ::close(fd);
            remove_temp(temp);
            throw Error::input("is owned by uid " + std::to_string(r.st.st_uid) + ", gid " +
                               std::to_string(r.st.st_gid) +
                               "; replacing it would change its owner (" + errno_text(err) +
                               "): run as that user or root")
                .at(path);
        }
    }
    // After fchown, which clears set-id bits.
    unsigned mode = r.exists && options.keep_mode ? (r.st.st_mode & 07777) : options.mode;
    if (::fchmod(fd, mode) != 0) {
        throw fail("cannot set mode", errno);
    }
    if (::fsync(fd) != 0) {
        throw fail("cannot sync", errno);
    }
    if (::close(fd) != 0) {
        int err = errno;
        remove_temp(temp);
        throw Error::input("cannot close: " + errno_text(err)).at(path);
    }
    m_staged.push_back({path, r.target, temp, options.force});
}

void AtomicBatch::commit() {
    std::vector<Staged> staged = std::move(m_staged);
    m_staged.clear();
    for (std::size_t i = 0; i < staged.size(); ++i) {
        const Staged& s = staged[i];
        int err = 0;
        {
            SignalBlock block;
            if (s.force) {
                err = ::rename(s.temp.c_str(), s.target.c_str()) == 0 ? 0 : errno;
            } else {
                err = rename_noreplace(s.temp, s.target);
            }
            if (err == 0) {
                unregister_temp(s.temp);
            }
        }
        if (err == 0) {
            m_committed.push_back(s.path);
            continue;
        }
        for (std::size_t k = i; k < staged.size(); ++k) {
            remove_temp(staged[k].temp);
        }
        std::string changed;
        for (const auto& c : m_committed) {
            changed += (changed.empty() ? "" : ", ") + c;
        }
        std::string note = changed.empty() ? std::string()
                                           : " (already replaced: " + changed +
                                                 "; the files "
                                                 "after it were "
                                                 "not changed)";
        if (err == EEXIST) {
            throw Error::usage("file exists; use --force to replace it" + note).at(s.path);
        }
        throw Error::input("cannot rename into place: " + errno_text(err) + note).at(s.path);
    }
    // Make the renames durable: fsync the directories once each.
    std::vector<std::string> dirs;
    for (const auto& s : staged) {
        std::string d = dir_of(s.target);
        if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) {
            dirs.push_back(d);
            int dfd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd >= 0) {
                ::fsync(dfd);
                ::close(dfd);
            }
        }
    }
}

void write_file_atomic(const std::string& path, std::string_view content,
                       const WriteOptions& options) {
    AtomicBatch batch;
    batch.stage(path, content, options);
    batch.commit();
}

} // namespace corral
