# corral_add_module(NAME SOURCES ... LIBS ...)
# Builds corral-NAME.so, a module the executable dlopen()s on first use (lib/core/module.hpp), so that
# heavy libraries (libcurl, librdkafka, OpenSSL) cost nothing to commands that do not use them.
# A module is self-contained: it links its own copy of the static libraries it uses (LIBS), and the
# executable exports nothing. Entry points are extern "C" factories declared in lib/.
add_custom_target(corral_modules)
function(corral_add_module name)
  cmake_parse_arguments(M "" "" "SOURCES;LIBS" ${ARGN})
  add_library(corral-${name} MODULE ${M_SOURCES})
  set_target_properties(corral-${name} PROPERTIES PREFIX "" LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  target_include_directories(corral-${name} PRIVATE ${CMAKE_SOURCE_DIR}/lib ${CMAKE_SOURCE_DIR})
  target_link_libraries(corral-${name} PRIVATE ${M_LIBS} corral_core)
  if(NOT CORRAL_SANITIZE AND NOT CORRAL_FUZZ)  # sanitizer runtimes resolve from the executable
    target_link_options(corral-${name} PRIVATE -Wl,--no-undefined)
  endif()
  add_dependencies(corral_modules corral-${name})
  install(TARGETS corral-${name} LIBRARY DESTINATION ${CORRAL_MODULE_DIR})
endfunction()
