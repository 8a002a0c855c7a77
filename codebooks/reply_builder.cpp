// Reply building: template filling in one pass, then shortening step by step until one SMS holds it.
#include "codebooks/reply_builder.hpp"

#include "codebooks/check_facts.hpp"
#include "codebooks/gsm7.hpp"

#include <algorithm>
#include <optional>

namespace smsgw {
namespace {

// Nothing longer than this can be in a one-SMS reply, so inserted texts are clipped to it first
// and a pathological megabyte of detail costs no more than a normal one.
constexpr std::size_t max_inserted_chars = 170;
constexpr std::size_t max_field_chars = 24;   // station, tag, value, form, echo items
constexpr std::size_t max_ref_chars = 16;     // ours are <= 14; keeps "ERR <CODE> <ref>" in 70 units
constexpr std::size_t min_detail_chars = 12;  // below this a cut detail says nothing

constexpr std::string_view gsm_mark = "..";           // keeps a GSM-7 reply GSM-7
constexpr std::string_view ucs2_mark = "\u2026";     // one unit instead of two

// Inserted text: invalid UTF-8 -> '?', control characters (line breaks too) -> space, and at
// most `max_chars` characters. Templates keep their line breaks (`keep_breaks`).
std::string clean(std::string_view s, std::size_t max_chars, bool keep_breaks = false) {
    std::string out;
    out.reserve(std::min(s.size(), max_chars * 4));
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size() && chars < max_chars; ++chars) {
        const Utf8Char u = decode_utf8(s, i);
        if (!u.valid) {
            out += '?';
        } else if (u.cp < 0x20 || (u.cp >= 0x7F && u.cp <= 0x9F) || u.cp == 0x2028 || u.cp == 0x2029) {
            out += keep_breaks && (u.cp == '\n' || u.cp == '\r') ? static_cast<char>(u.cp) : ' ';
        } else {
            out.append(s.substr(i, u.len));
        }
        i += u.len;
    }
    return out;
}

// Byte offset after the first `chars` characters of valid UTF-8.
std::size_t prefix_bytes(std::string_view s, std::size_t chars) {
    std::size_t i = 0;
    for (; i < s.size() && chars > 0; --chars) i += decode_utf8(s, i).len;
    return i;
}

std::size_t char_count(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n) i += decode_utf8(s, i).len;
    return n;
}

void trim_right(std::string& s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
}

std::string trimmed(std::string s) {
    trim_right(s);
    const auto first = s.find_first_not_of(' ');
    return first == std::string::npos ? std::string{} : s.substr(first);
}

// Placeholder values by name; one pass over the template, so text inside a value (a monitor's
// "{ref}") is never expanded again. Unknown {names} stay as written.
struct Values {
    std::string_view echo, ref, problem, more, n, form, station, tag, value, detail;
    const IssueFacts* facts = nullptr;  // {width} {min} ... ; empty without an issue
    std::string_view message, tags;      // cut like the detail
    std::string_view forms;              // the codebook's form codes, "S, R, D, N"
    std::string_view values;             // a check's values as understood, "T=450"; cut like the detail

    std::optional<std::string_view> get(std::string_view name) const {
        if (name == "message") return message;
        if (name == "tags") return tags;
        if (name == "forms") return forms;
        if (name == "values") return values;
        if (const auto f = fact(name)) return f;
        if (name == "echo") return echo;
        if (name == "ref") return ref;
        if (name == "problem") return problem;
        if (name == "more") return more;
        if (name == "n") return n;
        if (name == "form") return form;
        if (name == "station") return station;
        if (name == "tag") return tag;
        if (name == "value") return value;
        if (name == "detail") return detail;
        return std::nullopt;
    }

    std::optional<std::string_view> fact(std::string_view name) const {
        static constexpr std::pair<std::string_view, Fact> names[] = {
            {"width", Fact::width},       {"min", Fact::min},     {"max", Fact::max}, {"choices", Fact::choices},
            {"district", Fact::district}, {"check", Fact::check}, {"lhs", Fact::lhs}, {"rhs", Fact::rhs},
            {"registered", Fact::registered}};
        if (name == "reason") return facts ? facts->reason : std::string_view{};
        for (const auto& [n, f] : names)
            if (n == name) return facts ? facts->get(f) : std::string_view{};
        return std::nullopt;
    }
};

