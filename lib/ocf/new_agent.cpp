#include "ocf/new_agent.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "ocf/agent_runner.hpp"
#include "ocf/generate.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace corral::ocf {

namespace {

void set_if(std::string& field, const std::optional<std::string>& flag) {
    if (flag && !flag->empty()) {
        field = *flag;
    }
}

// mkdir -p: generators create their output directory (issue 13).
void make_directories(const std::string& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            throw Error::usage("--out '" + dir + "' exists and is not a directory");
        }
        return;
    }
    std::size_t slash = dir.find_last_of('/', dir.find_last_not_of('/'));
    if (slash != std::string::npos && slash > 0) {
        make_directories(dir.substr(0, slash));
    }
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
        throw Error::input("--out: cannot create directory '" + dir + "': " + std::strerror(errno));
    }
}

} // namespace

AgentSpec build_agent_spec(const NewRequest& r) {
    AgentSpec spec;
    ErrorKind kind = ErrorKind::usage;
    std::string from = r.from.value_or("");
    if (!from.empty()) {
        spec = load_agent_spec(from);
        kind = ErrorKind::input;
    }
    set_if(spec.name, r.name);
    set_if(spec.provider, r.provider);
    set_if(spec.exec, r.exec);
    set_if(spec.pidfile, r.pidfile);
    set_if(spec.user, r.user);
    set_if(spec.health_cmd, r.health_cmd);
    set_if(spec.systemd, r.systemd);
    set_if(spec.ocf_version, r.ocf_version);
    set_if(spec.description, r.description);
    spec.promotable = spec.promotable || r.promotable;
    spec.notify = spec.notify || r.notify;
    spec.reload = spec.reload || r.reload;
    spec.migrate = spec.migrate || r.migrate;
    for (const auto& t : r.timeouts) {
        auto [action, seconds] = parse_timeout_spec(t);
        spec.timeouts[action] = seconds;
    }
    for (const auto& p : r.params) {
        spec.params.push_back(parse_param_spec(p));
    }
    try {
        finalize_spec(spec, kind);
    } catch (Error& e) {
        if (!from.empty() && e.file().empty()) {
            e.at(from);
        }
        throw;
    }
    return spec;
}

Report run_new(const NewRequest& r) {
    AgentSpec spec = build_agent_spec(r);
    std::string out = r.out.value_or(".");
    if (out.empty()) {
        throw Error::usage("--out needs a directory");
    }
    make_directories(out);
    std::string path = out + (out.back() == '/' ? "" : "/") + spec.name;
    write_file_atomic(path, generate_agent(spec), {r.force, 0755});

    std::string install = ocf_root() + "/resource.d/" + spec.provider + "/" + spec.name;
    std::string test = "corral ocf test " + path;
    for (const auto& p : spec.params) {
        if (p.required) {
            test += " --param " + p.name + "=<" + p.name + ">";
        }
    }
    std::string install_cmd = "corral ocf install " + path + " --provider " + spec.provider;
    std::string pcs = pcs_create_command(spec);
    Report report;
    Json& j = report.data;
    j["path"] = path;
    j["name"] = spec.name;
    j["provider"] = spec.provider;
    j["mode"] = spec.mode();
    j["ocf_version"] = spec.ocf_version;
    j["install_path"] = install;
    j["test"] = test;
    j["install"] = install_cmd;
    j["pcs"] = pcs;
    report.text = "wrote " + path + " (" + spec.mode() + " agent, OCF " + spec.ocf_version + ")\n";
    if (!r.quiet) {
        report.text += "next steps:\n  " + test + "\n  " + install_cmd + "    # -> " + install +
                       "\n  " + pcs + "\n";
    }
    return report;
}

} // namespace corral::ocf
