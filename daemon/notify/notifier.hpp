// The daemon's outgoing notices on its event loop: reminder windows, and SMS summaries to HQ while exports fail.
#pragma once

#include "daemon/clock/clock.hpp"
#include "daemon/clock/timer.hpp"
#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/notify/hq_link.hpp"
#include "daemon/notify/reminders.hpp"
#include "daemon/quickcount/estimates.hpp"
#include "daemon/store/store.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::notify {

// Everything it queues goes through the outbox like replies (rate limits, retries, modem choice);
// `queued` is called after a commit that queued SMS so the daemon can dispatch at once.
class Notifier {
public:
    Notifier(boost::asio::io_context& io, Logger& log, store::Store& store, std::function<Estimates()> estimates,
             std::function<void()> queued, WallClock clock = system_wall_clock());
    ~Notifier();
    Notifier(const Notifier&) = delete;
    Notifier& operator=(const Notifier&) = delete;

    // Throws std::runtime_error (start-up only): a window's form the codebook lacks, an unreadable
    // time zone. `own_numbers` are never texted (E.164 or as configured).
    void start(const Config& config, CodebookPtr codebook, const std::vector<std::string>& own_numbers);
    // SIGHUP: later windows use the new codebook; a window whose form it lacks is skipped with an error.
    void set_codebook(CodebookPtr codebook);
    // SIGHUP: new [[reminders]] windows (kept as they were when one does not fit the codebook),
    // hq_numbers, hq_link_down_after (a new interval counts from the next failed export).
    void apply(const Config& config);
    // The outcome of each export attempt: true when the export command shipped it; false when the
    // command failed or the export could not be written (HQ got nothing either way).
    void on_export_attempt(bool shipped);
    void stop();

private:
    void schedule();
    void wake();
    void remind();
    void summarize();

    Logger& log_;
    store::Store& store_;
    std::function<Estimates()> estimates_;
    std::function<void()> queued_;
    WallClock clock_;
    Timer timer_;
    void use_hq(const Config& config);

    std::vector<ReminderConfig> windows_;
    CodebookPtr codebook_;
    std::string config_path_;
    std::vector<std::string> own_;
    std::unique_ptr<Reminders> reminders_;
    std::optional<TimeZone> zone_;
    std::vector<std::string> hq_numbers_;
    std::optional<HqLink> hq_;
    std::chrono::seconds hq_every_{};
    bool stopped_ = true;
};

}  // namespace smsgw::notify
