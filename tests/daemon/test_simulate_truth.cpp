// The simulator's true count: deterministic, arithmetically sound, stratified, and what the final reports say.
#include "test_simulate_fixture.hpp"

#include "daemon/simulate/plan_json.hpp"
#include "daemon/simulate/truth_summary.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <numeric>
#include <set>

using namespace smsgw;
using namespace smsgw::test;
using sim::Outcome;

namespace {

std::string plan_text(const sim::Scenario& sc) {
    std::string s;
    for (const auto& m : sc.messages) s += boost::json::serialize(sim::plan_json(m)) + "\n";
    return s;
}

std::string truth_text(const Codebook& cb, const sim::Scenario& sc) {
    return boost::json::serialize(sim::truth_json(cb, sc, sim::summarize_truth(cb, sc)));
}

std::size_t count(const sim::Scenario& sc, Outcome o) {
    return static_cast<std::size_t>(
        std::count_if(sc.messages.begin(), sc.messages.end(), [&](const auto& m) { return m.outcome == o; }));
}

}  // namespace

TEST_CASE("the same seed gives the same plan and truth; another seed does not") {
    const auto& a = example_scenario();
    const auto b = sim::generate_scenario(example(), 1);
    CHECK(plan_text(a) == plan_text(b));
    CHECK(truth_text(example(), a) == truth_text(example(), b));
    const auto c = sim::generate_scenario(example(), 2);
    CHECK(plan_text(a) != plan_text(c));
    CHECK(truth_text(example(), a) != truth_text(example(), c));
}

TEST_CASE("every station's true count adds up and stays within the registered voters") {
    const auto& cb = example();
    const auto& sc = example_scenario();
    REQUIRE(sc.truth.forms().size() == 2);
    for (const Form* form : sc.truth.forms()) {
        std::size_t applies = 0;
        for (const Station& st : cb.stations) {
            const sim::StationResult* r = sc.truth.find(form->code, st.index);
            REQUIRE(r != nullptr);
            if (!r->applies) continue;
            ++applies;
            CAPTURE(st.code);
            CHECK(r->votes.size() == sim::option_tags(cb, *form, st).size());
            CHECK(std::accumulate(r->votes.begin(), r->votes.end(), std::int64_t{0}) + r->invalid == r->cast);
            CHECK(r->cast <= st.registered);
            CHECK(r->cast * 100 <= st.registered * 90);  // no turnout warnings
            CHECK(r->invalid >= 0);
            CHECK(*std::min_element(r->votes.begin(), r->votes.end()) >= 0);
        }
        CHECK(applies == cb.stations.size());  // every district has candidates
    }
}

TEST_CASE("population shares sum to one, the leader is in run-off territory and the strata differ") {
    const auto& cb = example();
    const auto& sc = example_scenario();
    const auto targets = sim::summarize_truth(cb, sc);
    REQUIRE(targets.size() == 1 + 11);  // PL and the 11 districts with a quick count
    CHECK(targets[0].contest == "PL");
    CHECK(targets[0].stations == cb.stations.size());
    CHECK(targets[0].sampled == 1000);
    for (const auto& t : targets) {
        CAPTURE(t.contest);
        CAPTURE(t.district);
        double sum = 0, sample_sum = 0;
        for (const auto& o : t.population.options) sum += o.share;
        for (const auto& o : t.sample.options) sample_sum += o.share;
        CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
        CHECK(sample_sum == doctest::Approx(1.0).epsilon(1e-12));
        CHECK(t.population.turnout > 0.3);
        CHECK(t.population.turnout < 0.9);
        CHECK(t.population.invalid > 0);
        CHECK(t.population.invalid < 0.06);
        CHECK(t.reported <= t.sampled);
    }
    const double leader = targets[0].population.options[0].share;
    CHECK(leader > 0.38);
    CHECK(leader < 0.55);
    // The sample estimate is close to the population value, but not equal: it is an estimate.
    CHECK(std::abs(targets[0].sample.options[0].share - leader) < 0.01);
    CHECK(targets[0].sample.options[0].share != leader);

    // Towns and villages vote differently, and so do regions: the leader's share by stratum.
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_stratum;  // leader votes, valid
    std::int64_t votes[2] = {0, 0}, valid[2] = {0, 0};
    for (const Station& st : cb.stations) {
        const auto* r = sc.truth.find("R", st.index);
        const int urban = cb.find_stratum(st.stratum)->urban ? 1 : 0;
        const std::int64_t v = std::accumulate(r->votes.begin(), r->votes.end(), std::int64_t{0});
        votes[urban] += r->votes[0];
        valid[urban] += v;
        by_stratum[st.stratum].first += r->votes[0];
        by_stratum[st.stratum].second += v;
    }
    const double rural = static_cast<double>(votes[0]) / static_cast<double>(valid[0]);
    const double urban = static_cast<double>(votes[1]) / static_cast<double>(valid[1]);
    CHECK(rural - urban > 0.05);
    double lo = 1, hi = 0;
    for (const auto& [id, s] : by_stratum) {
        const double share = static_cast<double>(s.first) / static_cast<double>(s.second);
        lo = std::min(lo, share);
        hi = std::max(hi, share);
    }
    CHECK(hi - lo > 0.15);
}

