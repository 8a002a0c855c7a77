// A cheap look into a libgammu dummy-driver device directory, so a poll does not probe 50,000 file names.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace smsgw {

struct ModemConfig;

// True when the modem is gammu's dummy driver (a directory is the phone).
bool is_dummy_device(const ModemConfig& config);

// How many messages the inbox folders (DIR/sms/1 and DIR/sms/3) hold: files with a number for a
// name, as the driver names them. The dummy driver's GSM_GetNextSMS finds "no more" only by probing
// every possible file name of every folder (about 50,000 failed opens, ~70 ms), even when the inbox
// is empty; with this count an idle poll skips the read and a busy one stops at the last message.
// Any doubt (a folder missing or unreadable) gives -1, so libgammu reads and reports the problem.
int dummy_inbox_count(const std::string& device_dir);

// The dummy driver numbers locations folder * 10000 + n (libgammu's DUMMY_MAX_SMS).
inline constexpr int dummy_folder_span = 10000;
// The inbox messages' locations (-1 for a numbered file the driver cannot address), nullopt as above.
std::optional<std::vector<int>> dummy_inbox_locations(const std::string& device_dir);

// The file behind a dummy-driver location (FOLDER * dummy_folder_span + N is DIR/sms/FOLDER/N),
// its first 4096 bytes in upper-case hex: the evidence kept when reading that record fails, or
// hangs libgammu. Empty when there is no such file.
std::string dummy_record_hex(const std::string& device_dir, int location);

}  // namespace smsgw
