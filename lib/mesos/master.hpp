// Where a view's State comes from: a saved file (--state), or a live master (--master or
// CORRAL_MESOS_MASTER) over the v0 endpoints or the v1 operator API, with leader redirects,
// basic auth, TLS options and one deadline for the whole exchange.
#pragma once

#include "mesos/state.hpp"

#include <string>

namespace corral::mesos {

struct SourceOptions {
    std::string state_file;  // --state FILE ("-" for stdin)
    std::string roles_file;  // --roles FILE: /master/roles, weights or quota JSON
    std::string master;      // --master URL (flag), else CORRAL_MESOS_MASTER
    std::string api = "v0";  // --api v0|v1
    std::string principal;   // --principal (else CORRAL_MESOS_PRINCIPAL)
    std::string secret_file; // --secret-file (else CORRAL_MESOS_SECRET)
    double timeout = 10;     // --timeout seconds, the whole call
    std::string ca_file;     // --ca-file
    bool insecure = false;   // --insecure
    // --insecure-redirect: follow an https master's redirect to plain http (never with
    // credentials: those go only to the origin given)
    bool insecure_redirect = false;
    bool want_roles = false; // fetch weights and quota too (mesos roles)
    LoadOptions load;        // what the view needs from the state
};

// Loads the state per the options (flag > environment > default). Error::usage when neither a
// file nor a master is given; Error::remote for transport and HTTP failures; Error::input for
// bad documents.
State load_cluster(const SourceOptions& options);

} // namespace corral::mesos
