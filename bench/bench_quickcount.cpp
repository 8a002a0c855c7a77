// Benchmark of the quick-count aggregator: full estimate refresh and per-report update cost.
#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/quickcount/quick_count.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

using namespace smsgw;
using Clock = std::chrono::steady_clock;

namespace {

struct Lcg {
    std::uint64_t s;
    std::uint64_t next() { return (s = s * 6364136223846793005ull + 1442695040888963407ull) >> 33; }
};

// 16 regions x urban/rural = 32 strata, 67 districts, 9,600 stations of which 1,500 sampled;
// `national` national contests with 8 options, `district` district contests over 11 districts
// with 5 candidates each.
CodebookPtr frame(int national, int district) {
    Codebook cb;
    for (int r = 0; r < 16; ++r) {
        std::string region = fmt::format("{:02d}", r + 1);
        cb.regions.push_back({region, region, false});
        cb.strata.push_back({region + "U", region, true, 0, 0});
        cb.strata.push_back({region + "R", region, false, 0, 0});
    }
    for (int d = 1; d <= 67; ++d) cb.districts.push_back({d, fmt::format("D{}", d), fmt::format("{:02d}", (d - 1) / 5 + 1)});
    for (int i = 0; i < 9600; ++i) {
        Station s;
        int d = i % 67 + 1;
        s.code = fmt::format("{:05d}", i);
        s.district = d;
        s.region = fmt::format("{:02d}", (d - 1) / 5 + 1);
        s.stratum = s.region + (i % 3 ? "R" : "U");
        s.registered = 500 + i % 1500;
        s.sampled = i % 32 < 5;  // 1,500 of 9,600
        cb.stations.push_back(std::move(s));
    }
    std::vector<int> quick_districts;
    for (int d = 1; d <= 67; d += 6) quick_districts.push_back(d);  // 12 districts, first 11 kept
    quick_districts.resize(11);
    auto form = [&](const std::string& code, const std::string& contest, bool candidates) {
        Form f;
        f.code = code;
        f.kind = FormKind::results;
        f.contest = contest;
        f.options_from_candidates = candidates;
        if (!candidates) f.option_tags = {"A", "B", "C", "D", "E", "F", "G", "H"};
        f.invalid_tag = "X";
        f.cast_tag = "T";
        cb.forms.push_back(f);
    };
    for (int c = 0; c < national + district; ++c) {
        bool by_district = c >= national;
        std::string id = fmt::format("C{}", c), code = std::string(1, char('A' + c)) + "R";
        form(code, id, by_district);
        cb.contests.push_back({id, id, by_district ? ContestScope::district : ContestScope::national, code,
                               by_district ? quick_districts : std::vector<int>{}, 0});
    }
    for (int d : quick_districts)
        for (const char* t : {"A", "B", "C", "D", "E"}) cb.candidates.push_back({d, t, t, t, 0});
    cb.build_indexes();
    return std::make_shared<const Codebook>(std::move(cb));
}

std::vector<TagValue> result(Lcg& rng, std::size_t options) {
    std::vector<TagValue> v;
    std::int64_t valid = 0;
    for (std::size_t k = 0; k < options; ++k) {
        std::int64_t n = static_cast<std::int64_t>(rng.next() % 300);
        valid += n;
        v.push_back({std::string(1, char('A' + k)), n, -1});
    }
    std::int64_t x = static_cast<std::int64_t>(rng.next() % 20);
    v.push_back({"X", x, -1});
    v.push_back({"T", valid + x, -1});
    return v;
}

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

void run(const char* label, int national, int district) {
    CodebookPtr cb = frame(national, district);
    Lcg rng{42};
    // Pre-generate the reports so only the aggregator is timed.
    struct Report {
        std::uint32_t station;
        std::string form;
        std::vector<TagValue> values;
    };
    std::vector<Report> reports;
    for (const auto& c : cb->contests) {
        const Form* f = cb->find_form(c.form);
        for (const auto& s : cb->stations)
            if (s.sampled) reports.push_back({s.index, f->code, result(rng, f->options_from_candidates ? 5 : 8)});
    }

    auto t0 = Clock::now();
    QuickCount q(cb);
    auto t1 = Clock::now();
    std::vector<const Report*> counted;  // district contests skip districts without a quick count
    for (const auto& r : reports)
        if (q.set_result(r.station, r.form, r.values) == QuickCount::Outcome::counted) counted.push_back(&r);
    auto t2 = Clock::now();

    // Per-report update: corrections, each removes the old values and adds the new ones.
    const int rounds = 5;
    auto t3 = Clock::now();
    for (int k = 0; k < rounds; ++k)
        for (const Report* r : counted) q.set_result(r->station, r->form, r->values);
    auto t4 = Clock::now();

    // Refresh of every estimate.
    std::vector<double> samples;
    std::size_t sink = 0;
    for (int k = 0; k < 200; ++k) {
        auto a = Clock::now();
        Estimates e = q.estimate();
        auto b = Clock::now();
        sink += e.contests.size();
        samples.push_back(micros(b - a));
    }
    std::sort(samples.begin(), samples.end());
    auto a = Clock::now();
    std::string json = estimates_json(q.estimate());
    auto b = Clock::now();

    Estimates e = q.estimate();
    std::printf("%s: %zu contests/districts estimated, %u sampled stations, %zu counted reports\n", label,
                e.contests.size(), e.contests[0].sampled, counted.size());
    std::printf("  refresh all estimates: median %.0f us, p95 %.0f us, min %.0f us (target <= 1000 us)\n",
                samples[samples.size() / 2], samples[samples.size() * 95 / 100], samples.front());
    std::printf("  per-report update (correction: remove + add): %.3f us\n",
                micros(t4 - t3) / double(rounds * counted.size()));
    std::printf("  construct from codebook: %.0f us; rebuild from %zu reports (all contests): %.0f us; estimate + JSON: %.0f us (%zu bytes)\n",
                micros(t1 - t0), reports.size(), micros(t2 - t1), micros(b - a), json.size());
    if (sink == 0) std::printf("?\n");
}

}  // namespace

int main() {
    run("10 national contests x 8 options", 10, 0);
    run("1 national (8 options) + 9 district contests x 11 districts (5 candidates)", 1, 9);
    return 0;
}