bool closes_gap(char c) {
    return c == ' ' || c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?' || c == ')';
}

std::string fill(std::string_view tpl, const Values& values) {
    std::string out;
    out.reserve(tpl.size() + 64);
    std::size_t i = 0;
    while (i < tpl.size()) {
        const auto open = tpl.find('{', i);
        if (open == std::string_view::npos) break;
        const auto close = tpl.find('}', open + 1);
        if (close == std::string_view::npos) break;
        if (const auto inner = tpl.find('{', open + 1); inner < close) {  // "{ {ref}": the first brace is text
            out.append(tpl.substr(i, inner - i));
            i = inner;
            continue;
        }
        const auto value = values.get(tpl.substr(open + 1, close - open - 1));
        out.append(tpl.substr(i, (value ? open : close + 1) - i));
        i = close + 1;
        if (!value) continue;
        if (!value->empty()) {
            out.append(*value);
        } else if (!out.empty() && out.back() == ' ' && (i == tpl.size() || closes_gap(tpl[i]))) {
            out.pop_back();  // "OK {echo} {ref}" with no echo is "OK #4F2A", not "OK  #4F2A"
        }
        // "R 01234…" before the template's "." reads better, and is shorter, without it.
        if (i < tpl.size() && tpl[i] == '.' && std::string_view(out).ends_with(ucs2_mark)) ++i;
    }
    out.append(tpl.substr(i));
    return out;
}

std::string format_value(std::int64_t value, const Form* form, std::string_view tag) {
    const int index = form ? form->field_index(tag) : -1;
    std::string digits = std::to_string(value);
    if (index >= 0 && form->fields[static_cast<std::size_t>(index)].kind == FieldKind::time && value >= 0 &&
        digits.size() < 4)
        digits.insert(0, 4 - digits.size(), '0');
    return digits;
}

std::vector<std::string> echo_items(const Report& r, const Form* form) {
    std::vector<std::string> items;
    if (!r.form.empty()) items.push_back(clean(r.form, max_field_chars));
    if (!r.station.empty()) items.push_back(clean(r.station, max_field_chars));
    for (const TagValue& tv : r.values) {
        const std::string tag = clean(tv.tag, max_field_chars);
        items.push_back(tag + format_value(tv.value, form, tv.tag));
    }
    for (const int code : r.incidents) items.push_back(std::to_string(code));
    if (r.has_comment) items.emplace_back("@");
    return items;
}

// The tag of an issue the parser or validator named no tag for (facts.tag): the parsed value at
// the issue's token when there is one, else the leading letters of the offending text as typed.
std::string tag_of(const Issue& issue, const Report& r) {
    for (const TagValue& tv : r.values)
        if (issue.token >= 0 && tv.token == issue.token) return clean(tv.tag, max_field_chars);
    std::string letters;
    for (const char c : issue.text) {
        if (c >= 'a' && c <= 'z') letters += static_cast<char>(c - 'a' + 'A');
        else if (c >= 'A' && c <= 'Z') letters += c;
        else break;
    }
    return clean(letters.empty() ? issue.text : letters, max_field_chars);
}

// A failed check's detail for people leads with the check's message, its {placeholders} filled
// in, and then its arithmetic: "parties + X must equal T: A+B+X=610 but T=2500". In a 70-character
// UCS-2 reply a cut would otherwise fall in the arithmetic and lose the codebook's words for the
// monitor.
std::string reply_detail(const Issue& issue, const Form* form) {
    if (issue.detail.empty()) return issue.text;
    if ((issue.code != Code::CHECK_FAILED && issue.code != Code::CHECK_WARNING) || !form) return issue.detail;
    for (const Check& c : form->checks) {
        if (c.id != issue.text || c.message.empty()) continue;
        return fill_check_message(c.message, issue.facts) + ": " + std::string(issue.facts.get(Fact::arithmetic));
    }
    return issue.detail;
}

// A check's message in the reply's language with {lhs} {rhs} {check} filled in; the detail when the
// check has no message (older codebooks) or the issue is no check.
std::string check_message(const Issue& issue, const Form* form, std::string_view language) {
    if ((issue.code != Code::CHECK_FAILED && issue.code != Code::CHECK_WARNING) || !form) return reply_detail(issue, form);
    const std::string_view id = issue.facts.get(Fact::check).empty() ? std::string_view(issue.text)
                                                                      : issue.facts.get(Fact::check);
    for (const Check& c : form->checks) {
        if (c.id != id) continue;
        const std::string& tpl = c.message_for(language);
        if (tpl.empty()) break;
        Values v{};
        v.facts = &issue.facts;
        v.values = issue.facts.get(Fact::values);
        return fill(tpl, v);
    }
    return reply_detail(issue, form);
}

