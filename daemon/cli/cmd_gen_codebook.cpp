// smsgw gen-codebook: writes the reference election codebook for a seed into a directory.
#include "daemon/simulate/example_generator.hpp"
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
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
    std::uint64_t seed = example_codebook_seed;
    std::string out_dir;
    cli::Options opts("gen-codebook",
                      "smsgw gen-codebook [--seed N] --out DIR\n\n"
                      "Generates the reference election codebook (election.toml, stations.csv, monitors.csv,\n"
                      "candidates.csv) into DIR, creating it. The same seed always gives the same bytes;\n"
                      "codebooks/example is seed " + std::to_string(example_codebook_seed) + ".\n"
                      "Exit 0: written; 1: DIR could not be written; 2: bad arguments.");
    opts.number("seed", seed, 0, std::numeric_limits<std::uint64_t>::max(), "N", "seed of the generator");
    opts.text("out", out_dir, "DIR", "directory to write the codebook into").required();
    if (auto exit = opts.parse(args)) return *exit;

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
