// smsgw resolve --db FILE --report ID: an operator settles a conflict in favour of one report.
#include "daemon/codebook_store.hpp"
#include "daemon/commands.hpp"
#include "daemon/estimate_from_store.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/store.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace smsgw {

int cmd_resolve(const Args& args) {
    namespace po = boost::program_options;
    std::string db;
    std::int64_t report = 0;
    po::options_description opts("smsgw resolve --db FILE --report ID\n\n"
                                 "Settles a conflict: report ID (see reports.csv, report_id, or smsgw status) becomes the\n"
                                 "station's only current version and counts. The running daemon rebuilds its count on\n"
                                 "SIGHUP (systemctl reload smsgw).\n\noptions");
    opts.add_options()("help,h", "show this help")("db", po::value(&db)->required(), "the smsgw database")(
        "report", po::value(&report)->required(), "the report id to keep");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    po::notify(vm);
    CodebookInUse codebook;
    {
        auto reader = open_store_reader(db);
        codebook = codebook_from_reader(*reader);
    }
    store::Store store(db);
    QuickCount count(codebook.codebook);
    Pipeline pipeline(store, count, codebook, {}, [] { return std::chrono::system_clock::now(); });
    if (auto r = pipeline.resolve(report); !r) {
        std::cerr << "smsgw resolve: " << r.error().message << "\n";
        return 1;
    }
    std::cout << "report " << report << " now counts for its station; reload the daemon (SIGHUP) to update its count\n";
    return 0;
}

}  // namespace smsgw
