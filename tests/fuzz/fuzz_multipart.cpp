// libFuzzer target: the multipart linker fed arbitrary sequences of parts, clock steps and restarts.
#include "tests/fuzz/multipart_check.hpp"

#include <cstdint>
#include <cstdio>

// The input is a little program (see MultipartCheck::run); a broken invariant traps with its name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 1024) return 0;  // long inputs only repeat what short ones reach, much slower
    smsgw::fuzz::MultipartCheck check;
    if (auto failure = check.run(data, size)) {
        std::fprintf(stderr, "fuzz_multipart: %s\n", failure->c_str());
        __builtin_trap();
    }
    return 0;
}
