// The grammar FORM STATION ITEMS over normalized tokens, with digit folding only where digits belong.
#include "parsers/parser.hpp"

#include "parsers/char_class.hpp"
#include "parsers/field_value.hpp"
#include "parsers/normalizer.hpp"
#include "parsers/tag_splitter.hpp"

#include <algorithm>
#include <cstdint>

namespace smsgw {

namespace {

constexpr std::size_t kMaxShown = 20;      // letters/digits quoted in a detail, so replies stay short
constexpr std::size_t kMaxRawText = 40;    // bytes of typed text kept in Issue::text
constexpr std::size_t kMaxIncidentDigits = 9;

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

class Parser {
public:
    Parser(const NormalizedMessage& m, const Codebook& cb, Report& r) : m_(m), cb_(cb), r_(r) {}

    void run();

private:
    // A run of digits (or digit-like letters) read as one number: [fb, fe) in the folded text.
    struct DigitRun {
        std::size_t fb = 0, fe = 0;
        std::size_t first_tok = 0;
        std::size_t raw_b = 0, raw_e = 0;
        bool tainted = false;  // an unknown character is glued to it: already reported, value unusable
    };

    bool at_end() const { return i_ >= m_.token_count; }
    const Token& tok(std::size_t i) const { return m_.token(i); }
    bool tag_form() const { return form_ != nullptr && form_->kind != FormKind::incident; }

    std::size_t digit_take(std::size_t i, std::size_t off) const;
    bool starts_digits() const;
    Following following(std::size_t i) const;
    DigitRun collect_digits();
    std::string_view digits_of(const DigitRun& run);
    void skip_bad(bool adjacent_only);

    bool parse_form();
    void parse_station();
    void parse_items();
    void parse_letter_run();
    void read_following_value(int field, std::size_t tag_tok, std::size_t raw_b, bool dup);
    void read_digit_value(int field, std::size_t tag_tok, std::size_t raw_b, bool dup);
    void finish_item(int field, const ValueRead& v, std::string_view typed_value, std::size_t tag_tok,
                     std::size_t raw_b, std::size_t raw_e, bool dup);
    void parse_incidents();
    bool mark_seen(int field);
    void build_normalized();

    void error(Code code, std::string detail, int token, std::size_t raw_b, std::size_t raw_e);
    std::string raw_text(std::size_t raw_b, std::size_t raw_e) const;

    const NormalizedMessage& m_;
    const Codebook& cb_;
    Report& r_;
    const Form* form_ = nullptr;
    std::size_t i_ = 0;    // current token
    std::size_t off_ = 0;  // letters already consumed in the current (letters) token
    std::uint64_t seen_[8] = {};
    char digits_[kMaxMessageBytes];
    std::uint16_t value_field_[kMaxMessageBytes];  // field index of each of r_.values (each takes 2+ bytes)
};

void Parser::error(Code code, std::string detail, int token, std::size_t raw_b, std::size_t raw_e) {
    if (r_.errors.size() >= kMaxErrors) return;
    r_.errors.push_back(Issue{code, std::move(detail), token, raw_text(raw_b, raw_e)});
}

std::string Parser::raw_text(std::size_t raw_b, std::size_t raw_e) const {
    std::string_view raw = m_.raw(raw_b, raw_e);
    if (raw.size() <= kMaxRawText) return std::string(raw);
    std::size_t cut = kMaxRawText;  // back up to a character boundary (the text before the comment is
    while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80) --cut;  // valid there)
    return std::string(raw.substr(0, cut)) + "...";
}

// How many letters of token i from `off` read as digits: a leading run of O/I/L, but only when
// the letters after it still make sense as tags (A31OB148 -> 310, then B).
std::size_t Parser::digit_take(std::size_t i, std::size_t off) const {
    const Token& t = tok(i);
    if (t.kind != TokenKind::letters) return 0;
    const std::string_view s = m_.text(t).substr(off);
    std::size_t k = 0;
    while (k < s.size() && is_digit_like(s[k])) ++k;
    if (k == 0 || k == s.size()) return k;
    LetterSplit split;
    return tag_form() && split_letters(s.substr(k), *form_, following(i), split) ? k : 0;
}

bool Parser::starts_digits() const {
    if (at_end()) return false;
    const Token& t = tok(i_);
    return t.kind == TokenKind::digits || digit_take(i_, off_) > 0;
}

Following Parser::following(std::size_t i) const {
    if (i + 1 >= m_.token_count) return {};
    const Token& n = tok(i + 1);
    if (n.kind == TokenKind::digits) return {true, false};
    if (n.kind == TokenKind::bad) return {true, true};  // something was typed there; it is reported already
    const char c = m_.text(n)[0];
    return {is_digit_like(c), c == 'Y' || c == 'N'};
}

// Reads digits from the cursor (which starts_digits()) through adjacent digit tokens and
// digit-like letters; a separator ends the run.
Parser::DigitRun Parser::collect_digits() {
    DigitRun run;
    run.first_tok = i_;
    const Token& first = tok(i_);
    run.fb = first.begin + off_;
    run.raw_b = m_.raw_offset(run.fb, first);
    for (bool first_piece = true;; first_piece = false) {
        const Token& t = tok(i_);
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
            ++i_;
            off_ = 0;
        } else {
            const std::size_t k = digit_take(i_, off_);
            if (k == 0) break;
            run.fe = t.begin + off_ + k;
            run.raw_e = m_.raw_offset(run.fe, t);
            off_ += k;
            if (off_ < static_cast<std::size_t>(t.end - t.begin)) break;  // letters follow in this token
            ++i_;
            off_ = 0;
        }
        if (at_end()) break;
    }
    return run;
}

