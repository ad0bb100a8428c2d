#include "ocf/generate.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <vector>

extern const char corral_ocf_agent_template[];
extern const unsigned long corral_ocf_agent_template_size;

#ifndef CORRAL_VERSION
#define CORRAL_VERSION "0.1.0"
#endif

namespace corral::ocf {

std::string_view agent_template() {
    return {corral_ocf_agent_template, corral_ocf_agent_template_size};
}

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string heredoc_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '$' || c == '`' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string render_template(std::string_view tmpl, const std::set<std::string>& flags,
                            const std::map<std::string, std::string>& values) {
    std::string out;
    std::vector<bool> active_stack; // one entry per open #%if: is this branch active?
    auto active = [&active_stack] {
        return std::all_of(active_stack.begin(), active_stack.end(), [](bool b) { return b; });
    };
    std::size_t pos = 0;
    int line_no = 0;
    while (pos < tmpl.size()) {
        std::size_t nl = tmpl.find('\n', pos);
        std::string_view line = tmpl.substr(pos, nl == std::string_view::npos ? nl : nl - pos + 1);
        pos = nl == std::string_view::npos ? tmpl.size() : nl + 1;
        ++line_no;
        std::string_view body = line.substr(0, line.find_last_not_of("\r\n") + 1);
        if (body.rfind("#%", 0) == 0) {
            std::string_view d = body.substr(2);
            if (d.rfind("#", 0) == 0) {
                continue;
            }
            if (d.rfind("if ", 0) == 0) {
                std::string_view f = d.substr(3);
                bool negate = !f.empty() && f[0] == '!';
                std::string flag(negate ? f.substr(1) : f);
                active_stack.push_back((flags.count(flag) != 0) != negate);
            } else if (d == "else" && !active_stack.empty()) {
                active_stack.back() = !active_stack.back();
            } else if (d == "endif" && !active_stack.empty()) {
                active_stack.pop_back();
            } else {
                throw Error::internal("agent template line " + std::to_string(line_no) +
                                      ": bad directive '" + std::string(body) + "'");
            }
            continue;
        }
        if (!active()) {
            continue;
        }
        std::size_t i = 0;
        while (true) {
            std::size_t open = line.find("@@", i);
            if (open == std::string_view::npos) {
                out.append(line.substr(i));
                break;
            }
            std::size_t close = line.find("@@", open + 2);
            if (close == std::string_view::npos) {
                throw Error::internal("agent template line " + std::to_string(line_no) +
                                      ": unterminated @@");
            }
            std::string key(line.substr(open + 2, close - open - 2));
            auto it = values.find(key);
            if (it == values.end()) {
                throw Error::internal("agent template line " + std::to_string(line_no) +
                                      ": no value for @@" + key + "@@");
            }
            out.append(line.substr(i, open - i));
            out += it->second;
            i = close + 2;
        }
    }
    if (!active_stack.empty()) {
        throw Error::internal("agent template: unterminated #%if");
    }
    return out;
}

namespace {

const std::map<std::string, int> default_timeouts = {
    {"start", 20},        {"stop", 20},     {"monitor", 20},      {"promote", 10},
    {"demote", 10},       {"notify", 5},    {"reload-agent", 10}, {"migrate_to", 20},
    {"migrate_from", 20}, {"meta-data", 5}, {"validate-all", 10}};

std::string humanize(const std::string& name) {
    std::string out = name;
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    }
    return out;
}

std::string meta_type(const ParamSpec& p, bool v11) {
    if (p.type == "integer" || p.type == "boolean") {
        return p.type;
    }
    if (p.type == "select" && v11) {
        return "select";
    }
    return "string";
}

std::string longdesc_of(const ParamSpec& p) {
    std::string d = p.description.empty() ? humanize(p.name) : p.description;
    if (p.type == "path") {
        d += " (absolute path)";
    } else if (p.type == "file") {
        d += " (absolute path of a readable file)";
    } else if (p.type == "binary") {
        d += " (a program found on PATH)";
    } else if (p.type == "select") {
        d += " (one of:";
        for (const auto& o : p.options) {
            d += " " + o;
        }
        d += ")";
    }
    return d;
}

// A built-in parameter whose default is shell text evaluated by the agent (HA_RSCTMP...).
struct Builtin {
    std::string name;
    std::string default_shell; // inside double quotes
    std::string shortdesc;
    std::string longdesc;
};

std::string param_xml(const ParamSpec& p, bool v11, bool has_default) {
    std::string x = "<parameter name=\"" + p.name + "\"";
    if (p.unique) {
        x += " unique=\"1\"";
    }
    if (p.required) {
        x += " required=\"1\"";
    }
    if (p.reloadable && v11) {
        x += " reloadable=\"1\"";
    }
    x += ">\n<longdesc lang=\"en\">" + heredoc_escape(xml_escape(longdesc_of(p))) +
         "</longdesc>\n<shortdesc lang=\"en\">" +
         heredoc_escape(xml_escape(p.description.empty() ? humanize(p.name) : p.description)) +
         "</shortdesc>\n<content type=\"" + meta_type(p, v11) + "\"";
    if (has_default) {
        x += " default=\"${OCF_RESKEY_" + p.name + "_default}\"";
    }
    if (meta_type(p, v11) == "select") {
        x += ">\n";
        for (const auto& o : p.options) {
            x += "<option value=\"" + xml_escape(o) + "\" />\n";
        }
        x += "</content>\n";
    } else {
        x += " />\n";
    }
    return x + "</parameter>";
}

// Double-quoted shell text of a literal.
std::string dq(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '$' || c == '`' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string validate_check(const ParamSpec& p) {
    std::string v = "\"$OCF_RESKEY_" + p.name + "\"";
    std::string out;
    auto fail = [](const std::string& reason, const char* rc) {
        return "\t\tocf_exit_reason " + reason + "\n\t\treturn \"$" + rc + "\"\n";
    };
    if (p.required) {
        out += "\tif [ -z " + v + " ]; then\n" +
               fail(dq("required parameter " + p.name + " is not set"), "OCF_ERR_CONFIGURED") +
               "\tfi\n";
    }
    std::string msg_value = "'$OCF_RESKEY_" + p.name + "'";
    if (p.type == "integer") {
        // Empty is allowed for an optional parameter; "-" alone, or a "-" inside, is not.
        out += "\tcase " + v + " in\n\t'') ;;\n\t-|*[!0-9-]*|?*-*)\n" +
               fail("\"" + p.name + " must be an integer, not " + msg_value + "\"",
                    "OCF_ERR_CONFIGURED") +
               "\t\t;;\n\tesac\n";
    } else if (p.type == "boolean") {
        out += "\tcase " + v +
               " in\n\t''|1|0|[Yy][Ee][Ss]|[Nn][Oo]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Oo][Nn]|"
               "[Oo][Ff][Ff]) ;;\n\t*)\n" +
               fail("\"" + p.name + " must be a boolean (yes/no, true/false, 1/0), not " +
                        msg_value + "\"",
                    "OCF_ERR_CONFIGURED") +
               "\t\t;;\n\tesac\n";
    } else if (p.type == "path" || p.type == "file") {
        out += "\tcase " + v + " in\n\t''|/*) ;;\n\t*)\n" +
               fail("\"" + p.name + " must be an absolute path, not " + msg_value + "\"",
                    "OCF_ERR_CONFIGURED") +
               "\t\t;;\n\tesac\n";
        if (p.type == "file") {
            out +=
                "\tif [ -n " + v + " ] && [ ! -e " + v + " ]; then\n" +
                fail("\"" + p.name + ": " + msg_value + " does not exist\"", "OCF_ERR_INSTALLED") +
                "\tfi\n\tif [ -n " + v + " ] && [ ! -r " + v + " ]; then\n" +
                fail("\"" + p.name + ": " + msg_value + " is not readable\"", "OCF_ERR_PERM") +
                "\tfi\n";
        }
    } else if (p.type == "binary") {
        out += "\tif [ -n " + v + " ] && ! command -v " + v + " >/dev/null 2>&1; then\n" +
               fail("\"" + p.name + ": " + msg_value + " is not installed\"", "OCF_ERR_INSTALLED") +
               "\tfi\n";
    } else if (p.type == "select") {
        std::string alts = "''";
        for (const auto& o : p.options) {
            alts += "|" + shell_quote(o);
        }
        out += "\tcase " + v + " in\n\t" + alts + ") ;;\n\t*)\n" +
               fail(
                   "\"" + p.name + " must be one of " +
                       [&p] {
                           std::string s;
                           for (const auto& o : p.options) {
                               s += (s.empty() ? "" : ", ") + o;
                           }
                           return s;
                       }() +
                       ", not " + msg_value + "\"",
                   "OCF_ERR_CONFIGURED") +
               "\t\t;;\n\tesac\n";
    }
    return out;
}

std::string first_word(const std::string& cmd) {
    std::size_t b = cmd.find_first_not_of(" \t");
    if (b == std::string::npos) {
        return "";
    }
    std::size_t e = cmd.find_first_of(" \t", b);
    std::string w = cmd.substr(b, e == std::string::npos ? e : e - b);
    // A word with shell syntax cannot be checked statically.
    if (w.find_first_of("$`'\"\\;&|<>(){}*?[]=") != std::string::npos) {
        return "";
    }
    return w;
}

} // namespace

std::string generate_agent(const AgentSpec& s) {
    const bool v11 = s.ocf_version == "1.1";
    std::set<std::string> flags;
    std::string mode = s.mode();
    flags.insert(mode == "daemon" ? "DAEMON" : mode == "systemd" ? "SYSTEMD" : "STATE");
    auto flag = [&flags](bool on, const char* name) {
        if (on) {
            flags.insert(name);
        }
    };
    flag(v11, "V11");
    flag(s.promotable, "PROMOTABLE");
    flag(s.notify, "NOTIFY");
    flag(s.reload, "RELOAD");
    flag(s.migrate, "MIGRATE");
    flag(!s.health_cmd.empty(), "HEALTH");
    flag(!s.user.empty(), "USER");

    std::map<std::string, std::string> v;
    v["NAME"] = s.name;
    v["PROVIDER"] = s.provider;
    v["CORRAL_VERSION"] = CORRAL_VERSION;
    v["MODE"] = mode == "daemon"    ? "daemon (" + s.exec + ")"
                : mode == "systemd" ? "systemd unit " + s.systemd
                                    : "state file";
    std::replace(v["MODE"].begin(), v["MODE"].end(), '\n', ' ');
    v["SHORTDESC"] = s.description;
    v["SHORTDESC_XML"] = heredoc_escape(xml_escape(s.description));
    std::string longdesc = s.longdesc;
    if (longdesc.empty()) {
        longdesc = s.description + ".";
        if (mode == "daemon") {
            longdesc += "\nStarts '" + s.exec + "' in the background" +
                        (s.user.empty() ? "" : " as user " + s.user) +
                        ", records its pid in the pid file, and checks it with kill -0.";
        } else if (mode == "systemd") {
            longdesc += "\nStarts and stops the systemd unit " + s.systemd +
                        " and monitors it with systemctl is-active.";
        } else {
            longdesc += "\nKeeps its state in a file: it runs wherever that file exists.";
        }
        if (!s.health_cmd.empty()) {
            longdesc += "\nThe deep monitor (OCF_CHECK_LEVEL 10) runs: " + s.health_cmd;
        }
    }
    v["LONGDESC_XML"] = heredoc_escape(xml_escape(longdesc));
    v["AGENT_VERSION"] = heredoc_escape(xml_escape(s.agent_version));
    v["OCF_VERSION"] = s.ocf_version;
    v["EXEC_QUOTED"] = shell_quote(s.exec);
    v["EXEC_BINARY_QUOTED"] = shell_quote(first_word(s.exec));
    v["USER_QUOTED"] = shell_quote(s.user);
    v["SYSTEMD_QUOTED"] = shell_quote(s.systemd);
    v["HEALTH_QUOTED"] = shell_quote(s.health_cmd);
    v["ROLE_PROMOTED"] = v11 ? "Promoted" : "Master";
    v["ROLE_UNPROMOTED"] = v11 ? "Unpromoted" : "Slave";
    v["INTERVAL_monitor"] = "10";
    v["INTERVAL_promoted"] = "9";
    v["INTERVAL_deep"] = "30";
    for (const auto& [action, seconds] : default_timeouts) {
        auto it = s.timeouts.find(action);
        v["TIMEOUT_" + action] = std::to_string(it != s.timeouts.end() ? it->second : seconds);
    }

    // Parameters: the built-in one of the mode first, then the user's.
    std::string defaults;
    std::string xml;
    std::string checks;
    std::string reloadable;
    auto add_builtin = [&](const std::string& name, const std::string& default_shell,
                           const std::string& shortdesc, const std::string& ld) {
        defaults += "OCF_RESKEY_" + name + "_default=\"" + default_shell + "\"\n";
        defaults += ": \"${OCF_RESKEY_" + name + "=${OCF_RESKEY_" + name + "_default}}\"\n";
        xml += "<parameter name=\"" + name + "\" unique=\"1\">\n<longdesc lang=\"en\">" +
               heredoc_escape(xml_escape(ld)) + "</longdesc>\n<shortdesc lang=\"en\">" +
               heredoc_escape(xml_escape(shortdesc)) + "</shortdesc>\n<content type=\"string\" " +
               "default=\"${OCF_RESKEY_" + name + "_default}\" />\n</parameter>\n";
    };
    if (mode == "daemon") {
        std::string d = s.pidfile.empty()
                            ? "${HA_RSCTMP}/" + s.name + "-${OCF_RESOURCE_INSTANCE}.pid"
                            : dq(s.pidfile).substr(1, dq(s.pidfile).size() - 2);
        add_builtin("pidfile", d, "Pid file",
                    "Absolute path of the file holding the daemon's process id.");
    } else if (mode == "state") {
        add_builtin("state", "${HA_RSCTMP}/" + s.name + "-${OCF_RESOURCE_INSTANCE}.state",
                    "State file",
                    "Absolute path of the file whose existence means the resource runs.");
    }
    for (const auto& p : s.params) {
        bool has_default = p.default_value.has_value() || !p.required;
        if (p.default_value) {
            defaults += "OCF_RESKEY_" + p.name + "_default=" + dq(*p.default_value) + "\n";
        } else if (has_default) {
            defaults += "OCF_RESKEY_" + p.name + "_default=\"\"\n";
        }
        if (has_default) {
            defaults += ": \"${OCF_RESKEY_" + p.name + "=${OCF_RESKEY_" + p.name + "_default}}\"\n";
        } else {
            defaults += ": \"${OCF_RESKEY_" + p.name + "=}\"\n";
        }
        if (mode == "daemon" || !s.health_cmd.empty()) {
            // The daemon and the health command (sh -c) see parameters only when exported.
            defaults += "export OCF_RESKEY_" + p.name + "\n";
        }
        xml += param_xml(p, v11, has_default) + "\n";
        checks += validate_check(p);
        if (p.reloadable) {
            reloadable += " " + p.name + "=$OCF_RESKEY_" + p.name;
        }
    }
    if (!xml.empty() && xml.back() == '\n') {
        xml.pop_back();
    }
    if (!defaults.empty() && defaults.back() == '\n') {
        defaults.pop_back();
    }
    if (!checks.empty() && checks.back() == '\n') {
        checks.pop_back();
    }
    v["PARAM_DEFAULTS"] = defaults;
    v["PARAM_XML"] = xml;
    v["VALIDATE_CHECKS"] = checks.empty() ? "\t:" : checks;
    v["RELOADABLE_LIST"] = reloadable.empty() ? " (none marked reloadable)" : reloadable;

    std::vector<std::string> actions = {"start", "stop", "monitor", "validate-all"};
    if (s.promotable) {
        actions.insert(actions.end(), {"promote", "demote"});
    }
    if (s.notify) {
        actions.push_back("notify");
    }
    if (s.reload) {
        actions.push_back("reload-agent");
    }
    if (s.migrate) {
        actions.insert(actions.end(), {"migrate_to", "migrate_from"});
    }
    std::string pattern;
    for (const auto& a : actions) {
        pattern += (pattern.empty() ? "" : "|") + a;
    }
    v["ACTION_PATTERN"] = pattern;
    v["ACTION_LIST"] = pattern + "|meta-data|usage";
    return render_template(agent_template(), flags, v);
}

std::string pcs_create_command(const AgentSpec& s) {
    std::string id = lower(s.name);
    std::string cmd = "pcs resource create " + id + " ocf:" + s.provider + ":" + s.name;
    for (const auto& p : s.params) {
        if (p.required) {
            cmd += " " + p.name + "=<" + p.name + ">";
        }
    }
    cmd += " op monitor interval=10s";
    if (!s.health_cmd.empty()) {
        cmd += " op monitor interval=30s OCF_CHECK_LEVEL=10";
    }
    if (s.promotable) {
        cmd += " promotable";
        if (s.notify) {
            cmd += " notify=true";
        }
    } else if (s.notify) {
        cmd += " clone notify=true";
    }
    return cmd;
}

} // namespace corral::ocf
