// How the simulator types a report: each style exercises the normalization rule it claims to.
#include "test_simulate_fixture.hpp"

#include "codebooks/gsm7.hpp"
#include "daemon/simulate/mistakes.hpp"
#include "daemon/simulate/text_styler.hpp"

using namespace smsgw;
using namespace smsgw::test;
using sim::Draft;
using sim::Style;

namespace {

Draft r_draft() {
    Draft d;
    d.form = "R";
    d.station = "01002";
    const char* tags[] = {"A", "B", "C", "D", "E", "F", "G", "H", "X", "T"};
    const std::int64_t values[] = {312, 148, 57, 60, 12, 9, 31, 40, 9, 678};
    for (int i = 0; i < 10; ++i) d.items.push_back({tags[i], values[i], FieldKind::count});
    return d;
}

const std::string kCanonical = "R 01002 A312 B148 C57 D60 E12 F9 G31 H40 X9 T678";

}  // namespace

TEST_CASE("each style types the same report differently and the parser reads it back the same") {
    ExampleRng rng(5);
    sim::TextStyler styler(rng);
    const Draft d = r_draft();
    CHECK(styler.render(d, Style::canonical) == kCanonical);
    CHECK(styler.render(d, Style::glued) == "r01002a312b148c57d60e12f9g31h40x9t678");
    for (int i = 0; i < 50; ++i) {
        for (Style s : {Style::glued, Style::separators, Style::digit_typo, Style::cyrillic}) {
            const std::string text = styler.render(d, s);
            CAPTURE(text);
            CHECK(text != kCanonical);
            const Report r = parse_message(text, example());
            CHECK(r.errors.empty());
            CHECK(r.normalized == kCanonical);
            if (s == Style::cyrillic) CHECK(!is_gsm7(text));
            if (s == Style::digit_typo) CHECK(text.find_first_of("OolI") != std::string::npos);
        }
    }
}

TEST_CASE("a slip renders the mistake it names") {
    ExampleRng rng(6);
    sim::TextStyler styler(rng);
    sim::Slip split;
    split.split_item = 0;
    CHECK(styler.render(r_draft(), Style::canonical, split) == "R 01002 A3 12 B148 C57 D60 E12 F9 G31 H40 X9 T678");
    sim::Slip form;
    form.cyrillic_form = true;
    const std::string text = styler.render(r_draft(), Style::canonical, form);
    CHECK(text.rfind("\xD0\xA0 01002", 0) == 0);  // Р
    const Report r = parse_message(text, example());
    REQUIRE(!r.errors.empty());
    CHECK(r.errors[0].code == Code::UNKNOWN_FORM);
}

TEST_CASE("wrong values still pass the checks but differ from the truth") {
    ExampleRng rng(7);
    const Form& form = *example().find_form("R");
    for (int i = 0; i < 20; ++i) {
        const auto wrong = sim::wrong_values(rng, form, r_draft());
        REQUIRE(wrong.has_value());
        std::int64_t sum = 0, before = 0;
        for (std::size_t k = 0; k < 8; ++k) {
            sum += wrong->items[k].value;
            before += r_draft().items[k].value;
            CHECK(wrong->items[k].value >= 0);
        }
        CHECK(sum == before);
        bool differs = false;
        for (std::size_t k = 0; k < 10; ++k) differs = differs || wrong->items[k].value != r_draft().items[k].value;
        CHECK(differs);
    }
}
