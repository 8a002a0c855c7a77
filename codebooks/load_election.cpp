// Reads election.toml's top level: [election], [phones], regions, districts, strata and contests.
#include "codebooks/load_election.hpp"

#include "codebooks/load_forms.hpp"
#include "codebooks/load_replies.hpp"
#include "codebooks/load_toml.hpp"

#include <algorithm>
#include <array>

namespace smsgw {

namespace {

constexpr std::array<std::string_view, 3> kLanguages = {"en", "ru", "kk"};

bool all_of_chars(std::string_view s, bool (*ok)(char)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), ok);
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_id_char(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; }
bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}
bool is_tz_char(char c) { return is_name_char(c) || c == '+' || c == '/'; }

// Area/Location as in the tz database ("Asia/Almaty", "Etc/GMT-6"), or UTC. Pure code cannot
// consult the tz database, but it can reject the usual "UTC+6" and "Almaty".
bool is_iana_shape(std::string_view tz) {
    if (tz == "UTC") return true;
    auto slash = tz.find('/');
    return slash != std::string_view::npos && slash > 0 && slash + 1 < tz.size() && all_of_chars(tz, is_tz_char) &&
           tz.find("//") == std::string_view::npos && tz.back() != '/';
}

const toml::table* table_at(LoadContext& ctx, TomlTable& top, std::string_view key, bool required) {
    const toml::node* n = top.get(key);
    if (!n) {
        if (required) ctx.error(kElectionFile, 0, "missing required table [" + std::string(key) + "]");
        return nullptr;
    }
    if (const auto* t = n->as_table()) return t;
    ctx.error(kElectionFile, line_of(*n), quote(key) + " must be a table: write it as [" + std::string(key) + "]");
    return nullptr;
}

void read_election(LoadContext& ctx, const toml::table* t) {
    if (!t) return;
    Election& e = ctx.cb->election;
    TomlTable r(ctx, *t, "[election]");
    if (auto id = r.string("id", true)) {
        if (all_of_chars(*id, is_id_char)) e.id = *id;
        else r.error("id", "election id " + quote(*id) + " must be lower-case letters, digits and '-'");
    }
    if (auto name = r.string("name", true)) {
        if (name->empty()) r.error("name", "election name is empty");
        e.name = *name;
    }
    if (auto tz = r.string("timezone", true)) {
        if (is_iana_shape(*tz)) e.timezone = *tz;
        else r.error("timezone", "timezone " + quote(*tz) + " is not an IANA time zone name such as Asia/Almaty");
    }
    if (auto w = r.integer("station_code_width", true, 1, 12)) {
        e.station_code_width = static_cast<int>(*w);
        ctx.code_width_known = true;
    }
    if (const toml::array* langs = r.array("languages", true)) {
        bool ok = !langs->empty();
        if (langs->empty()) r.error("languages", "languages is empty; list at least one of en, ru, kk");
        for (const auto& el : *langs) {
            const auto* s = el.as_string();
            if (!s) {
                ctx.error(kElectionFile, line_of(el), "languages must be strings such as \"ru\"");
                ok = false;
            } else if (std::find(kLanguages.begin(), kLanguages.end(), s->get()) == kLanguages.end()) {
                ctx.error(kElectionFile, line_of(el), "unknown language " + quote(s->get()) + " (supported: en, ru, kk)");
                ok = false;
            } else if (std::find(e.languages.begin(), e.languages.end(), s->get()) != e.languages.end()) {
                ctx.error(kElectionFile, line_of(el), "language " + quote(s->get()) + " is listed twice");
            } else {
                e.languages.push_back(s->get());
            }
        }
        ctx.languages_known = ok;
        ctx.languages_line = r.line_of("languages");
    }
    if (auto dl = r.string("default_language", true)) {
        e.default_language = *dl;
        if (ctx.languages_known && !ctx.has_language(*dl))
            r.error("default_language",
                    "default_language " + quote(*dl) + " is not in languages (" + ctx.language_list() + ")");
    }
    r.finish();
}

