// Cryptography for the S3 half of `corral notify`: SHA-256 and HMAC for SigV4, and madmin-go's
// EncryptData/DecryptData for the MinIO admin API. The implementation needs OpenSSL libcrypto and
// libargon2, so it lives in the corral-notify-crypto module (crypto_openssl_module.cpp), loaded on
// first use; the executable reaches it only through this interface (SPEC §0 start-up).
#pragma once

#include "core/strings.hpp"

#include <string>
#include <string_view>

namespace corral::notify {

// madmin-go encrypt.go cipher ids (the byte after the 32-byte salt).
enum class MadminCipher : unsigned char {
    argon2id_aes_gcm = 0x00, // what Go picks on CPUs with AES instructions
    argon2id_chacha20_poly1305 = 0x01,
    pbkdf2_aes_gcm = 0x02, // FIPS builds
};

class Crypto {
public:
    virtual ~Crypto() = default;
    // Raw 32-byte digests.
    virtual std::string sha256(std::string_view data) const = 0;
    virtual std::string hmac_sha256(std::string_view key, std::string_view data) const = 0;
    // `n` cryptographically random bytes.
    virtual std::string random_bytes(std::size_t n) const = 0;

    // madmin-go EncryptData: salt[32] | id[1] | nonce[8] | sio-go stream. `salt` (32 bytes) and
    // `nonce` (8 bytes) are drawn at random when empty (tests pass fixed ones).
    virtual std::string madmin_encrypt(std::string_view password, std::string_view plaintext,
                                       MadminCipher cipher, std::string_view salt = {},
                                       std::string_view nonce = {}) const = 0;
    // madmin-go DecryptData. Throws Error::input("sio: data is not authentic") on a wrong
    // password or tampered data, Error::input on truncated data or an unknown cipher id.
    virtual std::string madmin_decrypt(std::string_view password, std::string_view data) const = 0;
};

// The module's implementation (loaded on first call; Error::internal when the module is missing).
const Crypto& crypto();

// Hex of digests and keys: core's (core/strings.hpp).
using corral::from_hex;
using corral::to_hex;

} // namespace corral::notify

// The module's factory: a new implementation; never throws.
extern "C" corral::notify::Crypto* corral_notify_crypto_create();
