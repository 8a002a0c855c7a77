// The token cursor shared by the readers: digit runs with O/I/L folding, skipping, error recording.
#include "parsers/parse_state.hpp"

#include "parsers/char_class.hpp"

#include <algorithm>

namespace smsgw {

namespace {
constexpr std::size_t kMaxRawText = 40;  // bytes of typed text kept in Issue::text
}  // namespace

bool all_digit_like(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return is_digit_like(c); });
}

void append_shown(std::string& out, std::string_view s) {
    if (s.size() <= kMaxShown) {
        out += s;
    } else {
        out += s.substr(0, kMaxShown);
        out += "...";
    }
}

std::string shown(std::string_view s) {
    std::string out;
    append_shown(out, s);
    return out;
}

void ParseState::error(Code code, std::string detail, int token, std::size_t raw_b, std::size_t raw_e,
                       IssueFacts facts) {
    if (report.errors.size() >= kMaxErrors) return;
    if (report.errors.empty()) report.errors.reserve(4);  // growing 1, 2, 4 moves every Issue each time
    report.errors.push_back(Issue{code, std::move(detail), token, raw_text(raw_b, raw_e), std::move(facts)});
}

void ParseState::blame_item(std::size_t k, const Field& field) {
    for (Issue& e : report.errors)
        if (e.code == Code::UNKNOWN_CHAR && e.token == static_cast<int>(k)) {
            e.facts.tag = field.tag;
            if (e.facts.reason.empty()) e.facts.reason = "in_value";
        }
}

std::string ParseState::raw_text(std::size_t raw_b, std::size_t raw_e) const {
    std::string_view raw = m.raw(raw_b, raw_e);
    if (raw.size() <= kMaxRawText) return std::string(raw);
    std::size_t cut = kMaxRawText;  // back up to a character boundary (the text before the comment is
    while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80) --cut;  // valid there)
    return std::string(raw.substr(0, cut)) + "...";
}

std::size_t ParseState::digit_take(std::size_t k, std::size_t from) const {
    const Token& t = tok(k);
    if (t.kind != TokenKind::letters) return 0;
    const std::string_view s = m.text(t).substr(from);
    std::size_t n = 0;
    while (n < s.size() && is_digit_like(s[n])) ++n;
    if (n == 0 || n == s.size()) return n;
    LetterSplit split;
    return tag_form() && split_letters(s.substr(n), *form, following(k), split) ? n : 0;
}

bool ParseState::starts_digits() const {
    if (at_end()) return false;
    const Token& t = tok(i);
    return t.kind == TokenKind::digits || digit_take(i, off) > 0;
}

Following ParseState::following(std::size_t k) const {
    if (k + 1 >= m.token_count) return {};
    const Token& n = tok(k + 1);
    if (n.kind == TokenKind::digits) return {true, false};
    if (n.kind == TokenKind::bad) return {true, true};  // something was typed there; it is reported already
    const char c = m.text(n)[0];
    return {is_digit_like(c), c == 'Y' || c == 'N'};
}

DigitRun ParseState::collect_digits() {
    DigitRun run;
    run.first_tok = i;
    const Token& first = tok(i);
    run.fb = first.begin + off;
    run.raw_b = m.raw_offset(run.fb, first);
    for (bool first_piece = true;; first_piece = false) {
        const Token& t = tok(i);
        if (!first_piece) {
            if (t.sep_before) break;
            if (t.kind == TokenKind::bad) {
                run.tainted = true;
                break;
            }
        }
        if (t.kind == TokenKind::digits) {
            run.fe = t.end;
            run.raw_e = t.raw_end;
            next_token();
        } else {
            const std::size_t n = digit_take(i, off);
            if (n == 0) break;
            run.fe = t.begin + off + n;
            run.raw_e = m.raw_offset(run.fe, t);
            off += n;
            if (off < static_cast<std::size_t>(t.end - t.begin)) break;  // letters follow in this token
            next_token();
        }
        if (at_end()) break;
    }
    return run;
}

std::string_view ParseState::digits_of(const DigitRun& run) {
    const std::string_view s = m.folded(run.fb, run.fe);
    for (std::size_t k = 0; k < s.size(); ++k) digits_[k] = as_digit(s[k]);
    return {digits_, s.size()};
}

void ParseState::skip_bad(bool adjacent_only) {
    next_token();
    while (!at_end()) {
        const Token& t = tok(i);
        if (adjacent_only && t.sep_before) break;
        if (t.kind == TokenKind::digits || (t.kind == TokenKind::letters && all_digit_like(m.text(t))))
            ++i;
        else
            break;
    }
}

}  // namespace smsgw
