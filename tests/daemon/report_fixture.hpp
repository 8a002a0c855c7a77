// A report input built by hand for the report tests: Cyrillic and hostile names, three takes, and a VerifyResult.
#pragma once

#include "daemon/report/report_html.hpp"
#include "takes_fixture.hpp"

namespace report_test {

using namespace smsgw;
using takes_test::Opt;

inline RatioEstimate ratio(double share, double margin95) {
    return RatioEstimate{true, share, margin95, margin95 * 2.58 / 1.96, 0};
}

inline ContestEstimate contest(std::string id, std::string name, int district, std::uint32_t reported,
                               std::uint32_t sampled, std::vector<OptionEstimate> options, Call call) {
    ContestEstimate c;
    c.contest = std::move(id);
    c.name = std::move(name);
    c.district = district;
    c.district_name = district ? "Столичный-1" : "";
    c.reported = reported;
    c.sampled = sampled;
    c.options = std::move(options);
    c.turnout = ratio(0.6312, 0.008);
    c.invalid = ratio(0.0209, 0.0004);
    c.has_lead = c.options.size() >= 2;
    if (c.has_lead) c.lead = {c.options[0].tag, c.options[1].tag, ratio(0.12, 0.02)};
    c.call = call;
    c.leader = c.options.empty() ? "" : c.options[0].tag;
    c.complete_coverage = true;
    return c;
}

// The national party list (three parties, one with a hostile name), one district, their progress
// per region, and three takes converging on today's numbers.
inline report::ReportInput input() {
    report::ReportInput in;
    in.election_id = "rr-2026";
    in.election_name = "Республика Тест — выборы <2026>";
    in.created_utc = "2026-03-01T22:15:00Z";
    in.codebook_version = "rr-2026@abc";
    in.estimates.contests.push_back(contest("PL", "Партийный список", 0, 812, 1000,
                                            {{"A", "Партия «Степь»", ratio(0.4954, 0.0121)},
                                             {"B", "O'Brien & <script>alert(1)</script>", ratio(0.3012, 0.011)},
                                             {"C", "Аграрный союз", ratio(0.2034, 0.009)}},
                                            Call::run_off));
    in.estimates.contests.push_back(contest("DM", "Округа", 3, 9, 12,
                                            {{"A", "Иванов Иван", ratio(0.58, 0.05)}, {"B", "Petrov", ratio(0.42, 0.05)}},
                                            Call::first_round_win));
    in.estimates.contests.back().notes.push_back("02U+02R: merged <fewer than 2 reports>");
    ContestProgress p;
    p.contest = "PL";
    p.total = {"", 1000, 812};
    p.regions = {{"01", 600, 500}, {"02", 400, 312}, {"03", 0, 0}};
    in.progress.push_back(p);
    in.region_names = {{"01", "Северная область"}, {"02", "Capital"}, {"03", "Empty Region"}};
    using takes_test::take;
    using takes_test::target;
    in.takes = {
        take(1, 0, {target("PL", 0, 200, 1000, {{"A", 0.52, 0.03}, {"B", 0.29, 0.03}, {"C", 0.19, 0.03}}),
                    target("DM", 3, 3, 12, {{"A", 0.6, 0.2}, {"B", 0.4, 0.2}})}),
        take(2, 10, {target("PL", 0, 500, 1000, {{"A", 0.50, 0.016}, {"B", 0.30, 0.015}, {"C", 0.20, 0.012}}),
                     target("DM", 3, 6, 12, {{"A", 0.57, 0.08}, {"B", 0.43, 0.08}})}),
        take(3, 20, {target("PL", 0, 812, 1000, {{"A", 0.4954, 0.0121}, {"B", 0.3012, 0.011}, {"C", 0.2034, 0.009}}),
                     target("DM", 3, 9, 12, {{"A", 0.58, 0.05}, {"B", 0.42, 0.05}})}),
    };
    return in;
}

inline official::MeasureVerdict verdict(official::Measure m, std::string tag, double official, double estimate,
                                        double margin, official::Verdict v) {
    official::MeasureVerdict mv;
    mv.measure = m;
    mv.tag = std::move(tag);
    mv.official = official;
    mv.estimate = estimate;
    mv.low95 = estimate - margin;
    mv.high95 = estimate + margin;
    mv.low99 = estimate - margin * 2.58 / 1.96;
    mv.high99 = estimate + margin * 2.58 / 1.96;
    mv.verdict = v;
    return mv;
}

// Official results as smsgw verify would find them: A inside, B outside (shifted), a district
// inside, two stations that differ, one missing, one match, and two anomalies.
inline official::VerifyResult verify() {
    using official::Measure;
    using official::Verdict;
    official::VerifyResult r;
    official::ContestVerdict pl;
    pl.contest = "PL";
    pl.contest_name = "Партийный список";
    pl.official_coverage = 0.97;
    pl.measures = {verdict(Measure::option, "A", 0.5010, 0.4954, 0.0121, Verdict::inside95),
                   verdict(Measure::option, "B", 0.2790, 0.3012, 0.011, Verdict::outside),
                   verdict(Measure::option, "C", 0.2200, 0.2034, 0.009, Verdict::inside99),
                   verdict(Measure::turnout, "", 0.6400, 0.6312, 0.008, Verdict::inside99),
                   verdict(Measure::invalid, "", 0.0210, 0.0209, 0.0004, Verdict::inside95)};
    pl.regions = {{"01", "Северная область", {verdict(Measure::option, "A", 0.52, 0.50, 0.02, Verdict::inside95)}},
                  {"02", "Capital", {verdict(Measure::option, "A", 0.61, 0.49, 0.02, Verdict::outside)}}};
    pl.official_call = "first-round win A";
    pl.pvt_call = "run-off";
    pl.calls_agree = false;
    official::ContestVerdict dm;
    dm.contest = "DM";
    dm.district = 3;
    dm.official_coverage = 1;
    dm.measures = {verdict(Measure::option, "A", 0.59, 0.58, 0.05, Verdict::inside95)};
    dm.official_call = dm.pvt_call = "first-round win A";
    dm.calls_agree = true;
    r.contests = {pl, dm};
    auto diff = [](std::string station, official::StationStatus s, std::int64_t shift,
                   std::vector<official::FieldDifference> d) {
        official::StationDiff x;
        x.station = std::move(station);
        x.station_name = "Школа №" + x.station;
        x.region = "02";
        x.form = "R";
        x.status = s;
        x.shift = shift;
        x.differences = std::move(d);
        return x;
    };
    r.stations = {diff("02017", official::StationStatus::differs, 150, {{"A", 312, 462}, {"B", 300, 150}}),
                  diff("01002", official::StationStatus::differs, 4, {{"C", 57, 53}}),
                  diff("01009", official::StationStatus::official_missing, 0, {}),
                  diff("01001", official::StationStatus::match, 0, {})};
    r.anomalies = {{"02017", "official", "turnout_over_100", "turnout 104.2% (<check> the protocol)",
                    {{"turnout", 1.042}}},
                   {"01005", "observer", "round_turnout", "turnout exactly 50.0%: check", {{"turnout", 0.5}}}};
    return r;
}

}  // namespace report_test
