// The codebook the daemon runs with, as saved in the store: its version and how commands load it back.
#include "daemon/codebook_io/codebook_store.hpp"

#include "codebooks/fnv1a.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace smsgw {

namespace {

std::string election_id(const std::string& election_toml) {
    try {
        toml::table root = toml::parse(election_toml);
        if (auto id = root["election"]["id"].value<std::string>(); id && !id->empty()) return *id;
    } catch (const toml::parse_error&) {
        // The loader reports the syntax error; the version only has to be stable.
    }
    return "unknown";
}

}  // namespace

std::string codebook_version(const CodebookSources& s) {
    std::uint64_t h = fnv1a_offset;
    for (const std::string* file : {&s.election_toml, &s.stations_csv, &s.monitors_csv, &s.candidates_csv})
        h = fnv1a(h, *file);
    return fmt::format("{}@{:016x}", election_id(s.election_toml), h);
}

CodebookInUse codebook_from_reader(store::StoreReader& reader) {
    auto saved = reader.codebook_in_use();
    if (!saved) throw std::runtime_error("cannot read the codebook from the database: " + saved.error().message);
    if (!saved->has_value()) throw std::runtime_error("the database has no codebook yet: start smsgw run once");
    const store::SavedCodebook& c = **saved;
    LoadResult r = load_codebook(c.sources);
    if (!r.ok()) {
        std::string msg = fmt::format("the codebook saved in the database ({}) has errors:", c.version);
        for (const Diagnostic& d : r.diagnostics)
            if (d.severity == Severity::error) {
                msg += '\n';
                msg += format_diagnostic("", d);
            }
        throw std::runtime_error(msg);
    }
    return CodebookInUse{r.codebook, c.version};
}

}  // namespace smsgw
