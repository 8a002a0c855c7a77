// A cheap look into a libgammu dummy-driver device directory, so an idle poll costs one readdir.
#pragma once

#include <string>

namespace smsgw {

struct ModemConfig;

// True when the modem is gammu's dummy driver (a directory is the phone).
bool is_dummy_device(const ModemConfig& config);

// False only when the inbox folders (DIR/sms/1 and DIR/sms/3) certainly hold no file. The dummy
// driver's GSM_GetNextSMS probes every possible file name of every folder (about 50,000 failed
// opens, ~70 ms) even when the inbox is empty; this answer lets an idle poll skip that. Any doubt
// (a folder missing or unreadable) says true, so libgammu reads and reports the problem itself.
bool dummy_inbox_may_hold_sms(const std::string& device_dir);

}  // namespace smsgw
