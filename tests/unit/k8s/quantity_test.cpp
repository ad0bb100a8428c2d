// resource.Quantity parsing, restating apimachinery's pkg/api/resource/quantity_test.go
// (TestQuantityParse valid and invalid tables; values compared as Value()/MilliValue()).
#include "k8s/quantity.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using corral::k8s::parse_quantity;

namespace {
std::int64_t milli(const char* s) {
    auto q = parse_quantity(s);
    REQUIRE(q);
    return q->milli_value();
}
std::int64_t value(const char* s) {
    auto q = parse_quantity(s);
    REQUIRE(q);
    return q->value();
}
} // namespace

TEST_CASE("Quantity: binary suffixes (TestQuantityParse)", "[quantity]") {
    CHECK(value("0Ki") == 0);
    CHECK(value("1Ki") == 1024);
    CHECK(value("8Ki") == 8 * 1024);
    CHECK(value("7Mi") == 7LL << 20);
    CHECK(value("6Gi") == 6LL << 30);
    CHECK(value("5Ti") == 5LL << 40);
    CHECK(value("4Pi") == 4LL << 50);
    CHECK(value("3Ei") == 3LL << 60);
    CHECK(value("10Ti") == 10LL << 40);
    CHECK(value("100Ti") == 100LL << 40);
    CHECK(value("1.5Gi") == 1610612736);
    CHECK(value("0.5Ki") == 512);
    CHECK(value("1.1Ki") == 1127); // 1126.4 rounds up
    CHECK(value("200Mi") == 209715200);
}

TEST_CASE("Quantity: decimal suffixes and exponents (TestQuantityParse)", "[quantity]") {
    CHECK(value("0") == 0);
    CHECK(milli("5n") == 1); // rounds up to the smallest milli unit
    CHECK(milli("4u") == 1);
    CHECK(milli("3m") == 3);
    CHECK(value("9") == 9);
    CHECK(value("8k") == 8000);
    CHECK(value("50k") == 50000);
    CHECK(value("7M") == 7000000);
    CHECK(value("6G") == 6000000000LL);
    CHECK(value("5T") == 5000000000000LL);
    CHECK(value("40T") == 40000000000000LL);
    CHECK(value("300T") == 300000000000000LL);
    CHECK(value("2P") == 2000000000000000LL);
    CHECK(value("1E") == 1000000000000000000LL);
    CHECK(milli("1E-3") == 1);
    CHECK(value("1e3") == 1000);
    CHECK(value("2e3") == 2000);
    CHECK(value("1E6") == 1000000);
    CHECK(value("1e9") == 1000000000);
    CHECK(value("1E12") == 1000000000000LL);
    CHECK(value("1e15") == 1000000000000000LL);
    CHECK(value("1E18") == 1000000000000000000LL);
    CHECK(milli("100m") == 100);
    CHECK(milli("1.5") == 1500);
    CHECK(milli("0.1") == 100);
    CHECK(milli("12345m") == 12345);
    CHECK(value("12345m") == 13); // Value() rounds up
    CHECK(milli("0.0001") == 1);
    CHECK(milli("+1") == 1000);
    CHECK(milli("1.") == 1000); // "1.G" style is accepted upstream (TODO in quantity.go)
    CHECK(value("1.G") == 1000000000);
    CHECK(value("000001") == 1);
    CHECK(value("0.000000001G") == 1);
    CHECK(milli("-1") == -1000); // parses; non-negativity is the API server's rule
}

TEST_CASE("Quantity: huge values saturate (maxAllowed)", "[quantity]") {
    CHECK(value("100000000000000000000") == INT64_MAX);
    CHECK(value("9Ei") == INT64_MAX);
    CHECK(milli("9223372036854775807") == INT64_MAX);
}

TEST_CASE("Quantity: invalid (TestQuantityParse invalid list)", "[quantity]") {
    struct C {
        const char* text;
        const char* error;
    };
    using corral::k8s::kQuantityFormatError;
    using corral::k8s::kQuantitySuffixError;
    const C cases[] = {
        {"1.1.M", kQuantityFormatError},   {"1+1.0M", kQuantityFormatError},
        {"0.1mi", kQuantitySuffixError},   {"0.1am", kQuantityFormatError},
        {"aoeu", kQuantityFormatError},    {".5i", kQuantitySuffixError},
        {"1i", kQuantitySuffixError},      {"-3.01i", kQuantitySuffixError},
        {"-3.01e-", kQuantitySuffixError}, {"1 ", kQuantityFormatError},
        {"1i ", kQuantityFormatError},     {" 1", kQuantityFormatError},
        {" 1i", kQuantityFormatError},     {"1.5.5", kQuantityFormatError},
        {"", kQuantityFormatError},        {"1e", kQuantitySuffixError},
        {"1e2.3", kQuantityFormatError},   {"1.1E", nullptr},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        std::string error;
        auto q = parse_quantity(c.text, &error);
        if (!c.error) {
            CHECK(q); // "1.1E" is 1.1 exa, valid
            continue;
        }
        CHECK_FALSE(q);
        CHECK(error == c.error);
    }
}
