# librdkafka lives only in the corral-kafka module (lib/notify/kafka_rdkafka_module.cpp), loaded
# by the first command that talks to Kafka; the executable never links it (SPEC §0 start-up).
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka++ rdkafka)
corral_add_module(kafka SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/kafka_rdkafka_module.cpp
                  LIBS corral_notify PkgConfig::RDKAFKA)
