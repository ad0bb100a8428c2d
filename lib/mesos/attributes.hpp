// Agent attributes (src/common/attributes.cpp Attributes::parse): `name:value` pairs split on ';'
// and newline, each on its first ':'; the value goes through values::parse and may be a scalar,
// ranges or text. Where Mesos LOG(FATAL)s (a set, an empty key or value), corral reports an error.
#pragma once

#include "core/output.hpp"
#include "mesos/values.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace corral::mesos {

struct Attribute {
    std::string name;
    Value value; // type scalar, ranges or text
};

// Throws Error::input with Mesos' wording and the offending pair.
std::vector<Attribute> parse_attributes(std::string_view text);

// §7: {"name","type","scalar"|"ranges"|"text"}.
Json attribute_to_json(const Attribute& a);
// The attribute value as text ("centos5", "[1-2]", "4.5").
std::string format_attribute_value(const Value& v);

} // namespace corral::mesos