void read_phones(LoadContext& ctx, const toml::table* t) {
    if (!t) return;
    PhoneRules& p = ctx.cb->election.phones;
    TomlTable r(ctx, *t, "[phones]");
    bool ok = true;
    if (auto cc = r.string("country_code", true)) {
        if (cc->size() <= 3 && all_of_chars(*cc, is_digit) && (*cc)[0] != '0') {
            p.country_code = *cc;
        } else {
            r.error("country_code", "country_code " + quote(*cc) + " must be 1-3 digits without '+', e.g. \"7\"");
            ok = false;
        }
    } else {
        ok = false;
    }
    p.trunk_prefix.clear();  // absent means the country dials no trunk prefix
    if (auto tp = r.string("trunk_prefix", false)) {
        if (tp->size() <= 2 && (tp->empty() || all_of_chars(*tp, is_digit))) {
            p.trunk_prefix = *tp;
        } else {
            r.error("trunk_prefix", "trunk_prefix " + quote(*tp) + " must be 0-2 digits, e.g. \"8\"");
            ok = false;
        }
    }
    if (auto nl = r.integer("national_length", true, 4, 14)) {
        p.national_length = static_cast<int>(*nl);
        if (ok && p.country_code.size() + static_cast<std::size_t>(*nl) > 15) {
            r.error("national_length", "country_code plus national_length is more than the 15 digits E.164 allows");
            ok = false;
        }
    } else {
        ok = false;
    }
    ctx.phones_known = ok;
    r.finish();
}

void read_regions(LoadContext& ctx, const toml::node* node) {
    std::vector<int> lines;
    for (const toml::table* t : tables_of(ctx, node, "regions")) {
        TomlTable r(ctx, *t, "[[regions]]");
        Region region;
        auto id = r.string("id", true);
        if (auto name = r.string("name", true)) region.name = *name;
        if (auto city = r.boolean("city", false)) region.city = *city;
        r.finish();
        if (!id) continue;
        if (id->empty()) {
            r.error("id", "region id is empty");
            continue;
        }
        region.id = *id;
        auto [it, fresh] = ctx.region_index.try_emplace(region.id, static_cast<std::uint32_t>(ctx.cb->regions.size()));
        if (!fresh) {
            r.error("id", "duplicate region id " + quote(region.id) + " (first on line " +
                              std::to_string(lines[it->second]) + ")");
            continue;
        }
        lines.push_back(r.line());
        ctx.cb->regions.push_back(std::move(region));
    }
    ctx.regions_declared = node != nullptr;
    if (!node) ctx.error(kElectionFile, 0, "no [[regions]] declared");
}

void read_districts(LoadContext& ctx, const toml::node* node) {
    for (const toml::table* t : tables_of(ctx, node, "districts")) {
        TomlTable r(ctx, *t, "[[districts]]");
        District d;
        auto number = r.integer("number", true, 1, 999999);
        if (auto name = r.string("name", true)) d.name = *name;
        if (auto region = r.string("region", true)) {
            d.region = *region;
            if (!ctx.region(*region)) r.error("region", "unknown region " + quote(*region) + " in [[districts]]");
        }
        r.finish();
        if (!number) continue;
        d.number = static_cast<int>(*number);
        auto [it, fresh] = ctx.district_index.try_emplace(d.number, static_cast<std::uint32_t>(ctx.cb->districts.size()));
        if (!fresh) {
            r.error("number", "duplicate district number " + std::to_string(d.number) + " (first on line " +
                                  std::to_string(ctx.district_lines[it->second]) + ")");
            continue;
        }
        ctx.district_lines.push_back(r.line());
        ctx.cb->districts.push_back(std::move(d));
    }
    ctx.districts_declared = node != nullptr;
    if (!node) ctx.error(kElectionFile, 0, "no [[districts]] declared");
}

void read_strata(LoadContext& ctx, const toml::node* node) {
    for (const toml::table* t : tables_of(ctx, node, "strata")) {
        TomlTable r(ctx, *t, "[[strata]]");
        Stratum s;
        auto id = r.string("id", true);
        if (auto region = r.string("region", true)) {
            s.region = *region;
            if (!ctx.region(*region)) r.error("region", "unknown region " + quote(*region) + " in [[strata]]");
        }
        if (auto urban = r.boolean("urban", false)) s.urban = *urban;
        r.finish();
        if (!id) continue;
        if (id->empty()) {
            r.error("id", "stratum id is empty");
            continue;
        }
        s.id = *id;
        auto [it, fresh] = ctx.stratum_index.try_emplace(s.id, static_cast<std::uint32_t>(ctx.cb->strata.size()));
        if (!fresh) {
            r.error("id", "duplicate stratum id " + quote(s.id) + " (first on line " +
                              std::to_string(ctx.stratum_lines[it->second]) + ")");
            continue;
        }
        ctx.stratum_lines.push_back(r.line());
        ctx.cb->strata.push_back(std::move(s));
    }
    ctx.strata_declared = node != nullptr;
    if (!node) ctx.error(kElectionFile, 0, "no [[strata]] declared");
}

