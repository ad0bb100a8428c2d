// A forward-only JSON pull reader over text in memory, for master states of 100 MB and more:
// values the views do not need are skipped without being built (strings found with memchr), and
// the ones they need are read straight into the model or, for small subtrees, into a Json.
#pragma once

#include "core/output.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corral::mesos {

class JsonReader {
public:
    JsonReader(std::string_view text, std::string name) : m_text(text), m_name(std::move(name)) {}

    enum class Kind { object, array, string, number, boolean, null, end };
    Kind peek();

    // Objects: `begin_object()` then `while (next_key(key)) { ...read or skip the value... }`.
    void begin_object();
    bool next_key(std::string& key);
    // Arrays: `begin_array()` then `while (next_element()) { ...read the value... }`.
    void begin_array();
    bool next_element();

    std::string read_string();
    double read_number();
    bool read_bool();
    void read_null();
    void skip();
    // Builds the value as a Json, leaving out members whose key `drop` accepts.
    Json read_json(const std::function<bool(std::string_view)>& drop = {});
    // After the top-level value: only whitespace may follow.
    void finish();

    std::size_t offset() const { return m_pos; }
    // Moves to `offset` (a value start found by an earlier pass) with no container open.
    void skip_to(std::size_t offset) {
        m_pos = offset;
        m_depth = 0;
        m_first.clear();
        m_keys.clear();
        m_key_starts.clear();
        m_key_seen.clear();
    }
    std::string_view text() const { return m_text; }
    [[noreturn]] void fail(const std::string& what) const;

private:
    void ws() {
        // Compact JSON (Mesos') has no blanks; pretty or Python-written JSON has single spaces.
        while (m_pos < m_text.size() && static_cast<unsigned char>(m_text[m_pos]) <= ' ') {
            char c = m_text[m_pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            ++m_pos;
        }
    }
    char expect_any() {
        ws();
        if (m_pos >= m_text.size()) {
            fail("unexpected end of input");
        }
        return m_text[m_pos];
    }
    void parse_string_into(std::string* out);
    std::string_view number_span();
    void literal(std::string_view word);
    void enter();
    void leave() { --m_depth; }
    void close_object();

    std::string_view m_text;
    std::string m_name;
    std::size_t m_pos = 0;
    int m_depth = 0;
    // per open container: true once the first member/element was read
    std::string m_first; // stack of '0'/'1'
    // Keys of the open objects as (offset, length) of their raw text, and where each object's
    // keys start: duplicates are refused.
    std::vector<std::pair<std::size_t, std::uint32_t>> m_keys;
    std::vector<std::size_t> m_key_starts;
    // Per open object, one bit per key hash: a key whose bit is clear is new without comparing
    // it with the others (a task's nine keys took 36 comparisons).
    std::vector<std::uint64_t> m_key_seen;
};

// The members of an object being read, in document order, keys unique (next_key refuses
// duplicates).
using JsonMembers = std::vector<std::pair<std::string, Json>>;
// The object of `members`, built without the copies of `j[key] = value`: nlohmann's ordered_map
// is a vector of pair<const std::string, Json>, which grows by deep-copying every member.
Json json_object(JsonMembers&& members);

} // namespace corral::mesos
