// Normalization of a message (SPEC.md section 3 rules 1-3): comment split, UTF-8, folding, tokens.
#pragma once

#include "codebooks/report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace smsgw {

// Longer input (before the comment) is rejected unread; the longest real report is a few hundred bytes.
inline constexpr std::size_t kMaxMessageBytes = 1000;
// More tokens than this is rejected as well; a results form with 40 candidates needs about 85.
inline constexpr std::size_t kMaxTokens = 256;
// Errors beyond this many are dropped: a reply can show one, JSON readers need a handful.
inline constexpr std::size_t kMaxErrors = 20;

enum class TokenKind : std::uint8_t { letters, digits, bad };

// A maximal run of letters, of digits, or of unknown characters. Tokens are split at separators
// and at letter/digit boundaries; their index is Issue::token.
struct Token {
    std::uint16_t begin;      // [begin, end) in NormalizedMessage::folded (empty for bad tokens)
    std::uint16_t end;
    std::uint16_t raw_begin;  // [raw_begin, raw_end) bytes of the message as typed
    std::uint16_t raw_end;
    TokenKind kind;
    bool sep_before;          // a separator (or the start of the message) precedes it
    char sep_char;            // the separator when exactly one separates it from the previous token, else 0
};

class NormalizedMessage {
public:
    enum class Status : std::uint8_t { ok, too_long, too_many_tokens };

    Status status = Status::ok;
    std::string_view body;     // the message as typed, before the comment
    std::string_view comment;  // after the first '@' (or full-width U+FF20), trimmed
    bool has_comment = false;
    std::size_t token_count = 0;
    std::size_t bad_tokens = 0;

    const Token& token(std::size_t i) const { return tokens_[i]; }
    // Upper-case ASCII letters or digits of a token (O, I, L still letters: the parser decides).
    std::string_view text(const Token& t) const { return {folded_ + t.begin, static_cast<std::size_t>(t.end - t.begin)}; }
    std::string_view folded(std::size_t begin, std::size_t end) const { return {folded_ + begin, end - begin}; }
    // Byte offset in `body` of folded character k (k may be one past a token's last character).
    std::size_t raw_offset(std::size_t k, const Token& t) const { return k >= t.end ? t.raw_end : raw_of_[k]; }
    std::string_view raw(std::size_t raw_begin, std::size_t raw_end) const {
        return body.substr(raw_begin, raw_end - raw_begin);
    }

    // Splits, decodes and folds `text`; appends one UNKNOWN_CHAR error per run of unknown
    // characters or invalid bytes (token = that bad token). Linear, no allocation unless errors.
    void normalize(std::string_view text, std::vector<Issue>& errors);

private:
    void open_token(TokenKind kind, std::size_t raw_pos);
    void close_bad_token(std::vector<Issue>& errors);

    Token tokens_[kMaxTokens];
    char folded_[kMaxMessageBytes];
    std::uint16_t raw_of_[kMaxMessageBytes];
    std::size_t nfolded_ = 0;
    int seps_ = 0;
    char last_sep_ = 0;
    bool in_token_ = false;
    bool bad_invalid_ = false;     // the open bad token holds invalid UTF-8 bytes (not characters)
    std::size_t bad_char_pos_ = 0;  // 1-based character position where the open bad token starts
};

}  // namespace smsgw