void read_contest_districts(LoadContext& ctx, TomlTable& r, Contest& c, bool district_scope) {
    const toml::array* arr = r.array("districts", false);
    if (!arr) return;
    if (!district_scope) {
        r.error("districts", "contest " + quote(c.id) + " is national; only district contests take 'districts'");
        return;
    }
    for (const auto& el : *arr) {
        const auto* i = el.as_integer();
        if (!i) {
            ctx.error(kElectionFile, line_of(el), "contest districts must be district numbers");
            continue;
        }
        int n = static_cast<int>(i->get());
        if (!ctx.district(n)) {
            ctx.error(kElectionFile, line_of(el), "unknown district " + std::to_string(i->get()) + " in contest " + quote(c.id));
        } else if (std::find(c.districts.begin(), c.districts.end(), n) != c.districts.end()) {
            ctx.error(kElectionFile, line_of(el), "district " + std::to_string(n) + " is listed twice in contest " + quote(c.id));
        } else {
            c.districts.push_back(n);
        }
    }
}

void read_contests(LoadContext& ctx, const toml::node* node) {
    for (const toml::table* t : tables_of(ctx, node, "contests")) {
        TomlTable r(ctx, *t, "[[contests]]");
        Contest c;
        c.line = r.line();
        bool has_id = false;  // a flag, not the optional: GCC 12 -O3 calls a reset optional maybe-uninitialized
        if (auto id = r.string("id", true)) {
            if (all_of_chars(*id, is_name_char)) {
                has_id = true;
                c.id = *id;
                r.set_what("contest " + quote(*id));
            } else {
                r.error("id", "contest id " + quote(*id) + " must be letters, digits, '_' or '-'");
            }
        }
        if (auto name = r.string("name", true)) c.name = *name;
        bool district_scope = false;
        if (auto scope = r.string("scope", true)) {
            if (*scope == "national") {
                c.scope = ContestScope::national;
            } else if (*scope == "district") {
                c.scope = ContestScope::district;
                district_scope = true;
            } else {
                r.error("scope", "contest scope " + quote(*scope) + " must be \"national\" or \"district\"");
            }
        }
        read_contest_districts(ctx, r, c, district_scope);
        r.finish();
        if (!has_id) continue;
        if (const Contest* first = ctx.cb->find_contest(c.id)) {
            r.error("id", "duplicate contest id " + quote(c.id) + " (first on line " + std::to_string(first->line) + ")");
            continue;
        }
        ctx.cb->contests.push_back(std::move(c));
    }
}

}  // namespace

void load_election(LoadContext& ctx, std::string_view text) {
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(kElectionFile));
    } catch (const toml::parse_error& e) {
        ctx.error(kElectionFile, static_cast<int>(e.source().begin.line),
                  "TOML syntax error: " + std::string(e.description()));
        return;
    }
    ctx.election_parsed = true;
    TomlTable top(ctx, root, "election.toml (top level)");
    read_election(ctx, table_at(ctx, top, "election", true));
    read_phones(ctx, table_at(ctx, top, "phones", true));
    read_regions(ctx, top.get("regions"));
    read_districts(ctx, top.get("districts"));
    read_strata(ctx, top.get("strata"));
    read_contests(ctx, top.get("contests"));
    load_forms(ctx, top.get("forms"));
    for (const Contest& c : ctx.cb->contests)
        if (c.form.empty())
            ctx.error(kElectionFile, c.line,
                      "contest " + quote(c.id) + " has no results form (no [[forms]] with contest = \"" + c.id + "\")");
    load_replies(ctx, table_at(ctx, top, "replies", true));
    top.finish();
}

}  // namespace smsgw
