#include "ocf/lint.hpp"

#include "core/error.hpp"
#include "ocf/metadata.hpp"
#include "ocf/xml_util.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace corral::ocf {

using detail::is_blank;

Schema parse_schema(std::string_view name) {
    if (name == "auto") {
        return Schema::automatic;
    }
    if (name == "dtd" || name == "1.0") {
        return Schema::dtd;
    }
    if (name == "1.1") {
        return Schema::v1_1;
    }
    throw Error::usage("--schema must be dtd, 1.1 or auto, not '" + std::string(name) + "'");
}

namespace {

// One particle of a sequence content model: `name` repeated [min, max] times.
struct Particle {
    const char* name;
    int min;
    int max; // -1: unbounded
};

// 1-based columns in the meta-data text (pugixml keeps byte offsets, not columns).
class Columns {
public:
    explicit Columns(std::string_view xml) : m_xml(xml) {}
    // Column of the node's '<' (offset_debug points at the name that follows it).
    int of(const pugi::xml_node& n) const {
        std::ptrdiff_t offset = n.offset_debug();
        if (offset <= 0 || static_cast<std::size_t>(offset) > m_xml.size()) {
            return 0;
        }
        auto at = static_cast<std::size_t>(offset);
        std::size_t start = m_xml.rfind('\n', at - 1);
        start = start == std::string_view::npos ? 0 : start + 1;
        std::size_t lt = m_xml.rfind('<', at - 1);
        std::size_t begin = lt != std::string_view::npos && lt >= start ? lt : at;
        return static_cast<int>(begin - start) + 1;
    }

private:
    std::string_view m_xml;
};

struct Linter {
    const detail::LineIndex& lines;
    const Columns& columns;
    const TextColumns& line_columns;
    LintResult& result;

    void add(const std::string& code, Severity severity, const std::string& path,
             const std::string& message, int line, int col = 0) {
        if (col == 0) {
            col = line_columns.first_on(line);
        }
        result.findings.push_back({path, code, severity, message, result.file, line, col});
    }
    void error(const std::string& code, const std::string& path, const std::string& message,
               const pugi::xml_node& n) {
        add(code, Severity::error, path, message, lines.line(n), columns.of(n));
    }
    void warning(const std::string& code, const std::string& path, const std::string& message,
                 int line) {
        add(code, Severity::warning, path, message, line);
    }
};

std::string child_path(const std::string& parent, const pugi::xml_node& n) {
    int index = 1;
    int count = 0;
    for (pugi::xml_node s = n.parent().first_child(); s; s = s.next_sibling()) {
        if (s.type() == pugi::node_element && std::string_view(s.name()) == n.name()) {
            ++count;
            if (s.offset_debug() < n.offset_debug()) {
                ++index;
            }
        }
    }
    std::string p = parent + "/" + n.name();
    if (count > 1) {
        p += "[" + std::to_string(index) + "]";
    }
    return p;
}

// The children as libxml2 prints them in "got (...)": element names and CDATA for text.
std::string got_list(const pugi::xml_node& n) {
    std::string out;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        std::string item;
        if (c.type() == pugi::node_element) {
            item = c.name();
        } else if ((c.type() == pugi::node_pcdata && !is_blank(c.value())) ||
                   c.type() == pugi::node_cdata) {
            item = "CDATA";
        } else {
            continue;
        }
        out += out.empty() ? item : " " + item;
    }
    return "(" + out + ")";
}

std::string model_text(const std::vector<Particle>& model) {
    std::string out;
    for (const auto& p : model) {
        std::string item = p.name;
        if (p.min == 0 && p.max == 1) {
            item += "?";
        } else if (p.min == 1 && p.max == -1) {
            item += "+";
        } else if (p.min == 0 && p.max == -1) {
            item += "*";
        }
        out += out.empty() ? item : " , " + item;
    }
    return "(" + out + ")";
}

