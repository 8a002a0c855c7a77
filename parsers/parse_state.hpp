// What the readers of one message share: its tokens, a cursor over them, the report and its errors.
#pragma once

#include "codebooks/codebook.hpp"
#include "parsers/normalizer.hpp"
#include "codebooks/report.hpp"
#include "parsers/tag_splitter.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smsgw {

inline constexpr std::size_t kMaxShown = 20;  // letters/digits quoted in a detail, so replies stay short

// `s`, or its first kMaxShown characters and "...".
std::string shown(std::string_view s);
void append_shown(std::string& out, std::string_view s);
bool all_digit_like(std::string_view s);

// A run of digits (or digit-like letters) read as one number: [fb, fe) in the folded text.
struct DigitRun {
    std::size_t fb = 0, fe = 0;
    std::size_t first_tok = 0;
    std::size_t raw_b = 0, raw_e = 0;
    bool tainted = false;  // an unknown character is glued to it: already reported, value unusable
};

// The parse of one message in progress. The readers (HeaderReader, ItemReader, IncidentReader)
// move the cursor (token i, letters already consumed `off` of it) and record into `report`.
class ParseState {
public:
    ParseState(const NormalizedMessage& m, const Codebook& cb, Report& r) : m(m), cb(cb), report(r) {}

    bool at_end() const { return i >= m.token_count; }
    const Token& tok(std::size_t k) const { return m.token(k); }
    bool tag_form() const { return form != nullptr && form->kind != FormKind::incident; }

    // How many letters of token k from `from` read as digits: a leading run of O/I/L, but only
    // when the letters after it still make sense as tags (A31OB148 -> 310, then B).
    std::size_t digit_take(std::size_t k, std::size_t from) const;
    bool starts_digits() const;
    Following following(std::size_t k) const;
    // Reads digits from the cursor (which starts_digits()) through adjacent digit tokens and
    // digit-like letters; a separator ends the run.
    DigitRun collect_digits();
    // The run's digits as ASCII digits; valid until the next call.
    std::string_view digits_of(const DigitRun& run);
    // Skips a bad token and the digits that belong to it (its value, already unusable).
    void skip_bad(bool adjacent_only);
    void next_token() {
        ++i;
        off = 0;
    }

    void error(Code code, std::string detail, int token, std::size_t raw_b, std::size_t raw_e,
               IssueFacts facts = {});
    // The UNKNOWN_CHAR the normalizer reported for bad token k now also names the item whose
    // value it made unreadable, so that item is not called missing as well.
    void blame_item(std::size_t k, const Field& field);

    const NormalizedMessage& m;
    const Codebook& cb;
    Report& report;
    const Form* form = nullptr;
    std::size_t i = 0;    // current token
    std::size_t off = 0;  // letters already consumed in the current (letters) token
    // field index of each of report.values (each takes 2+ bytes, so this many at most)
    std::uint16_t value_field[kMaxMessageBytes];

private:
    std::string raw_text(std::size_t raw_b, std::size_t raw_e) const;
    char digits_[kMaxMessageBytes];
};

}  // namespace smsgw
