#pragma once
// Public fixtures (Mesos states, MinIO payloads, AWS SigV4 vectors) live in ../shared/data beside
// the checkout and are read in place, never copied into tests/data. CMake passes the folder as
// CORRAL_SHARED_DATA. A case that needs it starts with CORRAL_REQUIRE_SHARED_DATA(): when the
// folder is absent (a lone clone) the case prints the skip marker and returns, and ctest reports it
// as "Skipped" (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt) instead of passing or failing.
#include <filesystem>
#include <iostream>
#include <string>

namespace corral::test {

inline std::string shared_data(const std::string& relative) {
    return std::string(CORRAL_SHARED_DATA) + "/" + relative;
}

inline bool shared_data_present() {
    std::error_code ec;
    return std::filesystem::is_directory(CORRAL_SHARED_DATA, ec);
}

} // namespace corral::test

#define CORRAL_REQUIRE_SHARED_DATA()                                                               \
    do {                                                                                           \
        if (!::corral::test::shared_data_present()) {                                              \
            std::cout << "CORRAL_TEST_SKIPPED: needs the public fixtures in " CORRAL_SHARED_DATA   \
                         " (configure with -DCORRAL_SHARED_DATA=DIR)\n"                            \
                      << std::flush;                                                               \
            return;                                                                                \
        }                                                                                          \
    } while (false)
