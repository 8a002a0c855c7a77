// Parser grammar of SPEC.md section 3: forms, stations, items by field kind, incidents, every error.
#include "parsers/parser.hpp"

#include "parser_test_codebook.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace smsgw;

namespace {

const Codebook& tiny() {
    static const Codebook cb = test::tiny_codebook();
    return cb;
}

Report parse(std::string_view text) { return parse_message(text, tiny()); }

std::vector<std::string> codes(const Report& r) {
    std::vector<std::string> out;
    for (const auto& e : r.errors) out.emplace_back(to_string(e.code));
    return out;
}

using Strings = std::vector<std::string>;

// "A=312 B=148" in message order
std::string values(const Report& r) {
    std::string out;
    for (const auto& v : r.values) out += (out.empty() ? "" : " ") + v.tag + "=" + std::to_string(v.value);
    return out;
}

}  // namespace

TEST_CASE("the canonical results message") {
    const Report r = parse("R 01234 A312 B148 C57 X9 T526");
    CHECK(r.errors.empty());
    CHECK(r.form == "R");
    CHECK(r.station == "01234");
    CHECK(values(r) == "A=312 B=148 C=57 X=9 T=526");
    CHECK(r.normalized == "R 01234 A312 B148 C57 X9 T526");
    CHECK(r.values[0].token == 2);
    CHECK(r.values[4].token == 10);
    CHECK_FALSE(r.has_comment);
}

TEST_CASE("monitors' typing variants all mean the same report") {
    const char* variants[] = {
        "r01234a312b148c57x9t526",
        "R-01234-A-312-B-148-C-57-X-9-T-526",
        "R 01234 A312, B148; C57 X9 T526",
        "r 0l234 а312 в148 c 57 x9 t526",  // the issue's midnight message: Latin r, l for 1, Cyrillic а в
        "R 01234 A312 B148 C57 X9 T526.",
        "  ..R 01234 A312 B148 C57 X9 T526;;  ",
        "R01234 A 312 B 148 C 57 X 9 T 526",
        "R=01234 A=312 B=148 C=57 X=9 T=526",
        "R#01234 A:312/B:148/C:57/X:9/T:526",
        "R*01234*A312*B148*C57*X9*T526",
        "R_01234_A312+B148+C57+X9+T526",
        "Ｒ　０１２３４　Ａ３１２　Ｂ１４８　Ｃ５７　Ｘ９　Ｔ５２６",
        "r\t01234\na312\r\nb148 c57 x9 t526",
        "R 01234 T526 X9 C57 B148 A312",  // another order
        "R 01234 A0312 B148 C057 X09 T526",  // leading zeros
        "R O1234 A312 B148 C57 X9 T526",  // letter O in the station
        "RO1234 A3I2 B148 C57 X9 T52б",    // б is no digit: must not be the same
    };
    for (std::size_t i = 0; i + 1 < std::size(variants); ++i) {
        CAPTURE(variants[i]);
        const Report r = parse(variants[i]);
        CHECK(codes(r) == Strings{});
        CHECK(r.normalized == "R 01234 A312 B148 C57 X9 T526");
    }
    const Report last = parse(variants[std::size(variants) - 1]);
    CHECK(codes(last) == Strings{"UNKNOWN_CHAR"});
}

TEST_CASE("lookalikes fold by shape: Cyrillic Р is P, so it is not the form R") {
    const Report r = parse("Р 01234 А312 В148 С57 Х9 Т526");
    CHECK(codes(r) == Strings{"UNKNOWN_FORM"});
    CHECK(r.errors[0].detail == "P");
    CHECK(r.errors[0].text == "Р");
    CHECK(r.errors[0].token == 0);

    // with a form P the same all-Cyrillic message is read completely
    Codebook cb = test::tiny_codebook();
    cb.forms.push_back(test::make_results_form("P", "PL"));
    const Report p = parse_message("Р 01234 А312 В148 С57 Х9 Т526", cb);
    CHECK(codes(p) == Strings{});
    CHECK(p.normalized == "P 01234 A312 B148 C57 X9 T526");

    // Ѕ is S, У/Ү is Y, і is I -> 1 in a digit position
    const Report s = parse("Ѕ 0і234 А0730 ВУ С2 Е3");
    CHECK(codes(s) == Strings{});
    CHECK(s.normalized == "S 01234 A0730 B1 C2 E3");
    CHECK(parse("S 01234 BҮ").values[0].value == 1);
}

