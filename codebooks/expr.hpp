// Check expressions: a small integer language over a form's tags, sum(options) and station attributes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace smsgw {

struct Station;

// Where a compile error is, 1-based column (in characters) within the expression text.
struct ExprError {
    int column = 1;
    std::string message;
};

// What names mean when an expression is compiled: tag -> field index (or -1 if unknown).
struct ExprNames {
    std::function<int(std::string_view tag)> tag_index;
    bool has_options = false;  // sum(options) is allowed only on results forms
};

// The values an expression is evaluated against. `values[i]`/`present[i]` are indexed by field index.
struct ExprEnv {
    std::span<const std::int64_t> values;
    std::span<const bool> present;
    std::span<const std::uint16_t> option_fields;  // field indexes summed by sum(options)
    const Station* station = nullptr;
    std::function<std::string_view(std::uint16_t)> tag_name;  // for explain(); field index -> tag
};

// Why an evaluation produced no value. A tag or option the message does not carry, or a station
// attribute without a station, makes the expression not applicable; int64 overflow is reported
// separately so callers can treat it as a failure rather than silently skipping the check.
enum class EvalStatus : std::uint8_t { ok, not_applicable, overflow };

struct EvalResult {
    EvalStatus status = EvalStatus::ok;
    std::int64_t value = 0;
};

// One side of a failed comparison, or a whole expression that is no comparison: what it is and
// what it came to. A literal is shown as its number alone ("T=0 but 0" for `T > 0`).
struct ExplainedSide {
    std::string expr;                   // rendered with tag names, "A+B+C+X"; the digits for a literal
    bool literal = false;
    std::optional<std::int64_t> value;  // nullopt when not applicable or overflowing (shown "?")

    std::string value_text() const { return value ? std::to_string(*value) : std::string("?"); }
};

// Why a check did not hold, as data: one clause per failed part (an || has one per operand). A
// clause is a comparison (`rhs` set) or a single expression and its value.
struct Explanation {
    struct Clause {
        ExplainedSide lhs;
        std::optional<ExplainedSide> rhs;
    };
    std::vector<Clause> clauses;

    // The failed comparison when the explanation is exactly one; null otherwise.
    const Clause* single_comparison() const {
        return clauses.size() == 1 && clauses.front().rhs ? &clauses.front() : nullptr;
    }
    // For people, in English: "A+B+C+X=524 but T=526", clauses joined with "; ".
    std::string text() const;
};

// A compiled expression: postfix code over int64, evaluated without allocation.
//
// Semantics: comparisons and && || ! yield 0 or 1, any non-zero value is true, both operands of
// && and || are always evaluated (so a missing tag anywhere makes the whole check not
// applicable, as FORMAT.md says). sum(options) sums env.option_fields and is not applicable when
// any of them is absent, so an incomplete report is never judged by a partial sum.
class Expr {
public:
    // Deepest operand stack and parenthesis nesting a compiled expression may use.
    static constexpr int max_depth = 32;

    static std::variant<Expr, ExprError> compile(std::string_view text, const ExprNames& names);

    // The full outcome: value, not applicable, or overflow.
    EvalResult evaluate(const ExprEnv& env) const;

    // nullopt when a referenced tag is absent (the check is then not applicable) or on overflow.
    std::optional<std::int64_t> eval(const ExprEnv& env) const;

    // Why a check did not hold, with tag names (env.tag_name) and values; as text (text()):
    // - root comparison: "<left>=<value> but <right>=<value>", e.g. "A+B+C+X=524 but T=526";
    //   sum(options) is expanded to the option tags actually summed; a side that is a bare integer
    //   literal is shown as the number alone: "T=0 but 0" for `T > 0`.
    // - root &&: the explanation of the first operand that is false.
    // - root ||: the explanations of all operands, one clause each ("; " between them).
    // - anything else: "<expr>=<value>", e.g. "!(B==1)=0".
    // A side that is itself a comparison or logic is parenthesized: "(A<B)=0 but (C<X)=1".
    // Not applicable or overflowing sides have no value ("?").
    Explanation explain(const ExprEnv& env) const;

    // Field indexes referred to directly (not through sum(options)), sorted and unique.
    const std::vector<std::uint16_t>& tag_refs() const { return tag_refs_; }
    bool uses_options() const { return uses_options_; }
    bool uses_station() const { return uses_station_; }
    bool uses_registered() const { return uses_registered_; }  // station.registered
    // True when the root is a comparison or logical operator, i.e. the expression is a condition.
    bool is_condition() const;
    const std::string& text() const { return text_; }
    bool empty() const { return code_.empty(); }

    struct Op {
        std::uint8_t code = 0;
        std::int64_t arg = 0;
    };

private:
    EvalResult run(std::size_t begin, std::size_t end, const ExprEnv& env) const;
    std::size_t subtree_begin(std::size_t end) const;
    void explain_into(std::size_t begin, std::size_t end, const ExprEnv& env, Explanation& out) const;
    int render(std::size_t begin, std::size_t end, const ExprEnv& env, std::string& out) const;

    std::string text_;
    std::vector<Op> code_;
    std::vector<std::uint16_t> tag_refs_;
    bool uses_options_ = false;
    bool uses_station_ = false;
    bool uses_registered_ = false;
    friend class ExprCompiler;
};

}  // namespace smsgw
