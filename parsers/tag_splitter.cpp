// Splitting letter runs by dynamic programming over (position, is a tag waiting for its value).
#include "parsers/tag_splitter.hpp"

#include "parsers/char_class.hpp"

namespace smsgw {

namespace {

constexpr int kInf = 1 << 20;
enum State : int { none = 0, waiting = 1, waiting_yesno = 2 };

// Form::field_index without the library memcmp: tags are 1-3 letters, so compare them inline.
int find_tag(const Form& form, std::string_view tag) {
    for (std::size_t f = 0; f < form.fields.size(); ++f) {
        const std::string& t = form.fields[f].tag;
        if (t.size() != tag.size() || t[0] != tag[0]) continue;
        std::size_t k = 1;
        while (k < t.size() && t[k] == tag[k]) ++k;
        if (k == t.size()) return static_cast<int>(f);
    }
    return -1;
}

std::size_t digit_stretch_end(std::string_view run, std::size_t i) {
    while (i < run.size() && is_digit_like(run[i])) ++i;
    return i;
}

}  // namespace

bool split_letters(std::string_view run, const Form& form, Following next, LetterSplit& out) {
    out.count = 0;
    out.missing = 0;
    const std::size_t m = run.size();
    if (m == 0 || m > kMaxLetterRun) return false;
    if (m == 1) {  // the usual case, one tag: no search needed
        const int f = find_tag(form, run);
        if (f < 0) return false;
        out.seg[out.count++] = {Segment::Kind::tag, 0, 1, f};
        const bool yesno = form.fields[static_cast<std::size_t>(f)].kind == FieldKind::yesno;
        out.missing = next.digits || (yesno && next.yes_no) ? 0 : 1;
        return true;
    }

    // field[i][len-1]: the tag of length len starting at i, or -1
    int field[kMaxLetterRun][3];
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t len = 1; len <= 3; ++len)
            field[i][len - 1] = i + len <= m ? find_tag(form, run.substr(i, len)) : -1;
    const auto tag_state = [&](int f) {
        return form.fields[static_cast<std::size_t>(f)].kind == FieldKind::yesno ? waiting_yesno : waiting;
    };

    // cost[i][s]: fewest valueless tags reading run[i..] when in state s at i
    int cost[kMaxLetterRun + 1][3];
    cost[m][none] = 0;
    cost[m][waiting] = next.digits ? 0 : 1;
    cost[m][waiting_yesno] = next.digits || next.yes_no ? 0 : 1;
    for (std::size_t i = m; i-- > 0;) {
        for (int s = none; s <= waiting_yesno; ++s) {
            int best = kInf;
            for (std::size_t len = 3; len >= 1; --len) {
                const int f = field[i][len - 1];
                if (f >= 0) best = std::min(best, (s != none ? 1 : 0) + cost[i + len][tag_state(f)]);
            }
            if (s == waiting_yesno && (run[i] == 'Y' || run[i] == 'N')) best = std::min(best, cost[i + 1][none]);
            if (s != none && is_digit_like(run[i])) best = std::min(best, cost[digit_stretch_end(run, i)][none]);
            cost[i][s] = best;
        }
    }
    if (cost[0][none] >= kInf) return false;
    out.missing = cost[0][none];

    // Walk forward taking the first choice that achieves the optimum, in preference order.
    std::size_t i = 0;
    int s = none;
    while (i < m) {
        const int want = cost[i][s];
        bool taken = false;
        for (std::size_t len = 3; len >= 1 && !taken; --len) {
            const int f = field[i][len - 1];
            if (f >= 0 && (s != none ? 1 : 0) + cost[i + len][tag_state(f)] == want) {
                out.seg[out.count++] = {Segment::Kind::tag, static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(len), f};
                i += len;
                s = tag_state(f);
                taken = true;
            }
        }
        if (taken) continue;
        if (s == waiting_yesno && (run[i] == 'Y' || run[i] == 'N') && cost[i + 1][none] == want) {
            out.seg[out.count++] = {Segment::Kind::yes_no, static_cast<std::uint8_t>(i), 1, -1};
            ++i;
            s = none;
            continue;
        }
        const std::size_t e = digit_stretch_end(run, i);
        out.seg[out.count++] = {Segment::Kind::digits, static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(e - i), -1};
        i = e;
        s = none;
    }
    // The same tag twice in one run ("BB") is a typo, not two items.
    for (std::size_t a = 0; a < out.count; ++a)
        for (std::size_t b = a + 1; b < out.count; ++b)
            if (out.seg[a].kind == Segment::Kind::tag && out.seg[a].field == out.seg[b].field) return false;
    return true;
}

}  // namespace smsgw
