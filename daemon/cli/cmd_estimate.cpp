// smsgw estimate --db FILE [--json]: the current quick-count estimates, rebuilt from the database.
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/quickcount/estimates_table.hpp"
#include "daemon/takes/take_history.hpp"
#ifdef SMSGW_HAVE_PG
#include "daemon/hq/hq_reader.hpp"
#endif

#include <iostream>
#include <optional>
#include <stdexcept>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw estimate --db FILE [--json] [--history]\n"
    "smsgw estimate --pg CONNINFO [--json]\n\n"
    "Prints the current quick-count estimates per contest (and per district of district contests),\n"
    "rebuilt from the database's current reports with the codebook the daemon runs with (saved in\n"
    "the database by smsgw run). Counted: sampled stations' accepted or warning results, the latest\n"
    "version of each; conflicts and rejected reports are not. Reads without blocking a running daemon.\n\n"
    "--json prints one line:\n"
    "  {\"contests\":[{\"contest\",\"district\"?,\"reported\",\"sampled\",\n"
    "    \"options\":[{\"tag\",\"name\",\"share\",\"margin95\",\"margin99\"}],\n"
    "    \"turnout\":{\"share\",\"margin95\"},\"invalid\":{\"share\",\"margin95\"},\n"
    "    \"lead\":{\"a\",\"b\",\"share\",\"margin95\",\"margin99\"}|null,\"call\",\"notes\":[...]}]}\n"
    "  Shares and margins are fractions (0.4954), null when there is no data; \"district\" only on\n"
    "  district entries; call is \"first-round win TAG\", \"run-off\", \"undetermined\" or \"no data\".\n"
    "--history prints instead how each estimate converged: the takes the daemon stored (every\n"
    "take_every_reports results counted or take_interval, smsgw.toml), per contest one line per take\n"
    "(share ±95% margin in points of each option, turnout, the call) and since which take every option\n"
    "stayed inside the latest 95% interval. With --json:\n"
    "  {\"takes\":[{\"take\",\"taken_utc\",\"trigger\",\"counted\",\"codebook_version\",\"contests\":[{\"contest\",\n"
    "    \"district\"?,\"reported\",\"sampled\",\"options\":[{\"tag\",\"name\",\"share\",\"margin95\",\"margin99\"}],\n"
    "    \"turnout\",\"invalid\",\"lead\",\"call\",\"complete_coverage\",\"strata\":[{\"id\",\"sampled\",\"reported\"}]}]}],\n"
    "   \"stability\":[{\"contest\",\"district\"?,\"since_take\",\"since_reported\",\"takes\"}]}\n"
    "--pg CONNINFO (\"host=... dbname=... user=...\") computes the same estimates at HQ from every\n"
    "gateway's rows in PostgreSQL ([hq] in smsgw.toml): each station's versions from all gateways go\n"
    "through the gateways' own rules in arrival order, so a station reported through two gateways\n"
    "counts once, and other values from another phone make it a conflict. Same output as --db.\n"
    "Exit 0: printed; 1: the database is missing, not smsgw's, of another schema version, or has no\n"
    "codebook yet (the message says which); 2: bad arguments.\n";

// The takes and the names of today's estimate, read in one snapshot.
int print_history(store::StoreReader& reader, bool json) {
    std::optional<StoreCount> count;
    auto takes = reader.snapshot([&](store::StoreReader& r) {
        count.emplace(count_in_snapshot(r));
        return r.takes();
    });
    if (!takes) throw std::runtime_error("reading the takes: " + takes.error().message);
    const Estimates current = count->quick_count.estimate();
    if (json) std::cout << json_text(history_to_json(*takes, current)) << "\n";
    else std::cout << render_history(*takes, current);
    return std::cout.flush() ? 0 : 1;
}

}  // namespace

int cmd_estimate(const Args& args) {
    std::string db;
    std::string pg;
    bool as_json = false, history = false;
    cli::Options opts("estimate", usage);
    opts.text("db", db, "FILE", "the smsgw database (SQLite file)");
    opts.text("pg", pg, "CONNINFO", "HQ's PostgreSQL (libpq conninfo) instead of --db");
    opts.flag("json", as_json, "one line of JSON instead of the table");
    opts.flag("history", history, "the estimate at each take instead of now");
    if (auto exit = opts.parse(args)) return *exit;
    if (db.empty() == pg.empty()) return opts.usage_error("--db FILE is required: the smsgw database (SQLite file); at HQ, --pg CONNINFO instead");
    if (!pg.empty() && history) return opts.usage_error("--history reads one gateway's takes: use it with --db");

    std::optional<StoreCount> counted;
    std::string from;
    if (!pg.empty()) {
#ifdef SMSGW_HAVE_PG
        hq::HqSnapshot hq = hq::read_hq(pg);  // main() reports what it throws, exit 1
        counted.emplace(StoreCount{hq.codebook, QuickCount(hq.codebook.codebook), {}});
        counted->tally = count_current_reports(counted->quick_count, hq::hq_current_reports(*hq.codebook.codebook, hq.reports));
        from = std::to_string(hq.gateways.size()) + " gateways at HQ, ";
#else
        throw std::runtime_error("--pg: this smsgw was built without PostgreSQL's libpq (install libpq-dev, rebuild)");
#endif
    } else {
        auto reader = open_store_reader(db);  // main() reports what it throws, exit 1
        if (history) return print_history(*reader, as_json);
        counted.emplace(count_from_store(*reader));
    }
    StoreCount& count = *counted;
    Estimates estimates = count.quick_count.estimate();
    if (as_json) {
        std::cout << estimates_json(estimates) << "\n";
    } else {
        const CountTally& t = count.tally;
        std::cout << from << "codebook " << count.codebook.version << ": " << t.counted << " results counted";
        if (t.conflicts) std::cout << ", " << t.conflicts << " withheld in conflict";
        if (t.unusable) std::cout << ", " << t.unusable << " unusable";
        std::cout << "\n\n" << render_table(estimates);
    }
    return std::cout.flush() ? 0 : 1;
}

}  // namespace smsgw
