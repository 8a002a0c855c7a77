// Generated SMS traffic for the example codebook: valid reports, typos, Cyrillic keyboards, invalid and garbage.
#pragma once

#include "codebooks/codebook.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::test {

// Deterministic for a seed (own splitmix64, no std:: distributions), so a failure reproduces.
// Used by the pipeline robustness test and by bench_parse.
class ExampleTraffic {
public:
    enum class Kind : std::uint8_t { valid, typo, cyrillic, invalid, garbage };
    struct Message {
        std::string text;
        std::string sender;  // the monitor's phone as E.164; empty for "authorized anywhere"
        Kind kind = Kind::valid;
    };

    ExampleTraffic(const Codebook& cb, std::uint64_t seed) : cb_(cb), state_(seed) {
        for (const Monitor& m : cb.monitors)
            if (!m.stations.empty()) monitors_.push_back(&m);
    }

    // The election-night mix: 60% valid, 15% typos, 10% Cyrillic, 10% invalid, 5% garbage.
    Message next() {
        const std::uint64_t r = below(100);
        return next(r < 60 ? Kind::valid : r < 75 ? Kind::typo : r < 85 ? Kind::cyrillic : r < 95 ? Kind::invalid
                                                                                          : Kind::garbage);
    }

    Message next(Kind kind) {
        Message m;
        m.kind = kind;
        const Monitor& mon = *monitors_[below(monitors_.size())];
        m.sender = below(10) == 0 ? std::string() : mon.phone;
        const Station& st = cb_.stations[mon.stations[below(mon.stations.size())]];
        switch (kind) {
            case Kind::valid: m.text = valid(st); break;
            case Kind::typo: m.text = typo(valid(st)); break;
            case Kind::cyrillic: m.text = cyrillic(valid(st)); break;
            case Kind::invalid: m.text = invalid(st); break;
            case Kind::garbage: m.text = garbage(); break;
        }
        return m;
    }

    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rand() % n; }

    std::uint64_t rand() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

