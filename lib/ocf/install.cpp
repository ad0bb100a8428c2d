#include "ocf/install.hpp"

#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "ocf/agent_runner.hpp"

#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace corral::ocf {

namespace {

// An open directory descriptor, closed on scope exit.
class DirFd {
public:
    explicit DirFd(int fd = -1) : m_fd(fd) {}
    ~DirFd() { reset(); }
    DirFd(const DirFd&) = delete;
    DirFd& operator=(const DirFd&) = delete;
    void reset(int fd = -1) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = fd;
    }
    int get() const { return m_fd; }
    int release() {
        int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd;
};

std::deque<std::string> split_path(const std::string& path) {
    std::deque<std::string> parts;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        std::size_t slash = path.find('/', pos);
        std::string part = path.substr(pos, slash == std::string::npos ? slash : slash - pos);
        if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string::npos) {
            break;
        }
        pos = slash + 1;
    }
    return parts;
}

// Opens a directory by walking it one component at a time with openat(O_NOFOLLOW) (issue 15): a
// symbolic link on the way is followed only when root (or we) own it, since anyone who owns a
// link in the chain could point the install anywhere. With `create`, missing components are made
// (mode 0755). `shown` is the path as the user gave it, for messages.
int open_directory_chain(const std::string& path, bool create, const std::string& shown) {
    std::string abs = path;
    if (abs.empty() || abs[0] != '/') {
        char buf[4096];
        if (::getcwd(buf, sizeof buf) == nullptr) {
            throw Error::input("cannot read the current directory: " +
                               std::string(std::strerror(errno)));
        }
        abs = std::string(buf) + "/" + abs;
    }
    DirFd dir(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) {
        throw Error::input("cannot open /: " + std::string(std::strerror(errno)));
    }
    std::deque<std::string> rest = split_path(abs);
    std::string walked;
    int links = 0;
    while (!rest.empty()) {
        std::string part = rest.front();
        rest.pop_front();
        std::string here = walked + "/" + part;
        struct stat st {};
        if (::fstatat(dir.get(), part.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno != ENOENT || !create) {
                throw Error::input(here + ": " + std::strerror(errno)).at(shown);
            }
            if (::mkdirat(dir.get(), part.c_str(), 0755) != 0 && errno != EEXIST) {
                throw Error::input("cannot create " + here + ": " + std::strerror(errno)).at(shown);
            }
            if (::fstatat(dir.get(), part.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
                throw Error::input(here + ": " + std::strerror(errno)).at(shown);
            }
        }
        if (S_ISLNK(st.st_mode)) {
            if (st.st_uid != 0 && st.st_uid != ::geteuid()) {
                throw Error::input(here + " is a symbolic link owned by uid " +
                                   std::to_string(st.st_uid) +
                                   ", not root: refusing to install through it")
                    .at(shown);
            }
            if (++links > 40) {
                throw Error::input(here + ": too many levels of symbolic links").at(shown);
            }
            char target[4096];
            ssize_t n = ::readlinkat(dir.get(), part.c_str(), target, sizeof target - 1);
            if (n < 0) {
                throw Error::input(here + ": " + std::strerror(errno)).at(shown);
            }
            target[n] = '\0';
            std::deque<std::string> parts = split_path(target);
            rest.insert(rest.begin(), parts.begin(), parts.end());
            if (target[0] == '/') { // walk the link's target from the top, each part checked
                dir.reset(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
                walked.clear();
            }
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            throw Error::input(here + " is not a directory").at(shown);
        }
        int next =
            ::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) {
            throw Error::input("cannot open " + here + ": " + std::strerror(errno)).at(shown);
        }
        dir.reset(next);
        walked = part == ".." ? walked.substr(0, walked.rfind('/')) : here;
    }
    return dir.release();
}

// The path of an open directory as the kernel resolved it (no symbolic links left), so that the
// write lands in the directory open_directory_chain checked; `fallback` when /proc is absent.
std::string directory_path(int dirfd, const std::string& fallback) {
    char buf[4096];
    std::string link = "/proc/self/fd/" + std::to_string(dirfd);
    ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
    if (n <= 0 || buf[0] != '/') {
        return fallback;
    }
    return std::string(buf, static_cast<std::size_t>(n));
}

} // namespace

std::string install_agent(const InstallOptions& o) {
    const std::string& p = o.provider;
    if (p.empty() || p == "." || p == ".." || p.find('/') != std::string::npos ||
        p.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
            std::string::npos) {
        throw Error::usage("--provider '" + p +
                           "' must be letters, digits, '_', '-', '.' (no '/')");
    }
    struct stat st {};
    if (::stat(o.agent.c_str(), &st) != 0) {
        throw Error::input("agent '" + o.agent + "': " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        throw Error::input("agent '" + o.agent + "' is not a regular file");
    }
    InputFile in = read_input(o.agent);
    if (in.content.rfind("#!", 0) != 0 && in.content.rfind("\x7f"
                                                           "ELF",
                                                           0) != 0) {
        throw Error::input("agent '" + o.agent + "' is neither a script (#!) nor an executable");
    }
    std::string root = o.root.empty() ? ocf_root() : o.root;
    struct stat rs {};
    if (::stat(root.c_str(), &rs) != 0 || !S_ISDIR(rs.st_mode)) {
        throw Error::usage("OCF root '" + root + "' is not a directory");
    }
    std::string name = o.agent.substr(o.agent.rfind('/') + 1);
    std::string target = root + "/resource.d/" + p + "/" + name;
    std::string provider_dir = root + "/resource.d/" + p;
    DirFd dir(open_directory_chain(provider_dir, true, provider_dir));
    // core's atomic write (issue 15): a temporary file removed on SIGINT/SIGTERM, the owner of a
    // replaced agent kept, renameat2(RENAME_NOREPLACE) without --force, and any entry at the
    // target (a dangling symbolic link too) counts as existing; a link there is replaced, never
    // written through. Mode 0755 (SPEC §1), whatever the replaced file had.
    WriteOptions options;
    options.force = o.force;
    options.mode = 0755;
    options.follow_symlink = false;
    try {
        write_file_atomic(directory_path(dir.get(), provider_dir) + "/" + name, in.content,
                          options);
    } catch (Error& e) {
        e.at(target); // as the user named it
        throw;
    }
    return target;
}

std::string hacluster_reach_warning(const std::string& installed) {
    const passwd* pw = ::getpwnam("hacluster");
    if (pw == nullptr) {
        return "";
    }
    std::string dir = unsearchable_directory(installed, pw->pw_uid, pw->pw_gid);
    if (dir.empty()) {
        return "";
    }
    return "user hacluster cannot reach " + installed + ": directory " + dir +
           " is not searchable by it; Pacemaker's controller reads meta-data as hacluster, and "
           "without it reloads become restarts (chmod o+x)";
}

} // namespace corral::ocf