// Matches the element children of `n` against a sequence model (greedy is exact here: adjacent
// particles have different names). Non-blank text, or any CDATA section, breaks element content.
bool sequence_matches(const pugi::xml_node& n, const std::vector<Particle>& model) {
    std::vector<std::string_view> names;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) {
            names.emplace_back(c.name());
        } else if ((c.type() == pugi::node_pcdata && !is_blank(c.value())) ||
                   c.type() == pugi::node_cdata) {
            return false;
        }
    }
    std::size_t i = 0;
    for (const auto& p : model) {
        int count = 0;
        while (i < names.size() && names[i] == p.name && (p.max < 0 || count < p.max)) {
            ++i;
            ++count;
        }
        if (count < p.min) {
            return false;
        }
    }
    return i == names.size();
}

bool has_element_child(const pugi::xml_node& n) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) {
            return true;
        }
    }
    return false;
}

// ---- OCF 1.0: ra-api-1.dtd as libxml2 validates it ----

enum class AttrType { cdata, nmtoken, enumeration };
struct AttrDecl {
    const char* name;
    AttrType type;
    std::vector<std::string_view> values;
    bool required;
};
enum class ContentKind { empty, any, pcdata, children };
struct ElementDecl {
    ContentKind kind;
    std::vector<Particle> model;
    std::vector<AttrDecl> attributes;
};

const std::map<std::string_view, ElementDecl>& dtd() {
    static const std::map<std::string_view, ElementDecl> d = {
        {"resource-agent",
         {ContentKind::children,
          {{"version", 1, 1},
           {"longdesc", 1, 1},
           {"shortdesc", 1, 1},
           {"parameters", 0, 1},
           {"actions", 1, 1}},
          {{"name", AttrType::cdata, {}, true}, {"version", AttrType::cdata, {}, false}}}},
        {"version", {ContentKind::pcdata, {}, {}}},
        {"parameters", {ContentKind::children, {{"parameter", 0, -1}}, {}}},
        {"actions", {ContentKind::children, {{"action", 0, -1}}, {}}},
        {"parameter",
         {ContentKind::children,
          {{"longdesc", 1, -1}, {"shortdesc", 1, -1}, {"content", 1, 1}},
          {{"name", AttrType::cdata, {}, true},
           {"required", AttrType::enumeration, {"1", "0"}, false},
           {"unique", AttrType::enumeration, {"1", "0"}, false}}}},
        {"longdesc", {ContentKind::any, {}, {{"lang", AttrType::nmtoken, {}, false}}}},
        {"shortdesc", {ContentKind::any, {}, {{"lang", AttrType::nmtoken, {}, false}}}},
        {"content",
         {ContentKind::empty,
          {},
          {{"type", AttrType::enumeration, {"string", "integer", "boolean", "time"}, true},
           {"default", AttrType::cdata, {}, false}}}},
        {"action",
         {ContentKind::empty,
          {},
          {{"name",
            AttrType::enumeration,
            {"start", "stop", "recover", "monitor", "restart", "migrate_to", "migrate_from",
             "promote", "demote", "notify", "status", "reload", "meta-data", "usage", "methods",
             "validate-all"},
            true},
           {"timeout", AttrType::cdata, {}, true},
           {"interval", AttrType::cdata, {}, false},
           {"start-delay", AttrType::cdata, {}, false},
           {"role", AttrType::cdata, {}, false},
           {"depth", AttrType::cdata, {}, false}}}},
    };
    return d;
}

// XML NameChar, with every non-ASCII byte accepted (UTF-8 letters).
bool nmtoken_char(unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c >= 0x80;
}

bool valid_nmtoken(std::string_view v) {
    return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
        return nmtoken_char(static_cast<unsigned char>(c));
    });
}

