// Loading a codebook directory for the daemon and the commands: every problem as FILE:LINE, or the codebook in use.
#include "daemon/codebook_io/codebook_load.hpp"

#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/codebook_io/codebook_store.hpp"

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

}  // namespace smsgw
