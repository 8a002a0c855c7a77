// smsgw check-codebook DIR: load a codebook and list every problem, or print a one-line summary.
#include "daemon/cli/options.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/cli/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace smsgw {

namespace {

std::string summary(const std::string& dir, const Codebook& cb, std::size_t warnings) {
    std::size_t sampled = 0;
    for (const Station& s : cb.stations) sampled += s.sampled ? 1 : 0;
    return dir + ": " + std::to_string(cb.stations.size()) + " stations (" + std::to_string(sampled) + " sampled, " +
           std::to_string(cb.strata.size()) + " strata), " + std::to_string(cb.monitors.size()) + " monitors, " +
           std::to_string(cb.forms.size()) + " forms, " + std::to_string(cb.contests.size()) + " contests, " +
           std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings");
}

}  // namespace

int cmd_check_codebook(const Args& args) {
    std::string dir;
    cli::Options opts("check-codebook",
                      "smsgw check-codebook DIR\n\n"
                      "Loads the codebook in DIR (election.toml, stations.csv, monitors.csv, candidates.csv) and checks\n"
                      "it. Exit 0: prints warnings as DIR/FILE:LINE: warning: MESSAGE, then one summary line.\n"
                      "Exit 1: prints every problem as DIR/FILE:LINE: MESSAGE (line 0: the whole file), or DIR is not\n"
                      "a directory. Exit 2: bad arguments.");
    opts.positional("dir", dir, "DIR", "the codebook directory").required();
    if (auto exit = opts.parse(args)) return *exit;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        std::cerr << "smsgw check-codebook: " << dir << " is not a directory (give the directory that holds election.toml)\n";
        return 1;
    }

    LoadResult r = load_codebook_dir(dir);
    for (const Diagnostic& d : r.diagnostics) std::cout << format_diagnostic(dir, d) << '\n';
    if (!r.ok()) {
        std::size_t errors = r.error_count(), warnings = r.warning_count();
        std::cerr << "smsgw check-codebook: " << dir << ": " << errors << (errors == 1 ? " error" : " errors") << ", "
                  << warnings << (warnings == 1 ? " warning" : " warnings") << "\n";
        return 1;
    }
    std::cout << summary(dir, *r.codebook, r.warning_count()) << '\n';
    return 0;
}

}  // namespace smsgw