void dtd_element(Linter& l, const pugi::xml_node& n, const std::string& path) {
    auto it = dtd().find(n.name());
    if (it == dtd().end()) {
        l.error("dtd-undeclared-element", path,
                std::string("No declaration for element ") + n.name(), n);
        for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
            l.error("dtd-undeclared-attribute", path + "/@" + a.name(),
                    std::string("No declaration for attribute ") + a.name() + " of element " +
                        n.name(),
                    n);
        }
    } else {
        const ElementDecl& decl = it->second;
        switch (decl.kind) {
        case ContentKind::empty:
            if (n.first_child()) {
                l.error("dtd-content", path,
                        std::string("Element ") + n.name() +
                            " was declared EMPTY this one has content",
                        n);
            }
            break;
        case ContentKind::pcdata:
            if (has_element_child(n)) {
                l.error("dtd-content", path,
                        std::string("Element ") + n.name() +
                            " content does not follow the DTD, expecting (#PCDATA), got " +
                            got_list(n),
                        n);
            }
            break;
        case ContentKind::children:
            if (!sequence_matches(n, decl.model)) {
                l.error("dtd-content", path,
                        std::string("Element ") + n.name() +
                            " content does not follow the DTD, expecting " +
                            model_text(decl.model) + ", got " + got_list(n),
                        n);
            }
            break;
        case ContentKind::any:
            break;
        }
        for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
            auto d = std::find_if(
                decl.attributes.begin(), decl.attributes.end(),
                [&a](const AttrDecl& x) { return a.name() == std::string_view(x.name); });
            std::string apath = path + "/@" + a.name();
            if (d == decl.attributes.end()) {
                l.error("dtd-undeclared-attribute", apath,
                        std::string("No declaration for attribute ") + a.name() + " of element " +
                            n.name(),
                        n);
            } else if (d->type == AttrType::enumeration &&
                       std::find(d->values.begin(), d->values.end(), a.value()) ==
                           d->values.end()) {
                l.error("dtd-attribute-value", apath,
                        std::string("Value \"") + a.value() + "\" for attribute " + a.name() +
                            " of " + n.name() + " is not among the enumerated set",
                        n);
            } else if (d->type == AttrType::nmtoken && !valid_nmtoken(a.value())) {
                l.error("dtd-attribute-value", apath,
                        std::string("Syntax of value for attribute ") + a.name() + " of " +
                            n.name() + " is not valid",
                        n);
            }
        }
        for (const auto& d : decl.attributes) {
            if (d.required && !n.attribute(d.name)) {
                l.error("dtd-missing-attribute", path + "/@" + d.name,
                        std::string("Element ") + n.name() + " does not carry attribute " + d.name,
                        n);
            }
        }
    }
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) {
            dtd_element(l, c, child_path(path, c));
        }
    }
}

// ---- OCF 1.1: ClusterLabs/OCF-spec ra/1.1/ra-api.rng ----

struct RngAttr {
    const char* name;
    bool required;
    std::vector<std::string_view> values; // empty: any text
};

// RELAX NG <value> compares as datatype token: whitespace-normalized.
void rng_attributes(Linter& l, const pugi::xml_node& n, const std::string& path,
                    const std::vector<RngAttr>& allowed) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        auto d = std::find_if(allowed.begin(), allowed.end(), [&a](const RngAttr& x) {
            return a.name() == std::string_view(x.name);
        });
        std::string apath = path + "/@" + a.name();
        if (d == allowed.end()) {
            l.error("rng-unknown-attribute", apath,
                    std::string("attribute ") + a.name() + " is not allowed on <" + n.name() +
                        "> in OCF 1.1",
                    n);
        } else if (!d->values.empty()) {
            std::string v = squash_whitespace(a.value());
            if (std::find(d->values.begin(), d->values.end(), v) == d->values.end()) {
                std::string choices;
                for (auto c : d->values) {
                    choices += (choices.empty() ? "" : "|") + std::string(c);
                }
                l.error("rng-attribute-value", apath,
                        std::string("value \"") + a.value() + "\" of " + a.name() + " on <" +
                            n.name() + "> must be " + choices,
                        n);
            }
        }
    }
    for (const auto& d : allowed) {
        if (d.required && !n.attribute(d.name)) {
            l.error("rng-missing-attribute", path + "/@" + d.name,
                    std::string("<") + n.name() + "> needs attribute " + d.name, n);
        }
    }
}