private:
    struct Item {
        std::string tag;
        std::string value;
    };

    std::string valid(const Station& st) {
        const std::uint64_t f = below(10);
        const Form* form = cb_.find_form(f < 3 ? "S" : f < 6 ? "R" : f < 8 ? "D" : "N");
        if (form == nullptr) form = &cb_.forms[below(cb_.forms.size())];
        if (form->options_from_candidates && cb_.candidates_in(st.district).empty()) form = cb_.find_form("R");
        if (form == nullptr) form = &cb_.forms.front();
        std::vector<Item> items;
        if (form->kind == FormKind::incident) {
            const std::uint64_t n = 1 + below(3);
            for (std::uint64_t i = 0; i < n && !form->incidents.empty(); ++i)
                items.push_back({"", std::to_string(form->incidents[below(form->incidents.size())].code)});
        } else if (form->kind == FormKind::results) {
            results_items(*form, st, items);
        } else {
            for (const Field& fd : form->fields) {
                if (!fd.required && below(2) == 0) continue;
                items.push_back({fd.tag, field_value(fd)});
            }
        }
        std::string comment;
        if (form->kind == FormKind::incident || below(20) == 0)
            comment = below(2) == 0 ? "two men with bags of ballots" : "всё спокойно, очередь у входа";
        return render(form->code, st.code, items, comment);
    }

    void results_items(const Form& form, const Station& st, std::vector<Item>& items) {
        std::vector<std::string> options = form.option_tags;
        if (form.options_from_candidates) {
            options.clear();
            for (const Candidate& c : cb_.candidates_in(st.district)) options.push_back(c.tag);
        }
        // turnout mostly 30-80%, sometimes above 90% (a warning) or above 100% (an error)
        const std::uint64_t pct = below(50) == 0 ? 91 + below(15) : 30 + below(50);
        std::int64_t cast = st.registered * static_cast<std::int64_t>(pct) / 100;
        cast = std::min<std::int64_t>(cast, 5000);
        const std::int64_t invalid = cast / 50;
        std::int64_t left = cast - invalid;
        for (std::size_t i = 0; i < options.size(); ++i) {
            const std::int64_t v = i + 1 == options.size() ? left : left * static_cast<std::int64_t>(below(60)) / 100;
            left -= v;
            items.push_back({options[i], std::to_string(v)});
        }
        items.push_back({form.invalid_tag, std::to_string(invalid)});
        items.push_back({form.cast_tag, std::to_string(cast)});
        if (below(4) == 0) std::swap(items[below(items.size())], items[below(items.size())]);  // order is free
    }

    std::string field_value(const Field& fd) {
        switch (fd.kind) {
            case FieldKind::time: {
                const std::uint64_t hh = 6 + below(3), mm = below(60);
                std::string s = (hh < 10 ? "0" : "") + std::to_string(hh) + (mm < 10 ? "0" : "") + std::to_string(mm);
                return below(5) == 0 ? s.substr(0, 2) + ":" + s.substr(2) : s;
            }
            case FieldKind::yesno: {
                static constexpr std::string_view yn[] = {"1", "2", "Y", "N", "y", "n"};
                return std::string(yn[below(6)]);
            }
            case FieldKind::choice:
                return fd.choices.empty() ? "1" : std::to_string(fd.choices[below(fd.choices.size())]);
            case FieldKind::multi: {
                std::string s;
                for (int c : fd.choices)
                    if (below(3) == 0) s += static_cast<char>('0' + c);
                return s.empty() && !fd.choices.empty() ? std::to_string(fd.choices.front()) : s;
            }
            case FieldKind::count: {
                const std::int64_t span = std::min<std::int64_t>(fd.max - fd.min, 300);
                return std::to_string(fd.min + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(span) + 1)));
            }
        }
        return "1";
    }

    std::string render(const std::string& form, const std::string& station, const std::vector<Item>& items,
                       const std::string& comment) {
        static constexpr std::string_view seps[] = {" ", " ", " ", "", ",", ", ", ".", "-", ";", "  "};
        const std::string_view sep = seps[below(std::size(seps))];
        const bool inner = below(6) == 0;  // "A 312" or "A:312"
        std::string s = form + (sep.empty() && below(2) == 0 ? " " : std::string(sep)) + station;
        for (const Item& it : items) {
            s += sep.empty() && it.tag.empty() ? std::string(" ") : std::string(sep.empty() ? "" : sep);
            s += it.tag;
            if (inner && !it.tag.empty()) s += below(2) == 0 ? " " : ":";
            s += it.value;
        }
        if (!comment.empty()) s += " @ " + comment;
        if (below(4) == 0) {
            const std::size_t end = std::min(s.find('@'), s.size());
            for (std::size_t i = 0; i < end; ++i)
                if (s[i] >= 'A' && s[i] <= 'Z') s[i] = static_cast<char>(s[i] - 'A' + 'a');
        }
        return s;
    }

    std::string typo(std::string s) {
        const std::size_t at = s.find('@');
        const std::size_t body = at == std::string::npos ? s.size() : at;
        if (body < 4) return s;
        const std::size_t pos = 2 + below(body - 2);
        switch (below(9)) {
            case 0: s.erase(pos, 1); break;                                  // a dropped character
            case 1: s.insert(pos, 1, s[pos]); break;                         // a doubled one
            case 2: std::swap(s[pos - 1], s[pos]); break;                    // two swapped
            case 3: s.insert(pos, " "); break;                               // a space inside a number
            case 4: s.insert(body, " Q1"); break;                            // an item the form lacks
            case 5: s.insert(body, s.substr(s.find(' ', 2) + 1, 4)); break;  // an item twice
            case 6: if (s[pos] >= '0' && s[pos] <= '9') s[pos] = s[pos] == '0' ? 'O' : s[pos] == '1' ? 'l' : s[pos];
                    break;                                                   // O/l for 0/1: still fine
            case 7: if (s[pos] >= '0' && s[pos] <= '8') ++s[pos]; break;     // a wrong digit
            default: s.erase(pos); break;                                    // sent too early
        }
        return s;
    }

    std::string cyrillic(const std::string& s) {
        // What a Russian or Kazakh keyboard gives: lookalikes (fine) and sometimes a letter that only
        // sounds alike (Д for D, Г for G, Ф for F: an UNKNOWN_CHAR)
        std::string out;
        const bool phonetic = below(4) == 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            const char u = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
            const bool lower = c != u;
            const char* cy = nullptr;
            switch (u) {
                case 'A': cy = lower ? "а" : "А"; break;
                case 'B': cy = lower ? "в" : "В"; break;
                case 'C': cy = lower ? "с" : "С"; break;
                case 'E': cy = lower ? "е" : "Е"; break;
                case 'H': cy = lower ? "н" : "Н"; break;
                case 'T': cy = lower ? "т" : "Т"; break;
                case 'X': cy = lower ? "х" : "Х"; break;
                case 'Y': cy = lower ? "ү" : "Ү"; break;
                case 'S': cy = lower ? "ѕ" : "Ѕ"; break;
                case 'D': cy = phonetic ? "Д" : nullptr; break;
                case 'G': cy = phonetic ? "Г" : nullptr; break;
                default: break;
            }
            if (cy != nullptr && s.find('@') > i && below(3) != 0)
                out += cy;
            else
                out += c;
        }
        return out;
    }

    std::string invalid(const Station& st) {
        static constexpr std::string_view forms[] = {"X", "RR", "P", "Q", "RESULT", "5", ""};
        static constexpr std::string_view rest[] = {" A1 B2", " T", " 1 2 3", " A3 12", " AB", " Z9 Y8", ""};
        std::string s(forms[below(std::size(forms))]);
        const std::uint64_t k = below(4);
        s += k == 0 ? " " + st.code.substr(0, 4) : k == 1 ? " 99999" : k == 2 ? "" : " " + st.code;
        s += rest[below(std::size(rest))];
        return s;
    }

    std::string garbage() {
        static constexpr std::string_view pieces[] = {
            "R", "S", "N", "D", "A", "1", "0", "12", " ", ",", ";", "@", "😀", "Ж", "ә", "\xFF", "\xC3", "\xE2\x82",
            "\x07", std::string_view("\0", 1), "Ｒ", "０", "\u3000", "\u200B", "О", "І", "l", "O", "Привет", "?"};
        std::string s;
        const std::uint64_t n = below(8) == 0 ? 300 + below(900) : below(40);
        for (std::uint64_t i = 0; i < n; ++i) s += pieces[below(std::size(pieces))];
        return s;
    }

    const Codebook& cb_;
    std::uint64_t state_;
    std::vector<const Monitor*> monitors_;
};

}  // namespace smsgw::test
