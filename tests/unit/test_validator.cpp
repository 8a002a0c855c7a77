// Validator: station, sender, tags, ranges, checks and the order of errors.
#include "codebooks/validator.hpp"
#include "validator_test_codebook.hpp"

#include <doctest/doctest.h>

using namespace smsgw;
using namespace smsgw::test;

TEST_CASE("a correct results report is accepted and names its form, station and monitor") {
    const Verdict v = validate(good_r(), tiny(), from("+77010000001"));
    CHECK(v.status == Status::accepted);
    CHECK(v.errors.empty());
    CHECK(v.warnings.empty());
    REQUIRE(v.form != nullptr);
    CHECK(v.form->code == "R");
    REQUIRE(v.station != nullptr);
    CHECK(v.station->code == "01001");
    REQUIRE(v.monitor != nullptr);
    CHECK(v.monitor->phone == "+77010000001");
    CHECK(to_string(v.status) == "accepted");
    CHECK(to_string(Status::warning) == "warning");
    CHECK(to_string(Status::rejected) == "rejected");

    const Verdict any = validate(good_r(), tiny(), anyone());
    CHECK(any.status == Status::accepted);
    CHECK(any.monitor == nullptr);
}

TEST_CASE("a failed error check rejects with its explanation; a warning check only flags") {
    auto r = report("R", "01001", {{"A", 312}, {"B", 148}, {"C", 55}, {"X", 9}, {"T", 526}});
    Verdict v = validate(r, tiny(), anyone());
    CHECK(v.status == Status::rejected);
    REQUIRE(codes(v.errors) == std::vector{Code::CHECK_FAILED});
    CHECK(v.errors[0].detail == "sum_cast: A+B+C+X=524 but T=526");
    CHECK(v.errors[0].text == "sum_cast");

    // 01004 has 300 registered: 290 cast is 96.7% turnout.
    auto high = report("R", "01004", {{"A", 200}, {"B", 50}, {"C", 30}, {"X", 10}, {"T", 290}});
    v = validate(high, tiny(), anyone());
    CHECK(v.status == Status::warning);
    CHECK(v.errors.empty());
    REQUIRE(codes(v.warnings) == std::vector{Code::CHECK_WARNING});
    CHECK(v.warnings[0].detail == "high_turnout: T*100=29000 but station.registered*95=28500");

    auto over = report("R", "01004", {{"A", 300}, {"B", 50}, {"C", 30}, {"X", 10}, {"T", 390}});
    v = validate(over, tiny(), anyone());
    CHECK(v.status == Status::rejected);
    REQUIRE(codes(v.errors) == std::vector{Code::CHECK_FAILED});
    CHECK(v.errors[0].detail == "cast_registered: T=390 but station.registered=300");
    CHECK(codes(v.warnings) == std::vector{Code::CHECK_WARNING});
}

TEST_CASE("a check's message is appended and overflow counts as a failure") {
    Codebook cb = make_tiny();
    Form& s = cb.forms[0];
    add_check(s, "enough", "E >= 2", Severity::error, "at least two observers");
    add_check(s, "huge", "E * 9223372036854775807 > 0", Severity::warning);
    auto r = report("S", "01001", {{"A", 730}, {"B", 1}, {"C", 2}, {"E", 1}});
    Verdict v = validate(r, cb, anyone());
    CHECK(v.status == Status::rejected);
    REQUIRE(codes(v.errors) == std::vector{Code::CHECK_FAILED});
    CHECK(v.errors[0].detail == "enough: E=1 but 2 (at least two observers)");
    CHECK(v.warnings.empty());  // 1 * max does not overflow

    r = report("S", "01001", {{"A", 730}, {"B", 1}, {"C", 2}, {"E", 3}});
    v = validate(r, cb, anyone());
    CHECK(v.status == Status::warning);
    REQUIRE(codes(v.warnings) == std::vector{Code::CHECK_WARNING});
    CHECK(v.warnings[0].detail == "huge: E*9223372036854775807=? but 0 (overflow)");
}

