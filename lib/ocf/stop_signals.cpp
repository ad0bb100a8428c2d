#include "ocf/stop_signals.hpp"

#include "core/atomic_write.hpp"

namespace corral::ocf {

namespace {

std::atomic<int> g_stop_signal{0};

// Async-signal-safe: an atomic store and unlink(2) calls.
extern "C" void corral_ocf_test_on_signal(int sig) {
    g_stop_signal.store(sig);
    corral_remove_temp_files();
}

} // namespace

StopSignals::StopSignals() {
    g_stop_signal.store(0);
    struct sigaction sa {};
    sa.sa_handler = corral_ocf_test_on_signal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &m_old_int);
    ::sigaction(SIGTERM, &sa, &m_old_term);
}

StopSignals::~StopSignals() {
    ::sigaction(SIGINT, &m_old_int, nullptr);
    ::sigaction(SIGTERM, &m_old_term, nullptr);
}

const std::atomic<int>& StopSignals::received() {
    return g_stop_signal;
}

} // namespace corral::ocf
