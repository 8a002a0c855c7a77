// Splitting a run of letters into the form's tags, glued yes/no letters and digit-like letters.
#pragma once

#include "codebooks/codebook.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace smsgw {

// Longer letter runs are never a glued list of 1-3 letter tags: the parser rejects them whole.
inline constexpr std::size_t kMaxLetterRun = 24;

struct Segment {
    enum class Kind : std::uint8_t {
        tag,     // `field` is the form's field index
        yes_no,  // 'Y' or 'N': the value of the yesno tag just before
        digits,  // a maximal run of O/I/L: the (start of the) value of the tag just before
    };
    Kind kind = Kind::tag;
    std::uint8_t begin = 0;
    std::uint8_t len = 0;
    int field = -1;
};

// What comes after the run, for a tag left waiting for its value at the run's end.
struct Following {
    bool digits = false;  // digits (or digit-like letters) follow
    bool yes_no = false;  // a lone Y or N follows
};

struct LetterSplit {
    std::size_t count = 0;
    Segment seg[kMaxLetterRun];
    int missing = 0;  // tags left without a value
};

// Finds the reading of `run` (upper-case ASCII letters) with the fewest tags left without a value;
// among equals, longer tags first (so tag "AB" wins over "A" + "B" when the form has it).
// False when no reading exists (some letters are no tag of the form, or a tag repeats). Linear
// in the run length.
bool split_letters(std::string_view run, const Form& form, Following next, LetterSplit& out);

}  // namespace smsgw
