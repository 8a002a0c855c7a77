// Writes an export every interval from a read-only snapshot on its own thread, so the event loop never waits for disk or network.
#include "daemon/run/export_scheduler.hpp"

#include "daemon/store/store_reader.hpp"

#include <boost/asio/post.hpp>

namespace smsgw {

namespace asio = boost::asio;

ExportScheduler::ExportScheduler(asio::io_context& io, Logger& log, store::Store& store, StoreAlarm& alarm,
                                 std::string database)
    : io_(io), log_(log), store_(store), alarm_(alarm), database_(std::move(database)), timer_(io) {}

ExportScheduler::~ExportScheduler() {
    if (thread_.joinable()) thread_.join();
}

void ExportScheduler::start(const GatewayConfig& settings, CodebookInUse codebook) {
    settings_ = settings;
    codebook_ = std::move(codebook);
    schedule(settings_.export_interval);
}

void ExportScheduler::apply(const GatewayConfig& settings) {
    const bool retime = settings.export_dir != settings_.export_dir || settings.export_interval != settings_.export_interval;
    settings_ = settings;
    if (!retime || running_ || stopped_) return;  // an export under way schedules the next itself
    timer_.cancel();
    schedule(settings_.export_interval);
}

void ExportScheduler::stop() {
    stopped_ = true;
    timer_.cancel();
    if (thread_.joinable()) thread_.join();
}

void ExportScheduler::schedule(std::chrono::seconds after) {
    if (settings_.export_dir.empty() || stopped_) return;
    timer_.expires_after(after);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopped_) return;
        begin();
    });
}

void ExportScheduler::begin() {
    if (thread_.joinable()) thread_.join();  // the previous one has posted its result
    running_ = true;
    exports::ExportSource source{codebook_.codebook, codebook_.version};
    exports::ExportOptions options{settings_.export_bom, settings_.export_phones, settings_.export_keep};
    thread_ = std::thread([this, source, options, db = database_, root = settings_.export_dir] {
        exports::ExportResult result;
        try {
            store::StoreReader reader(db);
            result = exports::write_export(reader, source, options, root, SystemClock::now());
        } catch (const std::exception& e) {
            result.ok = false;
            result.error = e.what();
        }
        asio::post(io_, [this, result] { done(result); });
    });
}

// The row says whether the export was written; its delivery to HQ has rows of its own (delivery).
void ExportScheduler::done(const exports::ExportResult& r) {
    running_ = false;
    std::vector<std::string> files;
    for (const auto& f : r.files) files.push_back(f.name);
    auto recorded = store_.write([&](store::Transaction& tx) -> store::Result<int> {
        auto id = tx.begin_export(r.ok ? r.path.string() : settings_.export_dir);
        if (!id) return id.error();
        auto status = r.ok ? store::ExportStatus::ok : store::ExportStatus::failed;
        if (auto f = tx.finish_export(*id, status, files, r.ok ? "" : r.error); !f) return f.error();
        return 0;
    });
    if (recorded) alarm_.succeeded("recording an export");
    else alarm_.failed("recording an export", recorded.error());
    schedule(settings_.export_interval);
    if (!r.ok) {
        log_.error(LogCategory::export_, "export failed: {}", r.error);
        for (const auto& l : listeners_) l(false);
        return;
    }
    for (const auto& w : r.warnings) log_.warn(LogCategory::export_, "{}", w);
    log_.info(LogCategory::export_, "export {} ({} files)", r.path.string(), r.files.size());
    for (const auto& l : published_) l(r.path);
}

}  // namespace smsgw
