// corral-notify-crypto module: OpenSSL libcrypto + libargon2 behind notify::Crypto.
// madmin-go encrypt.go (v3.0.109) and secure-io/sio-go v0.3.1 reproduced:
//   EncryptData = salt[32] | id[1] | nonce[8] | sio stream
//   key = Argon2id(password, salt, t=1, m=64 MiB, p=4, 32) for ids 0/1, PBKDF2-HMAC-SHA256(8192)
//   for 2 sio stream: 16384-byte plaintext fragments, each sealed with a 16-byte tag; AEAD nonce =
//   nonce8 || LE32(seq) with seq from 1; AD = flag || Seal(nonce8 || LE32(0), "", nil) where flag
//   is 0x00 for non-final fragments and 0x80 for the final one (possibly short or empty).
#include "notify/s3/crypto.hpp"

#include "core/error.hpp"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>
#include <string>

namespace corral::notify {
namespace {

constexpr std::size_t salt_size = 32;
constexpr std::size_t nonce_size = 8;
constexpr std::size_t tag_size = 16;
constexpr std::size_t fragment_size = 16384; // sio-go BufSize
constexpr std::size_t header_size = salt_size + 1 + nonce_size;

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

class Aead {
public:
    Aead(const EVP_CIPHER* cipher, std::string key) : m_cipher(cipher), m_key(std::move(key)) {}

    // ciphertext || tag
    std::string seal(std::string_view nonce12, std::string_view plaintext,
                     std::string_view ad) const {
        CipherCtx ctx(EVP_CIPHER_CTX_new());
        int len = 0;
        std::string out(plaintext.size() + tag_size, '\0');
        auto* o = reinterpret_cast<unsigned char*>(out.data());
        if (!ctx || EVP_EncryptInit_ex(ctx.get(), m_cipher, nullptr, nullptr, nullptr) != 1 ||
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, 12, nullptr) != 1 ||
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(m_key), bytes(nonce12)) != 1 ||
            (!ad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(ad),
                                              static_cast<int>(ad.size())) != 1) ||
            (!plaintext.empty() && EVP_EncryptUpdate(ctx.get(), o, &len, bytes(plaintext),
                                                     static_cast<int>(plaintext.size())) != 1) ||
            EVP_EncryptFinal_ex(ctx.get(), o + plaintext.size(), &len) != 1 ||
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(tag_size),
                                o + plaintext.size()) != 1) {
            throw Error::internal("AEAD encryption failed (OpenSSL)");
        }
        return out;
    }

    // false when not authentic
    bool open(std::string_view nonce12, std::string_view sealed, std::string_view ad,
              std::string& out) const {
        if (sealed.size() < tag_size) {
            return false;
        }
        std::size_t n = sealed.size() - tag_size;
        CipherCtx ctx(EVP_CIPHER_CTX_new());
        int len = 0;
        std::string plain(n, '\0');
        auto* o = reinterpret_cast<unsigned char*>(plain.data());
        std::string tag(sealed.substr(n));
        if (!ctx || EVP_DecryptInit_ex(ctx.get(), m_cipher, nullptr, nullptr, nullptr) != 1 ||
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, 12, nullptr) != 1 ||
            EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(m_key), bytes(nonce12)) != 1) {
            throw Error::internal("AEAD decryption failed (OpenSSL)");
        }
        if ((!ad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(ad),
                                              static_cast<int>(ad.size())) != 1) ||
            (n > 0 &&
             EVP_DecryptUpdate(ctx.get(), o, &len, bytes(sealed), static_cast<int>(n)) != 1) ||
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag_size),
                                tag.data()) != 1 ||
            EVP_DecryptFinal_ex(ctx.get(), o + n, &len) != 1) {
            return false;
        }
        out += plain;
        return true;
    }

private:
    const EVP_CIPHER* m_cipher;
    std::string m_key;
};

std::string le32(std::uint32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) {
        s[static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
    }
    return s;
}

std::string derive_key(std::string_view password, std::string_view salt, unsigned char id) {
    std::string key(32, '\0');
    auto* k = reinterpret_cast<unsigned char*>(key.data());
    if (id == 0x02) {
        if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), bytes(salt),
                              static_cast<int>(salt.size()), 8192, EVP_sha256(), 32, k) != 1) {
            throw Error::internal("PBKDF2 failed (OpenSSL)");
        }
        return key;
    }
    // madmin-go: argon2.IDKey(password, salt, 1, 64*1024, 4, 32)
    int rc = argon2id_hash_raw(1, 64 * 1024, 4, password.data(), password.size(), salt.data(),
                               salt.size(), k, key.size());
    if (rc != ARGON2_OK) {
        throw Error::internal(std::string("Argon2id failed: ") + argon2_error_message(rc));
    }
    return key;
}