TEST_CASE("O, I and L read as digits only where digits are expected") {
    SUBCASE("station") {
        for (const char* m : {"R 0l234 A1", "R Ol234 A1", "R OI234 A1", "R О1234 A1", "RO1234 A1", "R 0L234 A1",
                              "R oi234 a1", "R 0і234 A1"}) {
            CAPTURE(m);
            const Report r = parse(m);
            CHECK(codes(r) == Strings{});
            CHECK(r.station == "01234");
        }
    }
    SUBCASE("values") {
        CHECK(values(parse("R 01234 A3l2")) == "A=312");
        CHECK(values(parse("R 01234 A31O")) == "A=310");
        CHECK(values(parse("R 01234 A 3I2")) == "A=312");
        CHECK(values(parse("R 01234 A O")) == "A=0");
        CHECK(values(parse("R 01234 A l2")) == "A=12");
        CHECK(values(parse("R 01234 AO B148")) == "A=0 B=148");
        CHECK(values(parse("R 01234 AOB148")) == "A=0 B=148");    // O between tags is A's value
        CHECK(values(parse("R 01234 A31OB148")) == "A=310 B=148");  // trailing O, then the next tag
        CHECK(values(parse("S 01234 BI")) == "B=1");
        CHECK(values(parse("S 01234 AO73O")) == "A=730");
        CHECK(parse("N 01234 l2 IO").incidents == std::vector<int>{12, 10});
    }
    SUBCASE("never in a tag or form position") {
        const Report tag_o = parse("R 01234 O312");
        CHECK(codes(tag_o) == Strings{"UNKNOWN_TAG"});
        CHECK(tag_o.errors[0].detail == "O");
        CHECK(codes(parse("R 01234 A312 L5")) == Strings{"UNKNOWN_TAG"});
        CHECK(codes(parse("O 01234 A1")) == Strings{"UNKNOWN_FORM"});
        // a form that really has tag O keeps it a letter
        Codebook cb = test::tiny_codebook();
        cb.forms[1].fields.push_back(test::make_field("O", FieldKind::count));
        const Report o = parse_message("R 01234 O5 A1", cb);
        CHECK(codes(o) == Strings{});
        CHECK(values(o) == "O=5 A=1");
    }
}

TEST_CASE("letter runs split into the form's tags where unambiguous") {
    const Report ab = parse("R 01234 AB312");
    CHECK(codes(ab) == Strings{"MISSING_VALUE"});
    CHECK(ab.errors[0].detail == "A");
    CHECK(values(ab) == "B=312");

    Codebook cb = test::tiny_codebook();
    cb.forms[1].fields.push_back(test::make_field("AB", FieldKind::count));
    const Report tag_ab = parse_message("R 01234 AB312 A5", cb);
    CHECK(codes(tag_ab) == Strings{});
    CHECK(values(tag_ab) == "AB=312 A=5");

    CHECK(values(parse("S 01234 BY")) == "B=1");
    CHECK(values(parse("S 01234 BN")) == "B=2");
    CHECK(values(parse("S 01234 B Y")) == "B=1");
    CHECK(values(parse("S 01234 B-n")) == "B=2");
    CHECK(values(parse("S 01234 BYC2")) == "B=1 C=2");
    CHECK(values(parse("S 01234 B YC2")) == "B=1 C=2");
    CHECK(values(parse("S 01234 bnc2e3")) == "B=2 C=2 E=3");
    CHECK(values(parse("S 01234 B1C2")) == "B=1 C=2");

    // Y/N are values only for yes/no tags
    // (a tag followed by letters that are no tag: that tag's value is unreadable, not an unknown item)
    const Report ay = parse("R 01234 AY");
    CHECK(codes(ay) == Strings{"BAD_VALUE"});
    CHECK(ay.errors[0].detail == "A Y (letters, not a number)");
    CHECK(ay.errors[0].facts.reason == "letters");
    CHECK(ay.errors[0].facts.tag == "A");
    CHECK(ay.errors[0].facts.value == "Y");
    // a tag already given, then letters: a new unknown item ("A715am")
    CHECK(codes(parse("S 01234 A715am B1")) == Strings{"UNKNOWN_TAG"});
    // the same tag twice in one run is a typo, not two items
    CHECK(codes(parse("R 01234 A312 BB")) == Strings{"UNKNOWN_TAG"});
}

