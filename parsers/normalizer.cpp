// Normalization of a message: one linear pass of decoding and folding into fixed-size buffers.
#include "parsers/normalizer.hpp"

#include "parsers/char_class.hpp"

namespace smsgw {

namespace {

std::string_view trim_ascii_space(std::string_view s) {
    constexpr std::string_view ws = " \t\r\n\v\f";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

void append_hex_byte(std::string& out, unsigned char b) {
    static constexpr char hex[] = "0123456789ABCDEF";
    out += "0x";
    out += hex[b >> 4];
    out += hex[b & 0xF];
}

// Monitors end a report like a sentence ("... T526!", "... H1?"), often when typing fast or when
// asking whether it arrived. That mark carries nothing, and rejecting a correct report for it would
// cost them another SMS; so trailing '!' and '?' (ASCII or full-width) after the last item are
// dropped, with any spaces around them. Only after a letter or digit: a message that is nothing
// but "?" stays an UNKNOWN_CHAR, and inside the message they still are one.
std::string_view drop_trailing_marks(std::string_view body) {
    std::size_t end = body.size();
    bool dropped = false;
    for (;;) {
        while (end > 0 && (body[end - 1] == ' ' || body[end - 1] == '\t' || body[end - 1] == '\r' || body[end - 1] == '\n'))
            --end;
        if (end > 0 && (body[end - 1] == '!' || body[end - 1] == '?')) {
            --end;
            dropped = true;
        } else if (end >= 3 && body.substr(end - 3, 3) == "\xEF\xBC\x81") {  // full-width '!'
            end -= 3;
            dropped = true;
        } else if (end >= 3 && body.substr(end - 3, 3) == "\xEF\xBC\x9F") {  // full-width '?'
            end -= 3;
            dropped = true;
        } else {
            break;
        }
    }
    if (!dropped || end == 0) return body;
    const auto last = static_cast<unsigned char>(body[end - 1]);
    const bool after_item = (last >= '0' && last <= '9') || (last >= 'A' && last <= 'Z') ||
                            (last >= 'a' && last <= 'z') || last >= 0x80;  // a Cyrillic or full-width letter/digit
    return after_item ? body.substr(0, end) : body;
}

}  // namespace

void NormalizedMessage::normalize(std::string_view text, std::vector<Issue>& errors) {
    // '@' never occurs inside a multi-byte UTF-8 sequence, nor does the full-width U+FF20 (EF BC A0),
    // so a byte scan finds the same split as decoding would.
    std::size_t at = std::string_view::npos, at_len = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '@') {
            at = i, at_len = 1;
            break;
        }
        if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC &&
            static_cast<unsigned char>(text[i + 2]) == 0xA0) {
            at = i, at_len = 3;
            break;
        }
    }
    body = drop_trailing_marks(text.substr(0, at));
    if (at != std::string_view::npos) {
        has_comment = true;
        comment = trim_ascii_space(text.substr(at + at_len));
    }
    if (body.size() > kMaxMessageBytes) {
        status = Status::too_long;
        return;
    }

    std::size_t char_pos = 0;
    for (std::size_t i = 0; i < body.size();) {
        const auto b = static_cast<unsigned char>(body[i]);
        Utf8Char u{b, 1, true};
        CharInfo ci;
        if (b < 0x80) {  // almost every character of a report: no decoding, one table read
            ci = kAsciiClass[b];
            const bool run_char = ci.cls == CharClass::letter || ci.cls == CharClass::digit;
            if (run_char && in_token_ &&
                tokens_[token_count - 1].kind == (ci.cls == CharClass::letter ? TokenKind::letters : TokenKind::digits)) {
                // the rest of an ASCII letter or digit run, in one go
                std::size_t j = i;
                do {
                    raw_of_[nfolded_] = static_cast<std::uint16_t>(j);
                    folded_[nfolded_++] = kAsciiClass[static_cast<unsigned char>(body[j])].ascii;
                    ++j;
                } while (j < body.size() && static_cast<unsigned char>(body[j]) < 0x80 &&
                         kAsciiClass[static_cast<unsigned char>(body[j])].cls == ci.cls);
                char_pos += j - i;
                Token& t = tokens_[token_count - 1];
                t.end = static_cast<std::uint16_t>(nfolded_);
                t.raw_end = static_cast<std::uint16_t>(j);
                i = j;
                continue;
            }
        } else {
            u = decode_utf8(body, i);
            ci = u.valid ? classify(u.cp) : CharInfo{};
        }
        ++char_pos;
        switch (ci.cls) {
            case CharClass::ignorable:
                break;
            case CharClass::separator:
                if (in_token_ && tokens_[token_count - 1].kind == TokenKind::bad) close_bad_token(errors);
                in_token_ = false;
                ++seps_;
                last_sep_ = ci.ascii;
                break;
            case CharClass::letter:
            case CharClass::digit: {
                const TokenKind kind = ci.cls == CharClass::letter ? TokenKind::letters : TokenKind::digits;
                if (!in_token_ || tokens_[token_count - 1].kind != kind) {
                    if (in_token_ && tokens_[token_count - 1].kind == TokenKind::bad) close_bad_token(errors);
                    if (token_count == kMaxTokens) {
                        status = Status::too_many_tokens;
                        return;
                    }
                    open_token(kind, i);
                }
                raw_of_[nfolded_] = static_cast<std::uint16_t>(i);
                folded_[nfolded_++] = ci.ascii;
                Token& t = tokens_[token_count - 1];
                t.end = static_cast<std::uint16_t>(nfolded_);
                t.raw_end = static_cast<std::uint16_t>(i + u.len);
                break;
            }
            case CharClass::unknown: {
                const bool invalid = !u.valid;
                if (!in_token_ || tokens_[token_count - 1].kind != TokenKind::bad || bad_invalid_ != invalid) {
                    if (in_token_ && tokens_[token_count - 1].kind == TokenKind::bad) close_bad_token(errors);
                    if (token_count == kMaxTokens) {
                        status = Status::too_many_tokens;
                        return;
                    }
                    open_token(TokenKind::bad, i);
                    bad_invalid_ = invalid;
                    bad_char_pos_ = char_pos;
                }
                tokens_[token_count - 1].raw_end = static_cast<std::uint16_t>(i + u.len);
                break;
            }
        }
        i += u.len;
    }
    if (in_token_ && tokens_[token_count - 1].kind == TokenKind::bad) close_bad_token(errors);
    in_token_ = false;
}

