// smsgw status --db FILE [--json]: one snapshot of modems, messages, replies, reporting, estimates, exports.
#include "daemon/commands.hpp"
#include "daemon/estimate_from_store.hpp"
#include "daemon/quickcount/estimates_json.hpp"

#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <ctime>
#include <iostream>
#include <optional>

namespace smsgw {

namespace {

namespace json = boost::json;
using store::SystemTime;

constexpr int reply_errors_shown = 5;

constexpr const char* usage =
    "smsgw status --db FILE [--json]\n\n"
    "One consistent snapshot of the gateway, read from its database without blocking a running daemon:\n"
    "the codebook in use, each modem's health, messages by outcome, the reply queue and recent send\n"
    "failures, reporting progress per contest and region (sampled stations counted), the current\n"
    "national estimates in one line each, and the last export.\n\n"
    "--json prints one line with the same content:\n"
    "  {\"now\":TIME,\"database\":{\"path\",\"schema_version\"},\n"
    "   \"codebook\":{\"version\",\"in_use_since\"}|null, \"problems\":[text],\n"
    "   \"modems\":[{\"name\",\"state\",\"network_state\",\"signal_percent\",\"battery_percent\",\"operator\",\n"
    "     \"imei\",\"last_seen\",\"last_seen_age_s\",\"last_error\"}],\n"
    "   \"messages\":{\"parts\",\"unlinked_parts\",\"pending\",\"processed\",\"incomplete\"},\n"
    "   \"outcomes\":{DISPOSITION:N}  (new, duplicate, correction, conflict, resolution, rejected, ...),\n"
    "   \"reports\":{\"accepted\",\"warning\",\"rejected\",\"current\",\"conflict\"},\n"
    "   \"count\":{\"counted\",\"not_estimated\",\"conflicts\",\"rejected\",\"unusable\"}|null,\n"
    "   \"replies\":{\"queued\",\"sending\",\"sent\",\"failed\",\"oldest_queued\":TIME|null,\n"
    "     \"recent_errors\":[{\"id\",\"destination\",\"status\",\"attempts\",\"modem\",\"error\",\"next_try_at\"}]},\n"
    "   \"progress\":[{\"contest\",\"district\"?,\"sampled\",\"reported\",\"missing\",\"strata\":[{\"id\",\"sampled\",\n"
    "     \"reported\",\"missing\"}],\"regions\":[...]}]|null,\n"
    "   \"estimates\":[national contests, each as in smsgw estimate --json]|null,\n"
    "   \"last_export\":{\"id\",\"status\",\"path\",\"started_at\",\"finished_at\",\"files\",\"error\"}|null}\n"
    "  TIME is UTC, \"2026-03-01T20:15:03Z\"; signal and battery may be null; shares are fractions.\n"
    "  count, progress and estimates are null (and problems says why) before the daemon saved a codebook.\n"
    "Exit 0: printed; 1: the database is missing, not smsgw's or of another schema version; 2: bad arguments.\n"
    "\noptions";

// Everything shown, read in one snapshot.
struct Snapshot {
    SystemTime now{};
    std::optional<store::SavedCodebook> codebook;  // sources unused here
    std::optional<StoreCount> count;
    std::vector<std::string> problems;
    std::vector<store::ModemHealthRecord> modems;
    store::Counts counts;
    std::vector<store::OutcomeCount> outcomes;
    std::vector<store::StoredReply> reply_errors;
    std::optional<SystemTime> oldest_queued;
    std::optional<store::ExportRecord> last_export;
};

template <class T>
T must(store::Result<T> r, const char* what) {
    if (!r) throw std::runtime_error(std::string("cannot read ") + what + ": " + r.error().message);
    return std::move(*r);
}

Snapshot read_snapshot(store::StoreReader& reader) {
    Snapshot s;
    s.now = std::chrono::system_clock::now();
    auto r = reader.snapshot([&](store::StoreReader& rd) -> store::Result<bool> {
        s.codebook = must(rd.codebook_in_use(), "the codebook");
        if (s.codebook) s.codebook->sources = {};
        try {
            s.count.emplace(count_in_snapshot(rd));
        } catch (const std::exception& e) {
            s.problems.push_back(e.what());
        }
        s.modems = must(rd.modems(), "modems");
        s.counts = must(rd.counts(), "counts");
        s.outcomes = must(rd.outcomes(), "outcomes");
        s.reply_errors = must(rd.replies_with_errors(reply_errors_shown), "replies");
        s.oldest_queued = must(rd.oldest_queued_reply(), "replies");
        s.last_export = must(rd.last_export(), "exports");
        return true;
    });
    if (!r) throw std::runtime_error("cannot read the database: " + r.error().message);
    return s;
}

std::string utc(SystemTime t, bool iso) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

std::int64_t age_seconds(SystemTime now, SystemTime t) {
    return std::chrono::duration_cast<std::chrono::seconds>(now - t).count();
}

// "5s ago", "3m ago", "2h05m ago", "1d3h ago"; "in 3m" for a time still to come.
std::string age(SystemTime now, SystemTime t) {
    std::int64_t s = age_seconds(now, t);
    bool future = s < 0;
    if (future) s = -s;
    std::string text = s < 60      ? fmt::format("{}s", s)
                       : s < 3600  ? fmt::format("{}m", s / 60)
                       : s < 86400 ? fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60)
                                   : fmt::format("{}d{}h", s / 86400, s % 86400 / 3600);
    return future ? "in " + text : text + " ago";
}

std::string percent(const RatioEstimate& r) {
    return r.defined ? fmt::format("{:.1f}% ±{:.1f}", 100 * r.share, 100 * r.margin95) : "-";
}

std::string region_name(const Codebook& cb, const std::string& id) {
    const Region* r = cb.find_region(id);
    return r ? id + " " + r->name : id;
}

std::string contest_title(const ContestProgress& p) {
    return p.district ? fmt::format("{} district {}", p.contest, p.district) : p.contest;
}

std::string progress_line(const std::string& label, const ProgressRow& r) {
    double pct = r.sampled ? 100.0 * r.reported / r.sampled : 0.0;
    return fmt::format("{:<24} {:>5}/{:<5} {:5.1f}%   {} missing\n", label, r.reported, r.sampled, pct, r.missing());
}

// ---- text -----------------------------------------------------------------------------------

std::string render_text(const Snapshot& s, const std::string& path, int schema) {
    std::string out = fmt::format("smsgw status at {}\n", utc(s.now, false));
    out += fmt::format("database  {} (schema {})\n", path, schema);
    if (s.codebook)
        out += fmt::format("codebook  {}, in use since {} ({})\n", s.codebook->version,
                           utc(s.codebook->in_use_since, false), age(s.now, s.codebook->in_use_since));
    for (const auto& p : s.problems) out += fmt::format("problem   {}\n", p);

    out += fmt::format("\nmodems ({})\n", s.modems.size());
    if (s.modems.empty()) out += "  none has reported yet\n";
    for (const auto& m : s.modems) {
        std::string signal = m.signal_percent ? fmt::format("{}%", *m.signal_percent) : "-";
        out += fmt::format("  {:<12} {:<12} signal {:<5} {:<14} last seen {} ({}){}\n", m.name, m.state, signal,
                           m.operator_name.empty() ? "-" : m.operator_name, utc(m.last_seen, false),
                           age(s.now, m.last_seen), m.last_error.empty() ? "" : "  last error: " + m.last_error);
    }

    const store::Counts& c = s.counts;
    out += "\nmessages\n";
    out += fmt::format("  {} processed, {} pending, {} incomplete; {} SMS parts ({} waiting for the rest)\n",
                       c.messages_processed, c.messages_pending, c.messages_incomplete, c.parts, c.unlinked_parts);
    std::string outcomes;
    for (const auto& o : s.outcomes) outcomes += fmt::format("{}{} {}", outcomes.empty() ? "" : ", ", o.disposition, o.reports);
    out += fmt::format("  outcomes: {}\n", outcomes.empty() ? "none yet" : outcomes);
    out += fmt::format("  reports: {} accepted, {} warning, {} rejected; {} current, {} withheld in conflict\n",
                       c.reports_accepted, c.reports_warning, c.reports_rejected, c.reports_current,
                       c.reports_conflict);
    if (s.count) {
        const CountTally& t = s.count->tally;
        out += fmt::format(
            "  counted: {} results in the estimates, {} not estimated (not sampled, or a district without a quick "
            "count), {} unusable\n",
            t.counted, t.not_estimated, t.unusable);
    }

    out += "\nreplies\n";
    out += fmt::format("  {} sent, {} queued{}, {} sending, {} failed\n", c.replies_sent, c.replies_queued,
                       s.oldest_queued ? " (oldest queued " + age(s.now, *s.oldest_queued) + ")" : "",
                       c.replies_sending, c.replies_failed);
    for (const auto& r : s.reply_errors)
        out += fmt::format("  reply {} to {}: {} after {} attempt{} via {}: {}\n", r.id, r.record.destination,
                           r.status == store::ReplyStatus::failed ? "given up" : "retry " + age(s.now, r.next_try_at),
                           r.attempts, r.attempts == 1 ? "" : "s", r.modem.empty() ? "-" : r.modem, r.error);

    if (s.count) {
        const Codebook& cb = s.count->quick_count.codebook();
        out += "\nreporting (sampled stations counted)\n";
        for (const auto& p : s.count->quick_count.progress()) {
            out += "  " + progress_line(contest_title(p), p.total);
            if (p.district) continue;  // a district lies in one region
            for (const auto& r : p.regions) out += "    " + progress_line(region_name(cb, r.id), r);
        }
        out += "\nestimates (national)\n";
        for (const auto& e : s.count->quick_count.estimate().contests) {
            if (e.district) continue;
            std::string options;
            for (const auto& o : e.options)
                options += fmt::format("{}{} {}", options.empty() ? "" : ", ", o.tag, percent(o.estimate));
            out += fmt::format("  {} {}: {}; turnout {}; {} ({}/{} reported)\n", e.contest, e.name, options,
                               percent(e.turnout), e.call_text(), e.reported, e.sampled);
        }
    }

    out += "\nlast export\n";
    if (!s.last_export) {
        out += "  none yet\n";
    } else {
        const store::ExportRecord& e = *s.last_export;
        out += fmt::format("  {} {} ({}), {} file{}, {}{}\n", to_string(e.status), utc(e.started_at, false),
                           age(s.now, e.started_at), e.files.size(), e.files.size() == 1 ? "" : "s", e.path,
                           e.error.empty() ? "" : ": " + e.error);
    }
    return out;
}

// ---- JSON -----------------------------------------------------------------------------------

json::value optional_int(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value render_json(const Snapshot& s, const std::string& path, int schema) {
    json::object root;
    root["now"] = utc(s.now, true);
    root["database"] = {{"path", path}, {"schema_version", schema}};
    if (s.codebook)
        root["codebook"] = {{"version", s.codebook->version}, {"in_use_since", utc(s.codebook->in_use_since, true)}};
    else
        root["codebook"] = nullptr;
    json::array problems;
    for (const auto& p : s.problems) problems.emplace_back(p);
    root["problems"] = std::move(problems);

    json::array modems;
    for (const auto& m : s.modems)
        modems.push_back(json::object{{"name", m.name},
                                      {"state", m.state},
                                      {"network_state", m.network_state},
                                      {"signal_percent", optional_int(m.signal_percent)},
                                      {"battery_percent", optional_int(m.battery_percent)},
                                      {"operator", m.operator_name},
                                      {"imei", m.imei},
                                      {"last_seen", utc(m.last_seen, true)},
                                      {"last_seen_age_s", age_seconds(s.now, m.last_seen)},
                                      {"last_error", m.last_error}});
    root["modems"] = std::move(modems);

    const store::Counts& c = s.counts;
    root["messages"] = {{"parts", c.parts},
                        {"unlinked_parts", c.unlinked_parts},
                        {"pending", c.messages_pending},
                        {"processed", c.messages_processed},
                        {"incomplete", c.messages_incomplete}};
    json::object outcomes;
    for (const auto& o : s.outcomes) outcomes[o.disposition] = o.reports;
    root["outcomes"] = std::move(outcomes);
    root["reports"] = {{"accepted", c.reports_accepted},
                       {"warning", c.reports_warning},
                       {"rejected", c.reports_rejected},
                       {"current", c.reports_current},
                       {"conflict", c.reports_conflict}};
    if (s.count) {
        const CountTally& t = s.count->tally;
        root["count"] = {{"counted", t.counted},
                         {"not_estimated", t.not_estimated},
                         {"conflicts", t.conflicts},
                         {"rejected", t.rejected},
                         {"unusable", t.unusable}};
    } else {
        root["count"] = nullptr;
    }

    json::array errors;
    for (const auto& r : s.reply_errors)
        errors.push_back(json::object{{"id", r.id},
                                      {"destination", r.record.destination},
                                      {"status", to_string(r.status)},
                                      {"attempts", r.attempts},
                                      {"modem", r.modem},
                                      {"error", r.error},
                                      {"next_try_at", utc(r.next_try_at, true)}});
    root["replies"] = {{"queued", c.replies_queued},
                       {"sending", c.replies_sending},
                       {"sent", c.replies_sent},
                       {"failed", c.replies_failed},
                       {"oldest_queued", s.oldest_queued ? json::value(utc(*s.oldest_queued, true)) : nullptr},
                       {"recent_errors", std::move(errors)}};

    if (s.count) {
        root["progress"] = to_json(s.count->quick_count.progress());
        Estimates national;
        for (auto& e : s.count->quick_count.estimate().contests)
            if (!e.district) national.contests.push_back(std::move(e));
        root["estimates"] = to_json(national).as_object()["contests"];
    } else {
        root["progress"] = nullptr;
        root["estimates"] = nullptr;
    }

    if (s.last_export) {
        const store::ExportRecord& e = *s.last_export;
        json::array files;
        for (const auto& f : e.files) files.emplace_back(f);
        root["last_export"] = {{"id", e.id},
                               {"status", to_string(e.status)},
                               {"path", e.path},
                               {"started_at", utc(e.started_at, true)},
                               {"finished_at", e.finished_at ? json::value(utc(*e.finished_at, true)) : nullptr},
                               {"files", std::move(files)},
                               {"error", e.error}};
    } else {
        root["last_export"] = nullptr;
    }
    return root;
}

}  // namespace

int cmd_status(const Args& args) {
    namespace po = boost::program_options;
    std::string db;
    po::options_description opts(usage);
    opts.add_options()("help,h", "show this help")("db", po::value(&db), "the smsgw database (SQLite file)")(
        "json", "one line of JSON instead of text");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(opts).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "smsgw status: " << e.what() << "\n\n" << opts << "\n";
        return 2;
    }
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    if (db.empty()) {
        std::cerr << "smsgw status: --db FILE is required\n\n" << opts << "\n";
        return 2;
    }

    auto reader = open_store_reader(db);  // main() reports what it throws, exit 1
    Snapshot s = read_snapshot(*reader);
    if (vm.count("json"))
        std::cout << json::serialize(render_json(s, db, reader->schema_version())) << "\n";
    else
        std::cout << render_text(s, db, reader->schema_version());
    return std::cout.flush() ? 0 : 1;
}

}  // namespace smsgw
