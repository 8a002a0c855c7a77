// Builds rejected variants of a report, each aimed at one stable error code, and uncatchable wrong values.
#include "daemon/simulate/mistakes.hpp"

#include <algorithm>

namespace smsgw::sim {

namespace {

enum class Kind { missing_tag, sum_mismatch, split_value, out_of_range, unknown_incident, station_digit, cyrillic_form };

const Field* field_of(const Form& form, const std::string& tag) {
    const int i = form.field_index(tag);
    return i < 0 ? nullptr : &form.fields[static_cast<std::size_t>(i)];
}

bool is_option(const Form& form, const std::string& tag) {
    return form.kind == FormKind::results && tag != form.invalid_tag && tag != form.cast_tag;
}

std::optional<Mistake> missing_tag(ExampleRng& rng, const Form& form, const Draft& meant) {
    std::vector<std::size_t> required;
    for (std::size_t i = 0; i < meant.items.size(); ++i) {
        const Field* f = field_of(form, meant.items[i].tag);
        if (f != nullptr && (f->required || is_option(form, meant.items[i].tag))) required.push_back(i);
    }
    if (required.empty()) return std::nullopt;
    Mistake m{meant, {}, Code::MISSING_TAGS};
    m.draft.items.erase(m.draft.items.begin() + static_cast<std::ptrdiff_t>(required[rng.below(required.size())]));
    return m;
}

// 148 typed as 184: the options no longer add up to the ballots cast.
std::optional<Mistake> sum_mismatch(ExampleRng& rng, const Form& form, const Draft& meant) {
    if (form.kind != FormKind::results) return std::nullopt;
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < meant.items.size(); ++i) {
        const std::string v = std::to_string(meant.items[i].value);
        if (is_option(form, meant.items[i].tag) && v.size() >= 2 && v[v.size() - 1] != v[v.size() - 2])
            candidates.push_back(i);
    }
    if (candidates.empty()) return std::nullopt;
    Mistake m{meant, {}, Code::CHECK_FAILED};
    Draft::Item& item = m.draft.items[candidates[rng.below(candidates.size())]];
    std::string v = std::to_string(item.value);
    std::swap(v[v.size() - 1], v[v.size() - 2]);
    item.value = std::stoll(v);
    const Field* f = field_of(form, item.tag);
    if (f != nullptr && item.value > f->max) return std::nullopt;
    return m;
}

std::optional<Mistake> split_value(ExampleRng& rng, const Form& form, const Draft& meant) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < meant.items.size(); ++i)
        if (meant.items[i].kind == FieldKind::count && meant.items[i].value >= 10 && field_of(form, meant.items[i].tag))
            candidates.push_back(i);
    if (candidates.empty()) return std::nullopt;
    Mistake m{meant, {}, Code::BAD_VALUE};
    m.slip.split_item = static_cast<int>(candidates[rng.below(candidates.size())]);
    return m;
}

std::optional<Mistake> out_of_range(ExampleRng& rng, const Form& form, const Draft& meant) {
    if (form.kind != FormKind::checklist) return std::nullopt;
    for (std::size_t tries = 0; tries < meant.items.size() * 2; ++tries) {
        const std::size_t i = rng.below(meant.items.size());
        const Field* f = field_of(form, meant.items[i].tag);
        if (f == nullptr) continue;
        Mistake m{meant, {}, Code::OUT_OF_RANGE};
        if (f->kind == FieldKind::count && f->max < 1000) {
            m.draft.items[i].value = f->max + rng.between(1, 40);
            return m;
        }
        if (f->kind == FieldKind::choice) {
            std::vector<int> unlisted;
            for (int digit = 1; digit <= 9; ++digit)
                if (std::find(f->choices.begin(), f->choices.end(), digit) == f->choices.end()) unlisted.push_back(digit);
            if (unlisted.empty()) continue;
            m.draft.items[i].value = unlisted[rng.below(unlisted.size())];
            return m;
        }
    }
    return std::nullopt;
}

std::optional<Mistake> unknown_incident(ExampleRng& rng, const Form& form, const Draft& meant) {
    if (form.kind != FormKind::incident) return std::nullopt;
    int top = 0;
    for (const auto& ic : form.incidents) top = std::max(top, ic.code);
    Mistake m{meant, {}, Code::UNKNOWN_TAG};
    m.draft.incidents.push_back(top + static_cast<int>(rng.between(1, 9)));
    return m;
}

