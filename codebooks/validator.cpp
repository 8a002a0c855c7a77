// Validation of a parsed report: station, sender, tags, ranges and the form's checks -> Verdict.
#include "codebooks/validator.hpp"

#include "codebooks/check_facts.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <memory>

namespace smsgw {

std::string_view to_string(Status s) {
    switch (s) {
        case Status::accepted: return "accepted";
        case Status::warning: return "warning";
        case Status::rejected: return "rejected";
    }
    return "?";
}

// The reply shows only the first error, so errors are ordered by what the monitor must fix first:
// 0 UNREGISTERED_SENDER: nothing sent from this phone can be accepted, so retyping anything else
//   is wasted money; the monitor must call the help desk first.
// 1 EMPTY, UNKNOWN_CHAR, UNKNOWN_FORM: the message (or its form) was not understood at all.
// 2 BAD_STATION, UNKNOWN_STATION: every value would be attributed to the wrong station.
// 3 NOT_ASSIGNED: usually a mistyped but existing station code, so still about the station.
// 4 UNKNOWN_TAG, DUPLICATE_TAG, MISSING_VALUE, BAD_VALUE: an item that was not understood; these
//   explain later problems (a mistyped tag also makes the real one "missing").
// 5 OUT_OF_RANGE: an item understood but impossible, most often a typo in the number.
// 6 MISSING_TAGS: items to add; often a consequence of rank 4, so it comes after.
// 7 CHECK_FAILED: the items are fine one by one but inconsistent together.
// 8 DUPLICATE, CONFLICT (decided by the pipeline) and anything else.
// Within a rank, whole-message issues come first, then by position in the message.
int error_rank(Code code) {
    switch (code) {
        case Code::UNREGISTERED_SENDER: return 0;
        case Code::EMPTY:
        case Code::UNKNOWN_CHAR:
        case Code::UNKNOWN_FORM: return 1;
        case Code::BAD_STATION:
        case Code::UNKNOWN_STATION: return 2;
        case Code::NOT_ASSIGNED: return 3;
        case Code::UNKNOWN_TAG:
        case Code::DUPLICATE_TAG:
        case Code::MISSING_VALUE:
        case Code::BAD_VALUE: return 4;
        case Code::OUT_OF_RANGE: return 5;
        case Code::MISSING_TAGS: return 6;
        case Code::CHECK_FAILED: return 7;
        default: return 8;
    }
}

namespace {

// Per-field scratch on the stack for ordinary forms; a heap array only for huge ones.
template <class T>
class Scratch {
public:
    explicit Scratch(std::size_t n) {
        if (n > inline_.size()) heap_ = std::make_unique<T[]>(n);
        data_ = n > inline_.size() ? heap_.get() : inline_.data();
        size_ = n;
        std::fill(data_, data_ + n, T{});
    }
    T& operator[](std::size_t i) { return data_[i]; }
    std::span<const T> span() const { return {data_, size_}; }

private:
    std::array<T, 64> inline_;
    std::unique_ptr<T[]> heap_;  // not std::vector: vector<bool> has no data()
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

// Tags are a few ASCII letters, so packed into an integer (with their length) they compare in one
// instruction; Form::field_index's string compares were the validator's biggest cost.
std::uint64_t tag_key(std::string_view t) {
    if (t.empty() || t.size() > 4) return 0;
    std::uint64_t k = t.size();
    for (char c : t) k = k << 8 | static_cast<unsigned char>(c);
    return k;
}

class FieldIndex {
public:
    explicit FieldIndex(const Form& form) : form_(form), keys_(form.fields.size()) {
        for (std::size_t i = 0; i < form.fields.size(); ++i) keys_[i] = tag_key(form.fields[i].tag);
    }
    int operator()(std::string_view tag) {
        const std::uint64_t k = tag_key(tag);
        if (k == 0) return form_.field_index(tag);  // an unusual tag: compare as strings
        for (std::size_t i = 0; i < form_.fields.size(); ++i)
            if (keys_[i] == k) return static_cast<int>(i);
        return -1;
    }

private:
    const Form& form_;
    Scratch<std::uint64_t> keys_;
};

bool has_code(const std::vector<Issue>& issues, std::initializer_list<Code> codes) {
    for (const Issue& i : issues)
        if (std::find(codes.begin(), codes.end(), i.code) != codes.end()) return true;
    return false;
}

void add(std::vector<Issue>& issues, Code code, std::string detail, int token, std::string text,
         IssueFacts facts = {}) {
    // One complaint per token: the parser may already have said what is wrong with it.
    for (const Issue& i : issues)
        if (token >= 0 && i.token == token) return;
    issues.push_back(Issue{code, std::move(detail), token, std::move(text), std::move(facts)});
}

IssueFacts facts_tag(std::string_view tag, std::string value = {}) {
    IssueFacts f;
    f.tag = tag;
    f.value = std::move(value);
    return f;
}

void sort_by_rank(std::vector<Issue>& errors) {
    auto before = [](const Issue& a, const Issue& b) {
        const int ra = error_rank(a.code), rb = error_rank(b.code);
        return ra != rb ? ra < rb : a.token < b.token;  // token -1 (whole message) sorts first
    };
    // Insertion sort: stable, no buffer, and error lists are a handful of issues.
    for (std::size_t i = 1; i < errors.size(); ++i)
        for (std::size_t j = i; j > 0 && before(errors[j], errors[j - 1]); --j) std::swap(errors[j], errors[j - 1]);
}

std::string value_text(const Field& f, std::int64_t v) {
    std::string s = std::to_string(v);
    if (f.kind == FieldKind::time && v >= 0 && s.size() < 4) s.insert(0, 4 - s.size(), '0');
    return s;
}

std::string digits_list(const std::vector<int>& choices) {
    std::string s;
    for (int c : choices) {
        if (!s.empty()) s += ',';
        s += std::to_string(c);
    }
    return s;
}

bool choice_ok(const Field& f, std::int64_t digit) {
    return std::find(f.choices.begin(), f.choices.end(), digit) != f.choices.end();
}

// Why a value does not fit its field: code, English qualification and the facts (reason and the
// limit); nullopt when it fits.
struct ValueProblem {
    Code code;
    std::string why;
    IssueFacts facts;
};

// Runs for every value of every report: nothing is built unless the value is wrong.
std::optional<ValueProblem> value_problem(const Field& f, std::int64_t v) {
    const auto problem = [](Code code, std::string why, std::string_view reason, Fact fact = Fact::max,
                            std::string_view fact_value = {}) {
        ValueProblem p{code, std::move(why), {}};
        p.facts.reason = reason;
        if (!fact_value.empty()) p.facts.set(fact, fact_value);
        return p;
    };
    switch (f.kind) {
        case FieldKind::count:
            if (v > f.max) return problem(Code::OUT_OF_RANGE, "max " + std::to_string(f.max), "max", Fact::max,
                                          std::to_string(f.max));
            if (v < f.min) return problem(Code::OUT_OF_RANGE, "min " + std::to_string(f.min), "min", Fact::min,
                                          std::to_string(f.min));
            return std::nullopt;
        case FieldKind::yesno:
            if (v == 1 || v == 2) return std::nullopt;
            return problem(Code::OUT_OF_RANGE, "1=yes, 2=no", "yesno");
        case FieldKind::choice:
            if (v >= 0 && v <= 9 && choice_ok(f, v)) return std::nullopt;
            return problem(Code::OUT_OF_RANGE, "choices " + digits_list(f.choices), "choices", Fact::choices,
                           digits_list(f.choices));
        case FieldKind::multi: {
            bool ok = v >= 0;
            for (std::int64_t rest = v; ok; rest /= 10) {
                ok = choice_ok(f, rest % 10);
                if (rest < 10) break;
            }
            if (ok) return std::nullopt;
            return problem(Code::OUT_OF_RANGE, "choices " + digits_list(f.choices), "choices", Fact::choices,
                           digits_list(f.choices));
        }
        case FieldKind::time:
            if (v >= 0 && v / 100 <= 23 && v % 100 <= 59) return std::nullopt;
            return problem(Code::BAD_VALUE, "not a time HHMM", "time");
    }
    return std::nullopt;
}

bool candidate_anywhere(const Codebook& cb, std::string_view tag) {
    for (const Candidate& c : cb.candidates)
        if (c.tag == tag) return true;
    return false;
}

bool in_candidates(std::span<const Candidate> cands, std::string_view tag) {
    for (const Candidate& c : cands)
        if (c.tag == tag) return true;
    return false;
}

const Station* check_station(const Report& report, const Codebook& cb, const Form* form, Verdict& v) {
    if (has_code(v.errors, {Code::BAD_STATION})) return nullptr;  // the parser already said why
    const auto width = static_cast<std::size_t>(cb.election.station_code_width);
    auto need = [width] { return "need " + std::to_string(width) + " digits"; };
    auto facts = [width](std::string_view reason, std::string_view value) {
        IssueFacts f;
        f.reason = reason;
        f.value = value;
        f.set(Fact::width, std::to_string(width));
        return f;
    };
    const std::string& code = report.station;
    if (code.empty()) {
        // The parser reports a missing station itself and leaves the station empty after any
        // problem in it (UNKNOWN_CHAR in "01Ж01"), and after an unknown form it stops reading;
        // so this is only for a report that nothing else explains.
        if (form && v.errors.empty())
            add(v.errors, Code::BAD_STATION, "missing, " + need(), -1, {}, facts("station_missing", {}));
        return nullptr;
    }
    const bool digits = std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || code.size() != width) {
        add(v.errors, Code::BAD_STATION, code + ", " + need(), -1, code, facts("station_width", code));
        return nullptr;
    }
    const Station* station = cb.find_station(code);
    if (!station) {
        IssueFacts f;
        f.set(Fact::station, code);
        add(v.errors, Code::UNKNOWN_STATION, code + " is not on the station list", -1, code, std::move(f));
    }
    return station;
}

void check_sender(const Codebook& cb, const Sender& sender, const Station* station, Verdict& v) {
    if (sender.any_station) return;
    const Monitor* monitor = nullptr;
    if (sender.e164) {
        monitor = cb.find_monitor(*sender.e164);
    } else if (auto e164 = normalize_phone(sender.raw, cb.election.phones)) {
        monitor = cb.find_monitor(*e164);
    }
    v.monitor = monitor;
    const std::string& who = sender.e164 ? *sender.e164 : sender.raw;
    if (!monitor) {
        IssueFacts facts;
        facts.value = who;
        add(v.errors, Code::UNREGISTERED_SENDER, who + " is not a registered monitor", -1, who, std::move(facts));
    } else if (station && !cb.monitor_covers(*monitor, *station)) {
        IssueFacts facts;
        facts.set(Fact::station, station->code);
        add(v.errors, Code::NOT_ASSIGNED, station->code + " is not assigned to " + monitor->phone, -1, station->code,
            std::move(facts));
    }
}

void check_incidents(const Report& report, const Form& form, Verdict& v) {
    for (const TagValue& tv : report.values)
        add(v.errors, Code::UNKNOWN_TAG, tv.tag, tv.token, tv.tag + std::to_string(tv.value),
            facts_tag(tv.tag, std::to_string(tv.value)));
    for (int code : report.incidents)
        if (!form.find_incident(code)) {
            IssueFacts facts;
            facts.reason = "incident_unknown";
            facts.value = std::to_string(code);
            add(v.errors, Code::UNKNOWN_TAG, std::to_string(code), -1, std::to_string(code), std::move(facts));
        }
    if (report.incidents.empty() &&
        !has_code(v.errors, {Code::UNKNOWN_TAG, Code::BAD_VALUE, Code::MISSING_VALUE, Code::UNKNOWN_CHAR, Code::EMPTY})) {
        IssueFacts facts;
        facts.reason = "incident_missing";
        add(v.errors, Code::MISSING_TAGS, "incident code", -1, {}, std::move(facts));
    }
}

// Whether checks can say anything useful: every item understood, every value valid.
bool checks_meaningful(const Verdict& v) {
    return !has_code(v.errors, {Code::EMPTY, Code::UNKNOWN_CHAR, Code::UNKNOWN_TAG, Code::DUPLICATE_TAG,
                                Code::MISSING_VALUE, Code::BAD_VALUE, Code::OUT_OF_RANGE});
}

// `options_known` is false on a candidates form without a known station: its options are then
// unknown, and a check over sum(options) would see an empty sum.
void run_checks(const Form& form, const Station* station, std::span<const std::int64_t> values,
                std::span<const bool> present, std::span<const std::uint16_t> options, Verdict& v,
                bool options_known = true) {
    ExprEnv env;
    env.values = values;
    env.present = present;
    env.option_fields = options;
    env.station = station;
    for (const Check& check : form.checks) {
        if (!options_known && check.expr.uses_options()) continue;
        const EvalResult r = check.expr.evaluate(env);
        if (r.status == EvalStatus::not_applicable) continue;
        if (r.status == EvalStatus::ok && r.value != 0) continue;
        if (!env.tag_name)
            env.tag_name = [&form](std::uint16_t i) -> std::string_view {
                return i < form.fields.size() ? std::string_view(form.fields[i].tag) : std::string_view("?");
            };
        IssueFacts facts = check_facts(check, check.expr.explain(env), r.status == EvalStatus::overflow);
        used_values(check.expr, form, values, present, station, facts);
        std::string detail = check.id + ": " + std::string(facts.get(Fact::arithmetic));
        if (!check.message.empty()) detail += " (" + fill_check_message(check.message, facts) + ")";
        if (check.severity == Severity::error)
            add(v.errors, Code::CHECK_FAILED, std::move(detail), -1, check.id, std::move(facts));
        else
            add(v.warnings, Code::CHECK_WARNING, std::move(detail), -1, check.id, std::move(facts));
    }
}

void check_fields(const Report& report, const Codebook& cb, const Form& form, const Station* station, Verdict& v) {
    const std::size_t n = form.fields.size();
    Scratch<std::int64_t> values(n);
    Scratch<bool> present(n);
    Scratch<std::uint16_t> options(n);
    std::size_t option_count = 0;
    FieldIndex field_index(form);

    // On a candidates form the options are the station district's candidates; without a known
    // station they are unknown, and candidate tags are then neither required nor rejected.
    const bool by_candidates = form.kind == FormKind::results && form.options_from_candidates;
    const std::span<const Candidate> cands = by_candidates && station ? cb.candidates_in(station->district)
                                                                      : std::span<const Candidate>{};
    // A field is a candidate field when some district lists its tag; invalid and cast never are.
    auto candidate_field = [&](const Field& f) {
        return by_candidates && f.tag != form.invalid_tag && f.tag != form.cast_tag &&
               (in_candidates(cands, f.tag) || candidate_anywhere(cb, f.tag));
    };

    for (const TagValue& tv : report.values) {
        const int fi = field_index(tv.tag);
        if (fi < 0) {
            add(v.errors, Code::UNKNOWN_TAG, tv.tag, tv.token, tv.tag + std::to_string(tv.value),
                facts_tag(tv.tag, std::to_string(tv.value)));
            continue;
        }
        const Field& f = form.fields[static_cast<std::size_t>(fi)];
        if (by_candidates && station && !in_candidates(cands, f.tag) && candidate_field(f)) {
            IssueFacts facts = facts_tag(tv.tag, value_text(f, tv.value));
            facts.reason = "not_candidate";
            facts.set(Fact::district, std::to_string(station->district));
            std::string detail = tv.tag + " (not a candidate in district " + std::to_string(station->district) + ")";
            add(v.errors, Code::UNKNOWN_TAG, std::move(detail), tv.token, tv.tag + value_text(f, tv.value),
                std::move(facts));
            continue;
        }
        if (present[static_cast<std::size_t>(fi)]) {
            add(v.errors, Code::DUPLICATE_TAG, tv.tag + " given twice", tv.token, tv.tag + value_text(f, tv.value),
                facts_tag(tv.tag, value_text(f, tv.value)));
            continue;
        }
        present[static_cast<std::size_t>(fi)] = true;
        values[static_cast<std::size_t>(fi)] = tv.value;
        if (auto problem = value_problem(f, tv.value)) {
            const std::string text = tv.tag + value_text(f, tv.value);
            problem->facts.tag = tv.tag;
            problem->facts.value = value_text(f, tv.value);
            add(v.errors, problem->code, tv.tag + "=" + value_text(f, tv.value) + " (" + problem->why + ")", tv.token,
                text, std::move(problem->facts));
        }
    }

    // The parser drops an item whose value it could not read ("A2575", "B", "CY", "A3Ж2", a
    // second "A"), but the monitor did type that tag: calling it missing as well would be wrong and
    // confusing. The parser names the item in facts.tag.
    Scratch<bool> mentioned(n);
    for (const Issue& e : v.errors) {
        if (e.token < 0 || e.facts.tag.empty()) continue;
        if (e.code == Code::UNKNOWN_TAG) continue;  // a tag the form does not have stands for nothing
        if (const int fi = field_index(e.facts.tag); fi >= 0) mentioned[static_cast<std::size_t>(fi)] = true;
    }

    std::string missing;
    for (std::size_t i = 0; i < n; ++i) {
        if (present[i] || mentioned[i]) continue;
        const Field& f = form.fields[i];
        bool required = f.required;
        if (by_candidates && candidate_field(f)) required = station && in_candidates(cands, f.tag);
        if (!required) continue;
        if (!missing.empty()) missing += ", ";
        missing += f.tag;
    }
    if (!missing.empty()) {
        IssueFacts facts;
        facts.set(Fact::tags, missing);
        add(v.errors, Code::MISSING_TAGS, missing, -1, missing, std::move(facts));
    }

    if (!checks_meaningful(v) || form.checks.empty()) return;
    if (form.kind == FormKind::results) {
        if (by_candidates) {
            for (const Candidate& c : cands)
                if (const int fi = field_index(c.tag); fi >= 0 && option_count < n)
                    options[option_count++] = static_cast<std::uint16_t>(fi);
        } else {
            for (const std::string& tag : form.option_tags)
                if (const int fi = field_index(tag); fi >= 0 && option_count < n)
                    options[option_count++] = static_cast<std::uint16_t>(fi);
        }
    }
    run_checks(form, station, values.span(), present.span(), options.span().first(option_count), v,
               !by_candidates || station != nullptr);
}

}  // namespace

Verdict validate(const Report& report, const Codebook& cb, const Sender& sender) {
    Verdict v;
    v.errors = report.errors;
    v.warnings = report.warnings;

    const Form* form = report.form.empty() ? nullptr : cb.find_form(report.form);
    v.form = form;
    // The parser names an unknown form itself, and leaves the form empty when it gave up earlier
    // (EMPTY, a message too long to read); this is for a report nothing else explains.
    if (!form && v.errors.empty())
        add(v.errors, Code::UNKNOWN_FORM, report.form.empty() ? std::string("missing") : report.form, -1, report.form,
            facts_tag({}, report.form));

    v.station = check_station(report, cb, form, v);
    check_sender(cb, sender, v.station, v);

    if (form) {
        if (form->kind == FormKind::incident) {
            check_incidents(report, *form, v);
            if (checks_meaningful(v) && !form->checks.empty()) run_checks(*form, v.station, {}, {}, {}, v);
        } else {
            for (int code : report.incidents)  // the parser should not produce these; never drop them silently
                add(v.errors, Code::UNKNOWN_TAG, std::to_string(code), -1, std::to_string(code),
                    facts_tag({}, std::to_string(code)));
            check_fields(report, cb, *form, v.station, v);
        }
    }

    if (v.errors.size() > 1) sort_by_rank(v.errors);
    v.status = !v.errors.empty() ? Status::rejected : !v.warnings.empty() ? Status::warning : Status::accepted;
    return v;
}

}  // namespace smsgw