TEST_CASE("the last accepted report of every counted station carries its true values; corrections fix wrong ones") {
    const auto& cb = example();
    const auto& sc = example_scenario();
    std::map<std::pair<std::string, std::string>, const sim::PlannedMessage*> current;
    std::size_t corrections = 0;
    for (const auto& m : sc.messages) {
        const auto key = std::make_pair(m.form, m.station);
        if (m.outcome == Outcome::correction) {
            ++corrections;
            REQUIRE(current.count(key) == 1);
            const auto* before = current[key];
            CHECK(before->outcome == Outcome::superseded);
            CHECK(before->sender == m.sender);
            CHECK(before->values != m.values);
            CHECK(before->time < m.time);
        }
        if (m.outcome == Outcome::valid || m.outcome == Outcome::normalized || m.outcome == Outcome::superseded ||
            m.outcome == Outcome::correction || m.outcome == Outcome::resolution)
            current[key] = &m;
    }
    CHECK(corrections > 10);
    std::size_t results = 0;
    for (const auto& [form, stations] : sc.counted) {
        const Form* f = cb.find_form(form);
        for (std::uint32_t s : stations) {
            const Station& st = cb.stations[s];
            const auto it = current.find({form, st.code});
            REQUIRE(it != current.end());
            CHECK(it->second->outcome != Outcome::superseded);
            if (f->kind != FormKind::results) continue;
            ++results;
            const auto* truth = sc.truth.find(form, s);
            const auto tags = sim::option_tags(cb, *f, st);
            std::map<std::string, std::int64_t> expected{{f->invalid_tag, truth->invalid}, {f->cast_tag, truth->cast}};
            for (std::size_t k = 0; k < tags.size(); ++k) expected[tags[k]] = truth->votes[k];
            CHECK(values_of(*it->second) == expected);
        }
    }
    CHECK(results > 1000);
}

TEST_CASE("the report fraction, the conflict settlement and the counts of extras follow the options") {
    const auto& cb = example();
    sim::ScenarioOptions o;
    o.report_fraction = 0.5;
    o.resolve_conflicts = false;
    o.conflicts = 2;
    o.unregistered = 0;
    o.info_messages = 3;
    o.incidents = 0;
    o.nonsampled_fraction = 0;
    const auto sc = sim::generate_scenario(cb, 1, o);
    CHECK(count(sc, Outcome::conflict) == 2);
    CHECK(count(sc, Outcome::resolution) == 0);
    CHECK(count(sc, Outcome::unregistered) == 0);
    CHECK(count(sc, Outcome::info) == 3);
    for (const auto& m : sc.messages) CHECK(m.form != "N");
    const auto targets = sim::summarize_truth(cb, sc);
    // 0.5 of 1000 sampled stations, less the two conflicts left unsettled.
    CHECK(targets[0].reported > 430);
    CHECK(targets[0].reported < 570);
    std::set<std::pair<std::string, std::string>> conflicted;
    for (const auto& m : sc.messages)
        if (m.outcome == Outcome::conflict) conflicted.insert({m.form, m.station});
    REQUIRE(conflicted.size() == 2);
    for (const auto& [form, stations] : sc.counted)
        for (std::uint32_t s : stations) {
            CHECK(cb.stations[s].sampled);
            CHECK(conflicted.count({form, cb.stations[s].code}) == 0);
        }
    // The population truth does not depend on who reports.
    const auto full = sim::summarize_truth(cb, example_scenario());
    CHECK(full[0].population.options[0].share == targets[0].population.options[0].share);
    CHECK(full[0].reported > targets[0].reported);
}

TEST_CASE("the truth JSON has the contests, options and shares as fractions") {
    const auto& cb = example();
    const std::string text = truth_text(cb, example_scenario());
    const auto root = boost::json::parse(text).as_object();
    CHECK(root.at("election").as_string() == "rr-2026");
    const auto& contests = root.at("contests").as_array();
    REQUIRE(contests.size() == 12);
    const auto& pl = contests[0].as_object();
    CHECK(pl.at("contest").as_string() == "PL");
    CHECK(!pl.contains("district"));
    CHECK(pl.at("options").as_array().size() == 8);
    CHECK(pl.at("options").as_array()[0].as_object().at("name").as_string() == "Steppe Progress Party");
    CHECK(pl.at("turnout").as_object().at("share").as_double() < 1);
    CHECK(pl.at("outcome").as_string() == "run-off");
    CHECK(pl.at("sample").as_object().at("sampled").as_int64() == 1000);
    const auto& dm = contests[1].as_object();
    CHECK(dm.at("contest").as_string() == "DM");
    CHECK(dm.at("district").as_int64() == 10);
}

TEST_CASE("plan times render as a clock") {
    CHECK(sim::clock_text(0) == "00:00:00");
    CHECK(sim::clock_text(7 * 3600 + 5 * 60 + 9) == "07:05:09");
}