TEST_CASE("a separator between tag and value is fine; digits split inside a value are not") {
    CHECK(values(parse("R01234 A 312")) == "A=312");
    CHECK(values(parse("R01234 A- 312")) == "A=312");
    const Report split = parse("R 01234 A 3 12 B148");
    CHECK(codes(split) == Strings{"BAD_VALUE"});
    CHECK(split.errors[0].detail == "A 3 12 (digits split)");
    CHECK(split.errors[0].text == "A 3 12");
    CHECK(split.errors[0].token == 2);
    CHECK(values(split) == "B=148");  // never silently joined, and parsing goes on

    for (const char* m : {"R 01234 A3.12", "R 01234 A3,12", "R 01234 A3-12", "R 01234 A 1.000", "R 01234 A3:12"}) {
        CAPTURE(m);
        const Report r = parse(m);
        CHECK(codes(r) == Strings{"BAD_VALUE"});
        CHECK(r.values.empty());
    }
    const Report trailing = parse("R 01234 A312 B148 C57 X9 T526 1");
    CHECK(codes(trailing) == Strings{"BAD_VALUE"});
    CHECK(trailing.errors[0].detail == "T 526 1 (digits split)");
}

TEST_CASE("field kinds") {
    SUBCASE("count") {
        CHECK(values(parse("R 01234 A0")) == "A=0");
        CHECK(values(parse("R 01234 A000000000000000000000000000312")) == "A=312");
        CHECK(values(parse("R 01234 A999999999999999999")) == "A=999999999999999999");
        const Report big = parse("R 01234 A9999999999999999999");
        CHECK(codes(big) == Strings{"BAD_VALUE"});
        CHECK(big.errors[0].detail == "A 9999999999999999999 (too many digits)");
        CHECK(codes(parse("R 01234 A" + std::string(900, '9'))) == Strings{"BAD_VALUE"});
    }
    SUBCASE("yesno") {
        CHECK(values(parse("S 01234 B1")) == "B=1");
        CHECK(values(parse("S 01234 B2")) == "B=2");
        CHECK(values(parse("S 01234 BY")) == "B=1");
        CHECK(values(parse("S 01234 bn")) == "B=2");
        for (const char* bad : {"S 01234 B3", "S 01234 B0", "S 01234 B12", "S 01234 BO"}) {
            CAPTURE(bad);
            const Report r = parse(bad);
            CHECK(codes(r) == Strings{"BAD_VALUE"});
            CHECK(r.errors[0].detail.rfind("B ", 0) == 0);
        }
    }
    SUBCASE("choice") {
        CHECK(values(parse("S 01234 C3")) == "C=3");
        CHECK(values(parse("S 01234 C9")) == "C=9");  // the list is the validator's business
        CHECK(codes(parse("S 01234 C12")) == Strings{"BAD_VALUE"});
    }
    SUBCASE("multi: digits run together, sorted, each once") {
        CHECK(values(parse("S 01234 D531")) == "D=135");
        CHECK(values(parse("S 01234 D5")) == "D=5");
        CHECK(values(parse("S 01234 D3113")) == "D=13");
        CHECK(parse("S 01234 D531 A0700 B1 C1 E1").normalized == "S 01234 A0700 B1 C1 D135 E1");
        CHECK(codes(parse("S 01234 D5 3")) == Strings{"BAD_VALUE"});
        CHECK(codes(parse("S 01234 D12345678901")) == Strings{"BAD_VALUE"});
    }
    SUBCASE("time: HHMM, HMM, H:MM, HH.MM") {
        CHECK(values(parse("S 01234 A0730")) == "A=730");
        CHECK(values(parse("S 01234 A730")) == "A=730");
        CHECK(values(parse("S 01234 A7:30")) == "A=730");
        CHECK(values(parse("S 01234 A 07:30")) == "A=730");
        CHECK(values(parse("S 01234 A7.30 B1")) == "A=730 B=1");
        CHECK(values(parse("S01234A7:30BYC2")) == "A=730 B=1 C=2");
        CHECK(values(parse("S 01234 A2359")) == "A=2359");
        CHECK(values(parse("S 01234 A0000")) == "A=0");
        CHECK(parse("S 01234 A7:30").normalized == "S 01234 A0730");
        for (const char* bad : {"S 01234 A7", "S 01234 A07", "S 01234 A2400", "S 01234 A1260", "S 01234 A07300",
                                "S 01234 A7:3", "S 01234 A7 30", "S 01234 A7-30", "S 01234 A7:30:15",
                                "S 01234 A123:45"}) {
            CAPTURE(bad);
            const Report r = parse(bad);
            CHECK(codes(r) == Strings{"BAD_VALUE"});
            CHECK(r.values.empty());
        }
    }
}

