// Reading the items (tag + value) of a checklist or results form.
#pragma once

#include "codebooks/field_value.hpp"
#include "parsers/parse_state.hpp"

#include <cstdint>

namespace smsgw {

class ItemReader {
public:
    explicit ItemReader(ParseState& s) : s_(s) {}

    // Reads items from the cursor to the end of the message (s.form is a tag form).
    void read_all();

private:
    void read_letter_run();
    // A letter run that splits into no tags: UNKNOWN_TAG, or BAD_VALUE when it is a tag followed
    // by letters where its value goes ("CY" with C a count, "BQ").
    void bad_letter_run(std::string_view run, std::size_t base);
    void read_following_value(int field, std::size_t tag_tok, std::size_t raw_b, bool dup);
    // BAD_VALUE of `field` for the letters typed as its value (reason letters, or yesno), at the
    // current token; skips them and any digits glued to them.
    void letters_value(int field, std::string_view letters, std::size_t tag_tok, std::size_t raw_b, std::size_t raw_e);
    // Letters ending token k may be a value typed as letters: two at most, or a word of up to
    // kMaxShown letters with no digits glued after it ("TOTAL526" is a mistyped item instead).
    bool may_be_value(std::string_view letters, std::size_t k) const;
    void read_digit_value(int field, std::size_t tag_tok, std::size_t raw_b, bool dup);
    void finish_item(int field, const ValueRead& v, std::string_view typed_value, std::size_t tag_tok,
                     std::size_t raw_b, std::size_t raw_e, bool dup);
    bool mark_seen(int field);
    const Field& field(int f) const { return s_.form->fields[static_cast<std::size_t>(f)]; }

    ParseState& s_;
    std::uint64_t seen_[8] = {};
};

}  // namespace smsgw
