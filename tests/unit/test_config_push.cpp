// The push settings: where the export goes in the command is explicit, a verify command is required, mistakes named with FILE:LINE.
#include "daemon/config/command_template.hpp"
#include "daemon/config/config.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace smsgw;

namespace {

// The problems a [gateway] with these extra lines gets ("" when it loads).
std::string problems(const std::string& lines) {
    const std::string text = "[gateway]\n"                 // 1
                             "database = \"/x/smsgw.db\"\n"  // 2
                             "codebook = \"/x/codebook\"\n"  // 3
                             "export_dir = \"/x/exports\"\n"  // 4
                             + lines;                        // from 5
    try {
        parse_config(text, "smsgw.toml");
        return "";
    } catch (const ConfigError& e) {
        return e.what();
    }
}

bool has(const std::string& all, const std::string& part) { return all.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("an export command with {export}, a verify command with {name}: loads, push_dir beside export_dir") {
    const std::string text = "[gateway]\ndatabase = \"/x/smsgw.db\"\ncodebook = \"/x/cb\"\nexport_dir = \"/x/exports\"\n"
                             "export_command = [\"scp\", \"-r\", \"{export}\", \"hq:/incoming/\"]\n"
                             "export_verify_command = [\"scp\", \"hq:/incoming/{name}/manifest.json\", \"{fetched}\"]\n"
                             "push_by = \"systemd\"\npush_timeout = \"90s\"\n";
    Config c = parse_config(text, "/etc/smsgw/smsgw.toml");
    CHECK(c.gateway.push_dir == "/x/push");
    CHECK(c.gateway.push_by == PushBy::systemd);
    CHECK(c.gateway.push_timeout == std::chrono::seconds(90));
}

TEST_CASE("the old habit, the export path appended last, is refused with what to write") {
    auto all = problems("export_command = [\"rsync\", \"-a\", \"hq@hq.example.org:/incoming/\"]\n"  // 5
                        "export_verify_command = [\"ssh\", \"hq\", \"cat\", \"/incoming/{name}/manifest.json\"]\n");
    CHECK_MESSAGE(has(all, "smsgw.toml:5: gateway.export_command must say where the export goes with the placeholder "
                           "{export} (nothing is appended), e.g. [\"rsync\""),
                  all);
}

TEST_CASE("an export command without a verify command is refused: exit 0 is no proof") {
    auto all = problems("export_command = [\"rsync\", \"-a\", \"{export}\", \"hq:/incoming/\"]\n");  // 5
    CHECK_MESSAGE(has(all, "smsgw.toml:5: gateway.export_command needs gateway.export_verify_command"), all);
}

TEST_CASE("unknown placeholders, a verify command without {name}, a bad push_by: each with its line") {
    auto all = problems("export_command = [\"rsync\", \"{exports}\", \"hq:/in/\"]\n"     // 5
                        "export_verify_command = [\"ssh\", \"hq\", \"cat\", \"/in/manifest.json\"]\n"  // 6
                        "push_by = \"cron\"\n");                                       // 7
    CHECK_MESSAGE(has(all, "smsgw.toml:5: gateway.export_command: unknown placeholder {exports} in \"{exports}\" "
                           "(known: {export}, {name})"),
                  all);
    CHECK(has(all, "smsgw.toml:6: gateway.export_verify_command must say which export's manifest.json to fetch from HQ with the "
                   "placeholder {name}"));
    CHECK(has(all, "smsgw.toml:7: gateway.push_by must be daemon"));
}

TEST_CASE("placeholders are filled inside words and never split or join arguments") {
    const std::vector<std::string> argv{"curl", "-T", "{export}/manifest.json", "https://hq/in/{name}/{name}.json",
                                        "{a,b}", "two words {name}"};
    auto filled = fill_command(argv, {"/var/lib/smsgw/exports/smsgw-export-1", "smsgw-export-1", ""});
    REQUIRE(filled.size() == argv.size());
    CHECK(filled[2] == "/var/lib/smsgw/exports/smsgw-export-1/manifest.json");
    CHECK(filled[3] == "https://hq/in/smsgw-export-1/smsgw-export-1.json");
    CHECK(filled[4] == "{a,b}");  // curl's own globs are left alone
    CHECK(filled[5] == "two words smsgw-export-1");
    CHECK(uses_placeholder(argv, "name"));
    CHECK_FALSE(uses_placeholder(argv, "fetched"));
}
