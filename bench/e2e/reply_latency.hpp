// Reply latency through the fake AT modem: an SMS arrives (+CMTI), its reply's AT+CMGS comes back.
#pragma once

#include "bench/e2e/child_process.hpp"
#include "bench/e2e/traffic.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace smsgw::bench {

struct LatencyRun {
    bool ok = false;
    std::string note;
    std::size_t delivered = 0;           // messages the fake modem stored
    std::vector<double> cmti_to_cmgs;    // ms, one per message with a reply, in arrival order
    std::vector<double> stored_to_cmgs;  // ms, from the moment it was stored on the SIM
    ChildExit exit;
    TreeMemory tree;                     // the daemon and its modem processes just before the stop
};

struct LatencySetup {
    std::filesystem::path work;  // work/latency/ is created
    std::string smsgw, fake_modem, codebook;
    std::chrono::milliseconds pace{1000};  // one arrival per pace: a modem sends ~1.4 parts/s
    std::chrono::milliseconds poll_interval{1000};
};

// Every message of `traffic` must fit one SMS and come from a different sender (replies are
// matched to arrivals by destination).
LatencyRun run_reply_latency(const LatencySetup& setup, const std::vector<Sms>& traffic);

struct Percentiles {
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
};
Percentiles percentiles(std::vector<double> ms);  // nearest rank; zeros for an empty list

}  // namespace smsgw::bench
