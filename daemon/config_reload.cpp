// Reads the config and codebook again for a reload and says what would change, without touching the running daemon.
#include "daemon/config_reload.hpp"

#include "daemon/codebook_dir.hpp"
#include "daemon/codebook_store.hpp"
#include "daemon/daemon.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace smsgw {

std::vector<std::string> read_codebook_checked(const std::string& dir, CodebookInUse& out, CodebookSources* sources_out) {
    std::vector<std::string> problems;
    CodebookSources sources;
    try {
        sources = read_codebook_dir(dir);
    } catch (const std::exception& e) {
        problems.push_back(fmt::format("{}: {}", dir, e.what()));
        return problems;
    }
    LoadResult r = load_codebook(sources);
    if (!r.ok()) {
        for (const auto& d : r.diagnostics)
            if (d.severity == Severity::error) problems.push_back(format_diagnostic(dir, d));
        if (problems.empty()) problems.push_back(fmt::format("{}: the codebook does not load", dir));
        return problems;
    }
    out = CodebookInUse{r.codebook, codebook_version(sources)};
    if (sources_out) *sources_out = std::move(sources);
    return problems;
}

CodebookInUse load_codebook_or_throw(const std::string& dir, CodebookSources* sources) {
    CodebookInUse in_use;
    auto problems = read_codebook_checked(dir, in_use, sources);
    if (!problems.empty()) {
        std::string msg = fmt::format("codebook {} has errors:", dir);
        for (const auto& p : problems) msg += "\n" + p;
        throw std::runtime_error(msg);
    }
    return in_use;
}

ConfigReload ConfigReload::read(const Config& running) {
    ConfigReload r;
    try {
        r.config = load_config(running.path);
    } catch (const ConfigError& e) {
        r.problems = e.problems();
    }
    // The codebook the new config names, or (when the config is broken) the one in use: its
    // errors are worth reporting in the same breath, so one edit fixes everything.
    const std::string& dir = r.ok() ? r.config.gateway.codebook : running.gateway.codebook;
    for (auto& p : read_codebook_checked(dir, r.codebook, &r.sources)) r.problems.push_back(std::move(p));
    if (!r.ok()) return r;

    r.changes = diff_config(running, r.config);
    if (!r.changes.need_restart.empty()) {
        for (const auto& c : r.changes.need_restart)
            r.notes.push_back(fmt::format("{} needs a restart; the running database stays in use until then", c));
        r.config.gateway.database = running.gateway.database;
        r.config.hq = running.hq;
    }
    return r;
}

}  // namespace smsgw