void rng_sequence(Linter& l, const pugi::xml_node& n, const std::string& path,
                  const std::vector<Particle>& model) {
    if (!sequence_matches(n, model)) {
        l.error("rng-content", path,
                std::string("content of <") + n.name() + "> must be " + model_text(model) +
                    ", got " + got_list(n),
                n);
    }
}

void rng_no_content(Linter& l, const pugi::xml_node& n, const std::string& path) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element ||
            ((c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) &&
             !is_blank(c.value()))) {
            l.error("rng-content", path, std::string("<") + n.name() + "> must be empty", n);
            return;
        }
    }
}

void rng_description(Linter& l, const pugi::xml_node& n, const std::string& path) {
    rng_attributes(l, n, path, {{"lang", true, {}}});
}

void rng_text_only(Linter& l, const pugi::xml_node& n, const std::string& path) {
    if (has_element_child(n)) {
        l.error("rng-content", path, std::string("<") + n.name() + "> must hold text only", n);
    }
}

template <typename Fn>
void for_children(const pugi::xml_node& n, const std::string& path, Fn fn) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) {
            fn(c, child_path(path, c));
        }
    }
}

void rng_parameter(Linter& l, const pugi::xml_node& p, const std::string& path) {
    const std::vector<std::string_view> boolean = {"0", "1"};
    rng_attributes(l, p, path,
                   {{"name", true, {}},
                    {"unique-group", false, {}},
                    {"unique", false, boolean},
                    {"required", false, boolean},
                    {"reloadable", false, boolean}});
    rng_sequence(
        l, p, path,
        {{"deprecated", 0, 1}, {"longdesc", 1, -1}, {"shortdesc", 1, -1}, {"content", 1, 1}});
    for_children(p, path, [&l](const pugi::xml_node& c, const std::string& cpath) {
        std::string_view name = c.name();
        if (name == "longdesc" || name == "shortdesc") {
            rng_description(l, c, cpath);
        } else if (name == "deprecated") {
            rng_attributes(l, c, cpath, {});
            for (pugi::xml_node t = c.first_child(); t; t = t.next_sibling()) {
                if ((t.type() == pugi::node_pcdata || t.type() == pugi::node_cdata) &&
                    !is_blank(t.value())) {
                    l.error("rng-content", cpath,
                            "<deprecated> holds only <replaced-with> and <desc>", c);
                    break;
                }
            }
            for_children(c, cpath, [&l](const pugi::xml_node& d, const std::string& dpath) {
                std::string_view dn = d.name();
                if (dn == "replaced-with") {
                    rng_attributes(l, d, dpath, {{"name", true, {}}});
                    rng_no_content(l, d, dpath);
                } else if (dn == "desc") {
                    rng_description(l, d, dpath);
                } else {
                    l.error("rng-content", dpath,
                            "<" + std::string(dn) + "> is not allowed in <deprecated>", d);
                }
            });
        } else if (name == "content") {
            std::string type = squash_whitespace(c.attribute("type").value());
            rng_attributes(l, c, cpath,
                           {{"type", true, {"boolean", "string", "integer", "select"}},
                            {"default", false, {}}});
            if (type == "select") {
                rng_sequence(l, c, cpath, {{"option", 1, -1}});
                for_children(c, cpath, [&l](const pugi::xml_node& o, const std::string& opath) {
                    if (std::string_view(o.name()) == "option") {
                        rng_attributes(l, o, opath, {{"value", true, {}}});
                        rng_no_content(l, o, opath);
                    }
                });
            } else {
                rng_no_content(l, c, cpath);
            }
        }
    });
}

