// smsgw resolve --db FILE --report ID|#REF: an operator settles a conflict in favour of one report.
#include "codebooks/reference.hpp"
#include "daemon/audit/audit_chain.hpp"
#include "daemon/cli/options.hpp"
#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/store.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iostream>
#include <optional>

namespace smsgw {

namespace {

// What --report names: a report id, or a monitor's reference.
struct ReportArg {
    std::int64_t id = 0;
    std::optional<std::string> reference;  // the stored form, "1A02"
};

// "#1A02", "1a02" or "#1AO2" (as read over the phone) -> the stored "1A02"; a plain number is a
// report id; nothing when it is neither. codebooks/reference.hpp decodes references: one rule for
// what a token is.
std::optional<ReportArg> report_arg(const std::string& text) {
    const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
    if (digits) {
        ReportArg arg;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), arg.id);
        if (ec != std::errc() || arg.id <= 0) return std::nullopt;
        return arg;
    }
    const auto message = id_for_reference(text);
    if (!message) return std::nullopt;
    return ReportArg{0, reference_for_id(*message).substr(1)};
}

// The report a monitor's reference names: the one of the station the conflict is about.
std::int64_t report_of_reference(store::StoreReader& reader, const std::string& reference) {
    auto found = reader.reports_by_reference(reference);
    if (!found) throw std::runtime_error("cannot read reports: " + found.error().message);
    if (found->empty()) throw std::runtime_error("no report has the reference #" + reference);
    if (found->size() > 1) {
        std::string ids;
        for (const auto& r : *found) ids += (ids.empty() ? "" : ", ") + std::to_string(r.id);
        throw std::runtime_error("reference #" + reference + " names several reports (" + ids +
                                 "): give the report id instead");
    }
    return found->front().id;
}

}  // namespace

int cmd_resolve(const Args& args) {
    std::string db;
    std::string report_text;
    std::string by;
    cli::Options opts("resolve",
                      "smsgw resolve --db FILE --report ID|#REF\n\n"
                      "Settles a conflict: the report becomes the station's only current version and counts.\n"
                      "ID is its report id (reports.csv report_id, smsgw status); #REF is the reference the\n"
                      "monitor's reply gave (#1A02, as they quote it to the help desk; a bare 1A02 works too).\n"
                      "The running daemon applies it within a second.\n"
                      "Exit 0: settled; 1: no such report, not in conflict, or the database cannot be written (the\n"
                      "message says which); 2: bad arguments.");
    opts.text("db", db, "FILE", "the smsgw database").required();
    opts.text("report", report_text, "ID|#REF", "the report to keep: id or #REF").required();
    opts.text("by", by, "NAME", "the operator (default: your Unix user); the audit trail names them");
    if (auto exit = opts.parse(args)) return *exit;
    const auto wanted = report_arg(report_text);
    if (!wanted)
        return opts.usage_error("--report must be a report id (digits) or a reference (#1A02), not '" + report_text + "'");
    CodebookInUse codebook;
    std::int64_t report = wanted->id;
    {
        auto reader = open_store_reader(db);
        codebook = codebook_from_reader(*reader);
        if (wanted->reference) report = report_of_reference(*reader, *wanted->reference);
    }
    store::Store store(db);
    QuickCount count(codebook.codebook);
    Pipeline pipeline(store, count, codebook, {}, [] { return std::chrono::system_clock::now(); });
    if (by.empty()) by = audit::default_operator();
    auto record = [&](store::Transaction& tx) -> store::Result<void> {
        store::AuditEntry e{by, "resolve", "resolve", report, "", "conflict", "counts", ""};
        auto a = audit::append(tx, e);
        if (!a) return a.error();
        return {};
    };
    if (auto r = pipeline.resolve(report, record); !r) {
        std::cerr << "smsgw resolve: " << r.message << "\n";
        return 1;
    }
    std::cout << "report " << report << " now counts for its station (the running daemon applies it within a second)\n";
    return 0;
}

}  // namespace smsgw
