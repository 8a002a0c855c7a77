// Converts one SMS as libgammu decoded it into the part smsgw stores: pure, no I/O, no libgammu calls.
#pragma once

#include "daemon/modem/modem_types.hpp"

#include <gammu.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smsgw {

// How libgammu 1.42 filled GSM_SMSMessage::Text (verified on 1.42.0-8); a U+0000 stays in Text.
enum class TextDecoder : std::uint8_t {
    pdu,          // the AT driver's GSM_DecodePDUFrame: a UCS-2 Length counts the PDU's characters,
                  // each '~' is doubled and U+0001 turned into '~'
    backup_file,  // the dummy driver's SMS backup file: the units as written, Length counts them
};

// Whatever libgammu left in `sms` (a PDU from a sick modem, a garbled dummy file), the result has
// valid UTF-8 sender and text, a well-formed or empty smsc_time, and concat fields that are either
// "not concatenated" (-1/0/0) or a reference with 2..255 parts; the linker judges part numbers.
// A UCS-2 text is read to its length, not to its first U+0000, which becomes a space (see
// ucs2_text_to_utf8): what follows a U+0000 is never lost.
ReceivedPart sms_to_part(const GSM_SMSMessage& sms, std::string_view modem, std::string_view imei,
                         SystemTime received_at, TextDecoder decoder);

// libgammu's UCS-2 (big-endian, NUL-terminated) to UTF-8, reading at most `max_units` units: surrogate
// pairs joined, lone surrogates replaced by U+FFFD. libgammu's own EncodeUTF8 passes lone surrogates
// through as invalid UTF-8 and trusts the terminator.
std::string ucs2_to_utf8(const unsigned char* ucs2, std::size_t max_units);

// Exactly `units` UCS-2 units of a message text to UTF-8, as ucs2_to_utf8 but with each U+0000
// written as a space. No phone user types U+0000: it is a phone's padding or a hostile PDU. As a
// space it keeps the rest of the text and is a separator in the message grammar, so the report
// still parses as typed; U+FFFD would turn such a report into an UNKNOWN_CHAR rejection, and the
// character itself would cut the text again wherever it is read as a C string.
std::string ucs2_text_to_utf8(const unsigned char* ucs2, std::size_t units);

}  // namespace smsgw
