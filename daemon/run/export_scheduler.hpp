// Scheduled exports for the daemon: a timer on the event loop, the files on a thread of their own.
#pragma once

#include "daemon/clock/timer.hpp"
#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/export/exporter.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/store/store.hpp"
#include "daemon/run/store_alarm.hpp"

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

namespace smsgw {

class ExportScheduler {
public:
    // `database` is the running one: exports read it through a read-only snapshot.
    ExportScheduler(boost::asio::io_context& io, Logger& log, store::Store& store, StoreAlarm& alarm, std::string database);
    ~ExportScheduler();
    ExportScheduler(const ExportScheduler&) = delete;
    ExportScheduler& operator=(const ExportScheduler&) = delete;

    // The first export one interval after start; nothing when export_dir is empty.
    void start(const GatewayConfig& settings, CodebookInUse codebook);
    // Reload: the next export uses these settings. A new directory or interval re-times the next
    // export from now; an export under way finishes with the settings it started with.
    void apply(const GatewayConfig& settings);
    void set_codebook(CodebookInUse codebook) { codebook_ = std::move(codebook); }
    // Told of each export that could not be written (HQ gets nothing then either): called with false.
    // Whether a written export reached HQ is PushWatch's to say.
    void on_attempt(std::function<void(bool shipped)> listener) { listeners_.push_back(std::move(listener)); }
    // Told of each export written, with its directory: PushWatch pushes it.
    void on_published(std::function<void(const std::filesystem::path&)> listener) {
        published_.push_back(std::move(listener));
    }
    // No new export; waits for the one under way.
    void stop();

private:
    void schedule(std::chrono::seconds after);
    void begin();
    void done(const exports::ExportResult& r);

    boost::asio::io_context& io_;
    Logger& log_;
    store::Store& store_;
    StoreAlarm& alarm_;
    std::string database_;
    GatewayConfig settings_;
    CodebookInUse codebook_;
    Timer timer_;
    std::thread thread_;  // one export at a time, off the loop
    bool running_ = false;  // an export is under way: its completion schedules the next
    bool stopped_ = false;
    std::vector<std::function<void(bool)>> listeners_;
    std::vector<std::function<void(const std::filesystem::path&)>> published_;
};

}  // namespace smsgw
