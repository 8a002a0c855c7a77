// smsgw gen-codebook: writes the reference election codebook for a seed into a directory.
#include "daemon/simulate/example_generator.hpp"
#include "daemon/cli/commands.hpp"

#include <boost/program_options.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace smsgw {

namespace {

void write_file(const std::filesystem::path& path, const std::string& content) {
    // Binary mode: the bytes, LF line ends included, are exactly the generator's.
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int cmd_gen_codebook(const Args& args) {
    namespace po = boost::program_options;
    std::uint64_t seed = example_codebook_seed;
    std::string out_dir;
    po::options_description opts(
        "smsgw gen-codebook [--seed N] --out DIR\n\n"
        "Generates the reference election codebook (election.toml, stations.csv, monitors.csv,\n"
        "candidates.csv) into DIR, creating it. The same seed always gives the same bytes;\n"
        "codebooks/example is seed " + std::to_string(example_codebook_seed) + ".\n\noptions");
    opts.add_options()
        ("help,h", "show this help")
        ("seed", po::value(&seed)->default_value(example_codebook_seed), "seed of the generator (unsigned 64-bit)")
        ("out", po::value(&out_dir)->required(), "directory to write the codebook into");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    po::notify(vm);

    const CodebookSources sources = generate_example_codebook(seed);
    const std::filesystem::path dir(out_dir);
    std::filesystem::create_directories(dir);
    write_file(dir / "election.toml", sources.election_toml);
    write_file(dir / "stations.csv", sources.stations_csv);
    write_file(dir / "monitors.csv", sources.monitors_csv);
    write_file(dir / "candidates.csv", sources.candidates_csv);
    std::cout << "wrote " << dir.string() << " (seed " << seed << ")\n";
    return 0;
}

}  // namespace smsgw