std::string_view Parser::digits_of(const DigitRun& run) {
    const std::string_view s = m_.folded(run.fb, run.fe);
    for (std::size_t k = 0; k < s.size(); ++k) digits_[k] = as_digit(s[k]);
    return {digits_, s.size()};
}

// Skips a bad token and the digits that belong to it (its value, already unusable).
void Parser::skip_bad(bool adjacent_only) {
    ++i_;
    off_ = 0;
    while (!at_end()) {
        const Token& t = tok(i_);
        if (adjacent_only && t.sep_before) break;
        if (t.kind == TokenKind::digits || (t.kind == TokenKind::letters && all_digit_like(m_.text(t))))
            ++i_;
        else
            break;
    }
}

void Parser::run() {
    if (m_.status == NormalizedMessage::Status::too_long) {
        error(Code::BAD_VALUE,
              "message too long: " + std::to_string(m_.body.size()) + " bytes, at most " +
                  std::to_string(kMaxMessageBytes),
              -1, 0, 0);
        return;
    }
    if (m_.status == NormalizedMessage::Status::too_many_tokens) {
        error(Code::BAD_VALUE, "message too long: more than " + std::to_string(kMaxTokens) + " parts", -1, 0, 0);
        return;
    }
    if (m_.token_count == 0) {
        error(Code::EMPTY, m_.has_comment ? "nothing before the comment" : "empty message", -1, 0, 0);
        return;
    }
    if (parse_form()) parse_station();
    if (form_ != nullptr) {
        r_.values.reserve(form_->fields.size());
        if (form_->kind == FormKind::incident)
            parse_incidents();
        else
            parse_items();
    }
    // Stable insertion sort: at most kMaxErrors issues, nearly in order, and no buffer to allocate.
    for (std::size_t k = 1; k < r_.errors.size(); ++k)
        for (std::size_t j = k; j > 0 && r_.errors[j].token < r_.errors[j - 1].token; --j)
            std::swap(r_.errors[j], r_.errors[j - 1]);
    build_normalized();
}

// False when there is nothing left worth reading a station from.
bool Parser::parse_form() {
    bool had_bad = false;
    while (!at_end() && tok(i_).kind == TokenKind::bad) {
        had_bad = true;
        ++i_;
    }
    if (at_end()) return false;
    const Token& t = tok(i_);
    if (t.kind == TokenKind::digits) {
        if (!had_bad)
            error(Code::UNKNOWN_FORM, "missing before " + shown(m_.text(t)), static_cast<int>(i_), t.raw_begin,
                  t.raw_begin);
        return true;
    }
    const std::string_view run = m_.text(t);
    const Form* chosen = nullptr;
    std::size_t chosen_len = 0;
    const Form* fallback = nullptr;
    std::size_t fallback_len = 0;
    // Longest code first; letters after the code may only be digit-like (the station, RO1234), or
    // the form's tags when the station is missing (RA312); otherwise it is no form (RESULT).
    for (std::size_t len = std::min<std::size_t>(3, run.size()); len >= 1; --len) {
        const Form* f = cb_.find_form(run.substr(0, len));
        if (f == nullptr) continue;
        if (len == run.size() || all_digit_like(run.substr(len))) {
            chosen = f, chosen_len = len;
            break;
        }
        LetterSplit tags;
        if (fallback == nullptr && f->kind != FormKind::incident &&
            split_letters(run.substr(len), *f, following(i_), tags))
            fallback = f, fallback_len = len;
    }
    if (chosen == nullptr) chosen = fallback, chosen_len = fallback_len;
    if (chosen == nullptr) {
        error(Code::UNKNOWN_FORM, shown(run), static_cast<int>(i_), t.raw_begin, t.raw_end);
        ++i_;
        return !at_end();
    }
    form_ = chosen;
    r_.form = chosen->code;
    off_ = chosen_len;
    if (off_ == run.size()) {
        ++i_;
        off_ = 0;
    }
    return true;
}