TEST_CASE("station code width, digits and existence") {
    Verdict v = validate(good_r("0100"), tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_STATION});
    CHECK(v.errors[0].detail == "0100, need 5 digits");
    CHECK(v.errors[0].text == "0100");
    CHECK(v.station == nullptr);

    v = validate(good_r("010011"), tiny(), anyone());
    CHECK(codes(v.errors) == std::vector{Code::BAD_STATION});

    v = validate(good_r("01A01"), tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_STATION});
    CHECK(v.errors[0].detail == "01A01, need 5 digits");

    v = validate(good_r(""), tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_STATION});
    CHECK(v.errors[0].detail == "missing, need 5 digits");

    v = validate(good_r("01999"), tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_STATION});
    CHECK(v.errors[0].detail == "01999 is not on the station list");
    CHECK(v.station == nullptr);

    // The parser leaves the station empty after a problem inside it; that problem is the report.
    Report r = good_r("");
    r.errors.push_back(Issue{Code::UNKNOWN_CHAR, "Ж at position 5", 2, "Ж"});
    v = validate(r, tiny(), anyone());
    CHECK(codes(v.errors) == std::vector{Code::UNKNOWN_CHAR});

    // The parser's own BAD_STATION is not repeated.
    r = good_r("01");
    r.errors.push_back(Issue{Code::BAD_STATION, "01 (too short)", 1, "01"});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_STATION});
    CHECK(v.errors[0].detail == "01 (too short)");
}

TEST_CASE("sender registered and assigned: directly, via district:NN, or *") {
    Verdict v = validate(good_r("01001"), tiny(), from("+77019999999"));
    REQUIRE(codes(v.errors) == std::vector{Code::UNREGISTERED_SENDER});
    CHECK(v.errors[0].detail == "+77019999999 is not a registered monitor");
    CHECK(v.monitor == nullptr);

    Sender alpha;
    alpha.raw = "Beeline";
    v = validate(good_r("01001"), tiny(), alpha);
    REQUIRE(codes(v.errors) == std::vector{Code::UNREGISTERED_SENDER});
    CHECK(v.errors[0].detail == "Beeline is not a registered monitor");

    Sender national;  // not normalized by the caller: the codebook's phone rules apply
    national.raw = "8 701 000 00 01";
    v = validate(good_r("01001"), tiny(), national);
    CHECK(v.status == Status::accepted);
    REQUIRE(v.monitor != nullptr);
    CHECK(v.monitor->phone == "+77010000001");

    v = validate(good_r("01002"), tiny(), from("+77010000001"));
    REQUIRE(codes(v.errors) == std::vector{Code::NOT_ASSIGNED});
    CHECK(v.errors[0].detail == "01002 is not assigned to +77010000001");
    CHECK(v.monitor != nullptr);

    CHECK(validate(good_r("01003"), tiny(), from("+77010000002")).status == Status::accepted);
    // 01004 has 300 registered: use a small count there.
    auto small = [](std::string station) {
        return report("R", std::move(station), {{"A", 100}, {"B", 50}, {"C", 30}, {"X", 10}, {"T", 190}});
    };
    CHECK(validate(small("01005"), tiny(), from("+77010000004")).status == Status::accepted);
    CHECK(codes(validate(small("01001"), tiny(), from("+77010000004")).errors) == std::vector{Code::NOT_ASSIGNED});
    CHECK(validate(small("02002"), tiny(), from("+77010000005")).status == Status::accepted);
    CHECK(validate(small("01006"), tiny(), from("+77010000005")).status == Status::accepted);

    // No NOT_ASSIGNED about a station that does not exist.
    CHECK(codes(validate(small("01999"), tiny(), from("+77010000001")).errors) == std::vector{Code::UNKNOWN_STATION});
}

