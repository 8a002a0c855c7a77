// smsgw recover --db DAMAGED --out NEW: what can still be read of a damaged database, in a new file the daemon can run on.
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/store/result.hpp"
#include "daemon/store/salvage.hpp"

#include <fmt/format.h>

#include <iostream>

namespace smsgw {

namespace {

// Not 2, which is a usage error for every subcommand.
constexpr int exit_rows_lost = 3;

}  // namespace

int cmd_recover(const Args& args) {
    std::string db, out;
    cli::Options opts(
        "recover",
        "smsgw recover --db DAMAGED --out NEW\n\n"
        "When smsgw run refuses a damaged database (PRAGMA quick_check found problems), this copies every row\n"
        "that can still be read, table by table, into NEW (a new file with the current schema); DAMAGED is\n"
        "only read. It prints what it copied and which row ids no read could reach. Then set\n"
        "gateway.database to NEW and start the daemon: SMS still on the modems are read again, reports\n"
        "lost with the damaged pages come back only if their monitors resend them.\n"
        "Exit 0: everything copied; 3: copied, but rows were lost; 1: nothing could be done; 2: bad arguments.");
    opts.text("db", db, "DAMAGED", "the damaged database").required();
    opts.text("out", out, "NEW", "the new database to write (must not exist)").required();
    if (auto exit = opts.parse(args)) return *exit;
    try {
        const store::SalvageResult r = store::salvage(db, out);
        std::cout << fmt::format("{} (schema {}) -> {}: {} rows copied\n", db, r.schema_found, out, r.rows_copied());
        for (const auto& t : r.tables) {
            std::cout << fmt::format("  {:<16} {:>8} rows", t.name, t.rows_copied);
            if (!t.missing.empty()) std::cout << "  NOT COPIED: " << t.missing;
            for (const auto& [first, last] : t.unreadable)
                std::cout << fmt::format("  unreadable: row ids {}..{}", first, last == INT64_MAX ? std::string("end") : std::to_string(last));
            std::cout << "\n";
        }
        for (const auto& p : r.new_file_problems) std::cout << "  the new file fails quick_check: " << p << "\n";
        if (!r.new_file_problems.empty()) return 1;
        return r.lost_anything() ? exit_rows_lost : 0;
    } catch (const std::exception& e) {
        std::cerr << "smsgw recover: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace smsgw
