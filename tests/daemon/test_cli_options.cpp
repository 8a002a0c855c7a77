// The options layer every subcommand parses with: exact names, ranges, required options, arguments, and what --help shows.
#include "daemon/cli/options.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using smsgw::cli::Options;

namespace {

// A command shaped like the real ones: a required file, a flag, numbers of each kind, a choice,
// a repeatable option and one argument.
struct Example {
    std::string db, phase = "all", dir;
    bool json = false;
    int keep = 0;
    std::uint64_t seed = 7;
    double interval = 2;
    std::vector<std::string> devices;
    Options opts{"example", "smsgw example --db FILE [DIR]\n\nAn example.\n"};

    Example() {
        opts.text("db", db, "FILE", "the smsgw database").required();
        opts.flag("json", json, "one line of JSON");
        opts.number("keep", keep, 0, 1000, "N", "keep the newest N");
        opts.number("seed", seed, 0, std::numeric_limits<std::uint64_t>::max(), "N", "the seed");
        opts.number("interval", interval, 0.1, 86400, "SECONDS", "between refreshes");
        opts.text("phase", phase, "NAME", "which part").one_of({"setup", "results", "all"});
        opts.texts("device", devices, "DIR", "a device");
        opts.positional("dir", dir, "DIR", "a directory");
    }
    std::optional<std::string> read(std::vector<std::string> args) { return opts.read(args); }
};

}  // namespace

TEST_CASE("options and arguments land in their variables, in either spelling") {
    Example e;
    CHECK_FALSE(e.read({"--db=x.db", "--json", "--keep", "5", "--seed", "18446744073709551615", "--interval", "0.5",
                        "--phase", "setup", "--device", "a", "--device=b", "somewhere"}));
    CHECK(e.db == "x.db");
    CHECK(e.json);
    CHECK(e.keep == 5);
    CHECK(e.seed == std::numeric_limits<std::uint64_t>::max());
    CHECK(e.interval == 0.5);
    CHECK(e.phase == "setup");
    CHECK(e.devices == std::vector<std::string>{"a", "b"});
    CHECK(e.dir == "somewhere");
    CHECK(e.opts.given("json"));
    CHECK_FALSE(Example().opts.given("json"));
}

TEST_CASE("an option left out keeps its variable's value") {
    Example e;
    CHECK_FALSE(e.read({"--db", "x"}));
    CHECK(e.seed == 7);
    CHECK(e.phase == "all");
    CHECK_FALSE(e.opts.given("seed"));
}

TEST_CASE("no abbreviations: a prefix is unknown, and only suggested") {
    Example e;
    CHECK(e.read({"--db", "x", "--se", "1"}) == "unknown option '--se'; did you mean --seed?");
    CHECK(e.seed == 7);
    Example f;
    CHECK(f.read({"--d", "x"}) == "unknown option '--d'; did you mean --db or --device?");
    CHECK(f.db.empty());
    CHECK(Example().read({"--dat", "x"}) == "unknown option '--dat'");
    CHECK(Example().read({"-x"}) == "unknown option '-x'");
}

TEST_CASE("numbers are range-checked, and a negative one reaches the check instead of wrapping") {
    CHECK(Example().read({"--db", "x", "--seed", "-1"}) ==
          "--seed must be a whole number from 0 to 18446744073709551615, not '-1'");
    CHECK(Example().read({"--db", "x", "--keep", "-1"}) == "--keep must be a whole number from 0 to 1000, not '-1'");
    CHECK(Example().read({"--db", "x", "--keep", "1001"}) == "--keep must be a whole number from 0 to 1000, not '1001'");
    CHECK(Example().read({"--db", "x", "--keep", "5x"}) == "--keep must be a whole number from 0 to 1000, not '5x'");
    CHECK(Example().read({"--db", "x", "--keep", "2.5"}).has_value());
    CHECK(Example().read({"--db", "x", "--interval", "0"}) == "--interval must be a number from 0.1 to 86400, not '0'");
    CHECK(Example().read({"--db", "x", "--interval", "nan"}).has_value());
    CHECK(Example().read({"--db", "x", "--interval", "inf"}).has_value());
    CHECK(Example().read({"--db", "x", "--seed", "99999999999999999999"}).has_value());
}

