// The one SMS a monitor gets back: the codebook's reply template, filled in and shortened to fit.
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/verdict.hpp"
#include "codebooks/report.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

// Outcomes the pipeline decides after validation, from the store: DUPLICATE and CONFLICT are
// errors, PARTIAL a warning. Extra errors come before the verdict's own (they are the reason the
// message is not counted) and turn any verdict into a rejection.
struct ReplyExtras {
    std::vector<Issue> errors;
    std::vector<Issue> warnings;
};

// Builds the reply in `language` (the codebook's default when it has no such templates), ending
// with `ref`. Status: rejected when there is any error, warning when there is any warning, else
// accepted; the template of that status from cb.replies_for(language) is filled in:
//   {echo}    compact echo of what was understood: "R 01234 A312 B148 C57 X9 T526" (form,
//             station, tag+value in message order, time fields as HHMM; incident forms list
//             their codes: "N 01234 1 12"; a trailing "@" says a comment was received)
//   {problem} the first error (or first warning) through the language's reasons[facts.reason]
//             text, else its errors[CODE] text (else "CODE {detail}"), whose {detail} {tag}
//             {station} {form} {value} and facts ({width} {min} {max} {choices} {tags}
//             {district} {check} {lhs} {rhs} {reason}) come from that Issue and the Report, and
//             {message} is a failed check's message in the reply's language (FORMAT.md)
//   {more}    the `more` text with {n} = number of other errors (warnings), empty when none
//   {forms}   the codebook's form codes "S, R, D, N" (the hint for an unknown form letter)
//   {values} {registered}  a failed check's values as understood ("T=450") and the station's
//             registered voters
//   {ref} {n} {form} {station} {tag} {value} {detail} as above.
// The result always fits one SMS (160 GSM-7 septets, extension characters counting 2, or 70
// UCS-2 units as soon as one character needs UCS-2), measured on the final text, and is in the
// language of its templates. When too long, in this fixed order: the echo loses items from the
// end down to form and station; then every inserted text ({value} {station} {tag} {tags}
// {message} {detail} {forms} {values}) is cut (at a word when that costs a few characters) down
// to 12 characters; then the echo goes; then {more}; then the inserted texts are cut further, to
// nothing; then the status template's own words give way to "{problem} {ref}". Cuts are marked
// ".." in GSM-7 replies (so they stay GSM-7) and "…" in UCS-2 ones (which then absorbs a
// following "." of the template). The words of the templates and the reference are never cut.
// Only if even that does not fit (a problem text that is itself too long) is the reply a
// built-in minimal form: "OK #4F2A", "OK CHECK_WARNING #4F2A", "ERR BAD_STATION #4F2A"; with a
// rejection that names no error, "ERR #4F2A". Control
// characters and invalid UTF-8 in inserted text become ' ' / '?', inserted fields are clipped
// (24 characters, the reference 16), so what is measured here is what is sent.
// A template that does not end with {ref} gets " {ref}" appended; unknown {names} stay as typed.
// Cost: about 1-3 us for a typical reply, tens of us for a pathological one (measured).
std::string build_reply(const Verdict& v, const Report& r, const Codebook& cb, std::string_view language,
                        std::string_view ref, const ReplyExtras& extras = {});

// The full, unshortened echo of a report (see {echo}); `form` may be null (values then print as
// plain numbers).
std::string compact_echo(const Report& r, const Form* form);

}  // namespace smsgw
