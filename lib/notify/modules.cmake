include(${CMAKE_CURRENT_SOURCE_DIR}/modules-s3.cmake OPTIONAL)
include(${CMAKE_CURRENT_SOURCE_DIR}/modules-kafka.cmake OPTIONAL)