// Issues whose offending text is a station code (the parser leaves Report::station empty when
// the code is malformed, but the monitor should still see what was read).
bool is_about_station(const Issue* issue) {
    return issue && (issue->code == Code::BAD_STATION || issue->code == Code::UNKNOWN_STATION ||
                     issue->code == Code::NOT_ASSIGNED || issue->code == Code::CONFLICT);
}

std::string value_of(const Issue& issue, const Report& r, const Form* form) {
    for (const TagValue& tv : r.values)
        if (issue.token >= 0 && tv.token == issue.token) return format_value(tv.value, form, tv.tag);
    return clean(issue.text, max_inserted_chars);
}

// Everything a reply can contain, cleaned once; shapes then choose how much of it to use.
struct Material {
    std::string status_tpl;
    std::string problem_tpl;   // reasons[REASON], else errors[CODE], else "CODE {detail}"
    std::string more_tpl;
    std::vector<std::string> echo;
    std::string ref, n;
    // What the monitor typed or the codebook says, inserted into the language's own words: each is
    // cut to the shape's detail_chars, so a long value shortens the reply and never drops its
    // language (Insert order is the order of `inserts`).
    enum Insert : std::size_t { detail, message, tags, value, tag, station, form, forms, values, count };
    std::string inserts[count];
    std::size_t insert_chars[count] = {};
    IssueFacts facts;           // cleaned
    std::size_t detail_chars = 0;  // the longest insert
    bool has_problem = false;
};

struct Shape {
    std::size_t echo_items;
    std::size_t detail_chars;
    bool more;
    bool bare = false;  // the problem and the reference alone, without the status template's words
};

// The first `chars` characters of `text`, backed up to the last space when that loses only the
// start of a word (at most max_word_back characters, keeping min_detail_chars): "52600 but…"
// rather than "52600 but s…". A longer cut is never shorter, so fitting stays monotone.
std::string cut_at_word(std::string_view text, std::size_t chars) {
    constexpr std::size_t max_word_back = 8;
    std::size_t end = prefix_bytes(text, chars);
    if (end < text.size() && text[end] != ' ') {
        const auto space = text.substr(0, end).rfind(' ');
        if (space != std::string_view::npos && char_count(text.substr(space, end - space)) <= max_word_back &&
            char_count(text.substr(0, space)) >= min_detail_chars)
            end = space;
    }
    std::string out(text.substr(0, end));
    // the mark follows a cut; a cut inside a "..." of the text would read ".…"
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
    return out;
}

std::string render(const Material& m, const Shape& shape, std::string_view mark) {
    std::string echo;
    for (std::size_t i = 0; i < shape.echo_items && i < m.echo.size(); ++i) {
        if (i) echo += ' ';
        echo += m.echo[i];
    }
    if (shape.echo_items > 0 && shape.echo_items < m.echo.size()) echo += mark;

    // Inserts within the limit are used as they are (the usual case: no copy).
    std::string cut[Material::count];
    std::string_view in[Material::count];
    for (std::size_t k = 0; k < Material::count; ++k) {
        if (shape.detail_chars >= m.insert_chars[k]) {
            in[k] = m.inserts[k];
        } else {
            cut[k] = cut_at_word(m.inserts[k], shape.detail_chars) + std::string(mark);
            in[k] = cut[k];
        }
    }
    Values v{echo,
             m.ref,
             {},
             {},
             m.n,
             in[Material::form],
             in[Material::station],
             in[Material::tag],
             in[Material::value],
             in[Material::detail],
             &m.facts,
             in[Material::message],
             in[Material::tags],
             in[Material::forms],
             in[Material::values]};
    const std::string problem = m.has_problem ? trimmed(fill(m.problem_tpl, v)) : std::string{};
    const std::string more = shape.more && m.n != "0" ? fill(m.more_tpl, v) : std::string{};
    v.problem = problem;
    v.more = more;
    return trimmed(fill(shape.bare ? std::string_view("{problem} {ref}") : std::string_view(m.status_tpl), v));
}

