// Kafka broker lists, validated once for both halves of `corral notify`: the consumer flags
// (--brokers / CORRAL_KAFKA_BROKERS of topic|watch|verify) and the MinIO Kafka target's `brokers`
// (notify target kafka). One set of rules and messages; the only difference is whether spaces
// around the commas are tolerated (MinIO splits its setting on ',' only, so a space would end up
// in a broker address there).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corral::notify {

enum class BrokerSpaces {
    trimmed, // "k1:9092, k2:9092" is two brokers (client flags)
    refused  // a space is an error (MinIO's target setting)
};

// Comma-separated HOST:PORT entries (IPv6 as [ADDR]:PORT): no scheme, port 1-65535 required,
// host names of DNS labels (letters, digits, '-', '_'; one trailing dot allowed, as
// minio/pkg net.ParseHost). Returns the entries; Error::usage naming `flag` and the bad entry.
std::vector<std::string> parse_broker_list(std::string_view text, std::string_view flag,
                                           BrokerSpaces spaces = BrokerSpaces::trimmed);

} // namespace corral::notify
