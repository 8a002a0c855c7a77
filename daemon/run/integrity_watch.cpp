// A thread that runs quick_check on its own read-only connection every interval and posts damage to the loop.
#include "daemon/run/integrity_watch.hpp"

#include "daemon/store/database.hpp"
#include "daemon/store/integrity.hpp"
#include "daemon/store/result.hpp"

#include <boost/asio/post.hpp>

namespace smsgw {

IntegrityWatch::IntegrityWatch(boost::asio::io_context& io, std::string database, std::chrono::milliseconds every,
                               Damaged damaged)
    : io_(io), database_(std::move(database)), damaged_(std::move(damaged)), every_(every) {
    thread_ = std::thread([this] { run(); });
}

IntegrityWatch::~IntegrityWatch() { stop(); }

void IntegrityWatch::set_interval(std::chrono::milliseconds every) {
    std::lock_guard lock(mutex_);
    every_ = every;
    wake_.notify_all();
}

void IntegrityWatch::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void IntegrityWatch::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            const auto until = std::chrono::steady_clock::now() + every_;
            if (wake_.wait_until(lock, until, [&] { return stop_; })) return;
        }
        std::vector<std::string> findings;
        try {
            store::Database db = store::Database::open(database_, {.read_only = true, .busy_timeout_ms = 1000});
            findings = store::quick_check(db);
        } catch (const store::StoreOpenError& e) {
            // Busy or unreadable for another reason: the next round tries again. Damage says so itself.
            if (store::is_damage(e.code())) findings.push_back(e.what());
        }
        if (!findings.empty()) {
            boost::asio::post(io_, [this, f = std::move(findings)]() mutable { damaged_(std::move(f)); });
            return;  // said once; the daemon stops ingest for good
        }
    }
}

}  // namespace smsgw
