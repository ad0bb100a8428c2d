#include "notify/s3/mc_config.hpp"

#include "core/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace corral::notify {

namespace {

void check_endpoint_url(const std::string& url, const std::string& origin) {
    Url u = parse_url(url);
    if ((u.scheme != "http" && u.scheme != "https") || u.host.empty()) {
        throw Error::usage(origin + ": endpoint \"" + url +
                           "\" must be http://host[:port] or https://host[:port]");
    }
    if (u.path != "/" && !u.path.empty()) {
        throw Error::usage(origin + ": endpoint \"" + url +
                           "\" must not have a path (path-style requests add the bucket)");
    }
}

std::string strip_path(const std::string& url) {
    Url u = parse_url(url);
    return u.scheme + "://" + u.authority();
}

} // namespace

McAlias parse_mc_host_url(const std::string& value, const std::string& origin) {
    auto scheme_end = value.find("://");
    auto at = value.rfind('@');
    if (scheme_end == std::string::npos || at == std::string::npos || at < scheme_end) {
        throw Error::usage(origin + ": expected scheme://ACCESS_KEY:SECRET_KEY@host[:port]");
    }
    std::string userinfo = value.substr(scheme_end + 3, at - scheme_end - 3);
    McAlias a;
    a.origin = origin;
    a.url = value.substr(0, scheme_end + 3) + value.substr(at + 1);
    auto c1 = userinfo.find(':');
    if (c1 == std::string::npos) {
        throw Error::usage(origin + ": missing secret key (ACCESS_KEY:SECRET_KEY@host)");
    }
    a.credentials.access_key = url_decode(userinfo.substr(0, c1));
    std::string rest = userinfo.substr(c1 + 1);
    auto c2 = rest.find(':');
    if (c2 != std::string::npos) {
        a.credentials.session_token = url_decode(rest.substr(c2 + 1));
        rest = rest.substr(0, c2);
    }
    a.credentials.secret_key = url_decode(rest);
    while (!a.url.empty() && a.url.back() == '/') {
        a.url.pop_back();
    }
    check_endpoint_url(a.url, origin);
    return a;
}

std::optional<McAlias> alias_from_mc_config(const std::string& json_text, const std::string& alias,
                                            const std::string& path) {
    auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw Error::input("not valid JSON (mc config)").at(path);
    }
    const char* section = j.contains("aliases") ? "aliases" : "hosts";
    if (!j.contains(section) || !j[section].is_object() || !j[section].contains(alias)) {
        return std::nullopt;
    }
    const auto& entry = j[section][alias];
    auto get = [&](const char* key) -> std::string {
        if (entry.is_object() && entry.contains(key) && entry[key].is_string()) {
            return entry[key].get<std::string>();
        }
        return "";
    };
    McAlias a;
    a.origin = path;
    a.url = get("url");
    a.credentials.access_key = get("accessKey");
    a.credentials.secret_key = get("secretKey");
    a.credentials.session_token = get("sessionToken");
    while (!a.url.empty() && a.url.back() == '/') {
        a.url.pop_back();
    }
    std::string where = path + ": " + section + "." + alias;
    if (a.url.empty()) {
        throw Error::input("no url").at(path).field(std::string(section) + "." + alias + ".url");
    }
    check_endpoint_url(a.url, where);
    if (a.credentials.access_key.empty() || a.credentials.secret_key.empty()) {
        throw Error::input("alias has no accessKey/secretKey")
            .at(path)
            .field(std::string(section) + "." + alias);
    }
    if (auto api = get("api"); !api.empty() && api != "s3v4" && api != "S3v4") {
        throw Error::input("alias uses API \"" + api + "\"; corral signs with S3v4 only")
            .at(path)
            .field(std::string(section) + "." + alias + ".api");
    }
    return a;
}

std::optional<McAlias> find_mc_alias(const std::string& alias, const EnvLookup& env,
                                     const std::string& home) {
    if (auto v = env("MC_HOST_" + alias)) {
        return parse_mc_host_url(*v, "MC_HOST_" + alias);
    }
    std::string dir;
    if (auto d = env("MC_CONFIG_DIR"); d && !d->empty()) {
        dir = *d;
    } else if (!home.empty()) {
        dir = home + "/.mc";
    } else {
        return std::nullopt;
    }
    std::string path = dir + "/config.json";
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        return std::nullopt;
    }
    std::stringstream ss;
    ss << f.rdbuf();
    return alias_from_mc_config(ss.str(), alias, path);
}