TEST_CASE("unknown, duplicate and missing tags") {
    auto r = report("R", "01001", {{"A", 312}, {"Q", 148}, {"C", 57}, {"X", 9}, {"T", 526}});
    Verdict v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_TAG, Code::MISSING_TAGS});
    CHECK(v.errors[0].detail == "Q");
    CHECK(v.errors[0].token == 3);
    CHECK(v.errors[0].text == "Q148");
    CHECK(v.errors[1].detail == "B");

    r = report("R", "01001", {{"A", 312}, {"B", 148}, {"C", 57}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::MISSING_TAGS});
    CHECK(v.errors[0].detail == "X, T");  // all of them, in form order

    r = report("R", "01001", {{"A", 312}, {"B", 148}, {"A", 57}, {"X", 9}, {"T", 526}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::DUPLICATE_TAG, Code::MISSING_TAGS});
    CHECK(v.errors[0].detail == "A given twice");
    CHECK(v.errors[0].token == 4);

    // The parser's own UNKNOWN_TAG for the same token is not repeated.
    r = report("R", "01001", {{"A", 312}, {"B", 148}, {"C", 57}, {"X", 9}, {"T", 526}, {"Z", 1}});
    r.errors.push_back(Issue{Code::UNKNOWN_TAG, "Z (parser)", 7, "Z1"});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_TAG});
    CHECK(v.errors[0].detail == "Z (parser)");

    // Items the parser dropped because their value was unreadable were typed: not "missing". The
    // parser names the item in facts.tag; the English detail is never read for it.
    const auto item = [](std::string_view tag) {
        IssueFacts f;
        f.tag = tag;
        return f;
    };
    r = report("S", "01001", {{"B", 1}, {"C", 2}});
    r.errors.push_back(Issue{Code::BAD_VALUE, "no such time", 2, "A2575", item("A")});
    r.errors.push_back(Issue{Code::MISSING_VALUE, "missing", 8, "E", item("E")});
    v = validate(r, tiny(), anyone());
    CHECK(codes(v.errors) == std::vector{Code::BAD_VALUE, Code::MISSING_VALUE});
    r.errors.push_back(Issue{Code::DUPLICATE_TAG, "twice", 9, "C3", item("C")});
    r.values.erase(r.values.begin() + 1);  // C itself lost too: still typed, so still not missing
    v = validate(r, tiny(), anyone());
    CHECK(codes(v.errors) == std::vector{Code::BAD_VALUE, Code::MISSING_VALUE, Code::DUPLICATE_TAG});
    r.values.clear();
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_VALUE, Code::MISSING_VALUE, Code::DUPLICATE_TAG, Code::MISSING_TAGS});
    CHECK(v.errors.back().detail == "B");

    // Optional fields may be absent.
    r = report("S", "01001", {{"A", 730}, {"B", 1}, {"C", 2}, {"E", 3}});
    CHECK(validate(r, tiny(), anyone()).status == Status::accepted);
}

TEST_CASE("values must fit their field kind") {
    struct Case {
        std::string tag;
        std::int64_t value;
        std::optional<Code> code;
        std::string detail;
    };
    const Case cases[] = {
        {"E", 20, std::nullopt, ""},
        {"E", 0, std::nullopt, ""},
        {"E", 25, Code::OUT_OF_RANGE, "E=25 (max 20)"},
        {"E", -1, Code::OUT_OF_RANGE, "E=-1 (min 0)"},
        {"B", 1, std::nullopt, ""},
        {"B", 2, std::nullopt, ""},
        {"B", 3, Code::OUT_OF_RANGE, "B=3 (1=yes, 2=no)"},
        {"C", 3, std::nullopt, ""},
        {"C", 4, Code::OUT_OF_RANGE, "C=4 (choices 1,2,3)"},
        {"C", 12, Code::OUT_OF_RANGE, "C=12 (choices 1,2,3)"},
        {"D", 135, std::nullopt, ""},
        {"D", 5, std::nullopt, ""},
        {"D", 16, Code::OUT_OF_RANGE, "D=16 (choices 1,2,3,4,5)"},
        {"D", 0, Code::OUT_OF_RANGE, "D=0 (choices 1,2,3,4,5)"},
        {"A", 730, std::nullopt, ""},
        {"A", 0, std::nullopt, ""},
        {"A", 2359, std::nullopt, ""},
        {"A", 2575, Code::BAD_VALUE, "A=2575 (not a time HHMM)"},
        {"A", 2400, Code::BAD_VALUE, "A=2400 (not a time HHMM)"},
        {"A", 960, Code::BAD_VALUE, "A=0960 (not a time HHMM)"},
        {"A", 12345, Code::BAD_VALUE, "A=12345 (not a time HHMM)"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.tag);
        CAPTURE(c.value);
        std::vector<std::pair<std::string, std::int64_t>> values{{"A", 730}, {"B", 1}, {"C", 2}, {"E", 3}};
        bool replaced = false;
        for (auto& [tag, value] : values)
            if (tag == c.tag) value = c.value, replaced = true;
        if (!replaced) values.emplace_back(c.tag, c.value);
        const Verdict v = validate(report("S", "01001", values), tiny(), anyone());
        if (!c.code) {
            CHECK(v.status == Status::accepted);
            CHECK(v.errors.empty());
            continue;
        }
        REQUIRE(v.errors.size() == 1);
        CHECK(v.errors[0].code == *c.code);
        CHECK(v.errors[0].detail == c.detail);
    }
}

