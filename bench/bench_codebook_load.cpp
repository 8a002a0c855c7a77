// Benchmark: time to read, load and check the example codebook (issue 2 target: under 100 ms).
#include "daemon/codebook_io/codebook_dir.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? argv[1] : SMSGW_SOURCE_DIR "/codebooks/example";
    const int runs = argc > 2 ? std::atoi(argv[2]) : 20;
    if (runs < 1) {
        std::fprintf(stderr, "usage: bench_codebook_load [DIR] [RUNS]\n");
        return 2;
    }
    std::vector<double> ms;
    std::size_t stations = 0, monitors = 0, diagnostics = 0;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const smsgw::LoadResult result = smsgw::load_codebook_dir(dir);
        const auto stop = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
        if (!result.ok()) {
            std::fprintf(stderr, "%s does not load (%zu diagnostics)\n", dir.c_str(), result.diagnostics.size());
            return 1;
        }
        stations = result.codebook->stations.size();
        monitors = result.codebook->monitors.size();
        diagnostics = result.diagnostics.size();
    }
    std::sort(ms.begin(), ms.end());
    const double median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    std::printf("codebook load+check %s: %zu stations, %zu monitors, %zu warnings\n", dir.c_str(), stations, monitors,
                diagnostics);
    std::printf("median %.2f ms, min %.2f ms, max %.2f ms over %d runs (target < 100 ms)\n", median, ms.front(),
                ms.back(), runs);
    return 0;
}
