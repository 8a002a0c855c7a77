// The smsgw subcommands: each takes the arguments after its name and returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace smsgw {

using Args = std::vector<std::string>;

int cmd_audit(const Args& args);
int cmd_call(const Args& args);
int cmd_callback(const Args& args);
int cmd_check_codebook(const Args& args);
int cmd_estimate(const Args& args);
int cmd_export(const Args& args);
int cmd_gen_codebook(const Args& args);
int cmd_inject(const Args& args);
int cmd_modem_process(const Args& args);
int cmd_official(const Args& args);
int cmd_run(const Args& args);
int cmd_queue(const Args& args);
int cmd_recover(const Args& args);
int cmd_resolve(const Args& args);
int cmd_review(const Args& args);
int cmd_parse(const Args& args);
int cmd_push(const Args& args);
int cmd_simulate(const Args& args);
int cmd_status(const Args& args);
int cmd_verify(const Args& args);
int cmd_watch(const Args& args);

}  // namespace smsgw
