// Reading a codebook directory into CodebookSources: the only file I/O of codebook loading.
#pragma once

#include "codebooks/codebook_loader.hpp"

#include <filesystem>
#include <string>

namespace smsgw {

// Reads election.toml, stations.csv, monitors.csv and candidates.csv from `dir`. A file that does
// not exist or cannot be read has its has_ flag false; the loader reports it as missing.
CodebookSources read_codebook_dir(const std::filesystem::path& dir);

// read_codebook_dir + load_codebook.
LoadResult load_codebook_dir(const std::filesystem::path& dir);

// "DIR/FILE:LINE: message" for errors, "DIR/FILE:LINE: warning: message" for warnings.
std::string format_diagnostic(const std::string& dir, const Diagnostic& d);

}  // namespace smsgw
