// Shared by the takes, report and history tests: takes built by hand, the tiny codebook, a temporary directory.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "daemon/store/take_records.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace takes_test {

namespace fs = std::filesystem;
using namespace smsgw;

// 2026-03-01T20:00:00Z plus `minutes`.
inline smsgw::SystemTime at(int minutes) { return smsgw::SystemTime(std::chrono::seconds(1772395200 + 60 * minutes)); }

struct Opt {
    std::string tag;
    double share;
    double margin95;
};

inline store::TakeTarget target(std::string contest, int district, std::uint32_t reported, std::uint32_t sampled,
                                std::vector<Opt> options, std::string call = "undetermined") {
    store::TakeTarget t;
    t.contest = std::move(contest);
    t.district = district;
    t.reported = reported;
    t.sampled = sampled;
    t.call = std::move(call);
    for (const auto& o : options) {
        store::TakeMeasure m;
        m.kind = store::TakeMeasureKind::option;
        m.tag = o.tag;
        if (o.share >= 0) m.share = o.share;  // negative: no data
        m.margin95 = o.margin95;
        m.margin99 = o.margin95 * 2.58 / 1.96;
        t.measures.push_back(m);
    }
    return t;
}

inline store::Take take(std::int64_t number, int minute, std::vector<store::TakeTarget> targets,
                        store::TakeTrigger trigger = store::TakeTrigger::reports, std::int64_t counted = 10) {
    store::Take t;
    t.number = number;
    t.at = at(minute);
    t.trigger = trigger;
    t.counted = counted;
    t.codebook_version = "tiny-2026@test";
    t.targets = std::move(targets);
    return t;
}

using smsgw::test::slurp;

// Read here rather than with daemon/codebook_dir, so tests of single components link only theirs.
inline CodebookPtr tiny_codebook() {
    const fs::path dir = fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny";
    CodebookSources src = smsgw::test::codebook_sources(dir);
    LoadResult r = load_codebook(src);
    REQUIRE(r.ok());
    return r.codebook;
}

using smsgw::test::TempDir;

}  // namespace takes_test
