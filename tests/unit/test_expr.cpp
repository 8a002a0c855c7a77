// Check expressions: precedence, associativity, compile errors with columns, applicability, overflow, explain().
#include "codebooks/codebook.hpp"
#include "codebooks/expr.hpp"

#include <doctest/doctest.h>

#include <array>
#include <limits>

using namespace smsgw;

namespace {

constexpr std::array<std::string_view, 5> tags = {"A", "B", "C", "X", "T"};

ExprNames names(bool options = true) {
    ExprNames n;
    n.tag_index = [](std::string_view t) {
        for (std::size_t i = 0; i < tags.size(); ++i)
            if (tags[i] == t) return static_cast<int>(i);
        return -1;
    };
    n.has_options = options;
    return n;
}

Expr compile_ok(std::string_view text) {
    auto r = Expr::compile(text, names());
    if (auto* e = std::get_if<ExprError>(&r)) FAIL("compile error at column " << e->column << ": " << e->message);
    return std::get<Expr>(std::move(r));
}

ExprError compile_err(std::string_view text, bool options = true) {
    auto r = Expr::compile(text, names(options));
    REQUIRE_MESSAGE(std::holds_alternative<ExprError>(r), "expected an error for: " << text);
    return std::get<ExprError>(r);
}

// Values for A B C X T; all present unless `absent` says otherwise.
struct Env {
    std::array<std::int64_t, 5> values{312, 148, 57, 9, 526};
    std::array<bool, 5> present{true, true, true, true, true};
    std::array<std::uint16_t, 3> options{0, 1, 2};
    Station station;
    bool with_station = true;

    Env() {
        station.code = "01001";
        station.registered = 1200;
        station.district = 7;
        station.sampled = true;
    }
    ExprEnv env() const {
        ExprEnv e;
        e.values = values;
        e.present = present;
        e.option_fields = options;
        e.station = with_station ? &station : nullptr;
        e.tag_name = [](std::uint16_t i) { return tags[i]; };
        return e;
    }
};

std::optional<std::int64_t> eval(std::string_view text, const Env& env = Env{}) { return compile_ok(text).eval(env.env()); }

}  // namespace

TEST_CASE("literals and arithmetic with precedence") {
    CHECK(eval("2 + 3 * 4") == 14);
    CHECK(eval("(2 + 3) * 4") == 20);
    CHECK(eval("2 * 3 + 4") == 10);
    CHECK(eval("-2 * 3") == -6);
    CHECK(eval("- (2 + 3)") == -5);
    CHECK(eval("--4") == 4);
    CHECK(eval("0") == 0);
}

TEST_CASE("subtraction is left associative") {
    CHECK(eval("10 - 3 - 2") == 5);
    CHECK(eval("10 - (3 - 2)") == 9);
    CHECK(eval("2 * 3 * 4") == 24);
}

TEST_CASE("comparisons and logic produce 0 or 1 and bind below arithmetic") {
    CHECK(eval("1 + 1 == 2") == 1);
    CHECK(eval("3 < 2") == 0);
    CHECK(eval("2 <= 2") == 1);
    CHECK(eval("2 >= 3") == 0);
    CHECK(eval("3 > 2") == 1);
    CHECK(eval("3 != 3") == 0);
    CHECK(eval("1 == 1 && 2 == 3") == 0);
    CHECK(eval("1 == 1 || 2 == 3") == 1);
    // && binds tighter than ||: 1 || (0 && 0) = 1, whereas (1 || 0) && 0 would be 0.
    CHECK(eval("1 == 1 || 0 == 1 && 0 == 1") == 1);
    CHECK(eval("(1 == 1 || 0 == 1) && 0 == 1") == 0);
    CHECK(eval("!0") == 1);
    CHECK(eval("!5") == 0);
    CHECK(eval("!(1 == 2)") == 1);
    // Unary ! binds tightest: (!0) + 1 = 2.
    CHECK(eval("!0 + 1") == 2);
}

TEST_CASE("tags, sum(options) and station attributes") {
    Env env;
    CHECK(eval("A", env) == 312);
    CHECK(eval("sum(options)", env) == 517);
    CHECK(eval("sum(options) + X == T", env) == 1);
    CHECK(eval("station.registered", env) == 1200);
    CHECK(eval("station.district", env) == 7);
    CHECK(eval("station.sampled", env) == 1);
    CHECK(eval("T <= station.registered", env) == 1);
    CHECK(eval("  sum ( options )  ", env) == 517);
    CHECK(eval("station . registered", env) == 1200);
}

