#include "ocf/agent_spec.hpp"

#include "core/io.hpp"
#include "core/strings.hpp"
#include "core/yaml.hpp"

#include <algorithm>
#include <set>

namespace corral::ocf {

namespace {

const std::vector<std::string> param_types = {"string", "integer", "boolean", "path",
                                              "file",   "binary",  "select"};

// Names the agent itself defines: a parameter of that name would collide.
const std::set<std::string> reserved_params = {"pidfile",         "state",    "OCF_CHECK_LEVEL",
                                               "crm_feature_set", "trace_ra", "trace_dir"};

// Flag and spec fields are trimmed of blanks only.
constexpr std::string_view blanks = " \t";

bool is_integer(const std::string& s) {
    std::size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
    return i < s.size() && s.size() <= 19 &&
           std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

bool is_boolean(const std::string& s) {
    static const std::set<std::string> words = {"yes", "no",  "true", "false", "1",    "0",
                                                "on",  "off", "YES",  "NO",    "TRUE", "FALSE",
                                                "ON",  "OFF", "True", "False"};
    return words.count(s) != 0;
}

// Characters that cannot travel safely through the generated shell and XML as a literal.
bool printable(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f; });
}

Error make_error(ErrorKind kind, const std::string& message) {
    return Error(kind, message);
}

void check_param(const ParamSpec& p, ErrorKind kind, const std::string& where) {
    if (!is_shell_identifier(p.name)) {
        throw make_error(kind, where + "parameter name '" + p.name +
                                   "' must be a shell identifier ([A-Za-z_][A-Za-z0-9_]*)");
    }
    if (p.name.rfind("CRM_meta", 0) == 0 || reserved_params.count(p.name) != 0) {
        throw make_error(kind, where + "parameter name '" + p.name + "' is reserved");
    }
    if (std::find(param_types.begin(), param_types.end(), p.type) == param_types.end()) {
        std::string hint = did_you_mean(p.type, param_types);
        throw make_error(kind, where + "unknown type '" + p.type + "' (" +
                                   (hint.empty() ? "" : "did you mean '" + hint + "'? ") +
                                   "types: string, integer, boolean, path, file, binary, "
                                   "select(a|b))");
    }
    if (p.type == "select" && p.options.empty()) {
        throw make_error(kind, where + "select needs options: " + p.name + ":select(a|b)");
    }
    for (const auto& o : p.options) {
        if (o.empty() || !printable(o) || o.find_first_of("|\"'\\$`<>&") != std::string::npos) {
            throw make_error(kind, where + "select option '" + o + "' of " + p.name +
                                       " must be plain text");
        }
    }
    if (!printable(p.description)) {
        throw make_error(kind, where + "description of " + p.name + " has control characters");
    }
    if (!p.default_value) {
        return;
    }
    const std::string& d = *p.default_value;
    if (!printable(d)) {
        throw make_error(kind, where + "default of " + p.name + " has control characters");
    }
    if (p.required) {
        throw make_error(kind, where + "parameter " + p.name +
                                   " is required, so a default would never be used");
    }
    if (d.empty()) {
        return;
    }
    if (p.type == "integer" && !is_integer(d)) {
        throw make_error(kind, where + "default '" + d + "' of integer parameter " + p.name +
                                   " is not an integer");
    }
    if (p.type == "boolean" && !is_boolean(d)) {
        throw make_error(kind, where + "default '" + d + "' of boolean parameter " + p.name +
                                   " is not a boolean (true/false, yes/no, 1/0)");
    }
    if ((p.type == "path" || p.type == "file") && d[0] != '/') {
        throw make_error(kind, where + "default '" + d + "' of " + p.type + " parameter " + p.name +
                                   " must be an absolute path");
    }
    if (p.type == "select" && std::find(p.options.begin(), p.options.end(), d) == p.options.end()) {
        throw make_error(kind,
                         where + "default '" + d + "' of " + p.name + " is not one of its options");
    }
}

} // namespace

