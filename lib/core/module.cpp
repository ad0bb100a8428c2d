#include "core/module.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/output.hpp"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

#ifndef CORRAL_MODULE_RELDIR
#define CORRAL_MODULE_RELDIR "../lib/corral"
#endif

namespace corral {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> search_dirs() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("CORRAL_MODULE_DIR"); env != nullptr && *env != '\0') {
        dirs.emplace_back(env);
    }
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        dirs.push_back(exe.parent_path());
        dirs.push_back((exe.parent_path() / CORRAL_MODULE_RELDIR).lexically_normal());
    }
    return dirs;
}

// Hands the module the host's output settings and log sink (core/log.hpp), so -q and colour
// reach what it prints. A module that never logs has no corral_module_attach: nothing to do.
void attach(void* handle) {
    using Attach = void(const CorralModuleHost*);
    auto* fn = reinterpret_cast<Attach*>(::dlsym(handle, "corral_module_attach"));
    if (fn == nullptr) {
        return;
    }
    static const CorralModuleHost host{corral_module_host_version, &output_settings(),
                                       &log::write_line};
    fn(&host);
}

void* load(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, void*> loaded;
    std::lock_guard lock(mutex);
    if (auto it = loaded.find(name); it != loaded.end()) {
        return it->second;
    }
    std::string file = "corral-" + name + ".so";
    std::string tried;
    std::string last_error;
    for (const auto& dir : search_dirs()) {
        fs::path candidate = dir / file;
        std::error_code ec;
        if (!fs::exists(candidate, ec)) {
            tried += (tried.empty() ? "" : ", ") + dir.string();
            continue;
        }
        void* handle = ::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* err = ::dlerror();
            last_error = err != nullptr ? err : "unknown dlopen error";
            continue;
        }
        attach(handle);
        loaded[name] = handle;
        return handle;
    }
    if (!last_error.empty()) {
        throw Error::internal("cannot load module " + file + ": " + last_error);
    }
    throw Error::internal("module " + file + " not found (looked in " + tried +
                          "); is corral installed completely?");
}

} // namespace

void* module_symbol(const std::string& name, const char* symbol) {
    void* handle = load(name);
    void* address = ::dlsym(handle, symbol);
    if (address == nullptr) {
        throw Error::internal("module corral-" + name + ".so lacks " + symbol);
    }
    return address;
}

} // namespace corral