const EVP_CIPHER* cipher_of(unsigned char id) {
    switch (id) {
    case 0x00:
    case 0x02:
        return EVP_aes_256_gcm();
    case 0x01:
        return EVP_chacha20_poly1305();
    default:
        return nullptr;
    }
}

class OpenSslCrypto final : public Crypto {
public:
    std::string sha256(std::string_view data) const override {
        std::string out(32, '\0');
        unsigned int len = 0;
        if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len,
                       EVP_sha256(), nullptr) != 1) {
            throw Error::internal("SHA-256 failed (OpenSSL)");
        }
        return out;
    }

    std::string hmac_sha256(std::string_view key, std::string_view data) const override {
        std::string out(32, '\0');
        unsigned int len = 0;
        if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(),
                 reinterpret_cast<unsigned char*>(out.data()), &len) == nullptr) {
            throw Error::internal("HMAC-SHA256 failed (OpenSSL)");
        }
        return out;
    }

    std::string random_bytes(std::size_t n) const override {
        std::string out(n, '\0');
        if (n > 0 &&
            RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
            throw Error::internal("no random bytes (OpenSSL RAND_bytes)");
        }
        return out;
    }

    std::string madmin_encrypt(std::string_view password, std::string_view plaintext,
                               MadminCipher cipher, std::string_view salt,
                               std::string_view nonce) const override {
        auto id = static_cast<unsigned char>(cipher);
        const EVP_CIPHER* evp = cipher_of(id);
        if (evp == nullptr) {
            throw Error::internal("unknown madmin cipher id");
        }
        std::string salt_bytes = salt.empty() ? random_bytes(salt_size) : std::string(salt);
        std::string nonce_bytes = nonce.empty() ? random_bytes(nonce_size) : std::string(nonce);
        if (salt_bytes.size() != salt_size || nonce_bytes.size() != nonce_size) {
            throw Error::internal("madmin encryption needs a 32-byte salt and an 8-byte nonce");
        }
        Aead aead(evp, derive_key(password, salt_bytes, id));
        std::string out = salt_bytes;
        out += static_cast<char>(id);
        out += nonce_bytes;
        std::string ad_tag = aead.seal(nonce_bytes + le32(0), "", "");
        std::uint32_t seq = 1;
        std::size_t pos = 0;
        // The final fragment is the last (possibly empty or full-size) one: sio-go's writer holds a
        // full buffer back until more data or Close() arrives.
        while (true) {
            std::size_t left = plaintext.size() - pos;
            bool final = left <= fragment_size;
            std::size_t n = final ? left : fragment_size;
            std::string ad = std::string(1, final ? '\x80' : '\x00') + ad_tag;
            out += aead.seal(nonce_bytes + le32(seq), plaintext.substr(pos, n), ad);
            pos += n;
            ++seq;
            if (final) {
                break;
            }
        }
        return out;
    }

    std::string madmin_decrypt(std::string_view password, std::string_view data) const override {
        if (data.size() < header_size + tag_size) {
            throw Error::input("encrypted data too short (" + std::to_string(data.size()) +
                               " bytes)");
        }
        std::string_view salt = data.substr(0, salt_size);
        auto id = static_cast<unsigned char>(data[salt_size]);
        std::string nonce(data.substr(salt_size + 1, nonce_size));
        const EVP_CIPHER* evp = cipher_of(id);
        if (evp == nullptr) {
            throw Error::input("invalid encryption algorithm ID");
        }
        Aead aead(evp, derive_key(password, salt, id));
        std::string ad_tag = aead.seal(nonce + le32(0), "", "");
        std::string_view stream = data.substr(header_size);
        std::string out;
        std::uint32_t seq = 1;
        while (true) {
            std::size_t n = std::min(stream.size(), fragment_size + tag_size);
            bool final = n == stream.size();
            std::string ad = std::string(1, final ? '\x80' : '\x00') + ad_tag;
            if (!aead.open(nonce + le32(seq), stream.substr(0, n), ad, out)) {
                throw Error::input("sio: data is not authentic");
            }
            stream.remove_prefix(n);
            ++seq;
            if (final) {
                break;
            }
        }
        return out;
    }
};

} // namespace
} // namespace corral::notify

extern "C" corral::notify::Crypto* corral_notify_crypto_create() {
    return new (std::nothrow) corral::notify::OpenSslCrypto();
}

// For `corral version -o json`: "name<TAB>version" lines of the libraries this module links.
extern "C" const char* corral_notify_crypto_library_versions() {
    static const std::string versions =
        std::string("OpenSSL\t") + OpenSSL_version(OPENSSL_VERSION_STRING) + "\n";
    return versions.c_str();
}