bool is_shell_identifier(const std::string& s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

ParamSpec parse_param_spec(const std::string& text, ErrorKind kind) {
    if (text.size() > 4096) {
        throw make_error(kind, "--param: spec longer than 4096 characters");
    }
    ParamSpec p;
    std::string rest = text;
    // Flags are trailing ",word" items; the default may itself contain commas.
    while (true) {
        std::size_t comma = rest.rfind(',');
        if (comma == std::string::npos) {
            break;
        }
        std::string flag = trim(rest.substr(comma + 1), blanks);
        if (flag == "required") {
            p.required = true;
        } else if (flag == "unique") {
            p.unique = true;
        } else if (flag == "reloadable") {
            p.reloadable = true;
        } else {
            std::size_t eq = rest.find('=');
            if (eq == std::string::npos || eq > comma) {
                std::string hint = did_you_mean(
                    flag, std::vector<std::string>{"required", "unique", "reloadable"});
                throw make_error(kind, "--param '" + text + "': unknown flag '" + flag + "'" +
                                           (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
            }
            break; // part of the default value
        }
        rest.erase(comma);
    }
    std::size_t eq = rest.find('=');
    std::string head = eq == std::string::npos ? rest : rest.substr(0, eq);
    if (eq != std::string::npos) {
        p.default_value = rest.substr(eq + 1);
    }
    std::size_t colon = head.find(':');
    p.name = trim(head.substr(0, colon), blanks);
    if (colon != std::string::npos) {
        std::string type = trim(head.substr(colon + 1), blanks);
        std::size_t open = type.find('(');
        if (open != std::string::npos) {
            if (type.back() != ')') {
                throw make_error(kind, "--param '" + text + "': missing ')' after select options");
            }
            std::string list = type.substr(open + 1, type.size() - open - 2);
            type = trim(type.substr(0, open), blanks);
            std::size_t start = 0;
            while (true) {
                std::size_t bar = list.find('|', start);
                p.options.push_back(trim(list.substr(start, bar - start), blanks));
                if (bar == std::string::npos) {
                    break;
                }
                start = bar + 1;
            }
            if (type != "select") {
                throw make_error(kind, "--param '" + text + "': only select takes options");
            }
        }
        if (type.empty()) {
            throw make_error(kind, "--param '" + text + "': empty type after ':'");
        }
        p.type = type;
    }
    check_param(p, kind, "--param '" + text + "': ");
    return p;
}

const std::vector<std::string>& timeout_actions() {
    static const std::vector<std::string> a = {
        "start",        "stop",       "monitor",      "promote",   "demote",      "notify",
        "reload-agent", "migrate_to", "migrate_from", "meta-data", "validate-all"};
    return a;
}

std::pair<std::string, int> parse_timeout_spec(const std::string& text, ErrorKind kind) {
    std::size_t eq = text.find('=');
    if (eq == std::string::npos) {
        throw make_error(kind, "--timeout '" + text + "': expected ACTION=SECONDS");
    }
    std::string action = trim(text.substr(0, eq), blanks);
    std::string value = trim(text.substr(eq + 1), blanks);
    if (!value.empty() && value.back() == 's') {
        value.pop_back();
    }
    const auto& actions = timeout_actions();
    if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
        std::string hint = did_you_mean(action, actions);
        throw make_error(kind, "--timeout '" + text + "': unknown action '" + action + "'" +
                                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    if (!is_integer(value) || value[0] == '-' || value.size() > 6 || std::stol(value) < 1) {
        throw make_error(kind, "--timeout '" + text + "': seconds must be a positive integer");
    }
    return {action, static_cast<int>(std::stol(value))};
}

void finalize_spec(AgentSpec& s, ErrorKind kind) {
    if (s.name.empty()) {
        throw make_error(kind, "the agent needs a NAME");
    }
    auto name_ok = [](const std::string& n) {
        return !n.empty() && n[0] != '.' && n[0] != '-' &&
               std::all_of(n.begin(), n.end(), [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
               });
    };
    if (!name_ok(s.name) || s.name.size() > 64) {
        throw make_error(kind, "agent name '" + s.name +
                                   "' must be letters, digits, '_', '-', '.' (no '/'; at most 64)");
    }
    if (s.provider.empty()) {
        throw make_error(kind, "--provider is required (the directory under resource.d/)");
    }
    if (!name_ok(s.provider) || s.provider.size() > 64) {
        throw make_error(kind, "provider '" + s.provider +
                                   "' must be letters, digits, '_', '-', '.' (no '/')");
    }
    if (!s.exec.empty() && !s.systemd.empty()) {
        throw make_error(kind, "--exec and --systemd exclude each other (a daemon or a unit)");
    }
    if (s.exec.empty() && (!s.pidfile.empty() || !s.user.empty())) {
        throw make_error(kind, std::string(!s.pidfile.empty() ? "--pidfile" : "--user") +
                                   " needs --exec (daemon mode)");
    }
    if (!s.pidfile.empty() && s.pidfile[0] != '/') {
        throw make_error(kind, "--pidfile '" + s.pidfile + "' must be an absolute path");
    }
    for (const auto* text : {&s.exec, &s.pidfile, &s.user, &s.systemd, &s.health_cmd,
                             &s.description, &s.agent_version}) {
        if (!printable(*text)) {
            throw make_error(kind, "control characters are not allowed in '" + *text + "'");
        }
    }
    if (!s.user.empty() && !is_shell_identifier(s.user) &&
        s.user.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
            std::string::npos) {
        throw make_error(kind, "--user '" + s.user + "' is not a user name");
    }
    if (!s.systemd.empty() &&
        s.systemd.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.@:\\") !=
            std::string::npos) {
        throw make_error(kind, "--systemd '" + s.systemd + "' is not a unit name");
    }
    if (!s.ocf_version.empty() && s.ocf_version != "1.0" && s.ocf_version != "1.1") {
        throw make_error(kind, "--ocf-version must be 1.0 or 1.1, not '" + s.ocf_version + "'");
    }
    std::set<std::string> names;
    bool wants_11 = s.reload;
    std::string why = s.reload ? "--reload (reload-agent)" : "";
    for (const auto& p : s.params) {
        check_param(p, kind, "");
        if (!names.insert(p.name).second) {
            throw make_error(kind, "duplicate parameter '" + p.name + "'");
        }
        if (p.reloadable && !s.reload) {
            throw make_error(kind, "parameter " + p.name + " is reloadable: add --reload");
        }
    }
    if (s.ocf_version.empty()) {
        s.ocf_version = wants_11 ? "1.1" : "1.0";
    } else if (s.ocf_version == "1.0" && wants_11) {
        throw make_error(kind, why + " needs --ocf-version 1.1");
    }
    if (s.description.empty()) {
        s.description =
            "Manages " + (!s.exec.empty()      ? "the daemon " + s.exec.substr(0, s.exec.find(' '))
                          : !s.systemd.empty() ? "the systemd unit " + s.systemd
                                               : "a " + s.name + " resource");
    }
}

namespace {

struct YamlCursor {
    const YamlDocument& doc;
    const std::string& file;

    Error at(Error e, const YAML::Node& n) const {
        e.at(file, doc.line_of(n), doc.column_of(n));
        return e;
    }
    std::string str(const YAML::Node& n, const std::string& field) const {
        if (!n.IsScalar()) {
            throw at(Error::input(field + ": expected a string"), n);
        }
        return n.Scalar();
    }
    bool boolean(const YAML::Node& n, const std::string& field) const {
        std::string v = n.IsScalar() ? n.Scalar() : "";
        if (v == "true" || v == "yes" || v == "on") {
            return true;
        }
        if (v == "false" || v == "no" || v == "off") {
            return false;
        }
        throw at(Error::input(field + ": expected true or false"), n);
    }
};

} // namespace

AgentSpec load_agent_spec(const std::string& path) {
    InputFile in = read_input(path);
    require_utf8(in);
    std::vector<YamlDocument> docs = load_yaml_documents(in);
    if (docs.size() != 1 || !docs[0].root.IsMap()) {
        throw Error::input("expected one YAML mapping (name, provider, exec, params, ...)")
            .at(in.name);
    }
    const YamlDocument& doc = docs[0];
    YamlCursor c{doc, in.name};
    AgentSpec s;
    static const std::vector<std::string> keys = {
        "name",    "provider", "description", "longdesc",   "version",    "exec",
        "pidfile", "user",     "systemd",     "health_cmd", "promotable", "notify",
        "reload",  "migrate",  "ocf_version", "timeouts",   "params"};
    for (const auto& kv : doc.root) {
        std::string key = kv.first.Scalar();
        std::replace(key.begin(), key.end(), '-', '_');
        const YAML::Node& v = kv.second;
        if (key == "name") {
            s.name = c.str(v, key);
        } else if (key == "provider") {
            s.provider = c.str(v, key);
        } else if (key == "description") {
            s.description = c.str(v, key);
        } else if (key == "longdesc") {
            s.longdesc = c.str(v, key);
        } else if (key == "version") {
            s.agent_version = c.str(v, key);
        } else if (key == "exec") {
            s.exec = c.str(v, key);
        } else if (key == "pidfile") {
            s.pidfile = c.str(v, key);
            if (!s.pidfile.empty() && s.pidfile[0] != '/') {
                throw c.at(Error::input("pidfile '" + s.pidfile + "' must be an absolute path"), v);
            }
        } else if (key == "user") {
            s.user = c.str(v, key);
        } else if (key == "systemd") {
            s.systemd = c.str(v, key);
        } else if (key == "health_cmd") {
            s.health_cmd = c.str(v, key);
        } else if (key == "promotable") {
            s.promotable = c.boolean(v, key);
        } else if (key == "notify") {
            s.notify = c.boolean(v, key);
        } else if (key == "reload") {
            s.reload = c.boolean(v, key);
        } else if (key == "migrate") {
            s.migrate = c.boolean(v, key);
        } else if (key == "ocf_version") {
            s.ocf_version = c.str(v, key);
        } else if (key == "timeouts") {
            if (!v.IsMap()) {
                throw c.at(Error::input("timeouts: expected a mapping ACTION: SECONDS"), v);
            }
            for (const auto& t : v) {
                try {
                    auto [action, seconds] = parse_timeout_spec(
                        t.first.Scalar() + "=" + c.str(t.second, "timeouts"), ErrorKind::input);
                    s.timeouts[action] = seconds;
                } catch (Error& e) {
                    throw c.at(e, t.first).field("timeouts." + t.first.Scalar());
                }
            }
        } else if (key == "params") {
            if (!v.IsSequence()) {
                throw c.at(Error::input("params: expected a list"), v);
            }
            std::set<std::string> seen;
            for (std::size_t i = 0; i < v.size(); ++i) {
                const YAML::Node& item = v[i];
                std::string field = "params[" + std::to_string(i) + "]";
                ParamSpec p;
                try {
                    if (item.IsScalar()) {
                        p = parse_param_spec(item.Scalar(), ErrorKind::input);
                    } else if (item.IsMap()) {
                        for (const auto& f : item) {
                            std::string k = f.first.Scalar();
                            if (k == "name") {
                                p.name = c.str(f.second, field + ".name");
                            } else if (k == "type") {
                                p.type = c.str(f.second, field + ".type");
                            } else if (k == "default") {
                                p.default_value = c.str(f.second, field + ".default");
                            } else if (k == "required") {
                                p.required = c.boolean(f.second, field + ".required");
                            } else if (k == "unique") {
                                p.unique = c.boolean(f.second, field + ".unique");
                            } else if (k == "reloadable") {
                                p.reloadable = c.boolean(f.second, field + ".reloadable");
                            } else if (k == "description") {
                                p.description = c.str(f.second, field + ".description");
                            } else if (k == "options") {
                                if (!f.second.IsSequence()) {
                                    throw c.at(Error::input("options: expected a list"), f.second);
                                }
                                for (const auto& o : f.second) {
                                    p.options.push_back(c.str(o, field + ".options"));
                                }
                            } else {
                                std::string hint = did_you_mean(
                                    k, std::vector<std::string>{"name", "type", "default",
                                                                "required", "unique", "reloadable",
                                                                "description", "options"});
                                throw c.at(
                                    Error::input(
                                        "unknown field '" + k + "'" +
                                        (hint.empty() ? "" : " (did you mean '" + hint + "'?)")),
                                    f.first);
                            }
                        }
                        if (!p.options.empty() && p.type == "string") {
                            p.type = "select";
                        }
                        check_param(p, ErrorKind::input, "");
                    } else {
                        throw Error::input("expected 'name:type=default,flags' or a mapping");
                    }
                } catch (Error& e) {
                    if (e.line() == 0) {
                        e.at(in.name, doc.line_of(item), doc.column_of(item));
                    }
                    if (e.path().empty()) {
                        e.field(field);
                    }
                    throw;
                }
                if (!seen.insert(p.name).second) {
                    throw c.at(Error::input("duplicate parameter '" + p.name + "'"), item)
                        .field(field);
                }
                s.params.push_back(std::move(p));
            }
        } else {
            std::string hint = did_you_mean(key, keys);
            throw c.at(Error::input("unknown field '" + key + "'" +
                                    (hint.empty() ? "" : " (did you mean '" + hint + "'?)")),
                       kv.first);
        }
    }
    return s;
}

} // namespace corral::ocf
