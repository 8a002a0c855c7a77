// Reads the files, checks the table, and writes it in one transaction through the store.
#include "daemon/cli/official_import.hpp"

#include "daemon/audit/audit_chain.hpp"
#include <fmt/format.h>
#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/export/sha256.hpp"
#include "daemon/official/official_csv.hpp"
#include "daemon/pipeline/report_json.hpp"
#include "daemon/store/store.hpp"

#include <fstream>
#include <iterator>
#include <optional>

namespace smsgw {

namespace {

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) return std::nullopt;
    return text;
}

}  // namespace

OfficialImportReport import_official_file(const OfficialImportRequest& req) {
    OfficialImportReport rep;
    CodebookInUse codebook;
    {
        auto reader = open_store_reader(req.db);
        codebook = codebook_from_reader(*reader);
    }
    const Codebook& cb = *codebook.codebook;
    const Form* form = cb.find_form(req.form);
    if (!form || form->kind != FormKind::results) {
        std::string forms;
        for (const auto& f : cb.forms)
            if (f.kind == FormKind::results) forms += (forms.empty() ? "" : ", ") + f.code;
        rep.errors.push_back("--form " + req.form + ": not a results form of the codebook in use (results forms: " + forms + ")");
        return rep;
    }
    official::ColumnMap map;
    if (!req.map.empty()) {
        auto text = read_file(req.map);
        if (!text) {
            rep.errors.push_back(req.map + ": cannot read the file");
            return rep;
        }
        map = official::parse_column_map(*text, req.map);
        rep.errors = map.errors;
    }
    auto text = read_file(req.csv);
    if (!text) {
        rep.errors.push_back(req.csv + ": cannot read the file");
        return rep;
    }
    rep.sha256 = exports::Sha256::hex_of(*text);
    official::OfficialTable table = official::read_official_csv(*text, req.csv, cb, *form, map);
    rep.errors.insert(rep.errors.end(), table.errors.begin(), table.errors.end());
    rep.warnings = std::move(table.warnings);
    rep.rows = table.rows.size();
    if (!rep.errors.empty()) return rep;

    std::vector<store::OfficialEntry> entries;
    entries.reserve(table.rows.size());
    for (const auto& row : table.rows) entries.push_back({cb.stations[row.station].code, values_to_json(row.values)});
    store::Store store(req.db);
    auto r = store.write([&](store::Transaction& tx) {
        auto outcome = tx.import_official(store::OfficialSource{form->code, req.csv, rep.sha256}, entries);
        if (!outcome) return outcome;
        // A commission's table changes what verify says: who brought it in, and which file, is on record.
        store::AuditEntry e{req.by.empty() ? audit::default_operator() : req.by, "official-import", form->code,
                            std::nullopt, "", req.csv,
                            fmt::format("sha256 {}: {} added, {} changed, {} unchanged", rep.sha256, outcome->added,
                                        outcome->changed, outcome->unchanged),
                            ""};
        if (auto a = audit::append(tx, e); !a) return store::Result<store::OfficialImportOutcome>(a.error());
        return outcome;
    });
    if (!r) {
        rep.errors.push_back(req.db + ": " + r.error().message + " (nothing of " + req.csv + " was stored)");
        return rep;
    }
    rep.outcome = *r;
    rep.ok = true;
    return rep;
}

}  // namespace smsgw