void rng_root(Linter& l, const pugi::xml_node& root) {
    std::string path = std::string("/") + root.name();
    if (std::string_view(root.name()) != "resource-agent") {
        l.error("rng-root", path, "the root element must be <resource-agent>", root);
        return;
    }
    rng_attributes(l, root, path, {{"name", true, {}}, {"version", false, {}}});
    rng_sequence(l, root, path,
                 {{"version", 1, 1},
                  {"longdesc", 0, -1},
                  {"shortdesc", 0, -1},
                  {"parameters", 1, 1},
                  {"actions", 1, 1},
                  {"special", 0, 1}});
    for_children(root, path, [&l](const pugi::xml_node& c, const std::string& cpath) {
        std::string_view name = c.name();
        if (name == "version") {
            rng_attributes(l, c, cpath, {});
            rng_text_only(l, c, cpath);
        } else if (name == "longdesc" || name == "shortdesc") {
            rng_description(l, c, cpath);
        } else if (name == "parameters") {
            rng_attributes(l, c, cpath, {});
            rng_sequence(l, c, cpath, {{"parameter", 1, -1}});
            for_children(c, cpath, [&l](const pugi::xml_node& p, const std::string& ppath) {
                if (std::string_view(p.name()) == "parameter") {
                    rng_parameter(l, p, ppath);
                }
            });
        } else if (name == "actions") {
            rng_attributes(l, c, cpath, {});
            rng_sequence(l, c, cpath, {{"action", 1, -1}});
            for_children(c, cpath, [&l](const pugi::xml_node& a, const std::string& apath) {
                if (std::string_view(a.name()) == "action") {
                    rng_attributes(l, a, apath,
                                   {{"name", true, {}},
                                    {"timeout", true, {}},
                                    {"interval", false, {}},
                                    {"start-delay", false, {}},
                                    {"depth", false, {}},
                                    {"role", false, {}}});
                    rng_no_content(l, a, apath);
                }
            });
        } else if (name == "special") {
            rng_attributes(l, c, cpath, {{"tag", true, {}}});
        }
    });
}

// ---- semantics: what neither schema checks (SPEC §1) ----

bool shell_identifier(std::string_view s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

bool bare_number(std::string_view s) {
    std::string t = squash_whitespace(s);
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    });
}

