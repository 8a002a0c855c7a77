// smsgw official import --db FILE --form CODE CSV [--map FILE]: a commission's per-station results into the database.
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/official_import.hpp"

#include <iostream>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw official import --db FILE --form CODE CSV [--map FILE] [--by NAME]\n\n"
    "Imports a commission's per-station results for a results form (e.g. R) into the database, beside\n"
    "the monitors' reports; `smsgw verify` then compares them. CSV: RFC 4180, UTF-8 (BOM optional), a\n"
    "header `station` then the form's tags (station,A,B,C,...,X,T), one row per station. Every problem\n"
    "is reported as FILE:LINE: message (unknown stations, missing or unknown columns, a station twice,\n"
    "cells that are not numbers, values out of range, arithmetic that does not add up by the form's\n"
    "checks) and then NOTHING of the file is stored. A check against station attributes (ballots cast\n"
    "over the registered voters) is a warning: the row is kept and verify's call list shows it.\n"
    "Importing again (a corrected table) replaces the stations' values; earlier versions are kept.\n"
    "--map FILE renames columns: one `NAME = TAG` a line (\"Votes for Party A\" = \"A\"; TOML with a\n"
    "[columns] table works too); `NAME = \"-\"` ignores a column.\n"
    "A running daemon shows the official rows after SIGHUP (systemctl reload smsgw).\n"
    "Exit 0: stored; 1: problems (nothing stored) or a database problem; 2: bad arguments.\n";

}  // namespace

int cmd_official(const Args& args) {
    OfficialImportRequest req;
    std::string action;
    cli::Options opts("official", usage);
    opts.positional("action", action, "ACTION", "import (the only action)").required().one_of({"import"});
    opts.positional("csv", req.csv, "CSV", "the commission's table").required();
    opts.text("db", req.db, "FILE", "the smsgw database").required();
    opts.text("form", req.form, "CODE", "the results form the table holds (e.g. R)").required();
    opts.text("map", req.map, "FILE", "column names to tags (NAME = TAG lines)");
    opts.text("by", req.by, "NAME", "the operator, for the audit trail (default: your Unix user)");
    if (auto exit = opts.parse(args)) return *exit;
    OfficialImportReport rep = import_official_file(req);  // main() reports what it throws, exit 1
    for (const auto& w : rep.warnings) std::cerr << "warning: " << w << "\n";
    for (const auto& e : rep.errors) std::cerr << e << "\n";
    if (!rep.ok) {
        std::cerr << "smsgw official import: " << rep.errors.size() << (rep.errors.size() == 1 ? " problem" : " problems")
                  << "; nothing of " << req.csv << " was stored\n";
        return 1;
    }
    std::cout << "form " << req.form << ": " << rep.rows << " official rows from " << req.csv << " (sha256 "
              << rep.sha256.substr(0, 16) << "...): " << rep.outcome.added << " new, " << rep.outcome.changed
              << " changed (new version), " << rep.outcome.unchanged << " unchanged";
    if (!rep.warnings.empty()) std::cout << "; " << rep.warnings.size() << " warnings";
    std::cout << "\n";
    return std::cout.flush() ? 0 : 1;
}

}  // namespace smsgw
