#include "ocf/agent_runner.hpp"

#include "core/error.hpp"
#include "core/io.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace corral::ocf {

std::string ocf_root() {
    const char* r = std::getenv("OCF_ROOT");
    return (r != nullptr && *r != '\0') ? std::string(r) : std::string("/usr/lib/ocf");
}

void require_agent_executable(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        throw Error::input("agent '" + path + "': " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        throw Error::input("agent '" + path + "' is not a regular file");
    }
    if (::access(path.c_str(), X_OK) != 0) {
        throw Error::input("agent '" + path + "' is not executable (chmod 0755)");
    }
}

std::string missing_library_hint(const std::string& agent_stderr) {
    if (agent_stderr.find("ocf-shellfuncs") == std::string::npos) {
        return "";
    }
    std::string lib = ocf_root() + "/lib/heartbeat/ocf-shellfuncs";
    struct stat st {};
    if (::stat(lib.c_str(), &st) == 0) {
        return "";
    }
    const char* env = std::getenv("OCF_ROOT");
    return lib + " does not exist: the agent sources the resource-agents shell library from " +
           "$OCF_ROOT/lib/heartbeat (" +
           (env != nullptr && *env != '\0' ? "OCF_ROOT=" + std::string(env)
                                           : std::string("OCF_ROOT unset")) +
           "; install resource-agents there, or point OCF_ROOT at its root)";
}

std::string unsearchable_directory(const std::string& path, uid_t uid, gid_t gid) {
    std::string abs = path;
    if (abs.empty() || abs[0] != '/') {
        char buf[4096];
        if (::getcwd(buf, sizeof buf) == nullptr) {
            return "";
        }
        abs = std::string(buf) + "/" + abs;
    }
    std::size_t slash = 0;
    while ((slash = abs.find('/', slash + 1)) != std::string::npos) {
        std::string dir = abs.substr(0, slash);
        if (dir.empty()) {
            dir = "/";
        }
        struct stat st {};
        if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
            return "";
        }
        mode_t bit = st.st_uid == uid ? S_IXUSR : st.st_gid == gid ? S_IXGRP : S_IXOTH;
        if ((st.st_mode & bit) == 0) {
            char mode[16];
            std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
            return dir + " (mode " + mode + ")";
        }
    }
    return "";
}

namespace {

std::string absolute(const std::string& path) {
    if (!path.empty() && path[0] == '/') {
        return path;
    }
    char buf[4096];
    if (::getcwd(buf, sizeof buf) == nullptr) {
        return path;
    }
    return std::string(buf) + "/" + path;
}

std::string milliseconds(double seconds) {
    return std::to_string(static_cast<long long>(std::llround(seconds * 1000)));
}

} // namespace

ProcessResult run_agent(const AgentCall& call) {
    ProcessSpec spec;
    std::string agent = absolute(call.agent);
    spec.argv = {agent, call.action};
    spec.env["OCF_ROOT"] = ocf_root();
    spec.env["OCF_RA_VERSION_MAJOR"] = "1";
    spec.env["OCF_RA_VERSION_MINOR"] = "1";
    std::string type = agent.substr(agent.rfind('/') + 1);
    spec.env["OCF_RESOURCE_TYPE"] = type;
    if (call.instance) {
        spec.env["OCF_RESOURCE_INSTANCE"] = *call.instance;
    }
    spec.env["OCF_RESKEY_CRM_meta_timeout"] = milliseconds(call.timeout_seconds);
    spec.env["OCF_EXIT_REASON_PREFIX"] = "ocf-exit-reason:";
    spec.env["HA_LOGFACILITY"] = "none";
    spec.env["HA_logfacility"] = "none";
    // A leftover __OCF_ACTION (ocf-tester exports it, resource-agents #1456) would override $1.
    spec.unset_env = {"__OCF_ACTION", "OCF_RESKEY_CRM_meta_interval", "OCF_CHECK_LEVEL",
                      "OCF_RESOURCE_INSTANCE"};
    spec.kill_group_after_exit = call.kill_group_after;
    spec.cancel = call.cancel;
    if (call.interval_seconds) {
        spec.env["OCF_RESKEY_CRM_meta_interval"] = milliseconds(*call.interval_seconds);
    }
    if (call.check_level) {
        spec.env["OCF_CHECK_LEVEL"] = std::to_string(*call.check_level);
    }
    for (const auto& [k, v] : call.params) {
        spec.env["OCF_RESKEY_" + k] = v;
    }
    for (const auto& [k, v] : call.extra_env) {
        spec.env[k] = v;
    }
    spec.timeout_seconds = call.timeout_seconds;
    spec.kill_grace_seconds = 0; // a runaway action gets KILL at its deadline, as pacemaker-execd
    spec.max_capture_bytes = std::size_t{16} << 20;
    if (call.as_nobody && ::geteuid() == 0) {
        if (const passwd* pw = ::getpwnam("nobody")) {
            spec.uid = pw->pw_uid;
            spec.gid = pw->pw_gid;
            spec.cwd = "/";
        }
    }
    return run_process(spec);
}

