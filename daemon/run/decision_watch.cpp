// The decision watch: data_version, then the new audit rows, a recount, and one console line each.
#include "daemon/run/decision_watch.hpp"

#include "daemon/review/decision_text.hpp"

#include <fmt/format.h>

namespace smsgw {

DecisionWatch::DecisionWatch(boost::asio::io_context& io, Logger& log, store::Store& store, Pipeline& pipeline,
                             const QuickCount& count, std::function<void()> recounted, std::chrono::milliseconds every)
    : timer_(io),
      log_(log),
      store_(store),
      pipeline_(pipeline),
      count_(count),
      recounted_(std::move(recounted)),
      every_(every) {}

void DecisionWatch::start() {
    auto rows = store_.write([](store::Transaction& tx) { return tx.audit_since(0); });
    if (rows && !rows->empty()) seen_ = rows->back().id;
    if (auto v = store_.pragma("data_version")) data_version_ = *v;
    schedule();
}

void DecisionWatch::stop() {
    stopped_ = true;
    timer_.cancel();
}

void DecisionWatch::schedule() {
    if (stopped_) return;
    timer_.expires_after(every_);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopped_) return;
        check();
        schedule();
    });
}

void DecisionWatch::check() {
    auto v = store_.pragma("data_version");
    if (!v || *v == data_version_) return;  // nobody else committed: nothing to read
    auto rows = store_.write([&](store::Transaction& tx) { return tx.audit_since(seen_); });
    if (!rows) {
        log_.warn(LogCategory::review, "reading the operators' decisions: {} (tried again shortly)", rows.error().message);
        return;
    }
    data_version_ = *v;
    if (rows->empty()) return;
    seen_ = rows->back().id;
    for (const auto& row : *rows)
        if (own_.erase(row.id) == 0) log_.info(LogCategory::review, "{}", review::decision_text(row));
    if (auto r = pipeline_.rebuild_count(); !r) {
        log_.error(LogCategory::review, "recounting after the operators' decisions: {}", r.error().message);
        return;
    }
    // What the decisions did to the count, national contests only: one line.
    std::string reported;
    for (const auto& e : count_.estimate().contests)
        if (!e.district) reported += fmt::format("{}{} {}/{}", reported.empty() ? "" : ", ", e.contest, e.reported, e.sampled);
    log_.info(LogCategory::review, "count after the operators' decisions: {} reported", reported);
    if (recounted_) recounted_();
}

}  // namespace smsgw
