#include "notify/event_scan.hpp"

#include "core/http.hpp"
#include "notify/json_scan.hpp"

#include <charconv>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace corral::notify {

namespace {

using Field = EventScanner::Field;
using RecordFields = EventScanner::RecordFields;

#if defined(__SSE2__)
// 16 bits: which bytes of p[0, 16) are '"', '\\' or control characters.
inline std::uint64_t special16(const char* p) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i x1f = _mm_set1_epi8(0x1f);
    __m128i special = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
        _mm_cmpeq_epi8(_mm_max_epu8(v, x1f), x1f)); // v <= 0x1f
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(special)));
}

// Whole 64-byte blocks of p into masks[0, blocks).
void special_blocks_sse2(const char* p, std::size_t blocks, std::uint64_t* masks) {
    for (std::size_t b = 0; b < blocks; ++b, p += 64) {
        masks[b] = special16(p) | special16(p + 16) << 16 | special16(p + 32) << 32 |
                   special16(p + 48) << 48;
    }
}
#endif

// Bit i of masks[i / 64] is set when text[i] is '"', '\\' or a control character: the bytes a
// string scan stops at. One pass over the payload, 16 bytes at a time, instead of a scan
// per string (a MinIO event has ~70 strings, most of them shorter than 16 bytes; the per-string
// scans were a third of `notify watch`'s CPU).
void special_masks(std::string_view text, std::vector<std::uint64_t>& masks) {
    std::size_t n = text.size();
    masks.assign(n / 64 + 1, 0);
    const char* p = text.data();
    std::size_t blocks = n / 64;
#if defined(__SSE2__)
    special_blocks_sse2(p, blocks, masks.data());
#else
    blocks = 0;
#endif
    for (std::size_t i = blocks * 64; i < n; ++i) {
        auto c = static_cast<unsigned char>(p[i]);
        if (c == '"' || c == '\\' || c < 0x20) {
            masks[i / 64] |= std::uint64_t{1} << (i % 64);
        }
    }
}

// The grammar is the tree decoder's (event_decode.cpp Parser, RFC 8259) byte for byte: anything
// that one refuses, this one refuses too (then the tree decoder reports it). Every function
// returns false to decline.
class Scan {
public:
    // `masks`: special_masks(text).
    Scan(std::string_view text, const std::vector<std::uint64_t>& masks)
        : m_begin(text.data()), m_p(text.data()), m_end(text.data() + text.size()),
          m_masks(masks.data()), m_blocks(masks.size()) {}

    bool document(Field& event_name, Field& event_type, Field& key,
                  std::vector<RecordFields>& records) {
        ws();
        if (!at('{')) {
            return false; // also empty and non-object documents: the tree decoder says which
        }
        bool seen_records = false;
        bool ok = members(0, [&](std::string_view name, int depth) {
            if (name == "EventName") {
                return field(event_name, depth);
            }
            if (name == "EventType") {
                return field(event_type, depth);
            }
            if (name == "Key") {
                return field(key, depth);
            }
            if (name == "Records") {
                if (seen_records || !at('[')) {
                    return false;
                }
                seen_records = true;
                return record_array(depth, records);
            }
            return value(depth);
        });
        if (!ok || !seen_records) {
            return false; // a bare record (no "Records") is left to the tree decoder
        }
        ws();
        return m_p == m_end;
    }

private:
    bool at(char c) const { return m_p < m_end && *m_p == c; }

