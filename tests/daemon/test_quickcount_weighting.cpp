// The combined ratio estimator against the pooled ratio, and its variance against a direct two-pass form.
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/quickcount/ratio_estimator.hpp"
#include "quickcount_fixtures.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

using namespace qc_test;

namespace {

// Three single-stratum regions of 40, 80 and 120 stations; `sampled` stations of each are in the
// sample and all of them report. Within a stratum every station votes alike only if `uniform`.
struct Frame {
    CodebookPtr cb;
    std::vector<std::uint32_t> frame = {40, 80, 120};
};

Frame make_frame(std::vector<std::uint32_t> sampled) {
    TestElection e;
    Frame f;
    for (std::size_t h = 0; h < 3; ++h) {
        std::string region = fmt::format("0{}", h + 1);
        e.region(region);
        e.stratum(region + "U", region, true);
        e.district(int(h) + 1, region);
        for (std::uint32_t i = 0; i < f.frame[h]; ++i)
            e.station(fmt::format("{}{:03d}", region, i), region, int(h) + 1, 1000, region + "U", i < sampled[h]);
    }
    e.national("PL", "R", {"A", "B"});
    f.cb = e.build();
    return f;
}

// Strata vote very differently: A gets 20%, 50% and 80% of the valid votes.
std::vector<TagValue> result(std::size_t stratum, std::uint32_t i, bool uniform) {
    const std::int64_t a_pct[] = {20, 50, 80};
    std::int64_t valid = uniform ? 500 : 400 + 13 * (i % 17);
    std::int64_t a = valid * a_pct[stratum] / 100 + (uniform ? 0 : std::int64_t(i % 5) - 2);
    return counts({a, valid - a}, 10, valid + 10);
}

struct Fed {
    RatioEstimate combined;
    double pooled;
};

Fed feed(const Frame& f, bool uniform) {
    QuickCount q(f.cb);
    std::int64_t sa = 0, sv = 0;
    for (const auto& s : q.codebook().stations) {
        if (!s.sampled) continue;
        auto h = static_cast<std::size_t>(s.region[1] - '1');
        auto v = result(h, static_cast<std::uint32_t>(std::stoi(s.code.substr(2))), uniform);
        REQUIRE(q.set_result(s.index, "R", v) == QuickCount::Outcome::counted);
        sa += v[0].value;
        sv += v[0].value + v[1].value;
    }
    return {q.estimate().contests[0].options[0].estimate, double(sa) / double(sv)};
}

}  // namespace

TEST_CASE("self-weighting sample: the combined ratio equals the pooled ratio") {
    Frame f = make_frame({5, 10, 15});  // 1 in 8 everywhere
    Fed r = feed(f, false);
    REQUIRE(r.combined.defined);
    CHECK(std::abs(r.combined.share - r.pooled) < 1e-12);
    CHECK(r.combined.margin95 > 0);
}

TEST_CASE("unequal sampling fractions: pooling is biased, the combined ratio is not") {
    Frame f = make_frame({5, 40, 5});  // the middle stratum is sampled at 1 in 2
    Fed r = feed(f, true);
    // Every station of a stratum votes alike, so the population share is known exactly:
    // A = 20%·40 + 50%·80 + 80%·120 stations of 500 valid votes each.
    const double truth = (0.2 * 40 + 0.5 * 80 + 0.8 * 120) / 240.0;
    CHECK(std::abs(r.combined.share - truth) < 1e-12);
    CHECK(r.combined.margin95 < 1e-9);  // no residual variance within any stratum
    CHECK(std::abs(r.pooled - truth) > 0.05);

    Fed varied = feed(f, false);
    CHECK(std::abs(varied.combined.share - truth) < 0.01);
    CHECK(std::abs(varied.pooled - varied.combined.share) > 0.05);
}

