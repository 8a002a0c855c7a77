// The simulator's messages do to the parser and validator exactly what their planned outcome says.
#include "test_simulate_fixture.hpp"

#include "codebooks/gsm7.hpp"
#include "daemon/simulate/text_styler.hpp"

#include <algorithm>
#include <array>
#include <set>

using namespace smsgw;
using namespace smsgw::test;
using sim::Outcome;

namespace {

std::string before_comment(const std::string& text) {
    const auto at = text.find('@');
    std::string s = at == std::string::npos ? text : text.substr(0, at);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// Every message of the scenario against parser + validator; returns the count per outcome.
std::array<std::size_t, sim::outcome_count> check_all(const Codebook& cb, const sim::Scenario& sc) {
    std::array<std::size_t, sim::outcome_count> seen{};
    for (const auto& m : sc.messages) {
        CAPTURE(m.seq);
        CAPTURE(m.text);
        CAPTURE(m.sender);
        CAPTURE(sim::to_string(m.outcome));
        ++seen[static_cast<std::size_t>(m.outcome)];
        const Checked c = check_message(cb, m);
        if (sim::validator_accepts(m.outcome)) {
            REQUIRE(c.verdict.status == Status::accepted);
            CHECK(c.report.form == m.form);
            CHECK(c.report.station == m.station);
            CHECK(values_of(c.report) == values_of(m));
            std::vector<int> incidents = c.report.incidents;
            std::sort(incidents.begin(), incidents.end());
            incidents.erase(std::unique(incidents.begin(), incidents.end()), incidents.end());
            CHECK(incidents == m.incidents);
            if (m.outcome == Outcome::valid) CHECK(before_comment(m.text) == c.report.normalized);
            if (m.outcome == Outcome::normalized) CHECK(before_comment(m.text) != c.report.normalized);
        } else {
            CHECK(c.verdict.status == Status::rejected);
            REQUIRE(m.expect_code.has_value());
            CHECK(has_code(c.verdict.errors, *m.expect_code));
            CHECK(m.values.empty());
        }
        if (m.outcome == Outcome::conflict) CHECK(m.expect_code == Code::CONFLICT);
        if (m.outcome == Outcome::unregistered || m.outcome == Outcome::info)
            CHECK(m.expect_code == Code::UNREGISTERED_SENDER);
    }
    return seen;
}

}  // namespace

TEST_CASE("every message of the default example night gets its planned verdict") {
    const auto seen = check_all(example(), example_scenario());
    // Every class the demo shows is there.
    for (std::size_t c = 0; c < sim::outcome_count; ++c) {
        CAPTURE(sim::to_string(static_cast<Outcome>(c)));
        CHECK(seen[c] > 0);
    }
    CHECK(seen[static_cast<std::size_t>(Outcome::conflict)] == 1);
    CHECK(seen[static_cast<std::size_t>(Outcome::resolution)] == 1);
    CHECK(seen[static_cast<std::size_t>(Outcome::unregistered)] == 5);
    CHECK(seen[static_cast<std::size_t>(Outcome::info)] == 1);
}

TEST_CASE("other seeds, heavier mistake rates and the tiny codebook still get their planned verdicts") {
    sim::ScenarioOptions heavy;
    heavy.typo_rate = 0.4;
    heavy.cyrillic_rate = 0.4;
    heavy.invalid_rate = 0.3;
    heavy.resend_rate = 0.2;
    heavy.correction_rate = 0.2;
    heavy.comment_rate = 0.3;
    heavy.ucs2_rate = 0.2;
    heavy.conflicts = 3;
    heavy.incidents = 100;
    for (std::uint64_t seed : {2u, 3u}) {
        CAPTURE(seed);
        check_all(example(), sim::generate_scenario(example(), seed, heavy));
        check_all(tiny(), sim::generate_scenario(tiny(), seed, heavy));
    }
}

TEST_CASE("the intended rejection codes all occur") {
    sim::ScenarioOptions o;
    o.invalid_rate = 0.5;
    const auto sc = sim::generate_scenario(example(), 4, o);
    std::set<Code> codes;
    for (const auto& m : sc.messages)
        if (m.outcome == Outcome::invalid) codes.insert(*m.expect_code);
    for (Code c : {Code::MISSING_TAGS, Code::CHECK_FAILED, Code::BAD_VALUE, Code::OUT_OF_RANGE, Code::UNKNOWN_TAG,
                   Code::UNKNOWN_STATION, Code::NOT_ASSIGNED, Code::BAD_STATION, Code::UNKNOWN_FORM}) {
        CAPTURE(to_string(c));
        CHECK(codes.count(c) == 1);
    }
}

TEST_CASE("the texts mix Cyrillic, UCS-2 and multipart messages, with concatenation references") {
    const auto& sc = example_scenario();
    std::size_t cyrillic_reports = 0, forced = 0, multipart = 0, three_parts = 0;
    for (const auto& m : sc.messages) {
        const SmsSize size = sms_size(m.text);
        CHECK(m.ucs2 == (size.coding == SmsCoding::ucs2 || m.force_ucs2));
        if (!m.force_ucs2) CHECK(m.parts == size.parts);
        CHECK(m.concat_ref.has_value() == (m.parts > 1));
        const std::string head = before_comment(m.text);
        if (!is_gsm7(head) && m.outcome != Outcome::info) ++cyrillic_reports;
        forced += m.force_ucs2;
        multipart += m.parts > 1;
        three_parts += m.parts >= 3;
    }
    CHECK(cyrillic_reports > 50);
    CHECK(forced > 10);
    CHECK(multipart > 10);
    CHECK(three_parts > 0);
}

TEST_CASE("resends repeat an earlier text from the same phone, later; invalid reports are fixed later") {
    const auto& sc = example_scenario();
    for (std::size_t i = 0; i < sc.messages.size(); ++i) {
        const auto& m = sc.messages[i];
        CHECK(m.seq == i + 1);
        if (i > 0) CHECK(sc.messages[i - 1].time <= m.time);
        if (m.outcome != Outcome::duplicate && m.outcome != Outcome::invalid) continue;
        CAPTURE(m.text);
        bool found = false;
        for (std::size_t j = 0; j < sc.messages.size() && !found; ++j) {
            const auto& o = sc.messages[j];
            if (o.sender != m.sender || o.form != m.form || o.station != m.station || j == i) continue;
            if (m.outcome == Outcome::duplicate)
                found = j < i && o.text == m.text && o.time < m.time && sim::validator_accepts(o.outcome);
            else
                found = j > i && o.time > m.time && sim::validator_accepts(o.outcome);
        }
        CHECK(found);
    }
}
