// Issue facts from parser and validator, and the review fixes: no MISSING_TAGS for a tag typed with a bad value.
#include "codebooks/validator.hpp"
#include "parsers/parser.hpp"
#include "validator_test_codebook.hpp"

#include <doctest/doctest.h>

using namespace smsgw;
using namespace smsgw::test;

namespace {

Verdict check(std::string_view text) { return validate(parse_message(text, tiny()), tiny(), anyone()); }

}  // namespace

TEST_CASE("a tag whose value was unreadable is not also called missing") {
    for (const char* text : {"R 01001 A3Ж2 B1 C1 X0 T4", "R 01001 A1 B1 C1 X😀0 T3", "R 01001 A1\x07 B1 C1 X0 T3",
                             "S 01001 A0730 BД C1 E1", "R 01001 AQ B1 C1 X0 T3", "R 01001 A 3 12 B1 C1 X0 T3"}) {
        CAPTURE(text);
        const Verdict v = check(text);
        CHECK(v.status == Status::rejected);
        REQUIRE(v.errors.size() == 1);
        CHECK(v.errors[0].code != Code::MISSING_TAGS);
        CHECK_FALSE(v.errors[0].facts.tag.empty());
    }
    // an untyped tag is still missing, alongside
    const Verdict v = check("R 01001 A3Ж2 B1 C1 X0");
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_CHAR, Code::MISSING_TAGS});
    CHECK(v.errors[1].detail == "T");
    CHECK(v.errors[1].facts.get(Fact::tags) == "T");
}

TEST_CASE("a digit typed for the form letter is one UNKNOWN_FORM naming it") {
    for (const char* text : {"5 01001 A0730 B1 C1 E1", "0 01001 1 2"}) {
        CAPTURE(text);
        const Verdict v = check(text);
        REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_FORM});
        CHECK(v.errors[0].facts.reason == "form_digit");
        CHECK(v.errors[0].facts.value == std::string(1, text[0]));
        CHECK(v.errors[0].detail.find(text[0]) == 0);
    }
    // no form at all: the station is read, the form is missing before it
    const Verdict none = check("01001 A1 B1 C1 X0 T3");
    REQUIRE(codes(none.errors) == std::vector{Code::UNKNOWN_FORM});
    CHECK(none.errors[0].facts.reason == "form_missing");
    // a one-digit group that is not followed by a station code is still the station
    const Verdict short_station = check("R 5 A1 B1 C1 X0 T3");
    REQUIRE(codes(short_station.errors) == std::vector{Code::BAD_STATION});
    CHECK(short_station.errors[0].facts.reason == "station_width");
    CHECK(short_station.errors[0].facts.get(Fact::width) == "5");
}

TEST_CASE("trailing ! and ? do not reject a report; elsewhere they are UNKNOWN_CHAR") {
    CHECK(check("R 01001 A312 B148 C57 X9 T526!").status == Status::accepted);
    CHECK(check("R 01001 A312 B148 C57 X9 T526 ?!").status == Status::accepted);
    CHECK(check("R 01001 A312 B148 C57 X9 T526! @ ok?").status == Status::accepted);
    const Verdict inside = check("R 01001 A312! B148 C57 X9 T526");
    REQUIRE(codes(inside.errors) == std::vector{Code::UNKNOWN_CHAR});
    CHECK(inside.errors[0].detail.rfind("! at position", 0) == 0);
    CHECK(inside.errors[0].text == "!");
}

TEST_CASE("validator issues carry the facts a reply needs") {
    Verdict v = check("R 01001 A5001 B1 C1 X0 T5003");
    REQUIRE(v.errors.size() >= 1);
    CHECK(v.errors[0].code == Code::OUT_OF_RANGE);
    CHECK(v.errors[0].facts.reason == "max");
    CHECK(v.errors[0].facts.tag == "A");
    CHECK(v.errors[0].facts.value == "5001");
    CHECK(v.errors[0].facts.get(Fact::max) == "5000");

    v = check("R 99999 A1 B1 C1 X0 T3");
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_STATION});
    CHECK(v.errors[0].facts.get(Fact::station) == "99999");

    v = check("R 0100 A1 B1 C1 X0 T3");
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_STATION});
    CHECK(v.errors[0].facts.value == "0100");
    CHECK(v.errors[0].facts.get(Fact::width) == "5");

    v = check("S 01001 A2575 B1 C1 E1");
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_VALUE});
    CHECK(v.errors[0].facts.reason == "time");
    CHECK(v.errors[0].facts.tag == "A");
    CHECK(v.errors[0].facts.value == "2575");

    v = check("R 01001 A1 B1 C1 X0 T4");
    REQUIRE(codes(v.errors) == std::vector{Code::CHECK_FAILED});
    CHECK(v.errors[0].detail == "sum_cast: A+B+C+X=3 but T=4");
    CHECK(v.errors[0].facts.get(Fact::check) == "sum_cast");
    CHECK(v.errors[0].facts.get(Fact::lhs) == "3");
    CHECK(v.errors[0].facts.get(Fact::rhs) == "4");

    v = check("N 01001");
    REQUIRE(codes(v.errors) == std::vector{Code::MISSING_TAGS});
    CHECK(v.errors[0].facts.reason == "incident_missing");
}

TEST_CASE("a candidates form without a known station runs no check over sum(options)") {
    // "01 001" is a split station code: the district and its candidates are unknown
    const Verdict v = check("D 01 001 A1 B1 X0 T9");
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_STATION});
    CHECK(v.errors[0].facts.reason == "station_split");
}
