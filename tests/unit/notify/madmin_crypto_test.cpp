// madmin-go EncryptData/DecryptData: decrypt every vector of madmin-encrypt-vectors.txt (section A
// restates madmin-go encrypt_test.go decryptDataTests; B is Go v3.0.109 and an independent C
// implementation), and round-trip every cipher at fragment boundaries.
#include "core/error.hpp"
#include "notify/s3/crypto.hpp"
#include "unit/shared_data.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>

using namespace corral::notify;

namespace {

const Crypto& test_crypto() {
    static std::unique_ptr<Crypto> c(corral_notify_crypto_create());
    return *c;
}

struct Vector {
    std::string comment;
    std::string data;
};

std::vector<Vector> load_vectors() {
    std::ifstream f(corral::test::shared_data("minio/madmin-encrypt-vectors.txt"));
    REQUIRE(f);
    std::vector<Vector> out;
    std::string line;
    std::string last_comment;
    while (std::getline(f, line)) {
        if (line.rfind("# ", 0) == 0) {
            last_comment = line;
        } else if (!line.empty() && line[0] != '#') {
            out.push_back({last_comment, from_hex(line)});
        }
    }
    return out;
}

} // namespace

TEST_CASE("madmin: decrypt published vectors", "[madmin]") {
    CORRAL_REQUIRE_SHARED_DATA();
    auto vectors = load_vectors();
    REQUIRE(vectors.size() == 7);
    const std::string kafka = "notify_kafka:1 brokers=\"127.0.0.1:9092\" topic=bucketevents";
    struct Expect {
        std::string password;
        std::string plaintext;
    };
    // madmin-go encrypt_test.go decryptDataTests (plaintexts are all-zero of these lengths).
    std::vector<Expect> expect = {
        {"", std::string()},
        {"", std::string(256, '\0')},
        {"xPl.8/rhR\"Q_1xLt", std::string(32, '\0')},
        {"7h5oU4$te{;K}fgqlI^]", std::string(256, '\0')},
        {"minioadmin", kafka},
        {"minioadmin", kafka},
        {"minioadmin", kafka},
    };
    for (std::size_t i = 0; i < vectors.size(); ++i) {
        INFO(vectors[i].comment);
        CHECK(test_crypto().madmin_decrypt(expect[i].password, vectors[i].data) ==
              expect[i].plaintext);
    }
    // ids 0x00, 0x02 and 0x01 are all covered by section B.
    CHECK(vectors[4].data[32] == 0x00);
    CHECK(vectors[5].data[32] == 0x02);
    CHECK(vectors[6].data[32] == 0x01);
}

TEST_CASE("madmin: wrong password and tampering are not authentic", "[madmin]") {
    CORRAL_REQUIRE_SHARED_DATA();
    auto vectors = load_vectors();
    CHECK_THROWS_WITH(test_crypto().madmin_decrypt("wrong", vectors[5].data),
                      "sio: data is not authentic");
    std::string tampered = vectors[5].data;
    tampered.back() ^= 1;
    CHECK_THROWS_WITH(test_crypto().madmin_decrypt("minioadmin", tampered),
                      "sio: data is not authentic");
    CHECK_THROWS_AS(test_crypto().madmin_decrypt("minioadmin", vectors[5].data.substr(0, 50)),
                    corral::Error);
    std::string bad_id = vectors[5].data;
    bad_id[32] = 0x07;
    CHECK_THROWS_WITH(test_crypto().madmin_decrypt("minioadmin", bad_id),
                      "invalid encryption algorithm ID");
}

TEST_CASE("madmin: encrypt then decrypt round trips", "[madmin]") {
    auto cipher = GENERATE(MadminCipher::argon2id_aes_gcm, MadminCipher::argon2id_chacha20_poly1305,
                           MadminCipher::pbkdf2_aes_gcm);
    // sio-go fragment boundaries: empty, short, exactly one fragment, one more byte, several.
    for (std::size_t size : {std::size_t{0}, std::size_t{57}, std::size_t{16384},
                             std::size_t{16385}, std::size_t{40000}}) {
        std::string plain(size, '\0');
        for (std::size_t i = 0; i < size; ++i) {
            plain[i] = static_cast<char>(i * 7 + 3);
        }
        std::string enc = test_crypto().madmin_encrypt("s3cr3t/key", plain, cipher);
        std::size_t fragments = size == 0 ? 1 : (size + 16383) / 16384;
        CHECK(enc.size() == 41 + size + 16 * fragments);
        CHECK(static_cast<unsigned char>(enc[32]) == static_cast<unsigned char>(cipher));
        CHECK(test_crypto().madmin_decrypt("s3cr3t/key", enc) == plain);
    }
}

TEST_CASE("madmin: fixed salt and nonce reproduce Go's ciphertext", "[madmin]") {
    CORRAL_REQUIRE_SHARED_DATA();
    // Re-encrypting vector B1/B2 with its own salt and nonce gives the same bytes as madmin-go.
    auto vectors = load_vectors();
    const std::string kafka = "notify_kafka:1 brokers=\"127.0.0.1:9092\" topic=bucketevents";
    for (std::size_t i : {std::size_t{4}, std::size_t{5}, std::size_t{6}}) {
        const std::string& v = vectors[i].data;
        auto cipher = static_cast<MadminCipher>(static_cast<unsigned char>(v[32]));
        CHECK(test_crypto().madmin_encrypt("minioadmin", kafka, cipher, v.substr(0, 32),
                                           v.substr(33, 8)) == v);
    }
}