namespace {

// The textbook two-pass computation of SPEC.md section 6, in long double, straight from the data.
struct Direct {
    long double p, margin95;
};

Direct direct(const std::vector<std::uint32_t>& frame, const std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>>& yx) {
    long double num = 0, den = 0;
    for (std::size_t h = 0; h < frame.size(); ++h) {
        long double w = static_cast<long double>(frame[h]) / yx[h].size();
        for (auto [y, x] : yx[h]) {
            num += w * y;
            den += w * x;
        }
    }
    long double p = num / den, var = 0;
    for (std::size_t h = 0; h < frame.size(); ++h) {
        long double r = yx[h].size(), n = frame[h], mean = 0, ss = 0;
        for (auto [y, x] : yx[h]) mean += (y - p * x) / r;
        for (auto [y, x] : yx[h]) ss += (y - p * x - mean) * (y - p * x - mean);
        var += n * n * (1 - r / n) * (ss / (r - 1)) / r;
    }
    return {p, 1.96L * std::sqrt(var / (den * den))};
}

}  // namespace

TEST_CASE("large, nearly proportional counts lose no precision to cancellation") {
    // y ≈ 0.5·x with x near 90,000: Σy² is ~1e13 per stratum while Σe² is ~1e2, so the naive
    // one-pass sums in double would keep at most 3-4 correct digits of the variance.
    std::vector<std::uint32_t> frame = {500, 700, 300};
    std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> yx(3);
    std::vector<StratumMoments> strata(3);
    std::uint64_t seed = 12345;
    auto next = [&] { return (seed = seed * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
    for (std::size_t h = 0; h < 3; ++h) {
        std::uint32_t r = 40 + 10 * std::uint32_t(h);
        strata[h].frame = frame[h];
        strata[h].reported = r;
        for (std::uint32_t i = 0; i < r; ++i) {
            std::int64_t x = 90000 + std::int64_t(next() % 2000);
            std::int64_t y = x / 2 + std::int64_t(next() % 7) - 3 + std::int64_t(h);
            yx[h].push_back({y, x});
            strata[h].m += RatioMoments{y, x, Int128(y) * y, Int128(x) * y, Int128(x) * x};
        }
    }
    RatioEstimate est = combined_ratio(strata);
    Direct d = direct(frame, yx);
    REQUIRE(est.defined);
    CHECK(std::abs(est.share - double(d.p)) < 1e-15);
    CHECK(d.margin95 > 0);
    CHECK(std::abs(est.margin95 / double(d.margin95) - 1) < 1e-9);
}

TEST_CASE("combined_ratio edge cases never divide by zero") {
    CHECK_FALSE(combined_ratio({}).defined);
    std::vector<StratumMoments> none = {{10, 0, {}}, {5, 0, {}}};
    CHECK_FALSE(combined_ratio(none).defined);
    // One station in a stratum: e² itself is its variance term, N(N−1)·e²/1 over X².
    std::vector<StratumMoments> lonely = {{10, 1, RatioMoments{30, 100, 900, 3000, 10000}},
                                          {10, 2, RatioMoments{50 + 70, 200, 2500 + 4900, 5000 + 7000, 20000}}};
    RatioEstimate r = combined_ratio(lonely);
    REQUIRE(r.defined);
    const double p = (10.0 * 30 + 5.0 * 120) / (10.0 * 100 + 5.0 * 200);
    CHECK(r.share == doctest::Approx(p).epsilon(1e-14));
    const double e1 = 30 - p * 100;
    const double e2a = 50 - p * 100, e2b = 70 - p * 100, m = (e2a + e2b) / 2;
    const double s2 = (e2a - m) * (e2a - m) + (e2b - m) * (e2b - m);
    const double var = (10.0 * 9 * e1 * e1 / 1 + 10.0 * 8 * s2 / 2) / (2000.0 * 2000.0);
    CHECK(r.variance == doctest::Approx(var).epsilon(1e-12));
    CHECK(r.margin99 == doctest::Approx(2.58 * std::sqrt(var)).epsilon(1e-12));
}
