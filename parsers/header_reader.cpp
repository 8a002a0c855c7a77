// The form code (longest known code, letters glued to it) and the station code (exact width, O/I/L folded).
#include "parsers/header_reader.hpp"

#include <algorithm>

namespace smsgw {

bool HeaderReader::digit_for_form() const {
    const auto width = static_cast<std::size_t>(s_.cb.election.station_code_width);
    const Token& t = s_.tok(s_.i);
    if (t.kind != TokenKind::digits || static_cast<std::size_t>(t.end - t.begin) >= width) return false;
    if (s_.i + 1 >= s_.m.token_count) return false;
    const Token& n = s_.tok(s_.i + 1);
    return n.sep_before && n.kind == TokenKind::digits && static_cast<std::size_t>(n.end - n.begin) == width;
}

bool HeaderReader::read_form() {
    bool had_bad = false;
    while (!s_.at_end() && s_.tok(s_.i).kind == TokenKind::bad) {
        had_bad = true;
        ++s_.i;
    }
    if (s_.at_end()) return false;
    const Token& t = s_.tok(s_.i);
    if (t.kind == TokenKind::digits) {
        // A digit typed for the form letter is one mistake: naming it as the form, and not also
        // as a one-digit station, tells the monitor what to fix.
        if (digit_for_form()) {
            const std::string_view d = s_.m.text(t);
            IssueFacts f;
            f.reason = "form_digit";
            f.value = shown(d);
            s_.error(Code::UNKNOWN_FORM, shown(d) + " (a digit where the form letter goes)", static_cast<int>(s_.i),
                     t.raw_begin, t.raw_end, std::move(f));
            s_.next_token();
            return true;
        }
        if (!had_bad) {
            IssueFacts f;
            f.reason = "form_missing";
            f.value = shown(s_.m.text(t));
            s_.error(Code::UNKNOWN_FORM, "missing before " + shown(s_.m.text(t)), static_cast<int>(s_.i), t.raw_begin,
                     t.raw_begin, std::move(f));
        }
        return true;
    }
    const std::string_view run = s_.m.text(t);
    const Form* chosen = nullptr;
    std::size_t chosen_len = 0;
    const Form* fallback = nullptr;
    std::size_t fallback_len = 0;
    // Longest code first; letters after the code may only be digit-like (the station, RO1234), or
    // the form's tags when the station is missing (RA312); otherwise it is no form (RESULT).
    for (std::size_t len = std::min<std::size_t>(3, run.size()); len >= 1; --len) {
        const Form* f = s_.cb.find_form(run.substr(0, len));
        if (f == nullptr) continue;
        if (len == run.size() || all_digit_like(run.substr(len))) {
            chosen = f, chosen_len = len;
            break;
        }
        LetterSplit tags;
        if (fallback == nullptr && f->kind != FormKind::incident &&
            split_letters(run.substr(len), *f, s_.following(s_.i), tags))
            fallback = f, fallback_len = len;
    }
    if (chosen == nullptr) chosen = fallback, chosen_len = fallback_len;
    if (chosen == nullptr) {
        IssueFacts f;
        f.value = shown(run);
        s_.error(Code::UNKNOWN_FORM, shown(run), static_cast<int>(s_.i), t.raw_begin, t.raw_end, std::move(f));
        s_.next_token();
        return !s_.at_end();
    }
    s_.form = chosen;
    s_.report.form = chosen->code;
    s_.off = chosen_len;
    if (s_.off == run.size()) s_.next_token();
    return true;
}

void HeaderReader::read_station() {
    const auto width = static_cast<std::size_t>(s_.cb.election.station_code_width);
    if (!s_.at_end() && s_.off == 0 && s_.tok(s_.i).kind == TokenKind::bad) {
        s_.skip_bad(true);
        return;
    }
    // built only for an error: this runs for every message
    const auto facts = [width](std::string_view reason) {
        IssueFacts f;
        f.reason = reason;
        f.set(Fact::width, std::to_string(width));
        return f;
    };
    if (!s_.starts_digits()) {
        const int token = s_.at_end() ? -1 : static_cast<int>(s_.i);
        const std::size_t raw = s_.at_end() ? s_.m.body.size()
                                            : s_.m.raw_offset(s_.tok(s_.i).begin + s_.off, s_.tok(s_.i));
        s_.error(Code::BAD_STATION, "missing", token, raw, raw, facts("station_missing"));
        return;
    }
    const DigitRun run = s_.collect_digits();
    if (run.tainted) return;
    const std::string_view d = s_.digits_of(run);
    if (d.size() == width) {
        s_.report.station = d;
        return;
    }
    IssueFacts f = facts("station_width");
    f.value = shown(d);
    std::size_t raw_e = run.raw_e;
    std::string detail;
    if (s_.tag_form() && !s_.at_end() && s_.tok(s_.i).kind == TokenKind::digits && s_.tok(s_.i).sep_before) {
        while (!s_.at_end() && s_.tok(s_.i).kind == TokenKind::digits) {
            const DigitRun more = s_.collect_digits();
            f.value += ' ';
            append_shown(f.value, s_.digits_of(more));
            raw_e = more.raw_e;
        }
        f.reason = "station_split";
        detail = f.value + " (digits split)";
    } else {
        detail = f.value + " (" + std::to_string(d.size()) + (d.size() == 1 ? " digit" : " digits") + ", need " +
                 std::to_string(width) + ")";
    }
    s_.error(Code::BAD_STATION, std::move(detail), static_cast<int>(run.first_tok), run.raw_b, raw_e, std::move(f));
}

}  // namespace smsgw
