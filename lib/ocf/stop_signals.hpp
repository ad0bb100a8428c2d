// SIGINT/SIGTERM during `ocf test` (issue 15): the handler records the signal (the runner sees it
// in run_process, which kills the running action's group, and between steps, and then runs the
// agent's stop) and removes corral's atomic-write temporary files at once, as the default
// handlers of core/atomic_write do, which these replace.
#pragma once

#include <atomic>
#include <csignal>

namespace corral::ocf {

// Installs the handlers for its lifetime (clearing the recorded signal) and restores the
// previous ones.
class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // The signal received while installed, 0 before any; ProcessSpec::cancel watches it.
    static const std::atomic<int>& received();

private:
    struct sigaction m_old_int {};
    struct sigaction m_old_term {};
};

} // namespace corral::ocf
