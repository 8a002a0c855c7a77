// Reads [replies.LANG]: the reply templates of each language, with their placeholders checked.
#include "codebooks/load_replies.hpp"

#include "codebooks/load_toml.hpp"
#include "codebooks/codes.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace smsgw {

namespace {

// {detail} is the English detail; the names after it are the Issue's facts (IssueFacts), which
// let ru/kk texts say everything without quoting English, and {message} a check's message in the
// reply's language.
constexpr std::array<std::string_view, 24> kPlaceholders = {
    "echo",  "ref", "problem", "more",    "n",      "form",       "station", "tag",   "value",
    "detail", "width", "min",   "max",     "choices", "tags",      "district", "check", "lhs",
    "rhs",   "message", "reason", "values", "registered", "forms"};

// A reminder answers no message: only these describe it.
constexpr std::array<std::string_view, 3> kReminderPlaceholders = {"form", "station", "window"};

// The reply builder leaves unknown {names} in the text, so a typo would reach monitors' phones.
template <std::size_t N>
void check_placeholders(TomlTable& r, std::string_view key, std::string_view text,
                        const std::array<std::string_view, N>& known) {
    std::size_t i = 0;
    while ((i = text.find('{', i)) != std::string_view::npos) {
        auto close = text.find('}', i + 1);
        if (close == std::string_view::npos) {
            r.error(key, quote(key) + " in " + r.what() + " has a '{' without '}'");
            return;
        }
        std::string_view name = text.substr(i + 1, close - i - 1);
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (std::string_view k : known) list += (list.empty() ? "{" : " {") + std::string(k) + "}";
            r.error(key, "unknown placeholder {" + std::string(name) + "} in " + quote(key) + " of " + r.what() +
                             " (known: " + list + ")");
        }
        i = close + 1;
    }
}

// {detail} is the operators' English (formulas, internal wording): a monitor's reply built from it
// is machine text, and in ru/kk not even their language. One warning per language, at the first
// such text, so older codebooks still load and say it once.
struct DetailUses {
    std::string keys;
    int line = 0;
    void note(TomlTable& r, std::string_view key, std::string_view text) {
        if (text.find("{detail}") == std::string_view::npos) return;
        if (keys.empty()) line = r.line_of(key);
        keys += (keys.empty() ? "" : ", ") + std::string(key);
    }
};

std::string read_template(TomlTable& r, std::string_view key, bool required) {
    auto text = r.string(key, required);
    if (!text) return {};
    if (text->empty() && required) r.error(key, quote(key) + " in " + r.what() + " is empty");
    check_placeholders(r, key, *text, kPlaceholders);
    return *text;
}

void read_errors(LoadContext& ctx, TomlTable& r, ReplyTemplates& t, std::string_view lang, DetailUses& detail) {
    const toml::node* n = r.get("errors");
    if (!n) {
        ctx.warning(kElectionFile, r.line(), r.what() + " has no errors table; rejections will show bare error codes");
        return;
    }
    const auto* table = n->as_table();
    if (!table) {
        r.error("errors", "'errors' in " + r.what() + " must be a table [replies." + std::string(lang) + ".errors]");
        return;
    }
    TomlTable er(ctx, *table, "[replies." + std::string(lang) + ".errors]");
    for (std::string_view code : code_names) {
        auto text = er.string(code, false);
        if (!text) continue;
        check_placeholders(er, code, *text, kPlaceholders);
        detail.note(er, code, *text);
        t.errors.emplace(std::string(code), *text);
    }
    std::string missing;
    for (std::string_view code : code_names)
        if (!t.errors.contains(code)) missing += (missing.empty() ? "" : ", ") + std::string(code);
    if (!missing.empty())
        ctx.warning(kElectionFile, er.line(), er.what() + " has no text for " + missing + "; replies will show the bare code");
    er.finish();  // anything else is a misspelt error code
}

