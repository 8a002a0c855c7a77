// smsgw estimate --db FILE [--json]: the current quick-count estimates, rebuilt from the database.
#include "daemon/commands.hpp"
#include "daemon/estimate_from_store.hpp"
#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/quickcount/estimates_table.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw estimate --db FILE [--json]\n\n"
    "Prints the current quick-count estimates per contest (and per district of district contests),\n"
    "rebuilt from the database's current reports with the codebook the daemon runs with (saved in\n"
    "the database by smsgw run). Counted: sampled stations' accepted or warning results, the latest\n"
    "version of each; conflicts and rejected reports are not. Reads without blocking a running daemon.\n\n"
    "--json prints one line:\n"
    "  {\"contests\":[{\"contest\",\"district\"?,\"reported\",\"sampled\",\n"
    "    \"options\":[{\"tag\",\"name\",\"share\",\"margin95\",\"margin99\"}],\n"
    "    \"turnout\":{\"share\",\"margin95\"},\"invalid\":{\"share\",\"margin95\"},\n"
    "    \"lead\":{\"a\",\"b\",\"share\",\"margin95\",\"margin99\"}|null,\"call\",\"notes\":[...]}]}\n"
    "  Shares and margins are fractions (0.4954), null when there is no data; \"district\" only on\n"
    "  district entries; call is \"first-round win TAG\", \"run-off\", \"undetermined\" or \"no data\".\n"
    "Exit 0: printed; 1: the database is missing, not smsgw's, of another schema version, or has no\n"
    "codebook yet (the message says which); 2: bad arguments.\n\noptions";

}  // namespace

int cmd_estimate(const Args& args) {
    namespace po = boost::program_options;
    std::string db;
    po::options_description opts(usage);
    opts.add_options()("help,h", "show this help")("db", po::value(&db), "the smsgw database (SQLite file)")(
        "json", "one line of JSON instead of the table");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(opts).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "smsgw estimate: " << e.what() << "\n\n" << opts << "\n";
        return 2;
    }
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    if (db.empty()) {
        std::cerr << "smsgw estimate: --db FILE is required\n\n" << opts << "\n";
        return 2;
    }

    auto reader = open_store_reader(db);  // main() reports what it throws, exit 1
    StoreCount count = count_from_store(*reader);
    Estimates estimates = count.quick_count.estimate();
    if (vm.count("json")) {
        std::cout << estimates_json(estimates) << "\n";
    } else {
        const CountTally& t = count.tally;
        std::cout << "codebook " << count.codebook.version << ": " << t.counted << " results counted";
        if (t.conflicts) std::cout << ", " << t.conflicts << " withheld in conflict";
        if (t.unusable) std::cout << ", " << t.unusable << " unusable";
        std::cout << "\n\n" << render_table(estimates);
    }
    return std::cout.flush() ? 0 : 1;
}

}  // namespace smsgw
