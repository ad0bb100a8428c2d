// `ocf test`: the ocf-tester sequence plus what ocf-tester misses (per-action timeouts from the
// meta-data, OCF 1.1 meta-data, reload-agent, monitor depths, kill -9 of the daemon, stop when
// stopped). No cluster needed.
#pragma once

#include "core/output.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corral::ocf {

struct TestOptions {
    std::string agent;
    std::map<std::string, std::string> params;
    std::optional<double> timeout; // overrides every action's meta-data timeout
    bool as_nobody = true;         // meta-data as nobody when root (as ocf-tester)
    bool strict = false;           // warnings fail the test too
};

struct TestStep {
    std::string name;
    std::string action;
    std::optional<int> rc; // nullopt: not run to completion (timeout, signal, exec failure)
    std::vector<int> expected;
    bool ok = false;
    bool skipped = false;
    bool warning = false; // a tolerated deviation from best practice (fails with strict)
    double seconds = 0;
    std::string message;
};

struct TestReport {
    std::string agent;
    bool passed = false;
    std::vector<TestStep> steps;
};

TestReport run_agent_test(const TestOptions& options);

Json test_report_to_json(const TestReport& r);
std::string test_report_to_text(const TestReport& r);

// "k=v" -> {k, v}; Error::usage when there is no '=' or k is not a shell identifier.
std::pair<std::string, std::string> parse_param_assignment(const std::string& text);

} // namespace corral::ocf