// Renders with ".." and, when the text is UCS-2 anyway, with the shorter "…".
std::optional<std::string> fitting(const Material& m, const Shape& shape) {
    std::string text = render(m, shape, gsm_mark);
    SmsSize size = sms_size(text);
    if (size.coding == SmsCoding::ucs2) {
        text = render(m, shape, ucs2_mark);
        size = sms_size(text);
    }
    if (size.fits_one()) return text;
    return std::nullopt;
}

// The shape make(k) with the largest k in [lo, hi] that fits. make(hi) is uncut (no mark) and
// tried first: it is the usual case. Below it fitting is monotone in k: a shorter cut is never
// longer, and if it drops the last UCS-2 character its GSM-7 form (at most 2 septets per former
// unit, so < 160) fits too. Binary search keeps a megabyte of detail at ~10 renders.
template <class MakeShape>
std::optional<std::string> best_fit(const Material& m, std::size_t lo, std::size_t hi, MakeShape make) {
    std::optional<std::string> best = fitting(m, make(hi));
    if (best || hi == lo) return best;
    --hi;
    while (lo <= hi) {
        const std::size_t mid = lo + (hi - lo + 1) / 2;
        if (auto text = fitting(m, make(mid))) {
            best = std::move(text);
            lo = mid + 1;
        } else if (mid == 0) {
            break;
        } else {
            hi = mid - 1;
        }
    }
    return best;
}

std::string minimal(Status status, const Issue* problem, std::string_view ref) {
    std::string out = status == Status::rejected ? "ERR" : "OK";
    if (problem) {
        out += ' ';
        out += to_string(problem->code);
    }
    out += ' ';
    out += ref;
    return out;
}

// The codebook's template for a status, or a built-in one when the language has none.
std::string_view status_template(const ReplyTemplates& t, Status status) {
    switch (status) {
        case Status::accepted: return t.accepted.empty() ? "OK {echo} {ref}" : std::string_view(t.accepted);
        case Status::warning: return t.warning.empty() ? "OK {echo} {problem} {ref}" : std::string_view(t.warning);
        case Status::rejected: break;
    }
    return t.rejected.empty() ? "ERR {problem}{more} {ref}" : std::string_view(t.rejected);
}

// Templates must end with the reference: one that does not gets it appended.
std::string ending_with_ref(std::string_view tpl) {
    std::string t(tpl);
    trim_right(t);
    if (t.size() < 5 || t.compare(t.size() - 5, 5, "{ref}") != 0) t += " {ref}";
    return t;
}

}  // namespace

std::string compact_echo(const Report& r, const Form* form) {
    std::string out;
    for (const std::string& item : echo_items(r, form)) {
        if (!out.empty()) out += ' ';
        out += item;
    }
    return out;
}