TEST_CASE("incident forms carry a list of codes") {
    const Report r = parse("N 01234 1 2 12");
    CHECK(codes(r) == Strings{});
    CHECK(r.incidents == std::vector<int>{1, 2, 12});
    CHECK(r.values.empty());
    CHECK(r.normalized == "N 01234 1 2 12");
    CHECK(parse("n01234 12,2;1").normalized == "N 01234 1 2 12");  // same set, same text
    CHECK(parse("N 01234 1 1 2").incidents == std::vector<int>{1, 2});
    CHECK(parse("N 01234 012").incidents == std::vector<int>{12});
    CHECK(parse("N 01234").incidents.empty());  // an empty list is for the validator to judge
    const Report letters = parse("N 01234 1 A 2");
    CHECK(codes(letters) == Strings{"BAD_VALUE"});
    CHECK(letters.errors[0].detail == "A (incident codes are numbers)");
    CHECK(letters.incidents == std::vector<int>{1, 2});
    CHECK(codes(parse("N 01234 1234567890")) == Strings{"BAD_VALUE"});
}

TEST_CASE("EMPTY: nothing but separators or a comment") {
    for (const char* m : {"", "   ", " ,.;-", "@ help", "\xE2\x80\x8B"}) {
        CAPTURE(m);
        const Report r = parse(m);
        CHECK(codes(r) == Strings{"EMPTY"});
        CHECK(r.errors[0].token == -1);
    }
    const Report c = parse(" @ where do I send?");
    CHECK(c.has_comment);
    CHECK(c.comment == "where do I send?");
}

TEST_CASE("UNKNOWN_FORM names what was typed") {
    const Report q = parse("Q 01234 A1");
    CHECK(codes(q) == Strings{"UNKNOWN_FORM"});
    CHECK(q.errors[0].detail == "Q");
    CHECK(q.station == "01234");  // the station is still read
    CHECK(q.form.empty());

    const Report word = parse("RESULT 01234 A1");
    CHECK(codes(word) == Strings{"UNKNOWN_FORM"});
    CHECK(word.errors[0].detail == "RESULT");

    const Report missing = parse("01234 A312");
    CHECK(codes(missing) == Strings{"UNKNOWN_FORM"});
    CHECK(missing.errors[0].detail == "missing before 01234");
    CHECK(missing.station == "01234");

    CHECK(codes(parse("Q")) == Strings{"UNKNOWN_FORM"});  // no cascade of a missing station
}

TEST_CASE("BAD_STATION: missing, not digits, wrong width, split") {
    const Report missing = parse("R A312 B148");
    CHECK(codes(missing) == Strings{"BAD_STATION"});
    CHECK(missing.errors[0].detail == "missing");
    CHECK(values(missing) == "A=312 B=148");  // the items are still read
    CHECK(codes(parse("R")) == Strings{"BAD_STATION"});
    CHECK(codes(parse("RA312")) == Strings{"BAD_STATION"});

    const Report narrow = parse("R 0123 A1");
    CHECK(codes(narrow) == Strings{"BAD_STATION"});
    CHECK(narrow.errors[0].detail == "0123 (4 digits, need 5)");
    CHECK(narrow.station.empty());
    CHECK(parse("R 012345 A1").errors[0].detail == "012345 (6 digits, need 5)");
    CHECK(parse("R 1 A1").errors[0].detail == "1 (1 digit, need 5)");

    const Report split = parse("R 012 34 A1");
    CHECK(codes(split) == Strings{"BAD_STATION"});
    CHECK(split.errors[0].detail == "012 34 (digits split)");
    CHECK(split.errors[0].text == "012 34");

    // the width comes from the codebook
    Codebook cb = test::tiny_codebook();
    cb.election.station_code_width = 4;
    CHECK(parse_message("R 1234 A1", cb).station == "1234");
    CHECK(codes(parse_message("R 01234 A1", cb)) == Strings{"BAD_STATION"});
}