    // MinIO writes no white space: one compare in the common case.
    [[gnu::always_inline]] void ws() {
        if (m_p<m_end&& static_cast<unsigned char>(*m_p)> ' ') {
            return;
        }
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) {
            ++m_p;
        }
    }

    // At the opening quote.
    [[gnu::always_inline]] bool string(std::string_view& span, bool& escaped) {
        ++m_p;
        const char* start = m_p;
        escaped = false;
        for (;;) {
            m_p = next_special(m_p);
            if (m_p >= m_end) {
                return false;
            }
            char c = *m_p;
            if (c == '"') {
                span = std::string_view(start, static_cast<std::size_t>(m_p - start));
                ++m_p;
                return true;
            }
            if (c != '\\' || m_end - m_p < 2) {
                return false; // control character, or the message ends in an escape
            }
            escaped = true;
            switch (m_p[1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                m_p += 2;
                break;
            case 'u':
                if (m_end - m_p < 6 || !hex(m_p[2]) || !hex(m_p[3]) || !hex(m_p[4]) ||
                    !hex(m_p[5])) {
                    return false;
                }
                m_p += 6;
                break;
            default:
                return false;
            }
        }
    }

    // The first byte at or after p that a string scan stops at, or m_end.
    const char* next_special(const char* p) const {
        auto i = static_cast<std::size_t>(p - m_begin);
        std::size_t block = i / 64;
        if (block >= m_blocks) {
            return m_end;
        }
        std::uint64_t bits = m_masks[block] & (~std::uint64_t{0} << (i % 64));
        while (bits == 0) {
            if (++block >= m_blocks) {
                return m_end;
            }
            bits = m_masks[block];
        }
        return m_begin + block * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
    }

    static bool hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    bool digit() const { return m_p < m_end && *m_p >= '0' && *m_p <= '9'; }

    bool number() {
        if (at('-')) {
            ++m_p;
        }
        if (!digit()) {
            return false;
        }
        if (*m_p == '0') {
            ++m_p;
        } else {
            while (digit()) {
                ++m_p;
            }
        }
        if (at('.')) {
            ++m_p;
            if (!digit()) {
                return false;
            }
            while (digit()) {
                ++m_p;
            }
        }
        if (at('e') || at('E')) {
            ++m_p;
            if (at('+') || at('-')) {
                ++m_p;
            }
            if (!digit()) {
                return false;
            }
            while (digit()) {
                ++m_p;
            }
        }
        return true;
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() ||
            std::string_view(m_p, word.size()) != word) {
            return false;
        }
        m_p += word.size();
        return true;
    }

    // Any value at m_p (white space skipped), validated and passed over.
    bool value(int depth) {
        if (depth > json::max_depth || m_p >= m_end) {
            return false;
        }
        switch (*m_p) {
        case '{':
            return members<false>(depth, [this](std::string_view, int d) { return value(d); });
        case '[':
            return elements(depth, [this](int d) { return value(d); });
        case '"': {
            std::string_view span;
            bool escaped = false;
            return string(span, escaped);
        }
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    // An object at m_p ('{'); on_member(name, depth of the value) consumes each member's value.
    // Where names are read, an escaped one is declined: it might spell a name the decoder reads.
    template <bool names_read = true, typename OnMember>
    bool members(int depth, OnMember&& on_member) {
        ++m_p;
        ws();
        if (at('}')) {
            ++m_p;
            return true;
        }
        for (;;) {
            ws();
            if (!at('"')) {
                return false;
            }
            std::string_view name;
            bool escaped = false;
            if (!string(name, escaped) || (names_read && escaped)) {
                return false;
            }
            ws();
            if (!at(':')) {
                return false;
            }
            ++m_p;
            ws();
            if (!on_member(name, depth + 1)) {
                return false;
            }
            ws();
            if (at(',')) {
                ++m_p;
                continue;
            }
            if (at('}')) {
                ++m_p;
                return true;
            }
            return false;
        }
    }

    // An array at m_p ('['); on_element(depth of the element) consumes each element.
    template <typename OnElement>
    bool elements(int depth, OnElement&& on_element) {
        ++m_p;
        ws();
        if (at(']')) {
            ++m_p;
            return true;
        }
        for (;;) {
            ws();
            if (!on_element(depth + 1)) {
                return false;
            }
            ws();
            if (at(',')) {
                ++m_p;
                continue;
            }
            if (at(']')) {
                ++m_p;
                return true;
            }
            return false;
        }
    }

    // A member the decoder reads: its second occurrence is declined (the tree decoder reads the
    // first one; MinIO never repeats a member).
    bool field(Field& f, int depth) {
        if (f.kind != Field::absent || m_p >= m_end) {
            return false;
        }
        const char* start = m_p;
        if (*m_p == '"') {
            f.kind = Field::string;
            return string(f.raw, f.escaped);
        }
        if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9')) {
            f.kind = Field::number;
            if (!number()) {
                return false;
            }
            f.raw = std::string_view(start, static_cast<std::size_t>(m_p - start));
            return true;
        }
        f.kind = Field::other;
        return value(depth);
    }

    // A member holding an object the decoder looks into; any other value counts as absent (as
    // the tree decoder's member() of a non-object), a repeat is declined.
    template <typename OnMember>
    bool nested(bool& seen, int depth, OnMember&& on_member) {
        if (seen) {
            return false;
        }
        seen = true;
        if (!at('{')) {
            return value(depth);
        }
        return members(depth, on_member);
    }

    bool record_array(int depth, std::vector<RecordFields>& records) {
        return elements(depth, [&](int d) {
            if (!at('{')) {
                return false; // the tree decoder reports the record
            }
            RecordFields& r = records.emplace_back();
            bool seen_s3 = false;
            bool seen_bucket = false;
            bool seen_object = false;
            return members(d, [&](std::string_view name, int md) {
                if (name == "eventName") {
                    return field(r.event_name, md);
                }
                if (name == "eventTime") {
                    return field(r.event_time, md);
                }
                if (name == "s3") {
                    return nested(seen_s3, md, [&](std::string_view n3, int d3) {
                        return s3_member(r, seen_bucket, seen_object, n3, d3);
                    });
                }
                return value(md);
            });
        });
    }

    bool s3_member(RecordFields& r, bool& seen_bucket, bool& seen_object, std::string_view name,
                   int depth) {
        if (name == "bucket") {
            return nested(seen_bucket, depth, [&](std::string_view n, int d) {
                return n == "name" ? field(r.bucket_name, d) : value(d);
            });
        }
        if (name == "object") {
            return nested(seen_object, depth, [&](std::string_view n, int d) {
                if (n == "key") {
                    return field(r.key, d);
                }
                if (n == "size") {
                    return field(r.size, d);
                }
                if (n == "eTag") {
                    return field(r.etag, d);
                }
                if (n == "sequencer") {
                    return field(r.sequencer, d);
                }
                if (n == "versionId") {
                    return field(r.version_id, d);
                }
                if (n == "contentType") {
                    return field(r.content_type, d);
                }
                return value(d);
            });
        }
        return value(depth);
    }

    const char* m_begin;
    const char* m_p;
    const char* m_end;
    const std::uint64_t* m_masks;
    std::size_t m_blocks;
};

