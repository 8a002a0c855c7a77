// Anchors the code table in the parsers library (its definitions are constexpr in codes.hpp).
#include "codebooks/codes.hpp"

static_assert(smsgw::to_string(smsgw::Code::PARTIAL) == "PARTIAL");
static_assert(smsgw::code_from_string("CONFLICT") == smsgw::Code::CONFLICT);
