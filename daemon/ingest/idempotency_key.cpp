// The idempotency key that makes a redelivered SMS part a no-op in the store.
#include "daemon/ingest/idempotency_key.hpp"

#include "codebooks/fnv1a.hpp"

#include <cstdio>

namespace smsgw::ingest {

std::uint64_t content_hash(std::string_view coding, std::string_view text) {
    // The NUL keeps ("gsm7", "x") and ("gsm7x", "") apart.
    return fnv1a(fnv1a(fnv1a(fnv1a_offset, coding), std::string_view("\0", 1)), text);
}

std::string idempotency_key(const Part& p) {
    std::string key;
    key.reserve(96 + p.sender.size());
    // Both the IMEI and the config name: IMEIs are not unique in practice (every dummy-driver
    // phone says 999999999999999, cheap USB modems ship with cloned ones, fake modems share a
    // default), and two modems' distinct messages must never collapse into one. The price is that
    // renaming a modem while SMS wait on its SIM stores them again; the report policy then sees a
    // DUPLICATE, which loses nothing.
    key += p.imei.empty() ? std::string("-") : p.imei;
    key += "|modem:" + std::to_string(p.modem.size()) + ':' + p.modem;
    // The sender is free text (alphanumeric senders), so it is length-prefixed, never ambiguous.
    key += '|' + std::to_string(p.sender.size()) + ':' + p.sender + '|';
    if (!p.smsc_time.empty()) {
        key += p.smsc_time;
    } else {
        // No SMSC time (absent, or invalid in the PDU): the SIM record itself is the identity. The
        // receive time used to stand in, but it changes on every read, so a record the modem
        // could not delete (or a kill between commit and delete) was stored, and answered, again
        // at each read. The price: the same text from the same sender, again without an SMSC
        // time, landing later in the very location of an earlier one, is taken for a redelivery
        // and not answered again; the report policy would have called it a DUPLICATE anyway.
        key += "sim:" + std::to_string(p.location);
    }
    key += '|' + std::to_string(p.concat_ref) + '/' + std::to_string(p.concat_part) + '/' +
           std::to_string(p.concat_total) + '|';
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(content_hash(p.coding, p.text)));
    key += hex;
    return key;
}

}  // namespace smsgw::ingest
