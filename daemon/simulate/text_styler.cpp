// Renders drafts as typed text; each style exercises one rule of SPEC.md section 3 normalization.
#include "daemon/simulate/text_styler.hpp"

#include "codebooks/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace smsgw::sim {

namespace {

struct Lookalike {
    char latin;
    char32_t upper, lower;
};
// Only letters that read back as themselves (SPEC.md section 3, rule 1).
constexpr std::array<Lookalike, 12> kLookalikes{{{'A', 0x0410, 0x0430},
                                                 {'B', 0x0412, 0x0432},
                                                 {'C', 0x0421, 0x0441},
                                                 {'E', 0x0415, 0x0435},
                                                 {'H', 0x041D, 0x043D},
                                                 {'K', 0x041A, 0x043A},
                                                 {'M', 0x041C, 0x043C},
                                                 {'O', 0x041E, 0x043E},
                                                 {'P', 0x0420, 0x0440},
                                                 {'T', 0x0422, 0x0442},
                                                 {'X', 0x0425, 0x0445},
                                                 {'Y', 0x0423, 0x0443}}};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The report split into what the monitor types, before separators are chosen.
struct Typed {
    std::string form, station;
    std::vector<std::pair<std::string, std::string>> items;  // tag, value as typed
    std::vector<std::string> incidents;
    std::string comment;
};

Typed typed(const Draft& d, const Slip& slip) {
    Typed t;
    t.form = d.form;
    if (slip.cyrillic_form && !d.form.empty()) {
        if (const char32_t cp = misleading_cyrillic(d.form[0]); cp != 0) {
            t.form.clear();
            append_utf8(t.form, cp);
            t.form += d.form.substr(1);
        }
    }
    t.station = d.station;
    for (std::size_t i = 0; i < d.items.size(); ++i) {
        std::string v = TextStyler::value_text(d.items[i]);
        if (static_cast<int>(i) == slip.split_item && v.size() >= 2) v.insert(v.begin() + 1, ' ');
        t.items.emplace_back(d.items[i].tag, std::move(v));
    }
    for (int c : d.incidents) t.incidents.push_back(std::to_string(c));
    t.comment = d.comment;
    return t;
}

// `glue`: no separator between form, station and items (incident codes keep a space).
std::string join(const Typed& t, const std::string& sep, const std::string& kv, bool glue) {
    std::string s = t.form + (glue ? "" : sep) + t.station;
    for (const auto& [tag, value] : t.items) {
        if (!glue) s += sep;
        s += tag;
        s += kv;
        s += value;
    }
    for (const auto& code : t.incidents) s += (glue ? std::string(" ") : sep) + code;
    if (!t.comment.empty()) s += " @ " + t.comment;
    return s;
}

// Replaces ASCII letters by their Cyrillic lookalikes: each with probability 7/10, at least one.
std::string cyrillize(ExampleRng& rng, const std::string& ascii, bool lower_case, bool force_one) {
    std::vector<std::size_t> eligible;
    for (std::size_t i = 0; i < ascii.size(); ++i)
        if (cyrillic_lookalike(ascii[i]) != 0) eligible.push_back(i);
    const std::size_t forced = force_one && !eligible.empty() ? eligible[rng.below(eligible.size())] : ascii.size();
    std::string out;
    for (std::size_t i = 0; i < ascii.size(); ++i) {
        const char c = ascii[i];
        const char32_t cp = cyrillic_lookalike(c);
        if (cp != 0 && (i == forced || rng.chance(7, 10))) {
            append_utf8(out, lower_case ? cp + 0x20 : cp);  // А..Я -> а..я is +0x20 for these letters
        } else {
            out += lower_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
        }
    }
    return out;
}

}  // namespace

char32_t cyrillic_lookalike(char latin) {
    const char up = static_cast<char>(std::toupper(static_cast<unsigned char>(latin)));
    for (const auto& l : kLookalikes)
        if (l.latin == up) return l.upper;
    return 0;
}

char32_t misleading_cyrillic(char latin) {
    switch (std::toupper(static_cast<unsigned char>(latin))) {
        case 'R': return 0x0420;  // Р reads P
        case 'S': return 0x0421;  // С reads C
        case 'N': return 0x041D;  // Н reads H
        default: return 0;
    }
}