// The tree decoder's text_of(): strings unescaped, numbers as written, anything else "".
void assign_text(std::string& out, const Field& f) {
    out.clear();
    if (f.kind == Field::string && f.escaped) {
        json::append_unescaped(out, f.raw);
    } else if (f.kind == Field::string || f.kind == Field::number) {
        out.append(f.raw);
    }
}

// The tree decoder's size_of(): a non-negative int64 string or number, else absent.
std::optional<std::int64_t> size_of(const Field& f) {
    if (f.kind != Field::string && f.kind != Field::number) {
        return std::nullopt;
    }
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(f.raw.data(), f.raw.data() + f.raw.size(), v);
    if (ec != std::errc() || ptr != f.raw.data() + f.raw.size() || v < 0) {
        return std::nullopt;
    }
    return v;
}

} // namespace

bool EventScanner::scan(std::string_view payload, std::string_view message_key,
                        std::vector<MinioEvent>& pool, std::size_t& count) {
    m_records.clear();
    Field event_name;
    Field event_type;
    Field key;
    special_masks(payload, m_masks);
    Scan scan(payload, m_masks);
    if (!scan.document(event_name, event_type, key, m_records) || m_records.empty()) {
        return false;
    }
    assign_text(m_top_event, event_name);
    if (m_top_event.empty()) {
        assign_text(m_top_event, event_type); // MinIO before 2019
    }
    assign_text(m_top_key, key);
    std::string_view top_key = m_top_key.empty() ? message_key : std::string_view(m_top_key);
    std::size_t n = count;
    for (const RecordFields& r : m_records) {
        if (n == pool.size()) {
            pool.emplace_back();
        }
        MinioEvent& e = pool[n++];
        assign_text(e.event, r.event_name);
        if (e.event.empty()) {
            e.event.assign(m_top_event);
        }
        assign_text(e.time, r.event_time);
        assign_text(e.bucket, r.bucket_name);
        e.key.clear();
        if (r.key.kind == Field::string) {
            // Go's url.QueryUnescape as MinIO's producer inverts it (see event_decode.cpp).
            std::string_view raw = r.key.raw;
            if (r.key.escaped) {
                m_scratch.clear();
                json::append_unescaped(m_scratch, raw);
                raw = m_scratch;
            }
            url_decode_append(e.key, raw, true);
        } else if (std::size_t slash = top_key.find('/'); slash != std::string_view::npos) {
            if (e.bucket.empty()) {
                e.bucket.assign(top_key.substr(0, slash));
            }
            e.key.assign(top_key.substr(slash + 1));
        }
        e.size = size_of(r.size);
        assign_text(e.etag, r.etag);
        assign_text(e.sequencer, r.sequencer);
        assign_text(e.version_id, r.version_id);
        assign_text(e.content_type, r.content_type);
        if (e.event.empty() && e.bucket.empty()) {
            return false; // the tree decoder names the record
        }
    }
    count = n;
    return true;
}

} // namespace corral::notify
