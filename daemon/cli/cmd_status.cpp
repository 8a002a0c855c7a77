// smsgw status --db FILE [--json]: one snapshot of modems, messages, replies, reporting, estimates, exports.
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/status/status_json.hpp"
#include "daemon/status/status_view.hpp"

#include <iostream>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw status --db FILE [--json]\n\n"
    "One consistent snapshot of the gateway, read from its database without blocking a running daemon:\n"
    "the codebook in use, each modem's health and SMS storage (SIM 25/30 83% FULL SOON from 80% full),\n"
    "SIM records quarantined because the modem could not read them (they are in quarantined.csv of\n"
    "every export), messages by outcome, the reply queue and recent send failures, reporting progress\n"
    "per contest and region (sampled stations counted), the current national estimates in one line\n"
    "each, and the last export.\n\n"
    "--json prints one line with the same content:\n"
    "  {\"now\":TIME,\"database\":{\"path\",\"schema_version\"},\n"
    "   \"codebook\":{\"version\",\"in_use_since\"}|null, \"problems\":[text],\n"
    "   \"modems\":[{\"name\",\"state\",\"network_state\",\"signal_percent\",\"battery_percent\",\"operator\",\n"
    "     \"imei\",\"device\",\"sms_storage\":{\"sim_used\",\"sim_size\",\"phone_used\",\"phone_size\"},\"last_seen\",\n"
    "     \"last_seen_age_s\",\"stale\",\"last_error\"}], \"quarantined\":N,\n"
    "   \"messages\":{\"parts\",\"unlinked_parts\",\"pending\",\"processed\",\"incomplete\"},\n"
    "   \"rates\":{\"messages_last_5min\",\"messages_last_15min\",\"per_minute_5min\",\"per_minute_15min\"},\n"
    "   \"outcomes\":{DISPOSITION:N}  (new, duplicate, correction, conflict, resolution, rejected, ...),\n"
    "   \"reports\":{\"accepted\",\"warning\",\"rejected\",\"current\",\"conflict\"},\n"
    "   \"count\":{\"counted\",\"not_estimated\",\"conflicts\",\"rejected\",\"unusable\"}|null,\n"
    "   \"replies\":{\"queued\",\"sending\",\"sent\",\"failed\",\"oldest_queued\":TIME|null,\n"
    "     \"recent_errors\":[{\"id\",\"destination\",\"status\",\"attempts\",\"modem\",\"error\",\"next_try_at\"}]},\n"
    "   \"outgoing\":{KIND:{\"queued\",\"sending\",\"sent\",\"failed\"}}  (reply, reminder, hq_summary: the\n"
    "     replies counts above include reminders and HQ summaries),\n"
    "   \"progress\":[{\"contest\",\"district\"?,\"sampled\",\"reported\",\"missing\",\"strata\":[{\"id\",\"sampled\",\n"
    "     \"reported\",\"missing\"}],\"regions\":[...]}]|null,\n"
    "   \"estimates\":[national contests, each as in smsgw estimate --json]|null,\n"
    "   \"last_export\":{\"id\",\"status\",\"path\",\"started_at\",\"finished_at\",\"files\",\"error\"}|null,\n"
    "   \"hq_push\":{\"gateway_id\",\"pending\",\"oldest_pending_at\",\"lag_seconds\",\"pushed_through\",\"last_id\",\n"
    "     \"pushed_at\",\"last_error\",\"failing_since\"}|null}  (null: no [hq]; pending rows wait for HQ's PostgreSQL)\n"
    "  TIME is UTC, \"2026-03-01T20:15:03Z\"; signal, battery and SMS storage may be null (unknown);\n"
    "  shares are fractions (0.4954); quarantined counts the SIM records kept in quarantined.csv;\n"
    "  a modem is stale when its health was not written for 90 s.\n"
    "  count, progress and estimates are null (and problems says why) before the daemon saved a codebook.\n"
    "Exit 0: printed; 1: the database is missing, not smsgw's or of another schema version; 2: bad arguments.\n";

}  // namespace

int cmd_status(const Args& args) {
    std::string db;
    bool as_json = false;
    cli::Options opts("status", usage);
    opts.text("db", db, "FILE", "the smsgw database (SQLite file)").required();
    opts.flag("json", as_json, "one line of JSON instead of text");
    if (auto exit = opts.parse(args)) return *exit;

    auto reader = open_store_reader(db);  // main() reports what it throws, exit 1
    const StatusSnapshot s = StatusSnapshot::read(*reader, db);
    if (as_json)
        std::cout << json_text(status_json(s)) << "\n";
    else
        std::cout << StatusView().text(s);
    return std::cout.flush() ? 0 : 1;
}

}  // namespace smsgw