char latin_of(char32_t cyrillic) {
    for (const auto& l : kLookalikes)
        if (l.upper == cyrillic || l.lower == cyrillic) return l.latin;
    return 0;
}

std::string TextStyler::value_text(const Draft::Item& item) {
    std::string v = std::to_string(item.value);
    if (item.kind == FieldKind::time && v.size() < 4) v.insert(0, 4 - v.size(), '0');
    return v;
}

bool TextStyler::applies(const Draft& d, Style style) {
    if (style == Style::digit_typo) {
        if (d.station.find_first_of("01") != std::string::npos) return true;
        for (const auto& it : d.items)
            if (value_text(it).find_first_of("01", 1) != std::string::npos) return true;
        return false;
    }
    if (style == Style::cyrillic) {
        for (char c : d.form)
            if (cyrillic_lookalike(c) != 0) return true;
        for (const auto& it : d.items)
            for (char c : it.tag)
                if (cyrillic_lookalike(c) != 0) return true;
        return false;
    }
    return true;
}

std::string TextStyler::render(const Draft& d, Style style, const Slip& slip) {
    if (!applies(d, style)) style = Style::glued;
    switch (style) {
        case Style::canonical: return join(typed(d, slip), " ", "", false);
        case Style::glued: return glued(d, slip);
        case Style::separators: {
            static const std::array<std::string, 11> seps{"-", ".", ",", ";", "/", "*", "#", "_", ", ", " - ", "  "};
            static const std::array<std::string, 4> kvs{"", "=", ":", " "};
            std::string s = join(typed(d, slip), seps[rng_.below(seps.size())], kvs[rng_.below(kvs.size())], false);
            return rng_.chance(1, 3) ? lower(s) : s;
        }
        case Style::digit_typo: return mistype_digits(d, slip);
        case Style::cyrillic: return cyrillic(d, slip);
    }
    return join(typed(d, slip), " ", "", false);
}

std::string TextStyler::glued(const Draft& d, const Slip& slip) {
    Typed t = typed(d, slip);
    if (!slip.cyrillic_form) t.form = lower(t.form);
    for (auto& item : t.items) item.first = lower(item.first);
    return join(t, "", "", true);
}

std::string TextStyler::mistype_digits(const Draft& d, const Slip& slip) {
    Typed t = typed(d, slip);
    // Where the grammar expects digits, O stands for 0 and l or I for 1 (rule 4). A value's first
    // character stays a digit: a letter there would read as part of the tag before it.
    std::vector<std::string*> fields{&t.station};
    std::vector<std::size_t> from{0};
    for (auto& item : t.items) {
        fields.push_back(&item.second);
        from.push_back(1);
    }
    bool changed = false;
    for (int attempt = 0; attempt < 8 && !changed; ++attempt) {
        const std::size_t f = attempt < 3 ? 0 : rng_.below(fields.size());
        std::string& s = *fields[f];
        std::vector<std::size_t> pos;
        for (std::size_t i = from[f]; i < s.size(); ++i)
            if (s[i] == '0' || s[i] == '1') pos.push_back(i);
        if (pos.empty()) continue;
        const std::size_t i = pos[rng_.below(pos.size())];
        static constexpr char zeros[] = {'O', 'o', 'O'};
        static constexpr char ones[] = {'l', 'I', 'l'};
        s[i] = s[i] == '0' ? zeros[rng_.below(3)] : ones[rng_.below(3)];
        changed = true;
    }
    return join(t, " ", "", false);
}

std::string TextStyler::cyrillic(const Draft& d, const Slip& slip) {
    Typed t = typed(d, slip);
    const bool lower_case = rng_.chance(1, 4);
    // Force one lookalike in the first place that has one, so the message is never pure Latin.
    bool forced = false;
    auto convert = [&](std::string& s) {
        const bool has = std::any_of(s.begin(), s.end(), [](char c) { return cyrillic_lookalike(c) != 0; });
        s = cyrillize(rng_, s, lower_case, has && !forced);
        forced = forced || has;
    };
    if (!slip.cyrillic_form) convert(t.form);
    for (auto& item : t.items) convert(item.first);
    if (rng_.chance(1, 5) && !t.station.empty() && t.station[0] == '0') t.station.replace(0, 1, "\xD0\x9E");  // О
    return join(t, " ", "", rng_.chance(1, 5));
}

}  // namespace smsgw::sim
