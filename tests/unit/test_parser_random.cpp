// 100,000 random byte strings, token soups and mutated valid messages: no crash, invariants hold.
#include "parsers/char_class.hpp"
#include "parsers/normalizer.hpp"
#include "parsers/parser.hpp"

#include "parser_test_codebook.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace smsgw;

namespace {

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char u = decode_utf8(s, i);
        if (!u.valid) return false;
        i += u.len;
    }
    return true;
}

bool parser_code(Code c) {
    switch (c) {
        case Code::EMPTY: case Code::UNKNOWN_FORM: case Code::BAD_STATION: case Code::UNKNOWN_TAG:
        case Code::DUPLICATE_TAG: case Code::MISSING_VALUE: case Code::BAD_VALUE: case Code::UNKNOWN_CHAR:
            return true;
        default:
            return false;
    }
}

// Pieces that exercise every rule: forms, tags, digit-like letters, lookalikes, full-width,
// separators, the comment sign, unknown characters, invalid and truncated UTF-8.
const std::vector<std::string> kPieces = {
    "R", "S", "N", "D", "A", "B", "C", "E", "X", "T", "Q", "O", "o", "l", "I", "i", "L", "Y", "N", "y", "n",
    "0", "1", "2", "3", "5", "7", "9", "12", "312", "01234", "0730", "7:30", "999999999999999999999",
    " ", "  ", ",", ";", ":", ".", "=", "#", "*", "-", "_", "/", "+", "\t", "\n",
    "А", "В", "С", "Е", "Н", "К", "М", "О", "Р", "Т", "Х", "У", "Ү", "І", "Ѕ", "Ј", "а", "о", "і", "р",
    "Ж", "Д", "ә", "😀", "Ａ", "０", "９", "ｒ", "\xE3\x80\x80", "\xE2\x80\x8B", "№", "—", "\xEF\xBC\xA0",
    "@", "\x80", "\xC3", "\xE2\x82", "\xF0\x9F", "\xFF", "\xED\xA0\x80", "\xC0\x80", std::string(1, '\0'), "\x07",
};

const std::vector<std::string> kValid = {
    "R 01234 A312 B148 C57 X9 T526",
    "r01234a312b148c57x9t526",
    "R-01234-A-312 B148, C57; X9 T526.",
    "r 0l234 а312 в148 c 57 x9 t526",
    "S 01234 A0730 BY C2 D531 E3",
    "S01234A7:30BNC1D12E0 @ late start",
    "N 01234 1 2 12",
    "D 00007 A10 B20 C30 X1 T61",
    "Ｒ　０１２３４　Ａ３１２",
};

struct Rng {
    std::mt19937_64 g{20260301};
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(g() % n); }
};

std::string random_bytes(Rng& r) {
    std::string s(r.below(80), '\0');
    for (char& c : s) c = static_cast<char>(r.below(256));
    return s;
}

std::string token_soup(Rng& r) {
    std::string s;
    const std::size_t n = r.below(30);
    for (std::size_t i = 0; i < n; ++i) s += kPieces[r.below(kPieces.size())];
    return s;
}

std::string mutate(Rng& r) {
    std::string s = kValid[r.below(kValid.size())];
    const std::size_t n = 1 + r.below(4);
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t pos = s.empty() ? 0 : r.below(s.size() + 1);
        switch (r.below(5)) {
            case 0: s.insert(pos, kPieces[r.below(kPieces.size())]); break;
            case 1: if (pos < s.size()) s.erase(pos, 1 + r.below(3)); break;
            case 2: if (pos < s.size()) s[pos] = static_cast<char>(r.below(256)); break;
            case 3: if (pos + 1 < s.size()) std::swap(s[pos], s[pos + 1]); break;
            default: if (pos < s.size()) s.insert(pos, s.substr(pos, 1 + r.below(6))); break;
        }
    }
    return s;
}