// One digit of the station code wrong (another station, or none), or one dropped.
std::optional<Mistake> station_digit(ExampleRng& rng, const Codebook& cb, const Monitor& monitor, const Draft& meant) {
    if (meant.station.size() < 2) return std::nullopt;
    Mistake m{meant, {}, Code::BAD_STATION};
    if (rng.chance(1, 4)) {
        m.draft.station.erase(rng.below(meant.station.size()), 1);
        return m;
    }
    for (int tries = 0; tries < 10; ++tries) {
        std::string code = meant.station;
        const std::size_t pos = 1 + rng.below(code.size() - 1);
        code[pos] = static_cast<char>('0' + (code[pos] - '0' + 1 + rng.below(9)) % 10);
        const Station* other = cb.find_station(code);
        if (other != nullptr && cb.monitor_covers(monitor, *other)) continue;
        m.draft.station = code;
        m.code = other != nullptr ? Code::NOT_ASSIGNED : Code::UNKNOWN_STATION;
        return m;
    }
    return std::nullopt;
}

std::optional<Mistake> cyrillic_form(const Codebook& cb, const Monitor& monitor, const Draft& meant) {
    if (monitor.language == "en" || meant.form.empty()) return std::nullopt;
    const char32_t cp = misleading_cyrillic(meant.form[0]);
    if (cp == 0) return std::nullopt;
    std::string read_as(1, latin_of(cp));
    read_as += meant.form.substr(1);
    if (cb.find_form(read_as) != nullptr) return std::nullopt;
    Mistake m{meant, {}, Code::UNKNOWN_FORM};
    m.slip.cyrillic_form = true;
    return m;
}

}  // namespace

std::optional<Mistake> make_mistake(ExampleRng& rng, const Codebook& cb, const Monitor& monitor, const Form& form,
                                    const Draft& meant) {
    static constexpr Kind kinds[] = {Kind::missing_tag,  Kind::sum_mismatch,     Kind::split_value,  Kind::out_of_range,
                                     Kind::unknown_incident, Kind::station_digit, Kind::cyrillic_form};
    const std::size_t start = rng.below(std::size(kinds));
    for (std::size_t k = 0; k < std::size(kinds); ++k) {
        std::optional<Mistake> m;
        switch (kinds[(start + k) % std::size(kinds)]) {
            case Kind::missing_tag: m = missing_tag(rng, form, meant); break;
            case Kind::sum_mismatch: m = sum_mismatch(rng, form, meant); break;
            case Kind::split_value: m = split_value(rng, form, meant); break;
            case Kind::out_of_range: m = out_of_range(rng, form, meant); break;
            case Kind::unknown_incident: m = unknown_incident(rng, form, meant); break;
            case Kind::station_digit: m = station_digit(rng, cb, monitor, meant); break;
            case Kind::cyrillic_form: m = cyrillic_form(cb, monitor, meant); break;
        }
        if (m) return m;
    }
    return std::nullopt;
}

std::optional<Draft> wrong_values(ExampleRng& rng, const Form& form, const Draft& meant) {
    Draft d = meant;
    if (form.kind == FormKind::results) {
        std::vector<std::size_t> options;
        for (std::size_t i = 0; i < d.items.size(); ++i)
            if (is_option(form, d.items[i].tag)) options.push_back(i);
        if (options.size() < 2) return std::nullopt;
        std::vector<std::size_t> donors;
        for (std::size_t i : options)
            if (d.items[i].value > 0) donors.push_back(i);
        if (donors.empty()) return std::nullopt;
        const std::size_t from = donors[rng.below(donors.size())];
        std::size_t to = options[rng.below(options.size())];
        if (to == from) to = options[(std::find(options.begin(), options.end(), from) - options.begin() + 1) % options.size()];
        const std::int64_t moved = rng.between(1, std::min<std::int64_t>(d.items[from].value, 60));
        d.items[from].value -= moved;
        d.items[to].value += moved;
        return d;
    }
    if (form.kind != FormKind::checklist) return std::nullopt;
    // One answer changed: a yes/no the other way, or a count one higher.
    std::vector<std::size_t> changeable;
    for (std::size_t i = 0; i < d.items.size(); ++i) {
        const Field* f = field_of(form, d.items[i].tag);
        if (f != nullptr && (f->kind == FieldKind::yesno || (f->kind == FieldKind::count && d.items[i].value < f->max)))
            changeable.push_back(i);
    }
    if (changeable.empty()) return std::nullopt;
    Draft::Item& item = d.items[changeable[rng.below(changeable.size())]];
    item.value = item.kind == FieldKind::yesno ? (item.value == 1 ? 2 : 1) : item.value + 1;
    return d;
}

}  // namespace smsgw::sim
