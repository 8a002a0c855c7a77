// smsgw verify --db FILE [--json]: official results against the quick count and the monitors' own reports.
#include "daemon/cli/options.hpp"
#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/official/verify.hpp"
#include "daemon/official/verify_json.hpp"
#include "daemon/official/verify_text.hpp"

#include <iostream>
#include <optional>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw verify --db FILE [--json] [thresholds]\n\n"
    "Compares the official results imported with `smsgw official import` with the quick count and the\n"
    "monitors' reports, from the database (read-only, beside a running daemon):\n"
    "- per contest (and district), each option's official share, turnout and invalid rate, summed over\n"
    "  ALL official rows of its scope (coverage stated), against the estimate: inside95 (inside the 95%\n"
    "  interval), inside99 (only inside the 99% one) or outside (outside both: the official number is\n"
    "  not what the sample says; find out why); national contests also per region. Then the call from\n"
    "  the official numbers against the quick count's, and whether they agree;\n"
    "- stations: each monitor's counted results against the official row, field by field, ranked by\n"
    "  the votes moved between options (shift); stations monitors reported but the table lacks;\n"
    "- a call list of anomalies (turnout over 100% or high, invalid and share outliers in the stratum,\n"
    "  round turnout, identical results): reasons to phone and check, not findings.\n"
    "--json prints one line: {\"contests\":[{\"contest\",\"official_coverage\",\"measures\":[{\"measure\",\"tag\",\n"
    "  \"official\",\"estimate\",\"low95\",\"high95\",\"low99\",\"high99\",\"verdict\"}],\"regions\":[{\"region\",\n"
    "  \"measures\"}],\"official_call\",\"pvt_call\",\"calls_agree\"}],\"stations\":[{\"station\",\"form\",\"status\",\n"
    "  \"differences\":[{\"tag\",\"observer\",\"official\"}],\"shift\"}],\"anomalies\":[{\"station\",\"source\",\n"
    "  \"screen\",\"detail\",\"values\"}]} (fractions; more keys may appear).\n"
    "Exit 0: printed; 1: the database is missing, not smsgw's, or has no codebook; 2: bad arguments.\n";

}  // namespace

int cmd_verify(const Args& args) {
    std::string db;
    bool as_json = false;
    official::VerifyOptions options;
    cli::Options opts("verify", usage);
    opts.text("db", db, "FILE", "the smsgw database (SQLite file)").required();
    opts.flag("json", as_json, "one line of JSON instead of the text");
    for (const official::ThresholdRow& row : official::threshold_rows())
        opts.number(row.option, options.screens.*row.field, row.min, row.max, "X", row.help);
    if (auto exit = opts.parse(args)) return *exit;
    auto reader = open_store_reader(db);  // main() reports what it throws, exit 1
    std::optional<official::VerifyResult> result;
    auto r = reader->snapshot([&](store::StoreReader& rd) -> store::Result<bool> {
        CodebookInUse codebook = codebook_from_reader(rd);
        result.emplace(official::verify_in_snapshot(rd, codebook.codebook, options));
        return true;
    });
    if (!r) throw std::runtime_error("cannot read the database: " + r.error().message);
    if (as_json)
        std::cout << official::verify_json(*result) << "\n";
    else
        std::cout << official::render_verify_text(*result);
    return std::cout.flush() ? 0 : 1;
}

}  // namespace smsgw
