// Validation of a parsed report against the codebook and its sender: the Verdict a reply is built from.
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/verdict.hpp"
#include "codebooks/report.hpp"

namespace smsgw {

// Pure: no I/O, no clock; allocates only for the issues it reports (nothing on the accepted path).
//
// The Verdict starts with the parser's errors and warnings, then adds, without repeating a code
// the parser already reported for the same token:
// - UNKNOWN_FORM only if the form is unknown and the parser reported no error at all;
// - BAD_STATION (not exactly station_code_width digits; absent only when no other error explains
//   it, since the parser reports a missing or garbled station itself), UNKNOWN_STATION;
// - UNREGISTERED_SENDER (unless sender.any_station), NOT_ASSIGNED (station not covered directly,
//   by district:NN or by *);
// - UNKNOWN_TAG: a tag that is not a field of the form; on a candidates form also a candidate tag
//   that is not a candidate of the station's district; on an incident form an incident code the
//   form does not list (an incident code is that form's "item", so UNKNOWN_TAG, not BAD_VALUE);
// - DUPLICATE_TAG when a tag repeats and the parser let it through (the first value counts);
// - OUT_OF_RANGE: count outside min..max, yesno not 1|2, choice not a listed digit, multi with a
//   digit not listed; BAD_VALUE: a time that is not HHMM (2575);
// - MISSING_TAGS: all absent required fields in one issue, detail "X, T" in form order (the
//   templates say "missing {detail}" or "missing {tags}"); on a candidates form the district's
//   candidates are the required options. A tag the parser named in an issue (facts.tag: a
//   MISSING_VALUE, BAD_VALUE, DUPLICATE_TAG, or an UNKNOWN_CHAR that spoiled its value; for
//   issues without facts, a detail starting with the tag) was typed, so it is not called missing;
// - every check of the form: CHECK_FAILED (severity error) / CHECK_WARNING (warning), detail
//   "<id>: <explain>" plus " (<message>)" when the check has one, e.g.
//   "sum_cast: A+B+C+X=524 but T=526" ({lhs} {rhs} {check} in the message filled in). int64
//   overflow in a check counts as a failure. On a candidates form without a known station, checks
//   over sum(options) are not applicable (the options are unknown).
// Every issue added carries IssueFacts (reason, tag, value, station, width, min/max, choices,
// tags, district, check, lhs/rhs) so replies in other languages need not quote the English detail.
//
// Checks run only when every item of the message was understood and valid: no UNKNOWN_CHAR,
// EMPTY, UNKNOWN_TAG, DUPLICATE_TAG, MISSING_VALUE, BAD_VALUE or OUT_OF_RANGE. Otherwise the
// value a check sees may be a typo (or belong to a tag we could not place) and the same mistake
// would be reported twice. Missing tags and an unknown station do not stop the checks: a check
// that refers to an absent tag or to station attributes without a station is not applicable.
//
// Status: rejected if any error, warning if only warnings, else accepted. Invariant: an accepted
// or warning verdict means every value is in range and every error-severity check holds.
Verdict validate(const Report& report, const Codebook& cb, const Sender& sender);

// Rank of an error code in Verdict::errors (lower comes first in the reply); see validator.cpp.
int error_rank(Code code);

}  // namespace smsgw
