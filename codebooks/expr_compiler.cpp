// Check expressions, the compiler: text to postfix code by recursive descent, with the column of
// the first error. The evaluator and explain() are in expr.cpp.
#include "codebooks/expr.hpp"
#include "codebooks/expr_ops.hpp"

#include "codebooks/codebook.hpp"

#include <algorithm>
#include <limits>

namespace smsgw {

using namespace expr_ops;

namespace {

enum class Tok : std::uint8_t { end, number, ident, lparen, rparen, dot, op, bad };

struct Token {
    Tok kind = Tok::end;
    std::size_t pos = 0;
    std::size_t len = 0;
    std::uint8_t op = 0;  // Tok::op: the binary/unary opcode it spells (op_sub for '-')
};

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper_word(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

class ExprCompiler {
public:
    ExprCompiler(std::string_view text, const ExprNames& names) : text_(text), names_(names) {}

    std::variant<Expr, ExprError> run() {
        if (text_.find_first_not_of(" \t\r\n") == std::string_view::npos) return ExprError{1, "empty expression"};
        next();
        if (parse_or() && cur_.kind != Tok::end) {
            if (cur_.kind == Tok::rparen) fail(cur_.pos, "unexpected ')'");
            else fail(cur_.pos, "trailing input '" + std::string(token_text(cur_)) + "' after a complete expression");
        }
        if (error_) return *error_;
        std::sort(out_.tag_refs_.begin(), out_.tag_refs_.end());
        out_.tag_refs_.erase(std::unique(out_.tag_refs_.begin(), out_.tag_refs_.end()), out_.tag_refs_.end());
        out_.text_ = std::string(text_);
        return std::move(out_);
    }

private:
    int column(std::size_t pos) const {
        int col = 1;  // characters, not bytes: UTF-8 continuation bytes do not start a column
        for (std::size_t i = 0; i < pos && i < text_.size(); ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
        return col;
    }

    bool fail(std::size_t pos, std::string message) {
        if (!error_) error_ = ExprError{column(pos), std::move(message)};
        return false;
    }

    std::string_view token_text(const Token& t) const {
        return t.kind == Tok::end ? std::string_view("end of expression") : text_.substr(t.pos, t.len);
    }

    void next() {
        std::size_t i = pos_;
        while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r' || text_[i] == '\n')) ++i;
        cur_ = Token{Tok::end, i, 0, 0};
        if (i >= text_.size()) {
            pos_ = i;
            return;
        }
        const char c = text_[i];
        const char d = i + 1 < text_.size() ? text_[i + 1] : '\0';
        auto set = [&](Tok kind, std::size_t len, std::uint8_t op = 0) {
            cur_ = Token{kind, i, len, op};
            pos_ = i + len;
        };
        if (is_digit(c)) {
            std::size_t j = i;
            while (j < text_.size() && is_digit(text_[j])) ++j;
            return set(Tok::number, j - i);
        }
        if (is_alpha(c)) {
            std::size_t j = i;
            while (j < text_.size() && (is_alpha(text_[j]) || is_digit(text_[j]))) ++j;
            return set(Tok::ident, j - i);
        }
        switch (c) {
            case '(': return set(Tok::lparen, 1);
            case ')': return set(Tok::rparen, 1);
            case '.': return set(Tok::dot, 1);
            case '+': return set(Tok::op, 1, op_add);
            case '-': return set(Tok::op, 1, op_sub);
            case '*': return set(Tok::op, 1, op_mul);
            case '<': return d == '=' ? set(Tok::op, 2, op_le) : set(Tok::op, 1, op_lt);
            case '>': return d == '=' ? set(Tok::op, 2, op_ge) : set(Tok::op, 1, op_gt);
            case '!': return d == '=' ? set(Tok::op, 2, op_ne) : set(Tok::op, 1, op_not);
            case '=':
                if (d == '=') return set(Tok::op, 2, op_eq);
                set(Tok::bad, 1);
                fail(i, "'=' is not an operator; use '==' to compare");
                return;
            case '&':
                if (d == '&') return set(Tok::op, 2, op_and);
                set(Tok::bad, 1);
                fail(i, "expected '&&'");
                return;
            case '|':
                if (d == '|') return set(Tok::op, 2, op_or);
                set(Tok::bad, 1);
                fail(i, "expected '||'");
                return;
            default: break;
        }
        std::size_t len = 1;  // a whole UTF-8 character, so the message shows it intact
        while (i + len < text_.size() && (static_cast<unsigned char>(text_[i + len]) & 0xC0) == 0x80) ++len;
        set(Tok::bad, len);
        fail(i, "unexpected character '" + std::string(text_.substr(i, len)) + "'");
    }

    bool at_op(std::uint8_t op) const { return cur_.kind == Tok::op && cur_.op == op; }

    bool emit(std::uint8_t op, std::int64_t arg = 0) {
        out_.code_.push_back(Expr::Op{op, arg});
        depth_ += 1 - arity(op);
        if (depth_ > Expr::max_depth) return fail(cur_.pos, "expression too complex");
        return true;
    }

    bool parse_binary_chain(bool (ExprCompiler::*operand)(), std::initializer_list<std::uint8_t> ops) {
        if (!(this->*operand)()) return false;
        for (;;) {
            if (cur_.kind != Tok::op || std::find(ops.begin(), ops.end(), cur_.op) == ops.end()) return true;
            const std::uint8_t op = cur_.op;
            next();
            if (!(this->*operand)() || !emit(op)) return false;
        }
    }

    bool parse_or() { return parse_binary_chain(&ExprCompiler::parse_and, {op_or}); }
    bool parse_and() { return parse_binary_chain(&ExprCompiler::parse_cmp, {op_and}); }
    bool parse_add() { return parse_binary_chain(&ExprCompiler::parse_mul, {op_add, op_sub}); }
    bool parse_mul() { return parse_binary_chain(&ExprCompiler::parse_unary, {op_mul}); }

    bool parse_cmp() {
        if (!parse_add()) return false;
        if (cur_.kind != Tok::op || !is_comparison(cur_.op)) return true;
        const std::uint8_t op = cur_.op;
        next();
        if (!parse_add() || !emit(op)) return false;
        if (cur_.kind == Tok::op && is_comparison(cur_.op))
            return fail(cur_.pos, "comparisons cannot be chained (a < b < c); write a < b && b < c");
        return true;
    }

    bool parse_unary() {
        if (!(at_op(op_sub) || at_op(op_not))) return parse_primary();
        const std::uint8_t op = cur_.op == op_sub ? op_neg : op_not;
        if (++nesting_ > Expr::max_depth) return fail(cur_.pos, "expression nested too deeply");
        next();
        const std::size_t before = out_.code_.size();
        if (!parse_unary()) return false;
        --nesting_;
        auto& last = out_.code_.back();
        // Fold "-5" into a literal so explain() shows the number the author wrote.
        if (op == op_neg && out_.code_.size() == before + 1 && last.code == op_lit &&
            last.arg != std::numeric_limits<std::int64_t>::min()) {
            last.arg = -last.arg;
            return true;
        }
        return emit(op);
    }

    bool parse_primary() {
        switch (cur_.kind) {
            case Tok::number: return parse_number();
            case Tok::ident: return parse_name();
            case Tok::lparen: {
                const std::size_t open = cur_.pos;
                if (++nesting_ > Expr::max_depth) return fail(cur_.pos, "expression nested too deeply");
                next();
                if (!parse_or()) return false;
                --nesting_;
                if (cur_.kind != Tok::rparen)
                    return fail(cur_.pos, "expected ')' to close '(' at column " + std::to_string(column(open)) +
                                              ", found '" + std::string(token_text(cur_)) + "'");
                next();
                return true;
            }
            case Tok::end: return fail(cur_.pos, "expected operand at end of expression");
            case Tok::rparen: return fail(cur_.pos, "unexpected ')'");
            case Tok::bad: return false;  // the lexer already said why
            default: return fail(cur_.pos, "expected operand, found '" + std::string(token_text(cur_)) + "'");
        }
    }

    bool parse_number() {
        std::int64_t v = 0;
        for (char c : token_text(cur_))
            if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v))
                return fail(cur_.pos, "integer literal " + std::string(token_text(cur_)) + " is too large");
        next();
        return emit(op_lit, v);
    }

    bool parse_name() {
        const Token name = cur_;
        const std::string_view word = token_text(name);
        next();
        if (word == "sum") return parse_sum(name);
        if (word == "station") return parse_station();
        if (cur_.kind == Tok::lparen) return fail(name.pos, "unknown function '" + std::string(word) + "'");
        if (word == "options") return fail(name.pos, "'options' is only valid inside sum(options)");
        const int index = names_.tag_index && is_upper_word(word) ? names_.tag_index(word) : -1;
        if (index >= 0 && index <= std::numeric_limits<std::uint16_t>::max()) {
            out_.tag_refs_.push_back(static_cast<std::uint16_t>(index));
            return emit(op_tag, index);
        }
        if (is_upper_word(word)) return fail(name.pos, "unknown tag '" + std::string(word) + "'");
        std::string upper(word);
        for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (names_.tag_index && is_upper_word(upper) && names_.tag_index(upper) >= 0)
            return fail(name.pos, "unknown name '" + std::string(word) + "'; tags are upper case: '" + upper + "'");
        return fail(name.pos, "unknown name '" + std::string(word) + "'");
    }

    bool parse_sum(const Token& name) {
        if (cur_.kind != Tok::lparen) return fail(cur_.pos, "expected '(' after 'sum'");
        next();
        if (cur_.kind != Tok::ident || token_text(cur_) != "options")
            return fail(cur_.pos, "sum() takes only 'options', found '" + std::string(token_text(cur_)) + "'");
        next();
        if (cur_.kind != Tok::rparen) return fail(cur_.pos, "expected ')' after 'sum(options'");
        if (!names_.has_options) return fail(name.pos, "sum(options) is only available on results forms");
        next();
        out_.uses_options_ = true;
        return emit(op_sum);
    }

    bool parse_station() {
        if (cur_.kind != Tok::dot) return fail(cur_.pos, "expected '.' after 'station'");
        next();
        if (cur_.kind != Tok::ident) return fail(cur_.pos, "expected a station attribute after 'station.'");
        const std::string_view attr = token_text(cur_);
        std::uint8_t op = 0;
        if (attr == "registered") op = op_registered;
        else if (attr == "district") op = op_district;
        else if (attr == "sampled") op = op_sampled;
        else
            return fail(cur_.pos, "unknown station attribute '" + std::string(attr) +
                                      "' (use registered, district or sampled)");
        next();
        out_.uses_station_ = true;
        if (op == op_registered) out_.uses_registered_ = true;
        return emit(op);
    }

    std::string_view text_;
    const ExprNames& names_;
    std::size_t pos_ = 0;
    Token cur_;
    Expr out_;
    int depth_ = 0;
    int nesting_ = 0;
    std::optional<ExprError> error_;
};

std::variant<Expr, ExprError> Expr::compile(std::string_view text, const ExprNames& names) {
    return ExprCompiler(text, names).run();
}

}  // namespace smsgw
