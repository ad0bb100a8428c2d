// mc compatibility: `ALIAS/BUCKET` arguments resolve through MC_HOST_<alias> URLs and mc's
// ~/.mc/config.json (MC_CONFIG_DIR overrides the folder), so users keep their aliases. Without an
// alias, --endpoint (or CORRAL_S3_ENDPOINT) with keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
// or MINIO_ROOT_USER/MINIO_ROOT_PASSWORD.
#pragma once

#include "core/io.hpp"
#include "notify/s3/client.hpp"

#include <functional>
#include <optional>
#include <string>

namespace corral::notify {

struct McAlias {
    std::string url;
    SigV4Credentials credentials;
    std::string origin; // "MC_HOST_x" or the config file path
};

// MC_HOST_<alias> first (as mc does), then the config file; nullopt when unknown.
std::optional<McAlias> find_mc_alias(const std::string& alias, const EnvLookup& env,
                                     const std::string& home);
// Parses "scheme://ACCESS:SECRET[:TOKEN]@host[:port]" (percent-decoded user info).
McAlias parse_mc_host_url(const std::string& value, const std::string& origin);
// Reads aliases from mc's config.json text (version 10 "aliases", version 9 "hosts").
std::optional<McAlias> alias_from_mc_config(const std::string& json_text, const std::string& alias,
                                            const std::string& path);

struct ConnectionOptions {
    std::string target;   // "ALIAS/BUCKET[/...]" or "BUCKET" with --endpoint, or ""
    std::string alias;    // --alias
    std::string endpoint; // --endpoint
    std::string bucket;   // --bucket
    std::string region;   // --region
    bool insecure = false;
    double timeout_seconds = 10;
};

struct Resolved {
    S3Endpoint endpoint;
    std::string bucket; // "" when none was named
    std::string alias;  // the alias used, if any
};

// flag > environment > mc config > default. Error::usage for missing pieces.
Resolved resolve_connection(const ConnectionOptions& options, const EnvLookup& env,
                            bool need_bucket);

} // namespace corral::notify
