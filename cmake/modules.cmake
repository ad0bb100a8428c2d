# Every loadable module of corral, in one place (included by the top-level CMakeLists.txt once the
# domain libraries exist). A module is corral-NAME.so, dlopen()ed on first use (lib/core/module.hpp),
# so that heavy libraries (libcurl, librdkafka, OpenSSL) cost nothing to commands that do not use
# them (SPEC §0 start-up). Its implementation is lib/<domain>/*_module.cpp; the unit tests link the
# same source statically as corral_<...>_impl.

# http: libcurl (lib/core/http.hpp).
add_library(corral_http_impl STATIC lib/core/http_curl_module.cpp)
target_link_libraries(corral_http_impl PUBLIC corral_core CURL::libcurl)
corral_add_module(http SOURCES lib/core/http_curl_module.cpp LIBS CURL::libcurl)

# notify-crypto: SigV4 hashing and madmin-go encryption need OpenSSL libcrypto and libargon2
# (lib/notify/s3/crypto.hpp).
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
find_library(ARGON2_LIBRARY NAMES argon2 REQUIRED)
find_path(ARGON2_INCLUDE_DIR argon2.h REQUIRED)
add_library(corral_notify_crypto_impl STATIC lib/notify/s3/crypto_openssl_module.cpp)
target_include_directories(corral_notify_crypto_impl PRIVATE ${ARGON2_INCLUDE_DIR})
target_link_libraries(corral_notify_crypto_impl PUBLIC corral_core OpenSSL::Crypto ${ARGON2_LIBRARY})
corral_add_module(notify-crypto SOURCES lib/notify/s3/crypto_openssl_module.cpp
                  LIBS OpenSSL::Crypto ${ARGON2_LIBRARY})
target_include_directories(corral-notify-crypto PRIVATE ${ARGON2_INCLUDE_DIR})
# The notify unit tests link the implementation directly (tests/CMakeLists.txt reads this).
set_property(GLOBAL APPEND PROPERTY CORRAL_UNIT_LIBS_notify corral_notify_crypto_impl)

# kafka: librdkafka, loaded by the first command that talks to Kafka (lib/notify/kafka/kafka.hpp).
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka++ rdkafka)
corral_add_module(kafka SOURCES lib/notify/kafka/rdkafka_module.cpp
                  LIBS corral_notify PkgConfig::RDKAFKA)

# The module sources, for the source-list check (cmake/check_sources.cmake).
set(CORRAL_MODULE_SOURCES lib/core/http_curl_module.cpp lib/notify/s3/crypto_openssl_module.cpp
    lib/notify/kafka/rdkafka_module.cpp)