void Parser::parse_station() {
    if (!at_end() && off_ == 0 && tok(i_).kind == TokenKind::bad) {
        skip_bad(true);
        return;
    }
    if (!starts_digits()) {
        const int token = at_end() ? -1 : static_cast<int>(i_);
        const std::size_t raw = at_end() ? m_.body.size() : m_.raw_offset(tok(i_).begin + off_, tok(i_));
        error(Code::BAD_STATION, "missing", token, raw, raw);
        return;
    }
    const DigitRun run = collect_digits();
    if (run.tainted) return;
    const std::string_view d = digits_of(run);
    const auto width = static_cast<std::size_t>(cb_.election.station_code_width);
    if (d.size() == width) {
        r_.station = d;
        return;
    }
    std::string detail = shown(d);
    std::size_t raw_e = run.raw_e;
    if (tag_form() && !at_end() && tok(i_).kind == TokenKind::digits && tok(i_).sep_before) {
        while (!at_end() && tok(i_).kind == TokenKind::digits) {
            const DigitRun more = collect_digits();
            detail += ' ';
            append_shown(detail, digits_of(more));
            raw_e = more.raw_e;
        }
        detail += " (digits split)";
    } else {
        detail += " (" + std::to_string(d.size()) + (d.size() == 1 ? " digit" : " digits") + ", need " +
                  std::to_string(width) + ")";
    }
    error(Code::BAD_STATION, std::move(detail), static_cast<int>(run.first_tok), run.raw_b, raw_e);
}

void Parser::parse_items() {
    while (!at_end()) {
        const Token& t = tok(i_);
        if (t.kind == TokenKind::bad) {
            skip_bad(false);
        } else if (t.kind == TokenKind::digits) {
            // digits with no tag before them; neighbouring groups are reported together
            const DigitRun run = collect_digits();
            std::string detail = shown(digits_of(run));
            std::size_t raw_e = run.raw_e;
            while (!at_end() && tok(i_).kind == TokenKind::digits) {
                const DigitRun more = collect_digits();
                detail += ' ';
                append_shown(detail, digits_of(more));
                raw_e = more.raw_e;
            }
            error(Code::BAD_VALUE, detail + " (no item letter before it)", static_cast<int>(run.first_tok),
                  run.raw_b, raw_e);
        } else {
            parse_letter_run();
        }
    }
}

void Parser::parse_letter_run() {
    const std::size_t tok_index = i_;
    const Token& t = tok(i_);
    const std::size_t base = off_;
    const std::string_view run = m_.text(t).substr(base);
    LetterSplit split;
    if (!split_letters(run, *form_, following(i_), split)) {
        error(Code::UNKNOWN_TAG, shown(run), static_cast<int>(i_), m_.raw_offset(t.begin + base, t), t.raw_end);
        skip_bad(false);  // the value of an unknown tag cannot be read either
        return;
    }
    for (std::size_t s = 0; s < split.count; ++s) {
        const Segment& g = split.seg[s];
        const int f = g.field;  // values are consumed with the tag before them
        const std::size_t tag_fb = t.begin + base + g.begin;
        const std::size_t raw_b = m_.raw_offset(tag_fb, t);
        const bool dup = mark_seen(f);
        const Segment* nx = s + 1 < split.count ? &split.seg[s + 1] : nullptr;
        if (nx != nullptr && nx->kind == Segment::Kind::yes_no) {
            const std::size_t vfb = t.begin + base + nx->begin;
            finish_item(f, read_yes_no(run[nx->begin]), run.substr(nx->begin, 1), tok_index, raw_b,
                        m_.raw_offset(vfb + 1, t), dup);
            ++s;
        } else if (nx != nullptr && nx->kind == Segment::Kind::digits) {
            if (static_cast<std::size_t>(nx->begin + nx->len) < run.size()) {  // a tag follows in this run
                const std::size_t vfb = t.begin + base + nx->begin;
                std::string digits(run.substr(nx->begin, nx->len));
                for (char& c : digits) c = as_digit(c);
                finish_item(f, read_value(form_->fields[static_cast<std::size_t>(f)].kind, digits), digits,
                            tok_index, raw_b, m_.raw_offset(vfb + nx->len, t), dup);
                ++s;
            } else {  // the value runs on into the next tokens
                off_ = base + nx->begin;
                read_digit_value(f, tok_index, raw_b, dup);
                return;
            }
        } else if (nx != nullptr) {
            finish_item(f, {false, 0, {}}, {}, tok_index, raw_b, m_.raw_offset(tag_fb + g.len, t), dup);
        } else {
            ++i_;
            off_ = 0;
            read_following_value(f, tok_index, raw_b, dup);
            return;
        }
    }
    ++i_;
    off_ = 0;
}