void NormalizedMessage::open_token(TokenKind kind, std::size_t raw_pos) {
    Token& t = tokens_[token_count++];
    t.begin = t.end = static_cast<std::uint16_t>(nfolded_);
    t.raw_begin = t.raw_end = static_cast<std::uint16_t>(raw_pos);
    t.kind = kind;
    t.sep_before = seps_ > 0 || token_count == 1;
    t.sep_char = seps_ == 1 ? last_sep_ : 0;
    seps_ = 0;
    in_token_ = true;
    if (kind == TokenKind::bad) ++bad_tokens;
}

void NormalizedMessage::close_bad_token(std::vector<Issue>& errors) {
    in_token_ = false;
    if (errors.size() >= kMaxErrors) return;
    const Token& t = tokens_[token_count - 1];
    const std::string_view raw = body.substr(t.raw_begin, t.raw_end - t.raw_begin);
    if (errors.empty()) errors.reserve(4);  // growing 1, 2, 4 moves every Issue each time
    Issue issue;
    issue.code = Code::UNKNOWN_CHAR;
    issue.token = static_cast<int>(token_count - 1);
    constexpr std::size_t max_named = 6;  // keeps the detail short enough for a reply
    if (bad_invalid_) {
        for (std::size_t k = 0; k < raw.size() && k < max_named; ++k) {
            if (k) issue.text += ' ';
            append_hex_byte(issue.text, static_cast<unsigned char>(raw[k]));
        }
        if (raw.size() > max_named) issue.text += " ...";
        issue.detail = (raw.size() == 1 ? "invalid UTF-8 byte " : "invalid UTF-8 bytes ") + issue.text +
                       " at byte " + std::to_string(t.raw_begin + 1);
        issue.facts.reason = "bytes";
    } else {
        std::size_t named = 0;
        bool prev_code = false;  // "U+0416 U+0417" needs a space where "жз" does not
        for (std::size_t k = 0; k < raw.size();) {
            const Utf8Char u = decode_utf8(raw, k);
            if (named == max_named) {
                issue.text += "...";
                break;
            }
            const std::size_t mark = issue.text.size();
            append_char_name(issue.text, u.cp);
            const bool code = issue.text.compare(mark, 2, "U+") == 0;
            if (code && prev_code) issue.text.insert(mark, 1, ' ');
            prev_code = code;
            ++named;
            k += u.len;
        }
        issue.detail = issue.text + " at position " + std::to_string(bad_char_pos_);
    }
    {
    }
    errors.push_back(std::move(issue));
}

}  // namespace smsgw
