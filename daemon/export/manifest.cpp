// Renders manifest.json by hand so its layout stays stable and readable in a text editor.
#include "daemon/export/manifest.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <fmt/format.h>

namespace smsgw::exports {

namespace {

std::string quoted(const std::string& s) { return boost::json::serialize(boost::json::string(s)); }

}  // namespace

std::string manifest_json(const Manifest& m) {
    std::string out = "{\n";
    out += "  \"format\": \"smsgw-export\",\n  \"format_version\": 1,\n";
    out += fmt::format("  \"created_utc\": {},\n", quoted(m.created_utc));
    out += fmt::format("  \"created_local\": {},\n", quoted(m.created_local));
    out += fmt::format("  \"timezone\": {},\n", quoted(m.timezone));
    out += fmt::format("  \"election\": {},\n", quoted(m.election));
    out += fmt::format("  \"election_name\": {},\n", quoted(m.election_name));
    out += fmt::format("  \"codebook_version\": {},\n", quoted(m.codebook_version));
    out += fmt::format("  \"bom\": {},\n  \"phones\": {},\n", m.bom, m.phones);
    out += fmt::format("  \"audit_head\": {},\n  \"audit_rows\": {},\n", quoted(m.audit_head), m.audit_rows);
    out += "  \"files\": [";
    for (std::size_t i = 0; i < m.files.size(); ++i) {
        const ManifestEntry& f = m.files[i];
        out += fmt::format("{}\n    {{\"name\": {}, \"rows\": {}, \"columns\": {}, \"bytes\": {}, \"sha256\": \"{}\"}}",
                           i ? "," : "", quoted(f.name), f.rows, f.columns, f.bytes, f.sha256);
    }
    out += "\n  ]\n}\n";
    return out;
}

}  // namespace smsgw::exports
