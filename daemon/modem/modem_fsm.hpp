// The modem worker's states and the events allowed in each, as one table.
#pragma once

#include "daemon/modem/modem_types.hpp"

#include <optional>
#include <string_view>

namespace smsgw {

enum class ModemEvent : std::uint8_t {
    connected,        // InitConnection and PIN handling succeeded
    connect_failed,   // open/busy/locked/timeout: try again later
    link_lost,        // reconnect errors while running
    pin_required,     // the SIM wants a PIN and none is configured
    pin_rejected,     // ERR_SECURITYERROR after entering the PIN, or PUK needed
    backoff_elapsed,
    stop_requested,
};

std::string_view to_string(ModemEvent);

// The next state for `event` in `state`, or nullopt when the table does not allow it.
std::optional<ModemState> modem_transition(ModemState state, ModemEvent event);

}  // namespace smsgw