void Parser::read_following_value(int field, std::size_t tag_tok, std::size_t raw_b, bool dup) {
    const std::size_t tag_raw_e = tok(tag_tok).raw_end;
    if (at_end()) {
        finish_item(field, {false, 0, {}}, {}, tag_tok, raw_b, tag_raw_e, dup);
        return;
    }
    const Token& t = tok(i_);
    if (t.kind == TokenKind::bad) return;  // reported as UNKNOWN_CHAR; the value is unreadable
    if (form_->fields[static_cast<std::size_t>(field)].kind == FieldKind::yesno && t.kind == TokenKind::letters) {
        const std::string_view s = m_.text(t);
        LetterSplit rest;
        if ((s[0] == 'Y' || s[0] == 'N') &&
            (s.size() == 1 || split_letters(s.substr(1), *form_, following(i_), rest))) {
            off_ = 1;
            const std::size_t raw_e = m_.raw_offset(t.begin + 1, t);
            if (s.size() == 1) {
                ++i_;
                off_ = 0;
            }
            finish_item(field, read_yes_no(s[0]), s.substr(0, 1), tag_tok, raw_b, raw_e, dup);
            return;
        }
    }
    if (starts_digits()) {
        read_digit_value(field, tag_tok, raw_b, dup);
        return;
    }
    finish_item(field, {false, 0, {}}, {}, tag_tok, raw_b, tag_raw_e, dup);
}

void Parser::read_digit_value(int field, std::size_t tag_tok, std::size_t raw_b, bool dup) {
    const Field& fd = form_->fields[static_cast<std::size_t>(field)];
    const DigitRun run = collect_digits();
    std::string_view digits = digits_of(run);
    std::size_t raw_e = run.raw_e;
    char time_buf[4];
    if (!at_end() && tok(i_).kind == TokenKind::digits && tok(i_).sep_before) {
        const char sep = tok(i_).sep_char;
        std::string detail = fd.tag + ' ';
        append_shown(detail, digits);
        const std::size_t h = digits.size();
        if (h <= 2) std::copy(digits.begin(), digits.end(), time_buf);  // digits_ is reused below
        const DigitRun mm = collect_digits();
        const std::string_view mm_digits = digits_of(mm);
        raw_e = mm.raw_e;
        // H:MM and HH:MM (also with '.') are how people write times; nothing else is joined
        if (fd.kind == FieldKind::time && h <= 2 && (sep == ':' || sep == '.') && mm_digits.size() == 2 &&
            !run.tainted && !mm.tainted && (at_end() || tok(i_).kind != TokenKind::digits)) {
            std::copy(mm_digits.begin(), mm_digits.end(), time_buf + h);
            digits = {time_buf, h + 2};
        } else {
            detail += ' ';
            append_shown(detail, mm_digits);
            while (!at_end() && tok(i_).kind == TokenKind::digits) {
                const DigitRun more = collect_digits();
                detail += ' ';
                append_shown(detail, digits_of(more));
                raw_e = more.raw_e;
            }
            error(Code::BAD_VALUE, detail + " (digits split)", static_cast<int>(tag_tok), raw_b, raw_e);
            if (dup) error(Code::DUPLICATE_TAG, fd.tag, static_cast<int>(tag_tok), raw_b, raw_e);
            return;
        }
    }
    if (run.tainted) return;
    finish_item(field, read_value(fd.kind, digits), digits, tag_tok, raw_b, raw_e, dup);
}