TEST_CASE("UNKNOWN_TAG, DUPLICATE_TAG, MISSING_VALUE") {
    const Report unknown = parse("R 01234 A312 Q5 B148");
    CHECK(codes(unknown) == Strings{"UNKNOWN_TAG"});
    CHECK(unknown.errors[0].detail == "Q");
    CHECK(unknown.errors[0].token == 4);
    CHECK(values(unknown) == "A=312 B=148");  // Q's value is skipped with it

    const Report dup = parse("R 01234 A312 A313");
    CHECK(codes(dup) == Strings{"DUPLICATE_TAG"});
    CHECK(dup.errors[0].detail == "A: 312 and 313");
    CHECK(dup.errors[0].token == 4);
    CHECK(values(dup) == "A=312");
    CHECK(codes(parse("R 01234 A312 а312")) == Strings{"DUPLICATE_TAG"});  // Cyrillic а is A too

    const Report end = parse("R 01234 A312 B");
    CHECK(codes(end) == Strings{"MISSING_VALUE"});
    CHECK(end.errors[0].detail == "B");
    CHECK(end.errors[0].token == 4);
    const Report mid = parse("R 01234 A B148");
    CHECK(codes(mid) == Strings{"MISSING_VALUE"});
    CHECK(mid.errors[0].detail == "A");
    CHECK(values(mid) == "B=148");
    CHECK(codes(parse("S 01234 B C2")) == Strings{"MISSING_VALUE"});

    const Report stray = parse("R 01234 312 B148");
    CHECK(codes(stray) == Strings{"BAD_VALUE"});
    CHECK(stray.errors[0].detail == "312 (no item letter before it)");
}

TEST_CASE("UNKNOWN_CHAR does not cascade into other errors") {
    const Report inside = parse("R 01234 A3Ж12 B148");
    CHECK(codes(inside) == Strings{"UNKNOWN_CHAR"});
    CHECK(inside.errors[0].detail == "Ж at position 11");
    CHECK(values(inside) == "B=148");  // A's value is unreadable, not guessed

    const Report emoji = parse("R 01234 A312 😀 B148");
    CHECK(codes(emoji) == Strings{"UNKNOWN_CHAR"});
    CHECK(values(emoji) == "A=312 B=148");
    CHECK(emoji.errors[0].token == 4);

    CHECK(codes(parse("😀 R 01234 A312")) == Strings{"UNKNOWN_CHAR"});
    CHECK(codes(parse("Д 01234 A312")) == Strings{"UNKNOWN_CHAR"});
    CHECK(codes(parse("R 01234 Ж312 B1")) == Strings{"UNKNOWN_CHAR"});
    CHECK(codes(parse("R 01234 A Ж")) == Strings{"UNKNOWN_CHAR"});
    CHECK(codes(parse("\xFF\xFE")) == Strings{"UNKNOWN_CHAR"});
}

TEST_CASE("every problem is reported, ordered by token, each naming its text") {
    const Report r = parse("R 0123 A312 Q5 B C1 2 A7 Ж");
    CHECK(codes(r) == Strings{"BAD_STATION", "UNKNOWN_TAG", "MISSING_VALUE", "BAD_VALUE", "DUPLICATE_TAG",
                              "UNKNOWN_CHAR"});
    int last = -2;
    for (const auto& e : r.errors) {
        CHECK(e.token >= last);
        CHECK_FALSE(e.detail.empty());
        last = e.token;
    }
    CHECK(r.errors[3].detail == "C 1 2 (digits split)");
    CHECK(r.normalized == "R 0123 A312 Q5 B C1 2 A7 ?");  // folded text when there are errors
}

TEST_CASE("the comment is kept verbatim and never parsed") {
    const Report r = parse("R 01234 A312 @ В участке Ж, A=999 😀");
    CHECK(codes(r) == Strings{});
    CHECK(r.has_comment);
    CHECK(r.comment == "В участке Ж, A=999 😀");
    CHECK(values(r) == "A=312");
    CHECK(r.normalized == "R 01234 A312");  // the comment is not part of the canonical text
}

TEST_CASE("absurdly long input is one error, in linear time") {
    const auto start = std::chrono::steady_clock::now();
    const Report r = parse(std::string(5'000'000, 'A'));
    CHECK(codes(r) == Strings{"BAD_VALUE"});
    CHECK(r.errors[0].detail == "message too long: 5000000 bytes, at most 1000");
    CHECK(r.errors[0].token == -1);
    CHECK(r.normalized.empty());

    std::string tokens;
    while (tokens.size() < 900) tokens += "A1 ";
    CHECK(codes(parse(tokens)) == Strings{"BAD_VALUE"});

    const Report letters = parse("R 01234 " + std::string(900, 'B'));
    CHECK(codes(letters) == Strings{"UNKNOWN_TAG"});
    CHECK(letters.errors[0].detail.size() < 30);  // details stay short enough for a reply
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("a 0 among several multi digits is a bad value, never silently dropped") {
    Report r = parse("S 01234 A0730 B1 C1 D105 E1");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].code == Code::BAD_VALUE);
    CHECK(r.errors[0].detail.find("105") != std::string::npos);
}
