#include "ocf/install.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "ocf/agent_runner.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <pwd.h>
#include <random>
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

// Writes `content` as `name` in `dirfd`: a temporary file (O_EXCL, O_NOFOLLOW), mode 0755,
// fsync, then renameat2(RENAME_NOREPLACE) unless force: no check-then-rename window.
void write_into(int dirfd, const std::string& name, const std::string& content, bool force,
                const std::string& target) {
    struct stat st {};
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISDIR(st.st_mode)) {
            throw Error::usage("is a directory").at(target);
        }
        if (!force) { // any entry counts, a dangling symbolic link too
            throw Error::usage(std::string(S_ISLNK(st.st_mode) ? "a symbolic link" : "file") +
                               " exists; use --force to replace it")
                .at(target);
        }
    }
    std::random_device rd;
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(rd()));
        tmp = "." + name + ".corral-" + suffix;
        fd = ::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                      0600);
        if (fd < 0 && errno != EEXIST) {
            break;
        }
    }
    if (fd < 0) {
        throw Error::input("cannot create a temporary file: " + std::string(std::strerror(errno)))
            .at(target);
    }
    auto fail = [&](const std::string& what) {
        int err = errno;
        ::close(fd);
        ::unlinkat(dirfd, tmp.c_str(), 0);
        return Error::input(what + ": " + std::strerror(err)).at(target);
    };
    std::string_view rest = content;
    while (!rest.empty()) {
        ssize_t n = ::write(fd, rest.data(), rest.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw fail("cannot write");
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fchmod(fd, 0755) != 0) {
        throw fail("cannot set mode");
    }
    if (::fsync(fd) != 0) {
        throw fail("cannot sync");
    }
    ::close(fd);
    int rc = ::renameat2(dirfd, tmp.c_str(), dirfd, name.c_str(), force ? 0 : RENAME_NOREPLACE);
    if (rc != 0 && errno == EINVAL && !force) {
        // A file system without RENAME_NOREPLACE: link(2) never replaces either.
        rc = ::linkat(dirfd, tmp.c_str(), dirfd, name.c_str(), 0);
        if (rc == 0) {
            ::unlinkat(dirfd, tmp.c_str(), 0);
        }
    }
    if (rc != 0) {
        int err = errno;
        ::unlinkat(dirfd, tmp.c_str(), 0);
        if (err == EEXIST) {
            throw Error::usage("file exists; use --force to replace it").at(target);
        }
        throw Error::input("cannot rename into place: " + std::string(std::strerror(err)))
            .at(target);
    }
    ::fsync(dirfd);
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
    DirFd dir(open_directory_chain(root + "/resource.d/" + p, true, root + "/resource.d/" + p));
    write_into(dir.get(), name, in.content, o.force, target);
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
