// The reference election codebook (codebooks/example) from a seed: pure, same seed -> same bytes.
#pragma once

#include "codebooks/codebook_loader.hpp"

#include <cstdint>

namespace smsgw {

// The seed codebooks/example was generated with (see codebooks/example/README.md).
inline constexpr std::uint64_t example_codebook_seed = 2026;

// The four files of the reference election (SPEC.md section 1), UTF-8 without BOM, LF line ends.
CodebookSources generate_example_codebook(std::uint64_t seed);

}  // namespace smsgw
