#include "k8s/sched/fix.hpp"

#include "core/yaml.hpp"

#include <algorithm>

namespace corral::k8s {

namespace {

struct Edit {
    std::size_t begin = 0, end = 0;
    std::string text;
};

class TextEditor {
public:
    TextEditor(const std::string& text, const YamlDocument& doc) : m_text(text), m_doc(doc) {
        m_line_starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') {
                m_line_starts.push_back(i + 1);
            }
        }
    }

    // Rewrites `node` (holding `before`) so that it holds `after`; false when it cannot be done in
    // place (the caller then rewrites the enclosing entry).
    bool edit(const YAML::Node& node, const Json& before, const Json& after) {
        if (before == after) {
            return true;
        }
        if (node.IsScalar() && !before.is_structured() && !after.is_structured()) {
            return replace_scalar(node, after);
        }
        if (node.IsMap() && node.Style() == YAML::EmitterStyle::Block && before.is_object() &&
            after.is_object()) {
            return edit_map(node, before, after);
        }
        if (node.IsSequence() && node.Style() == YAML::EmitterStyle::Block && before.is_array() &&
            after.is_array()) {
            return edit_sequence(node, before, after);
        }
        return false;
    }

    std::string apply(std::vector<Edit> extra = {}) const {
        std::vector<Edit> edits = m_edits;
        for (auto& e : extra) {
            edits.push_back(std::move(e));
        }
        std::sort(edits.begin(), edits.end(),
                  [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
        std::string out = m_text;
        for (const auto& e : edits) {
            out.replace(e.begin, e.end - e.begin, e.text);
        }
        return out;
    }

private:
    const std::string& m_text;
    const YamlDocument& m_doc;
    std::vector<std::size_t> m_line_starts;
    std::vector<Edit> m_edits;

    std::size_t line_index(const YAML::Node& node) const {
        return static_cast<std::size_t>(m_doc.line_of(node) - 1);
    }
    std::size_t offset(const YAML::Node& node) const {
        return m_line_starts[line_index(node)] + static_cast<std::size_t>(node.Mark().column);
    }
    std::size_t line_start(std::size_t index) const {
        return index < m_line_starts.size() ? m_line_starts[index] : m_text.size();
    }
    std::string line(std::size_t index) const {
        std::size_t begin = line_start(index);
        std::size_t end = line_start(index + 1);
        return m_text.substr(begin, end - begin);
    }
    // Column of the first non-blank character, npos for blank lines.
    std::size_t indentation(std::size_t index) const {
        std::string text = line(index);
        std::size_t first = text.find_first_not_of(" \t\r\n");
        return first;
    }
    // First line after `first` that starts at or left of `column` (blank lines do not count);
    // trailing blank lines stay outside. A mapping entry's block sequence may sit at the key's
    // own column ("key:\n- item"): `dash_continues` keeps those lines inside.
    std::size_t block_end(std::size_t first, std::size_t column,
                          bool dash_continues = false) const {
        std::size_t end = first + 1;
        std::size_t last_content = first;
        for (; line_start(end) < m_text.size(); ++end) {
            std::size_t indent = indentation(end);
            if (indent == std::string::npos) {
                continue;
            }
            bool dash =
                line(end).compare(indent, 2, "- ") == 0 || line(end).compare(indent, 2, "-\n") == 0;
            if (indent < column || (indent == column && !(dash_continues && dash))) {
                break;
            }
            last_content = end;
        }
        return last_content + 1;
    }

    static std::string indented(const std::string& yaml, std::size_t indent,
                                const std::string& first_prefix = "") {
        std::string out;
        std::size_t start = 0;
        bool first = true;
        while (start < yaml.size()) {
            std::size_t end = yaml.find('\n', start);
            if (end == std::string::npos) {
                end = yaml.size();
            }
            std::string text = yaml.substr(start, end - start);
            out += (first ? std::string(indent, ' ') + first_prefix
                          : std::string(indent + first_prefix.size(), ' ')) +
                   text + "\n";
            first = false;
            start = end + 1;
        }
        return out;
    }

    static std::string scalar_text(const Json& value) {
        if (value.is_string()) {
            return yaml_scalar(value.get<std::string>());
        }
        if (value.is_null()) {
            return "null";
        }
        return value.dump();
    }

    bool replace_scalar(const YAML::Node& node, const Json& after) {
        std::size_t begin = offset(node);
        std::size_t line_end = line_start(line_index(node) + 1);
        if (line_end > 0 && line_end <= m_text.size() && m_text[line_end - 1] == '\n') {
            --line_end;
        }
        if (begin >= line_end) {
            return false; // a column past the line (multi-byte characters before it)
        }
        std::size_t end = begin;
        char quote = begin < m_text.size() ? m_text[begin] : '\0';
        if (quote == '"' || quote == '\'') {
            end = begin + 1;
            while (end < line_end && m_text[end] != quote) {
                end += (quote == '"' && m_text[end] == '\\') ? 2 : 1;
            }
            if (end >= line_end) {
                return false; // a multi-line quoted scalar
            }
            ++end;
        } else {
            std::string rest = m_text.substr(begin, line_end - begin);
            std::size_t comment = rest.find(" #");
            rest = rest.substr(0, comment);
            std::size_t last = rest.find_last_not_of(" \t\r");
            end = begin + (last == std::string::npos ? 0 : last + 1);
            if (rest.find_first_of("{}[],") != std::string::npos) {
                return false; // inside a flow collection
            }
        }
        std::string replacement = scalar_text(after);
        if (after.is_string() && quote == '"') {
            replacement = json_quote(after.get<std::string>()); // keep the user's quoting
        } else if (after.is_string() && quote == '\'') {
            std::string quoted = "'";
            for (char c : after.get<std::string>()) {
                quoted += c == '\'' ? std::string("''") : std::string(1, c);
            }
            replacement = quoted + "'";
        }
        m_edits.push_back({begin, end, replacement});
        return true;
    }

    // The lines of a block-mapping entry whose key starts its line (not "- key:").
    bool entry_lines(const YAML::Node& key, std::size_t& first, std::size_t& end) const {
        first = line_index(key);
        std::size_t column = static_cast<std::size_t>(key.Mark().column);
        if (indentation(first) != column) {
            return false;
        }
        end = block_end(first, column, true);
        return true;
    }

    bool edit_map(const YAML::Node& node, const Json& before, const Json& after) {
        std::size_t first_key_column = std::string::npos;
        std::size_t insert_at = 0;
        for (const auto& entry : node) {
            const YAML::Node& key_node = entry.first;
            std::string key = key_node.Scalar();
            if (first_key_column == std::string::npos) {
                first_key_column = static_cast<std::size_t>(key_node.Mark().column);
            }
            std::size_t first = 0, end = 0;
            bool own_lines = entry_lines(key_node, first, end);
            insert_at = std::max(
                insert_at,
                own_lines ? line_start(end)
                          : line_start(block_end(line_index(key_node), first_key_column, true)));
            if (!before.contains(key)) {
                continue; // an explicit null the decoder dropped
            }
            if (!after.contains(key)) {
                if (!own_lines) {
                    return false;
                }
                m_edits.push_back({line_start(first), line_start(end), ""});
                continue;
            }
            std::size_t mark = m_edits.size();
            if (!edit(entry.second, before[key], after[key])) {
                m_edits.resize(mark);
                if (!own_lines) {
                    return false;
                }
                m_edits.push_back({line_start(first), line_start(end),
                                   indented(to_yaml(Json{{key, after[key]}}), first_key_column)});
            }
        }
        for (const auto& [key, value] : after.items()) {
            if (!before.contains(key) && !node[key]) {
                m_edits.push_back({insert_at, insert_at,
                                   indented(to_yaml(Json{{key, value}}), first_key_column)});
            }
        }
        return true;
    }

    // The lines of a block-sequence item ("- ..." to the next line at or left of the dash).
    bool item_lines(const YAML::Node& item, std::size_t& first, std::size_t& end,
                    std::size_t& dash) const {
        first = line_index(item);
        std::string text = line(first);
        std::size_t column = static_cast<std::size_t>(item.Mark().column);
        std::size_t found = text.rfind('-', column);
        if (found == std::string::npos || text.find_first_not_of(' ') != found) {
            return false;
        }
        dash = found;
        end = block_end(first, dash);
        return true;
    }

    bool edit_sequence(const YAML::Node& node, const Json& before, const Json& after) {
        if (before.size() == after.size() && node.size() == before.size()) {
            for (std::size_t i = 0; i < node.size(); ++i) {
                std::size_t mark = m_edits.size();
                if (edit(node[i], before[i], after[i])) {
                    continue;
                }
                m_edits.resize(mark);
                std::size_t first = 0, end = 0, dash = 0;
                if (!item_lines(node[i], first, end, dash)) {
                    return false;
                }
                m_edits.push_back(
                    {line_start(first), line_start(end), indented(to_yaml(after[i]), dash, "- ")});
            }
            return true;
        }
        // Items removed, the others unchanged and in order: delete the removed items' lines.
        if (node.size() != before.size() || after.size() > before.size()) {
            return false;
        }
        std::vector<Edit> deletions;
        std::size_t kept = 0;
        for (std::size_t i = 0; i < before.size(); ++i) {
            if (kept < after.size() && before[i] == after[kept]) {
                ++kept;
                continue;
            }
            std::size_t first = 0, end = 0, dash = 0;
            if (!item_lines(node[i], first, end, dash)) {
                return false;
            }
            deletions.push_back({line_start(first), line_start(end), ""});
        }
        if (kept != after.size()) {
            return false;
        }
        m_edits.insert(m_edits.end(), deletions.begin(), deletions.end());
        return true;
    }
};

} // namespace

std::string edit_scheduler_config_text(const InputFile& input, const Json& before,
                                       const Json& after) {
    auto documents = load_yaml_documents(input);
    for (const auto& doc : documents) {
        if (!doc.root || doc.root.IsNull()) {
            continue;
        }
        TextEditor editor(input.content, doc);
        if (editor.edit(doc.root, before, after)) {
            return editor.apply();
        }
        // Not a block document (JSON, flow style): the document is re-emitted, the rest kept.
        std::size_t begin = doc.offset;
        std::size_t end = doc.offset + doc.text.size();
        return input.content.substr(0, begin) + to_yaml(after) + input.content.substr(end);
    }
    return to_yaml(after);
}

} // namespace corral::k8s
