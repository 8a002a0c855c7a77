// libFuzzer target: the codebook loader on arbitrary files, then a few messages against whatever loaded.
#include "codebooks/codebook_loader.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "parsers/parser.hpp"

#include <cstdint>
#include <string_view>

using namespace smsgw;

// The input is election.toml, stations.csv, monitors.csv and candidates.csv separated by NUL
// bytes (missing trailing parts are missing files), so one byte string is a whole directory.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    std::string_view part[4];
    int parts = 0;
    while (parts < 4) {
        const std::size_t nul = parts < 3 ? in.find('\0') : std::string_view::npos;
        part[parts++] = in.substr(0, nul);
        if (nul == std::string_view::npos) break;
        in.remove_prefix(nul + 1);
    }
    CodebookSources src;
    src.election_toml = part[0];
    src.stations_csv = part[1];
    src.monitors_csv = part[2];
    src.candidates_csv = part[3];
    src.has_stations = parts > 1;
    src.has_monitors = parts > 2;
    src.has_candidates = parts > 3;
    const LoadResult r = load_codebook(src);
    if ((r.error_count() == 0) != r.ok()) __builtin_trap();
    if (!r.ok()) return 0;
    const Codebook& cb = *r.codebook;
    Sender anywhere;
    anywhere.any_station = true;
    for (std::string_view msg : {"R 01001 A1 B2 C3 X0 T6", "S 01001 A0730 BY C2 D531 E3", "N 01001 1 2 12 @ x",
                                 "D 00007 A10 B20 X1 T31", "r0l001a1"}) {
        const Report rep = parse_message(msg, cb);
        const Verdict v = validate(rep, cb, anywhere);
        (void)build_reply(v, rep, cb, cb.election.default_language, "#TEST");
    }
    return 0;
}