TEST_CASE("tag_refs, uses_options and is_condition describe the expression") {
    auto e = compile_ok("sum(options) + X == T && T + X > 0");
    CHECK(e.tag_refs() == std::vector<std::uint16_t>{3, 4});
    CHECK(e.uses_options());
    CHECK_FALSE(e.uses_station());
    CHECK(e.is_condition());
    CHECK(e.text() == "sum(options) + X == T && T + X > 0");
    auto f = compile_ok("T * 2 - station.registered");
    CHECK_FALSE(f.uses_options());
    CHECK(f.uses_station());
    CHECK_FALSE(f.is_condition());
    CHECK(f.tag_refs() == std::vector<std::uint16_t>{4});
}

TEST_CASE("a missing tag, option or station makes the expression not applicable") {
    Env env;
    env.present[4] = false;  // T
    CHECK(eval("sum(options) + X == T", env) == std::nullopt);
    CHECK(compile_ok("T > 0").evaluate(env.env()).status == EvalStatus::not_applicable);
    // Even on the side of || that would not matter: the check refers to a tag the message lacks.
    CHECK(eval("A > 0 || T > 0", env) == std::nullopt);
    CHECK(eval("A + X", env) == 321);

    Env partial;
    partial.present[1] = false;  // B is an option
    CHECK(eval("sum(options)", partial) == std::nullopt);
    CHECK(eval("X + T", partial) == 535);

    Env nostation;
    nostation.with_station = false;
    CHECK(eval("T <= station.registered", nostation) == std::nullopt);
    CHECK(eval("T > 0", nostation) == 1);

    // Default-constructed expression: nothing to evaluate.
    CHECK(Expr{}.eval(env.env()) == std::nullopt);
    CHECK(Expr{}.explain(env.env()).clauses.empty());
}

TEST_CASE("overflow is reported, never undefined") {
    Env env;
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    CHECK(eval("9223372036854775807") == max);
    CHECK(compile_ok("9223372036854775807 + 1").evaluate(env.env()).status == EvalStatus::overflow);
    CHECK(eval("9223372036854775807 + 1") == std::nullopt);
    CHECK(compile_ok("-9223372036854775807 - 2").evaluate(env.env()).status == EvalStatus::overflow);
    CHECK(compile_ok("4611686018427387904 * 2").evaluate(env.env()).status == EvalStatus::overflow);
    CHECK(compile_ok("-(-9223372036854775807 - 1)").evaluate(env.env()).status == EvalStatus::overflow);
    env.values = {max, 1, 0, 0, 0};
    CHECK(compile_ok("sum(options)").evaluate(env.env()).status == EvalStatus::overflow);
    CHECK(compile_ok("A * T").evaluate(env.env()).status == EvalStatus::ok);
    CHECK(compile_ok("A * B").evaluate(env.env()).value == max);
}

