// MinIO admin API calls used by `notify target --apply` (madmin-go config-kv-commands.go,
// service-commands.go): bodies encrypted with the secret key as madmin EncryptData does.
#pragma once

#include "notify/s3/client.hpp"

#include <string>

namespace corral::notify {

struct SetConfigResult {
    bool applied_dynamically = false; // x-minio-config-applied: true (never for notify_kafka)
};

// PUT /minio/admin/v3/set-config-kv; `line` is e.g. "notify_kafka:1 brokers=... topic=...".
SetConfigResult admin_set_config_kv(const S3Client& client, const std::string& line,
                                    MadminCipher cipher = MadminCipher::argon2id_aes_gcm);
// GET /minio/admin/v3/get-config-kv?key=KEY, decrypted.
std::string admin_get_config_kv(const S3Client& client, const std::string& key);
// POST /minio/admin/v3/service?action=restart&dry-run=false&type=2 (madmin v3 ServiceRestartV2).
std::string admin_service_restart(const S3Client& client);

} // namespace corral::notify
