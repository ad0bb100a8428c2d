#include "notify/s3/madmin.hpp"

#include "core/error.hpp"

namespace corral::notify {

namespace {
const char* const admin_prefix = "/minio/admin/v3/"; // community server (madmin-go v3)
}

SetConfigResult admin_set_config_kv(const S3Client& client, const std::string& line,
                                    MadminCipher cipher) {
    std::string body =
        client.crypto().madmin_encrypt(client.endpoint().credentials.secret_key, line, cipher);
    HttpResponse r = client.send_ok("PUT", std::string(admin_prefix) + "set-config-kv", {}, body);
    SetConfigResult result;
    result.applied_dynamically = r.header("x-minio-config-applied").value_or("") == "true";
    return result;
}

std::string admin_get_config_kv(const S3Client& client, const std::string& key) {
    HttpResponse r =
        client.send_ok("GET", std::string(admin_prefix) + "get-config-kv", {{"key", key}});
    try {
        return client.crypto().madmin_decrypt(client.endpoint().credentials.secret_key, r.body);
    } catch (const Error& e) {
        throw Error::remote("get-config-kv: cannot decrypt the answer: " + e.message());
    }
}

std::string admin_service_restart(const S3Client& client) {
    return client
        .send_ok("POST", std::string(admin_prefix) + "service",
                 {{"action", "restart"}, {"dry-run", "false"}, {"type", "2"}})
        .body;
}

} // namespace corral::notify
