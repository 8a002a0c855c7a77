// The message parser: text of one SMS -> Report (form, station, values or incidents, comment, errors).
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/report.hpp"

#include <string_view>

namespace smsgw {

// Normalizes and parses `text` per SPEC.md section 3, using the codebook's forms and field kinds
// to know where digits are expected. Pure: no I/O, no clock, no exceptions; linear in the input.
//
// Reports every problem it can see (UNKNOWN_CHAR, EMPTY, UNKNOWN_FORM, BAD_STATION, UNKNOWN_TAG,
// DUPLICATE_TAG, MISSING_VALUE, BAD_VALUE), ordered by token; it does not check ranges, choice
// lists, station existence, required tags, checks or the sender (the validator does).
// Readings beyond the letter of SPEC.md section 3 (each one tested):
//  - a time may be typed H:MM, HH:MM, H.MM or HH.MM (one ':' or '.' between a 1-2 digit hour and
//    2-digit minutes); no other digits split by a separator are ever joined;
//  - a letter run is split into the form's tags (longest tag first, fewest valueless tags), with
//    Y/N glued to a yesno tag as its value and O/I/L glued to a tag as (the start of) its value:
//    BYC2 = B yes, C 2; A31OB148 = A 310, B 148; the same tag twice in one run (BB) is UNKNOWN_TAG;
//  - Unicode spaces, smart dashes, '…' and '№' separate like their ASCII forms; zero-width
//    characters (U+200B-U+200D, U+2060, U+FEFF, soft hyphen) are ignored; the full-width ＠ starts
//    the comment like '@'; other ASCII punctuation ( ! ? ( ) " ' ...) is UNKNOWN_CHAR, except
//    '!' and '?' (also full-width) at the very end after a letter or digit ("T526!"), which are
//    dropped: sentence punctuation, not part of the report;
//  - a digit group shorter than a station code, followed by a station code, is a digit typed for
//    the form letter ("5 01234": S): one UNKNOWN_FORM naming it (reason form_digit), no BAD_STATION;
//  - letters where a tag's value goes, glued or after a separator ("CY", "Fnull", "F null", "B no",
//    "T нет" = HET), that are no tags of the form (or only tags all left without a value), with no
//    digits glued after a word longer than two letters, are BAD_VALUE of that tag (reason letters,
//    or yesno for a yes/no field), not UNKNOWN_TAG or MISSING_VALUE, so the tag is not called
//    missing either (codebooks/FORMAT.md);
//  - a repeated incident code is counted once; an unknown character makes the value it is glued
//    to unreadable (no value, no second error), and the form/station/value it stands in for is
//    not reported missing as well (the UNKNOWN_CHAR then carries that item's tag in facts.tag).
//  - every Issue carries IssueFacts (report.hpp) for replies in languages other than English.
// Conventions the reply and JSON writers can rely on:
//  - Issue::token is the index of the offending token: the message before the comment split at
//    separators and at letter/digit boundaries (a run of unknown characters is one token);
//    -1 for the whole message. Issue::text is the offending text as typed (unprintable
//    characters and invalid bytes spelled as U+XXXX / 0xFF, so it is always valid UTF-8).
//  - For MISSING_VALUE, DUPLICATE_TAG and BAD_VALUE of an item, the detail starts with the
//    canonical (ASCII) tag followed by a space, ':' or the end: "A", "A: 312 and 313",
//    "A 3 12 (digits split)".
//  - Details show what was understood in upper-case ASCII (Cyrillic lookalikes already folded),
//    except UNKNOWN_CHAR, which names the character itself (or U+XXXX, or the invalid bytes).
//  - Report::station is set only when it is well formed (digits, election.station_code_width).
//  - Report::normalized, when there is no error, is canonical: "FORM STATION" then the values in
//    the form's field order (time as HHMM, multi digits sorted), or the incident codes sorted and
//    without repeats; equal for messages that mean the same. With errors it is the folded text
//    (upper case, separators collapsed to one space, unknown characters as '?'), and empty when
//    the message was too long to read.
//  - Input over kMaxMessageBytes (1000) bytes before the comment or over kMaxTokens (256) tokens
//    is one BAD_VALUE error for the whole message ("message too long ..."), not parsed further.
Report parse_message(std::string_view text, const Codebook& cb);

}  // namespace smsgw
