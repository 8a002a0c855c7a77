// The mistakes monitors make that the gateway must reject, and plausible wrong values it cannot catch.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/simulate/example_rng.hpp"
#include "daemon/simulate/text_styler.hpp"
#include "codebooks/codes.hpp"

#include <optional>

namespace smsgw::sim {

// A rejected variant of a report: the draft as mistyped, how it is typed, and the error it must get.
struct Mistake {
    Draft draft;
    Slip slip;
    Code code = Code::BAD_VALUE;
};

// One mistake suited to the form kind, drawn at random among those that apply to this report:
// a missing tag (MISSING_TAGS), a transposed digit that breaks the sum (CHECK_FAILED), a value
// split by a space (BAD_VALUE), a value out of range (OUT_OF_RANGE), an incident code that does
// not exist (UNKNOWN_TAG), a station digit wrong (UNKNOWN_STATION or NOT_ASSIGNED) or dropped
// (BAD_STATION), or the form letter typed in Cyrillic (R -> Р reads P: UNKNOWN_FORM; ru/kk only).
std::optional<Mistake> make_mistake(ExampleRng& rng, const Codebook& cb, const Monitor& monitor, const Form& form,
                                    const Draft& meant);

// Values that pass every check but are not the truth: votes moved between two options (columns
// swapped on the tally sheet), or one checklist answer changed. Empty when nothing can change.
std::optional<Draft> wrong_values(ExampleRng& rng, const Form& form, const Draft& meant);

}  // namespace smsgw::sim
