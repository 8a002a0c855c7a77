// Converts one SMS as libgammu decoded it into the part smsgw stores: pure, no I/O, no libgammu calls.
#pragma once

#include "daemon/modem/modem_types.hpp"

#include <gammu.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace smsgw {

// Whatever libgammu left in `sms` (a PDU from a sick modem, a garbled dummy file), the result has
// valid UTF-8 sender and text, a well-formed or empty smsc_time, and concat fields that are either
// "not concatenated" (-1/0/0) or a reference with 2..255 parts; the linker judges part numbers.
ReceivedPart sms_to_part(const GSM_SMSMessage& sms, std::string_view modem, std::string_view imei,
                         SystemTime received_at);

// libgammu's UCS-2 (big-endian, NUL-terminated) to UTF-8, reading at most `max_units` units: surrogate
// pairs joined, lone surrogates replaced by U+FFFD. libgammu's own EncodeUTF8 passes lone surrogates
// through as invalid UTF-8 and trusts the terminator.
std::string ucs2_to_utf8(const unsigned char* ucs2, std::size_t max_units);

}  // namespace smsgw
