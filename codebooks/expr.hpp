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

// Where a compile error is, 1-based column within the expression text.
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

// A compiled expression: postfix code over int64, evaluated without allocation.
class Expr {
public:
    static std::variant<Expr, ExprError> compile(std::string_view text, const ExprNames& names);

    // nullopt when a referenced tag is absent (the check is then not applicable).
    std::optional<std::int64_t> eval(const ExprEnv& env) const;

    // For a failed check: "A+B+C+X=524 but T=526" (comparison sides with sum(options) expanded).
    std::string explain(const ExprEnv& env) const;

    const std::vector<std::uint16_t>& tag_refs() const { return tag_refs_; }
    bool uses_options() const { return uses_options_; }
    const std::string& text() const { return text_; }

    struct Op {
        std::uint8_t code = 0;
        std::int64_t arg = 0;
    };

private:
    std::string text_;
    std::vector<Op> code_;
    std::vector<std::uint16_t> tag_refs_;
    bool uses_options_ = false;
    // Root comparison split for explain(): [0, split) is the left side, [split, root) the right.
    std::size_t split_ = 0;
    std::size_t root_ = 0;
    friend class ExprCompiler;
};

}  // namespace smsgw
