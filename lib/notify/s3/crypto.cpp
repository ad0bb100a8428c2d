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

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char ch : bytes) {
        auto c = static_cast<unsigned char>(ch);
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string from_hex(std::string_view hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    if (hex.size() % 2 != 0) {
        throw Error::input("hex string has an odd number of digits");
    }
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]);
        int lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            throw Error::input("invalid hex digit");
        }
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

} // namespace corral::notify
