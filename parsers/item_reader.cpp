// Items: letter runs split into tags, each tag's value read by its field kind, duplicates and gaps reported.
#include "parsers/item_reader.hpp"

#include "parsers/char_class.hpp"

#include <algorithm>

namespace smsgw {

namespace {
// Letters where a tag's value goes are that value, typed wrong, when they are no tags of the form:
// "CY", "B no", "Fnull", "T нет" (HET). One rule wherever they stand, glued or after a separator.
// Two letters always; a longer word only when it ends the item (no digits glued after it): "TOTAL526"
// or "PAXMET 5" read as a mistyped item, not as a value.
constexpr std::size_t kMaxLetterValue = 2;
}  // namespace

bool ItemReader::may_be_value(std::string_view letters, std::size_t k) const {
    if (letters.size() <= kMaxLetterValue) return true;
    if (letters.size() > kMaxShown) return false;
    if (k + 1 >= s_.m.token_count) return true;
    const Token& next = s_.tok(k + 1);
    return next.sep_before || next.kind != TokenKind::digits;
}

void ItemReader::letters_value(int f, std::string_view letters, std::size_t tag_tok, std::size_t raw_b,
                               std::size_t raw_e) {
    const Field& fd = field(f);
    IssueFacts facts;
    // a yes/no question answered in words is told the answers it takes
    facts.reason = fd.kind == FieldKind::yesno ? "yesno" : "letters";
    facts.tag = fd.tag;
    facts.value = shown(letters);
    std::string detail = fd.tag + ' ' + facts.value +
                         (fd.kind == FieldKind::yesno ? " (yes/no is 1, 2, Y or N)" : " (letters, not a number)");
    s_.error(Code::BAD_VALUE, std::move(detail), static_cast<int>(tag_tok), raw_b, raw_e, std::move(facts));
    s_.skip_bad(false);  // and the digits glued to it, if any: that value is unreadable
}

void ItemReader::read_all() {
    while (!s_.at_end()) {
        const Token& t = s_.tok(s_.i);
        if (t.kind == TokenKind::bad) {
            s_.skip_bad(false);
        } else if (t.kind == TokenKind::digits) {
            // digits with no tag before them; neighbouring groups are reported together
            const DigitRun run = s_.collect_digits();
            IssueFacts f;
            f.reason = "no_tag";
            f.value = shown(s_.digits_of(run));
            std::size_t raw_e = run.raw_e;
            while (!s_.at_end() && s_.tok(s_.i).kind == TokenKind::digits) {
                const DigitRun more = s_.collect_digits();
                f.value += ' ';
                append_shown(f.value, s_.digits_of(more));
                raw_e = more.raw_e;
            }
            std::string detail = f.value + " (no item letter before it)";
            s_.error(Code::BAD_VALUE, std::move(detail), static_cast<int>(run.first_tok), run.raw_b, raw_e,
                     std::move(f));
        } else {
            read_letter_run();
        }
    }
}

void ItemReader::bad_letter_run(std::string_view run, std::size_t base) {
    const Token& t = s_.tok(s_.i);
    const std::size_t raw_b = s_.m.raw_offset(t.begin + base, t);
    for (std::size_t len = std::min<std::size_t>(3, run.size() - 1); len >= 1; --len) {
        const int f = s_.form->field_index(run.substr(0, len));
        const std::string_view rest = run.substr(len);
        LetterSplit tags;
        // a tag already given ("A715am") makes this a new, unknown item rather than that tag's value
        if (f < 0 || !may_be_value(rest, s_.i) || split_letters(rest, *s_.form, s_.following(s_.i), tags) || mark_seen(f)) continue;
        letters_value(f, rest, s_.i, raw_b, t.raw_end);
        return;
    }
    IssueFacts facts;
    facts.tag = shown(run);
    s_.error(Code::UNKNOWN_TAG, shown(run), static_cast<int>(s_.i), raw_b, t.raw_end, std::move(facts));
    s_.skip_bad(false);  // the value of an unknown tag cannot be read either
}

void ItemReader::read_letter_run() {
    const std::size_t tok_index = s_.i;
    const Token& t = s_.tok(s_.i);
    const std::size_t base = s_.off;
    const std::string_view run = s_.m.text(t).substr(base);
    LetterSplit split;
    if (!split_letters(run, *s_.form, s_.following(s_.i), split)) {
        bad_letter_run(run, base);
        return;
    }
    for (std::size_t k = 0; k < split.count; ++k) {
        const Segment& g = split.seg[k];
        const int f = g.field;  // values are consumed with the tag before them
        const std::size_t tag_fb = t.begin + base + g.begin;
        const std::size_t raw_b = s_.m.raw_offset(tag_fb, t);
        const bool dup = mark_seen(f);
        const Segment* nx = k + 1 < split.count ? &split.seg[k + 1] : nullptr;
        if (nx != nullptr && nx->kind == Segment::Kind::yes_no) {
            const std::size_t vfb = t.begin + base + nx->begin;
            finish_item(f, read_yes_no(run[nx->begin]), run.substr(nx->begin, 1), tok_index, raw_b,
                        s_.m.raw_offset(vfb + 1, t), dup);
            ++k;
        } else if (nx != nullptr && nx->kind == Segment::Kind::digits) {
            if (static_cast<std::size_t>(nx->begin + nx->len) < run.size()) {  // a tag follows in this run
                const std::size_t vfb = t.begin + base + nx->begin;
                std::string digits(run.substr(nx->begin, nx->len));
                for (char& c : digits) c = as_digit(c);
                finish_item(f, read_value(field(f).kind, digits), digits, tok_index, raw_b,
                            s_.m.raw_offset(vfb + nx->len, t), dup);
                ++k;
            } else {  // the value runs on into the next tokens
                s_.off = base + nx->begin;
                read_digit_value(f, tok_index, raw_b, dup);
                return;
            }
        } else if (nx != nullptr) {
            finish_item(f, {false, 0, {}}, {}, tok_index, raw_b, s_.m.raw_offset(tag_fb + g.len, t), dup);
        } else {
            s_.next_token();
            read_following_value(f, tok_index, raw_b, dup);
            return;
        }
    }
    s_.next_token();
}

void ItemReader::read_following_value(int f, std::size_t tag_tok, std::size_t raw_b, bool dup) {
    const std::size_t tag_raw_e = s_.tok(tag_tok).raw_end;
    if (s_.at_end()) {
        finish_item(f, {false, 0, {}}, {}, tag_tok, raw_b, tag_raw_e, dup);
        return;
    }
    const Token& t = s_.tok(s_.i);
    if (t.kind == TokenKind::bad) {  // reported as UNKNOWN_CHAR; the value is unreadable
        if (!dup) s_.blame_item(s_.i, field(f));  // a repeated tag is no item of its own ("спасибо")
        return;
    }
    if (field(f).kind == FieldKind::yesno && t.kind == TokenKind::letters) {
        const std::string_view s = s_.m.text(t);
        LetterSplit rest;
        if ((s[0] == 'Y' || s[0] == 'N') &&
            (s.size() == 1 || split_letters(s.substr(1), *s_.form, s_.following(s_.i), rest))) {
            s_.off = 1;
            const std::size_t raw_e = s_.m.raw_offset(t.begin + 1, t);
            if (s.size() == 1) s_.next_token();
            finish_item(f, read_yes_no(s[0]), s.substr(0, 1), tag_tok, raw_b, raw_e, dup);
            return;
        }
    }
    if (s_.starts_digits()) {
        read_digit_value(f, tag_tok, raw_b, dup);
        return;
    }
    if (t.kind == TokenKind::letters && !dup) {  // a word after the tag: its value, in letters ("B no")
        const std::string_view word = s_.m.text(t);
        LetterSplit tags;
        // "T нет" reads HET: tags of the form, but none with a value, so a word all the same
        const auto no_values = [&tags] {
            std::size_t n = 0;
            for (std::size_t k = 0; k < tags.count; ++k) n += tags.seg[k].kind == Segment::Kind::tag;
            return n >= 2 && tags.missing == static_cast<int>(n);
        };
        if (may_be_value(word, s_.i) && (!split_letters(word, *s_.form, s_.following(s_.i), tags) || no_values())) {
            letters_value(f, word, tag_tok, raw_b, t.raw_end);
            return;
        }
    }
    finish_item(f, {false, 0, {}}, {}, tag_tok, raw_b, tag_raw_e, dup);
}

void ItemReader::read_digit_value(int f, std::size_t tag_tok, std::size_t raw_b, bool dup) {
    const Field& fd = field(f);
    const DigitRun run = s_.collect_digits();
    std::string_view digits = s_.digits_of(run);
    std::size_t raw_e = run.raw_e;
    char time_buf[4];
    if (!s_.at_end() && s_.tok(s_.i).kind == TokenKind::digits && s_.tok(s_.i).sep_before) {
        const char sep = s_.tok(s_.i).sep_char;
        IssueFacts facts;
        facts.reason = "split";
        facts.tag = fd.tag;
        append_shown(facts.value, digits);
        const std::size_t h = digits.size();
        if (h <= 2) std::copy(digits.begin(), digits.end(), time_buf);  // the digit buffer is reused below
        const DigitRun mm = s_.collect_digits();
        const std::string_view mm_digits = s_.digits_of(mm);
        raw_e = mm.raw_e;
        // H:MM and HH:MM (also with '.') are how people write times; nothing else is joined
        if (fd.kind == FieldKind::time && h <= 2 && (sep == ':' || sep == '.') && mm_digits.size() == 2 &&
            !run.tainted && !mm.tainted && (s_.at_end() || s_.tok(s_.i).kind != TokenKind::digits)) {
            std::copy(mm_digits.begin(), mm_digits.end(), time_buf + h);
            digits = {time_buf, h + 2};
        } else {
            facts.value += ' ';
            append_shown(facts.value, mm_digits);
            while (!s_.at_end() && s_.tok(s_.i).kind == TokenKind::digits) {
                const DigitRun more = s_.collect_digits();
                facts.value += ' ';
                append_shown(facts.value, s_.digits_of(more));
                raw_e = more.raw_e;
            }
            std::string detail = fd.tag + ' ' + facts.value + " (digits split)";
            s_.error(Code::BAD_VALUE, std::move(detail), static_cast<int>(tag_tok), raw_b, raw_e, std::move(facts));
            if (dup) {
                IssueFacts dup_facts;
                dup_facts.tag = fd.tag;
                s_.error(Code::DUPLICATE_TAG, fd.tag, static_cast<int>(tag_tok), raw_b, raw_e, std::move(dup_facts));
            }
            return;
        }
    }
    if (run.tainted) {
        if (!dup) s_.blame_item(s_.i, fd);
        return;
    }
    finish_item(f, read_value(fd.kind, digits), digits, tag_tok, raw_b, raw_e, dup);
}

// `v.problem` empty and !v.ok means the value is missing.
void ItemReader::finish_item(int f, const ValueRead& v, std::string_view typed_value, std::size_t tag_tok,
                             std::size_t raw_b, std::size_t raw_e, bool dup) {
    const Field& fd = field(f);
    const int token = static_cast<int>(tag_tok);
    if (!v.ok && v.problem.empty()) {
        IssueFacts facts;
        facts.tag = fd.tag;
        s_.error(Code::MISSING_VALUE, fd.tag, token, raw_b, raw_e, std::move(facts));
    } else if (!v.ok) {
        IssueFacts facts;
        facts.reason = v.reason;
        facts.tag = fd.tag;
        append_shown(facts.value, typed_value);
        std::string detail = fd.tag + ' ' + facts.value + " (" + std::string(v.problem) + ")";
        s_.error(Code::BAD_VALUE, std::move(detail), token, raw_b, raw_e, std::move(facts));
    }
    if (dup) {
        std::string detail = fd.tag;
        IssueFacts facts;
        facts.tag = fd.tag;
        const auto first = std::find_if(s_.report.values.begin(), s_.report.values.end(),
                                        [&](const TagValue& tv) { return tv.tag == fd.tag; });
        if (first != s_.report.values.end() && v.ok) {
            detail += ": ";
            append_value(detail, fd.kind, first->value);
            detail += " and ";
            append_value(facts.value, fd.kind, v.value);
            detail += facts.value;
        }
        s_.error(Code::DUPLICATE_TAG, std::move(detail), token, raw_b, raw_e, std::move(facts));
        return;
    }
    if (v.ok) {
        s_.value_field[s_.report.values.size()] = static_cast<std::uint16_t>(f);
        s_.report.values.push_back(TagValue{fd.tag, v.value, token});
    }
}

bool ItemReader::mark_seen(int f) {
    const auto fi = static_cast<std::size_t>(f);
    if (fi >= 64 * std::size(seen_)) {  // absurdly wide forms: fall back to the values read so far
        const std::string& tag = s_.form->fields[fi].tag;
        return std::any_of(s_.report.values.begin(), s_.report.values.end(),
                           [&](const TagValue& tv) { return tv.tag == tag; });
    }
    const std::uint64_t bit = std::uint64_t{1} << (fi % 64);
    const bool dup = (seen_[fi / 64] & bit) != 0;
    seen_[fi / 64] |= bit;
    return dup;
}

}  // namespace smsgw
