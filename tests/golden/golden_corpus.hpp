// Golden corpus files (sender TAB message, with escapes) and running them through the real `smsgw parse`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace smsgw::golden {

// One case: line `sender<TAB>message` of a .tsv corpus. Sender "-" means no --from (authorized
// for any station). The message is unescaped: \\ \t \r \xHH (one byte) \u{HEX} (one code point as
// UTF-8); any other backslash sequence is a corpus error.
struct Case {
    int line = 0;          // 1-based line in the .tsv
    std::string sender;    // "-" or the --from argument
    std::string message;   // the bytes fed to smsgw (one stdin line)
    std::string typed;     // the message as written in the .tsv, for diff output
};

struct Corpus {
    std::filesystem::path tsv;
    std::filesystem::path codebook;  // from the "#! codebook: PATH" header, relative to the source dir
    std::vector<Case> cases;

    std::filesystem::path expected_path() const;  // NAME.expected.jsonl next to NAME.tsv
};

// Reads a corpus; throws std::runtime_error naming FILE:LINE on a malformed line or escape.
Corpus read_corpus(const std::filesystem::path& tsv, const std::filesystem::path& source_dir);

// All *.tsv files in `dir`, sorted by name.
std::vector<std::filesystem::path> corpus_files(const std::filesystem::path& dir);

// Runs `binary parse --codebook ...` once per distinct sender (the cases keep their order) and
// returns one output line per case, without its '\n'. Throws if smsgw fails or a count is off.
std::vector<std::string> run_corpus(const Corpus& corpus, const std::string& binary);

// Decodes the escapes described at Case; throws std::invalid_argument with the reason.
std::string unescape(const std::string& s);

}  // namespace smsgw::golden
