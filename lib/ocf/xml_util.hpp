// pugixml helpers shared by the meta-data model and the linter (internal to lib/ocf).
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace corral::ocf::detail {

// Parse options: keep everything a validator must see (comments, PIs, DOCTYPE, whitespace text).
constexpr unsigned xml_parse_options = pugi::parse_default | pugi::parse_comments | pugi::parse_pi |
                                       pugi::parse_doctype | pugi::parse_declaration |
                                       pugi::parse_ws_pcdata;

// Parses `xml` into `doc`; throws Error::input "source:line:col: not well-formed XML: ..." on
// failure, including what pugixml accepts but XML forbids (duplicate attributes, no root).
void load_xml(pugi::xml_document& doc, std::string_view xml, const std::string& source);

// 1-based line of a node (from pugixml's offset_debug).
int line_of(std::string_view xml, const pugi::xml_node& node);

// Line numbers of many nodes of one text: newline offsets indexed once, then binary search.
class LineIndex {
public:
    explicit LineIndex(std::string_view xml);
    int line(const pugi::xml_node& node) const;

private:
    std::size_t m_size;
    std::vector<std::size_t> m_newlines;
};

// All text below `node`, concatenated.
std::string all_text(const pugi::xml_node& node);

bool is_blank(std::string_view s);

} // namespace corral::ocf::detail

namespace corral::ocf {
struct Metadata;
}

namespace corral::ocf::detail {

// The model of an already parsed document (parse_metadata without parsing twice).
Metadata metadata_from_doc(const pugi::xml_document& doc, std::string_view xml,
                           const std::string& source);

} // namespace corral::ocf::detail
