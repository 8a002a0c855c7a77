// Shared by the simulator tests: the example and tiny codebooks, and each message run through parser and validator.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "codebooks/phone.hpp"
#include "codebooks/validator.hpp"
#include "daemon/simulate/scenario_generator.hpp"
#include "parsers/parser.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace smsgw::test {

inline CodebookPtr load_dir(const std::string& dir) {
    CodebookSources s = smsgw::test::codebook_sources(dir);
    LoadResult r = load_codebook(s);
    REQUIRE(r.ok());
    return r.codebook;
}

inline const Codebook& example() {
    static const CodebookPtr cb = load_dir(std::string(SMSGW_SOURCE_DIR) + "/codebooks/example");
    return *cb;
}

inline const Codebook& tiny() {
    static const CodebookPtr cb = load_dir(std::string(SMSGW_TEST_DATA) + "/codebooks/tiny");
    return *cb;
}

// The default scenario of the example election with seed 1, generated once per test program.
inline const sim::Scenario& example_scenario() {
    static const sim::Scenario s = sim::generate_scenario(example(), 1);
    return s;
}

// What the gateway's parser and validator make of a planned message, from its sender.
struct Checked {
    Report report;
    Verdict verdict;
};

inline Checked check_message(const Codebook& cb, const sim::PlannedMessage& m) {
    Checked c;
    c.report = parse_message(m.text, cb);
    Sender sender;
    sender.raw = m.sender;
    sender.e164 = normalize_phone(m.sender, cb.election.phones);
    c.verdict = validate(c.report, cb, sender);
    return c;
}

inline std::map<std::string, std::int64_t> values_of(const Report& r) {
    std::map<std::string, std::int64_t> out;
    for (const auto& v : r.values) out[v.tag] = v.value;
    return out;
}

inline std::map<std::string, std::int64_t> values_of(const sim::PlannedMessage& m) {
    return {m.values.begin(), m.values.end()};
}

inline bool has_code(const std::vector<Issue>& issues, Code code) {
    for (const auto& i : issues)
        if (i.code == code) return true;
    return false;
}

}  // namespace smsgw::test