bool is_integer(std::string_view s) {
    std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    return i < s.size() &&
           std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool is_boolean(std::string_view s) {
    static const std::set<std::string_view> words = {
        "0",   "1",  "yes",  "no",    "true", "false", "on", "off", "y",   "n",
        "YES", "NO", "TRUE", "FALSE", "True", "False", "ON", "OFF", "Yes", "No"};
    return words.count(s) != 0;
}

void semantics(Linter& l, const Metadata& md) {
    const bool v11 = md.ocf_version == "1.1";
    for (const char* mandatory : {"start", "stop", "monitor", "meta-data"}) {
        if (!md.has_action(mandatory)) {
            l.add("missing-action", "error", "/resource-agent/actions",
                  std::string("mandatory action '") + mandatory + "' is not advertised", 0);
        }
    }
    if (!md.has_action("validate-all")) {
        if (md.has_action("validate")) {
            // awseip, awsvip, ocivip: Pacemaker and ocf-tester call validate-all.
        } else {
            l.warning("missing-validate-all", "/resource-agent/actions",
                      "no validate-all action: Pacemaker cannot check parameters before start", 0);
        }
    }
    std::map<std::string, int> action_count;
    std::set<std::string> action_keys;
    for (std::size_t i = 0; i < md.actions.size(); ++i) {
        const Action& a = md.actions[i];
        int n = 0;
        for (std::size_t j = 0; j <= i; ++j) {
            n += md.actions[j].name == a.name ? 1 : 0;
        }
        std::string path = "/resource-agent/actions/action[@name='" + a.name + "']";
        if (n > 1) {
            path += "[" + std::to_string(n) + "]";
        }
        if (a.name == "validate") {
            l.add("validate-not-validate-all", "error", path + "/@name",
                  "action 'validate' is not an OCF action; Pacemaker and ocf-tester call "
                  "'validate-all'",
                  a.line);
        }
        if (a.name == "reload-agent" && !v11) {
            l.warning("reload-agent-needs-1.1", path + "/@name",
                      "reload-agent is an OCF 1.1 action; declare <version>1.1</version>", a.line);
        }
        auto check_time = [&](const std::string& attr, const std::string& value) {
            if (value.empty()) {
                return;
            }
            if (!parse_ocf_time(value)) {
                l.add("bad-time", "error", path + "/@" + attr,
                      attr + " \"" + value + "\" is not a time (use e.g. 20s, 2min)", a.line);
            } else if (bare_number(value)) {
                l.warning("time-without-unit", path + "/@" + attr,
                          attr + " \"" + value + "\" has no unit (write " +
                              squash_whitespace(value) + "s)",
                          a.line);
            }
        };
        if (a.timeout.empty()) {
            l.add("missing-timeout", "error", path + "/@timeout",
                  "action '" + a.name + "' has no timeout", a.line);
        }
        check_time("timeout", a.timeout);
        check_time("interval", a.interval);
        check_time("start-delay", a.start_delay);
        if (a.name == "monitor" && a.interval.empty()) {
            l.warning("monitor-without-interval", path,
                      "monitor has no interval: Pacemaker would only probe", a.line);
        }
        if (!a.depth.empty() && !is_integer(squash_whitespace(a.depth))) {
            l.add("bad-depth", "error", path + "/@depth",
                  "depth \"" + a.depth + "\" is not an integer (0, 10, 20, 30)", a.line);
        }
        if (!a.role.empty()) {
            static const std::set<std::string> current = {"Promoted", "Unpromoted"};
            static const std::set<std::string> legacy = {"Master", "Slave"};
            if (legacy.count(a.role) != 0) {
                if (v11) {
                    l.warning("role-spelling", path + "/@role",
                              "role \"" + a.role + "\" is deprecated in OCF 1.1; use " +
                                  (a.role == "Master" ? "Promoted" : "Unpromoted"),
                              a.line);
                }
            } else if (current.count(a.role) == 0) {
                std::string lower = a.role;
                std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
                std::string hint = lower == "promoted" || lower == "master"    ? "Promoted"
                                   : lower == "unpromoted" || lower == "slave" ? "Unpromoted"
                                                                               : "";
                l.add("role-spelling", hint.empty() ? Severity::error : Severity::warning,
                      path + "/@role",
                      "role \"" + a.role + "\" is not Promoted or Unpromoted" +
                          (hint.empty() ? "" : " (did you mean " + hint + "?)"),
                      a.line);
            }
        }
        std::string key = a.name + "|" + squash_whitespace(a.depth) + "|" + a.role + "|" +
                          (a.name == "monitor" ? a.interval : "");
        if (!action_keys.insert(key).second) {
            l.warning("duplicate-action", path,
                      "action '" + a.name + "' is declared twice with the same depth and role",
                      a.line);
        }
        ++action_count[a.name];
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < md.parameters.size(); ++i) {
        const Parameter& p = md.parameters[i];
        std::string path = "/resource-agent/parameters/parameter[@name='" + p.name + "']";
        if (!names.insert(p.name).second) {
            l.add("duplicate-parameter", "error", path,
                  "parameter '" + p.name + "' is declared twice", p.line);
            continue;
        }
        if (!shell_identifier(p.name)) {
            l.add("parameter-name", "error", path + "/@name",
                  "parameter name '" + p.name +
                      "' is not a shell identifier: the agent cannot read OCF_RESKEY_" + p.name,
                  p.line);
        }
        if (p.required && p.default_value && !p.default_value->empty()) {
            l.warning("required-with-default", path,
                      "parameter '" + p.name + "' is required but has a default (\"" +
                          *p.default_value + "\"): the default is never used",
                      p.line);
        }
        if (p.default_value && !p.default_value->empty()) {
            const std::string& d = *p.default_value;
            if (p.type == "integer" && !is_integer(d)) {
                l.warning("default-type", path + "/content/@default",
                          "default \"" + d + "\" of integer parameter '" + p.name +
                              "' is not an integer",
                          p.line);
            } else if (p.type == "boolean" && !is_boolean(d)) {
                l.warning("default-type", path + "/content/@default",
                          "default \"" + d + "\" of boolean parameter '" + p.name +
                              "' is not a boolean",
                          p.line);
            } else if (p.type == "select" &&
                       std::find(p.options.begin(), p.options.end(), d) == p.options.end()) {
                l.add("default-type", "error", path + "/content/@default",
                      "default \"" + d + "\" of select parameter '" + p.name +
                          "' is not one of its options",
                      p.line);
            }
        }
        if (p.type == "time" && v11) {
            l.warning("time-type", path + "/content/@type",
                      "content type 'time' is not part of OCF 1.1 (use string)", p.line);
        }
        if (p.shortdesc.empty()) {
            l.warning("missing-shortdesc", path, "parameter '" + p.name + "' has no shortdesc",
                      p.line);
        }
    }
    if (md.ocf_version != "1.0" && md.ocf_version != "1.1") {
        l.warning("unknown-version", "/resource-agent/version",
                  "OCF version \"" + md.ocf_version + "\" is neither 1.0 nor 1.1 (checked as 1.0)",
                  0);
    }
}

// Findings the checks know by path only (a missing action, an unknown version): the line and
// column of the deepest element of that XPath present in the document.
void place_by_path(const pugi::xml_document& doc, const detail::LineIndex& lines,
                   const Columns& columns, Finding& f) {
    std::string path = f.path;
    while (path.size() > 1) {
        try {
            pugi::xpath_node found = doc.select_node(path.c_str());
            pugi::xml_node n = found.node() ? found.node() : found.parent();
            if (n.type() == pugi::node_element) {
                f.line = lines.line(n);
                f.col = columns.of(n);
                return;
            }
        } catch (const pugi::xpath_exception&) {
        }
        path.resize(path.rfind('/'));
    }
}

void count(LintResult& r) {
    r.errors = 0;
    r.warnings = 0;
    for (const auto& f : r.findings) {
        (f.severity == Severity::error ? r.errors : r.warnings)++;
    }
}

} // namespace

