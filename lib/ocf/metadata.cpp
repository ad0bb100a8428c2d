#include "ocf/metadata.hpp"

#include "core/error.hpp"
#include "core/output.hpp"
#include "core/strings.hpp"
#include "ocf/xml_util.hpp"

#include <cmath>
#include <cstdlib>

namespace corral::ocf {

using detail::all_text;
using detail::line_of;

const Action* Metadata::action(std::string_view n) const {
    for (const auto& a : actions) {
        if (a.name == n) {
            return &a;
        }
    }
    return nullptr;
}

const Parameter* Metadata::parameter(std::string_view n) const {
    for (const auto& p : parameters) {
        if (p.name == n) {
            return &p;
        }
    }
    return nullptr;
}

std::string squash_whitespace(std::string_view s) {
    return collapse_whitespace(s);
}

namespace {

// The English (or first) description among siblings named `tag`.
std::string description(const pugi::xml_node& parent, const char* tag) {
    pugi::xml_node chosen;
    for (pugi::xml_node d = parent.child(tag); d; d = d.next_sibling(tag)) {
        std::string_view lang = d.attribute("lang").value();
        if (!chosen || lang == "en") {
            chosen = d;
            if (lang == "en") {
                break;
            }
        }
    }
    return chosen ? std::string(all_text(chosen)) : std::string();
}

bool truthy(const pugi::xml_attribute& a) {
    std::string v = squash_whitespace(a.value());
    return v == "1" || v == "true" || v == "yes";
}

} // namespace

Metadata parse_metadata(std::string_view xml, const std::string& source) {
    pugi::xml_document doc;
    detail::load_xml(doc, xml, source);
    return detail::metadata_from_doc(doc, xml, source);
}

Metadata detail::metadata_from_doc(const pugi::xml_document& doc, std::string_view xml,
                                   const std::string& source) {
    pugi::xml_node root = doc.document_element();
    if (std::string_view(root.name()) != "resource-agent") {
        throw Error::input(std::string("meta-data root element is <") + root.name() +
                           ">, expected <resource-agent>")
            .at(source, line_of(xml, root));
    }
    Metadata md;
    detail::LineIndex lines(xml);
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
        if (n.type() == pugi::node_doctype) {
            md.has_doctype = true;
        }
    }
    md.name = root.attribute("name").value();
    md.version = root.attribute("version").value();
    if (pugi::xml_node v = root.child("version")) {
        md.has_version_element = true;
        md.ocf_version = squash_whitespace(all_text(v));
    } else {
        md.ocf_version = "1.0";
    }
    md.shortdesc = squash_whitespace(description(root, "shortdesc"));
    md.longdesc = description(root, "longdesc");
    for (pugi::xml_node p = root.child("parameters").child("parameter"); p;
         p = p.next_sibling("parameter")) {
        Parameter param;
        param.name = p.attribute("name").value();
        param.required = truthy(p.attribute("required"));
        param.unique = truthy(p.attribute("unique"));
        param.reloadable = truthy(p.attribute("reloadable"));
        param.unique_group = p.attribute("unique-group").value();
        param.deprecated = static_cast<bool>(p.child("deprecated")) || p.attribute("deprecated");
        param.shortdesc = squash_whitespace(description(p, "shortdesc"));
        param.longdesc = description(p, "longdesc");
        pugi::xml_node c = p.child("content");
        param.type = c.attribute("type").value();
        if (pugi::xml_attribute d = c.attribute("default")) {
            param.default_value = d.value();
        }
        for (pugi::xml_node o = c.child("option"); o; o = o.next_sibling("option")) {
            param.options.emplace_back(o.attribute("value").value());
        }
        param.line = lines.line(p);
        md.parameters.push_back(std::move(param));
    }
    for (pugi::xml_node a = root.child("actions").child("action"); a;
         a = a.next_sibling("action")) {
        Action act;
        act.name = a.attribute("name").value();
        act.timeout = a.attribute("timeout").value();
        act.interval = a.attribute("interval").value();
        act.depth = a.attribute("depth").value();
        act.role = a.attribute("role").value();
        act.start_delay = a.attribute("start-delay").value();
        act.line = lines.line(a);
        md.actions.push_back(std::move(act));
    }
    return md;
}