// `v.problem` empty and !v.ok means the value is missing.
void Parser::finish_item(int field, const ValueRead& v, std::string_view typed_value, std::size_t tag_tok,
                         std::size_t raw_b, std::size_t raw_e, bool dup) {
    const Field& fd = form_->fields[static_cast<std::size_t>(field)];
    const int token = static_cast<int>(tag_tok);
    if (!v.ok && v.problem.empty()) {
        error(Code::MISSING_VALUE, fd.tag, token, raw_b, raw_e);
    } else if (!v.ok) {
        std::string detail = fd.tag + ' ';
        append_shown(detail, typed_value);
        error(Code::BAD_VALUE, detail + " (" + std::string(v.problem) + ")", token, raw_b, raw_e);
    }
    if (dup) {
        std::string detail = fd.tag;
        const auto first = std::find_if(r_.values.begin(), r_.values.end(),
                                        [&](const TagValue& tv) { return tv.tag == fd.tag; });
        if (first != r_.values.end() && v.ok) {
            detail += ": ";
            append_value(detail, fd.kind, first->value);
            detail += " and ";
            append_value(detail, fd.kind, v.value);
        }
        error(Code::DUPLICATE_TAG, std::move(detail), token, raw_b, raw_e);
        return;
    }
    if (v.ok) {
        value_field_[r_.values.size()] = static_cast<std::uint16_t>(field);
        r_.values.emplace_back(fd.tag, v.value, token);
    }
}

bool Parser::mark_seen(int field) {
    const auto f = static_cast<std::size_t>(field);
    if (f >= 64 * std::size(seen_)) {  // absurdly wide forms: fall back to the values read so far
        const std::string& tag = form_->fields[f].tag;
        return std::any_of(r_.values.begin(), r_.values.end(), [&](const TagValue& tv) { return tv.tag == tag; });
    }
    const std::uint64_t bit = std::uint64_t{1} << (f % 64);
    const bool dup = (seen_[f / 64] & bit) != 0;
    seen_[f / 64] |= bit;
    return dup;
}

void Parser::parse_incidents() {
    while (!at_end()) {
        const Token& t = tok(i_);
        if (t.kind == TokenKind::bad) {
            skip_bad(true);
        } else if (starts_digits()) {
            const DigitRun run = collect_digits();
            if (run.tainted) continue;
            std::string_view d = digits_of(run);
            const auto nz = d.find_first_not_of('0');
            d = nz == std::string_view::npos ? d.substr(d.size() - 1) : d.substr(nz);
            if (d.size() > kMaxIncidentDigits) {
                error(Code::BAD_VALUE, shown(d) + " (too many digits)", static_cast<int>(run.first_tok), run.raw_b,
                      run.raw_e);
                continue;
            }
            int code = 0;
            for (char c : d) code = code * 10 + (c - '0');
            // a repeated code adds nothing: the report is the set of incidents seen
            if (std::find(r_.incidents.begin(), r_.incidents.end(), code) == r_.incidents.end())
                r_.incidents.push_back(code);
        } else {
            const std::string_view s = m_.text(t).substr(off_);
            error(Code::BAD_VALUE, shown(s) + " (incident codes are numbers)", static_cast<int>(i_),
                  m_.raw_offset(t.begin + off_, t), t.raw_end);
            ++i_;
            off_ = 0;
        }
    }
}

void Parser::build_normalized() {
    std::string& out = r_.normalized;
    if (!r_.errors.empty()) {
        for (std::size_t i = 0; i < m_.token_count; ++i) {
            const Token& t = tok(i);
            if (i > 0 && t.sep_before) out += ' ';
            if (t.kind == TokenKind::bad)
                out += '?';
            else
                out += m_.text(t);
        }
        return;
    }
    out.reserve(r_.form.size() + r_.station.size() + 2 + 6 * (r_.values.size() + r_.incidents.size()));
    out += r_.form;
    out += ' ';
    out += r_.station;
    if (form_->kind == FormKind::incident) {
        std::vector<int> codes = r_.incidents;
        std::sort(codes.begin(), codes.end());
        for (int c : codes) {
            out += ' ';
            append_value(out, FieldKind::count, c);
        }
        return;
    }
    // values in the form's field order; no tag repeats (duplicates are errors), so a sort is exact
    std::uint16_t order[kMaxMessageBytes];
    const std::size_t n = r_.values.size();
    for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<std::uint16_t>(k);
    std::sort(order, order + n, [&](std::uint16_t a, std::uint16_t b) { return value_field_[a] < value_field_[b]; });
    for (std::size_t k = 0; k < n; ++k) {
        const Field& fd = form_->fields[value_field_[order[k]]];
        out += ' ';
        out += fd.tag;
        append_value(out, fd.kind, r_.values[order[k]].value);
    }
}

}  // namespace

Report parse_message(std::string_view text, const Codebook& cb) {
    Report report;
    NormalizedMessage m;
    m.normalize(text, report.errors);
    if (m.has_comment) {
        report.has_comment = true;
        report.comment = m.comment;
    }
    Parser(m, cb, report).run();
    return report;
}

}  // namespace smsgw