LintResult lint_metadata(std::string_view xml, const std::string& file, Schema schema) {
    pugi::xml_document doc;
    detail::load_xml(doc, xml, file);
    LintResult result;
    result.file = file;
    detail::LineIndex lines(xml);
    Columns columns(xml);
    TextColumns line_columns(xml);
    Linter l{lines, columns, line_columns, result};
    pugi::xml_node root = doc.document_element();
    std::string version = "1.0";
    if (pugi::xml_node v = root.child("version")) {
        version = squash_whitespace(detail::all_text(v));
    }
    result.version = version;
    Schema effective = schema;
    if (schema == Schema::automatic) {
        effective = version == "1.1" ? Schema::v1_1 : Schema::dtd;
    }
    if (effective == Schema::dtd) {
        dtd_element(l, root, std::string("/") + root.name());
    } else {
        rng_root(l, root);
    }
    if (schema == Schema::automatic) {
        if (effective == Schema::dtd) {
            bool doctype = false;
            for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
                doctype = doctype || n.type() == pugi::node_doctype;
            }
            if (!doctype) {
                l.add("missing-doctype", "error", "/",
                      "no <!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">: ocf-tester "
                      "rejects OCF 1.0 meta-data without it",
                      1);
            }
        }
        if (std::string_view(root.name()) == "resource-agent") {
            semantics(l, detail::metadata_from_doc(doc, xml, file));
        }
    }
    for (auto& f : result.findings) {
        if (f.line == 0) {
            place_by_path(doc, lines, columns, f);
        }
    }
    std::stable_sort(result.findings.begin(), result.findings.end(),
                     [](const Finding& a, const Finding& b) { return a.line < b.line; });
    count(result);
    return result;
}

bool dtd_valid(std::string_view xml) {
    try {
        return lint_metadata(xml, "-", Schema::dtd).errors == 0;
    } catch (const Error&) {
        return false;
    }
}

LintFile to_lint_file(const LintResult& r) {
    LintFile file{r.file, Json::object(), r.findings};
    file.fields["version"] = r.version;
    return file;
}

} // namespace corral::ocf
