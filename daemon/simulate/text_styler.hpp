// Typing a report the way monitors do: canonical, glued lower case, odd separators, O/l typos, Cyrillic.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/simulate/example_rng.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace smsgw::sim {

// A report as the monitor means it, before it is typed.
struct Draft {
    struct Item {
        std::string tag;
        std::int64_t value = 0;
        FieldKind kind = FieldKind::count;
    };
    std::string form;
    std::string station;
    std::vector<Item> items;     // checklist and results forms, in field order
    std::vector<int> incidents;  // incident forms
    std::string comment;         // typed after '@' when not empty
};

enum class Style : std::uint8_t {
    canonical,   // R 01002 A312 B148 ...            (accepted as typed)
    glued,       // r01002a312b148...                 (case and letter/digit boundaries)
    separators,  // R-01002-A=312-B=148 ...           (separators)
    digit_typo,  // R 0l002 A312 ... / R O1002 ...    (O and l where digits are expected)
    cyrillic,    // R 01002 А312 В148 С57 ...         (Cyrillic lookalike letters)
};

// How a typed mistake is rendered (the draft-level mistakes are made on the Draft itself).
struct Slip {
    int split_item = -1;         // this item's value typed with a space inside: "A3 12"
    bool cyrillic_form = false;  // form code typed on a Cyrillic keyboard: R -> Р, which reads as P
};

// Letters typed on a Cyrillic keyboard instead of `latin` when they look the same, or 0.
char32_t cyrillic_lookalike(char latin);
// The Cyrillic letter a monitor types for the first letter of `form` that normalizes to another
// Latin letter (R -> Р reads P, S -> С reads C, N -> Н reads H), or 0 when there is none.
char32_t misleading_cyrillic(char latin);
// The Latin letter a Cyrillic lookalike normalizes to (SPEC.md section 3), for the letters above.
char latin_of(char32_t cyrillic);

class TextStyler {
public:
    explicit TextStyler(ExampleRng& rng) : rng_(rng) {}

    // The message text. A style that cannot apply (no 0 or 1 to mistype) falls back to `glued`.
    std::string render(const Draft& d, Style style, const Slip& slip = {});
    // True when `style` changes something in this draft (digit_typo needs a 0 or 1).
    static bool applies(const Draft& d, Style style);
    static std::string value_text(const Draft::Item& item);

private:
    std::string canonical(const Draft& d, const Slip& slip, const std::string& sep, const std::string& kv);
    std::string glued(const Draft& d, const Slip& slip);
    std::string mistype_digits(const Draft& d, const Slip& slip);
    std::string cyrillic(const Draft& d, const Slip& slip);
    std::string items_and_comment(const Draft& d, const Slip& slip, const std::string& sep, const std::string& kv);

    ExampleRng& rng_;
};

}  // namespace smsgw::sim
