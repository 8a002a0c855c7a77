// smsgw resolve --db FILE --report ID|#REF: an operator settles a conflict in favour of one report.
#include "codebooks/reference.hpp"
#include "daemon/audit/audit_chain.hpp"
#include "daemon/codebook_store.hpp"
#include "daemon/commands.hpp"
#include "daemon/estimate_from_store.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/store.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iostream>
#include <optional>

namespace smsgw {

namespace {

// "#1A02", "1a02" or "#1AO2" (as read over the phone) -> the stored "1A02"; nothing for a plain
// number, which is a report id. codebooks/reference.hpp decodes it: one rule for what a token is.
std::optional<std::string> reference_of(const std::string& text) {
    const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
    if (digits) return std::nullopt;
    const auto message = id_for_reference(text);
    if (!message)
        throw std::runtime_error("--report: '" + text + "' is neither a report id (digits) nor a reference (#1A02)");
    return reference_for_id(*message).substr(1);
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
    namespace po = boost::program_options;
    std::string db;
    std::string report_text;
    std::string by;
    po::options_description opts("smsgw resolve --db FILE --report ID|#REF\n\n"
                                 "Settles a conflict: the report becomes the station's only current version and counts.\n"
                                 "ID is its report id (reports.csv report_id, smsgw status); #REF is the reference the\n"
                                 "monitor's reply gave (#1A02, as they quote it to the help desk; a bare 1A02 works too).\n"
                                 "The running daemon applies it within a second.\n\noptions");
    opts.add_options()("help,h", "show this help")("db", po::value(&db)->required(), "the smsgw database")(
        "report", po::value(&report_text)->required(), "the report to keep: id or #REF")(
        "by", po::value(&by), "the operator (default: your Unix user); the audit trail names them");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    po::notify(vm);
    CodebookInUse codebook;
    std::int64_t report = 0;
    {
        auto reader = open_store_reader(db);
        codebook = codebook_from_reader(*reader);
        const auto reference = reference_of(report_text);
        if (reference) report = report_of_reference(*reader, *reference);
        else if (auto [end, ec] = std::from_chars(report_text.data(), report_text.data() + report_text.size(), report);
                 ec != std::errc() || report <= 0)
            throw std::runtime_error("--report: '" + report_text + "' is not a report id");
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
        std::cerr << "smsgw resolve: " << r.error().message << "\n";
        return 1;
    }
    std::cout << "report " << report << " now counts for its station (the running daemon applies it within a second)\n";
    return 0;
}

}  // namespace smsgw
