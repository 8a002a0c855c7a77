// Shared by the takes, report and history tests: takes built by hand, the tiny codebook, a temporary directory.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "daemon/store/take_records.hpp"

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
inline store::SystemTime at(int minutes) { return store::SystemTime(std::chrono::seconds(1772395200 + 60 * minutes)); }

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

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Read here rather than with daemon/codebook_dir, so tests of single components link only theirs.
inline CodebookPtr tiny_codebook() {
    const fs::path dir = fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny";
    CodebookSources src;
    src.election_toml = slurp(dir / "election.toml");
    src.stations_csv = slurp(dir / "stations.csv");
    src.monitors_csv = slurp(dir / "monitors.csv");
    src.candidates_csv = slurp(dir / "candidates.csv");
    src.has_candidates = true;
    LoadResult r = load_codebook(src);
    REQUIRE(r.ok());
    return r.codebook;
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "smsgw-takes-test-XXXXXX").string();
        REQUIRE(mkdtemp(t.data()) != nullptr);
        path = t;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const char* name) const { return (path / name).string(); }
};

}  // namespace takes_test
