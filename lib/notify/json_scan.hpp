// JSON byte scanning shared by the MinIO event decoders (event_decode.cpp, event_scan.cpp) and
// the jsonl/text renderers: SIMD runs of bytes that need no attention, and string unescaping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace corral::notify::json {

// Nesting deeper than this is refused by both decoders.
constexpr int max_depth = 128;

// Byte scanning, 16 bytes at a time (SSE2 is part of x86-64) or 8 (SWAR) elsewhere. Each returns
// the length of the leading run of bytes that need no attention, at most `n`; the callers then
// look at the byte that ended the run one at a time. The string scan was ~30 % of `notify watch`'s
// CPU before (issue 16), the output escaping 9 %.
#if defined(__SSE2__)
// Bytes < 0x20, as unsigned: max(v, 0x1f) == 0x1f.
inline __m128i control_bytes(__m128i v) {
    const __m128i x1f = _mm_set1_epi8(0x1f);
    return _mm_cmpeq_epi8(_mm_max_epu8(v, x1f), x1f);
}
inline __m128i byte_is(__m128i v, char c) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}
inline __m128i load16(const char* p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
#endif

inline std::uint64_t load8(const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// Whether any byte of v is '"', '\\' or a control character (byte order does not matter; no false
// negatives).
inline bool swar_has_special(std::uint64_t v) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & high; };
    std::uint64_t below_space = (v - ones * 0x20) & ~v & high;
    return (zero_byte(v ^ (ones * '"')) | zero_byte(v ^ (ones * '\\')) | below_space) != 0;
}

// Leading run of JSON string bytes other than '"', '\\' and control characters.
inline std::size_t plain_string_run(const char* p, std::size_t n) {
    std::size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        __m128i v = load16(p + i);
        int mask = _mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(byte_is(v, '"'), byte_is(v, '\\')), control_bytes(v)));
        if (mask != 0) {
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        }
    }
#endif
    while (i + 8 <= n && !swar_has_special(load8(p + i))) {
        i += 8;
    }
    while (i < n) {
        auto c = static_cast<unsigned char>(p[i]);
        if (c == '"' || c == '\\' || c < 0x20) {
            break;
        }
        ++i;
    }
    return i;
}

// Leading run of ASCII that a JSON writer copies as is: no control character, '"', '\\' or byte
// >= 0x80 (UTF-8, validated one sequence at a time by the caller).
inline std::size_t plain_ascii_run(const char* p, std::size_t n) {
    std::size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        __m128i v = load16(p + i);
        int mask = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(byte_is(v, '"'), byte_is(v, '\\')),
                                                  control_bytes(v))) |
                   _mm_movemask_epi8(v);
        if (mask != 0) {
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        }
    }
#endif
    while (i < n) {
        auto c = static_cast<unsigned char>(p[i]);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
            break;
        }
        ++i;
    }
    return i;
}

// Leading run of bytes a text line shows as they are: no control character, DEL or '\\'.
inline std::size_t visible_run(const char* p, std::size_t n) {
    std::size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        __m128i v = load16(p + i);
        int mask = _mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(byte_is(v, '\x7f'), byte_is(v, '\\')), control_bytes(v)));
        if (mask != 0) {
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        }
    }
#endif
    while (i < n) {
        auto c = static_cast<unsigned char>(p[i]);
        if (c < 0x20 || c == 0x7F || c == '\\') {
            break;
        }
        ++i;
    }
    return i;
}

// Appends the decoded form of a validated JSON string body (without quotes) that contains at
// least one escape. Lone surrogates become U+FFFD.
void append_unescaped(std::string& out, std::string_view raw);

} // namespace corral::notify::json
