// What the daemon does with modems' bad news: records to quarantine (stored before they leave the
// SIM), process deaths, and the storage and stall alarms, each as one console line.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/modem/modem_types.hpp"
#include "daemon/run/modem_alarms.hpp"
#include "daemon/run/modem_process.hpp"
#include "daemon/store/store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <string_view>

namespace smsgw {

class ModemWatch {
public:
    // How the daemon's store alarm hears about writes (StoreAlarm: loud once, then reminders).
    struct StoreOutcome {
        std::function<void(std::string_view what, const store::StoreError&)> failed;
        std::function<void(std::string_view what)> succeeded;
    };

    ModemWatch(boost::asio::io_context& io, Logger& log, store::Store& store, StoreOutcome outcome);
    void start(const GatewayConfig& gateway);
    void apply(const GatewayConfig& gateway);
    void stop() { timer_.cancel(); }

    // Stores a batch's PoisonRecords; returns the acknowledgement for those the store kept (their
    // deletion from the SIM), nothing when it kept none.
    std::optional<BatchAck> quarantine(const ReceivedBatch& batch);
    // A process died: the record that killed it, when known, is stored and the next process deletes it.
    void died(const ModemDeath& death, ModemProcess& process);
    void received(const std::string& modem);
    // Stores the modem's health (status, export) and raises or ends its storage and delete alarms.
    void health(const ModemHealth& h);
    void gone(const std::string& modem) { alarms_.forget(modem); }

private:
    bool store_quarantine(const PoisonRecord& p);
    void line(const ModemAlarms::Alarm& a);
    void schedule();

    Logger& log_;
    store::Store& store_;
    StoreOutcome outcome_;
    ModemAlarms alarms_;
    boost::asio::steady_timer timer_;
};

}  // namespace smsgw
