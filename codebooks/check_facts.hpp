// What a failed check tells the monitor: its id, the two sides and the values it used, as facts.
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/report.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace smsgw {

// The check id, the values of the two sides of its failed comparison (a literal side is the number
// alone) and the whole arithmetic as text. lhs/rhs stay empty when the check is no single
// comparison (an || of several, say).
IssueFacts check_facts(const Check& check, const Explanation& why, bool overflow);

// Adds the values the check used as they were understood ("T=450"; tags named directly, in form
// order; sum(options) is in {lhs} already) and the station's registered voters, so every language
// can say which figures to compare.
void used_values(const Expr& expr, const Form& form, std::span<const std::int64_t> values,
                 std::span<const bool> present, const Station* station, IssueFacts& f);

// A check's message with {lhs} {rhs} {check} {values} {registered} filled in (load_forms allows
// only these).
std::string fill_check_message(std::string_view message, const IssueFacts& f);

}  // namespace smsgw