TEST_CASE("compile errors name the problem and its 1-based column") {
    struct Case {
        std::string_view text;
        int column;
        std::string_view message;
    };
    const Case cases[] = {
        {"", 1, "empty expression"},
        {"   ", 1, "empty expression"},
        {"A + Q", 5, "unknown tag 'Q'"},
        {"A + TT", 5, "unknown tag 'TT'"},
        {"A + t", 5, "unknown name 't'; tags are upper case: 'T'"},
        {"A + foo", 5, "unknown name 'foo'"},
        {"(A + B))", 8, "unexpected ')'"},
        {")", 1, "unexpected ')'"},
        {"A +", 4, "expected operand at end of expression"},
        {"A + * B", 5, "expected operand, found '*'"},
        {"A + (B", 7, "expected ')' to close '(' at column 5, found 'end of expression'"},
        {"max(A, B)", 1, "unknown function 'max'"},
        {"sum(A)", 5, "sum() takes only 'options', found 'A'"},
        {"sum options", 5, "expected '(' after 'sum'"},
        {"options", 1, "'options' is only valid inside sum(options)"},
        {"station.voters", 9, "unknown station attribute 'voters' (use registered, district or sampled)"},
        {"station", 8, "expected '.' after 'station'"},
        {"A B", 3, "trailing input 'B' after a complete expression"},
        {"A == B 5", 8, "trailing input '5' after a complete expression"},
        {"A < B < C", 7, "comparisons cannot be chained (a < b < c); write a < b && b < c"},
        {"A == B == C", 8, "comparisons cannot be chained (a < b < c); write a < b && b < c"},
        {"A = B", 3, "'=' is not an operator; use '==' to compare"},
        {"A & B", 3, "expected '&&'"},
        {"A | B", 3, "expected '||'"},
        {"A % B", 3, "unexpected character '%'"},
        {"Т + A", 1, "unexpected character 'Т'"},      // Cyrillic Т
        {"A + Б", 5, "unexpected character 'Б'"},      // column counts characters, not bytes
        {"99999999999999999999", 1, "integer literal 99999999999999999999 is too large"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto e = compile_err(c.text);
        CHECK(e.column == c.column);
        CHECK(e.message == c.message);
    }
    auto e = compile_err("sum(options) + X == T", false);
    CHECK(e.column == 1);
    CHECK(e.message == "sum(options) is only available on results forms");
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
    std::string deep(200, '(');
    deep += "1";
    deep += std::string(200, ')');
    CHECK(compile_err(deep).message == "expression nested too deeply");
    std::string negs(500, '-');
    negs += "1";
    CHECK(compile_err(negs).message == "expression nested too deeply");
    // Long left-associative chains need only two stack slots.
    std::string chain = "A";
    for (int i = 0; i < 1000; ++i) chain += " + A";
    CHECK(eval(chain) == 312 * 1001);
}

TEST_CASE("explain renders comparison sides with tags, expanded options and values") {
    Env env;
    env.values = {312, 148, 55, 9, 526};  // A+B+C+X = 524
    auto x = env.env();
    CHECK(compile_ok("sum(options) + X == T").explain(x).text() == "A+B+C+X=524 but T=526");
    CHECK(compile_ok("T <= station.registered").explain(x).text() == "T=526 but station.registered=1200");
    CHECK(compile_ok("T * 100 <= station.registered * 95").explain(x).text() ==
          "T*100=52600 but station.registered*95=114000");
    CHECK(compile_ok("T > 0").explain(x).text() == "T=526 but 0");
    CHECK(compile_ok("T > -5").explain(x).text() == "T=526 but -5");
    CHECK(compile_ok("2 * sum(options) == T").explain(x).text() == "2*(A+B+C)=1030 but T=526");
    CHECK(compile_ok("A - (B - C) == T").explain(x).text() == "A-(B-C)=219 but T=526");
    CHECK(compile_ok("(A - B) - C == T").explain(x).text() == "A-B-C=109 but T=526");
    CHECK(compile_ok("A == 1 && T == 526").explain(x).text() == "A=312 but 1");
    CHECK(compile_ok("T == 526 && (X == 1 && A == 312)").explain(x).text() == "X=9 but 1");
    CHECK(compile_ok("A == 1 || B == 2").explain(x).text() == "A=312 but 1; B=148 but 2");
    CHECK(compile_ok("!(A == 312)").explain(x).text() == "!(A==312)=0");
    CHECK(compile_ok("A - A").explain(x).text() == "A-A=0");
    CHECK(compile_ok("(A < B) == (C < X)").explain(x).text() == "(A<B)=0 but (C<X)=0");

    std::array<std::uint16_t, 1> one{0};
    x.option_fields = one;
    CHECK(compile_ok("sum(options) * 2 == T").explain(x).text() == "A*2=624 but T=526");
    x.option_fields = {};
    CHECK(compile_ok("sum(options) + X == T").explain(x).text() == "0+X=9 but T=526");

    ExprEnv nostation = env.env();
    nostation.station = nullptr;
    CHECK(compile_ok("T <= station.registered").explain(nostation).text() == "T=526 but station.registered=?");
}

TEST_CASE("explain of a conjunction that is not applicable shows the whole condition") {
    Env env;
    env.present[0] = false;  // A
    CHECK(compile_ok("A == 1 && A == 2").explain(env.env()).text() == "(A==1&&A==2)=?");
    // A false conjunct is still named when the other is not applicable.
    CHECK(compile_ok("A == 1 && T == 1").explain(env.env()).text() == "T=526 but 1");
}

TEST_CASE("explain gives the sides and values as data, so nobody reads them back from the text") {
    Env env;
    env.values = {312, 148, 55, 9, 526};
    auto x = env.env();
    const Explanation sum = compile_ok("sum(options) + X == T").explain(x);
    REQUIRE(sum.single_comparison() != nullptr);
    CHECK(sum.single_comparison()->lhs.expr == "A+B+C+X");
    CHECK(sum.single_comparison()->lhs.value == 524);
    CHECK(sum.single_comparison()->rhs->expr == "T");
    CHECK(sum.single_comparison()->rhs->value_text() == "526");

    const Explanation literal = compile_ok("T > -5").explain(x);
    REQUIRE(literal.single_comparison() != nullptr);
    CHECK(literal.single_comparison()->rhs->literal);
    CHECK(literal.single_comparison()->rhs->value == -5);

    // Several failed parts are no single comparison: a reply has no one {lhs} and {rhs} to show.
    const Explanation either = compile_ok("A == 1 || B == 2").explain(x);
    CHECK(either.clauses.size() == 2);
    CHECK(either.single_comparison() == nullptr);
    CHECK(compile_ok("!(A == 312)").explain(x).single_comparison() == nullptr);

    ExprEnv nostation = env.env();
    nostation.station = nullptr;
    const Explanation unknown = compile_ok("T <= station.registered").explain(nostation);
    CHECK_FALSE(unknown.single_comparison()->rhs->value.has_value());
    CHECK(unknown.single_comparison()->rhs->value_text() == "?");
}
