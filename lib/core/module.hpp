// Lazily loaded modules (SPEC §0 start-up target): code that needs libcurl, librdkafka or OpenSSL
// is built as corral-NAME.so (cmake: corral_add_module) and loaded with dlopen() by the first
// command that uses it, so offline commands never pay for those libraries at process start.
#pragma once

#include <string>

namespace corral {

// Address of `symbol` in module `name`. Looks in $CORRAL_MODULE_DIR, next to the executable (build
// tree), then in the install directory relative to it (../lib/<arch>/corral). Error::internal when
// missing. Modules stay loaded for the life of the process.
void* module_symbol(const std::string& name, const char* symbol);

template <typename Fn>
Fn* module_function(const std::string& name, const char* symbol) {
    return reinterpret_cast<Fn*>(module_symbol(name, symbol));
}

} // namespace corral
