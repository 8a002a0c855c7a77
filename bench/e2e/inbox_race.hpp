// gammu-smsd and `smsgw run` each emptying a copy of one dummy-device inbox: time and memory.
#pragma once

#include "bench/e2e/child_process.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::bench {

struct InboxRun {
    bool ok = false;
    std::string note;             // why not ok, or what else was seen
    double done_seconds = 0;      // start -> gammu-smsd: every part stored; smsgw: every message processed
    double emptied_seconds = 0;   // start -> the device's inbox folders empty
    double running_seconds = 0;   // start -> the console said every modem is running (smsgw)
    double first_part_seconds = 0;  // start -> the first part committed to the store (smsgw)
    ChildExit exit;
    long hwm_sampled_kb = 0;      // /proc VmHWM of the daemon just before the stop
    TreeMemory tree;              // the daemon and its modem processes just before the stop
    std::size_t stored = 0;       // gammu-smsd: files in its inbox; smsgw: messages processed
    std::size_t parts = 0, reports = 0, replies = 0;  // smsgw's store
};

struct InboxRace {
    std::filesystem::path work;       // each run gets work/<name>/ with its own copy of the inbox
    std::filesystem::path inbox;      // the generated dummy device, copied and never touched
    // The same messages split between two devices (alternately, every part of a message on the
    // same one), for a daemon with two modems.
    std::vector<std::filesystem::path> split;
    std::size_t messages = 0;
    std::size_t parts = 0;
    std::chrono::seconds timeout{600};
    std::chrono::milliseconds poll{10};
};

// gammu-smsd, files backend, every wait 0, in the foreground: done when the device is empty and
// its inbox path holds one file per part.
InboxRun run_gammu_smsd(const InboxRace& race, const std::string& gammu_smsd);

struct SmsgwSetup {
    std::string smsgw;     // the binary
    std::string codebook;
    std::string name;      // its work directory under race.work
    // Each modem's poll_interval; none: the key is left out (the daemon's default, 1 s).
    std::optional<std::chrono::milliseconds> poll_interval;
    int modems = 1;        // 1: race.inbox; 2: race.split, one device each
};

// smsgw run --config with dummy modems: done when `messages` messages are processed in its store.
InboxRun run_smsgw(const InboxRace& race, const SmsgwSetup& setup);

// Several runs of one daemon: medians of the times, the largest memory figures, the first failure.
struct InboxSummary {
    bool ok = true;
    std::string note;
    double done_seconds = 0, emptied_seconds = 0, cpu_seconds = 0;  // medians
    double running_seconds = 0, first_part_seconds = 0;             // medians
    double running_to_done = 0, first_part_to_done = 0;             // medians of each run's difference
    double descendants_cpu_seconds = 0;                             // median
    long peak_rss_kb = 0, hwm_sampled_kb = 0;                       // maxima
    long total_hwm_kb = 0, total_rss_kb = 0, total_pss_kb = 0;      // maxima
    int processes = 0;                                              // the most seen
    long descendants_anon_kb = 0, descendants_file_kb = 0;          // of the run with the largest total VmHWM
    std::vector<double> done_each;                                  // in run order
    InboxRun last;                                                  // for the stored counts
};
InboxSummary summarize(const std::vector<InboxRun>& runs);

// Regular files in `dir` not starting with '.'; 0 when it does not exist.
std::size_t count_files(const std::filesystem::path& dir);

}  // namespace smsgw::bench