TEST_CASE("checks are skipped when values are wrong, but still run when tags are missing") {
    // A=6000 is out of range; the sum no longer matches either, but that would say the same twice.
    auto r = report("R", "01001", {{"A", 6000}, {"B", 148}, {"C", 57}, {"X", 9}, {"T", 526}});
    Verdict v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::OUT_OF_RANGE});
    CHECK(v.errors[0].detail == "A=6000 (max 5000)");

    // X missing: sum_cast is not applicable, cast_registered still is.
    r = report("R", "01004", {{"A", 300}, {"B", 50}, {"C", 30}, {"T", 390}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::MISSING_TAGS, Code::CHECK_FAILED});
    CHECK(v.errors[0].detail == "X");
    CHECK(v.errors[1].detail == "cast_registered: T=390 but station.registered=300");

    // Unknown station: checks on station attributes are not applicable, the others run.
    r = report("R", "01999", {{"A", 300}, {"B", 50}, {"C", 30}, {"X", 1}, {"T", 390}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_STATION, Code::CHECK_FAILED});
    CHECK(v.errors[1].detail == "sum_cast: A+B+C+X=381 but T=390");
    CHECK(v.warnings.empty());
}

TEST_CASE("candidates forms take the options from the station's district") {
    // District 1: candidates A and B.
    auto r = report("D", "01001", {{"A", 100}, {"B", 50}, {"X", 5}, {"T", 155}});
    CHECK(validate(r, tiny(), anyone()).status == Status::accepted);

    r = report("D", "01001", {{"A", 100}, {"B", 50}, {"C", 7}, {"X", 5}, {"T", 162}});
    Verdict v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_TAG});
    CHECK(v.errors[0].detail == "C (not a candidate in district 1)");
    CHECK(v.errors[0].text == "C7");

    r = report("D", "01001", {{"A", 100}, {"X", 5}, {"T", 155}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::MISSING_TAGS});
    CHECK(v.errors[0].detail == "B");

    r = report("D", "01001", {{"A", 100}, {"B", 49}, {"X", 5}, {"T", 155}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::CHECK_FAILED});
    CHECK(v.errors[0].detail == "sum_cast: A+B+X=154 but T=155");

    // District 3: A, B and C, all required.
    r = report("D", "02001", {{"A", 100}, {"B", 50}, {"X", 5}, {"T", 155}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::MISSING_TAGS});
    CHECK(v.errors[0].detail == "C");
    r = report("D", "02001", {{"A", 100}, {"B", 50}, {"C", 1}, {"X", 5}, {"T", 155}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::CHECK_FAILED});
    CHECK(v.errors[0].detail == "sum_cast: A+B+C+X=156 but T=155");

    // Unknown station: candidates unknown, so neither required nor rejected; X and T still are.
    r = report("D", "09999", {{"A", 100}, {"C", 50}});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_STATION, Code::MISSING_TAGS});
    CHECK(v.errors[1].detail == "X, T");
}

TEST_CASE("incident forms: codes must be listed, at least one is needed") {
    Report r = report("N", "01001", {});
    r.incidents = {1, 12};
    CHECK(validate(r, tiny(), anyone()).status == Status::accepted);

    r.incidents = {1, 7};
    Verdict v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_TAG});
    CHECK(v.errors[0].detail == "7");

    r.incidents = {};
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::MISSING_TAGS});
    CHECK(v.errors[0].detail == "incident code");

    r = report("N", "01001", {{"A", 1}});
    r.incidents = {2};
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_TAG});
    CHECK(v.errors[0].detail == "A");
}