// [replies.LANG.reasons]: texts for one kind of problem within a code (IssueFacts::reason), used
// instead of the code's text; optional, and an unknown reason is a misspelling.
void read_reasons(LoadContext& ctx, TomlTable& r, ReplyTemplates& t, std::string_view lang, DetailUses& detail) {
    const toml::node* n = r.get("reasons");
    if (!n) return;
    const auto* table = n->as_table();
    if (!table) {
        r.error("reasons", "'reasons' in " + r.what() + " must be a table [replies." + std::string(lang) + ".reasons]");
        return;
    }
    TomlTable rr(ctx, *table, "[replies." + std::string(lang) + ".reasons]");
    for (std::string_view reason : reason_names) {
        auto text = rr.string(reason, false);
        if (!text) continue;
        check_placeholders(rr, reason, *text, kPlaceholders);
        detail.note(rr, reason, *text);
        t.reasons.emplace(std::string(reason), *text);
    }
    rr.finish();  // anything else is a misspelt reason
}

void read_language(LoadContext& ctx, const toml::table& table, std::string_view lang) {
    TomlTable r(ctx, table, "[replies." + std::string(lang) + "]");
    ReplyTemplates t;
    t.accepted = read_template(r, "accepted", true);
    t.warning = read_template(r, "warning", true);
    t.rejected = read_template(r, "rejected", true);
    t.more = read_template(r, "more", false);
    DetailUses detail;
    for (const auto& [key, text] : {std::pair<std::string_view, const std::string&>{"accepted", t.accepted},
                                    {"warning", t.warning}, {"rejected", t.rejected}, {"more", t.more}})
        detail.note(r, key, text);
    if (auto reminder = r.string("reminder", false)) {
        check_placeholders(r, "reminder", *reminder, kReminderPlaceholders);
        t.reminder = *reminder;
    }
    for (std::string_view key : {"accepted", "warning", "rejected"}) {
        const toml::node* n = r.get(key);
        const auto* s = n ? n->as_string() : nullptr;
        if (s && !s->get().empty() && s->get().find("{ref}") == std::string::npos)
            r.error(key, quote(key) + " in " + r.what() + " has no {ref}; every reply must end with its reference");
    }
    if (!t.rejected.empty() && t.rejected.find("{problem}") == std::string::npos)
        r.error("rejected", "'rejected' in " + r.what() + " has no {problem}; a rejection must say what to fix");
    read_errors(ctx, r, t, lang, detail);
    read_reasons(ctx, r, t, lang, detail);
    if (!detail.keys.empty())
        ctx.warning(kElectionFile, detail.line,
                    r.what() + " uses {detail}, the operators' English detail, in " + detail.keys +
                        "; monitors should get the facts instead ({tag} {value} {message} ..., FORMAT.md)");
    r.finish();
    ctx.cb->replies.emplace(std::string(lang), std::move(t));
}

}  // namespace

void load_replies(LoadContext& ctx, const toml::table* replies) {
    if (replies) {
        for (auto&& [key, node] : *replies) {
            std::string_view lang = key.str();
            int line = static_cast<int>(key.source().begin.line);
            if (lang != "en" && lang != "ru" && lang != "kk") {
                ctx.error(kElectionFile, line, "unknown language " + quote(lang) + " in [replies] (supported: en, ru, kk)");
                continue;
            }
            const auto* t = node.as_table();
            if (!t) {
                ctx.error(kElectionFile, line, "replies." + std::string(lang) + " must be a table [replies." +
                                                   std::string(lang) + "]");
                continue;
            }
            if (ctx.languages_known && !ctx.has_language(lang))
                ctx.warning(kElectionFile, line, "[replies." + std::string(lang) + "] is never used: " + quote(lang) +
                                                     " is not in election.languages");
            read_language(ctx, *t, lang);
        }
    }
    for (const std::string& lang : ctx.cb->election.languages)
        if (!ctx.cb->replies.contains(lang))
            ctx.error(kElectionFile, ctx.languages_line,
                      "language " + quote(lang) + " has no [replies." + lang + "] table");
}

}  // namespace smsgw
