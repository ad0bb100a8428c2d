#include "ocf/install.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "ocf/agent_runner.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace corral::ocf {

namespace {

void make_dir(const std::string& path) {
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
        throw Error::input("cannot create " + path + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        throw Error::input(path + " is not a directory");
    }
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
        throw Error::usage("agent '" + o.agent + "' does not exist");
    }
    if (!S_ISREG(st.st_mode)) {
        throw Error::usage("agent '" + o.agent + "' is not a regular file");
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
    make_dir(root + "/resource.d");
    make_dir(root + "/resource.d/" + p);
    std::string target = root + "/resource.d/" + p + "/" + name;
    write_file_atomic(target, in.content, {o.force, 0755});
    return target;
}

} // namespace corral::ocf
