// Whole-file reads and writes and small text helpers the tests share.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::test {

// The whole file, bytes as they are (empty when it does not exist or cannot be read, e.g. a directory).
std::string slurp(const std::filesystem::path& file);
// The whole file; throws std::runtime_error naming it when it cannot be opened (fixtures that must exist).
std::string read_file(const std::filesystem::path& file);
// Replaces the file's content; throws std::runtime_error naming the file when it cannot.
void write_file(const std::filesystem::path& file, std::string_view text);
// Regular files directly in `dir` (0 when it does not exist).
int count_files(const std::filesystem::path& dir);
// Every start position of `needle` in `haystack` (overlaps count).
int occurrences(std::string_view haystack, std::string_view needle);
// Split at '\n'; a last line without '\n' is kept, no empty line after a final '\n'.
std::vector<std::string> lines_of(std::string_view text);

}  // namespace smsgw::test
