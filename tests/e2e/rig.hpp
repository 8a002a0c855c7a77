// One include for the end-to-end tests: the daemon process, its config, the corpus, and tests/support (temp dirs, waits, store probe).
#pragma once

#include "corpus.hpp"
#include "corpus_check.hpp"
#include "daemon_process.hpp"
#include "example_monitors.hpp"
#include "fake_modem_files.hpp"
#include "gateway_config.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/files.hpp"
#include "tests/support/store_probe.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/wait.hpp"

#include <chrono>
#include <string>

namespace smsgw::e2e {

using namespace smsgw::test;

inline const std::filesystem::path example_codebook{SMSGW_SOURCE_DIR "/codebooks/example"};

// A gateway config in `dir` (database smsgw.db, exports in exports/) without modems yet.
inline GatewayConfig basic_config(const std::filesystem::path& dir, const std::filesystem::path& codebook = example_codebook) {
    GatewayConfig c;
    c.database = dir / "smsgw.db";
    c.codebook = codebook;
    c.export_dir = dir / "exports";
    return c;
}

// Seconds since `t0`, for the figures the tests print.
inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Console lines at level ERROR (the logger's "HH:MM:SS ERROR ..." format).
inline int error_lines(const std::string& console) {
    int n = 0;
    for (std::size_t pos = console.find(" ERROR "); pos != std::string::npos; pos = console.find(" ERROR ", pos + 1)) ++n;
    return n;
}

}  // namespace smsgw::e2e
