// Codebook loader (placeholder until implemented).
#include "codebooks/codebook_loader.hpp"

namespace smsgw {

LoadResult load_codebook(const CodebookSources&) { return {}; }

}  // namespace smsgw