TEST_CASE("unknown form: reported once, and nothing form-dependent is piled on") {
    Report r = report("Z", "", {{"A", 1}});
    Verdict v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_FORM});
    CHECK(v.errors[0].detail == "Z");
    CHECK(v.form == nullptr);

    r.errors.push_back(Issue{Code::UNKNOWN_FORM, "Z (parser)", 0, "Z"});
    v = validate(r, tiny(), anyone());
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_FORM});
    CHECK(v.errors[0].detail == "Z (parser)");

    Report empty;
    empty.errors.push_back(Issue{Code::EMPTY, "empty message", -1, ""});
    v = validate(empty, tiny(), anyone());
    CHECK(codes(v.errors) == std::vector{Code::EMPTY});

    Report too_long;
    too_long.errors.push_back(Issue{Code::BAD_VALUE, "message too long (1200 bytes)", -1, ""});
    v = validate(too_long, tiny(), anyone());
    CHECK(codes(v.errors) == std::vector{Code::BAD_VALUE});

    // A station typed after an unknown form is still checked.
    r = report("Z", "01999", {});
    CHECK(codes(validate(r, tiny(), anyone()).errors) == std::vector{Code::UNKNOWN_FORM, Code::UNKNOWN_STATION});
}

TEST_CASE("parser errors and warnings are kept and decide the status too") {
    Report r = good_r();
    r.warnings.push_back(Issue{Code::PARTIAL, "message incomplete", -1, ""});
    Verdict v = validate(r, tiny(), anyone());
    CHECK(v.status == Status::warning);
    CHECK(codes(v.warnings) == std::vector{Code::PARTIAL});

    r = good_r();
    r.errors.push_back(Issue{Code::MISSING_VALUE, "no number after B", 3, "B"});
    v = validate(r, tiny(), anyone());
    CHECK(v.status == Status::rejected);
    CHECK(codes(v.errors) == std::vector{Code::MISSING_VALUE});
}

TEST_CASE("errors are ordered most useful first") {
    CHECK(error_rank(Code::UNREGISTERED_SENDER) < error_rank(Code::UNKNOWN_CHAR));
    CHECK(error_rank(Code::UNKNOWN_FORM) < error_rank(Code::BAD_STATION));
    CHECK(error_rank(Code::UNKNOWN_STATION) < error_rank(Code::NOT_ASSIGNED));
    CHECK(error_rank(Code::NOT_ASSIGNED) < error_rank(Code::UNKNOWN_TAG));
    CHECK(error_rank(Code::BAD_VALUE) < error_rank(Code::OUT_OF_RANGE));
    CHECK(error_rank(Code::OUT_OF_RANGE) < error_rank(Code::MISSING_TAGS));
    CHECK(error_rank(Code::MISSING_TAGS) < error_rank(Code::CHECK_FAILED));
    CHECK(error_rank(Code::CHECK_FAILED) < error_rank(Code::CONFLICT));

    // Q unknown (token 3), C bad (token 4, said by the parser), E out of range (token 6), B missing,
    // a parser error about a character, and a sender on the wrong station.
    auto r = report("S", "01002", {{"A", 730}, {"Q", 1}, {"C", 9}, {"D", 1}, {"E", 99}});
    r.errors.push_back(Issue{Code::UNKNOWN_CHAR, "Ж", 8, "Ж"});
    r.errors.push_back(Issue{Code::BAD_VALUE, "C (parser)", 4, "C9"});
    Verdict v = validate(r, tiny(), from("+77010000001"));
    // C9 keeps only the parser's BAD_VALUE: one complaint per token.
    CHECK(codes(v.errors) == std::vector{Code::UNKNOWN_CHAR, Code::NOT_ASSIGNED, Code::UNKNOWN_TAG, Code::BAD_VALUE,
                                         Code::OUT_OF_RANGE, Code::MISSING_TAGS});
    CHECK(v.errors[2].detail == "Q");
    CHECK(v.errors[3].detail == "C (parser)");
    CHECK(v.errors[4].detail == "E=99 (max 20)");
    CHECK(v.errors[5].detail == "B");

    v = validate(r, tiny(), from("+77019999999"));
    CHECK(v.errors.front().code == Code::UNREGISTERED_SENDER);
}
