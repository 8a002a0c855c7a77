// One line of `smsgw parse` output: parse, validate and reply for one message, written as a JSON object.
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/verdict.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace smsgw {

// Holds what is the same for every line of a run (codebook, sender, reply language), so a line
// costs one parse, one validation, one reply and one serialization.
//
// Output keys, in this order: "input", "status", "form", "station", "values", "incidents",
// "comment", "errors", "warnings", "reply" (SPEC.md section 7), then "sender", "language" and,
// without a sender, "authorized": "any". "form" and "station" are what the parser understood
// (the station even when it is not on the list: UNKNOWN_STATION says so), null when nothing was
// understood; "comment" is null when the message has no '@'. Strings are valid UTF-8: invalid
// bytes of the input become U+FFFD in the JSON (the reply reference is still computed from the
// bytes as received).
class ParseJson {
public:
    // `from`: the --from phone as typed, or none for "authorized for any station".
    ParseJson(const Codebook& cb, std::optional<std::string> from);

    // Appends the JSON object for `input` (one line, without its line break) and a '\n'.
    // `truncated`: the line was longer than the reader keeps; adds "truncated": true.
    void append(std::string& out, std::string_view input, bool truncated = false) const;

    const Sender& sender() const { return sender_; }
    const std::string& language() const { return language_; }

private:
    const Codebook& cb_;
    Sender sender_;
    bool has_from_ = false;
    const Monitor* monitor_ = nullptr;
    std::string language_;
};

// `s` with every invalid UTF-8 byte replaced by U+FFFD; `s` itself when it is valid.
std::string valid_utf8(std::string_view s);

}  // namespace smsgw