std::string build_reply(const Verdict& v, const Report& r, const Codebook& cb, std::string_view language,
                        std::string_view ref, const ReplyExtras& extras) {
    std::vector<const Issue*> errors;
    std::vector<const Issue*> warnings;
    for (const Issue& i : extras.errors) errors.push_back(&i);
    for (const Issue& i : v.errors) errors.push_back(&i);
    for (const Issue& i : extras.warnings) warnings.push_back(&i);
    for (const Issue& i : v.warnings) warnings.push_back(&i);

    Status status = Status::accepted;
    if (!errors.empty() || v.status == Status::rejected) status = Status::rejected;
    else if (!warnings.empty()) status = Status::warning;
    const std::vector<const Issue*>& problems = status == Status::rejected ? errors : warnings;
    const Issue* problem = problems.empty() ? nullptr : problems.front();

    Material m;
    m.ref = clean(ref, max_ref_chars);
    if (status == Status::rejected && !problem) return minimal(status, nullptr, m.ref);

    const ReplyTemplates& t = cb.replies_for(language);
    const Form* form = v.form ? v.form : cb.find_form(r.form);
    m.status_tpl = ending_with_ref(clean(status_template(t, status), max_inserted_chars, true));
    m.more_tpl =
        clean(t.more.empty() ? std::string_view(" (+{n})") : std::string_view(t.more), max_inserted_chars, true);
    m.echo = echo_items(r, form);
    std::string* in = m.inserts;
    in[Material::form] = clean(r.form, max_field_chars);
    in[Material::station] = clean(!r.station.empty()          ? std::string_view(r.station)
                                  : v.station                 ? std::string_view(v.station->code)
                                  : is_about_station(problem) ? std::string_view(problem->text)
                                                              : std::string_view{},
                                  max_inserted_chars);
    m.n = std::to_string(problems.empty() ? 0 : problems.size() - 1);
    if (problem) {
        m.has_problem = true;
        const auto by_reason = problem->facts.reason.empty() ? t.reasons.end() : t.reasons.find(problem->facts.reason);
        const auto it = t.errors.find(to_string(problem->code));
        m.problem_tpl = by_reason != t.reasons.end() && !by_reason->second.empty()
                            ? clean(by_reason->second, max_inserted_chars)
                        : it != t.errors.end() && !it->second.empty()
                            ? clean(it->second, max_inserted_chars)
                            : std::string(to_string(problem->code)) + " {detail}";
        in[Material::detail] = clean(reply_detail(*problem, form), max_inserted_chars);
        // the check's message in the language the templates are in
        const std::string_view lang = cb.replies.contains(language) ? language
                                                                    : std::string_view(cb.election.default_language);
        in[Material::message] = clean(check_message(*problem, form, lang), max_inserted_chars);
        const std::string_view tags = problem->facts.get(Fact::tags);
        in[Material::tags] = clean(tags.empty() ? std::string_view(problem->detail) : tags, max_inserted_chars);
        in[Material::tag] = problem->facts.tag.empty() ? tag_of(*problem, r) : clean(problem->facts.tag, max_field_chars);
        // cut with a mark when too long, not clipped: "120 80 45 30 25…" (digits without item letters)
        in[Material::value] = problem->facts.value.empty() ? value_of(*problem, r, form)
                                                           : clean(problem->facts.value, max_inserted_chars);
        in[Material::values] = clean(problem->facts.get(Fact::values), max_inserted_chars);
        const IssueFacts& f = problem->facts;
        m.facts.reason = f.reason;  // a reason_names entry: static, clean
        for (const Fact k : {Fact::width, Fact::min, Fact::max, Fact::choices, Fact::district, Fact::check, Fact::lhs,
                             Fact::rhs, Fact::registered})
            if (const std::string_view x = f.get(k); !x.empty()) m.facts.set(k, clean(x, max_field_chars));
        if (in[Material::station].empty() && !f.get(Fact::station).empty())
            in[Material::station] = clean(f.get(Fact::station), max_field_chars);
        // Only a text that names {forms} pays for the list (the hint for an unknown form letter).
        if (m.problem_tpl.find("{forms}") != std::string::npos) {
            std::string& forms = in[Material::forms];
            for (const Form& fm : cb.forms) {
                if (!forms.empty()) forms += ", ";
                forms += fm.code;
            }
            forms = clean(forms, max_inserted_chars);
        }
    }
    for (std::size_t k = 0; k < Material::count; ++k) {
        m.insert_chars[k] = char_count(m.inserts[k]);
        m.detail_chars = std::max(m.detail_chars, m.insert_chars[k]);
    }

    // Shapes from richest to barest; the first one that fits is the reply.
    const std::size_t all = m.echo.size();
    const std::size_t essential = std::min<std::size_t>(all, 2);  // form and station
    const std::size_t floor = std::min(m.detail_chars, min_detail_chars);
    if (auto text = best_fit(m, essential, all, [&](std::size_t e) { return Shape{e, m.detail_chars, true}; }))
        return *std::move(text);
    if (floor < m.detail_chars)
        if (auto text = best_fit(m, floor, m.detail_chars, [&](std::size_t d) { return Shape{essential, d, true}; }))
            return *std::move(text);
    for (std::size_t e = essential; e-- > 0;)
        if (auto text = fitting(m, {e, floor, true})) return *std::move(text);
    if (auto text = fitting(m, {0, floor, false})) return *std::move(text);
    // Still too long: what the monitor typed is cut further (to nothing, marked), and then the
    // status words go, before the language ever does.
    if (floor > 0)
        if (auto text = best_fit(m, 0, floor - 1, [](std::size_t d) { return Shape{0, d, false}; }))
            return *std::move(text);
    if (m.has_problem)
        if (auto text = best_fit(m, 0, floor, [](std::size_t d) { return Shape{0, d, false, true}; }))
            return *std::move(text);
    return minimal(status, problem, m.ref);
}

}  // namespace smsgw
