// gammu-smsd and `smsgw run` each emptying a copy of one dummy-device inbox: time and peak RSS.
#pragma once

#include "bench/e2e/child_process.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace smsgw::bench {

struct InboxRun {
    bool ok = false;
    std::string note;             // why not ok, or what else was seen
    double done_seconds = 0;      // start -> gammu-smsd: every part stored; smsgw: every message processed
    double emptied_seconds = 0;   // start -> the device's inbox folders empty
    ChildExit exit;
    long hwm_sampled_kb = 0;      // /proc VmHWM just before the stop
    std::size_t stored = 0;       // gammu-smsd: files in its inbox; smsgw: messages processed
    std::size_t parts = 0, reports = 0, replies = 0;  // smsgw's store
};

struct InboxRace {
    std::filesystem::path work;       // each run gets work/<name>/ with its own copy of the inbox
    std::filesystem::path inbox;      // the generated dummy device, copied and never touched
    std::size_t messages = 0;
    std::size_t parts = 0;
    std::chrono::seconds timeout{600};
    std::chrono::milliseconds poll{10};
};

// gammu-smsd, files backend, every wait 0, in the foreground: done when the device is empty and
// its inbox path holds one file per part.
InboxRun run_gammu_smsd(const InboxRace& race, const std::string& gammu_smsd);

// smsgw run --config with a dummy modem: done when `messages` messages are processed in its store.
InboxRun run_smsgw(const InboxRace& race, const std::string& smsgw, const std::string& codebook,
                   std::chrono::milliseconds poll_interval);

// Several runs of one daemon: medians of the times, the largest peak RSS, the first failure.
struct InboxSummary {
    bool ok = true;
    std::string note;
    double done_seconds = 0, emptied_seconds = 0, cpu_seconds = 0;  // medians
    long peak_rss_kb = 0, hwm_sampled_kb = 0;                       // maxima
    std::vector<double> done_each;                                  // in run order
    InboxRun last;                                                  // for the stored counts
};
InboxSummary summarize(const std::vector<InboxRun>& runs);

// Regular files in `dir` not starting with '.'; 0 when it does not exist.
std::size_t count_files(const std::filesystem::path& dir);

}  // namespace smsgw::bench