bool ascii_printable(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Checks every invariant of one parse; returns false (after CHECK failures) on a violation.
void check_invariants(const Codebook& cb, const std::string& input) {
    const Report r = parse_message(input, cb);
    CAPTURE(input);
    CHECK(r.errors.size() <= kMaxErrors);
    CHECK(r.warnings.empty());
    int last_token = -1;
    for (const Issue& e : r.errors) {
        CHECK(parser_code(e.code));
        CHECK_FALSE(e.detail.empty());
        CHECK(valid_utf8(e.detail));
        CHECK(valid_utf8(e.text));
        CHECK(e.token >= -1);
        CHECK(e.token < static_cast<int>(kMaxTokens));
        CHECK(e.token >= last_token);  // ordered by token
        last_token = e.token;
    }
    CHECK(ascii_printable(r.normalized));
    CHECK(r.normalized.find("  ") == std::string::npos);
    if (r.has_comment) CHECK(input.find(r.comment) != std::string::npos);
    if (!r.station.empty()) {
        CHECK(r.station.size() == static_cast<std::size_t>(cb.election.station_code_width));
        CHECK(all_digits(r.station));
    }
    const Form* form = r.form.empty() ? nullptr : cb.find_form(r.form);
    if (!r.form.empty()) CHECK(form != nullptr);
    if (form == nullptr) CHECK(r.values.empty());
    std::vector<std::string> tags;
    for (const TagValue& v : r.values) {
        CHECK(v.value >= 0);
        REQUIRE(form != nullptr);
        const int f = form->field_index(v.tag);
        REQUIRE(f >= 0);
        tags.push_back(v.tag);
        switch (form->fields[static_cast<std::size_t>(f)].kind) {
            case FieldKind::yesno: CHECK((v.value == 1 || v.value == 2)); break;
            case FieldKind::choice: CHECK(v.value <= 9); break;
            case FieldKind::time: CHECK((v.value / 100 <= 23 && v.value % 100 <= 59)); break;
            case FieldKind::multi: {
                const std::string d = std::to_string(v.value);
                CHECK(std::adjacent_find(d.begin(), d.end(), std::greater_equal<>()) == d.end());
                break;
            }
            case FieldKind::count: break;
        }
    }
    std::sort(tags.begin(), tags.end());
    CHECK(std::adjacent_find(tags.begin(), tags.end()) == tags.end());  // no tag twice
    for (int code : r.incidents) CHECK(code >= 0);
    if (r.errors.empty()) {
        REQUIRE(form != nullptr);
        CHECK_FALSE(r.station.empty());
        CHECK(r.normalized.rfind(r.form + " " + r.station, 0) == 0);
        // the canonical text means the same thing: parsing it again changes nothing
        const Report again = parse_message(r.normalized, cb);
        CHECK(again.errors.empty());
        CHECK(again.normalized == r.normalized);
        CHECK(again.values.size() == r.values.size());
        CHECK(again.incidents.size() == r.incidents.size());
    }
}

}  // namespace

TEST_CASE("100,000 random inputs: no crash, every invariant holds") {
    const Codebook cb = test::tiny_codebook();
    Rng rng;
    std::size_t accepted = 0;
    for (int i = 0; i < 100'000; ++i) {
        std::string input;
        switch (i % 3) {
            case 0: input = random_bytes(rng); break;
            case 1: input = token_soup(rng); break;
            default: input = mutate(rng); break;
        }
        check_invariants(cb, input);
        if (parse_message(input, cb).errors.empty()) ++accepted;
    }
    // the mutations must keep some messages readable, or the invariants above were never exercised
    CHECK(accepted > 5'000);
}

TEST_CASE("the valid seeds themselves parse without error") {
    const Codebook cb = test::tiny_codebook();
    for (const std::string& m : kValid) {
        CAPTURE(m);
        CHECK(parse_message(m, cb).errors.empty());
        check_invariants(cb, m);
    }
}