std::string agent_metadata_xml(const std::string& agent, double timeout_seconds) {
    require_agent_executable(agent);
    AgentCall call;
    call.agent = agent;
    call.action = "meta-data";
    call.timeout_seconds = timeout_seconds;
    // As crm_resource --show-metadata (Pacemaker 2.1.5, seen in its environment): the instance
    // is the agent's own name, so defaults read what the cluster shows ("Dummy-Dummy.state").
    call.instance = agent.substr(agent.rfind('/') + 1);
    call.kill_group_after = true;
    ProcessResult r = run_agent(call);
    if (!r.ok()) {
        std::string err = missing_library_hint(r.err);
        if (err.empty()) {
            err = r.err.substr(0, r.err.find('\n'));
        }
        throw Error::input("'" + agent + " meta-data' failed (" + r.describe() + ")" +
                           (err.empty() ? "" : ": " + err));
    }
    return r.out;
}

} // namespace corral::ocf

namespace corral::ocf {

std::string resolve_agent(const std::string& arg) {
    struct stat st {};
    if (::stat(arg.c_str(), &st) == 0 || arg.find('/') != std::string::npos) {
        return arg;
    }
    std::string rest = arg;
    if (rest.rfind("ocf:", 0) == 0) {
        rest = rest.substr(4);
    }
    std::size_t colon = rest.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size() ||
        rest.find(':', colon + 1) != std::string::npos) {
        return arg;
    }
    return ocf_root() + "/resource.d/" + rest.substr(0, colon) + "/" + rest.substr(colon + 1);
}

MetadataSource load_metadata_source(const std::string& arg, double timeout_seconds) {
    MetadataSource src;
    if (arg == "-") {
        InputFile in = read_input("-");
        src.name = in.name;
        src.xml = std::move(in.content);
        return src;
    }
    std::string path = resolve_agent(arg);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        throw Error::input("'" + arg + "' does not exist" +
                           (path != arg ? " (" + path + ")" : std::string()));
    }
    if (S_ISDIR(st.st_mode)) {
        throw Error::usage("'" + arg + "' is a directory, not an agent or a meta-data file");
    }
    bool xml_name = path.size() > 4 && path.compare(path.size() - 4, 4, ".xml") == 0;
    if (!xml_name && ::access(path.c_str(), X_OK) == 0) {
        src.name = arg;
        src.xml = agent_metadata_xml(path, timeout_seconds);
        src.from_agent = true;
        return src;
    }
    InputFile in = read_input(path);
    std::size_t first = in.content.find_first_not_of(" \t\r\n");
    if (!xml_name && (first == std::string::npos || in.content[first] != '<')) {
        throw Error::input("agent '" + arg +
                           "' is not executable (chmod 0755), and it is not "
                           "a meta-data XML file");
    }
    src.name = arg;
    src.xml = std::move(in.content);
    return src;
}

std::vector<std::string> expand_agent_inputs(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (const auto& arg : args) {
        struct stat st {};
        if (arg == "-" || ::stat(arg.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
            out.push_back(arg);
            continue;
        }
        std::vector<std::string> found;
        if (DIR* dir = ::opendir(arg.c_str())) {
            while (dirent* e = ::readdir(dir)) {
                std::string name = e->d_name;
                if (name.empty() || name[0] == '.') {
                    continue;
                }
                std::string path = arg + (arg.back() == '/' ? "" : "/") + name;
                struct stat fs {};
                if (::stat(path.c_str(), &fs) != 0 || !S_ISREG(fs.st_mode)) {
                    continue;
                }
                bool xml = name.size() > 4 && name.compare(name.size() - 4, 4, ".xml") == 0;
                if (xml || ::access(path.c_str(), X_OK) == 0) {
                    found.push_back(path);
                }
            }
            ::closedir(dir);
        }
        if (found.empty()) {
            throw Error::usage("directory '" + arg + "' holds no agents or *.xml files");
        }
        std::sort(found.begin(), found.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

} // namespace corral::ocf
