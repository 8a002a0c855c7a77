// What `smsgw parse --codebook DIR --from SENDER` says about messages: the expected verdict of each.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace smsgw::e2e {

struct ParseVerdict {
    std::string status;  // accepted | warning | rejected
    std::string form, station;  // "" when not understood
    std::string first_error;    // first error code, "" when none
    std::string values;         // the "values" object as JSON text
    std::string reply;          // with parse's own reference token
    bool replyable = false;     // the sender gets a reply at all
};

// Runs the real binary once for all `texts` from one sender (one line each: no newlines inside).
// Throws std::runtime_error when it fails or answers a different number of lines.
std::vector<ParseVerdict> parse_with_cli(const std::filesystem::path& codebook, const std::string& sender,
                                         const std::vector<std::string>& texts);

// The reply without its trailing reference token ("... #4F2A" -> "... #"), so replies made by the
// daemon (reference from the message id) and by parse (reference from the text) compare.
std::string reply_without_reference(const std::string& reply);

}  // namespace smsgw::e2e
