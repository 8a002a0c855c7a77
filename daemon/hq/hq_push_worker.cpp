// The push thread's loop (connect, schema, batches, backoff) and the event loop's record of it.
#include "daemon/hq/hq_push_worker.hpp"

#include "daemon/hq/hq_push_batch.hpp"
#include "daemon/hq/hq_schema.hpp"
#include "daemon/hq/pg_connection.hpp"
#include "daemon/store/store_reader.hpp"

#include <boost/asio/post.hpp>

#include <memory>
#include <stdexcept>

namespace smsgw::hq {

namespace {

// The conninfo without its password, for console lines.
std::string shown(const std::string& conninfo) {
    std::string out;
    std::size_t i = 0;
    while (i < conninfo.size()) {
        const std::size_t end = conninfo.find(' ', i);
        std::string word = conninfo.substr(i, end == std::string::npos ? std::string::npos : end - i);
        if (word.rfind("password=", 0) == 0) word = "password=...";
        if (!word.empty()) out += (out.empty() ? "" : " ") + word;
        if (end == std::string::npos) break;
        i = end + 1;
    }
    return out;
}

}  // namespace

HqPushWorker::HqPushWorker(boost::asio::io_context& io, Logger& log, store::Store& store, HqConfig config,
                           PushTimings timings)
    : io_(io), log_(log), store_(store), config_(std::move(config)), timings_(timings) {}

HqPushWorker::~HqPushWorker() { stop(); }

void HqPushWorker::start() {
    if (auto problem = PgConnection::conninfo_problem(config_.postgres); !problem.empty())
        throw std::runtime_error("hq.postgres: " + problem);
    auto enabled = store_.write([&](store::Transaction& tx) { return tx.enable_hq_push(config_.gateway_id); });
    if (!enabled) throw std::runtime_error("turning the HQ outbox on: " + enabled.error().message);
    if (!enabled->other_gateway_id.empty())
        throw std::runtime_error("hq.gateway_id is " + config_.gateway_id + " but this database was pushed to HQ as " +
                                 enabled->other_gateway_id + ": HQ keys its rows by that id; set it back");
    auto state = store_.write([](store::Transaction& tx) { return tx.hq_push_state(); });
    if (!state || !*state) throw std::runtime_error("reading the HQ push state after enabling it");
    key_ = database_key(**state);
    cursor_ = recorded_cursor_ = (*state)->pushed_through;
    if (enabled->first_time)
        log_.info(LogCategory::export_, "HQ push on as gateway {}: {} rows written before are queued for HQ",
                  config_.gateway_id, enabled->backfilled);
    log_.info(LogCategory::export_, "HQ push to {} as gateway {}: {} entries wait in the outbox", shown(config_.postgres),
              config_.gateway_id, (*state)->pending);
    thread_ = std::thread([this] { run(); });
}

void HqPushWorker::poke() {
    {
        std::lock_guard lock(mutex_);
        poked_ = true;
    }
    cv_.notify_one();
}

void HqPushWorker::stop() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        if (active_) active_->cancel();  // a statement waiting on a lock or a dead link ends now
    }
    cv_.notify_one();
    thread_.join();
    alive_->store(false);  // results still queued on the loop are dropped
    if (failing_.empty() && cursor_ != recorded_cursor_) record(cursor_, "");
}

void HqPushWorker::wait(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, d, [&] { return stop_ || poked_; });
    poked_ = false;
}

void HqPushWorker::run() {
    std::unique_ptr<store::StoreReader> local;
    PgConnection pg(config_.postgres, "smsgw-" + config_.gateway_id);
    {
        std::lock_guard lock(mutex_);
        active_ = &pg;
    }
    struct Forget {
        HqPushWorker& w;
        ~Forget() {
            std::lock_guard lock(w.mutex_);
            w.active_ = nullptr;
        }
    } forget{*this};
    auto backoff = timings_.retry_first;
    auto report = [&](Result r) {
        boost::asio::post(io_, [this, alive = alive_, r = std::move(r)] {
            if (alive->load()) posted(r);
        });
    };
    auto stopping = [&] {
        std::lock_guard lock(mutex_);
        return stop_;
    };
    auto failed = [&](std::string error) {
        report({std::move(error), 0, 0});
        pg.disconnect();
        wait(backoff);
        backoff = std::min(backoff * 2, timings_.retry_max);
    };
    while (!stopping()) {
        try {
            if (!local) local = std::make_unique<store::StoreReader>(store_.path());
        } catch (const std::exception& e) {
            failed(std::string("opening the local database to read the outbox: ") + e.what());
            continue;
        }
        if (!pg.connected()) {
            if (!pg.connect()) {
                failed(pg.error());
                continue;
            }
            // A batch never takes long; one that waits a minute waits on something else (a lock).
            if (auto r = pg.exec("SET statement_timeout = '60s'"); !r.ok()) {
                failed(r.error());
                continue;
            }
            if (auto e = ensure_hq_schema(pg); !e.empty()) {
                failed(e);
                continue;
            }
        }
        PushOutcome o = push_batch(pg, *local, config_.gateway_id, key_, timings_.batch);
        if (!o.error.empty()) {
            failed(o.error);
            continue;
        }
        backoff = timings_.retry_first;
        report({"", o.cursor, o.entries});
        if (!o.more) wait(timings_.idle_poll);
    }
}

void HqPushWorker::posted(const Result& r) {
    const auto now = std::chrono::steady_clock::now();
    if (!r.error.empty()) {
        const bool first = failing_.empty();
        const bool remind = now - last_remind_ >= timings_.remind_every;
        if (first) failing_since_ = now;
        if (first || remind || r.error != failing_) {
            auto st = store_.write([](store::Transaction& tx) { return tx.hq_push_state(); });
            const std::int64_t waiting = st && *st ? (*st)->pending : -1;
            log_.warn(LogCategory::export_, "HQ push fails{}: {}; {} entries wait in the outbox, ingest goes on",
                      first ? "" : " still", r.error, waiting);
            last_remind_ = now;
            record(cursor_, r.error);
        }
        failing_ = r.error;
        return;
    }
    cursor_ = r.cursor;
    if (!failing_.empty()) {
        const auto down = std::chrono::duration_cast<std::chrono::seconds>(now - failing_since_).count();
        log_.notice(LogCategory::export_, "HQ push works again after {} s; catching up from entry {}", down, r.cursor);
        failing_.clear();
        record(cursor_, "");
        return;
    }
    if (cursor_ != recorded_cursor_ && now - last_record_ >= timings_.record_every) record(cursor_, "");
}

void HqPushWorker::record(std::int64_t cursor, const std::string& error) {
    last_record_ = std::chrono::steady_clock::now();
    auto r = store_.write([&](store::Transaction& tx) { return tx.record_hq_push(cursor, error); });
    if (r && error.empty()) recorded_cursor_ = cursor;
    // A store that cannot be written says so through the pipeline's own alarm; this row is only status.
}

}  // namespace smsgw::hq
