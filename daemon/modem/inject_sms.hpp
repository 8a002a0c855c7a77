// Writes incoming SMS into a libgammu dummy-driver device directory, as a phone's inbox would hold them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

struct InjectOptions {
    bool force_ucs2 = false;           // UCS-2 even when GSM-7 would do
    std::optional<int> concat_ref;     // 8-bit concatenation reference; default: libgammu's choice
    int folder = 1;                    // 1 or 3 are inboxes
    std::string smsc_time;             // "YYYYMMDDTHHMMSS" (UTC); empty: now
    std::string smsc = "+77010000000";
    std::vector<int> only_parts;       // write only these part numbers (1-based); empty: all
};

// Encodes `text` (UTF-8) with libgammu (GSM-7 or UCS-2, concatenated when longer than one SMS),
// and writes each part as its own gammu SMS backup file DIR/sms/<folder>/<n> at the lowest free
// n, through a temporary file and link(2), so a reader never sees a half-written file and two
// writers never take the same n. Returns the paths written. Throws std::runtime_error.
std::vector<std::string> inject_sms(const std::string& device_dir, std::string_view sender, std::string_view text,
                                    const InjectOptions& options = {});

}  // namespace smsgw
