# Start-up (SPEC §0, issue 16): every shared library the executable needs costs the dynamic loader
# a lookup per bound symbol at each start; with yaml-cpp, fmt and pugixml shared, 36 % of the
# start-up CPU of `corral --version` was relocation. Debian 12 ships libyaml-cpp.a and
# libpugixml.a but no libfmt.a: those two are linked statically when their archives exist, and
# fmt's compiled part (fmt's own src/format.cc: format-inl.h plus its explicit instantiations) is
# built into corral_core from lib/core/fmt_format.cpp. Only libstdc++, libm, libgcc_s and libc are
# then loaded at start; the network libraries stay in the dlopen()ed modules.
#
# Defines corral::yaml-cpp and corral::fmt (what corral_core links) and, when static, points the
# imported pugixml::pugixml at pugixml::static so that every domain library picks it up unchanged.
find_library(CORRAL_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a)
find_package(pugixml REQUIRED)
if(CORRAL_YAML_CPP_ARCHIVE AND TARGET pugixml::static)
  set(corral_static_default ON)
else()
  set(corral_static_default OFF)
endif()
option(CORRAL_STATIC_DEPS "Link yaml-cpp, pugixml and fmt statically (faster start-up)"
       ${corral_static_default})

add_library(corral_deps_yaml INTERFACE)
add_library(corral::yaml-cpp ALIAS corral_deps_yaml)
add_library(corral_deps_fmt INTERFACE)
add_library(corral::fmt ALIAS corral_deps_fmt)
if(CORRAL_STATIC_DEPS AND NOT CORRAL_YAML_CPP_ARCHIVE)
  message(FATAL_ERROR "CORRAL_STATIC_DEPS: libyaml-cpp.a not found")
endif()
if(CORRAL_STATIC_DEPS AND NOT TARGET pugixml::static)
  message(FATAL_ERROR "CORRAL_STATIC_DEPS: libpugixml.a not found")
endif()
if(CORRAL_STATIC_DEPS)
  get_target_property(corral_yaml_includes yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
  target_link_libraries(corral_deps_yaml INTERFACE ${CORRAL_YAML_CPP_ARCHIVE})
  if(corral_yaml_includes)
    target_include_directories(corral_deps_yaml SYSTEM INTERFACE ${corral_yaml_includes})
  endif()
  get_target_property(corral_fmt_includes fmt::fmt INTERFACE_INCLUDE_DIRECTORIES)
  if(corral_fmt_includes)
    target_include_directories(corral_deps_fmt SYSTEM INTERFACE ${corral_fmt_includes})
  endif()
  set_target_properties(pugixml::pugixml PROPERTIES INTERFACE_LINK_LIBRARIES pugixml::static)
  message(STATUS "corral: yaml-cpp, pugixml and fmt linked statically (CORRAL_STATIC_DEPS)")
else()
  target_link_libraries(corral_deps_yaml INTERFACE yaml-cpp)
  target_link_libraries(corral_deps_fmt INTERFACE fmt::fmt)
endif()

# Fewer, cheaper dynamic relocations: -O1 optimises the hash tables the loader searches,
# --as-needed drops DT_NEEDED entries nothing references, --hash-style=gnu (Debian's default,
# stated for other toolchains) uses the bloom-filtered lookup.
add_link_options(LINKER:-O1 LINKER:--as-needed LINKER:--hash-style=gnu)