std::optional<double> parse_ocf_time(std::string_view text) {
    std::string s = squash_whitespace(text);
    if (s.empty()) {
        return std::nullopt;
    }
    std::size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) {
        ++i;
    }
    if (i == 0 || i > 18) {
        return std::nullopt;
    }
    std::string number = s.substr(0, i);
    if (number.find('.') != number.rfind('.')) {
        return std::nullopt;
    }
    double value = std::strtod(number.c_str(), nullptr);
    std::string unit = squash_whitespace(s.substr(i));
    double scale;
    if (unit.empty() || unit == "s" || unit == "sec") {
        scale = 1;
    } else if (unit == "ms" || unit == "msec") {
        scale = 1e-3;
    } else if (unit == "us" || unit == "usec") {
        scale = 1e-6;
    } else if (unit == "m" || unit == "min") {
        scale = 60;
    } else if (unit == "h" || unit == "hr") {
        scale = 3600;
    } else {
        return std::nullopt;
    }
    return value * scale;
}

namespace {

Json time_json(const std::string& text) {
    if (text.empty()) {
        return nullptr;
    }
    auto t = parse_ocf_time(text);
    if (!t) {
        return text; // unparseable: keep what the agent wrote
    }
    if (*t == std::floor(*t) && *t < 1e15) {
        return static_cast<long long>(*t);
    }
    return *t;
}

Json opt_string(const std::string& s) {
    return s.empty() ? Json(nullptr) : Json(s);
}

} // namespace

Json metadata_to_json(const Metadata& md) {
    Json j;
    j["name"] = md.name;
    j["version"] = opt_string(md.version);
    j["ocf_version"] = md.ocf_version;
    j["shortdesc"] = md.shortdesc;
    j["longdesc"] = md.longdesc;
    Json params = Json::array();
    for (const auto& p : md.parameters) {
        Json jp;
        jp["name"] = p.name;
        jp["type"] = p.type;
        jp["default"] = p.default_value ? Json(*p.default_value) : Json(nullptr);
        jp["required"] = p.required;
        jp["unique"] = p.unique;
        jp["reloadable"] = p.reloadable;
        jp["shortdesc"] = p.shortdesc;
        if (!p.unique_group.empty()) {
            jp["unique_group"] = p.unique_group;
        }
        if (p.deprecated) {
            jp["deprecated"] = true;
        }
        if (!p.options.empty()) {
            jp["options"] = p.options;
        }
        params.push_back(std::move(jp));
    }
    j["parameters"] = std::move(params);
    Json actions = Json::array();
    for (const auto& a : md.actions) {
        Json ja;
        ja["name"] = a.name;
        ja["timeout"] = time_json(a.timeout);
        ja["interval"] = time_json(a.interval);
        if (a.depth.empty()) {
            ja["depth"] = 0;
        } else {
            char* end = nullptr;
            long d = std::strtol(a.depth.c_str(), &end, 10);
            ja["depth"] = (*end == '\0' && end != a.depth.c_str()) ? Json(d) : Json(a.depth);
        }
        ja["role"] = opt_string(a.role);
        if (!a.start_delay.empty()) {
            ja["start_delay"] = time_json(a.start_delay);
        }
        actions.push_back(std::move(ja));
    }
    j["actions"] = std::move(actions);
    return j;
}

std::string metadata_to_text(const Metadata& md) {
    std::string out = md.name;
    if (!md.version.empty()) {
        out += " " + md.version;
    }
    out += " (OCF " + md.ocf_version + ")";
    if (!md.shortdesc.empty()) {
        out += ": " + md.shortdesc;
    }
    out += "\n";
    if (!md.parameters.empty()) {
        out += "\nPARAMETERS\n";
        Table t({"NAME", "TYPE", "DEFAULT", "FLAGS", "DESCRIPTION"});
        for (const auto& p : md.parameters) {
            std::string flags;
            auto add = [&flags](bool on, const char* f) {
                if (on) {
                    flags += flags.empty() ? f : std::string(",") + f;
                }
            };
            add(p.required, "required");
            add(p.unique, "unique");
            add(p.reloadable, "reloadable");
            add(p.deprecated, "deprecated");
            std::string type = p.type;
            if (!p.options.empty()) {
                type += "(";
                for (std::size_t i = 0; i < p.options.size(); ++i) {
                    type += (i ? "|" : "") + p.options[i];
                }
                type += ")";
            }
            t.add_row({p.name, type, p.default_value ? *p.default_value : "-",
                       flags.empty() ? "-" : flags, p.shortdesc});
        }
        out += t.render();
    }
    out += "\nACTIONS\n";
    Table t({"NAME", "TIMEOUT", "INTERVAL", "DEPTH", "ROLE"});
    for (const auto& a : md.actions) {
        t.add_row({a.name, a.timeout.empty() ? "-" : a.timeout,
                   a.interval.empty() ? "-" : a.interval, a.depth.empty() ? "0" : a.depth,
                   a.role.empty() ? "-" : a.role});
    }
    out += t.render();
    return out;
}

} // namespace corral::ocf
