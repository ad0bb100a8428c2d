# notify (S3 half): SigV4 hashing and madmin-go encryption need OpenSSL libcrypto and libargon2.
# They live in the corral-notify-crypto module, loaded on first use (lib/notify/crypto.hpp), so the
# executable links neither. Unit tests link the same code statically (corral_notify_crypto_impl).
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
find_package(pugixml REQUIRED)
find_library(ARGON2_LIBRARY NAMES argon2 REQUIRED)
find_path(ARGON2_INCLUDE_DIR argon2.h REQUIRED)

# pugixml parses notification XML in the executable itself (small, no start-up cost worth a module).
target_link_libraries(corral_notify PUBLIC pugixml::pugixml)

add_library(corral_notify_crypto_impl STATIC ${CMAKE_CURRENT_SOURCE_DIR}/crypto_openssl_module.cpp)
target_include_directories(corral_notify_crypto_impl PRIVATE ${ARGON2_INCLUDE_DIR})
target_link_libraries(corral_notify_crypto_impl PUBLIC corral_core OpenSSL::Crypto ${ARGON2_LIBRARY})
corral_add_module(notify-crypto SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/crypto_openssl_module.cpp
                  LIBS OpenSSL::Crypto ${ARGON2_LIBRARY})
target_include_directories(corral-notify-crypto PRIVATE ${ARGON2_INCLUDE_DIR})

# Unit tests of this domain link the implementation directly (tests/CMakeLists.txt reads this).
set_property(GLOBAL APPEND PROPERTY CORRAL_UNIT_LIBS_notify corral_notify_crypto_impl)
