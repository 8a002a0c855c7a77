// Monitors of the example codebook a scripted test can text from: one per reply language.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace smsgw::e2e {

struct ExampleMonitor {
    std::string phone;     // E.164
    std::string station;   // the one station it reports for
    std::string language;  // en | ru | kk
};

// The first `per_language` single-station monitors of each language, en, ru, kk in turn.
std::vector<ExampleMonitor> example_monitors(const std::filesystem::path& codebook, int per_language = 1);

}  // namespace smsgw::e2e
