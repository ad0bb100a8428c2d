#include "notify/s3/crypto.hpp"

#include "core/error.hpp"
#include "core/module.hpp"

#include <memory>

namespace corral::notify {

const Crypto& crypto() {
    static const std::unique_ptr<Crypto> instance = [] {
        auto* create = module_function<Crypto*()>("notify-crypto", "corral_notify_crypto_create");
        return std::unique_ptr<Crypto>(create());
    }();
    return *instance;
}

} // namespace corral::notify
