#include "ocf/xml_util.hpp"

#include "core/error.hpp"
#include "core/io.hpp"

#include <algorithm>
#include <set>

namespace corral::ocf::detail {

namespace {

// pugixml is not a validating parser: reject what a conforming one would before trusting it.
// Iterative walk; libxml2 refuses nesting deeper than 256 (xmlParserMaxDepth), and so do we, which
// also bounds every recursive walk done later on the tree.
void check_tree(const pugi::xml_document& doc, std::string_view xml, const std::string& source) {
    constexpr int max_depth = 256;
    pugi::xml_node n = doc.first_child();
    int depth = 1;
    while (n) {
        if (n.type() == pugi::node_element) {
            if (depth > max_depth) {
                throw Error::input("not well-formed XML: elements nested deeper than 256 levels")
                    .at(source, line_of(xml, n));
            }
            std::set<std::string_view> seen;
            for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
                if (!seen.insert(a.name()).second) {
                    throw Error::input(std::string("not well-formed XML: attribute '") + a.name() +
                                       "' redefined on <" + n.name() + ">")
                        .at(source, line_of(xml, n));
                }
            }
        }
        if (n.first_child()) {
            n = n.first_child();
            ++depth;
            continue;
        }
        while (n && !n.next_sibling()) {
            n = n.parent();
            --depth;
            if (n == doc) {
                return;
            }
        }
        if (n) {
            n = n.next_sibling();
        }
    }
}

} // namespace

bool is_blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

int line_of(std::string_view xml, const pugi::xml_node& node) {
    std::ptrdiff_t offset = node.offset_debug();
    if (offset < 0 || static_cast<std::size_t>(offset) > xml.size()) {
        return 0;
    }
    return position_of(xml, static_cast<std::size_t>(offset)).line;
}

LineIndex::LineIndex(std::string_view xml) : m_size(xml.size()) {
    for (std::size_t i = xml.find('\n'); i != std::string_view::npos; i = xml.find('\n', i + 1)) {
        m_newlines.push_back(i);
    }
}

int LineIndex::line(const pugi::xml_node& node) const {
    std::ptrdiff_t offset = node.offset_debug();
    if (offset < 0 || static_cast<std::size_t>(offset) > m_size) {
        return 0;
    }
    auto it =
        std::lower_bound(m_newlines.begin(), m_newlines.end(), static_cast<std::size_t>(offset));
    return static_cast<int>(it - m_newlines.begin()) + 1;
}

void load_xml(pugi::xml_document& doc, std::string_view xml, const std::string& source) {
    // Meta-data is UTF-8 (every installed agent's is); anything else cannot travel into JSON.
    if (std::size_t bad = find_invalid_utf8(xml); bad != std::string_view::npos) {
        Position p = position_of(xml, bad);
        throw Error::input("meta-data is not valid UTF-8").at(source, p.line, p.column);
    }
    pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size(), xml_parse_options);
    if (!r) {
        std::size_t off = r.offset < 0 ? 0 : static_cast<std::size_t>(r.offset);
        Position p = position_of(xml, std::min(off, xml.size()));
        throw Error::input(std::string("not well-formed XML: ") + r.description())
            .at(source, p.line, p.column);
    }
    if (!doc.document_element()) {
        throw Error::input("not well-formed XML: no root element").at(source);
    }
    // Text outside the root element is not well-formed either.
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
        if ((n.type() == pugi::node_pcdata && !is_blank(n.value())) ||
            n.type() == pugi::node_cdata) {
            throw Error::input("not well-formed XML: content outside the root element")
                .at(source, line_of(xml, n));
        }
    }
    check_tree(doc, xml, source);
}

std::string all_text(const pugi::xml_node& node) {
    std::string out;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            out += c.value();
        } else if (c.type() == pugi::node_element) {
            out += all_text(c);
        }
    }
    return out;
}

} // namespace corral::ocf::detail