TEST_CASE("missing, empty, repeated and valueless options are each named") {
    CHECK(Example().read({}) == "--db FILE is required: the smsgw database");
    CHECK(Example().read({"--db"}) == "--db needs a value (--db FILE)");
    CHECK(Example().read({"--db", "--json"}) == "--db needs a value (--db FILE)");
    CHECK(Example().read({"--db", ""}) == "--db is empty");
    CHECK(Example().read({"--db", "a", "--db", "b"}) == "--db is given twice");
    CHECK(Example().read({"--db", "a", "--json=yes"}) == "--json takes no value");
    CHECK(Example().read({"--db", "a", "--phase", "later"}) == "--phase must be setup, results, all; not 'later'");
}

TEST_CASE("an extra argument is rejected; -- ends the options") {
    CHECK(Example().read({"--db", "x", "a", "b"}) == "unexpected argument 'b'");
    Example e;
    CHECK_FALSE(e.read({"--db", "x", "--", "--json"}));
    CHECK(e.dir == "--json");
    CHECK_FALSE(e.json);
}

TEST_CASE("a required argument and the rest of the words") {
    struct Words {
        std::string action;
        std::vector<std::string> words;
        Options opts{"words", "smsgw words ACTION TEXT..."};
        Words() {
            opts.positional("action", action, "ACTION", "what to do").required().one_of({"say"});
            opts.positionals("text", words, "TEXT", "the words").required();
        }
    };
    CHECK(Words().opts.read({}) == "ACTION is missing: what to do");
    CHECK(Words().opts.read({"shout"}) == "ACTION must be say; not 'shout'");
    CHECK(Words().opts.read({"say"}) == "TEXT is missing: the words");
    Words w;
    CHECK_FALSE(w.opts.read({"say", "R", "-5", "", "x"}));  // a negative number is a word, not an option
    CHECK(w.words == std::vector<std::string>{"R", "-5", "", "x"});
}

TEST_CASE("a one-letter spelling and a hidden option") {
    std::string config, modem;
    Options opts("run", "smsgw run --config FILE");
    opts.text("config", config, "FILE", "the config").required().letter('c');
    opts.text("modem", modem, "NAME", "which modem").hidden();
    CHECK_FALSE(opts.read({"-c", "a.toml", "--modem=m1"}));
    CHECK(config == "a.toml");
    CHECK(modem == "m1");
    CHECK(opts.help().find("-c, --config FILE") != std::string::npos);
    CHECK(opts.help().find("modem") == std::string::npos);
}

TEST_CASE("--help shows the usage, then every option with its range, choices and default") {
    Example e;
    const std::string help = e.opts.help();
    CHECK(help.starts_with("smsgw example --db FILE [DIR]\n\nAn example.\n"));
    CHECK(help.find("-h, --help") != std::string::npos);
    CHECK(help.find("--db FILE") != std::string::npos);
    CHECK(help.find("the smsgw database [required]") != std::string::npos);
    CHECK(help.find("keep the newest N [0..1000, default 0]") != std::string::npos);
    CHECK(help.find("between refreshes [0.1..86400, default 2]") != std::string::npos);
    CHECK(help.find("[setup | results | all, default all]") != std::string::npos);
    CHECK(help.find("arguments:\n  DIR") != std::string::npos);
    for (std::size_t start = 0, end; (end = help.find('\n', start)) != std::string::npos; start = end + 1)
        CHECK_MESSAGE(end - start <= 100, help.substr(start, end - start));
}

TEST_CASE("parse answers --help with 0 before looking at anything else") {
    Example e;
    CHECK(e.opts.parse({"--bogus", "--help"}) == 0);
    Example f;
    CHECK(f.opts.parse({"--bogus"}) == smsgw::cli::exit_usage);
    Example g;
    CHECK(g.opts.parse({"--db", "x"}) == std::nullopt);
}