Resolved resolve_connection(const ConnectionOptions& options, const EnvLookup& env,
                            bool need_bucket) {
    // CORRAL_S3_ALIAS (or s3.alias in the config file) is the alias when the command line names
    // none and no endpoint is set; the positional is then the bucket.
    ConnectionOptions o = options;
    if (o.alias.empty() && o.endpoint.empty() && o.target.find('/') == std::string::npos &&
        env("CORRAL_S3_ENDPOINT").value_or("").empty()) {
        o.alias = env("CORRAL_S3_ALIAS").value_or("");
    }
    Resolved r;
    std::string alias = o.alias;
    std::string bucket = o.bucket;
    std::string endpoint = o.endpoint;
    if (endpoint.empty() && alias.empty()) {
        endpoint = env("CORRAL_S3_ENDPOINT").value_or("");
    }
    if (!o.target.empty()) {
        auto slash = o.target.find('/');
        if (!o.endpoint.empty() || !o.alias.empty()) {
            // with --endpoint/--alias the positional names the bucket
            if (!bucket.empty()) {
                throw Error::usage("bucket given twice (positional and --bucket)");
            }
            bucket = slash == std::string::npos ? o.target : o.target.substr(slash + 1);
            if (slash != std::string::npos && !o.alias.empty() &&
                o.target.substr(0, slash) != o.alias) {
                throw Error::usage("alias given twice: --alias " + o.alias + " and " + o.target);
            }
        } else if (slash == std::string::npos) {
            throw Error::usage("\"" + o.target +
                               "\": expected ALIAS/BUCKET (an mc alias), or --endpoint URL "
                               "--bucket BUCKET");
        } else {
            alias = o.target.substr(0, slash);
            bucket = o.target.substr(slash + 1);
            endpoint.clear(); // an explicit alias beats CORRAL_S3_ENDPOINT
        }
        while (!bucket.empty() && bucket.back() == '/') {
            bucket.pop_back();
        }
        if (bucket.find('/') != std::string::npos) {
            throw Error::usage("\"" + o.target +
                               "\": a bucket, not a prefix, is expected (use "
                               "--prefix for object key prefixes)");
        }
    }

    if (!alias.empty() && !o.endpoint.empty()) {
        throw Error::usage("--alias and --endpoint are exclusive");
    }
    if (!alias.empty()) {
        auto a = find_mc_alias(alias, env, env("HOME").value_or(""));
        if (!a) {
            throw Error::usage("unknown mc alias \"" + alias + "\": not in MC_HOST_" + alias +
                               " nor in ~/.mc/config.json "
                               "(mc alias set " +
                               alias + " URL ACCESS SECRET)");
        }
        r.endpoint.url = a->url;
        r.endpoint.credentials = a->credentials;
        r.endpoint.origin = "alias " + alias + " (" + a->origin + ")";
        r.alias = alias;
    } else if (!endpoint.empty()) {
        std::string origin = o.endpoint.empty() ? "CORRAL_S3_ENDPOINT" : "--endpoint";
        check_endpoint_url(endpoint, origin);
        r.endpoint.url = strip_path(endpoint);
        r.endpoint.origin = origin;
        auto ak = env("AWS_ACCESS_KEY_ID");
        auto sk = env("AWS_SECRET_ACCESS_KEY");
        if (ak && sk && !ak->empty()) {
            r.endpoint.credentials.access_key = *ak;
            r.endpoint.credentials.secret_key = *sk;
            r.endpoint.credentials.session_token = env("AWS_SESSION_TOKEN").value_or("");
        } else if (auto user = env("MINIO_ROOT_USER"); user && !user->empty()) {
            r.endpoint.credentials.access_key = *user;
            r.endpoint.credentials.secret_key = env("MINIO_ROOT_PASSWORD").value_or("");
        } else {
            throw Error::usage(origin + " needs credentials: set AWS_ACCESS_KEY_ID and "
                                        "AWS_SECRET_ACCESS_KEY (or MINIO_ROOT_USER and "
                                        "MINIO_ROOT_PASSWORD), or use an mc alias");
        }
        if (r.endpoint.credentials.secret_key.empty()) {
            throw Error::usage(origin + ": the secret key is empty");
        }
    } else {
        throw Error::usage("no MinIO to talk to: give an mc alias (ALIAS/BUCKET or --alias) or "
                           "--endpoint URL (or CORRAL_S3_ENDPOINT)");
    }

    r.endpoint.region =
        !o.region.empty()
            ? o.region
            : env("CORRAL_S3_REGION").value_or(env("AWS_REGION").value_or("us-east-1"));
    if (r.endpoint.region.empty()) {
        r.endpoint.region = "us-east-1";
    }
    r.endpoint.insecure = o.insecure;
    r.endpoint.timeout_seconds = o.timeout_seconds;
    if (need_bucket) {
        if (bucket.empty()) {
            throw Error::usage("no bucket: give ALIAS/BUCKET or --bucket");
        }
        validate_bucket_name(bucket);
    }
    r.bucket = bucket;
    return r;
}

} // namespace corral::notify
