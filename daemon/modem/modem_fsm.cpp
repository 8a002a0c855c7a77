// The modem worker's transition table: states x events -> next state; anything else is a bug.
#include "daemon/modem/modem_fsm.hpp"

#include <array>

namespace smsgw {

std::string_view to_string(ModemState s) {
    switch (s) {
        case ModemState::connecting: return "connecting";
        case ModemState::running: return "running";
        case ModemState::backing_off: return "backing-off";
        case ModemState::pin_needed: return "pin-needed";
        case ModemState::pin_failed: return "pin-failed";
        case ModemState::stopped: return "stopped";
        case ModemState::restarting: return "restarting";
    }
    return "?";
}

std::string_view to_string(ModemEvent e) {
    switch (e) {
        case ModemEvent::connected: return "connected";
        case ModemEvent::connect_failed: return "connect-failed";
        case ModemEvent::link_lost: return "link-lost";
        case ModemEvent::pin_required: return "pin-required";
        case ModemEvent::pin_rejected: return "pin-rejected";
        case ModemEvent::backoff_elapsed: return "backoff-elapsed";
        case ModemEvent::stop_requested: return "stop-requested";
    }
    return "?";
}

namespace {

struct Transition {
    ModemState from;
    ModemEvent event;
    ModemState to;
};

// A wrong PIN is never retried: a SIM locks after three wrong PINs, so pin states only stop.
constexpr Transition table[] = {
    {ModemState::connecting, ModemEvent::connected, ModemState::running},
    {ModemState::connecting, ModemEvent::connect_failed, ModemState::backing_off},
    {ModemState::connecting, ModemEvent::pin_required, ModemState::pin_needed},
    {ModemState::connecting, ModemEvent::pin_rejected, ModemState::pin_failed},
    {ModemState::connecting, ModemEvent::stop_requested, ModemState::stopped},
    {ModemState::running, ModemEvent::link_lost, ModemState::backing_off},
    {ModemState::running, ModemEvent::pin_rejected, ModemState::pin_failed},
    {ModemState::running, ModemEvent::stop_requested, ModemState::stopped},
    {ModemState::backing_off, ModemEvent::backoff_elapsed, ModemState::connecting},
    {ModemState::backing_off, ModemEvent::stop_requested, ModemState::stopped},
    {ModemState::pin_needed, ModemEvent::stop_requested, ModemState::stopped},
    {ModemState::pin_failed, ModemEvent::stop_requested, ModemState::stopped},
};

}  // namespace

std::optional<ModemState> modem_transition(ModemState state, ModemEvent event) {
    for (const auto& t : table)
        if (t.from == state && t.event == event) return t.to;
    return std::nullopt;
}

}  // namespace smsgw
